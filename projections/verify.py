"""Compares a live read model with one rebuilt from the first event, mine by mine."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from projections.rebuild import scratch
from projections.runtime import ReadModels

Sums = dict[tuple[str, str], tuple[int, str]]


def checksums(conn: psycopg.Connection[Any], schema: str, table: str) -> Sums:
    """Row count and an order-free md5 of the rows, per mine, of one table."""
    rows = conn.execute(
        sql.SQL(
            "SELECT mine_id::text, count(*), "
            "md5(string_agg(t::text, E'\\n' ORDER BY t::text)) "
            "FROM {}.{} t GROUP BY mine_id"
        ).format(sql.Identifier(schema), sql.Identifier(table))
    ).fetchall()
    return {(table, mine): (count, digest) for mine, count, digest in rows}


def snapshot(
    models: ReadModels, name: str, schema: str
) -> tuple[int | None, Sums, dict[str, str]]:
    """Position, checksums and mine keys of a view, read in one consistent snapshot."""
    view_class = models.model(name).view_class
    with models.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            row = conn.execute(
                sql.SQL(
                    "SELECT max(notification_id) FROM {}.{} WHERE application_name = %s"
                ).format(
                    sql.Identifier(schema), sql.Identifier(view_class.table_names()[-1])
                ),
                (models.app_name,),
            ).fetchone()
            sums: Sums = {}
            for table in view_class.table_names()[:-1]:
                sums.update(checksums(conn, schema, table))
            keys = dict(
                conn.execute(
                    sql.SQL("SELECT mine_id::text, mine_key FROM {}.{}").format(
                        sql.Identifier(schema),
                        sql.Identifier(view_class.table_name("mines")),
                    )
                ).fetchall()
            )
    return (row[0] if row else None), sums, keys


def verify(models: ReadModels, name: str) -> list[str]:
    """Every difference between the live view and a rebuild to the same position."""
    models.view(name)
    position, live, keys = snapshot(models, name, models.schema)
    with scratch(models, name, "verify") as schema:
        models.replay(name, schema, position or 0)
        rebuilt_position, rebuilt, rebuilt_keys = snapshot(models, name, schema)
    keys = {**rebuilt_keys, **keys}
    differences = []
    for table, mine in sorted(set(live) | set(rebuilt)):
        have, want = live.get((table, mine)), rebuilt.get((table, mine))
        if have != want:
            differences.append(
                f"{table} 煤矿 mine {keys.get(mine, mine)}: 现有 live "
                f"{_describe(have)}，重建 rebuilt {_describe(want)}"
            )
    if (position or 0) != (rebuilt_position or 0):
        differences.append(
            f"位置 position: 现有 live {position}，重建 rebuilt {rebuilt_position}"
        )
    return differences


def _describe(sums: tuple[int, str] | None) -> str:
    if sums is None:
        return "无行 no rows"
    return f"{sums[0]} 行 rows, md5 {sums[1][:12]}"
