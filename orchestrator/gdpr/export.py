"""EXPORT: every row of every table that holds one of the request's values, written as one JSON
file; each value found recorded in CTL_GDPR_HISTORY (in the caller's transaction)."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from ..catalogue import Catalogue
from ..control import gdpr as records
from ..db import qualified, relation_exists
from . import kinds, matching
from .forget import wanted_kinds
from .holders import holders
from .requests import Identifier

#: Where export files go, under gdpr-requests-directory.
EXPORTED = "exported"


def export(
    conn: psycopg.Connection,
    schema: str,
    processing: records.Processing,
    identifiers: list[Identifier],
    catalogue: Catalogue,
    directory: Path,
) -> tuple[int, Path | None]:
    """Write the file of what the Info Mart holds (nothing written when it holds nothing);
    the values found and the file."""
    matching.load_values(conn, [(each, None) for each in identifiers])
    records.record_identifiers(
        conn, schema, processing, [(e.field, e.value, e.kind, None) for e in identifiers]
    )
    wanted = wanted_kinds(processing.subject_type)
    found, tables = 0, {}
    for holder in holders(catalogue):
        columns = holder.of_kinds(wanted)
        condition = matching.any_match(columns)
        if condition is None or not relation_exists(conn, schema, holder.table):
            continue
        key = matching.row_key_sql(conn, schema, holder.table)
        for column, kind in columns:
            if kind == kinds.EMPLOYEE_NAME:
                continue
            match = (
                matching.text_match(column)
                if kind == kinds.TEXT
                else matching.whole_match(column, kind)
            )
            found += records.record_found(
                conn,
                schema,
                processing,
                holder.table,
                column,
                kind,
                matching.found_sql(schema, holder.table, key, column, match),
            )
        rows = [
            row
            for (row,) in conn.execute(
                sql.SQL("select to_jsonb(t) from {} as t where {} order by 1").format(
                    qualified(schema, holder.table), condition
                )
            )
        ]
        if rows:
            tables[holder.table] = rows
    if not found:
        return 0, None
    return found, _write(directory, processing, identifiers, tables)


def _write(
    directory: Path,
    processing: records.Processing,
    identifiers: list[Identifier],
    tables: dict[str, list],
) -> Path:
    """The export file, written whole or not at all (a temporary name, then renamed)."""
    folder = directory / EXPORTED
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime.fromtimestamp(processing.processed_ts, UTC)
    safe_id = re.sub(r"[^A-Za-z0-9._-]", "_", processing.request_id)
    path = folder / f"{safe_id}-{moment:%Y%m%dT%H%M%SZ}.json"
    content = {
        "request_id": processing.request_id,
        "request_file": processing.request_file,
        "subject_type": processing.subject_type,
        "processed": moment.isoformat(),
        "identifiers": [
            {"field": each.field, "value": each.value, "kind": each.kind} for each in identifiers
        ],
        "tables": tables,
    }
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(content, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path
