"""Job_ExportGIM's work: the rows created or changed under the audit keys committed since the
last export, one archive per chunk; each chunk recorded in CTL_TRANSFORM_HISTORY (job
Job_ExportGIM, one row per table) once its archive is whole, so a killed run is redone from the
first chunk not recorded and never leaves half an archive."""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from .. import RELEASE, SCHEMA_VERSION
from ..control import history
from ..db import connect, qualified
from ..errors import GimError
from ..job_runner import JobContext
from .archive import (
    add_csv,
    add_metadata,
    archive,
    codec_name,
    remove_old,
    remove_partials,
    spool,
    spool_csv,
)
from .chunks import Chunk, plan_chunks
from .scripts import PG_ENCODINGS, Column, load_script, table_columns
from .views import MAKE_FLAG, frozen_columns, view_name

OPTIONS = "gim-export"


def export_all(ctx: JobContext) -> None:
    """Export every chunk not exported yet; the summary lines go to `ctx.summary`."""
    directory = ctx.config.folder(f"{OPTIONS}.output-directory")
    directory.mkdir(parents=True, exist_ok=True)
    partials = remove_partials(directory)
    if partials:
        ctx.summary.append(f"{len(partials)} half-written archives of a stopped run removed")
    exported = ctx.dbt.catalogue().exported_tables
    names = tuple(name for name, _ in exported)
    after = history.transform_mark(ctx.conn, ctx.schema, ctx.job_name, names)
    end = history.committed_audit_key(ctx.conn, ctx.schema)
    chunks = plan_chunks(
        history.audit_keys_opened(ctx.conn, ctx.schema, after, end, _start_ts(ctx, after)),
        ctx.config[f"{OPTIONS}.chunk-size-seconds"],
    )
    frozen = ctx.config[f"{OPTIONS}.use-export-views"]
    columns_of = frozen_columns if frozen else table_columns
    built = {name: (columns_of(ctx.conn, ctx.schema, name), key) for name, key in exported}
    tables = {name: described for name, described in built.items() if described[0]}
    if frozen and not tables:
        raise GimError(
            "use-export-views is set but no export view exists: run"
            f" `gim job run Job_MigrateGIM {MAKE_FLAG}` first"
        )
    written = [
        _with_retries(ctx, lambda chunk=chunk: _export_chunk(ctx, directory, chunk, tables))
        for chunk in chunks
    ]
    archives, rows = sum(1 for count in written if count), sum(written)
    removed = remove_old(directory, ctx.config[f"{OPTIONS}.days-to-keep-output-files"])
    ctx.summary.insert(
        0,
        f"{archives} archives of {len(chunks)} chunks, {rows} rows, audit keys {after + 1} to"
        f" {end}, in {directory}"
        if chunks
        else f"nothing to export: every audit key up to {after} is exported",
    )
    if removed:
        ctx.summary.append(f"{len(removed)} archives older than days-to-keep-output-files removed")


def _start_ts(ctx: JobContext, after: int) -> int:
    """start-date, on the first export only (later ones go on from the last)."""
    start_date = ctx.config[f"{OPTIONS}.start-date"]
    if after or not start_date:
        return 0
    moment = datetime.fromisoformat(start_date).replace(tzinfo=UTC)
    return int(moment.timestamp())


def _with_retries(ctx: JobContext, attempt) -> int:
    retries = ctx.config[f"{OPTIONS}.max-retries"]
    for tried in range(retries + 1):
        try:
            return attempt()
        except (psycopg.OperationalError, OSError) as exc:
            if tried == retries:
                raise
            ctx.echo(f"{ctx.job_name}: {exc}; retrying")
            time.sleep(ctx.config[f"{OPTIONS}.retry-delay-seconds"])
    raise AssertionError("unreachable")


def _export_chunk(
    ctx: JobContext,
    directory: Path,
    chunk: Chunk,
    tables: dict[str, tuple[list[Column], tuple[str, ...]]],
) -> int:
    """One archive: each table's rows under the chunk's keys (with every row sharing a key with
    one, so that the target can replace them as dbt does), then the chunk recorded."""
    frozen = ctx.config[f"{OPTIONS}.use-export-views"]

    def read_from(table: str) -> str:
        return view_name(table) if frozen else table

    started = time.time()
    encoding = codec_name(ctx.config[f"{OPTIONS}.output-files-encoding"])
    queries = {
        table: _rows_query(ctx.schema, read_from(table), columns, key, chunk)
        for table, (columns, key) in tables.items()
    }
    with connect(ctx.uri) as holder, spool(directory, chunk.name) as folder:
        # One snapshot for the whole archive, shared by its readers: its tables agree.
        holder.execute("set transaction isolation level repeatable read, read only")
        (snapshot,) = holder.execute("select pg_export_snapshot()").fetchone()
        counts = _read_in_parallel(
            ctx, snapshot, queries, folder, encoding, ctx.config[f"{OPTIONS}.thread-pool-size"]
        )
        if any(counts.values()):  # keys that stamped no exported row make no archive
            with archive(directory, chunk.name) as zipped:
                for table in queries:
                    add_csv(zipped, table, folder / f"{table}.csv")
                add_metadata(zipped, _metadata(chunk, tables, counts, encoding))
                if encoding in PG_ENCODINGS:
                    zipped.writestr("load.sql", load_script(tables, encoding))
            ctx.summary.append(f"{chunk.name}.zip: {sum(counts.values())} rows")
    # No audit key of its own: the next export would find it and write an empty archive.
    for table, rows in counts.items():
        history.record_transform(
            ctx.conn,
            ctx.schema,
            ctx.job_id,
            ctx.job_name,
            table,
            "SUCCESS",
            rows,
            time.time() - started,
            0,
            chunk.last_key,
        )
    return sum(counts.values())


def _read_in_parallel(
    ctx: JobContext,
    snapshot: str,
    queries: dict[str, sql.Composed],
    folder: Path,
    encoding: str,
    threads: int,
) -> dict[str, int]:
    """Each table's rows spooled to `<folder>/<table>.csv` by `threads` readers (thread-pool-size)
    sharing `snapshot`; the rows each wrote. A reader's failure, or the job being stopped, cancels
    the others' queries."""
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for table in queries:
        todo.put(table)
    counts: dict[str, int] = {}
    readers: list[psycopg.Connection] = []
    lock = threading.Lock()

    def reader() -> None:
        with connect(ctx.uri) as conn:
            with lock:
                readers.append(conn)
            conn.execute("set transaction isolation level repeatable read, read only")
            conn.execute(sql.SQL("set transaction snapshot {}").format(sql.Literal(snapshot)))
            while True:
                try:
                    table = todo.get_nowait()
                except queue.Empty:
                    return
                counts[table] = _spool_table(
                    conn, queries[table], folder / f"{table}.csv", encoding
                )

    workers = max(1, min(threads, len(queries)))
    with ThreadPoolExecutor(workers, thread_name_prefix="export") as pool:
        running = [pool.submit(reader) for _ in range(workers)]
        try:
            for future in running:
                future.result()
        except BaseException:
            while not todo.empty():
                todo.get_nowait()
            with lock:
                for conn in readers:
                    conn.cancel_safe()
            raise
    return counts


def _spool_table(conn: psycopg.Connection, query: sql.Composed, path: Path, encoding: str) -> int:
    """A query's rows as CSV with a header in `path`; how many."""
    statement = sql.SQL("copy ({}) to stdout with (format csv, header true)").format(query)
    with conn.cursor() as cursor:

        def copy_out(write) -> None:
            with cursor.copy(statement) as stream:
                for data in stream:
                    write(bytes(data))

        spool_csv(path, copy_out, encoding)
        return cursor.rowcount


def _rows_query(
    schema: str, table: str, columns: list[Column], key: tuple[str, ...], chunk: Chunk
) -> sql.Composed:
    relation = qualified(schema, table)
    names = sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns)
    stamped = sql.SQL(
        "(create_audit_key between {first} and {last} or update_audit_key between {first} and"
        " {last})"
    ).format(first=sql.Literal(chunk.first_key), last=sql.Literal(chunk.last_key))
    if not key:
        return sql.SQL("select {} from {} where {}").format(names, relation, stamped)
    keys = sql.SQL(", ").join(sql.Identifier(name) for name in key)
    return sql.SQL(
        "select {names} from {rel} where ({keys}) in (select {keys} from {rel} where {stamped})"
    ).format(names=names, rel=relation, keys=keys, stamped=stamped)


def _metadata(
    chunk: Chunk,
    tables: dict[str, tuple[list[Column], tuple[str, ...]]],
    counts: dict[str, int],
    encoding: str,
) -> dict:
    return {
        "release": RELEASE,
        "schema_version": SCHEMA_VERSION,
        "audit_keys": [chunk.first_key, chunk.last_key],
        "time_range": [_iso(chunk.start_ts), _iso(chunk.end_ts)],
        "encoding": encoding,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {
            table: {"rows": counts[table], "key": list(key), "columns": [c for c, _ in columns]}
            for table, (columns, key) in tables.items()
        },
    }


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")
