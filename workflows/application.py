"""The overcap application: one event store holding every mine's stream."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import get_topic

from domain.errors import (
    ConcurrencyConflictError,
    InvalidInputError,
    MineNotFoundError,
)
from domain.mine import Mine, mine_id
from domain.rules.config import RulesConfig
from workflows.transcodings import register_domain_transcodings

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_today() -> date:
    """Today's business date in Asia/Shanghai, whatever the server's zone."""
    return datetime.now(SHANGHAI).date()


def business_date(stored: Any) -> date:
    """The business date an event carries, or the day it was recorded in Shanghai."""
    on = getattr(stored, "on", None)
    if isinstance(on, date):
        return on
    return stored.timestamp.astimezone(SHANGHAI).date()


class BaseApplication(Application[UUID]):
    """Loading, saving with conflict detection, clock and rule settings."""

    name = "overcap"
    snapshotting_intervals: ClassVar[dict[type, int]] = {Mine: 50}

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: RulesConfig | None = None,
        today: Callable[[], date] = shanghai_today,
    ) -> None:
        super().__init__(env)
        self.rules = rules or RulesConfig()
        # The tracker does not date capacities; the demo counts them from this day.
        self.rules_effective_default = date(2020, 1, 1)
        self.today = today

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def mine(self, key: str, *, version: int | None = None) -> Mine:
        """Loads a mine by its registry key, optionally at an earlier version."""
        try:
            return self.repository.get(mine_id(key), version=version)
        except AggregateNotFoundError:
            raise MineNotFoundError(key) from None

    def mine_exists(self, key: str) -> bool:
        return mine_id(key) in self.repository

    def commit(self, *aggregates: Any, subject: str = "") -> int | None:
        """Saves atomically; a writer that lost the race gets a conflict to retry."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            names = subject or ", ".join(
                getattr(a, "key", str(a.id)) for a in aggregates
            )
            current = None
            if len(aggregates) == 1:
                current = self._current_version(aggregates[0].id)
            raise ConcurrencyConflictError(
                names, getattr(aggregates[0], "version", None), current
            ) from None
        if not recordings:
            return None
        return max(r.notification.id for r in recordings)

    def _current_version(self, aggregate_id: UUID) -> int | None:
        events = list(self.repository.event_store.get(aggregate_id, desc=True, limit=1))
        return events[0].originator_version if events else None

    def check_version(self, mine: Mine, expected: int | None) -> None:
        """Refuses a write based on a version the client no longer holds."""
        if expected is not None and expected != mine.version:
            raise ConcurrencyConflictError(mine.key, expected, mine.version)

    def events_of(self, key: str) -> list[DomainEventProtocol[UUID]]:
        """Every event of a mine's stream, in order."""
        if not self.mine_exists(key):
            raise MineNotFoundError(key)
        return list(self.repository.event_store.get(mine_id(key)))

    def mine_as_of(self, key: str, day: date) -> tuple[Mine, list[Any]]:
        """The mine as the events dated on or before a business date describe it.

        Events are replayed in stream order; one recorded late but dated earlier
        (a licence entered after the fact) counts, one dated later does not.
        Returns the state and the events it was built from.
        """
        state: Mine | None = None
        kept: list[Any] = []
        stream: list[Any] = self.events_of(key)
        for stored in stream:
            # The registration founds the stream: a late registration of a mine
            # whose records go back further still carries those records.
            if business_date(stored) > day and stored.originator_version > 1:
                continue
            kept.append(stored)
            # Renumber so the replay sees a contiguous sequence of the kept events.
            renumbered = dataclasses.replace(stored, originator_version=len(kept))
            state = renumbered.mutate(state)
        if state is None or (len(kept) == 1 and business_date(kept[0]) > day):
            raise InvalidInputError(
                "as_of", f"mine {key} has no record dated on or before {day}"
            )
        return state, kept

    def mine_keys(self) -> list[str]:
        """Registry keys of every mine, in the order they were registered."""
        return [event.key for event in self.registrations()]

    def registrations(self) -> Iterator[Any]:
        topic = get_topic(Mine.Registered)
        start: int | None = None
        while True:
            page = self.recorder.select_notifications(
                start, 500, topics=[topic], inclusive_of_start=start is None
            )
            if not page:
                return
            for notification in page:
                yield self.mapper.to_domain_event(notification)
            start = page[-1].id
