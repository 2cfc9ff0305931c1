"""`overcap rules`: every rule version in force and the configured limits."""

from __future__ import annotations

import argparse
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, print_json, table
from domain.rules.catalog import all_versions


def register(sub: Any) -> None:
    command(
        sub, "rules", show_rules, "规则与参数 rule versions and settings", listing=True
    )


def show_rules(args: argparse.Namespace, container: Container) -> int:
    versions = [
        {
            "rule": v.rule,
            "version": v.version,
            "effective_from": v.effective_from,
            "title": v.title,
            "basis": v.basis,
        }
        for v in all_versions()
    ]
    if args.json:
        print_json({"versions": versions, "settings": container.app.rules.as_dict()})
        return 0
    print(
        table(
            ["规则 rule", "版本 v", "施行 from", "名称 title", "依据 basis"],
            [list(v.values()) for v in versions],
        )
    )
    print()
    for name, value in container.app.rules.as_dict().items():
        print(f"  {name} = {value}")
    return 0
