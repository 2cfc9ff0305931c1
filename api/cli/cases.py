"""Case commands: open, advance and show cases; take and attach tip-offs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, parse_date, print_json, table
from domain.case_facts import AGENCIES, CHANNELS, ORIGINS, STATE_LABELS
from domain.errors import InvalidInputError
from workflows.case_machine import table as life_cycle
from workflows.informants import IDENTITY_FIELDS


def _officer(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--officer", required=required, help="执法人员 officer's name")
    parser.add_argument("--agency", required=required, choices=AGENCIES)


def _informant(parser: argparse.ArgumentParser) -> None:
    for field in IDENTITY_FIELDS:
        parser.add_argument(f"--informant-{field.replace('_', '-')}", default="")
    parser.add_argument("--channel", choices=CHANNELS, default="public")
    parser.add_argument(
        "--follow-up", action="store_true", help="给匿名举报人查询码 a follow-up code"
    )


def register(sub: Any) -> None:
    case = sub.add_parser("case", help="案件 cases").add_subparsers(
        dest="what", required=True, metavar="WHAT"
    )
    opened = command(case, "open", open_case, "立案 open a case", listing=True)
    opened.add_argument("mine")
    opened.add_argument("--origin", required=True, choices=ORIGINS)
    opened.add_argument("--summary", required=True, help="案由 what it is about")
    opened.add_argument("--reference", default="", help="通报、计划或事故编号")
    opened.add_argument("--finding", action="append", default=[], dest="findings")
    _officer(opened)
    _informant(opened)
    advance = command(
        case, "advance", advance_case, "推进案件 advance a case", listing=True
    )
    advance.add_argument("case")
    advance.add_argument("trigger", help="see `overcap case lifecycle`")
    advance.add_argument("--data", default="{}", help="JSON, or @file holding JSON")
    advance.add_argument("--expected-version", type=int)
    _officer(advance)
    show = command(case, "show", show_case, "查看案件 show a case", listing=True)
    show.add_argument("case")
    show.add_argument("--as-of", type=parse_date, help="期限计算日 deadlines as of")
    command(case, "lifecycle", show_life_cycle, "案件流程 the life cycle", listing=True)
    informants = command(
        case, "informants", show_informants, "举报人身份 (仅奖励经办人) informants"
    )
    informants.add_argument("case")
    _officer(informants)
    cases = command(sub, "cases", list_cases, "煤矿的案件 a mine's cases", listing=True)
    cases.add_argument("mine")
    tipoff = sub.add_parser("tipoff", help="举报 tip-offs").add_subparsers(
        dest="what", required=True, metavar="WHAT"
    )
    receive = command(
        tipoff, "receive", receive_tipoff, "受理举报 take a tip-off", listing=True
    )
    receive.add_argument("--content", required=True)
    receive.add_argument("--mine", default="", help="煤矿编号 registry key, if known")
    receive.add_argument("--mine-hint", default="", help="举报所称煤矿 mine as named")
    _informant(receive)
    _officer(receive, required=False)
    attach = command(
        tipoff, "attach", attach_tipoff, "关联举报 attach to a mine", listing=True
    )
    attach.add_argument("receipt")
    attach.add_argument("mine")
    attach.add_argument("--case", default="", help="并入已有案件 an open case")
    _officer(attach)
    status = command(
        tipoff, "status", tipoff_status, "查询进度 follow up", listing=True
    )
    status.add_argument("receipt")
    status.add_argument("code")
    tipoffs = command(sub, "tipoffs", list_tipoffs, "举报列表 tip-offs", listing=True)
    tipoffs.add_argument("--unmatched", action="store_true", help="未关联 unmatched")


def _actor(args: argparse.Namespace) -> dict[str, str]:
    return {"officer": args.officer, "agency": args.agency}


def _informant_fields(args: argparse.Namespace) -> dict[str, str]:
    return {f: getattr(args, f"informant_{f}") for f in IDENTITY_FIELDS}


def _data(text: str) -> dict[str, Any]:
    raw = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InvalidInputError("data", f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise InvalidInputError("data", "must be a JSON object")
    return data


def _print_case(case: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(case)
        return
    print(f"{case['case_id']}  {STATE_LABELS[case['state']]}  ({case['origin']})")
    print(f"  {case['summary']}")
    rows = [
        [
            h["on"],
            h["step"],
            h["state"],
            f"{h['actor']['officer']} ({h['actor']['agency']})",
        ]
        for h in case["history"]
    ]
    print(table(["日期 on", "步骤 step", "状态 state", "经办 by"], rows))


def open_case(args: argparse.Namespace, container: Container) -> int:
    if args.origin == "tipoff":
        # A tip-off taken by an officer: the informant keeps the receipt and code.
        args.content, args.mine_hint = args.summary, ""
        return receive_tipoff(args, container)
    case = container.app.open_case(
        args.mine,
        origin=args.origin,
        summary=args.summary,
        actor=_actor(args),
        reference=args.reference,
        finding_ids=args.findings,
    )
    _print_case(case, args.json)
    return 0


def advance_case(args: argparse.Namespace, container: Container) -> int:
    case = container.app.advance(
        args.case,
        args.trigger,
        _data(args.data),
        _actor(args),
        expected_version=args.expected_version,
    )
    _print_case(case, args.json)
    return 0


def show_case(args: argparse.Namespace, container: Container) -> int:
    view = container.app.case_view(args.case, args.as_of)
    if args.json:
        print_json(view)
        return 0
    _print_case(view, False)
    print(f"可执行 allowed next: {', '.join(view['allowed_triggers']) or '-'}")
    rows = [[d["due"], d["kind"], d["status"], d["basis"]] for d in view["deadlines"]]
    print(f"期限 deadlines as of {view['as_of']}:")
    print(table(["期限 due", "事项 what", "状态 status", "依据 basis"], rows))
    return 0


def show_life_cycle(args: argparse.Namespace, container: Container) -> int:
    rows = life_cycle()
    if args.json:
        print_json(rows)
        return 0
    body = [
        [r["trigger"], r["source"], r["dest"], ", ".join(r["guards"]), r["branch"]]
        for r in rows
    ]
    headers = ["触发 trigger", "从 from", "到 to", "条件 guards", "分支 branch"]
    print(table(headers, body))
    return 0


def show_informants(args: argparse.Namespace, container: Container) -> int:
    print_json(container.app.informant_identity(args.case, reward_officer=_actor(args)))
    return 0


def list_cases(args: argparse.Namespace, container: Container) -> int:
    cases = container.app.cases_of(args.mine)
    if args.json:
        print_json(cases)
        return 0
    rows = [
        [
            c["case_id"],
            c["origin"],
            STATE_LABELS[c["state"]],
            c["opened_on"],
            c["summary"][:40],
        ]
        for c in cases
    ]
    print(
        table(["案件 case", "来源 origin", "状态 state", "立案 opened", "案由"], rows)
    )
    return 0


def receive_tipoff(args: argparse.Namespace, container: Container) -> int:
    receipt = container.app.receive_tipoff(
        content=args.content,
        channel=args.channel,
        mine_key=args.mine,
        mine_hint=args.mine_hint,
        informant=_informant_fields(args),
        follow_up=args.follow_up,
        received_by=_actor(args) if args.officer else None,
    )
    if args.json:
        print_json(receipt.as_dict())
        return 0
    print(f"回执 receipt: {receipt.receipt_zh} / {receipt.receipt}")
    if receipt.follow_up_code:
        print(
            f"查询码 follow-up code (请妥善保存 keep it safe): {receipt.follow_up_code}"
        )
    print(f"案件 case: {receipt.case_id or '待关联 unmatched, kept for an officer'}")
    return 0


def attach_tipoff(args: argparse.Namespace, container: Container) -> int:
    case = container.app.attach_tipoff(
        args.receipt, mine_key=args.mine, actor=_actor(args), case_id=args.case
    )
    _print_case(case, args.json)
    return 0


def tipoff_status(args: argparse.Namespace, container: Container) -> int:
    status = container.app.tipoff_status(args.receipt, args.code)
    if args.json:
        print_json(status)
    else:
        print(f"{status['receipt']} ({status['received_on']}): {status['progress']}")
    return 0


def list_tipoffs(args: argparse.Namespace, container: Container) -> int:
    rows = container.app.tipoffs(unmatched=args.unmatched)
    if args.json:
        print_json(rows)
        return 0
    body = [
        [r["receipt"], r["received_on"], r["channel"], r["mine_hint"] or "-"]
        + [r["case_id"] or "待关联 unmatched", r["content"][:30]]
        for r in rows
    ]
    headers = ["回执 receipt", "日期 on", "渠道", "所称煤矿 mine", "案件 case", "内容"]
    print(table(headers, body))
    return 0
