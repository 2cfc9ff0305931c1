"""How a mine, its state and its events look to readers: CLI tables and HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflows.application import SHANGHAI, business_date


def mine_row(
    mine: Any, year: int, finding_years: set[int] | None = None
) -> dict[str, Any]:
    """One line of the mine list: capacity, output to date and current findings."""
    years = {str(y) for y in finding_years or {year}}
    generated = any(d.get("source") for d in mine.output_details.values())
    return {
        "key": mine.key,
        "name_zh": mine.name_zh,
        "name_en": mine.name_en,
        "county": mine.county_zh or mine.county_en,
        "status": mine.status,
        "capacity": mine.capacity_on(date(year, 12, 31)),
        "year": year,
        "output_to_date": mine.year_output(year),
        "months_reported": sum(1 for p in mine.outputs if p.startswith(f"{year}-")),
        "outputs_generated": generated,
        "findings": [
            f"{f['rule']} {f['subject']}"
            for f in mine.current_findings()
            if f["subject"][:4] in years
        ],
        "key_supervision_since": mine.key_supervision_since,
        "open_cases": sum(1 for c in mine.cases.values() if c["state"] != "closed"),
        "version": mine.version,
    }


def event_row(stored: Any) -> dict[str, Any]:
    """A stored event as the auditor reads it: version, name, dates and data."""
    data = {
        k: v
        for k, v in vars(stored).items()
        if k
        not in (
            "originator_id",
            "originator_version",
            "timestamp",
            "on",
            "originator_topic",
        )
        and not k.startswith("_")
    }
    return {
        "version": stored.originator_version,
        "event": type(stored).__qualname__,
        "on": business_date(stored),
        "recorded_at": stored.timestamp.astimezone(SHANGHAI).isoformat(
            timespec="seconds"
        ),
        "data": data,
    }


def state_summary(mine: Any) -> dict[str, Any]:
    """A mine's state at one version, short enough to print."""
    latest = max(mine.outputs, default=None)
    return {
        "key": mine.key,
        "name": f"{mine.name_zh} {mine.name_en}".strip(),
        "status": mine.status,
        "capacities": mine.capacities,
        "months_reported": len(mine.outputs),
        "latest_period": latest,
        "current_findings": [
            f"{f['finding_id']} {f['rule']} {f['subject']} {f['outcome']}"
            for f in mine.current_findings()
        ],
        "key_supervision_since": mine.key_supervision_since,
    }
