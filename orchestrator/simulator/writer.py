"""Write simulated rows into an IDB with COPY, in one transaction: all of it or nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import psycopg
from psycopg import sql

from ..idb.catalogue import TABLE_BY_NAME, TABLES
from ..idb.render import DDL_PATH
from .stamps import Row, gmt, provider_of

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_CHUNK = 1 << 20


def _text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, int):
        return str(int(value))
    return str(value).translate(_ESCAPES)


class TableBuffers:
    """Rows per table, spooled as COPY text lines to temporary files until written (flat memory).

    With a `clock`, each row is written as it stood at that moment: absent if ICON had not
    inserted it yet, in its `_active` version (no end, GSYS_USEQ = GSYS_SEQ) if not yet updated.
    """

    def __init__(self, clock: int | None = None) -> None:
        self.clock = clock
        #: Highest GSYS_USEQ written per provider: what G_PROV_CONTROL.SEQCURRENT reports.
        self.seq_current: dict[str, int] = {}
        self._folder = tempfile.TemporaryDirectory(prefix="gim-simulate-")
        self._buffers: dict[str, IO[str]] = {}
        self.counts: dict[str, int] = {}
        self._columns = {table.name: [c.name for c in table.columns] for table in TABLES}
        self._known = {name: frozenset(columns) for name, columns in self._columns.items()}

    def add(self, rows: Iterable[tuple[str, Row]]) -> None:
        for table, full_row in rows:
            row = self._as_of_clock(table, full_row)
            if row is None:
                continue
            buffer = self._buffers.get(table)
            if buffer is None:
                path = Path(self._folder.name) / f"{table}.copy"
                buffer = self._buffers[table] = path.open("w+", encoding="utf-8", buffering=1 << 20)
            unknown = row.keys() - self._known[table]
            if unknown:
                raise KeyError(f"{table}: columns not in the IDB contract: {sorted(unknown)}")
            buffer.write("\t".join([_text(row.get(c)) for c in self._columns[table]]))
            buffer.write("\n")
            self.counts[table] = self.counts.get(table, 0) + 1
            useq = row.get("gsys_useq")
            if useq is not None:
                provider = provider_of(row["gsys_domain"])
                self.seq_current[provider] = max(self.seq_current.get(provider, 0), useq)

    def _as_of_clock(self, table: str, row: Row) -> Row | None:
        inserted = row.pop("_inserted", None)
        updated = row.pop("_updated", None)
        active = row.pop("_active", None)
        if self.clock is None or inserted is None:
            return row
        if inserted > self.clock:
            return None
        if updated is None or updated <= self.clock:
            return row
        row.update(active or {})
        row["gsys_useq"] = row["gsys_seq"]
        if "lastchange" in self._known[table]:
            row["lastchange"], row["lastchange_ts"] = gmt(inserted), inserted
        return row

    def write(self, conn: psycopg.Connection) -> None:
        """Replace the IDB's contents with the buffered rows (creating the tables if needed)."""
        with conn.transaction():
            conn.execute(DDL_PATH.read_text(encoding="utf-8"))
            names = sql.SQL(", ").join(sql.Identifier(table.name) for table in TABLES)
            conn.execute(sql.SQL("truncate {}").format(names))
            with conn.cursor() as cursor:
                for table, buffer in self._buffers.items():
                    columns = sql.SQL(", ").join(map(sql.Identifier, self._columns[table]))
                    statement = sql.SQL("copy {} ({}) from stdin").format(
                        sql.Identifier(TABLE_BY_NAME[table].name), columns
                    )
                    buffer.seek(0)
                    with cursor.copy(statement) as copy:
                        while chunk := buffer.read(_CHUNK):
                            copy.write(chunk)
            conn.execute("analyze")
        self.close()

    def close(self) -> None:
        for buffer in self._buffers.values():
            buffer.close()
        self._folder.cleanup()
