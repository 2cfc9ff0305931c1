"""The words of a case: states, origins, actors, and checks on what its steps record."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from domain.agencies import AGENCY_INFO
from domain.errors import InvalidInputError

OPENED = "opened"
INSPECTION_PLANNED = "inspection_planned"
INSPECTED = "inspected"
VIOLATION_CONFIRMED = "violation_confirmed"
UNFOUNDED = "unfounded"
PENALTY_DECIDED = "penalty_decided"
SUSPENDED = "suspended"
RESUMPTION_APPLIED = "resumption_applied"
RESUMPTION_ACCEPTED = "resumption_accepted"
RECHECKED = "rechecked"
CLOSED = "closed"
STATE_LABELS = {
    OPENED: "已立案 opened",
    INSPECTION_PLANNED: "已计划检查 inspection planned",
    INSPECTED: "已现场检查 inspected",
    VIOLATION_CONFIRMED: "违法属实 violation confirmed",
    UNFOUNDED: "举报不实 unfounded",
    PENALTY_DECIDED: "已作出处罚决定 penalty decided",
    SUSPENDED: "停产整顿中 suspended",
    RESUMPTION_APPLIED: "已申请复产 resumption applied",
    RESUMPTION_ACCEPTED: "已复产验收 resumption accepted",
    RECHECKED: "已回头看 rechecked",
    CLOSED: "已结案 closed",
}
STATES = tuple(STATE_LABELS)

ORIGIN_LABELS = {
    "tipoff": "举报 tip-off",
    "finding": "规则发现 rule finding",
    "bulletin": "月度通报 monthly bulletin",
    "inspection": "计划联合检查 planned joint inspection",
    "accident": "事故 accident",
}
ORIGINS = tuple(ORIGIN_LABELS)
AGENCIES = tuple(AGENCY_INFO)
GOVERNMENT = "government"
PUBLIC = "public"
# Who received a tip-off sent in by the public with no officer in between.
PUBLIC_INTAKE = {"officer": "公众举报平台 / public intake", "agency": PUBLIC}
# Who did the steps the rules take on their own (a case opened by a finding, R16).
SYSTEM_ACTOR = {"officer": "overcap 系统自动 / automatic", "agency": "system"}
CHANNELS = ("public", "worker")
GOVERNMENT_OUTCOMES = ("close_mine", "continue_rectification", "other")
# Document kinds: the character in the Chinese number, then the title.
DOCUMENT_KINDS = {
    "penalty_decision": ("罚", "行政处罚决定书", "penalty decision"),
    "suspension_order": ("停", "停产整顿指令书", "suspension order"),
    "closure_order": ("关", "关闭指令书", "closure order"),
    "on_site_decision": ("现", "现场处理决定书", "on-site decision"),
    "inspection_record": ("检", "现场检查记录", "inspection record"),
    "resumption_notice": ("复", "复产通知书", "resumption notice"),
}
_CASE_ID = re.compile(r"^(?P<key>.+)-C(?P<n>\d{3,})$")


def case_mine_key(case_id: str) -> str:
    """The registry key of the mine a case id belongs to."""
    match = _CASE_ID.match(case_id.strip().upper())
    if not match:
        raise InvalidInputError("case_id", f"{case_id!r} is not a case id KEY-Cnnn")
    return match.group("key")


def state_name(value: str) -> str:
    """A case state as the workflow decided it; refused when not a known state."""
    if value not in STATES:
        raise InvalidInputError("state", f"{value!r} is not a case state")
    return value


def actor(
    officer: str, agency: str, *, allowed: tuple[str, ...] = AGENCIES
) -> dict[str, str]:
    """Who did a step: an officer's name and agency id, both required."""
    if not isinstance(officer, str) or not officer.strip():
        raise InvalidInputError("officer", "every step names the officer who did it")
    if agency not in allowed:
        raise InvalidInputError("agency", f"{agency!r} is not one of {allowed}")
    return {"officer": officer.strip(), "agency": agency}


def text(field: str, value: Any, *, required: bool = True) -> str:
    """A text value, stripped; refused when required and empty."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be text, got {value!r}")
    if required and not value.strip():
        raise InvalidInputError(field, "must not be empty")
    return value.strip()


def texts(field: str, values: Any, *, required: bool = False) -> list[str]:
    """A list of non-empty texts; a single text is refused so a typo cannot split."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidInputError(field, f"must be a list of texts, got {values!r}")
    items = [text(field, v) for v in values]
    if required and not items:
        raise InvalidInputError(field, "needs at least one entry")
    return items


def day(field: str, value: Any) -> date:
    """A business date (never a timestamp)."""
    if not isinstance(value, date):
        raise InvalidInputError(field, f"must be a date, got {value!r}")
    return value


# Fines, tonnes and days above this are typos; they would not fit the read models.
MAX_WHOLE = 1_000_000_000


def whole(field: str, value: Any, *, minimum: int = 0, maximum: int = MAX_WHOLE) -> int:
    """A whole number from a minimum to a maximum."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(field, f"must be a whole number >= {minimum}")
    if not minimum <= value <= maximum:
        raise InvalidInputError(field, f"must be from {minimum} to {maximum:,}")
    return value


def team(members: Any) -> list[dict[str, str]]:
    """Inspection team members, each an officer of one of the three agencies."""
    if isinstance(members, str | Mapping) or not isinstance(members, Iterable):
        raise InvalidInputError("team", "must be a list of {officer, agency}")
    listed = list(members)
    if not listed or not all(isinstance(m, Mapping) for m in listed):
        raise InvalidInputError("team", "names at least one {officer, agency}")
    return [actor(m.get("officer", ""), m.get("agency", "")) for m in listed]


def key_points(points: Any, members: list[dict[str, str]]) -> dict[str, list[str]]:
    """Each agency's key points; only agencies on the team may add them."""
    if not isinstance(points, Mapping):
        raise InvalidInputError("key_points", "must map agency ids to lists of text")
    on_team = {m["agency"] for m in members}
    strangers = sorted(set(points) - on_team)
    if strangers:
        raise InvalidInputError(
            "key_points", f"{strangers} have no member on the inspection team"
        )
    return {agency: texts(f"key_points.{agency}", v) for agency, v in points.items()}


def tipoff_entry(
    receipt: str, received_on: date, channel: str, rewardable: bool
) -> dict[str, Any]:
    """What a case keeps of a tip-off: never the informant, only the receipt."""
    if channel not in CHANNELS:
        raise InvalidInputError("channel", f"{channel!r} is not one of {CHANNELS}")
    return {
        "receipt": text("receipt", receipt),
        "received_on": day("received_on", received_on),
        "channel": channel,
        "rewardable": bool(rewardable),
    }
