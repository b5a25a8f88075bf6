"""The embedded PostgreSQL (pgserver) under `.gim/`: start or reuse, create databases, stop."""

from __future__ import annotations

import fcntl
import logging
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from .errors import DatabaseError
from .paths import state_dir

INFOMART_DATABASE = "infomart"
#: How long a start waits for the server to finish a crash recovery.
RECOVERY_WAIT_SECONDS = 600
logging.getLogger("pgserver").setLevel(logging.WARNING)


def data_dir() -> Path:
    return state_dir() / "pgdata"


@contextmanager
def _start_lock() -> Iterator[None]:
    """Serialise start/stop between gim processes sharing one `.gim/` folder."""
    state_dir().mkdir(parents=True, exist_ok=True)
    with open(state_dir() / "server.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def server_uri(database: str = INFOMART_DATABASE) -> str:
    """Start the embedded server if needed (left running) and return a URI to `database`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR in containers
        import pgserver

        with _start_lock():
            try:
                server = _get_server(pgserver)
            except (subprocess.SubprocessError, OSError, AssertionError) as exc:
                log = data_dir() / "log"
                raise DatabaseError(
                    f"the embedded PostgreSQL in {data_dir()} did not start ({exc}); see {log}"
                ) from exc
            _ensure_database(server.get_uri(), database)
            return server.get_uri(database)


def _get_server(pgserver: Any) -> Any:
    """pgserver's server, waiting out a crash recovery: pgserver gives `pg_ctl start` 10 s, and
    a server that stopped uncleanly (a power cut, a killed machine) replays its WAL for longer.
    pgserver keeps one handle per folder for the process's life: a server stopped since (`gim db
    stop`, a crash) is forgotten first, so that a long-lived process starts it again."""
    if not is_running():
        pgserver.postgres_server.PostgresServer._instances.pop(data_dir().resolve(), None)
    try:
        return pgserver.get_server(data_dir(), cleanup_mode=None)
    except subprocess.TimeoutExpired:
        deadline = time.monotonic() + RECOVERY_WAIT_SECONDS
        while not _postmaster_ready():
            if time.monotonic() > deadline or not is_running():
                raise
            time.sleep(1)
        return pgserver.get_server(data_dir(), cleanup_mode=None)


def _postmaster_ready() -> bool:
    """Whether postmaster.pid says the server accepts connections (its status line: ready)."""
    try:
        lines = (data_dir() / "postmaster.pid").read_text().splitlines()
    except OSError:
        return False
    return len(lines) > 7 and lines[7].strip() == "ready"


def _ensure_database(admin_uri: str, database: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(database)))


def is_running() -> bool:
    pid_file = data_dir() / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        pid = int(pid_file.read_text().split()[0])
        Path(f"/proc/{pid}").stat()
    except (OSError, ValueError, IndexError):
        return False
    return True


def stop() -> bool:
    """Stop the embedded server; False when it was not running."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl

        with _start_lock():
            if not is_running():
                return False
            user = "pgserver" if _running_as_root() else None
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir(), user=user)
            return True


def _running_as_root() -> bool:
    import os

    return os.geteuid() == 0


def drop_databases(names: list[str]) -> list[str]:
    """Drop these databases of the embedded server, connections and all; the ones that existed."""
    with psycopg.connect(server_uri("postgres"), autocommit=True) as conn:
        existing = [
            name
            for name in names
            if conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
        ]
        for name in existing:
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))
    return existing
