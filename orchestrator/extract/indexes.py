"""The IDB indexes extraction needs, created when missing (as the original does since 8.5.006).

Every extraction query looks rows up by when ICON last wrote them (the latest of their moments)
and, for tables that take that time from a parent row, by the parent's link column; the settled
horizon looks up rows ICON may still be writing by GSYS_USEQ.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..gidb.schema import WRITE_TIME_FROM, GidbTable


def ensure_indexes(idb: psycopg.Connection, tables: list[GidbTable]) -> None:
    """Create the write-time index of each table's IDB source (autocommit connection)."""
    done: set[str] = set()
    for table in tables:
        source = table.source.name
        if source in done:
            continue
        done.add(source)
        parent = WRITE_TIME_FROM.get(source)
        if parent is not None:
            parent_table, link, _, _ = parent
            idb.execute(
                sql.SQL("create index if not exists {} on {} ({})").format(
                    sql.Identifier(f"{parent_table}_gim_{link}"),
                    sql.Identifier(parent_table),
                    sql.Identifier(link),
                )
            )
            continue
        idb.execute(
            sql.SQL("create index if not exists {} on {} (gsys_useq)").format(
                sql.Identifier(f"{source}_gim_useq"), sql.Identifier(source)
            )
        )
        idb.execute(
            sql.SQL("create index if not exists {} on {} ((greatest({})))").format(
                sql.Identifier(f"{source}_gim_written"),
                sql.Identifier(source),
                sql.SQL(", ").join(map(sql.Identifier, table.moments)),
            )
        )
