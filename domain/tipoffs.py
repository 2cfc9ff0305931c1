"""A tip-off (举报) as received: kept on its own until it is attached to a case.

Every tip-off is one, whether its mine is known at once or found later; a tip-off
about a mine not in the registry waits here, unmatched, and is never dropped.
The informant's identity arrives sealed (ciphertext); the domain never sees it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.case_facts import CHANNELS, text, tipoff_entry
from domain.errors import InvalidInputError, TipOffAlreadyAttachedError

TIPOFF_NAMESPACE = uuid5(NAMESPACE_URL, "urn:overcap:tipoff")


def tipoff_id(receipt: str) -> UUID:
    """The stream id of a tip-off, derived from its receipt number."""
    return uuid5(TIPOFF_NAMESPACE, receipt.strip().upper())


class TipOff(Aggregate):
    """One tip-off with its receipt number, waiting for or attached to a case."""

    class Received(Aggregate.Created):
        receipt: str
        receipt_zh: str
        mine_hint: str
        content: str
        channel: str
        informant_sealed: str
        follow_up_hash: str
        received_by: dict[str, str]
        on: date

    class Attached(Aggregate.Event):
        mine_key: str
        case_id: str
        actor: dict[str, str]
        on: date

    @staticmethod
    def create_id(receipt: str, **_: Any) -> UUID:
        return tipoff_id(receipt)

    @classmethod
    def receive(
        cls,
        *,
        receipt: str,
        receipt_zh: str,
        content: str,
        channel: str,
        received_by: dict[str, str],
        on: date,
        mine_hint: str = "",
        informant_sealed: str = "",
        follow_up_hash: str = "",
    ) -> TipOff:
        """Records a tip-off under its receipt number."""
        if channel not in CHANNELS:
            raise InvalidInputError("channel", f"{channel!r} is not one of {CHANNELS}")
        return cls(
            receipt=text("receipt", receipt),
            receipt_zh=text("receipt_zh", receipt_zh),
            mine_hint=text("mine_hint", mine_hint, required=False),
            content=text("content", content),
            channel=channel,
            informant_sealed=informant_sealed,
            follow_up_hash=follow_up_hash,
            received_by=dict(received_by),
            on=on,
        )

    @event(Received)
    def __init__(
        self,
        receipt: str,
        receipt_zh: str,
        mine_hint: str,
        content: str,
        channel: str,
        informant_sealed: str,
        follow_up_hash: str,
        received_by: dict[str, str],
        on: date,
    ) -> None:
        self.receipt = receipt
        self.receipt_zh = receipt_zh
        self.mine_hint = mine_hint
        self.content = content
        self.channel = channel
        self.informant_sealed = informant_sealed
        self.follow_up_hash = follow_up_hash
        self.received_by = received_by
        self.received_on = on
        self.mine_key = ""
        self.case_id = ""
        self.attached_on: date | None = None

    @property
    def anonymous(self) -> bool:
        return not self.informant_sealed

    @property
    def rewardable(self) -> bool:
        """A reward needs someone to pay: a known informant, or a follow-up code."""
        return bool(self.informant_sealed or self.follow_up_hash)

    def entry(self) -> dict[str, Any]:
        """What the case keeps of this tip-off: its receipt, never the informant."""
        return tipoff_entry(
            self.receipt, self.received_on, self.channel, self.rewardable
        )

    def attach(
        self, *, mine_key: str, case_id: str, actor: dict[str, str], on: date
    ) -> None:
        """Marks the tip-off as belonging to a case on a mine."""
        if self.case_id:
            raise TipOffAlreadyAttachedError(self.receipt, self.case_id)
        self._attach(mine_key=mine_key, case_id=case_id, actor=dict(actor), on=on)

    @event(Attached)
    def _attach(
        self, mine_key: str, case_id: str, actor: dict[str, str], on: date
    ) -> None:
        self.mine_key = mine_key
        self.case_id = case_id
        self.attached_on = on
