"""The API's own tables in the configured schema: people and idempotency keys."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from api.database import Database
from domain.agencies import AGENCY_INFO
from domain.errors import InvalidInputError

ROLES = (
    "case_officer",
    "liaison",
    "auditor",
    "government",
    "reward_officer",
    "admin",
)
# People outside the three member agencies sign in under one of these.
OTHER_AGENCIES = ("government", "audit", "system")
# A reservation older than this is taken to be from a process that died mid-request.
ABANDONED_AFTER = timedelta(seconds=60)
TABLES = (
    "CREATE TABLE IF NOT EXISTS {users} ("
    " token_sha256 text PRIMARY KEY, name text NOT NULL, agency text NOT NULL,"
    " roles text[] NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE IF NOT EXISTS {keys} ("
    " owner text NOT NULL, key text NOT NULL, fingerprint text NOT NULL,"
    " status int, body jsonb, headers jsonb,"
    " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (owner, key))",
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a person of an agency with roles; None for the public."""

    name: str
    agency: str
    roles: frozenset[str]
    token_sha256: str


@dataclass(frozen=True)
class Stored:
    """The first answer given to an idempotency key, or a reservation."""

    fingerprint: str
    status: int | None
    body: Any
    headers: dict[str, str]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiStore:
    """Users and idempotency keys, on a small connection pool of their own."""

    def __init__(self, database: Database, *, pool_size: int = 8) -> None:
        params = database.params
        self.schema = database.schema
        self.pool = ConnectionPool(
            kwargs={
                "host": params["POSTGRES_HOST"],
                "port": params["POSTGRES_PORT"],
                "dbname": params["POSTGRES_DBNAME"],
                "user": params["POSTGRES_USER"],
                "password": params.get("POSTGRES_PASSWORD", ""),
                "autocommit": True,
                "row_factory": dict_row,
            },
            min_size=1,
            max_size=pool_size,
            open=True,
        )
        self.names = {
            "users": sql.Identifier(self.schema, "api_users"),
            "keys": sql.Identifier(self.schema, "api_idempotency_keys"),
        }
        with self.pool.connection() as conn:
            for text in TABLES:
                conn.execute(sql.SQL(text).format(**self.names))

    def q(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(**self.names)

    def close(self) -> None:
        self.pool.close()

    def ping(self) -> None:
        with self.pool.connection(timeout=2) as conn:
            conn.execute("SELECT 1")

    def add_user(self, name: str, agency: str, roles: list[str]) -> str:
        """Stores a person under the hash of a new token and returns the token."""
        if not name.strip():
            raise InvalidInputError("name", "a user needs a name")
        if agency not in (*AGENCY_INFO, *OTHER_AGENCIES):
            known = (*AGENCY_INFO, *OTHER_AGENCIES)
            raise InvalidInputError("agency", f"{agency!r} is not one of {known}")
        unknown = [r for r in roles if r not in ROLES]
        if unknown or not roles:
            raise InvalidInputError("role", f"{unknown or roles} not in {ROLES}")
        token = secrets.token_urlsafe(32)
        with self.pool.connection() as conn:
            conn.execute(
                self.q("INSERT INTO {users} VALUES (%s, %s, %s, %s)"),
                (token_hash(token), name.strip(), agency, sorted(set(roles))),
            )
        return token

    def users(self) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            return conn.execute(
                self.q(
                    "SELECT name, agency, roles, created_at,"
                    " left(token_sha256, 8) AS token_hash_prefix"
                    " FROM {users} ORDER BY created_at"
                )
            ).fetchall()

    def principal(self, token: str) -> Principal | None:
        digest = token_hash(token)
        with self.pool.connection() as conn:
            row = conn.execute(
                self.q("SELECT * FROM {users} WHERE token_sha256 = %s"), (digest,)
            ).fetchone()
        if row is None:
            return None
        return Principal(row["name"], row["agency"], frozenset(row["roles"]), digest)

    def reserve(self, owner: str, key: str, fingerprint: str) -> Stored | None:
        """Claims a key; returns what is already stored under it when taken."""
        with self.pool.connection() as conn:
            claimed = conn.execute(
                self.q(
                    "INSERT INTO {keys} (owner, key, fingerprint) VALUES (%s, %s, %s)"
                    " ON CONFLICT (owner, key) DO UPDATE"
                    " SET fingerprint = excluded.fingerprint, created_at = now()"
                    " WHERE {keys}.status IS NULL AND {keys}.created_at < now() - %s"
                    " RETURNING key"
                ),
                (owner, key, fingerprint, ABANDONED_AFTER),
            ).fetchone()
            if claimed:
                return None
            row = conn.execute(
                self.q("SELECT * FROM {keys} WHERE owner = %s AND key = %s"),
                (owner, key),
            ).fetchone()
        if row is None:
            return None
        return Stored(
            row["fingerprint"], row["status"], row["body"], row["headers"] or {}
        )

    def complete(
        self, owner: str, key: str, status: int, body: Any, headers: dict[str, str]
    ) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                self.q(
                    "UPDATE {keys} SET status = %s, body = %s, headers = %s"
                    " WHERE owner = %s AND key = %s"
                ),
                (status, json.dumps(body), json.dumps(headers), owner, key),
            )

    def release(self, owner: str, key: str) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                self.q(
                    "DELETE FROM {keys} WHERE owner = %s AND key = %s"
                    " AND status IS NULL"
                ),
                (owner, key),
            )
