"""The scheduler: which job to start, wait for or stop, by the operations guide's rules. Pure logic.

Given the [schedule] options, a moment (an aware datetime: the clock is passed in), the jobs
running and the jobs someone asked for (SCHEDULED rows), and its own memory of what it launched,
`decide` answers with starts, stops and refusals and the memory to pass next time. It never
reads a database or sleeps: `gim server` runs it against the real clock, `gim demo` and the unit
tests against a simulated one.

The rules ("Managing and Scheduling Jobs" in the operations guide):
- ETL cycles begin from etl-start-time to etl-end-time (the start of the final cycle; the window
  may span midnight), etl-frequency minutes after the previous cycle began, or at once after it
  ends if it ran longer; times are read in `timezone`. Each cycle is Job_ExtractICON, then
  Job_TransformGIM once the extraction has ended.
- Never two instances of one job.
- Job_AggregateGIM runs continuously in the windows aggregate-schedule opens for
  aggregate-duration; with run-aggregates it is stopped outside them and cannot be started by hand.
- Job_MaintainGIM starts at maintain-start-time once no other job runs (Job_UpdateStats aside),
  runs alone, and is stopped when an ETL cycle is due; it is not started once the next ETL window
  has opened (it would be stopped at once), and waits for the next day.
- Job_ExportGIM on export-schedule, alongside ETL, never alongside Job_MaintainGIM.
- Job_UpdateStats on update-stats-schedule, alongside ETL; its runs are skipped while
  Job_MaintainGIM runs.
- An extraction running for an hour is stopped (stuck waiting on unreachable sources).
- run-scheduler false launches nothing; jobs asked for by hand still run.
- In migration state (a job found the Info Mart's or an IDB's schema out of date), nothing is
  launched and every request but Job_MigrateGIM's is refused, naming the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter

from .config.kinds import to_croniter

EXTRACT, TRANSFORM, AGGREGATE = "Job_ExtractICON", "Job_TransformGIM", "Job_AggregateGIM"
MAINTAIN, UPDATE_STATS, EXPORT = "Job_MaintainGIM", "Job_UpdateStats", "Job_ExportGIM"
INITIALIZE, MIGRATE = "Job_InitializeGIM", "Job_MigrateGIM"
#: The guide: "the Genesys Info Mart job scheduler terminates the instance of Job_ExtractICON
#: after one hour".
EXTRACTION_TIME_LIMIT = timedelta(hours=1)
#: Jobs that run alongside Job_MaintainGIM without holding it back.
MAINTENANCE_NEIGHBOURS = (UPDATE_STATS,)


@dataclass(frozen=True)
class Schedule:
    """The [schedule] options, parsed."""

    run_scheduler: bool = True
    etl_start: time = time(6, 30)
    etl_end: time = time(0, 30)
    etl_frequency: timedelta = timedelta(minutes=30)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("GMT"))
    run_maintain: bool = False
    maintain_start: time = time(3, 0)
    run_aggregates: bool = False
    aggregate_cron: str = "0 1"
    aggregate_duration: timedelta = timedelta(hours=5)
    run_update_stats: bool = False
    update_stats_cron: str = "0/10 *"
    run_export: bool = False
    export_cron: str = "20 0/8"

    @classmethod
    def from_config(cls, config: Any) -> Schedule:
        """The schedule of a loaded configuration (orchestrator.config.Config)."""
        return cls(
            run_scheduler=config["schedule.run-scheduler"],
            etl_start=config["schedule.etl-start-time"],
            etl_end=config["schedule.etl-end-time"],
            etl_frequency=timedelta(minutes=config["schedule.etl-frequency"]),
            zone=ZoneInfo(config["schedule.timezone"]),
            run_maintain=config["schedule.run-maintain"],
            maintain_start=config["schedule.maintain-start-time"],
            run_aggregates=config["schedule.run-aggregates"],
            aggregate_cron=config["schedule.aggregate-schedule"],
            aggregate_duration=timedelta(minutes=config["schedule.aggregate-duration"]),
            run_update_stats=config["schedule.run-update-stats"],
            update_stats_cron=config["schedule.update-stats-schedule"],
            run_export=config["schedule.run-export"],
            export_cron=config["schedule.export-schedule"],
        )

    def local(self, day: date, moment: time) -> datetime:
        """`moment` of local `day` as an aware datetime. A time the clocks skip (spring forward)
        is the moment it would have been, so 02:30 is 03:30; a time they repeat is its first."""
        return datetime.combine(day, moment, tzinfo=self.zone)


@dataclass(frozen=True)
class RunningJob:
    """A job running now. `ours`: launched by this scheduler's server (it can stop it)."""

    job_id: str
    job_name: str
    started: datetime
    ours: bool = True
    by_schedule: bool = False


@dataclass(frozen=True)
class Request:
    """A job someone asked for (a SCHEDULED row), waiting to start."""

    job_id: str
    job_name: str
    parameters: str = ""
    requested: datetime | None = None


@dataclass(frozen=True)
class Memory:
    """What the scheduler launched, carried from one decision to the next."""

    cycle_started: datetime | None = None  # the latest ETL cycle's start
    cycle_job_id: str | None = None  # the job of the cycle running now
    cycle_phase: str | None = None  # EXTRACT or TRANSFORM while a cycle runs
    maintained_since: datetime | None = None  # the maintenance start time last honoured
    last_update_stats: datetime | None = None  # the last cron time honoured
    last_export: datetime | None = None


@dataclass(frozen=True)
class Start:
    job_name: str
    reason: str
    job_id: str  # the request's, or a new one for a scheduled start
    parameters: str = ""
    by_schedule: bool = True


@dataclass(frozen=True)
class Stop:
    job_id: str
    job_name: str
    reason: str


@dataclass(frozen=True)
class Refuse:
    request: Request
    reason: str


@dataclass(frozen=True)
class Decision:
    starts: tuple[Start, ...] = ()
    stops: tuple[Stop, ...] = ()
    refusals: tuple[Refuse, ...] = ()
    notes: tuple[str, ...] = ()  # what waits, and why
    memory: Memory = field(default_factory=Memory)


def decide(
    schedule: Schedule,
    now: datetime,
    running: Iterable[RunningJob],
    requests: Iterable[Request],
    memory: Memory,
    new_id: Any,
    migration_state: str | None = None,
) -> Decision:
    """What to do at `now`. `new_id()` names a job the schedule starts. `migration_state`: why
    only Job_MigrateGIM may run (None: not in migration state)."""
    plan = _Plan(schedule, now, list(running), memory, new_id, migration_state)
    plan.stop_stuck_extraction()
    if schedule.run_scheduler and migration_state is None:
        plan.follow_cycle()
        plan.etl_cycle()
        plan.aggregation()
        plan.maintenance()
        plan.export()
        plan.update_stats()
    plan.requests(sorted(requests, key=lambda r: (r.requested or now, r.job_id)))
    return Decision(
        tuple(plan.starts), tuple(plan.stops), tuple(plan.refusals), tuple(plan.notes), plan.memory
    )


def refusal_by_hand(schedule: Schedule, now: datetime, job_name: str) -> str | None:
    """Why `job_name` cannot be started by hand now (None: it can)."""
    if job_name in (UPDATE_STATS, EXPORT):
        return f"{job_name} runs on its schedule only (as in the original's manager)"
    if job_name == AGGREGATE and schedule.run_aggregates and not in_aggregate_window(schedule, now):
        return (
            f"{AGGREGATE} runs only in its aggregate-schedule windows while run-aggregates is"
            f" true; next window opens {_shown(schedule, next_aggregate_window(schedule, now))}"
        )
    return None


def etl_due(schedule: Schedule, now: datetime, last_start: datetime | None) -> datetime | None:
    """When the next ETL cycle is due, if that is now or earlier; None if none is due."""
    window = _etl_window(schedule, now)
    if window is None:
        return None
    opens, closes = window
    if last_start is None or last_start < opens:
        # The window's first cycle; once the window has closed, the next window's.
        return opens if now <= closes else None
    # A cycle due within the window starts even after an overrun carried it past the end.
    due = last_start + schedule.etl_frequency
    return due if due <= closes and due <= now else None


def in_etl_window(schedule: Schedule, now: datetime) -> bool:
    """Whether an ETL cycle may begin at `now` (from etl-start-time to etl-end-time)."""
    window = _etl_window(schedule, now)
    return window is not None and now <= window[1]


def in_aggregate_window(schedule: Schedule, now: datetime) -> bool:
    start = _cron_before(schedule, schedule.aggregate_cron, now)
    return now < start + schedule.aggregate_duration


def next_aggregate_window(schedule: Schedule, now: datetime) -> datetime:
    local = now.astimezone(schedule.zone)
    return croniter(to_croniter(schedule.aggregate_cron), local).get_next(datetime)


def _etl_window(schedule: Schedule, now: datetime) -> tuple[datetime, datetime] | None:
    """The latest ETL window opened at or before `now`: (its first and its final cycle start)."""
    local = now.astimezone(schedule.zone)
    for day in (local.date(), local.date() - timedelta(days=1)):
        opens = schedule.local(day, schedule.etl_start)
        if opens > now:
            continue
        end_day = day if schedule.etl_end > schedule.etl_start else day + timedelta(days=1)
        closes = schedule.local(end_day, schedule.etl_end)
        if schedule.etl_end == schedule.etl_start:  # the same time: cycles all day long
            closes = opens + timedelta(days=1) - timedelta(seconds=1)
        return opens, closes
    return None


def _cron_before(schedule: Schedule, expression: str, now: datetime) -> datetime:
    """The latest time `expression` (read in the schedule's zone) names at or before `now`."""
    local = now.astimezone(schedule.zone)
    probe = local + timedelta(seconds=1)
    return croniter(to_croniter(expression), probe).get_prev(datetime)


def _maintenance_due_since(schedule: Schedule, now: datetime) -> datetime:
    local = now.astimezone(schedule.zone)
    today = schedule.local(local.date(), schedule.maintain_start)
    return (
        today
        if today <= now
        else schedule.local(local.date() - timedelta(1), schedule.maintain_start)
    )


def _shown(schedule: Schedule, moment: datetime) -> str:
    return moment.astimezone(schedule.zone).strftime("%Y-%m-%d %H:%M %Z")


class _Plan:
    """One decision being built: what runs, what is started and stopped so far."""

    def __init__(
        self,
        schedule: Schedule,
        now: datetime,
        running: list[RunningJob],
        memory: Memory,
        new_id: Any,
        migration_state: str | None = None,
    ) -> None:
        self.schedule, self.now, self.memory, self.new_id = schedule, now, memory, new_id
        self.migration_state = migration_state
        self.running = {job.job_name: job for job in running}
        self.stopping: set[str] = set()
        self.starts: list[Start] = []
        self.stops: list[Stop] = []
        self.refusals: list[Refuse] = []
        self.notes: list[str] = []

    # What runs, as this decision leaves it.
    def is_running(self, job_name: str) -> bool:
        return job_name in self.running or any(s.job_name == job_name for s in self.starts)

    def others_running(self, *but: str) -> list[str]:
        names = set(self.running) | {s.job_name for s in self.starts}
        return sorted(name for name in names if name not in but)

    def scheduled_maintenance(self) -> RunningJob | None:
        job = self.running.get(MAINTAIN)
        return job if job is not None and job.by_schedule else None

    def start(self, job_name: str, reason: str, request: Request | None = None) -> None:
        job_id = request.job_id if request else self.new_id()
        self.starts.append(
            Start(
                job_name,
                reason,
                job_id,
                request.parameters if request else "",
                by_schedule=request is None,
            )
        )

    def stop(self, job: RunningJob, reason: str) -> None:
        if job.job_name not in self.stopping:
            self.stopping.add(job.job_name)
            self.stops.append(Stop(job.job_id, job.job_name, reason))

    # The rules.
    def stop_stuck_extraction(self) -> None:
        job = self.running.get(EXTRACT)
        if job is not None and job.ours and self.now - job.started >= EXTRACTION_TIME_LIMIT:
            self.stop(
                job,
                f"stopped by the scheduler: still extracting after {EXTRACTION_TIME_LIMIT}"
                " (waiting on unreachable sources?); the next cycle resumes it",
            )

    def follow_cycle(self) -> None:
        """A cycle's extraction has ended: its transformation; its transformation: the end."""
        memory = self.memory
        if memory.cycle_phase is None:
            return
        current = self.running.get(memory.cycle_phase)
        if current is not None and current.job_id == memory.cycle_job_id:
            return  # still running
        if memory.cycle_phase == EXTRACT:
            if self.is_running(TRANSFORM):
                self.notes.append(f"{TRANSFORM} of the cycle waits for the running one")
                return
            job_id = self.new_id()
            self.starts.append(Start(TRANSFORM, "the cycle's extraction ended", job_id))
            self.memory = replace(memory, cycle_phase=TRANSFORM, cycle_job_id=job_id)
        else:
            self.memory = replace(memory, cycle_phase=None, cycle_job_id=None)

    def etl_cycle(self) -> None:
        if self.memory.cycle_phase is not None:
            return
        due = etl_due(self.schedule, self.now, self.memory.cycle_started)
        if due is None:
            return
        maintenance = self.scheduled_maintenance()
        if maintenance is not None:
            self.stop(
                maintenance,
                f"stopped by the scheduler: the ETL cycle due at"
                f" {_shown(self.schedule, due)} starts",
            )
            return
        if self.is_running(EXTRACT):
            self.notes.append(
                f"the ETL cycle due at {_shown(self.schedule, due)} waits for the running {EXTRACT}"
            )
            return
        job_id = self.new_id()
        self.starts.append(Start(EXTRACT, f"ETL cycle due at {_shown(self.schedule, due)}", job_id))
        self.memory = replace(
            self.memory, cycle_started=self.now, cycle_phase=EXTRACT, cycle_job_id=job_id
        )

    def aggregation(self) -> None:
        if not self.schedule.run_aggregates:
            return
        job = self.running.get(AGGREGATE)
        if not in_aggregate_window(self.schedule, self.now):
            if job is not None and job.ours:
                self.stop(job, "stopped by the scheduler: its aggregate-schedule window ended")
            return
        if job is not None or self.is_running(AGGREGATE):
            return
        if self.is_running(MAINTAIN):
            self.notes.append(f"{AGGREGATE} waits for {MAINTAIN}")
            return
        self.start(AGGREGATE, "its aggregate-schedule window is open")

    def maintenance(self) -> None:
        if not self.schedule.run_maintain:
            return
        since = _maintenance_due_since(self.schedule, self.now)
        done = self.memory.maintained_since
        if done is not None and done >= since:
            return
        if in_etl_window(self.schedule, self.now):
            return  # the next ETL window has opened: tomorrow's maintenance time
        busy = self.others_running(*MAINTENANCE_NEIGHBOURS)
        if busy or self.memory.cycle_phase is not None:
            self.notes.append(f"{MAINTAIN} waits for {', '.join(busy) or 'the ETL cycle'}")
            return
        self.start(MAINTAIN, f"maintain-start-time {_shown(self.schedule, since)}")
        self.memory = replace(self.memory, maintained_since=since)

    def export(self) -> None:
        if not self.schedule.run_export:
            return
        slot = _cron_before(self.schedule, self.schedule.export_cron, self.now)
        if self.memory.last_export is not None and self.memory.last_export >= slot:
            return
        if self.is_running(MAINTAIN):
            self.notes.append(f"{EXPORT} waits for {MAINTAIN}")
            return
        if self.is_running(EXPORT):
            return
        self.start(EXPORT, f"export-schedule {_shown(self.schedule, slot)}")
        self.memory = replace(self.memory, last_export=slot)

    def update_stats(self) -> None:
        if not self.schedule.run_update_stats:
            return
        slot = _cron_before(self.schedule, self.schedule.update_stats_cron, self.now)
        if self.memory.last_update_stats is not None and self.memory.last_update_stats >= slot:
            return
        self.memory = replace(self.memory, last_update_stats=slot)
        if self.is_running(MAINTAIN):
            self.notes.append(
                f"{UPDATE_STATS} of {_shown(self.schedule, slot)} skipped:"
                f" suspended while {MAINTAIN} runs"
            )
        elif not self.is_running(UPDATE_STATS):
            self.start(UPDATE_STATS, f"update-stats-schedule {_shown(self.schedule, slot)}")

    def requests(self, requests: list[Request]) -> None:
        for request in requests:
            refused = refusal_by_hand(self.schedule, self.now, request.job_name)
            if self.migration_state is not None and request.job_name != MIGRATE:
                refused = f"the server is in migration state ({self.migration_state})"
            if refused:
                self.refusals.append(Refuse(request, refused))
            elif self.is_running(request.job_name):
                self.notes.append(
                    f"{request.job_name} (JOB_ID {request.job_id}) waits for the running one"
                )
            else:
                self.start(request.job_name, "asked for by hand", request)
