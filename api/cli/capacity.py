"""`overcap capacity apply`: applications for capacity increases and decreases."""

from __future__ import annotations

import argparse
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, print_json


def register(sub: Any) -> None:
    capacity = sub.add_parser("capacity", help="核增核减 capacity changes")
    actions = capacity.add_subparsers(dest="action", required=True, metavar="ACTION")
    apply = command(
        actions,
        "apply",
        apply_change,
        "申请核增或核减 apply for a capacity increase or decrease (R18)",
        listing=True,
    )
    apply.add_argument("mine")
    apply.add_argument("--kind", required=True, choices=("increase", "decrease"))
    apply.add_argument("--tonnes", required=True, type=int, help="t/a to add or remove")
    apply.add_argument("--reason", default="", help="why the mine applies")


def apply_change(args: argparse.Namespace, container: Container) -> int:
    application = container.app.apply_capacity_change(
        args.mine, kind=args.kind, tonnes=args.tonnes, reason=args.reason
    )
    if args.json:
        print_json(application)
        return 0
    print(
        f"已受理 accepted {application['application_id']}: {args.kind} "
        f"{args.tonnes:,} t/a — {application['explanation']}"
    )
    return 0
