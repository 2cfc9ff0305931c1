"""`overcap users`: people who may call the HTTP API, and their tokens."""

from __future__ import annotations

import argparse
from typing import Any

from api.bootstrap import Container
from api.cli.common import command, print_json, table
from api.http.store import ROLES, ApiStore


def register(sub: Any) -> None:
    users = sub.add_parser("users", help="API 用户 API users").add_subparsers(
        dest="what", required=True, metavar="WHAT"
    )
    add = command(
        users, "add", add_user, "新增用户并打印令牌 add a user; prints its token once"
    )
    add.add_argument("name")
    add.add_argument("--agency", required=True, help="emergency, energy, ...")
    add.add_argument(
        "--role", action="append", required=True, choices=ROLES, help="repeatable"
    )
    command(users, "list", list_users, "用户列表 list users", listing=True)


def add_user(args: argparse.Namespace, container: Container) -> int:
    store = ApiStore(container.database, pool_size=1)
    try:
        token = store.add_user(args.name, args.agency, args.role)
    finally:
        store.close()
    print(f"令牌只显示一次 the token is shown once; keep it: {token}")
    return 0


def list_users(args: argparse.Namespace, container: Container) -> int:
    store = ApiStore(container.database, pool_size=1)
    try:
        rows = store.users()
    finally:
        store.close()
    if args.json:
        print_json(rows)
        return 0
    body = [
        [r["name"], r["agency"], ", ".join(r["roles"]), r["token_hash_prefix"]]
        for r in rows
    ]
    print(table(["姓名 name", "单位 agency", "角色 roles", "sha256"], body))
    return 0
