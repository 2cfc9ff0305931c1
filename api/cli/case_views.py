"""Queries on the case read models: violations, the R18 bar, board, escalations."""

from __future__ import annotations

import argparse
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, parse_date, print_json, table
from api.cli.read_models import fresh
from domain.case_facts import STATE_LABELS

AGENCY_LABELS = {
    "emergency": "应急管理局 emergency",
    "energy": "能源局 energy",
    "inspectorate": "监察执法四处 inspectorate",
    "system": "系统 system",
}


def register(sub: Any) -> None:
    violations = command(
        sub,
        "violations",
        show_violations,
        "违法与处罚记录 violation history",
        listing=True,
    )
    violations.add_argument("mine")
    barred = command(
        sub, "barred", show_barred, "不得核增核减 mines barred by R18", listing=True
    )
    barred.add_argument("--as-of", type=parse_date)
    board = command(sub, "board", show_board, "案件看板 open cases", listing=True)
    board.add_argument("--state")
    board.add_argument("--agency")
    board.add_argument("--county")
    board.add_argument("--as-of", type=parse_date)
    escalations = command(
        sub, "escalations", show_escalations, "提请市政府 escalations", listing=True
    )
    escalations.add_argument("--county")
    escalations.add_argument("--rule")
    escalations.add_argument("--from", dest="since", type=parse_date)
    escalations.add_argument("--to", dest="until", type=parse_date)
    escalations.add_argument("--status", choices=("open", "decided"))


def show_violations(args: argparse.Namespace, container: Container) -> int:
    rows = fresh(container, "violations").history(args.mine)
    if args.json:
        print_json(rows)
        return 0
    body = [
        [
            r["on_date"],
            "违法 violation" if r["kind"] == "violation" else "处罚 penalty",
            r["entry_id"],
            r["rule"],
            r["case_id"],
            r["agency"],
            "-" if r["company_fine"] is None else f"{r['company_fine']:,}",
            "-" if r["person_fine"] is None else f"{r['person_fine']:,}",
            r["suspension_days"] or "-",
        ]
        for r in rows
    ]
    headers = [
        "日期 date",
        "类别 kind",
        "编号 id",
        "规则 rule",
        "案件 case",
        "机关 agency",
        "企业罚款 company",
        "个人罚款 person",
        "停产天数 days",
    ]
    print(table(headers, body, numeric=(6, 7)))
    return 0


def show_barred(args: argparse.Namespace, container: Container) -> int:
    as_of = args.as_of or container.app.today()
    rows = fresh(container, "capacity_bar").barred(as_of, container.app.rules)
    if args.json:
        print_json(rows)
        return 0
    body = [
        [r["mine_key"], r["name_zh"] or r["name_en"], r["counted"]]
        + [", ".join(r["penalty_ids"])]
        for r in rows
    ]
    headers = ["编号 key", "煤矿 mine", "处罚数 count", "计入的处罚 decisions counted"]
    print(table(headers, body, numeric=(2,)))
    return 0


def show_board(args: argparse.Namespace, container: Container) -> int:
    as_of = args.as_of or container.app.today()
    rows = fresh(container, "case_board").board(
        as_of,
        container.app.rules,
        state=args.state,
        agency=args.agency,
        county=args.county,
    )
    if args.json:
        print_json(rows)
        return 0
    body = [
        [
            r["case_id"],
            r["county_zh"] or r["county_en"],
            STATE_LABELS.get(r["state"], r["state"]),
            AGENCY_LABELS.get(r["agency"], r["agency"]),
            r["next_step"],
            r["due"] or "-",
            "逾期 overdue" if r["overdue"] else "",
        ]
        for r in rows
    ]
    headers = [
        "案件 case",
        "县 county",
        "状态 state",
        "机关 agency",
        "下一步 next",
        "期限 due",
        "",
    ]
    print(table(headers, body))
    return 0


def show_escalations(args: argparse.Namespace, container: Container) -> int:
    rows = fresh(container, "escalations").search(
        county=args.county,
        rule=args.rule,
        since=args.since,
        until=args.until,
        status=args.status,
    )
    if args.json:
        print_json(rows)
        return 0
    body = [
        [
            r["escalation_id"],
            r["county_zh"] or r["county_en"],
            r["escalated_on"],
            r["rule"] or r["clause"],
            "已决定 decided" if r["status"] == "decided" else "待决定 open",
            r["outcome"] or "-",
        ]
        for r in rows
    ]
    headers = [
        "提请 id",
        "县 county",
        "日期 on",
        "规则 rule",
        "状态 status",
        "结果 outcome",
    ]
    print(table(headers, body))
    return 0
