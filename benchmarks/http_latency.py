"""Recording a monthly output through the HTTP API, next to bare single-row inserts.

Runs the ASGI app under uvicorn on a local port and posts outputs with httpx from
one client, sequentially, on the configured PostgreSQL (POSTGRES_*) or the local
one at 127.0.0.1:5432, each run in a fresh schema dropped afterwards.

    python benchmarks/http_latency.py [--requests 400]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import uuid
from datetime import date

import httpx
import uvicorn
from psycopg import sql

from api.database import Database
from api.http.app import create_app
from api.http.store import ApiStore
from api.settings import Settings

LOCAL = {
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "POSTGRES_DBNAME": "test",
    "POSTGRES_USER": "postgres",
    "POSTGRES_PASSWORD": "",
}


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    rate = len(ordered) / sum(ordered)
    return f"{name:<34} {rate:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"


def bare_inserts(database: Database, count: int) -> list[float]:
    table = sql.Identifier(database.schema, "bench_rows")
    timings = []
    with database.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE TABLE {} (id int, tonnes int)").format(table))
        for number in range(count):
            start = time.perf_counter()
            conn.execute(
                sql.SQL("INSERT INTO {} VALUES (%s, %s)").format(table),
                (number, 1000),
            )
            timings.append(time.perf_counter() - start)
    return timings


def http_outputs(settings: Settings, count: int, port: int) -> list[float]:
    months = [f"{y}-{m:02d}" for y in range(1990, 2026) for m in range(1, 13)]
    app = create_app(settings, today=lambda: date(2025, 12, 5))
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        store: ApiStore = app.state.store
        token = store.add_user("bench", "energy", ["case_officer"])
        headers = {"Authorization": f"Bearer {token}"}
        timings = []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as c:
            c.post("/mines", json={"key": "B1", "name_en": "Bench"}).raise_for_status()
            for period in months[:count]:
                body = {"period": period, "tonnes": 1000}
                start = time.perf_counter()
                answer = c.post("/mines/B1/outputs", json=body)
                assert answer.status_code == 201, answer.text
                timings.append(time.perf_counter() - start)
        return timings
    finally:
        server.should_exit = True
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    configured = Settings.from_env()
    params = LOCAL if configured.embedded else configured.postgres
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    database = Database(dict(params), schema)
    database.ensure_schema()
    settings = Settings(postgres=dict(params), schema=schema)
    try:
        http = http_outputs(settings, args.requests, args.port)
        bare = bare_inserts(database, args.requests)
    finally:
        with database.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema))
            )
    print(f"PostgreSQL {database.description}, {args.requests} sequential requests")
    print(summary("HTTP POST /mines/{key}/outputs", http))
    print(summary("bare single-row INSERT (autocommit)", bare))


if __name__ == "__main__":
    main()
