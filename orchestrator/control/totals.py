"""Row totals over the control history the Info Mart keeps, for /metrics: IDB rows extracted,
rows transformed, rows discarded."""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..db import qualified
from . import names


def row_totals(conn: psycopg.Connection, schema: str) -> tuple[int, int, int]:
    """(extracted, transformed by Job_TransformGIM, discarded)."""
    row = conn.execute(
        sql.SQL(
            "select (select coalesce(sum(row_count), 0) from {}),"
            " (select coalesce(sum(row_count), 0) from {} where job_name = 'Job_TransformGIM'),"
            " (select count(*) from {})"
        ).format(
            qualified(schema, names.CTL_EXTRACT_HISTORY),
            qualified(schema, names.CTL_TRANSFORM_HISTORY),
            qualified(schema, names.STG_TRANSFORM_DISCARDS),
        )
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
