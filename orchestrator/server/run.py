"""`gim server`: one per Info Mart; initialises a new Info Mart, then runs the engine in a thread
and the page in uvicorn until SIGTERM or Ctrl-C, when it stops its jobs and exits."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn

from ..config import Config
from ..db import connect, idb_uri, infomart_uri
from ..errors import GimError, IdbOutOfDate, SchemaOutOfDate
from ..extract.contract import refuse_unfit_idb
from ..migrate.versions import MIGRATE, job_the_schema_needs, out_of_date
from ..paths import state_dir
from ..scheduler import INITIALIZE
from ..standby import is_standby
from .children import launch
from .engine import ConfigWatch, Engine
from .instance import only_server

TOKEN_VARIABLE = "GIM_SERVER_TOKEN"


def log(line: str) -> None:
    """One line on stderr, stamped (systemd's journal and a terminal read it alike)."""
    stamp = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"
    print(f"{stamp} gim server: {line}", file=sys.stderr, flush=True)


def server_token(config: Config) -> str | None:
    """The page's token: [server] token, else GIM_SERVER_TOKEN; required off loopback."""
    token = config["server.token"] or os.environ.get(TOKEN_VARIABLE) or None
    host = config["server.host"]
    if token is None and not _loopback(host):
        raise GimError(
            f"server.host: {host} is reachable from other machines, and the page starts and stops"
            f" jobs: set [server] token (or {TOKEN_VARIABLE}, 16 characters or more); not started"
        )
    if token is not None and len(token) < 16:
        raise GimError(f"{TOKEN_VARIABLE}: at least 16 characters; not started")
    return token


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Uvicorn(uvicorn.Server):
    """uvicorn, exiting 0 after SIGTERM or Ctrl-C: it shuts down gracefully (the jobs are stopped
    first), then would re-raise the signal and die of it."""

    def handle_exit(self, sig: int, frame: Any) -> None:
        super().handle_exit(sig, frame)
        self._captured_signals.clear()


def serve(config_path: Path, config: Config) -> None:
    token = server_token(config)
    host, port = config["server.host"], config["server.port"]
    address = f"http://{host}:{port}"
    uri = infomart_uri(config)
    with only_server(uri, address):
        listener = _listen(host, port)
        prepare_the_schema(config)
        engine = Engine(ConfigWatch(config_path, config, log), log)
        engine.recall()
        app = _application(engine, token)
        server = _Uvicorn(uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False))
        log(
            f"serving {address} (manager page, /metrics, /healthz); scheduler "
            + ("on" if config["schedule.run-scheduler"] else "off (run-scheduler: false)")
        )
        asyncio.run(server.serve(sockets=[listener]))
        log("stopped")


def _listen(host: str, port: int) -> socket.socket:
    """Bind now, so a port in use stops the server with one line before anything starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host.strip("[]"), port))
    except OSError as exc:
        listener.close()
        raise GimError(
            f"server: cannot listen on {host}:{port} ({exc.strerror}); not started"
        ) from None
    listener.listen(64)
    return listener


def prepare_the_schema(config: Config) -> None:
    """A new Info Mart gets Job_InitializeGIM before the scheduler starts; one of an older schema
    gets Job_MigrateGIM when on-demand-migration is set, and stops the server with the one line
    naming the versions and the command otherwise (every job but Job_MigrateGIM refuses it). An
    IDB older than the IDB contract stops the server likewise."""
    schema = config.infomart.schema
    with connect(infomart_uri(config), autocommit=True) as conn:
        if is_standby(conn):
            return
        job_name, found = job_the_schema_needs(conn, schema)
        if job_name == INITIALIZE:
            log("a new Info Mart: running Job_InitializeGIM first")
        elif job_name == MIGRATE:
            if not config["schedule.on-demand-migration"]:
                raise SchemaOutOfDate(f"server: {out_of_date(found)} (or set on-demand-migration)")
            log(f"the Info Mart's schema is {found} (on-demand-migration): running {MIGRATE}")
        else:
            refuse_older_idbs(config)
            return  # current, unversioned or newer: every job then says what to do
    child = launch(
        str(uuid.uuid4()),
        job_name,
        "",
        datetime.now(UTC),
        False,
        config.source,
        state_dir() / "logs" / "jobs",
    )
    if child.process.wait() != 0:
        raise GimError(f"{job_name} failed: {child.last_line()} (log: {child.log_path})")
    log(f"{job_name} COMPLETE")


def refuse_older_idbs(config: Config) -> None:
    """An enabled IDB older than the IDB contract stops the server with the one line naming it
    (Job_MigrateGIM cannot upgrade Interaction Concentrator). An IDB that cannot be reached, or
    holds no IDB tables yet, is left to extraction, which checks it when it comes to it."""
    for idb in config.idbs:
        if not idb.enabled:
            continue
        try:
            with connect(idb_uri(config, idb.name), autocommit=True) as conn:
                refuse_unfit_idb(conn, idb.name, idb.roles)
        except IdbOutOfDate as exc:
            raise IdbOutOfDate(f"server: {exc}") from None
        except GimError:
            continue


def _application(engine: Engine, token: str | None) -> Any:
    from .web import create_app

    catalogue_lock = threading.Lock()
    parsed: list[Any] = []

    def catalogue() -> Any:
        """dbt's catalogue, parsed on first use (checking -insertPendingAgg sets)."""
        from ..dbt_runner import DbtProject

        with catalogue_lock:
            if not parsed:
                project = DbtProject(uri=infomart_uri(engine.config), schema=engine.schema)
                parsed.append(project.catalogue())
            return parsed[0]

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        thread = threading.Thread(target=engine.run_forever, name="scheduler", daemon=True)
        thread.start()
        try:
            yield
        finally:
            log("stopping: its jobs are stopped first")
            engine.stopping.set()
            await asyncio.to_thread(thread.join)

    return create_app(engine, token, catalogue, lifespan)
