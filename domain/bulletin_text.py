"""The bulletin as officials circulate it: Markdown, Chinese first, English beside."""

from __future__ import annotations

from typing import Any

from domain.agencies import AGENCY_INFO
from domain.sharing import LATE, MISSING, PENDING, STATUS_LABELS
from domain.sharing_items import ITEM_KINDS

ZH_NUMBERS = "一二三四五六七八九十"
EN_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June")
EN_MONTHS += ("July", "August", "September", "October", "November", "December")
ACTION_HEADERS = ["事项 Item", "处理 Action", "提出单位 By", "案件或理由 Case / reason"]
ACTION_HEADERS.append("市政府决定 Decision")
ACTIONS = {
    "referred": "移交联合执法 referred to joint enforcement",
    "escalated": "上报市政府审定 escalated to the municipal government",
    "added": "新增 added",
    "changed": "修改 changed",
    "withdrawn": "撤回 withdrawn",
}


def _cell(value: Any) -> str:
    return str(value).replace("|", "/").replace("\n", " ") or "—"


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _mine(key: str, name: str) -> str:
    return f"{name}（{key}）" if name and key else key or "—"


def _figures(figures: dict[str, Any]) -> str:
    return "; ".join(
        f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in figures.items()
    )


def _title(period: str) -> list[str]:
    year, month = (int(p) for p in period.split("-"))
    return [
        f"# 忻州市煤矿超能力生产联合监管信息通报 {year}年{month}月",
        f"# Xinzhou joint bulletin on over-capacity production, "
        f"{EN_MONTHS[month - 1]} {year}",
        "",
    ]


def render_bulletin(
    content: dict[str, Any], circulation: dict[str, Any] | None = None
) -> str:
    """The bulletin text; with the circulation record when one is given."""
    lines = _title(content["period"])
    lines += [f"编制时间 Compiled: {content['as_of']}（北京时间 Beijing time）", ""]
    lines += [f"报送期限 Deadline: {content['deadline']}", ""]
    if content.get("note"):
        lines += [f"> {content['note']}", ""]
    sections = [
        ("报送情况", "Submissions", _submissions(content)),
        ("与上月相比的变化", "Changes since the previous month", _changes(content)),
        ("各成员单位报送事项", "Items by agency", _items(content)),
        ("多部门涉及的煤矿", "Mines in more than one agency's items", _cross(content)),
        ("逾期及未报送", "Late and missing submissions", _late(content)),
        ("移交及上报事项", "Items referred or escalated", _actions(content)),
    ]
    if circulation is not None:
        sections.append(("分送及签收", "Circulation", _circulation(circulation)))
    for number, (zh, en, body) in enumerate(sections, start=1):
        lines += [f"## {ZH_NUMBERS[number - 1]}、{zh} {number}. {en}", ""] + body
    return "\n".join(lines).rstrip() + "\n"


def _submissions(content: dict[str, Any]) -> list[str]:
    rows = [
        [
            AGENCY_INFO[a["agency"]].label,
            a["liaison"],
            STATUS_LABELS[a["state"]],
            a["filed_at"],
            len(a["items"]),
        ]
        for a in content["agencies"]
    ]
    headers = ["单位 Agency", "联络员 Liaison", "状态 Status", "报送时间 Filed"]
    return _table(headers + ["事项 Items"], rows)


def _changes(content: dict[str, Any]) -> list[str]:
    if content["previous"] is None:
        lines = ["上月无报送，无从比较。 No previous round to compare with.", ""]
    else:
        rows = [
            [AGENCY_INFO[a["agency"]].label, a["previous_count"], len(a["items"])]
            for a in content["agencies"]
        ]
        lines = _table(
            ["单位 Agency", f"{content['previous']} 事项 items", "本月 this month"],
            rows,
        )
    if content["previous"] is not None:
        new = "、".join(_mine(k, n) for k, n in content["new_mines"]) or "无 none"
        gone = "、".join(_mine(k, n) for k, n in content["gone_mines"]) or "无 none"
        lines += [f"- 本月新出现的煤矿 Mines new this month: {new}"]
        lines += [f"- 本月未再出现的煤矿 Mines no longer reported: {gone}", ""]
    lines += ["### 对以往月份的更正 Corrections to earlier months", ""]
    rows = [
        [
            c["period"],
            f"#{c['number']}",
            AGENCY_INFO[c["agency"]].name_zh,
            ch["item"],
            ACTIONS[ch["action"]],
            f"{ch['before'] or '—'} → {ch['after'] or '—'}",
            c["reason"],
        ]
        for c in content["corrections"]
        for ch in c["changes"]
    ]
    if not rows:
        return lines + ["无 None.", ""]
    headers = ["月份 Month", "更正 No", "单位 Agency", "事项 Item", "变化 Change"]
    return lines + _table(headers + ["内容 Content", "原因 Reason"], rows)


def _items(content: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for number, entry in enumerate(content["agencies"], start=1):
        info = AGENCY_INFO[entry["agency"]]
        lines += [f"### （{ZH_NUMBERS[number - 1]}）{info.name_zh} {info.name_en}", ""]
        lines += [f"报送范围 Shares: {info.shares_zh} / {info.shares_en}", ""]
        if not entry["items"]:
            lines += ["本月未报送事项。 No items filed.", ""]
            continue
        kinds = ITEM_KINDS[entry["agency"]]
        rows = [
            [
                i["id"],
                " ".join(kinds[i["kind"]]),
                _mine(i["mine_key"], i["mine_name"]),
                i["text"],
                _figures(i["figures"]),
            ]
            for i in entry["items"]
        ]
        headers = ["编号 No", "类别 Kind", "煤矿 Mine", "内容 Content", "数据 Figures"]
        lines += _table(headers, rows)
    return lines


def _cross(content: dict[str, Any]) -> list[str]:
    if not content["cross_agency"]:
        return ["无 None.", ""]
    rows = [
        [
            _mine(m["mine_key"], m["mine_name"]),
            "；".join(
                f"{AGENCY_INFO[a].name_zh} {', '.join(ids)}"
                for a, ids in m["agencies"].items()
            ),
        ]
        for m in content["cross_agency"]
    ]
    return _table(["煤矿 Mine", "涉及单位及事项 Agencies and items"], rows)


def _late(content: dict[str, Any]) -> list[str]:
    rows = [
        [AGENCY_INFO[a["agency"]].label, STATUS_LABELS[a["state"]], a["filed_at"]]
        for a in content["agencies"]
        if a["state"] in (LATE, MISSING, PENDING)
    ]
    if not rows:
        return ["各单位均按时报送。 Every agency filed on time.", ""]
    return _table(["单位 Agency", "状态 Status", "报送时间 Filed"], rows)


def _action_rows(follow_ups: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            f"{f['period']} {f['item']}",
            ACTIONS[f["action"]],
            AGENCY_INFO[f["agency"]].name_zh,
            f["case"] or f["reason"],
            f["decision"]
            and f"{f['decision']} {f['decision_document']}".strip()
            or ("待审定 awaiting decision" if f["action"] == "escalated" else ""),
        ]
        for f in follow_ups
    ]


def _actions(content: dict[str, Any]) -> list[str]:
    rows = _action_rows(content["follow_ups"])
    if not rows:
        return ["上期通报无移交或上报事项。 Nothing was referred or escalated.", ""]
    return _table(ACTION_HEADERS, rows)


def _circulation(circulation: dict[str, Any]) -> list[str]:
    acks = circulation.get("acknowledgements", {})
    rows = [
        [
            AGENCY_INFO[a].label,
            acks[a]["by"] if a in acks else "",
            acks[a]["at"] if a in acks else "未签收 not acknowledged",
        ]
        for a in circulation.get("circulated_to", [])
    ]
    lines = _table(["分送单位 Member", "签收人 By", "签收时间 Acknowledged"], rows)
    actions = _action_rows(circulation.get("follow_ups", []))
    if actions:
        lines += ["### 本期通报事项的处理 Action on this bulletin's items", ""]
        lines += _table(ACTION_HEADERS, actions)
    return lines
