"""The IDB indexes extraction needs, created when missing (as the original does since 8.5.006).

Every extraction query looks rows up by when ICON last wrote them (the latest of their moments)
and, for tables that take that time from a parent row, by the parent's link column; the settled
horizon looks up rows ICON may still be writing by GSYS_USEQ.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..config import Config
from ..db import connect, idb_uri
from ..errors import GimError, IdbOutOfDate, first_line
from ..gidb.schema import WRITE_TIME_FROM, GidbTable
from .contract import refuse_unfit_idb
from .sources import ROLES, gidb_tables_for

#: The indexes extraction creates are named `<table>_gim_<what>`.
_OURS = "%\\_gim\\_%"


def ensure_configured_idbs_indexes(config: Config) -> list[str]:
    """Job_MigrateGIM's part: every enabled IDB checked against the IDB contract, then given the
    indexes its roles need when missing. One line per IDB; an IDB that cannot be reached gets them
    at its next extraction. Raises IdbOutOfDate, naming every IDB older than the contract, once
    the other IDBs have their indexes."""
    lines, unfit = [], []
    for idb in config.idbs:
        if not idb.enabled:
            continue
        try:
            with connect(idb_uri(config, idb.name), autocommit=True) as conn:
                refuse_unfit_idb(conn, idb.name, idb.roles)
                before = _our_indexes(conn)
                for role in idb.roles:
                    providers, _, medium = ROLES[role]
                    for provider in providers:
                        ensure_indexes(conn, gidb_tables_for(provider, medium))
                created = _our_indexes(conn) - before
        except IdbOutOfDate as exc:
            unfit.append(str(exc))
            continue
        except (GimError, psycopg.Error) as exc:  # unreachable, or not an IDB (yet)
            reason = first_line(exc)
            lines.append(f"IDB {idb.name}: not indexed ({reason}); its next extraction indexes it")
            continue
        lines.append(f"IDB {idb.name}: missing extraction indexes created: {len(created)}")
    if unfit:
        raise IdbOutOfDate("; ".join(unfit))
    return lines


def _our_indexes(conn: psycopg.Connection) -> set[str]:
    return {
        row[0]
        for row in conn.execute(
            "select indexname from pg_indexes where indexname like %s", (_OURS,)
        )
    }


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
