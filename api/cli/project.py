"""`overcap project`: runs, rebuilds and verifies the read models."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from time import monotonic
from typing import Any

from api.bootstrap import Container
from api.cli.common import command
from projections.projector import Projector
from projections.rebuild import rebuild
from projections.verify import verify

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    project = command(
        sub,
        "project",
        project_command,
        "投影读模型 run the read models (rebuild NAME / verify NAME)",
    )
    project.add_argument(
        "action", nargs="?", default="run", choices=("run", "rebuild", "verify")
    )
    project.add_argument("name", nargs="?", help="read model, for rebuild and verify")
    project.add_argument(
        "--only", action="append", help="run only this read model (repeatable)"
    )
    project.add_argument(
        "--interval", type=float, default=10.0, help="seconds between position logs"
    )


def project_command(args: argparse.Namespace, container: Container) -> int:
    models = container.read_models
    if args.action == "run":
        return run(container, args.only or models.names, args.interval)
    if not args.name:
        print(f"需要读模型名称 a read model name is needed: {models.names}")
        return 2
    models.model(args.name)
    if args.action == "rebuild":
        position = rebuild(models, args.name)
        print(f"已重建 rebuilt {args.name} 至 to notification {position.position}")
        return 0
    differences = verify(models, args.name)
    for line in differences:
        print(line)
    if differences:
        print(f"{args.name}: {len(differences)} 处不同 difference(s)")
        return 1
    print(f"{args.name}: 与重建一致 matches a rebuild")
    return 0


def run(container: Container, names: list[str], interval: float) -> int:
    for name in names:
        container.read_models.model(name)
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    projector = Projector(container.read_models, names)
    log.info("projecting %s in schema %s", ", ".join(names), container.database.schema)
    logged = monotonic()
    try:
        while not stop.wait(0.5):
            projector.check()
            if monotonic() - logged >= interval:
                logged = monotonic()
                for position in projector.positions():
                    log.info(
                        "%s: position %s, head %s, pending %s",
                        position.name,
                        position.position,
                        position.head,
                        position.pending,
                    )
    finally:
        projector.close()
    print("投影程序已停止 projector stopped", file=sys.stderr)
    return 0
