"""CTL_VIEW_DEFINITION: the definition each view was last built with (see standing_views.py)."""

from __future__ import annotations

import time

import psycopg
from psycopg import sql

from ..db import qualified, relation_exists
from ..dbt_runner import NodeResult
from . import names


def standing_views(
    conn: psycopg.Connection, schema: str, definitions: dict[str, str | None]
) -> tuple[str, ...]:
    """The views of `definitions` that exist as last built, with the same definition: a run may
    leave them out."""
    if not relation_exists(conn, schema, names.CTL_VIEW_DEFINITION):
        return ()  # an Info Mart initialised before the table: build them all
    built = dict(
        conn.execute(
            sql.SQL(
                "select distinct on (view_name) view_name, definition_hash from {}"
                " where view_name = any(%s) order by view_name, created_ts desc"
            ).format(qualified(schema, names.CTL_VIEW_DEFINITION)),
            (list(definitions),),
        ).fetchall()
    )
    existing = {
        name
        for (name,) in conn.execute(
            "select table_name from information_schema.views"
            " where table_schema = %s and table_name = any(%s)",
            (schema, list(definitions)),
        ).fetchall()
    }
    return tuple(
        name
        for name, definition in definitions.items()
        if definition is not None and built.get(name) == definition and name in existing
    )


def record_views(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    results: list[NodeResult],
    definitions: dict[str, str | None],
) -> None:
    """A CTL_VIEW_DEFINITION row for each view of `definitions` this run built."""
    if not relation_exists(conn, schema, names.CTL_VIEW_DEFINITION):
        return
    rows = [
        (node.name, definitions[node.name], job_id, int(time.time()))
        for node in results
        if node.status == "success" and definitions.get(node.name) is not None
    ]
    with conn.cursor() as cursor:
        cursor.executemany(
            sql.SQL(
                "insert into {} (view_name, definition_hash, job_id, created_ts)"
                " values (%s, %s, %s, %s)"
            ).format(qualified(schema, names.CTL_VIEW_DEFINITION)),
            rows,
        )
