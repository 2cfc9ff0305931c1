"""A generated sharing round on the registered mines, for `overcap demo`.

Every item is derived from the mines' outputs and findings and labelled generated;
the liaison officers' names are invented.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from domain.mine import Mine
from domain.periods import Month
from domain.rules.base import NONE
from workflows.application import SHANGHAI
from workflows.sharing import SharingService

GENERATED = "【演示生成 generated】"
LIAISONS = {"emergency": "王强", "energy": "李娜", "inspectorate": "赵敏"}
# Day and time of M+1 each agency files: the inspectorate files late on purpose.
FILING = {"energy": (1, time(10, 0)), "emergency": (2, time(17, 30))}
FILING["inspectorate"] = (3, time(9, 15))


def _at(month: Month, day: int, clock: time) -> datetime:
    after = month.next()
    return datetime.combine(after.first_day.replace(day=day), clock, SHANGHAI)


def _hazards(mine: Mine, period: str) -> list[dict[str, Any]]:
    return [
        f
        for f in mine.current_findings()
        if f["outcome"] != NONE and f["subject"] in (period, period[:4])
    ]


def _energy(mines: list[Mine], period: str) -> list[dict[str, Any]]:
    items = []
    for mine in mines:
        capacity = mine.capacity_on(Month.parse(period).first_day) or 0
        figures = {"raw_coal_t": mine.outputs[period], "capacity_t_a": capacity}
        text = f"{GENERATED}{period} 原煤产量 / raw-coal output for {period}"
        items.append(
            {
                "kind": "production",
                "text": text,
                "mine_key": mine.key,
                "figures": figures,
            }
        )
        if _hazards(mine, period):
            text = f"{GENERATED}启动生产能力核定复核 / capacity re-verification opened"
            items.append(
                {"kind": "capacity_verification", "text": text, "mine_key": mine.key}
            )
    return items


def _emergency(mines: list[Mine], period: str) -> list[dict[str, Any]]:
    items = []
    for mine in mines:
        for finding in _hazards(mine, period)[:1]:
            rule = finding["rule"]
            text = f"{GENERATED}现场检查核实 {rule} / site check of {rule}"
            items.append({"kind": "inspection", "text": text, "mine_key": mine.key})
    if mines:
        text = f"{GENERATED}安全生产许可证延续颁发 / safety production licence renewed"
        items.append(
            {"kind": "licence_issued", "text": text, "mine_key": mines[-1].key}
        )
    return items


def _inspectorate(mines: list[Mine], period: str) -> list[dict[str, Any]]:
    items = []
    for mine in mines:
        hazards = [f for f in _hazards(mine, period) if f["outcome"] == "major_hazard"]
        if hazards:
            rules = "、".join(sorted({f["rule"] for f in hazards}))
            text = (
                f"{GENERATED}超能力生产重大事故隐患（{rules}），下达执法文书 / "
                f"major hazard ({rules}), enforcement document issued"
            )
            items.append({"kind": "enforcement", "text": text, "mine_key": mine.key})
    return items


def demo_round(app: SharingService, month: Month) -> str:
    """Files every agency's generated items for month M, compiles, returns the text."""
    period = str(month)
    for agency, name in LIAISONS.items():
        if not app.liaisons_on(month.first_day)[agency]:
            app.set_liaison(agency, name=name, since=month.first_day)
    mines = [app.mine(k) for k in app.mine_keys()]
    reporting = [m for m in mines if period in m.outputs]
    makers = {"energy": _energy, "emergency": _emergency}
    makers["inspectorate"] = _inspectorate
    round_ = app.sharing_round(period) if app.has_round(period) else None
    if round_ is None or not round_.compiled:
        for agency, make in makers.items():
            day, clock = FILING[agency]
            items = make(reporting, period)
            app.file_submission(period, agency, items, at=_at(month, day, clock))
        note = (
            "本通报数据为演示生成，非真实数据 / generated demonstration data, not real"
        )
        app.compile_bulletin(period, at=_at(month, 5, time(9, 0)), note=note)
    return app.bulletin_text(period)
