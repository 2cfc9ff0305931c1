"""Commands for R19 monthly sharing, bulletins, liaison officers and joint meetings.

`overcap share file 2025-11 energy items.csv` files (or amends, or after the
bulletin corrects with --reason) a submission; the file format is in
workflows/sharing_files.py and docs/sharing.md.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, parse_date, print_json, table
from domain.agencies import AGENCY_INFO
from domain.errors import InvalidInputError
from domain.meetings import MEASURE_LABELS
from domain.sharing import STATUS_LABELS


def register(sub: Any) -> None:
    share = sub.add_parser("share", help="月度信息共享 monthly sharing (R19)")
    verbs = share.add_subparsers(dest="verb", required=True, metavar="VERB")
    filing = command(verbs, "file", file_items, "报送或更正 file a submission")
    filing.add_argument("period", help="month YYYY-MM")
    filing.add_argument("agency", choices=list(AGENCY_INFO))
    filing.add_argument("file", type=Path, help="CSV or JSON, see docs/sharing.md")
    filing.add_argument("--by", default="", help="who files (default: the liaison)")
    filing.add_argument("--reason", default="", help="why, for a correction")
    status = command(verbs, "status", show_status, "报送情况 who filed", listing=True)
    status.add_argument("period")
    compiling = command(verbs, "compile", compile_bulletin, "编制通报 compile")
    compiling.add_argument("period")
    compiling.add_argument("--note", default="", help="a note printed on top")
    show = command(verbs, "bulletin", show_bulletin, "查看通报 print a bulletin")
    show.add_argument("period")
    ack = command(verbs, "ack", acknowledge, "签收通报 acknowledge a bulletin")
    ack.add_argument("period")
    ack.add_argument("agency", choices=list(AGENCY_INFO))
    ack.add_argument("--by", default="")
    for name, handler, text in (
        ("refer", refer, "移交联合执法 refer an item to joint enforcement"),
        ("escalate", escalate, "上报市政府 escalate an item as a major issue"),
    ):
        verb = command(verbs, name, handler, text)
        verb.add_argument("period")
        verb.add_argument("item", help="item number, e.g. EN-03")
        verb.add_argument("agency", choices=list(AGENCY_INFO), help="who acts")
        verb.add_argument("--reason", default="", required=name == "escalate")
        verb.add_argument("--by", default="", help="officer (default: the liaison)")
    decide = command(verbs, "decide", decide_item, "市政府审定决策 record a decision")
    decide.add_argument("period")
    decide.add_argument("item")
    decide.add_argument("decision")
    decide.add_argument("--document", default="")
    decide.add_argument("--on", type=parse_date, help="decision date")
    _register_people(verbs)


def _register_people(verbs: Any) -> None:
    liaison = command(verbs, "liaison", set_liaison, "指定联络员 set a liaison officer")
    liaison.add_argument("agency", choices=list(AGENCY_INFO))
    liaison.add_argument("name")
    liaison.add_argument("--contact", default="")
    liaison.add_argument("--since", type=parse_date, help="first day (default today)")
    command(verbs, "liaisons", list_liaisons, "联络员 liaison officers", listing=True)
    meeting = command(verbs, "meeting", record_meeting, "记录联席会议 record a meeting")
    meeting.add_argument("file", type=Path, help="JSON, see docs/sharing.md")
    command(verbs, "measures", list_measures, "会议措施 agreed measures", listing=True)


def file_items(args: argparse.Namespace, container: Container) -> int:
    round_ = container.app.file_submission_file(
        args.period, args.agency, args.file, by=args.by, reason=args.reason
    )
    items = round_.items_of(args.agency)
    print(f"已报送 filed: {args.agency} {round_.period}, {len(items)} item(s)")
    return 0


def show_status(args: argparse.Namespace, container: Container) -> int:
    status = container.app.sharing_status(args.period)
    if args.json:
        print_json(status)
        return 0
    rows = [
        [
            AGENCY_INFO[a].label,
            STATUS_LABELS[s["state"]],
            s["filed_at"] or "",
            s["items"],
        ]
        for a, s in status.items()
    ]
    deadline = container.app.sharing_deadline(args.period)
    print(f"{deadline.basis_zh}\n{deadline.basis_en}\n")
    print(table(["单位 Agency", "状态 Status", "报送 Filed", "事项 Items"], rows, (3,)))
    return 0


def compile_bulletin(args: argparse.Namespace, container: Container) -> int:
    container.app.compile_bulletin(args.period, note=args.note)
    print(container.app.bulletin_text(args.period))
    return 0


def show_bulletin(args: argparse.Namespace, container: Container) -> int:
    print(container.app.bulletin_text(args.period))
    return 0


def acknowledge(args: argparse.Namespace, container: Container) -> int:
    container.app.acknowledge_bulletin(args.period, args.agency, by=args.by)
    print(f"已签收 acknowledged: {args.agency} {args.period}")
    return 0


def refer(args: argparse.Namespace, container: Container) -> int:
    round_ = container.app.refer_item(args.period, args.item, args.agency, by=args.by)
    action = round_.actions[args.item.upper()]
    print(f"已移交 referred: {args.item} → {action['case'] or action['mine_key']}")
    return 0


def escalate(args: argparse.Namespace, container: Container) -> int:
    container.app.escalate_item(args.period, args.item, args.agency, reason=args.reason)
    print(f"已上报市政府 escalated: {args.period} {args.item}")
    return 0


def decide_item(args: argparse.Namespace, container: Container) -> int:
    container.app.record_decision(
        args.period,
        args.item,
        decision=args.decision,
        document=args.document,
        decided_on=args.on,
    )
    print(f"已记录决定 decision recorded: {args.period} {args.item}")
    return 0


def set_liaison(args: argparse.Namespace, container: Container) -> int:
    container.app.set_liaison(
        args.agency, name=args.name, contact=args.contact, since=args.since
    )
    print(f"联络员 liaison of {args.agency}: {args.name}")
    return 0


def list_liaisons(args: argparse.Namespace, container: Container) -> int:
    found = {a: container.app.agency(a) for a in AGENCY_INFO}
    history = {a: g.liaisons if g else [] for a, g in found.items()}
    if args.json:
        print_json(history)
        return 0
    rows = [
        [AGENCY_INFO[a].label, x["name"], x["contact"], x["since"], x["until"] or ""]
        for a, people in history.items()
        for x in people
    ]
    print(
        table(
            ["单位 Agency", "联络员 Liaison", "联系 Contact", "起 From", "止 To"], rows
        )
    )
    return 0


def record_meeting(args: argparse.Namespace, container: Container) -> int:
    data = json.loads(args.file.read_text(encoding="utf-8"))
    for number, measure in enumerate(data.get("measures", []), start=1):
        measure["due"] = _date(f"measure {number} due", measure.get("due"))
    meeting = container.app.record_meeting(
        held_on=_date("held_on", data.get("held_on")),
        attendees=data.get("attendees", {}),
        inspections=data.get("inspections", []),
        analysis=data.get("analysis", ""),
        measures=data.get("measures", []),
    )
    print(
        f"联席会议 joint meeting {meeting.held_on}: {len(meeting.measures)} measure(s)"
    )
    return 0


def _date(field: str, value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInputError(field, f"{value!r} is not a date YYYY-MM-DD") from None


def list_measures(args: argparse.Namespace, container: Container) -> int:
    measures = container.app.measures()
    if args.json:
        print_json(measures)
        return 0
    rows = [
        [m["held_on"], m["number"], m["text"], m["owner"], m["due"]]
        + [MEASURE_LABELS[m["state"]]]
        for m in measures
    ]
    headers = ["会议 Meeting", "序号 No", "措施 Measure", "责任 Owner", "期限 Due"]
    print(table(headers + ["状态 State"], rows))
    return 0
