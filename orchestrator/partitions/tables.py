"""PostgreSQL declarative range partitions: reading them from the catalog, creating, converting and
dropping them. Bounds are UTC epoch seconds, aligned on multiples of the width.

Every partitioned table has a DEFAULT partition: a row for which no partition exists yet (data
far in the past or ahead, a null key) lands there and is never refused. `add_partition` moves
the default's rows of a new range into it in the same transaction, so nothing is lost or seen
twice. A unique key of a partitioned table must hold its partition column: each becomes a unique
constraint of the same name over its columns and that one, NULLS NOT DISTINCT (a row with no key
value still meets its earlier copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from ..db import qualified
from ..errors import GimError

DEFAULT_SUFFIX = "_pdefault"
#: PostgreSQL 15 brought NULLS NOT DISTINCT, which the converted keys need.
MIN_SERVER_VERSION = 150000
_BOUND = re.compile(r"FOR VALUES FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)")


@dataclass(frozen=True)
class Partition:
    """One partition; `lower` and `upper` are None for the DEFAULT partition."""

    name: str
    lower: int | None
    upper: int | None

    @property
    def is_default(self) -> bool:
        return self.lower is None


def partition_name(table: str, lower: int, width: int) -> str:
    """`<table>_p<YYYYMMDD>`, with `_<HHMM>` when partitions are not whole days."""
    start = datetime.fromtimestamp(lower, UTC)
    return f"{table}_p{start:%Y%m%d}" + (f"_{start:%H%M}" if width % 86400 else "")


def partitioned(conn: psycopg.Connection, schema: str) -> set[str]:
    """The partitioned tables of `schema`."""
    return {
        name
        for (name,) in conn.execute(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = %s and c.relkind = 'p'",
            (schema,),
        )
    }


def partitions(conn: psycopg.Connection, schema: str, table: str) -> list[Partition]:
    """`table`'s partitions, the DEFAULT one first, then by range."""
    found = []
    for name, bound in conn.execute(
        "select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i"
        " join pg_class c on c.oid = i.inhrelid where i.inhparent = %s::regclass",
        (f"{schema}.{table}",),
    ):
        match = _BOUND.search(bound)
        if match:
            found.append(Partition(name, int(match[1]), int(match[2])))
        else:
            found.append(Partition(name, None, None))
    return sorted(found, key=lambda p: (p.lower is not None, p.lower or 0))


def default_partition(table: str) -> str:
    return f"{table}{DEFAULT_SUFFIX}"


def refuse_old_server(conn: psycopg.Connection) -> None:
    """Partitioning needs PostgreSQL 15 or later (unique keys NULLS NOT DISTINCT)."""
    version = conn.info.server_version
    if version < MIN_SERVER_VERSION:
        raise GimError(
            f"gim-etl.partitioning-enabled needs PostgreSQL 15 or later; the Info Mart's server"
            f" is {version // 10000}: turn the option off or upgrade the server"
        )


def create_partitioned(
    conn: psycopg.Connection,
    schema: str,
    table: str,
    column: str,
    columns: tuple[tuple[str, str, bool], ...],
    indexes: tuple[tuple[str, ...], ...],
) -> None:
    """Create `table` partitioned by `column`, with its DEFAULT partition and `indexes`."""
    definition = sql.SQL(", ").join(
        sql.SQL("{} {}{}").format(
            sql.Identifier(name), sql.SQL(data_type), sql.SQL(" not null" if required else "")
        )
        for name, data_type, required in columns
    )
    conn.execute(
        sql.SQL("create table {} ({}) partition by range ({})").format(
            qualified(schema, table), definition, sql.Identifier(column)
        )
    )
    _create_default(conn, schema, table)
    for index in indexes:
        conn.execute(
            sql.SQL("create index {} on {} ({})").format(
                sql.Identifier(f"{table}_{'_'.join(index)}"),
                qualified(schema, table),
                sql.SQL(", ").join(map(sql.Identifier, index)),
            )
        )


def _create_default(conn: psycopg.Connection, schema: str, table: str) -> None:
    conn.execute(
        sql.SQL("create table {} partition of {} default").format(
            qualified(schema, default_partition(table)), qualified(schema, table)
        )
    )


def dependent_views(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    """The views reading `table`, directly or through other views (dropping it drops them)."""
    return [
        name
        for (name,) in conn.execute(
            "with recursive readers(oid) as ("
            " select r.ev_class from pg_depend d join pg_rewrite r on r.oid = d.objid"
            " where d.classid = 'pg_rewrite'::regclass and d.refobjid = %s::regclass"
            " and r.ev_class <> d.refobjid"
            " union"
            " select r.ev_class from readers v join pg_depend d on d.refobjid = v.oid"
            " join pg_rewrite r on r.oid = d.objid"
            " where d.classid = 'pg_rewrite'::regclass and r.ev_class <> d.refobjid)"
            " select distinct c.relname from readers join pg_class c using (oid) order by 1",
            (f"{schema}.{table}",),
        )
    ]


def convert(
    conn: psycopg.Connection, schema: str, table: str, column: str, width: int
) -> tuple[int, list[str]]:
    """Make the unpartitioned `table` partitioned by `column` in one transaction: a partition for
    each range its rows fall in, its rows copied, its indexes and keys made again (a key with
    `column` added). The views reading it go with the old table (dbt's own come back when their
    job next runs; the caller refuses others). The rows copied and the views dropped."""
    old = f"{table}__unpartitioned"
    with conn.transaction():
        target = qualified(schema, table)
        conn.execute(sql.SQL("lock table {} in access exclusive mode").format(target))
        views = dependent_views(conn, schema, table)
        keys = conn.execute(
            "select c.conname, array_agg(a.attname order by k.ord) from pg_constraint c"
            " cross join unnest(c.conkey) with ordinality as k(attnum, ord)"
            " join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum"
            " where c.conrelid = %s::regclass and c.contype in ('p', 'u')"
            " group by c.conname order by 1",
            (f"{schema}.{table}",),
        ).fetchall()
        index_definitions = [
            definition
            for (definition,) in conn.execute(
                "select pg_get_indexdef(i.indexrelid) from pg_index i"
                " where i.indrelid = %s::regclass and not exists"
                " (select from pg_constraint c where c.conindid = i.indexrelid) order by 1",
                (f"{schema}.{table}",),
            )
        ]
        conn.execute(sql.SQL("alter table {} rename to {}").format(target, sql.Identifier(old)))
        conn.execute(
            sql.SQL(
                "create table {} (like {} including all excluding indexes) partition by range ({})"
            ).format(target, qualified(schema, old), sql.Identifier(column))
        )
        _create_default(conn, schema, table)
        ranges = conn.execute(
            sql.SQL(
                "select distinct {column} - {column} % {width} from {old}"
                " where {column} is not null order by 1"
            ).format(
                column=sql.Identifier(column), width=sql.Literal(width), old=qualified(schema, old)
            )
        ).fetchall()
        for (lower,) in ranges:
            add_partition(conn, schema, table, column, lower, width)
        copied = conn.execute(
            sql.SQL("insert into {} select * from {}").format(target, qualified(schema, old))
        ).rowcount
        conn.execute(sql.SQL("drop table {} cascade").format(qualified(schema, old)))
        for name, key_columns in keys:
            columns = [*key_columns, column] if column not in key_columns else key_columns
            conn.execute(
                sql.SQL("alter table {} add constraint {} unique nulls not distinct ({})").format(
                    target, sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
            )
        for definition in index_definitions:
            conn.execute(definition.replace(f"ON {schema}.{old} ", f"ON {schema}.{table} "))
    return copied, views


def add_partition(
    conn: psycopg.Connection, schema: str, table: str, column: str, lower: int, width: int
) -> tuple[str, int]:
    """Create the partition of [lower, lower + width), moving into it the DEFAULT partition's rows
    of that range (in the caller's transaction, or one of its own). Its name and the rows moved."""
    name = partition_name(table, lower, width)
    parent, default = qualified(schema, table), qualified(schema, default_partition(table))
    upper = lower + width
    with conn.transaction():
        in_range = sql.SQL("{c} >= {lo} and {c} < {hi}").format(
            c=sql.Identifier(column), lo=sql.Literal(lower), hi=sql.Literal(upper)
        )
        waiting = conn.execute(
            sql.SQL("select exists (select from {} where {})").format(default, in_range)
        ).fetchone()[0]
        moved = 0
        if waiting:
            conn.execute(
                sql.SQL("create temporary table gim_moving (like {}) on commit drop").format(parent)
            )
            moved = conn.execute(
                sql.SQL(
                    "with taken as (delete from {} where {} returning *)"
                    " insert into gim_moving select * from taken"
                ).format(default, in_range)
            ).rowcount
        conn.execute(
            sql.SQL("create table {} partition of {} for values from ({}) to ({})").format(
                qualified(schema, name), parent, sql.Literal(lower), sql.Literal(upper)
            )
        )
        if waiting:
            conn.execute(sql.SQL("insert into {} select * from gim_moving").format(parent))
            conn.execute("drop table gim_moving")
    return name, moved


def default_ranges(
    conn: psycopg.Connection, schema: str, table: str, column: str, width: int
) -> list[int]:
    """The lower bounds of the ranges the DEFAULT partition holds rows of (by `column`)."""
    return [
        lower
        for (lower,) in conn.execute(
            sql.SQL(
                "select distinct {c} - {c} % {w} from {} where {c} is not null order by 1"
            ).format(
                qualified(schema, default_partition(table)),
                c=sql.Identifier(column),
                w=sql.Literal(width),
            )
        )
    ]


def drop_partition(conn: psycopg.Connection, schema: str, name: str) -> None:
    conn.execute(sql.SQL("drop table {}").format(qualified(schema, name)))
