"""Tip-offs (举报): public intake, unmatched ones, attaching, informants' identity."""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from domain.case_facts import PUBLIC_INTAKE, STATE_LABELS, case_mine_key, text
from domain.errors import (
    ConcurrencyConflictError,
    InvalidInputError,
    TipOffAlreadyAttachedError,
    TipOffNotFoundError,
)
from domain.registers import TIPOFF_SERIES, receipt_numbers
from domain.tipoffs import TipOff, tipoff_id
from workflows.case_machine import decide
from workflows.case_store import NUMBER_RETRIES, CaseStore, officer
from workflows.informants import (
    KEY_VARIABLE,
    InformantVault,
    code_hash,
    follow_up_code,
    identity,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TipOffReceipt:
    """What the informant is told: the receipt, and a follow-up code if asked for."""

    receipt: str
    receipt_zh: str
    follow_up_code: str | None
    case_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return vars(self).copy()


class TipOffService(CaseStore):
    """Receives tip-offs, keeps unmatched ones, attaches them to cases."""

    @cached_property
    def vault(self) -> InformantVault:
        return InformantVault(self.env.get(KEY_VARIABLE.removeprefix("OVERCAP_")))

    def receive_tipoff(
        self,
        *,
        content: str,
        channel: str = "public",
        mine_key: str = "",
        mine_hint: str = "",
        informant: Mapping[str, str] | None = None,
        follow_up: bool = False,
        received_by: Mapping[str, str] | None = None,
    ) -> TipOffReceipt:
        """Takes a tip-off; on a known mine it opens a case in the same save."""
        who = officer(received_by) if received_by else dict(PUBLIC_INTAKE)
        given = identity(informant)
        sealed = self.vault.seal(given) if given else ""
        code, hashed = follow_up_code() if follow_up else (None, "")
        # A key not in the registry is kept as the hint of an unmatched tip-off.
        key = mine_key.strip().upper()
        mine = self.mine(key) if key and self.mine_exists(key) else None
        for _ in range(NUMBER_RETRIES):
            on = self.today()
            register = self._register(TIPOFF_SERIES, on.year)
            receipt, receipt_zh = receipt_numbers(on.year, register.take("tipoff", on))
            tipoff = TipOff.receive(
                receipt=receipt,
                receipt_zh=receipt_zh,
                content=content,
                channel=channel,
                received_by=who,
                on=on,
                mine_hint=mine_hint or key,
                informant_sealed=sealed,
                follow_up_hash=hashed,
            )
            case_id = None
            if mine is not None:
                mine = self.mine(key)
                case_id = mine.open_case(
                    origin="tipoff",
                    summary=text("content", content)[:200],
                    actor=who,
                    on=on,
                    reference=receipt,
                    tipoff=tipoff.entry(),
                )
                tipoff.attach(mine_key=key, case_id=case_id, actor=who, on=on)
            try:
                self.commit(*filter(None, [mine]), tipoff, register, subject=receipt)
            except ConcurrencyConflictError:
                continue
            log.info("tip-off %s received (case %s)", receipt, case_id)
            return TipOffReceipt(receipt, receipt_zh, code, case_id)
        raise ConcurrencyConflictError("tip-off receipt register", None, None)

    def tipoff(self, receipt: str) -> TipOff:
        """One tip-off by its receipt number."""
        try:
            return self.repository.get(tipoff_id(receipt))
        except AggregateNotFoundError:
            raise TipOffNotFoundError(receipt) from None

    def attach_tipoff(
        self,
        receipt: str,
        *,
        mine_key: str,
        actor: Mapping[str, str],
        case_id: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Attaches a tip-off to a new case on a mine, or to an open case, at once."""
        who, tipoff, on = officer(actor), self.tipoff(receipt), self.today()
        if tipoff.case_id:
            raise TipOffAlreadyAttachedError(tipoff.receipt, tipoff.case_id)
        if case_id and case_mine_key(case_id) != mine_key.strip().upper():
            raise InvalidInputError("case_id", f"{case_id} is not a case of {mine_key}")
        if case_id:
            mine, case = self._load_case(case_id, expected_version)
            decide(case, "add_tipoff", on=on, agency=who["agency"])
            loaded = mine.version
            mine.attach_tipoff(case_id, tipoff=tipoff.entry(), actor=who, on=on)
        else:
            mine = self.mine(mine_key)
            self.check_version(mine, expected_version)
            loaded = mine.version
            case_id = mine.open_case(
                origin="tipoff",
                summary=tipoff.content[:200],
                actor=who,
                on=on,
                reference=tipoff.receipt,
                tipoff=tipoff.entry(),
            )
        tipoff.attach(mine_key=mine.key, case_id=case_id, actor=who, on=on)
        self._save(case_id, loaded, mine, tipoff)
        log.info("tip-off %s attached to %s by %s", receipt, case_id, who["officer"])
        return self.case(case_id)

    def tipoffs(self, *, unmatched: bool = False) -> list[dict[str, Any]]:
        """Tip-offs as received, oldest first, without informants; or only unmatched."""
        topics = [get_topic(TipOff.Received), get_topic(TipOff.Attached)]
        found: dict[Any, dict[str, Any]] = {}
        start: int | None = None
        while page := self.recorder.select_notifications(
            start, 500, topics=topics, inclusive_of_start=start is None
        ):
            for notification in page:
                event = self.mapper.to_domain_event(notification)
                if isinstance(event, TipOff.Received):
                    found[event.originator_id] = _public(event)
                elif isinstance(event, TipOff.Attached):
                    found[event.originator_id]["case_id"] = event.case_id
            start = page[-1].id
        return [t for t in found.values() if not (unmatched and t["case_id"])]

    def unmatched_tipoffs(self) -> list[dict[str, Any]]:
        """Tip-offs not yet attached to a case: kept until an officer attaches them."""
        return self.tipoffs(unmatched=True)

    def tipoff_status(self, receipt: str, code: str) -> dict[str, Any]:
        """What an anonymous informant may see with the follow-up code: the progress."""
        tipoff = self.tipoff(receipt)
        if not tipoff.follow_up_hash or code_hash(code) != tipoff.follow_up_hash:
            raise TipOffNotFoundError(receipt)
        state = self.case(tipoff.case_id)["state"] if tipoff.case_id else ""
        return {
            "receipt": tipoff.receipt,
            "received_on": tipoff.received_on,
            "progress": STATE_LABELS.get(state, "待核实 / awaiting a match"),
        }

    def informant_identity(
        self, case_id: str, *, reward_officer: Mapping[str, str]
    ) -> list[dict[str, Any]]:
        """The informants of a case, decrypted: only for the reward officer (R20)."""
        who = officer(reward_officer)
        case = self.case(case_id)
        rewards = {r["receipt"]: r for r in case["rewards"]}
        found = []
        for entry in case["tipoffs"]:
            tipoff = self.tipoff(entry["receipt"])
            sealed = tipoff.informant_sealed
            found.append(
                {
                    **copy.deepcopy(entry),
                    "informant": self.vault.open(sealed) if sealed else None,
                    "anonymous": tipoff.anonymous,
                    "reward": rewards.get(entry["receipt"]),
                }
            )
        # The disclosure itself is logged, never what was disclosed.
        log.warning("informants of %s disclosed to %s", case_id, who["officer"])
        return found


def _public(event: TipOff.Received) -> dict[str, Any]:
    return {
        "receipt": event.receipt,
        "receipt_zh": event.receipt_zh,
        "received_on": event.on,
        "channel": event.channel,
        "mine_hint": event.mine_hint,
        "content": event.content,
        "anonymous": not event.informant_sealed,
        "case_id": "",
    }
