"""Test fixtures: a real PostgreSQL for every test that needs one, a schema each."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from api.bootstrap import Container, build
from api.database import Database, open_database
from api.settings import Settings

LOCAL = {
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "POSTGRES_DBNAME": "test",
    "POSTGRES_USER": "postgres",
    "POSTGRES_PASSWORD": "",
}


class FixedClock:
    """A business date the test moves by hand."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


def _reachable(params: dict[str, str]) -> bool:
    try:
        psycopg.connect(
            host=params["POSTGRES_HOST"],
            port=params["POSTGRES_PORT"],
            dbname=params["POSTGRES_DBNAME"],
            user=params["POSTGRES_USER"],
            password=params.get("POSTGRES_PASSWORD", ""),
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """POSTGRES_* if set, else the local server, else an embedded one."""
    configured = Settings.from_env()
    if not configured.embedded:
        params = configured.postgres
    elif _reachable(LOCAL):
        params = LOCAL
    else:
        params = {}
    if params and not _reachable(params):
        message = f"PostgreSQL at {params['POSTGRES_HOST']} is not reachable"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if params:
        database = Database(dict(params), "public")
        yield database
        return
    data_dir = Path(tmp_path_factory.mktemp("embedded"))
    database = open_database(Settings(data_dir=data_dir))
    yield database
    database.stop()


@pytest.fixture
def schema(postgres: Database) -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with postgres.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    yield name
    with postgres.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(date(2025, 12, 5))


@pytest.fixture
def settings(postgres: Database, schema: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, postgres=dict(postgres.params), schema=schema)


@pytest.fixture
def container(settings: Settings, clock: FixedClock) -> Iterator[Container]:
    built = build(settings, today=clock)
    yield built
    built.app.close()
