"""Joint meetings (联席会议): who came, what was reported, what was agreed, by when."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.agencies import agency_info
from domain.errors import InvalidInputError

MEETING_NAMESPACE = uuid5(NAMESPACE_URL, "urn:overcap:joint-meeting")
OPEN, OVERDUE, DONE = "open", "overdue", "done"
MEASURE_LABELS = {OPEN: "进行中 open", OVERDUE: "已逾期 overdue", DONE: "已完成 done"}


def meeting_id(held_on: date) -> UUID:
    """One joint meeting a day: its stream id is derived from the date."""
    return uuid5(MEETING_NAMESPACE, held_on.isoformat())


def _measures(raws: list[dict[str, Any]], held_on: date) -> list[dict[str, Any]]:
    measures = []
    for number, raw in enumerate(raws, start=1):
        text = str(raw.get("text") or "").strip()
        if not text:
            raise InvalidInputError(f"measure {number} text", "a measure needs a text")
        owner = agency_info(str(raw.get("owner") or "")).id
        due = raw.get("due")
        if not isinstance(due, date) or due < held_on:
            raise InvalidInputError(
                f"measure {number} due", f"{due!r} is not a date on or after {held_on}"
            )
        measures.append({"number": number, "text": text, "owner": owner, "due": due})
    return measures


class JointMeeting(Aggregate):
    """A joint meeting and the measures it agreed, each owned by one agency."""

    class Held(Aggregate.Created):
        held_on: date
        attendees: dict[str, list[str]]
        inspections: list[str]
        analysis: str
        measures: list[dict[str, Any]]

    class MeasureCompleted(Aggregate.Event):
        number: int
        completed_on: date

    @staticmethod
    def create_id(held_on: date, **_: Any) -> UUID:
        return meeting_id(held_on)

    @classmethod
    def hold(
        cls,
        *,
        held_on: date,
        attendees: dict[str, list[str]],
        inspections: list[str],
        analysis: str,
        measures: list[dict[str, Any]],
    ) -> JointMeeting:
        """Records a meeting; attendees by agency, measures with owner and due date."""
        present = {
            agency_info(a).id: [n.strip() for n in names if n.strip()]
            for a, names in attendees.items()
        }
        if not any(present.values()):
            raise InvalidInputError("attendees", "a meeting needs its attendees")
        return cls(
            held_on=held_on,
            attendees=present,
            inspections=[i.strip() for i in inspections if i.strip()],
            analysis=analysis.strip(),
            measures=_measures(measures, held_on),
        )

    @event(Held)
    def __init__(
        self,
        held_on: date,
        attendees: dict[str, list[str]],
        inspections: list[str],
        analysis: str,
        measures: list[dict[str, Any]],
    ) -> None:
        self.held_on = held_on
        self.attendees = attendees
        self.inspections = inspections
        self.analysis = analysis
        self.measures = [dict(m, completed_on=None) for m in measures]

    def complete_measure(self, *, number: int, on: date) -> None:
        """Records that an agreed measure was carried out."""
        if not 1 <= number <= len(self.measures):
            raise InvalidInputError("measure", f"the meeting has no measure {number}")
        if self.measures[number - 1]["completed_on"] is None:
            self._complete(number=number, completed_on=on)

    @event(MeasureCompleted)
    def _complete(self, number: int, completed_on: date) -> None:
        self.measures[number - 1]["completed_on"] = completed_on

    def measure_states(self, today: date) -> list[dict[str, Any]]:
        """Each measure with its state on a day: done, open, or overdue past due."""
        return [dict(m, state=_state(m, today)) for m in self.measures]


def _state(measure: dict[str, Any], today: date) -> str:
    if measure["completed_on"] is not None:
        return DONE
    return OVERDUE if today > measure["due"] else OPEN
