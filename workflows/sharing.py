"""R19 monthly sharing: submissions, the bulletin, acknowledgements and follow-up.

Times: a timestamp with a zone is converted to Asia/Shanghai business time here; a
missing one means now, on the application's business date (a test clock moves it).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from domain.agencies import AGENCY_INFO, agency_info
from domain.bulletin import build_content, follow_up
from domain.bulletin_text import render_bulletin
from domain.errors import (
    BulletinStateError,
    InvalidInputError,
    MineNotFoundError,
    RoundNotFoundError,
)
from domain.mine import Mine
from domain.periods import Month
from domain.sharing import SharingDeadline, SharingRound, round_id, sharing_deadline
from domain.sharing_items import item_label
from workflows.application import SHANGHAI
from workflows.calendar import ChineseWorkdayCalendar
from workflows.liaison import LiaisonService
from workflows.meetings import MeetingService
from workflows.sharing_files import read_submission

log = logging.getLogger(__name__)
# Corrections to months this far back are looked for when a bulletin is compiled.
CORRECTION_LOOKBACK_MONTHS = 24


class SharingService(LiaisonService, MeetingService):
    """Files submissions, compiles and circulates bulletins, refers and escalates."""

    def local_time(self, at: datetime | None = None) -> datetime:
        """Business time in Asia/Shanghai as a naive datetime, from any timestamp."""
        if at is None:
            now = datetime.now(SHANGHAI).time().replace(microsecond=0)
            return datetime.combine(self.today(), now)
        if at.tzinfo is None:
            raise InvalidInputError("at", f"{at} has no time zone")
        return at.astimezone(SHANGHAI).replace(tzinfo=None)

    def sharing_deadline(self, period: str) -> SharingDeadline:
        """When month M's data is due (R19), and why."""
        month = Month.parse(period)
        return sharing_deadline(month, self.rules, ChineseWorkdayCalendar())

    def sharing_round(self, period: str) -> SharingRound:
        """Month M's round."""
        try:
            return self.repository.get(round_id(period))
        except AggregateNotFoundError:
            raise RoundNotFoundError(str(Month.parse(period))) from None

    def has_round(self, period: str) -> bool:
        return round_id(period) in self.repository

    def _round(self, period: str) -> SharingRound:
        if round_id(period) in self.repository:
            return self.sharing_round(period)
        return SharingRound.open(self.sharing_deadline(period))

    def file_submission(
        self,
        period: str,
        agency: str,
        items: list[dict[str, Any]],
        *,
        by: str = "",
        at: datetime | None = None,
        reason: str = "",
    ) -> SharingRound:
        """Files, amends or (after the bulletin) corrects an agency's items for M."""
        local = self.local_time(at)
        round_ = self._round(period)
        mines = self._mines_named(items)
        by = by or self.liaison_name(agency, local.date())
        changes = round_.file(
            agency=agency, items=items, by=by, filed_at=local, reason=reason
        )
        for change in changes:
            item = change["after"] or change["before"]
            if item["mine_key"]:
                mines[item["mine_key"]].record_shared_item(
                    period=round_.period,
                    agency=agency_info(agency).id,
                    item=item,
                    change=change["action"],
                    on=local.date(),
                )
        touched = [m for m in mines.values() if m.pending_events]
        self.commit(round_, *touched, subject=f"sharing round {round_.period}")
        log.info("%s filed %s for %s: %s change(s)", agency, period, by, len(changes))
        return round_

    def file_submission_file(
        self, period: str, agency: str, path: Path, **options: Any
    ) -> SharingRound:
        """Files a submission from a CSV or JSON file; a bad line saves nothing."""
        data = read_submission(path)
        for name, given in (("period", period), ("agency", agency)):
            if data.get(name) and str(data[name]) != given:
                raise InvalidInputError(name, f"the file says {data[name]!r}")
        if data.get("reason") and not options.get("reason"):
            options["reason"] = str(data["reason"])
        return self.file_submission(period, agency, data["items"], **options)

    def _mines_named(self, items: list[dict[str, Any]]) -> dict[str, Mine]:
        mines: dict[str, Mine] = {}
        for number, raw in enumerate(items, start=1):
            key = str(raw.get("mine_key") or "").strip().upper()
            if key and key not in mines:
                try:
                    mines[key] = self.mine(key)
                except MineNotFoundError as error:
                    field = f"{item_label(raw, number)} mine_key"
                    raise InvalidInputError(field, str(error)) from None
        return mines

    def sharing_status(
        self, period: str, at: datetime | None = None
    ) -> dict[str, dict[str, Any]]:
        """Who filed month M, who is late, who is missing, as of a time."""
        local = self.local_time(at)
        round_ = self._round(period)
        return round_.status_as_of(local)

    def compile_bulletin(
        self, period: str, *, at: datetime | None = None, note: str = ""
    ) -> SharingRound:
        """Compiles month M's bulletin once, with corrections to earlier months."""
        local = self.local_time(at)
        round_ = self._round(period)
        month = Month.parse(period)
        earlier = self._earlier_rounds(month)
        previous = next(
            (r for r in earlier if r.period == str(previous_month(month))), None
        )
        corrected = [r for r in earlier if r.unreported_corrections()]
        content = build_content(
            round_,
            previous=previous,
            earlier_corrections=[
                (r.period, c) for r in corrected for c in r.unreported_corrections()
            ],
            mine_names=self._mine_names(round_, previous),
            liaisons={a: self.liaison_name(a, local.date()) for a in AGENCY_INFO},
            as_of=local,
            note=note,
        )
        round_.compile(content=content, compiled_at=local)
        for old in corrected:
            numbers = [c["number"] for c in old.unreported_corrections()]
            old.mark_corrections_reported(numbers, round_.period)
        self.commit(round_, *corrected, subject=f"bulletin {round_.period}")
        log.info("bulletin %s compiled", round_.period)
        return round_

    def _earlier_rounds(self, month: Month) -> list[SharingRound]:
        found, current = [], month
        for _ in range(CORRECTION_LOOKBACK_MONTHS):
            current = previous_month(current)
            if round_id(str(current)) in self.repository:
                found.append(self.sharing_round(str(current)))
        return found

    def _mine_names(self, *rounds: SharingRound | None) -> dict[str, str]:
        keys = {
            item["mine_key"]
            for r in rounds
            if r is not None
            for agency in r.submissions
            for item in r.items_of(agency)
            if item["mine_key"]
        }
        mines = [self.mine(k) for k in sorted(keys)]
        return {m.key: m.name_zh or m.name_en for m in mines}

    def bulletin_text(self, period: str) -> str:
        """Month M's bulletin as circulated, with acknowledgements and actions."""
        round_ = self.sharing_round(period)
        if round_.bulletin is None:
            raise BulletinStateError(round_.period, "not compiled yet")
        circulation = {
            "circulated_to": round_.bulletin["circulated_to"],
            "acknowledgements": {
                a: {"by": ack["by"], "at": ack["at"].strftime("%Y-%m-%d %H:%M")}
                for a, ack in round_.bulletin["acknowledgements"].items()
            },
            "follow_ups": [follow_up(round_, i) for i in sorted(round_.actions)],
        }
        return render_bulletin(round_.bulletin["content"], circulation)

    def acknowledge_bulletin(
        self, period: str, agency: str, *, by: str = "", at: datetime | None = None
    ) -> SharingRound:
        """Records that a member agency received month M's bulletin."""
        local = self.local_time(at)
        round_ = self.sharing_round(period)
        by = by or self.liaison_name(agency, local.date())
        if round_.acknowledge(agency=agency, by=by, at=local):
            self.commit(round_, subject=f"bulletin {round_.period}")
        return round_

    def escalate_item(
        self,
        period: str,
        item: str,
        agency: str,
        *,
        reason: str,
        at: datetime | None = None,
    ) -> SharingRound:
        """Marks an item a major issue for the municipal government (R19)."""
        round_ = self.sharing_round(period)
        round_.escalate(item=item, agency=agency, reason=reason, at=self.local_time(at))
        self.commit(round_, subject=f"bulletin {round_.period}")
        log.info("%s %s escalated by %s", period, item, agency)
        return round_

    def record_decision(
        self,
        period: str,
        item: str,
        *,
        decision: str,
        document: str = "",
        decided_on: date | None = None,
        at: datetime | None = None,
    ) -> SharingRound:
        """Records the municipal government's decision (审定决策) on an escalation."""
        local = self.local_time(at)
        round_ = self.sharing_round(period)
        round_.record_decision(
            item=item,
            decision=decision,
            document=document,
            decided_on=decided_on or local.date(),
            at=local,
        )
        self.commit(round_, subject=f"bulletin {round_.period}")
        return round_

    def refer_item(
        self,
        period: str,
        item: str,
        agency: str,
        *,
        by: str = "",
        at: datetime | None = None,
    ) -> SharingRound:
        """Refers an item to joint enforcement: a case on its mine, in one commit."""
        local = self.local_time(at)
        round_ = self.sharing_round(period)
        _, found = round_.item(item)
        mine = self.mine(found["mine_key"]) if found["mine_key"] else None
        by = by or self.liaison_name(agency, local.date())
        case = ""
        if mine is not None and hasattr(mine, "open_case"):
            case = mine.open_case(
                origin="bulletin",
                summary=f"{found['text']}（{round_.period} 通报 {found['id']}）",
                actor={"agency": agency, "officer": by},
                on=local.date(),
                reference=f"bulletin {round_.period} {found['id']}",
            )
        round_.refer(item=item, agency=agency, case=case, at=local)
        touched = [mine] if case else []
        self.commit(round_, *touched, subject=f"bulletin {round_.period}")
        log.info("%s %s referred by %s: case %s", period, item, agency, case)
        return round_


def previous_month(month: Month) -> Month:
    if month.month == 1:
        return Month(month.year - 1, 12)
    return Month(month.year, month.month - 1)
