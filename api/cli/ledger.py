"""Commands for the mine ledger: imports, listings and the auditor's history."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, parse_date, plain, print_json, table
from api.presentation import event_row, mine_row, state_summary
from domain.errors import InvalidInputError
from domain.periods import Month
from workflows.gem import parse_registry

GEM_SOURCE = "GEM Global Coal Mine Tracker"


def register(sub: Any) -> None:
    imports = sub.add_parser("import", help="导入数据 import data").add_subparsers(
        dest="what", required=True, metavar="WHAT"
    )
    registry = command(
        imports,
        "registry",
        import_registry,
        "导入煤矿名录 import the GEM tracker CSV",
        listing=True,
    )
    registry.add_argument("file", type=Path)
    registry.add_argument("--prefecture", help="e.g. Xinzhou")
    registry.add_argument("--province", help="e.g. Shanxi")
    registry.add_argument("--country", help="e.g. China")
    registry.add_argument(
        "--capacity-effective",
        type=parse_date,
        default=date(2020, 1, 1),
        help="date from which the tracker's capacities count (default 2020-01-01)",
    )
    outputs = command(
        imports,
        "outputs",
        import_outputs,
        "导入月度产量 import monthly outputs (mine_key,period,tonnes,agency)",
        listing=True,
    )
    outputs.add_argument("file", type=Path)
    mines = command(sub, "mines", list_mines, "煤矿列表 list mines", listing=True)
    mines.add_argument("--year", type=int, help="year for output to date")
    history = command(
        sub, "history", show_history, "煤矿事件历史 a mine's full history", listing=True
    )
    history.add_argument("mine")
    history.add_argument("--as-of", type=parse_date, help="state as of a business date")
    history.add_argument("--version", type=int, help="state at a version")
    report = command(
        sub, "report", report_output, "上报月度产量 report a month's output"
    )
    report.add_argument("mine")
    report.add_argument("period", help="YYYY-MM")
    report.add_argument("tonnes", type=int)
    report.add_argument("--agency", required=True)
    correct = command(sub, "correct", correct_output, "更正月度产量 correct a figure")
    correct.add_argument("mine")
    correct.add_argument("period", help="YYYY-MM")
    correct.add_argument("tonnes", type=int)
    correct.add_argument("--agency", required=True)
    correct.add_argument("--reason", required=True)


def progress(done: int, total: int) -> None:
    if total >= 200 and (done % 200 == 0 or done == total):
        print(f"  {done}/{total}", file=sys.stderr, flush=True)


def import_registry(args: argparse.Namespace, container: Container) -> int:
    parsed = parse_registry(
        args.file,
        prefecture=args.prefecture,
        province=args.province,
        country=args.country,
    )
    report = container.app.import_registry(
        parsed,
        capacity_effective=args.capacity_effective,
        source=f"{GEM_SOURCE} ({args.file.name})",
        progress=progress,
    )
    if args.json:
        print_json({"records_read": parsed.records_read, **report.as_dict()})
        return 0
    phases = [r for r in report.rejected if "another project phase" in r["reason"]]
    untrusted = [r for r in report.rejected if r not in phases]
    print(
        f"读取 {parsed.records_read} 条记录 records read; 新增 added {report.added}; "
        f"已有 unchanged {report.unchanged}; 另一期项目 further phases {len(phases)}; "
        f"不可信未导入 untrusted, not imported {len(untrusted)}"
    )
    for reject in phases + untrusted:
        print(
            f"  记录 record {reject['record']} (line {reject['line']}) "
            f"{reject['key'] or '-'}: {reject['reason']}"
        )
    return 0


def import_outputs(args: argparse.Namespace, container: Container) -> int:
    report = container.app.import_outputs(args.file, progress=progress)
    if args.json:
        print_json(report.as_dict())
    else:
        print(
            f"新增 added {report.added}; 已有 unchanged {report.unchanged}; "
            f"事件 events {report.events}"
        )
    return 0


def mine_rows(
    container: Container, year: int, finding_years: set[int] | None = None
) -> list[dict[str, Any]]:
    app = container.app
    return [mine_row(app.mine(key), year, finding_years) for key in app.mine_keys()]


def list_mines(args: argparse.Namespace, container: Container) -> int:
    year = args.year or container.app.today().year
    rows = mine_rows(container, year)
    if args.json:
        print_json(rows)
        return 0
    print(mines_table(rows, year))
    return 0


def mines_table(
    rows: list[dict[str, Any]], year: int, findings_label: str = "现有结论 findings"
) -> str:
    body = [
        [
            r["key"],
            r["name_zh"] or r["name_en"],
            r["county"],
            r["status"],
            f"{r['capacity']:,}" if r["capacity"] else "-",
            f"{r['output_to_date']:,}" + ("*" if r["outputs_generated"] else ""),
            r["open_cases"] or "-",
            ", ".join(sorted({f.split()[0] for f in r["findings"]}, key=_rule_number))
            or "-",
        ]
        for r in rows
    ]
    headers = [
        "编号 key",
        "煤矿 mine",
        "县 county",
        "状态 status",
        "能力 t/a",
        f"{year}累计 YTD t",
        "在办案件 open cases",
        findings_label,
    ]
    return table(headers, body, numeric=(4, 5, 6))


def _rule_number(rule: str) -> int:
    return int(rule.lstrip("R"))


def report_output(args: argparse.Namespace, container: Container) -> int:
    mine = container.app.report_output(
        args.mine, period=args.period, tonnes=args.tonnes, agency=args.agency
    )
    print_findings_after(mine, args.period)
    return 0


def correct_output(args: argparse.Namespace, container: Container) -> int:
    mine = container.app.correct_output(
        args.mine,
        period=args.period,
        tonnes=args.tonnes,
        agency=args.agency,
        reason=args.reason,
    )
    print_findings_after(mine, args.period)
    return 0


def print_findings_after(mine: Any, period: str) -> None:
    year = str(Month.parse(period).year)
    print(f"{mine.key} 版本 version {mine.version}")
    for finding in mine.current_findings():
        if finding["subject"] in (period, year):
            print(
                f"  {finding['finding_id']} {finding['rule']}: {finding['explanation']}"
            )


def show_history(args: argparse.Namespace, container: Container) -> int:
    app = container.app
    if args.as_of is not None and args.version is not None:
        raise InvalidInputError("version", "give --as-of or --version, not both")
    if args.as_of is not None:
        state, stored = app.mine_as_of(args.mine, args.as_of)
    else:
        stored = app.events_of(args.mine)
        if args.version is not None and not 1 <= args.version <= len(stored):
            raise InvalidInputError(
                "version", f"mine {args.mine} has versions 1 to {len(stored)}"
            )
        stored = stored[: args.version]
        state = app.mine(args.mine, version=args.version)
    events = [event_row(e) for e in stored]
    if args.json:
        print_json(
            {
                "mine": args.mine,
                "version": state.version,
                "events": events,
                "state": state_summary(state),
            }
        )
        return 0
    for e in events:
        summary = "; ".join(
            f"{k}={plain(v)}" for k, v in e["data"].items() if k != "inputs"
        )
        print(f"v{e['version']:<4} {e['on']}  {e['event']:<28} {summary}")
    print()
    as_of = f" as of {args.as_of}" if args.as_of else ""
    print(f"状态 state{as_of}, from {len(stored)} event(s):")
    for name, value in state_summary(state).items():
        print(f"  {name}: {plain(value)}")
    return 0
