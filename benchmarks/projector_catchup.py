"""How fast a cold projector catches up, next to merely reading and decoding events.

Writes 100,000 events into a scratch schema on the configured PostgreSQL (POSTGRES_*,
else 127.0.0.1:5432 database test), times both, and drops the schema afterwards.
Run: python -m benchmarks.projector_catchup
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import date
from typing import Any, ClassVar

from psycopg import sql

from api.bootstrap import build
from api.settings import Settings
from domain.mine import Mine
from domain.rules.config import RulesConfig
from workflows.application import BaseApplication

EVENTS = 100_000
MINES = 250
BATCH = 25
LOCAL = {
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "POSTGRES_DBNAME": "test",
    "POSTGRES_USER": "postgres",
    "POSTGRES_PASSWORD": "",
}


class BulkWriter(BaseApplication):
    """The application without snapshots, so bulk saves measure only the writes."""

    name = "overcap"
    snapshotting_intervals: ClassVar[dict[type, int]] = {}


def mine_with_history(number: int, outputs: int, config: RulesConfig) -> Mine:
    mine = Mine.register(
        key=f"B{number:04d}",
        name_zh=f"测试煤矿{number}",
        name_en="Bench",
        on=date(1990, 1, 1),
    )
    mine.approve_capacity(
        kind="approved",
        tonnes=1_200_000,
        effective=date(1990, 1, 1),
        document="bench",
        on=date(1990, 1, 1),
        config=config,
    )
    for month in range(outputs):
        # 50,000 t a month stays under every limit, so no findings are recorded.
        mine.report_output(
            period=f"{1990 + month // 12}-{month % 12 + 1:02d}",
            tonnes=50_000,
            agency="energy",
            on=date(2025, 12, 1),
            config=config,
        )
    return mine


def write(app: BaseApplication) -> float:
    per_mine = EVENTS // MINES
    started = time.perf_counter()
    for first in range(0, MINES, BATCH):
        batch = [
            mine_with_history(n, per_mine - 2, app.rules)
            for n in range(first, first + BATCH)
        ]
        app.save(*batch)
    return time.perf_counter() - started


def read_and_decode(app: BaseApplication, topics: tuple[str, ...]) -> tuple[int, float]:
    started, start, count = time.perf_counter(), None, 0
    while True:
        page = app.recorder.select_notifications(
            start, 500, topics=topics, inclusive_of_start=False
        )
        if not page:
            return count, time.perf_counter() - started
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id


def catch_up(container: Any, name: str) -> tuple[int, float]:
    models = container.read_models
    head = models.position(name)
    started = time.perf_counter()
    with models.runner(name) as runner:
        runner.wait(head.head, timeout=3600)
    return head.pending, time.perf_counter() - started


def main() -> None:
    settings = Settings.from_env()
    if settings.embedded and not os.environ.get("OVERCAP_BENCH_EMBEDDED"):
        settings = Settings(postgres=dict(LOCAL))
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    settings = Settings(postgres=settings.postgres, schema=schema)
    container = build(settings)
    try:
        writer = BulkWriter(env=container.database.env())
        seconds = write(writer)
        print(f"写入 wrote {EVENTS:,} events in {seconds:.1f} s")
        topics = container.read_models.model("monthly_output").topics
        count, seconds = read_and_decode(writer, topics)
        print(
            f"读取解码 read+decode: {count:,} events, {count / seconds:,.0f} events/s"
        )
        for name in ("monthly_output", "key_supervision"):
            count, seconds = catch_up(container, name)
            print(
                f"冷启动追赶 cold catch-up {name}: {count:,} events in {seconds:.1f} s,"
                f" {count / seconds:,.0f} events/s"
            )
        writer.close()
    finally:
        container.close()
        with container.database.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema))
            )


if __name__ == "__main__":
    main()
