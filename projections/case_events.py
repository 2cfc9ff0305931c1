"""The case life-cycle events the read models follow, found where they are defined."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.cases import MineCases


def case_event(name: str) -> type:
    """The class whose topic is stored for a case event: its defining base's."""
    # Each aggregate subclass re-creates its bases' events, but an event method
    # triggers the class it was decorated with: the deepest base names the topic.
    for klass in reversed(MineCases.__mro__):
        found = vars(klass).get(name)
        if isinstance(found, type) and found.__qualname__ == f"{klass.__name__}.{name}":
            return found
    raise LookupError(f"no case event named {name}")


def case_events(*names: str) -> tuple[type, ...]:
    return tuple(case_event(name) for name in names)


INSPECTION_EVENTS = case_events("InspectionRecorded")
# Events that move a case to a new state carry it; the board follows all of them.
STATE_EVENTS = case_events(
    "InspectionPlanned",
    "InspectionRecorded",
    "ViolationConfirmed",
    "ReportFoundUnfounded",
    "PenaltyDecided",
    "SuspensionStarted",
    "ResumptionApplied",
    "ResumptionAccepted",
    "ResumptionRejected",
    "RecheckDone",
    "CaseClosed",
)


def inspected_on(event: Any) -> date:
    """The business date of an inspection event."""
    return event.on
