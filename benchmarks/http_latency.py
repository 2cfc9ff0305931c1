"""Recording outputs and advancing cases over HTTP, next to bare single-row inserts.

Runs the ASGI app under uvicorn on a local port and posts outputs, then advances
cases (plan_inspection on freshly opened cases), with httpx from one client,
sequentially, on the configured PostgreSQL (POSTGRES_*) or the local
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


def http_writes(settings: Settings, count: int, port: int) -> dict[str, list[float]]:
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
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as c:
            return {
                "outputs": _outputs(c, months[:count]),
                "advances": _advances(c, count),
            }
    finally:
        server.should_exit = True
        thread.join()


def _outputs(client: httpx.Client, periods: list[str]) -> list[float]:
    client.post("/mines", json={"key": "B1", "name_en": "Bench"}).raise_for_status()
    timings = []
    for period in periods:
        body = {"period": period, "tonnes": 1000}
        start = time.perf_counter()
        answer = client.post("/mines/B1/outputs", json=body)
        assert answer.status_code == 201, answer.text
        timings.append(time.perf_counter() - start)
    return timings


def _advances(client: httpx.Client, count: int) -> list[float]:
    # Twenty mines share the cases, so each mine's stream stays realistic in length.
    for number in range(20):
        mine = {"key": f"C{number}", "name_en": f"Case bench {number}"}
        client.post("/mines", json=mine).raise_for_status()
    step = {
        "trigger": "plan_inspection",
        "data": {
            "planned_for": "2025-12-10",
            "team": [{"officer": "bench", "agency": "energy"}],
            "key_points": {"energy": ["产量统计"]},
        },
    }
    timings = []
    for number in range(count):
        opened = client.post(
            f"/mines/C{number % 20}/cases",
            json={"origin": "inspection", "summary": "联合检查 joint inspection"},
        )
        assert opened.status_code == 201, opened.text
        case_id = opened.json()["case_id"]
        start = time.perf_counter()
        answer = client.post(f"/cases/{case_id}/advance", json=step)
        assert answer.status_code == 200, answer.text
        timings.append(time.perf_counter() - start)
    return timings


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
        http = http_writes(settings, args.requests, args.port)
        bare = bare_inserts(database, args.requests)
    finally:
        with database.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema))
            )
    print(f"PostgreSQL {database.description}, {args.requests} sequential requests")
    print(summary("HTTP POST /mines/{key}/outputs", http["outputs"]))
    print(summary("HTTP POST /cases/{id}/advance", http["advances"]))
    print(summary("bare single-row INSERT (autocommit)", bare))


if __name__ == "__main__":
    main()
