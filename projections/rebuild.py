"""Building a read model beside the live one: for a swap, or to compare with it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from psycopg import sql

from projections.locks import ProjectorRunningError
from projections.runtime import Position, ReadModels

log = logging.getLogger(__name__)


@contextmanager
def scratch(models: ReadModels, name: str, purpose: str) -> Iterator[str]:
    """A fresh schema for building a read model beside the live one, dropped after."""
    schema = f"{models.schema}__{purpose}_{name}"[:63]
    _drop_schema(models, schema)
    with models.connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield schema
    finally:
        models.forget(f"{schema}.{name}")
        _drop_schema(models, schema)


def rebuild(models: ReadModels, name: str) -> Position:
    """Builds a read model from the first event aside, then swaps it in."""
    lock = models.lock(name)
    if not lock.acquire():
        raise ProjectorRunningError(name, models.schema)
    try:
        with scratch(models, name, "rebuild") as schema:
            models.replay(name, schema, models.position(name).head)
            models.forget(f"{schema}.{name}")
            _swap(models, name, schema)
    finally:
        lock.release()
    models.forget(f"{models.schema}.{name}")
    return models.position(name)


def _swap(models: ReadModels, name: str, built: str) -> None:
    # One transaction: readers see the old tables until it commits, then the new.
    live, aside = sql.Identifier(models.schema), sql.Identifier(built)
    with models.connect() as conn, conn.transaction():
        for table in models.model(name).view_class.table_names():
            conn.execute(
                sql.SQL("DROP TABLE IF EXISTS {}.{}").format(
                    live, sql.Identifier(table)
                )
            )
            conn.execute(
                sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(
                    aside, sql.Identifier(table), live
                )
            )
    log.info("rebuilt read model %s and swapped it in", name)


def _drop_schema(models: ReadModels, schema: str) -> None:
    with models.connect(autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
        )
