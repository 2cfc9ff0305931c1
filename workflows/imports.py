"""All-or-nothing imports: every bad record named, nothing saved unless all are good."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.errors import ImportRejectedError, OvercapError
from domain.mine import Mine
from workflows.application import BaseApplication

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What an import did: rows added, rows already there, rows refused."""

    added: int = 0
    unchanged: int = 0
    events: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "events": self.events,
            "rejected": self.rejected,
        }


def apply_all_or_nothing(
    app: BaseApplication,
    records: Sequence[Any],
    apply: Callable[[Any, dict[str, Mine]], bool],
    source: str,
    first_number: int = 1,
    progress: Progress | None = None,
) -> ImportReport:
    """Applies each record to in-memory mines, then saves them in one transaction."""
    mines: dict[str, Mine] = {}
    problems: list[tuple[int, str, str]] = []
    report = ImportReport()
    for offset, record in enumerate(records):
        if progress:
            progress(offset + 1, len(records))
        try:
            changed = apply(record, mines)
        except OvercapError as error:
            field_name = str(getattr(error, "field", "record"))
            problems.append((first_number + offset, field_name, str(error)))
            continue
        report.added += int(changed)
        report.unchanged += int(not changed)
    if problems:
        raise ImportRejectedError(source, problems)
    touched = [m for m in mines.values() if m.pending_events]
    report.events = sum(len(m.pending_events) for m in touched)
    if touched:
        app.commit(*touched, subject=source)
    return report
