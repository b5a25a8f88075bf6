"""An active-standby Info Mart with PostgreSQL's own streaming replication (where the original uses
GoldenGate): a base backup of the active (`pg_basebackup -R`) started as a read-only replica, its
replication lag, and its promotion after a disaster.

The binaries are the embedded PostgreSQL's (pgserver ships pg_basebackup, pg_ctl and pg_rewind);
a standby of a real PostgreSQL is set up with the same commands (docs/operations.md).
"""

from __future__ import annotations

import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg

from .db import connect
from .embedded import INFOMART_DATABASE
from .errors import GimError

STANDBY_REFUSAL = (
    "this Info Mart is a standby (a read-only replica of the active one): no job runs on it"
    " until it is promoted (`gim standby promote`, after a disaster only)"
)
#: Files of the embedded server's folder that a base backup copies and a standby must not keep.
_NOT_CARRIED = (".s.PGSQL.5432.lock", ".handle_pids.json", "log")


@dataclass(frozen=True)
class StandbyState:
    in_recovery: bool
    receiver: str | None  # pg_stat_wal_receiver.status: streaming, ... None when none runs
    sender: str | None  # where it streams from
    replay_lag_seconds: float | None  # time since the last transaction replayed


def is_standby(conn: psycopg.Connection) -> bool:
    """Whether this Info Mart is a read-only replica (in recovery)."""
    return bool(conn.execute("select pg_is_in_recovery()").fetchone()[0])


def _binary(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _postgres_user() -> dict[str, object]:
    """pgserver runs PostgreSQL as the `pgserver` user when gim runs as root."""
    return {"user": "pgserver"} if os.geteuid() == 0 else {}


def create(active_uri: str, pgdata: Path) -> str:
    """Base-back-up the active Info Mart into `pgdata` (empty or absent) and start it as a
    streaming standby listening on a socket in that folder; its URI."""
    pgdata = pgdata.resolve()
    if pgdata.exists() and any(pgdata.iterdir()):
        raise GimError(f"{pgdata} is not empty: a standby is created in an empty folder")
    pgdata.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.geteuid() == 0:
        account = pwd.getpwnam("pgserver")
        os.chown(pgdata, account.pw_uid, account.pw_gid)
    backup = [_binary("pg_basebackup"), "-d", active_uri, "-D", str(pgdata), "-R"]
    _run([*backup, "-X", "stream", "-c", "fast"], "pg_basebackup")
    for name in _NOT_CARRIED:
        (pgdata / name).unlink(missing_ok=True)
    start(pgdata)
    return uri(pgdata)


def start(pgdata: Path) -> None:
    """Start the standby (or the promoted Info Mart) in `pgdata` on its own socket."""
    command = [_binary("pg_ctl"), "-D", str(pgdata), "-w", "-t", "600"]
    listen = ["-o", "-h ''", "-o", f"-k {pgdata}"]
    _run([*command, *listen, "-l", str(pgdata / "log"), "start"], "pg_ctl start")


def uri(pgdata: Path) -> str:
    return f"postgresql://postgres:@/{INFOMART_DATABASE}?host={pgdata.resolve()}"


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, **_postgres_user()
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise GimError(f"{what} failed: {detail[-1] if detail else result.returncode}")


def state(standby_uri: str) -> StandbyState:
    with connect(standby_uri, autocommit=True) as conn:
        in_recovery, lag = conn.execute(
            "select pg_is_in_recovery(),"
            " extract(epoch from now() - pg_last_xact_replay_timestamp())"
        ).fetchone()
        receiver = conn.execute("select status, sender_host from pg_stat_wal_receiver").fetchone()
    return StandbyState(
        bool(in_recovery),
        receiver[0] if receiver else None,
        receiver[1] if receiver else None,
        None if lag is None else float(lag),
    )


def promote(standby_uri: str, disaster: bool) -> str:
    """Bring the standby into service, refused while the active still streams to it (the
    guide's warning: never during a mere connectivity loss) and unless `disaster` confirms the
    active site is lost."""
    now = state(standby_uri)
    if not now.in_recovery:
        raise GimError("this Info Mart is not a standby (it is already in service)")
    if now.receiver == "streaming":
        raise GimError(
            f"the active Info Mart ({now.sender}) still streams to this standby: it is in"
            " service, so promoting would split the Info Marts; not promoted"
        )
    if not disaster:
        raise GimError(
            "the active Info Mart does not stream to this standby. If its site is lost, confirm"
            " with --disaster; during a mere connectivity loss, never promote (the Business"
            " Continuity guide): the two Info Marts would diverge"
        )
    with connect(standby_uri, autocommit=True) as conn:
        if not conn.execute("select pg_promote(true, 300)").fetchone()[0]:
            raise GimError("PostgreSQL did not finish the promotion within 300 s")
    lag = "unknown" if now.replay_lag_seconds is None else f"{now.replay_lag_seconds:.0f} s"
    return (
        "promoted: this Info Mart is in service (its last replayed transaction was"
        f" {lag} before the promotion); the next Job_ExtractICON resumes from its marks"
    )
