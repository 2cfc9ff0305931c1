"""What a case must do by when (R14, R15, R21), and where it stands on a given day."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from domain.calendar import WorkdayCalendar
from domain.rules.config import RulesConfig
from domain.rules.deadlines import (
    ANNOUNCE_CLOSURE_ORDER,
    ANNOUNCE_RESUMPTION,
    ANNOUNCE_SUSPENSION_ORDER,
    DUE,
    OVERDUE,
    Deadline,
    announcement_deadline,
    recheck_deadline,
    resumption_acceptance_deadline,
    status_as_of,
    suspension_end,
)

ORDER_ANNOUNCEMENTS = {
    "suspension_order": ANNOUNCE_SUSPENSION_ORDER,
    "closure_order": ANNOUNCE_CLOSURE_ORDER,
}


def _first_on_or_after(days: Iterable[date], start: date) -> date | None:
    return min((d for d in days if d >= start), default=None)


def _row(deadline: Deadline, done_on: date | None, as_of: date) -> dict[str, Any]:
    return {
        "kind": deadline.kind,
        "rule": deadline.rule,
        "version": deadline.version,
        "starts_after": deadline.starts_after,
        "due": deadline.due,
        "done_on": done_on if done_on is not None and done_on <= as_of else None,
        "status": status_as_of(deadline, done_on, as_of),
        "basis": deadline.basis,
        "fallback_calendar": deadline.fallback_calendar,
    }


def _announced(case: Mapping[str, Any], kind: str) -> list[date]:
    return [a["on"] for a in case["announcements"] if a["kind"] == kind]


def _unfounded_recheck(unfounded_on: date, config: RulesConfig) -> Deadline:
    # R21 gives no period of its own for a tip-off found unfounded; the recheck
    # period after a resumption is the nearest measure the rules configure.
    base = recheck_deadline(unfounded_on, config)
    return dataclasses.replace(
        base,
        basis_zh=f"举报经核查不实（{unfounded_on}），{config.recheck_due_days} 个"
        f"自然日内完成回头看，截止 {base.due}",
        basis_en=f"tip-off found unfounded on {unfounded_on}; follow-up recheck "
        f"within {config.recheck_due_days} calendar days, due {base.due}",
    )


def case_deadlines(
    case: Mapping[str, Any],
    as_of: date,
    calendar: WorkdayCalendar,
    config: RulesConfig,
) -> list[dict[str, Any]]:
    """Every deadline a case has started by `as_of`, with its status on that day."""
    rechecks = [r["on"] for r in case["rechecks"]]
    rows = []
    for held in case["suspensions"]:
        ends = suspension_end(held["starts_on"], held["days"])
        # A suspension ends by itself: it is 'met' once its last day has come.
        rows.append(_row(ends, ends.due, as_of))
    for document in case["documents"]:
        kind = ORDER_ANNOUNCEMENTS.get(document["kind"])
        if kind:
            due = announcement_deadline(kind, document["on"], calendar, config)
            done = _first_on_or_after(_announced(case, kind), document["on"])
            rows.append(_row(due, done, as_of))
    for applied in case["resumptions"]:
        acceptance = resumption_acceptance_deadline(applied["applied_on"], config)
        rows.append(_row(acceptance, applied.get("decided_on"), as_of))
        if applied["outcome"] != "accepted":
            continue
        accepted = applied["decided_on"]
        announce = announcement_deadline(
            ANNOUNCE_RESUMPTION, accepted, calendar, config
        )
        done = _first_on_or_after(_announced(case, ANNOUNCE_RESUMPTION), accepted)
        rows.append(_row(announce, done, as_of))
        recheck = recheck_deadline(accepted, config)
        rows.append(_row(recheck, _first_on_or_after(rechecks, accepted), as_of))
    if case["unfounded"] and case["tipoffs"]:
        found_on = case["unfounded"]["on"]
        recheck = _unfounded_recheck(found_on, config)
        rows.append(_row(recheck, _first_on_or_after(rechecks, found_on), as_of))
    started = [r for r in rows if r["starts_after"] <= as_of]
    return sorted(started, key=lambda r: (r["due"], r["kind"]))


def due_next(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The open deadline that falls first."""
    return next((r for r in rows if r["status"] == DUE), None)


def overdue(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Deadlines passed with the act not done."""
    return [r for r in rows if r["status"] == OVERDUE]
