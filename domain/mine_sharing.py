"""What a mine's history shows of the monthly sharing: every item naming the mine."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event


class MineSharing(Aggregate):
    """A base of Mine: shared items about the mine, recorded with the submission."""

    class SharedItemRecorded(Aggregate.Event):
        period: str
        agency: str
        item: str
        kind: str
        text: str
        change: str
        on: date

    def record_shared_item(
        self, *, period: str, agency: str, item: dict[str, Any], change: str, on: date
    ) -> None:
        """Notes on the mine that a month's submission filed, changed or withdrew it."""
        self._record_shared_item(
            period=period,
            agency=agency,
            item=item["id"],
            kind=item["kind"],
            text=item["text"],
            change=change,
            on=on,
        )

    @event(SharedItemRecorded)
    def _record_shared_item(
        self,
        period: str,
        agency: str,
        item: str,
        kind: str,
        text: str,
        change: str,
        on: date,
    ) -> None:
        # Mine.__init__ belongs to the ledger, so the list starts on first use.
        shared = self.__dict__.setdefault("shared_items", [])
        shared.append(
            {
                "period": period,
                "agency": agency,
                "item": item,
                "kind": kind,
                "text": text,
                "change": change,
                "on": on,
            }
        )
