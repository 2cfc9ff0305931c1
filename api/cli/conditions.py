"""Commands for licences, capacity announcements and production conditions."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, print_json, table
from domain.rules.conditions import SCOPE_FIELDS

CHANGES = {
    "issued": "核发 issued",
    "renewed": "延续 renewed",
    "withheld": "暂扣 withheld",
    "revoked": "吊销 revoked",
}


def _imports_group(sub: Any) -> Any:
    """The sub-commands of `overcap import`, which the ledger module creates."""
    parser = sub.choices.get("import")
    for action in getattr(parser, "_actions", []):
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def register(sub: Any) -> None:
    imports = _imports_group(sub)
    if imports is not None:
        target = command(
            imports,
            "conditions",
            import_conditions,
            "导入许可证、公告与生产条件 import licences, announcements, conditions "
            "(JSON, docs/conditions.md)",
            listing=True,
        )
        target.add_argument("file", type=Path)
    licence = command(
        sub, "licence", show_licence, "安全生产许可证 a mine's licence", listing=True
    )
    licence.add_argument("mine")
    conditions = command(
        sub,
        "conditions",
        show_conditions,
        "许可、公告与实际生产条件对照 licence, announcement and conditions compared",
        listing=True,
    )
    conditions.add_argument("mine")
    conditions.add_argument("--period", help="YYYY-MM (default: the latest reported)")


def import_conditions(args: argparse.Namespace, container: Container) -> int:
    report = container.app.import_conditions(args.file)
    if args.json:
        print_json(report.as_dict())
        return 0
    print(
        f"新增 added {report.added}; 已有 unchanged {report.unchanged}; "
        f"事件 events {report.events}"
    )
    return 0


def show_licence(args: argparse.Namespace, container: Container) -> int:
    view = container.app.licence_view(args.mine)
    if args.json:
        print_json(view)
        return 0
    held = view["licence"]
    print(f"{view['mine']} {view['name']}")
    if held is None:
        print("无安全生产许可证记录 no licence recorded")
        return 0
    state = "有效 in force" if view["in_force_today"] else "无效 not in force"
    print(
        f"许可证 licence {held['number']}  {held['valid_from']} .. {held['valid_to']}  "
        f"{state} {view['not_in_force_because']}"
    )
    for name, value in held["scope"].items():
        print(f"  {' '.join(SCOPE_FIELDS[name])}: {_shown(value)}")
    rows = [
        [h["since"], CHANGES[h["change"]], h["number"], h.get("reason", "")]
        for h in view["history"]
    ]
    print(table(["日期 on", "变更 change", "编号 number", "原因 reason"], rows))
    return 0


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return f"{value:,}" if isinstance(value, int) else str(value)


def show_conditions(args: argparse.Namespace, container: Container) -> int:
    view = container.app.conditions_view(args.mine, args.period)
    if args.json:
        print_json(view)
        return 0
    announcement = view["announcement"]
    print(f"{view['mine']} {view['name']}  期间 period {view['period'] or '-'}")
    if announcement:
        print(
            f"公告 announcement {announcement['document']} {announcement['published']}"
        )
    body = [
        [
            r["label"],
            _shown(r["licence"]),
            _shown(r["announcement"]),
            _shown(r["worked"]),
            "≠ 不符 differs" if r["differs"] else "",
        ]
        for r in view["rows"]
    ]
    headers = ["项目 field", "许可证 licence", "公告 announcement", "实际 worked", ""]
    print(table(headers, body))
    for finding in view["findings"]:
        print(f"  {finding['finding_id']} {finding['rule']}: {finding['explanation']}")
    for measure in view["open_measures"]:
        late = "已逾期 overdue" if measure["overdue"] else "待采取 due"
        print(
            f"  须限产或停产 measure needed for {measure['finding_id']} "
            f"({measure['subject']}): {late} since {measure['due']}"
        )
    return 0
