"""One projector per read model: a PostgreSQL advisory lock held for its lifetime."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg

from domain.errors import OvercapError


class ProjectorRunningError(OvercapError):
    """Raised when another projector already holds a read model in this schema."""

    message_zh = "该读模型的投影程序已在运行，请勿重复启动"

    def __init__(self, name: str, schema: str) -> None:
        super().__init__(
            f"a projector (or a rebuild) is already running for read model {name!r} "
            f"in schema {schema!r}; stop it first or leave it running",
            name=name,
            schema=schema,
        )


class ViewLock:
    """Session advisory locks, one per read model: the server frees them on death."""

    def __init__(
        self,
        connect: Callable[..., psycopg.Connection[Any]],
        schema: str,
        names: list[str],
    ) -> None:
        self.connect = connect
        self.schema = schema
        self.names = names
        self.blocked = ""
        self.conn: psycopg.Connection[Any] | None = None

    def acquire(self) -> bool:
        """Takes every lock, or none when another process holds one of them."""
        conn = self.connect(autocommit=True)
        for name in self.names:
            row = conn.execute(
                "SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))",
                (self.schema, name),
            ).fetchone()
            if not (row and row[0]):
                self.blocked = name
                conn.close()
                return False
        self.conn = conn
        return True

    def require(self) -> ViewLock:
        """Takes the locks or says, in one line, which read model is taken."""
        if not self.acquire():
            raise ProjectorRunningError(self.blocked, self.schema)
        return self

    def release(self) -> None:
        """Lets the locks go by closing their session."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
