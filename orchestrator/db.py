"""Connections to the Info Mart and the IDBs, and the per-job advisory lock."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

import psycopg
from psycopg import sql

from . import embedded
from .config import Config
from .errors import DatabaseError, GimError, first_line

#: First half of every advisory-lock key gim takes ("GM"), so other applications' locks never clash.
LOCK_NAMESPACE = 0x474D


def infomart_uri(config: Config) -> str:
    """The Info Mart's URI: the configured DSN, else the embedded server (started if needed)."""
    if config.infomart.dsn:
        return config.infomart.dsn
    return embedded.server_uri(embedded.INFOMART_DATABASE)


def in_schema(uri: str, schema: str) -> str:
    """`uri` with the schema first on its search path (libpq's `options`), unless it sets one."""
    info = psycopg.conninfo.conninfo_to_dict(uri)
    if "search_path" in str(info.get("options", "")):
        return uri
    separator = "&" if "?" in uri else "?"
    return f"{uri}{separator}options=-csearch_path%3D{schema}"


def idb_uri(config: Config, name: str) -> str:
    for idb in config.idbs:
        if idb.name == name:
            return idb.dsn or embedded.server_uri(idb.name)
    known = ", ".join(idb.name for idb in config.idbs)
    raise GimError(f"idb {name!r} is not configured (configured: {known})")


def connect(uri: str, *, autocommit: bool = False) -> psycopg.Connection:
    try:
        return psycopg.connect(uri, autocommit=autocommit, application_name="gim")
    except psycopg.OperationalError as exc:
        raise DatabaseError(
            f"cannot connect to {_without_password(uri)}: {first_line(exc)}"
        ) from exc


def _without_password(uri: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(uri)
    host = info.get("host", "localhost")
    return f"database {info.get('dbname', '?')} on {host}"


def job_lock_key(job_name: str) -> int:
    """A stable signed 32-bit key per job name."""
    value = zlib.crc32(job_name.encode())
    return value - 2**32 if value >= 2**31 else value


@contextmanager
def advisory_lock(uri: str, name: str) -> Iterator[bool]:
    """Hold a session advisory lock named `name` while the block runs; yields False if taken."""
    with connect(uri, autocommit=True) as conn:
        acquired = conn.execute(
            "select pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, job_lock_key(name))
        ).fetchone()[0]
        try:
            yield bool(acquired)
        finally:
            if acquired and not conn.closed:
                # A session lock dies with its session: a server gone away has released it.
                with suppress(psycopg.OperationalError):
                    conn.execute(
                        "select pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, job_lock_key(name))
                    )


@contextmanager
def jobs_kept_out(
    uri: str, names: tuple[str, ...], why: str, wait_seconds: float = 0
) -> Iterator[None]:
    """Hold the job locks of `names` while the block runs, so none of them starts; when any is
    running, wait up to `wait_seconds` for it to end, then refuse, naming the running ones and
    saying `why` they must stop."""
    deadline = time.monotonic() + wait_seconds
    while True:
        with ExitStack() as stack:
            running = [n for n in names if not stack.enter_context(advisory_lock(uri, n))]
            if not running:
                yield
                return
        if time.monotonic() >= deadline:
            raise GimError(
                f"{' and '.join(running)} running: stop it first (gim stop JOB_ID, or the"
                f" manager page); {why}"
            )
        time.sleep(1)


def relation_exists(conn: psycopg.Connection, schema: str, name: str) -> bool:
    row = conn.execute("select to_regclass(%s)", (f"{schema}.{name}",)).fetchone()
    return row is not None and row[0] is not None


def qualified(schema: str, name: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(name))


def jobs_holding_locks(conn: psycopg.Connection, job_names: list[str]) -> set[str]:
    """The jobs among `job_names` whose advisory lock some session holds now (one query; a job
    whose process died has released its lock with its session)."""
    keys = {job_lock_key(name) & 0xFFFFFFFF: name for name in job_names}
    rows = conn.execute(
        "select objid::bigint from pg_locks where locktype = 'advisory' and granted"
        " and classid = %s and objsubid = 2 and objid::bigint = any(%s)",
        (LOCK_NAMESPACE, list(keys)),
    ).fetchall()
    return {keys[objid] for (objid,) in rows}
