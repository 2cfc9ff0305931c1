"""What each agency shares each month, item by item, and how two versions differ."""

from __future__ import annotations

from typing import Any

from domain.agencies import agency_info
from domain.errors import InvalidInputError

# Per agency, the kinds of item DOMAIN.md says it shares (R19), Chinese then English.
ITEM_KINDS: dict[str, dict[str, tuple[str, str]]] = {
    "emergency": {
        "inspection": ("安全监管检查", "safety supervision inspection"),
        "enforcement": ("执法处罚", "enforcement action"),
        "licence_application": ("安全生产许可证申请", "licence applied for"),
        "licence_issued": ("安全生产许可证颁发", "licence issued"),
        "other": ("其他", "other"),
    },
    "energy": {
        "production": ("生产情况", "production"),
        "construction": ("建设情况", "construction"),
        "capacity_verification": ("生产能力核定", "capacity verification"),
        "project_approval": ("项目核准", "project approval"),
        "other": ("其他", "other"),
    },
    "inspectorate": {
        "inspection": ("监察检查", "inspection"),
        "enforcement": ("监察执法", "enforcement action"),
        "accident_investigation": ("事故调查", "accident investigation"),
        "other": ("其他", "other"),
    },
}
ITEM_FIELDS = ("id", "kind", "text", "mine_key", "figures")


def kind_label(agency: str, kind: str) -> str:
    zh, en = ITEM_KINDS[agency][kind]
    return f"{zh} {en}"


def make_item(agency: str, raw: dict[str, Any], item_id: str) -> dict[str, Any]:
    """A checked item: kind allowed for the agency, text, optional mine and figures."""
    kinds = ITEM_KINDS[agency_info(agency).id]
    kind = str(raw.get("kind") or "").strip()
    if kind not in kinds:
        raise InvalidInputError("kind", f"{kind!r} is not one of {tuple(kinds)}")
    text = str(raw.get("text") or "").strip()
    if not text:
        raise InvalidInputError("text", "an item needs a text")
    figures = raw.get("figures") or {}
    if not isinstance(figures, dict):
        raise InvalidInputError("figures", "figures must be name: value pairs")
    checked: dict[str, int | str] = {}
    for name, value in figures.items():
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise InvalidInputError("figures", f"{name}: {value!r} is not a figure")
        checked[str(name)] = value
    mine_key = str(raw.get("mine_key") or "").strip().upper()
    return {
        "id": item_id,
        "kind": kind,
        "text": text,
        "mine_key": mine_key,
        "figures": checked,
    }


def item_label(raw: dict[str, Any], number: int) -> str:
    """How an error names an item: its file line when known, else its position."""
    return f"line {raw['line']}" if raw.get("line") else f"item {number}"


def number_items(
    agency: str, raws: list[dict[str, Any]], existing: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Checks items, keeping given ids of existing items and numbering new ones."""
    code = agency_info(agency).code
    known = {item["id"] for item in existing}
    used = [int(i.split("-")[1]) for i in known]
    next_no = max(used, default=0) + 1
    items: list[dict[str, Any]] = []
    for line, raw in enumerate(raws, start=1):
        given = str(raw.get("id") or "").strip().upper()
        try:
            if given and given not in known:
                raise InvalidInputError("id", f"{given!r} is not an item filed before")
            if given in {i["id"] for i in items}:
                raise InvalidInputError("id", f"{given!r} appears twice")
            item_id = given or f"{code}-{next_no:02d}"
            next_no += 0 if given else 1
            items.append(make_item(agency, raw, item_id))
        except InvalidInputError as error:
            where = item_label(raw, line)
            why = error.message.split(": ", 1)[-1]
            raise InvalidInputError(f"{where} {error.field}", why, item=line) from None
    return items


def diff_items(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Items added, changed and withdrawn between two versions of a submission."""
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    changes = []
    for item_id in sorted(old.keys() | new.keys()):
        was, now = old.get(item_id), new.get(item_id)
        if was == now:
            continue
        action = "added" if was is None else "withdrawn" if now is None else "changed"
        changes.append({"item": item_id, "action": action, "before": was, "after": now})
    return changes
