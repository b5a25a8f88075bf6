"""Exactly one `gim server` per Info Mart: a session advisory lock, held for the server's life
on a connection whose application_name says which server holds it."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from ..db import LOCK_NAMESPACE, connect, job_lock_key
from ..errors import DatabaseError, ServerRunning

SERVER_LOCK = "gim server"
_APPLICATION_PREFIX = "gim server"


@contextmanager
def only_server(uri: str, address: str) -> Iterator[None]:
    """Hold the server lock while the block runs; ServerRunning naming the holder if taken."""
    description = f"{_APPLICATION_PREFIX} pid {os.getpid()} on {socket.gethostname()}, {address}"
    try:
        conn = psycopg.connect(uri, autocommit=True, application_name=description[:63])
    except psycopg.OperationalError as exc:
        raise DatabaseError(f"cannot connect to the Info Mart: {exc}".splitlines()[0]) from exc
    with conn:
        taken = conn.execute(
            "select pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, job_lock_key(SERVER_LOCK))
        ).fetchone()[0]
        if not taken:
            holder = running_server(uri) or "another process"
            raise ServerRunning(
                f"a gim server already serves this Info Mart ({holder}); not started"
            )
        yield


def running_server(uri: str) -> str | None:
    """Which server holds the lock ("gim server pid N on HOST, http://..."), or None."""
    with connect(uri, autocommit=True) as conn:
        row = conn.execute(
            "select activity.application_name from pg_locks as locks"
            " join pg_stat_activity as activity on activity.pid = locks.pid"
            " where locks.locktype = 'advisory' and locks.granted"
            " and locks.classid = %s and locks.objid = %s and locks.objsubid = 2",
            (LOCK_NAMESPACE, job_lock_key(SERVER_LOCK) & 0xFFFFFFFF),
        ).fetchone()
    if row is None:
        return None
    return row[0] or _APPLICATION_PREFIX
