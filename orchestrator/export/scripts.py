"""The SQL a customer loads archives with, for another PostgreSQL: the target tables' DDL
(`gim export target-script`) and, in every archive, `load.sql`, which replaces the rows each
table's key names, as dbt does (psql, run in the archive's unzipped folder)."""

from __future__ import annotations

import psycopg

#: The option's encodings as PostgreSQL's COPY names them (it reads no UTF-16).
PG_ENCODINGS = {"utf-8": "UTF8", "latin-1": "LATIN1", "cp1252": "WIN1252", "ascii": "SQL_ASCII"}

Column = tuple[str, str]  # name, PostgreSQL type


def table_columns(conn: psycopg.Connection, schema: str, table: str) -> list[Column]:
    """A relation's columns in order, with their types as PostgreSQL spells them."""
    return conn.execute(
        "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute as a"
        " join pg_class as c on c.oid = a.attrelid join pg_namespace as n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relname = %s and a.attnum > 0 and not a.attisdropped"
        " order by a.attnum",
        (schema, table),
    ).fetchall()


def target_script(conn: psycopg.Connection, schema: str, exported: tuple) -> str:
    """The target DDL of the exported tables (catalogue.exported_tables) as `schema` holds them."""
    built = {name: table_columns(conn, schema, name) for name, _ in exported}
    return target_ddl({name: columns for name, columns in built.items() if columns})


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def target_ddl(tables: dict[str, list[Column]]) -> str:
    """CREATE TABLE statements for the target schema (psql variable `schema`)."""
    lines = [
        "-- Info Mart export target: run with psql -v schema=<target schema> -f <this file>",
        "\\set ON_ERROR_STOP on",
        'create schema if not exists :"schema";',
    ]
    for table, columns in tables.items():
        body = ",\n".join(f"    {_quoted(name)} {kind}" for name, kind in columns)
        lines.append(f'create table if not exists :"schema".{_quoted(table)} (\n{body}\n);')
    return "\n".join(lines) + "\n"


def load_script(tables: dict[str, tuple[list[Column], tuple[str, ...]]], encoding: str) -> str:
    """`load.sql`: each CSV into a staging table, then the rows sharing a key with a staged row
    replaced by the staged ones (tables with no key: rows equal to a staged one), in one
    transaction."""
    pg_encoding = PG_ENCODINGS.get(encoding)
    if pg_encoding is None:
        raise ValueError(f"PostgreSQL's COPY cannot read {encoding}")
    lines = [
        "-- Loads this archive: psql -v schema=<target schema> -f load.sql, in its folder",
        "\\set ON_ERROR_STOP on",
        "begin;",
    ]
    for table, (columns, key) in tables.items():
        stage = _quoted(f"stage_{table}")
        names = ", ".join(_quoted(name) for name, _ in columns)
        lines += [
            f'create temporary table {stage} (like :"schema".{_quoted(table)}) on commit drop;',
            f"\\copy {stage} ({names}) from '{table}.csv'"
            f" with (format csv, header true, encoding '{pg_encoding}')",
        ]
        matched = key or tuple(name for name, _ in columns)
        same = " and ".join(
            f"t.{_quoted(name)} is not distinct from s.{_quoted(name)}" for name in matched
        )
        lines += [
            f'delete from :"schema".{_quoted(table)} as t using {stage} as s where {same};',
            f'insert into :"schema".{_quoted(table)} ({names}) select {names} from {stage};',
        ]
    lines.append("commit;")
    return "\n".join(lines) + "\n"
