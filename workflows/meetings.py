"""Joint meetings (联席会议) and the measures they agree."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from domain.errors import MeetingNotFoundError
from domain.meetings import JointMeeting, meeting_id
from workflows.application import BaseApplication

log = logging.getLogger(__name__)


class MeetingService(BaseApplication):
    """Records joint meetings; shows their measures, overdue ones flagged."""

    def record_meeting(
        self,
        *,
        held_on: date,
        attendees: dict[str, list[str]],
        inspections: list[str],
        analysis: str,
        measures: list[dict[str, Any]],
    ) -> JointMeeting:
        """Records a joint meeting; one a day."""
        meeting = JointMeeting.hold(
            held_on=held_on,
            attendees=attendees,
            inspections=inspections,
            analysis=analysis,
            measures=measures,
        )
        self.commit(meeting, subject=f"joint meeting {held_on}")
        log.info("joint meeting %s: %s measures", held_on, len(meeting.measures))
        return meeting

    def meeting(self, held_on: date) -> JointMeeting:
        """The joint meeting held on a day."""
        try:
            return self.repository.get(meeting_id(held_on))
        except AggregateNotFoundError:
            raise MeetingNotFoundError(held_on.isoformat()) from None

    def complete_measure(self, held_on: date, number: int, on: date | None = None):
        """Records that a measure agreed at a meeting was carried out."""
        meeting = self.meeting(held_on)
        meeting.complete_measure(number=number, on=on or self.today())
        self.commit(meeting, subject=f"joint meeting {held_on}")
        return meeting

    def meeting_days(self) -> list[date]:
        """The days joint meetings were held, in the order they were recorded."""
        topic = get_topic(JointMeeting.Held)
        page = self.recorder.select_notifications(None, 10_000, topics=[topic])
        events = [self.mapper.to_domain_event(n) for n in page]
        return [e.held_on for e in events if isinstance(e, JointMeeting.Held)]

    def measures(self, today: date | None = None) -> list[dict[str, Any]]:
        """Every agreed measure with its state today (overdue once past due)."""
        day = today or self.today()
        return [
            dict(measure, held_on=held_on)
            for held_on in sorted(self.meeting_days())
            for measure in self.meeting(held_on).measure_states(day)
        ]
