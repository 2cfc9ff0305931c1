"""R19: one sharing round per month; each agency files, the group compiles a bulletin.

Times are business times in Asia/Shanghai, given as naive local datetimes: the
workflow converts timestamps, the domain reads no clock. A submission is on time when
it is first filed before the end of the deadline day; amendments do not change that.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.agencies import AGENCY_INFO, agency_info
from domain.calendar import WorkdayCalendar
from domain.errors import (
    BulletinStateError,
    InvalidInputError,
    ItemAlreadyActedOnError,
    SharedItemNotFoundError,
)
from domain.periods import Month
from domain.rules.config import RulesConfig
from domain.sharing_items import diff_items, number_items

ROUND_NAMESPACE = uuid5(NAMESPACE_URL, "urn:overcap:sharing-round")
HOLIDAY_POLICIES = ("keep", "next_working_day")
ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STATUS_LABELS = {
    ON_TIME: "按时报送 on time",
    LATE: "逾期报送 late",
    MISSING: "逾期未报 missing",
    PENDING: "未到期 not yet due",
}


def round_id(period: str) -> UUID:
    """The stream id of month M's round, from 'YYYY-MM'."""
    return uuid5(ROUND_NAMESPACE, str(Month.parse(period)))


@dataclass(frozen=True)
class SharingDeadline:
    """The last day to share month M, and why (R19)."""

    period: str
    due: date
    basis_zh: str
    basis_en: str
    fallback_calendar: bool = False

    @property
    def closes_at(self) -> datetime:
        """The first local instant that is late: midnight after the due day."""
        return datetime.combine(self.due + timedelta(days=1), time())

    def is_late(self, filed_at: datetime) -> bool:
        return filed_at >= self.closes_at


def sharing_deadline(
    month: Month, config: RulesConfig, calendar: WorkdayCalendar
) -> SharingDeadline:
    """End of day N (2) of M+1; on a holiday kept, or moved to the next working day."""
    policy = config.sharing_deadline_on_holiday
    if policy not in HOLIDAY_POLICIES:
        raise InvalidInputError("sharing_deadline_on_holiday", f"{policy!r}")
    after = month.next()
    day = min(config.sharing_deadline_day, monthrange(after.year, after.month)[1])
    nominal = due = date(after.year, after.month, day)
    while policy == "next_working_day" and not calendar.is_workday(due):
        due += timedelta(days=1)
    fallback = policy == "next_working_day" and not calendar.covers(nominal)
    zh = f"{month} 数据应于 {nominal} 24时前报送（上海时间）"
    en = f"data for {month} due by the end of {nominal}, Asia/Shanghai"
    if due != nominal:
        zh += f"；该日为休息日，顺延至下一个工作日 {due}"
        en += f"; a day off, so moved to the next working day {due}"
    if fallback:
        zh += "；该年法定节假日未公布，仅按周末计算"
        en += "; that year's holidays are not published, weekends only were used"
    return SharingDeadline(str(month), due, zh, en, fallback)


class SharingRound(Aggregate):
    """Month M's submissions, its bulletin, acknowledgements and follow-up actions."""

    class Opened(Aggregate.Created):
        period: str
        due: date
        basis: str

    class SubmissionFiled(Aggregate.Event):
        agency: str
        items: list[dict[str, Any]]
        by: str
        filed_at: datetime

    class SubmissionAmended(Aggregate.Event):
        agency: str
        items: list[dict[str, Any]]
        changes: list[dict[str, Any]]
        by: str
        filed_at: datetime

    class SubmissionCorrected(Aggregate.Event):
        agency: str
        items: list[dict[str, Any]]
        changes: list[dict[str, Any]]
        reason: str
        number: int
        by: str
        filed_at: datetime

    class BulletinCompiled(Aggregate.Event):
        content: dict[str, Any]
        circulated_to: list[str]
        compiled_at: datetime

    class CorrectionsReported(Aggregate.Event):
        numbers: list[int]
        in_period: str

    class BulletinAcknowledged(Aggregate.Event):
        agency: str
        by: str
        at: datetime

    class ItemReferred(Aggregate.Event):
        item: str
        agency: str
        mine_key: str
        case: str
        at: datetime

    class IssueEscalated(Aggregate.Event):
        item: str
        agency: str
        reason: str
        at: datetime

    class DecisionRecorded(Aggregate.Event):
        item: str
        decision: str
        document: str
        decided_on: date
        at: datetime

    @staticmethod
    def create_id(period: str, **_: Any) -> UUID:
        return round_id(period)

    @classmethod
    def open(cls, deadline: SharingDeadline) -> SharingRound:
        """Opens month M's round with the deadline decided for it."""
        basis = f"{deadline.basis_zh} / {deadline.basis_en}"
        return cls(period=deadline.period, due=deadline.due, basis=basis)

    @event(Opened)
    def __init__(self, period: str, due: date, basis: str) -> None:
        self.period = period
        self.due = due
        self.basis = basis
        self.submissions: dict[str, dict[str, Any]] = {}
        self.corrections: list[dict[str, Any]] = []
        self.bulletin: dict[str, Any] | None = None
        self.actions: dict[str, dict[str, Any]] = {}

    @property
    def deadline(self) -> SharingDeadline:
        return SharingDeadline(self.period, self.due, self.basis, "")

    @property
    def compiled(self) -> bool:
        return self.bulletin is not None

    def file(
        self,
        *,
        agency: str,
        items: list[dict[str, Any]],
        by: str,
        filed_at: datetime,
        reason: str = "",
    ) -> list[dict[str, Any]]:
        """Files or replaces an agency's items; after the bulletin, as a correction."""
        agency = agency_info(agency).id
        if filed_at.tzinfo is not None:
            raise InvalidInputError("filed_at", "give local Asia/Shanghai time")
        if filed_at.date() < Month.parse(self.period).first_day:
            raise InvalidInputError("filed_at", f"{filed_at} is before {self.period}")
        before = self.submissions.get(agency, {}).get("items", [])
        checked = number_items(agency, items, before)
        changes = diff_items(before, checked)
        if not changes and agency in self.submissions:
            return []
        if self.compiled:
            if not reason.strip():
                raise InvalidInputError("reason", "a correction must say why")
            self._correct(
                agency=agency,
                items=checked,
                changes=changes,
                reason=reason.strip(),
                number=len(self.corrections) + 1,
                by=by,
                filed_at=filed_at,
            )
        elif agency in self.submissions:
            self._amend(
                agency=agency, items=checked, changes=changes, by=by, filed_at=filed_at
            )
        else:
            self._file(agency=agency, items=checked, by=by, filed_at=filed_at)
        return changes

    @event(SubmissionFiled)
    def _file(
        self, agency: str, items: list[dict[str, Any]], by: str, filed_at: datetime
    ) -> None:
        self.submissions[agency] = {
            "items": items,
            "by": by,
            "first_filed_at": filed_at,
            "filed_at": filed_at,
            "revisions": 0,
        }

    @event(SubmissionAmended)
    def _amend(
        self,
        agency: str,
        items: list[dict[str, Any]],
        changes: list[dict[str, Any]],
        by: str,
        filed_at: datetime,
    ) -> None:
        submission = self.submissions[agency]
        submission.update(items=items, by=by, filed_at=filed_at)
        submission["revisions"] += 1

    @event(SubmissionCorrected)
    def _correct(
        self,
        agency: str,
        items: list[dict[str, Any]],
        changes: list[dict[str, Any]],
        reason: str,
        number: int,
        by: str,
        filed_at: datetime,
    ) -> None:
        submission = self.submissions.setdefault(
            agency, {"first_filed_at": filed_at, "revisions": -1}
        )
        submission.update(items=items, by=by, filed_at=filed_at)
        submission["revisions"] += 1
        self.corrections.append(
            {
                "number": number,
                "agency": agency,
                "changes": changes,
                "reason": reason,
                "filed_at": filed_at,
                "reported_in": None,
            }
        )

    def status_as_of(self, at: datetime) -> dict[str, dict[str, Any]]:
        """Each agency's filing state at a local time (on time, late, missing...)."""
        return {a: self._status(a, at) for a in AGENCY_INFO}

    def _status(self, agency: str, at: datetime) -> dict[str, Any]:
        submission = self.submissions.get(agency)
        deadline = self.deadline
        first = submission["first_filed_at"] if submission else None
        if first is None or first > at:
            state = MISSING if deadline.is_late(at) else PENDING
            return {"state": state, "filed_at": None, "items": 0}
        state = LATE if deadline.is_late(first) else ON_TIME
        count = len(self.items_of(agency))
        return {"state": state, "filed_at": first, "items": count}

    def items_of(self, agency: str) -> list[dict[str, Any]]:
        return list(self.submissions.get(agency, {}).get("items", []))

    def item(self, item_id: str) -> tuple[str, dict[str, Any]]:
        """The agency and item of an item number such as EN-03."""
        for agency, submission in self.submissions.items():
            for item in submission["items"]:
                if item["id"] == item_id.strip().upper():
                    return agency, item
        raise SharedItemNotFoundError(self.period, item_id)

    def unreported_corrections(self) -> list[dict[str, Any]]:
        return [c for c in self.corrections if c["reported_in"] is None]

    def compile(self, *, content: dict[str, Any], compiled_at: datetime) -> None:
        """Records the bulletin as circulated to every member; compiled once."""
        if self.compiled:
            raise BulletinStateError(self.period, "already compiled")
        self._compile(
            content=content, circulated_to=list(AGENCY_INFO), compiled_at=compiled_at
        )

    @event(BulletinCompiled)
    def _compile(
        self, content: dict[str, Any], circulated_to: list[str], compiled_at: datetime
    ) -> None:
        self.bulletin = {
            "content": content,
            "circulated_to": circulated_to,
            "compiled_at": compiled_at,
            "acknowledgements": {},
        }

    def mark_corrections_reported(self, numbers: list[int], in_period: str) -> None:
        """Notes that corrections appeared in a later month's bulletin."""
        if numbers:
            self._mark_reported(numbers=numbers, in_period=in_period)

    @event(CorrectionsReported)
    def _mark_reported(self, numbers: list[int], in_period: str) -> None:
        for correction in self.corrections:
            if correction["number"] in numbers:
                correction["reported_in"] = in_period

    def acknowledge(self, *, agency: str, by: str, at: datetime) -> bool:
        """Records a member's acknowledgement of the bulletin; False if already so."""
        agency = self._require_bulletin(agency)
        assert self.bulletin is not None
        if agency in self.bulletin["acknowledgements"]:
            return False
        self._acknowledge(agency=agency, by=by, at=at)
        return True

    @event(BulletinAcknowledged)
    def _acknowledge(self, agency: str, by: str, at: datetime) -> None:
        assert self.bulletin is not None
        self.bulletin["acknowledgements"][agency] = {"by": by, "at": at}

    def refer(self, *, item: str, agency: str, case: str, at: datetime) -> None:
        """Marks an item referred to joint enforcement, naming the case it opened."""
        found = self._actionable(item, agency)
        if not found["mine_key"]:
            raise InvalidInputError("item", f"{found['id']} names no mine to refer")
        key = found["mine_key"]
        self._refer(item=found["id"], agency=agency, mine_key=key, case=case, at=at)

    @event(ItemReferred)
    def _refer(
        self, item: str, agency: str, mine_key: str, case: str, at: datetime
    ) -> None:
        self.actions[item] = {
            "action": "referred",
            "agency": agency,
            "mine_key": mine_key,
            "case": case,
            "at": at,
        }

    def escalate(self, *, item: str, agency: str, reason: str, at: datetime) -> None:
        """Marks an item a major issue for the municipal government's decision."""
        found = self._actionable(item, agency)
        if not reason.strip():
            raise InvalidInputError("reason", "say why the issue is major")
        self._escalate(item=found["id"], agency=agency, reason=reason.strip(), at=at)

    @event(IssueEscalated)
    def _escalate(self, item: str, agency: str, reason: str, at: datetime) -> None:
        self.actions[item] = {
            "action": "escalated",
            "agency": agency,
            "reason": reason,
            "at": at,
            "decision": None,
        }

    def record_decision(
        self, *, item: str, decision: str, document: str, decided_on: date, at: datetime
    ) -> None:
        """Records the municipal government's decision (审定决策) on an escalation."""
        action = self.actions.get(item.strip().upper())
        if action is None or action["action"] != "escalated":
            raise BulletinStateError(self.period, f"item {item} was not escalated")
        if action["decision"] is not None:
            raise ItemAlreadyActedOnError(self.period, item, "decided")
        if not decision.strip():
            raise InvalidInputError("decision", "a decision needs its text")
        self._decide(
            item=item.strip().upper(),
            decision=decision.strip(),
            document=document.strip(),
            decided_on=decided_on,
            at=at,
        )

    @event(DecisionRecorded)
    def _decide(
        self, item: str, decision: str, document: str, decided_on: date, at: datetime
    ) -> None:
        self.actions[item]["decision"] = {
            "text": decision,
            "document": document,
            "decided_on": decided_on,
            "at": at,
        }

    def _require_bulletin(self, agency: str) -> str:
        agency = agency_info(agency).id
        if not self.compiled:
            raise BulletinStateError(self.period, "not compiled yet")
        return agency

    def _actionable(self, item_id: str, agency: str) -> dict[str, Any]:
        self._require_bulletin(agency)
        _, item = self.item(item_id)
        if item["id"] in self.actions:
            action = self.actions[item["id"]]["action"]
            raise ItemAlreadyActedOnError(self.period, item["id"], action)
        return item
