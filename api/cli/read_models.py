"""Queries on the read models; each catches its model up first when it can."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, parse_date, print_json, table


def register(sub: Any) -> None:
    chart = command(
        sub,
        "monthly",
        show_monthly,
        "月度产量与限额 monthly output and limits",
        listing=True,
    )
    chart.add_argument("mine")
    chart.add_argument("--year", type=int)
    supervision = command(
        sub, "supervision", show_supervision, "重点监管 key supervision", listing=True
    )
    supervision.add_argument("--as-of", type=parse_date)
    supervision.add_argument(
        "--all", action="store_true", help="every mine, not only those supervised"
    )


def fresh(container: Container, name: str) -> Any:
    """The view of a read model, caught up or with a note on how far behind it is."""
    position = container.read_models.fresh(name)
    if position.pending:
        print(
            f"注意 note: 读模型 {name} 落后 {position.pending} 条事件 / read model "
            f"{name} is {position.pending} events behind (a projector is running)",
            file=sys.stderr,
        )
    return container.read_models.view(name)


def show_monthly(args: argparse.Namespace, container: Container) -> int:
    year = args.year or container.app.today().year
    chart = fresh(container, "monthly_output").chart(args.mine, year)
    if args.json:
        print_json(chart)
        return 0
    rows = [
        [
            m["period"],
            "-" if m["tonnes"] is None else f"{m['tonnes']:,}",
            m["monthly_limit"],
            "超 over" if m["over_monthly"] else "",
            f"{m['cumulative']:,}",
        ]
        for m in chart["months"]
    ]
    headers = ["月份 month", "产量 t", "月限 limit", "", "累计 cumulative"]
    print(table(headers, rows, numeric=(1, 2, 4)))
    limit, output = chart["annual_limit"], chart["output"]
    print(f"年度限额 annual limit {limit} t，累计 output {output:,} t")
    return 0


def show_supervision(args: argparse.Namespace, container: Container) -> int:
    as_of = args.as_of or container.app.today()
    view = fresh(container, "key_supervision")
    rows = view.schedule(as_of, container.app.rules, everyone=args.all)
    if args.json:
        print_json(rows)
        return 0
    body = [
        [
            r["mine_key"],
            r["name_zh"] or r["name_en"],
            r["county_zh"] or r["county_en"],
            r["since"] or "-",
            f"{r['every_months']} 月 months",
            r["last"] or "-",
            r["next_due"] or "-",
            "逾期 overdue" if r["overdue"] else "",
        ]
        for r in rows
    ]
    headers = [
        "编号 key",
        "煤矿 mine",
        "县 county",
        "监管起 since",
        "频次 every",
        "上次检查 last",
        "下次 due",
        "",
    ]
    print(table(headers, body))
    return 0
