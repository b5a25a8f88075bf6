"""`gim`: the command line. Parses arguments, loads configuration, calls; nothing else."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import embedded
from .config import Config, load_config, render
from .errors import ConfigError, DbtError, GimError, JobFailed, SchemaOutOfDate, first_line
from .paths import default_config_path


def _print_version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    """-v/--version: the release and the schema versions, the database's included."""
    if not value or ctx.resilient_parsing:
        return
    from .migrate.report import version_lines

    path = ctx.params.get("config_path") or default_config_path()  # --config given before it
    try:
        config: Config | None = load_config(path)
    except GimError:
        config = None
    click.echo("\n".join(version_lines(config)))
    ctx.exit()


class Session:
    """Per-invocation state: where the configuration is, and whether to show tracebacks."""

    def __init__(self, config_path: Path, debug: bool, explicit: bool = False):
        self.config_path = config_path
        self.debug = debug
        #: Named by --config or GIM_CONFIG: it must exist (only the default gim.yml may be absent).
        self.explicit = explicit
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            if self.explicit and not self.config_path.exists():
                raise ConfigError(
                    [f"{self.config_path}: no such configuration file (--config or GIM_CONFIG)"]
                )
            self._config = load_config(self.config_path)
        return self._config


pass_session = click.make_pass_decorator(Session)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-v",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the release, the schema versions it needs and the database's, and exit.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    envvar="GIM_CONFIG",
    is_eager=True,
    help="Configuration file (default: gim.yml in the working folder).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and dbt's own log.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, debug: bool) -> None:
    """Info Mart: contact-center historical reporting (Python + dbt)."""
    ctx.obj = Session(config_path or default_config_path(), debug, explicit=config_path is not None)


@cli.command()
@pass_session
def init(session: Session) -> None:
    """Job_InitializeGIM: schemas, control tables, fixed dimensions, calendar. Safe to repeat."""
    _run_job(session, "Job_InitializeGIM", ())


@cli.group()
def job() -> None:
    """Run a job by its original name."""


@job.command("run", context_settings={"ignore_unknown_options": True})
@click.option("--job-id", hidden=True, help="The SCHEDULED row gim server starts.")
@click.option("--continuous", is_flag=True, hidden=True, help="Run until stopped (the server's).")
@click.argument("name")
@click.argument("parameters", nargs=-1, type=click.UNPROCESSED)
@pass_session
def job_run(
    session: Session,
    job_id: str | None,
    continuous: bool,
    name: str,
    parameters: tuple[str, ...],
) -> None:
    """Run job NAME (e.g. Job_InitializeGIM) with its original PARAMETERS; while `gim server`
    runs, ask it to (the job is SCHEDULED, then RUNNING when the rules allow)."""
    from .job_runner import refuse_parameters
    from .jobs import job_named

    # An unknown job, parameters it does not take, a bad configuration: refused before any
    # database is reached (a running server is looked for only then).
    refuse_parameters(job_named(name), parameters)
    session.config  # noqa: B018 (loaded, so an invalid file stops here)
    if job_id is None and _ask_the_server(session, name, parameters):
        return
    _run_job(session, name, parameters, job_id=job_id, continuous=continuous)


def _ask_the_server(session: Session, name: str, parameters: tuple[str, ...]) -> bool:
    """Hand the job to a running `gim server`; False when none runs."""
    import shlex

    from .db import connect, infomart_uri
    from .dbt_runner import DbtProject
    from .server.control import checked_request, request_job
    from .server.instance import running_server

    config = session.config
    uri = infomart_uri(config)
    holder = running_server(uri)
    if holder is None:
        return False
    project = DbtProject(uri=uri, schema=config.infomart.schema)
    job_name, words = checked_request(
        config, name, shlex.join(parameters), project.catalogue() if parameters else None
    )
    with connect(uri, autocommit=True) as conn:
        job_id = request_job(conn, config.infomart.schema, job_name, words)
    click.echo(
        f"{job_name} SCHEDULED (JOB_ID {job_id}): {holder} starts it as soon as the rules allow;"
        " `gim jobs --show-id` follows it, `gim stop JOB_ID` cancels it"
    )
    return True


@cli.group()
def config() -> None:
    """Check or show the configuration."""


@config.command("check")
@pass_session
def config_check(session: Session) -> None:
    """Validate the configuration: one line per problem, naming section, option and value."""
    try:
        checked = session.config
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        sys.exit(exc.exit_code)
    click.echo(f"configuration is valid ({checked.source or 'built-in defaults'})")


@config.command("show")
@pass_session
def config_show(session: Session) -> None:
    """Print the effective configuration, defaults included."""
    click.echo(render(session.config))


@cli.group()
def db() -> None:
    """The Info Mart and IDB databases."""


@db.command("uri")
@click.option("--idb", "idb_name", help="Print the URI of this IDB instead of the Info Mart.")
@pass_session
def db_uri(session: Session, idb_name: str | None) -> None:
    """Print a libpq connection URI (starts the embedded server if needed); the Info Mart's
    lands in its reporting schema (`psql "$(gim db uri)"`)."""
    from .db import idb_uri, in_schema, infomart_uri

    if idb_name:
        click.echo(idb_uri(session.config, idb_name))
    else:
        click.echo(in_schema(infomart_uri(session.config), session.config.infomart.schema))


@db.command("stop")
@click.option(
    "--force",
    is_flag=True,
    help="Stop even while a job runs (it fails; its next run resumes it).",
)
@pass_session
def db_stop(session: Session, force: bool) -> None:
    """Stop the embedded PostgreSQL server (refused while a job or `gim server` runs, unless
    --force)."""
    if embedded.is_running() and not force and session.config.infomart.embedded:
        from .db import infomart_uri
        from .job_runner import running_jobs
        from .jobs import JOBS
        from .server.instance import running_server

        uri = infomart_uri(session.config)
        server = running_server(uri)
        if server:
            raise GimError(
                f"{server} uses it (and would start it again): stop the server first,"
                " or use --force"
            )
        running = running_jobs(uri, list(JOBS))
        if running:
            raise GimError(
                f"{', '.join(running)} running: stopping the database now fails it (its next"
                " run resumes it); wait for it, or use --force"
            )
    click.echo(
        "embedded PostgreSQL stopped" if embedded.stop() else "embedded PostgreSQL was not running"
    )


@cli.group()
def calendar() -> None:
    """The DATE_TIME calendar."""


@calendar.command("rebuild")
@pass_session
def calendar_rebuild(session: Session) -> None:
    """After changing date-time-tz or a week option: rebuild DATE_TIME under the options now in
    force and re-aggregate the days whose facts are kept (Job_MaintainGIM -rebuildCalendar).
    Stop Job_AggregateGIM first."""
    from .maintain.calendar import REBUILD_FLAG

    parameters = (REBUILD_FLAG,)
    if not _ask_the_server(session, "Job_MaintainGIM", parameters):
        _run_job(session, "Job_MaintainGIM", parameters)


@cli.group()
def idb() -> None:
    """The IDBs the Info Mart reads."""


@idb.command("retention-days")
@pass_session
def idb_retention_days(session: Session) -> None:
    """The fewest days each IDB must keep its data before ICON's purge procedures remove it (the
    guide's query: 7 days' safety buffer; 999 before two completed transformations)."""
    from psycopg import sql

    from .db import connect, infomart_uri, qualified

    config = session.config
    with connect(infomart_uri(config), autocommit=True) as conn:
        days = conn.execute(
            sql.SQL("select minimum_days from {}").format(
                qualified(config.infomart.schema, "admin_idb_retention_days")
            )
        ).fetchone()[0]
    click.echo(int(days))


@cli.group()
def export() -> None:
    """Job_ExportGIM's archives, for another warehouse."""


@export.command("target-script")
@pass_session
def export_target_script(session: Session) -> None:
    """The SQL that creates the exported tables in another PostgreSQL (psql -v schema=NAME -f
    FILE); each archive's load.sql then loads it."""
    from .db import connect, infomart_uri
    from .dbt_runner import DbtProject
    from .export.scripts import target_script

    config = session.config
    uri, schema = infomart_uri(config), config.infomart.schema
    exported = DbtProject(uri=uri, schema=schema).catalogue().exported_tables
    with connect(uri, autocommit=True) as conn:
        click.echo(target_script(conn, schema, exported), nl=False)


@cli.group()
def standby() -> None:
    """An active-standby Info Mart: a streaming replica of this one, its lag, its promotion."""


@standby.command("create")
@click.option(
    "--pgdata",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Empty folder for the standby's PostgreSQL (on the standby site's disk).",
)
@pass_session
def standby_create(session: Session, pgdata: Path) -> None:
    """Base-back-up the configured (active) Info Mart into PGDATA and start it as a read-only
    streaming standby; print its URI, for the standby site's `[infomart] dsn`."""
    from .db import infomart_uri
    from .standby import create

    created = create(infomart_uri(session.config), pgdata)
    click.echo(f"standby streaming from the active Info Mart: {created}")
    click.echo("its gim.yml sets `infomart: {dsn: ...}` to it; gim server there runs no job")
    click.echo("until `gim standby promote --disaster` brings it into service")


@standby.command("status")
@pass_session
def standby_status(session: Session) -> None:
    """Whether the configured Info Mart is a standby, whom it streams from, and its lag."""
    from .db import infomart_uri
    from .standby import state

    now = state(infomart_uri(session.config))
    if not now.in_recovery:
        click.echo("in service (not a standby)")
        return
    lag = (
        "none replayed yet" if now.replay_lag_seconds is None else f"{now.replay_lag_seconds:.0f} s"
    )
    click.echo(
        f"standby: WAL receiver {now.receiver or 'not running'}"
        f"{f' from {now.sender}' if now.sender else ''}; last transaction replayed: {lag} ago"
    )


@standby.command("promote")
@click.option(
    "--disaster",
    is_flag=True,
    help="Confirm the active site is lost (never for a mere connectivity loss).",
)
@pass_session
def standby_promote(session: Session, disaster: bool) -> None:
    """Bring the configured standby into service after the active site is lost; refused while
    the active streams to it."""
    from .db import infomart_uri
    from .standby import promote

    click.echo(promote(infomart_uri(session.config), disaster))


@cli.command()
@click.option("--agents", type=int, default=50, show_default=True, help="Agents (2..20000).")
@click.option("--days", type=int, default=1, show_default=True, help="Days to simulate (1..366).")
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First simulated day, UTC (default: yesterday).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same IDB.")
@click.option("--sites", type=int, default=2, show_default=True, help="Switches (1..8).")
@click.option("--media", default="voice", show_default=True, help="Comma-separated media.")
@click.option("--idb", "idb_name", help="Write only this IDB (default: every configured IDB).")
@click.option(
    "--truth",
    "truth_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Ground-truth folder (default: .gim/truth).",
)
@click.option("--timeline", is_flag=True, help="Print the first calls as a readable timeline.")
@click.option("--outbound", is_flag=True, help="A campaign per site, 10:00-16:00 each day.")
@click.option(
    "--understaffed",
    is_flag=True,
    help="Calls arrive to keep agents 85% busy, whatever the wait (default: staffed to objective).",
)
@click.option(
    "--ha", is_flag=True, help="The second IDB of each HA group misses 10:00-10:30 of day one."
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]),
    help="Write the IDB as it stood at this UTC time (calls in flight); run again to go on.",
)
@pass_session
def simulate(
    session: Session,
    agents: int,
    days: int,
    start: Any,
    seed: int,
    sites: int,
    media: str,
    idb_name: str | None,
    truth_dir: Path | None,
    timeline: bool,
    outbound: bool,
    understaffed: bool,
    ha: bool,
    until: Any,
) -> None:
    """Fill an IDB with a simulated contact center and write its ground truth."""
    from datetime import UTC, datetime, timedelta

    from simulator.params import validated
    from simulator.run import prepare, run_simulation
    from simulator.targets import targets_from_config
    from simulator.timeline import render_timeline

    from .paths import state_dir

    first_day = start.date() if start else datetime.now(UTC).date() - timedelta(days=1)
    params = validated(
        agents=agents,
        days=days,
        start=first_day,
        seed=seed,
        sites=sites,
        media=tuple(m.strip() for m in media.split(",") if m.strip()),
        until=until,
        outbound=outbound,
        understaffed=understaffed,
    )
    targets = targets_from_config(session.config, params, idb_name, ha)
    _refuse_another_center(session.config, params, targets)
    truth = truth_dir or state_dir() / "truth"
    result = run_simulation(params, targets, truth, echo=click.echo, prepared=prepare(params))
    if timeline:
        click.echo(render_timeline(result.log, result.topology))


def _refuse_another_center(config: Config, params: Any, targets: list[Any]) -> None:
    """An IDB already extracted may grow (a later --until of the same simulation), never hold
    another simulated center: the Info Mart would mix both (its marks are past the new rows)."""
    from simulator.identity import identity, recorded

    from .control.extracts import has_extracted
    from .db import connect, infomart_uri

    wanted = identity(params)
    for target in targets:
        with connect(target.uri) as idb:
            held = recorded(idb)
        if held is None or held == wanted:
            continue
        with connect(infomart_uri(config)) as mart:
            if not has_extracted(mart, config.infomart.schema, target.name):
                continue
        raise GimError(
            f"IDB {target.name} holds another simulated center ({held}), already extracted:"
            f" writing {wanted} over it would mix two centers in one Info Mart; start both anew"
            " with `gim demo --fresh` (embedded), or simulate into another IDB"
        )


@cli.command("jobs")
@click.option(
    "--days",
    type=click.IntRange(1),
    default=7,
    show_default=True,
    help="Jobs started in the last DAYS days.",
)
@click.option("--limit", type=click.IntRange(1), help="At most this many jobs [default: 50].")
@click.option(
    "--status",
    type=click.Choice(["RUNNING", "COMPLETE", "FAILED", "SCHEDULED"], case_sensitive=False),
    help="Only jobs with this status.",
)
@click.option("--all", "show_all", is_flag=True, help="Every job of the period.")
@click.option("--show-end", is_flag=True, help="Add the End Time column.")
@click.option("--show-id", is_flag=True, help="Add the Job ID column (for gim stop).")
@pass_session
def jobs_command(
    session: Session,
    days: int,
    limit: int | None,
    status: str | None,
    show_all: bool,
    show_end: bool,
    show_id: bool,
) -> None:
    """Job history, newest first, filtered as the manager's Filter dialog: the past DAYS, and
    one of a count, a status or all."""
    from .job_history import JobFilter
    from .report import job_history

    if sum(bool(chosen) for chosen in (limit, status, show_all)) > 1:
        raise click.UsageError("give one of --limit, --status and --all")
    chosen = JobFilter(
        days=days,
        limit=None if status or show_all else (limit or 50),
        status=status.upper() if status else None,
    )
    click.echo(job_history(session.config, chosen, show_end=show_end, show_id=show_id))


@cli.command()
@pass_session
def status(session: Session) -> None:
    """ETL latency per functional area: the time since the newest contact-center event each one
    has stored (the manager's ETL Status)."""
    from .report import etl_status

    click.echo(etl_status(session.config))


@cli.command()
@click.argument("job_id")
@pass_session
def stop(session: Session, job_id: str) -> None:
    """Stop the running job JOB_ID, or cancel it if it is SCHEDULED (`gim jobs --show-id`)."""
    from .db import connect, infomart_uri
    from .server.control import stop_job

    with connect(infomart_uri(session.config), autocommit=True) as conn:
        click.echo(stop_job(conn, session.config.infomart.schema, job_id))


@cli.command()
@pass_session
def server(session: Session) -> None:
    """Run the scheduler, the manager page and /metrics until SIGTERM or Ctrl-C (one per Info
    Mart): jobs start on the [schedule] options; the page listens on [server] host and port."""
    from .server.run import serve

    serve(session.config_path, session.config)


@cli.command()
@pass_session
def docs(session: Session) -> None:
    """Generate the dbt docs site (every public table and column described) and say where it is."""
    from .catalogue import DOCUMENTED_TAGS
    from .db import infomart_uri
    from .dbt_runner import DbtProject

    project = DbtProject(uri=infomart_uri(session.config), schema=session.config.infomart.schema)
    project.run("docs generate", " ".join(DOCUMENTED_TAGS))
    site = project.work_dir / "target"
    click.echo(f"dbt docs: {site / 'index.html'}")
    click.echo(f"serve it with: python -m http.server --directory {site} 8080")


@cli.command("dbt", context_settings={"ignore_unknown_options": True})
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
@pass_session
def dbt_command(session: Session, arguments: tuple[str, ...]) -> None:
    """Run dbt on the configured Info Mart, e.g. `gim dbt source freshness`; dbt's exit code."""
    from .db import infomart_uri
    from .dbt_runner import DbtProject

    project = DbtProject(
        uri=infomart_uri(session.config), schema=session.config.infomart.schema, log_level="info"
    )
    sys.exit(0 if project.invoke(list(arguments)) else 1)


@cli.command()
@pass_session
def cycle(session: Session) -> None:
    """One ETL cycle: Job_ExtractICON, Job_TransformGIM, Job_AggregateGIM (one line each)."""
    from .cycle import run_cycle

    run_cycle(session.config, echo=lambda line: click.echo(line, err=True))


@cli.command()
@click.option("--agents", type=int, default=50, show_default=True, help="Agents (2..20000).")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same day.")
@click.option(
    "--fresh", is_flag=True, help="Drop the embedded Info Mart and IDBs first (a new center)."
)
@click.pass_context
@pass_session
def demo(session: Session, context: click.Context, agents: int, seed: int, fresh: bool) -> None:
    """The whole story on the embedded default: initialise, simulate yesterday (voice, chat,
    e-mail, outbound) and run it as `gim server`'s scheduler would over a simulated clock (ETL
    cycles at 09:00, 17:00 and 01:00, aggregation at 01:30), then print the headline report.
    Another center (seed, size or day) over an Info Mart that holds one is refused, unless
    --fresh starts both anew."""
    import time as clock
    from datetime import UTC, datetime, time, timedelta

    from .cycle import Step
    from .db import infomart_uri
    from .dbt_runner import DbtProject
    from .jobs import job_named, run_job
    from .report import headline_report
    from .scheduler import EXTRACT, Start
    from .simulated_clock import run_simulated

    if fresh:
        config = session.config
        if not config.infomart.embedded or any(idb.dsn for idb in config.idbs):
            raise GimError("--fresh drops databases: only on the embedded default, not a DSN")
        dropped = embedded.drop_databases(
            [embedded.INFOMART_DATABASE, *(idb.name for idb in config.idbs)]
        )
        click.echo(
            f"starting from a fresh IDB and Info Mart: dropped {', '.join(dropped) or 'nothing'}",
            err=True,
        )

    _run_job(session, "Job_InitializeGIM", ())
    dbt = DbtProject(uri=infomart_uri(session.config), schema=session.config.infomart.schema)
    day = datetime.now(UTC).date() - timedelta(days=1)

    def run(job: Start, now: datetime) -> None:
        if job.job_name == EXTRACT:  # the IDB as it stood then; after midnight, the whole day
            until = now.replace(tzinfo=None) if now.date() == day else None
            context.invoke(
                simulate,
                agents=agents,
                seed=seed,
                start=datetime.combine(day, time()),
                media="voice,chat,email",
                outbound=True,
                until=until,
            )
        click.echo(f"{now:%Y-%m-%d %H:%M} (simulated clock): {job.job_name}: running", err=True)
        started = clock.perf_counter()
        outcome = run_job(
            job_named(job.job_name),
            session.config,
            echo=lambda line: click.echo(line, err=True),
            dbt=dbt,
        )
        step = Step(job.job_name, outcome.job_id, clock.perf_counter() - started, outcome.summary)
        click.echo(step.line(), err=True)

    opens = datetime.combine(day, time(8, 59), tzinfo=UTC)
    run_simulated(_demo_schedule(), opens, opens + timedelta(hours=16, minutes=36), run)
    click.echo(headline_report(session.config))


def _demo_schedule() -> Any:
    """The demo's day: cycles at 09:00, 17:00 and 01:00, then aggregation at 01:30 (GMT)."""
    from datetime import time, timedelta
    from zoneinfo import ZoneInfo

    from .scheduler import Schedule

    return Schedule(
        etl_start=time(9),
        etl_end=time(1),
        etl_frequency=timedelta(hours=8),
        zone=ZoneInfo("GMT"),
        run_aggregates=True,
        aggregate_cron="30 1",
        aggregate_duration=timedelta(minutes=30),
    )


def _run_job(
    session: Session,
    name: str,
    parameters: tuple[str, ...],
    job_id: str | None = None,
    continuous: bool = False,
) -> None:
    from .db import infomart_uri
    from .dbt_runner import DbtProject
    from .jobs import job_named, run_job

    config = session.config  # an invalid configuration stops here, before any data is touched
    job_instance = job_named(name)
    dbt = None
    if session.debug:
        dbt = DbtProject(uri=infomart_uri(config), schema=config.infomart.schema, log_level="info")
    click.echo(f"{job_instance.name}: running", err=True)
    outcome = run_job(
        job_instance,
        config,
        parameters,
        echo=lambda line: click.echo(line, err=True),
        dbt=dbt,
        job_id=job_id,
        continuous=continuous,
    )
    for line in outcome.summary:
        click.echo(f"  {line}")
    click.echo(f"{outcome.job_name} COMPLETE (JOB_ID {outcome.job_id})")


def _out_of_date(exc: GimError) -> bool:
    """A refusal for a schema out of date (the Info Mart's or an IDB's): dbt has nothing to add."""
    return exc.exit_code == SchemaOutOfDate.exit_code


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: one line on stderr and a non-zero exit for any GimError."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        return cli.main(args=argv, prog_name="gim", standalone_mode=False)
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"gim: invalid configuration: {problem}", err=True)
        if debug:
            raise
        sys.exit(exc.exit_code)
    except GimError as exc:
        dbt_may_know = isinstance(exc, JobFailed | DbtError) and not _out_of_date(exc)
        hint = f" (dbt's account: {_dbt_log()})" if dbt_may_know else ""
        click.echo(f"gim: {exc}{hint}", err=True)
        if debug:
            raise
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("gim: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # the edge: anything else still ends in one line (--debug: all)
        if debug:
            raise
        reason = first_line(exc)
        click.echo(f"gim: {type(exc).__name__}: {reason} (--debug shows the traceback)", err=True)
        sys.exit(1)


def _dbt_log() -> Path:
    from .paths import state_dir

    return state_dir() / "dbt" / "logs" / "dbt.log"


if __name__ == "__main__":
    main()
