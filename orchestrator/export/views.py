"""Export views: a frozen copy of the exported tables' column lists (`Job_MigrateGIM
-make-export-views`), which Job_ExportGIM reads with `use-export-views`, so that a later migration
adding columns or tables does not change what is exported until the views are made again."""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..db import qualified
from .scripts import Column, table_columns

#: An export view is named after its table.
PREFIX = "export_"
MAKE_FLAG = "-make-export-views"


def view_name(table: str) -> str:
    return f"{PREFIX}{table}"


def make_export_views(conn: psycopg.Connection, schema: str, exported: tuple) -> str:
    """Each exported table's view, made again with the table's columns as they are now."""
    made = 0
    for table, _ in exported:
        columns = table_columns(conn, schema, table)
        if not columns:
            continue
        view = qualified(schema, view_name(table))
        conn.execute(sql.SQL("drop view if exists {}").format(view))
        conn.execute(
            sql.SQL("create view {} as select {} from {}").format(
                view,
                sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns),
                qualified(schema, table),
            )
        )
        made += 1
    return f"export views made: {made}, with the columns the tables have now"


def frozen_columns(conn: psycopg.Connection, schema: str, table: str) -> list[Column]:
    """The columns a table's export view froze ([] when it has none: not exported)."""
    return table_columns(conn, schema, view_name(table))
