"""Write simulated rows into an IDB with COPY, in one transaction: all of it or nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import psycopg
from psycopg import sql

from orchestrator.idb.catalogue import TABLE_BY_NAME, TABLES
from orchestrator.idb.render import DDL_PATH
from orchestrator.progress import bar

from .stamps import RECONNECT_OFFSET, Row, gmt, provider_of, switch_of, written_at
from .targets import IdbTarget

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_CHUNK = 1 << 20


_NULL = "\\N"
_SPECIAL = frozenset("\\\t\n\r")


def _text(value: Any) -> str:
    """A value in COPY's text format (NULL, integers, escaped text)."""
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES) if _SPECIAL.intersection(value) else value
    if value is None:
        return _NULL
    if kind is int or isinstance(value, int):
        return str(int(value))
    return str(value).translate(_ESCAPES)


class TableBuffers:
    """One IDB's rows per table, spooled as COPY text to temporary files until written.

    Each row is written as that IDB's ICON had it at `clock`: absent if not inserted yet (or
    inserted during the IDB's outage), in its `_active` version (no end, GSYS_USEQ = GSYS_SEQ) if
    not updated yet (or updated during the outage: ICON missed it), else final. Rows written after
    an outage carry the reconnected session's DSS_ID in GSYS_DOMAIN.
    """

    def __init__(self, target: IdbTarget, clock: int | None = None) -> None:
        self.target = target
        self.clock = clock
        #: Highest GSYS_USEQ written per provider: what G_PROV_CONTROL.SEQCURRENT reports.
        self.seq_current: dict[str, int] = {}
        #: The latest write time of this IDB's rows per GSYS_DOMAIN (data-source session).
        self.last_write: dict[int, int] = {}
        self._folder = tempfile.TemporaryDirectory(prefix="gim-simulate-")
        self._buffers: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}
        self._columns = {table.name: [c.name for c in table.columns] for table in TABLES}
        self._known = {name: frozenset(columns) for name, columns in self._columns.items()}
        self._position = {
            name: {column: index for index, column in enumerate(columns)}
            for name, columns in self._columns.items()
        }
        self._provider_of_domain: dict[int, str] = {}

    def add(self, rows: Iterable[tuple[str, Row]]) -> None:
        for table, full_row in rows:
            self.add_row(table, full_row)

    def add_row(self, table: str, full_row: Row) -> None:
        """Buffer this IDB's version of one row (the row itself is left unchanged)."""
        row = self._as_this_idb_had_it(table, full_row)
        if row is not None:
            self._write(table, row)

    def _write(self, table: str, row: Row) -> None:
        buffer = self._buffers.get(table)
        if buffer is None:
            path = Path(self._folder.name) / f"{table}.copy"
            buffer = self._buffers[table] = path.open("w+", encoding="utf-8", buffering=1 << 20)
        values = [_NULL] * len(self._columns[table])
        position = self._position[table]
        for column, value in row.items():
            if column not in position:
                raise KeyError(f"{table}: column {column!r} is not in the IDB contract")
            if value is not None:
                values[position[column]] = _text(value)
        buffer.write("\t".join(values))
        buffer.write("\n")
        self.counts[table] = self.counts.get(table, 0) + 1
        useq = row.get("gsys_useq")
        if useq is not None:
            domain = row["gsys_domain"]
            provider = self._provider_of_domain.get(domain)
            if provider is None:
                provider = self._provider_of_domain[domain] = provider_of(domain)
            if useq > self.seq_current.get(provider, 0):
                self.seq_current[provider] = useq
            written = written_at(useq)
            if written > self.last_write.get(domain, 0):
                self.last_write[domain] = written

    def _as_this_idb_had_it(self, table: str, full_row: Row) -> Row | None:
        row = dict(full_row)
        inserted = row.pop("_inserted", None)
        updated = row.pop("_updated", None)
        active = row.pop("_active", None)
        if inserted is None:  # written for this IDB alone (control rows)
            return row
        provider = TABLE_BY_NAME[table].provider
        switch_id = None if provider == "cfg" else switch_of(row["gsys_domain"])
        if not self.target.holds(provider, switch_id):
            return None
        outage = self.target.outage if provider != "cfg" else None
        if outage and outage[0] <= inserted < outage[1]:
            return None
        if self.clock is not None and inserted > self.clock:
            return None
        missed = outage is not None and updated is not None and outage[0] <= updated < outage[1]
        if updated is not None and (missed or (self.clock is not None and updated > self.clock)):
            row.update(active or {})
            row["gsys_useq"] = row["gsys_seq"]
            if "lastchange" in self._known[table]:
                row["lastchange"], row["lastchange_ts"] = gmt(inserted), inserted
            last_write = inserted
        else:
            last_write = updated if updated is not None else inserted
        if outage and last_write >= outage[1]:
            row["gsys_domain"] += RECONNECT_OFFSET
        return row

    def write(self, conn: psycopg.Connection) -> None:
        """Replace the IDB's tables (as the contract now defines them) and their rows."""
        with conn.transaction():
            names = sql.SQL(", ").join(sql.Identifier(table.name) for table in TABLES)
            conn.execute(sql.SQL("drop table if exists {}").format(names))
            conn.execute(DDL_PATH.read_text(encoding="utf-8"))
            with (
                conn.cursor() as cursor,
                bar(f"write IDB {self.target.name}", len(self._buffers)) as tables,
            ):
                for table in self._buffers:
                    tables.set_postfix_str(table, refresh=False)
                    self._copy_in(cursor, table, sql.Identifier(TABLE_BY_NAME[table].name))
                    tables.update(1)
            conn.execute("analyze")
        self.close()

    def _copy_in(self, cursor: psycopg.Cursor, table: str, into: sql.Identifier) -> None:
        """COPY the rows buffered for IDB table `table` into the table named `into`."""
        columns = sql.SQL(", ").join(map(sql.Identifier, self._columns[table]))
        buffer = self._buffers[table]
        buffer.seek(0)
        with cursor.copy(sql.SQL("copy {} ({}) from stdin").format(into, columns)) as copy:
            while chunk := buffer.read(_CHUNK):
                copy.write(chunk)

    def replace_rows(self, conn: psycopg.Connection) -> None:
        """Write the buffered rows over the IDB's, by primary key, keeping every other row: a
        later clock's changes to an IDB written earlier (`simulator.live`)."""
        with conn.transaction(), conn.cursor() as cursor:
            for table in self._buffers:
                name = sql.Identifier(TABLE_BY_NAME[table].name)
                staged = sql.Identifier(f"changed_{table}")
                columns = sql.SQL(", ").join(map(sql.Identifier, self._columns[table]))
                cursor.execute(
                    sql.SQL("create temp table {} (like {}) on commit drop").format(staged, name)
                )
                self._copy_in(cursor, table, staged)
                matches = sql.SQL(" and ").join(
                    sql.SQL("t.{0} = c.{0}").format(sql.Identifier(column))
                    for column in TABLE_BY_NAME[table].primary_key
                )
                cursor.execute(
                    sql.SQL("delete from {} as t using {} as c where {}").format(
                        name, staged, matches
                    )
                )
                cursor.execute(
                    sql.SQL("insert into {} ({}) select {} from {}").format(
                        name, columns, columns, staged
                    )
                )
        self.close()

    def close(self) -> None:
        for buffer in self._buffers.values():
            buffer.close()
        self._folder.cleanup()
