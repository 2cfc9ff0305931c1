"""The monthly bulletin: what it holds when compiled, and the text that circulates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.agencies import AGENCY_INFO
from domain.sharing import SharingRound


def _stamp(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


def _mines(round_: SharingRound | None) -> set[str]:
    if round_ is None:
        return set()
    return {
        item["mine_key"]
        for agency in round_.submissions
        for item in round_.items_of(agency)
        if item["mine_key"]
    }


def build_content(
    round_: SharingRound,
    *,
    previous: SharingRound | None,
    earlier_corrections: list[tuple[str, dict[str, Any]]],
    mine_names: dict[str, str],
    liaisons: dict[str, str],
    as_of: datetime,
    note: str = "",
) -> dict[str, Any]:
    """Everything the bulletin of month M says, as plain values fixed at compilation."""
    status = round_.status_as_of(as_of)
    agencies = []
    for agency in AGENCY_INFO:
        items = [
            dict(item, mine_name=mine_names.get(item["mine_key"], ""))
            for item in round_.items_of(agency)
        ]
        entry = status[agency]
        agencies.append(
            {
                "agency": agency,
                "liaison": liaisons.get(agency, ""),
                "state": entry["state"],
                "filed_at": _stamp(entry["filed_at"]),
                "items": items,
                "previous_count": len(previous.items_of(agency)) if previous else None,
            }
        )
    now, before = _mines(round_), _mines(previous)
    corrections = [
        {
            "period": period,
            "number": c["number"],
            "agency": c["agency"],
            "reason": c["reason"],
            "filed_at": _stamp(c["filed_at"]),
            "changes": [_change_line(change) for change in c["changes"]],
        }
        for period, c in earlier_corrections
    ]
    return {
        "period": round_.period,
        "as_of": _stamp(as_of),
        "deadline": round_.basis,
        "note": note,
        "agencies": agencies,
        "cross_agency": _cross_agency(round_, mine_names),
        "previous": previous.period if previous else None,
        "new_mines": [[k, mine_names.get(k, "")] for k in sorted(now - before)],
        "gone_mines": [[k, mine_names.get(k, "")] for k in sorted(before - now)],
        "corrections": corrections,
        "follow_ups": _follow_ups(previous),
    }


def _change_line(change: dict[str, Any]) -> dict[str, str]:
    before, after = change["before"] or {}, change["after"] or {}
    return {
        "item": change["item"],
        "action": change["action"],
        "before": before.get("text", ""),
        "after": after.get("text", ""),
    }


def _cross_agency(
    round_: SharingRound, mine_names: dict[str, str]
) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, list[str]]] = {}
    for agency in AGENCY_INFO:
        for item in round_.items_of(agency):
            if item["mine_key"]:
                by_agency = seen.setdefault(item["mine_key"], {})
                by_agency.setdefault(agency, []).append(item["id"])
    return [
        {"mine_key": key, "mine_name": mine_names.get(key, ""), "agencies": found}
        for key, found in sorted(seen.items())
        if len(found) > 1
    ]


def _follow_ups(previous: SharingRound | None) -> list[dict[str, Any]]:
    if previous is None:
        return []
    return [follow_up(previous, item_id) for item_id in sorted(previous.actions)]


def follow_up(round_: SharingRound, item_id: str) -> dict[str, Any]:
    """An item's referral or escalation, with the decision if one was recorded."""
    action = round_.actions[item_id]
    decision = action.get("decision") or {}
    return {
        "period": round_.period,
        "item": item_id,
        "action": action["action"],
        "agency": action["agency"],
        "case": action.get("case", ""),
        "reason": action.get("reason", ""),
        "decision": decision.get("text", ""),
        "decision_document": decision.get("document", ""),
        "at": _stamp(action["at"]),
    }
