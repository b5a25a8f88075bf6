"""The scheduler's rules over simulated days (orchestrator/scheduler.py): no database, no waiting."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from orchestrator.scheduler import (
    AGGREGATE,
    EXPORT,
    EXTRACT,
    MAINTAIN,
    MIGRATE,
    TRANSFORM,
    UPDATE_STATS,
    Memory,
    Request,
    RunningJob,
    Schedule,
    decide,
    etl_due,
    refusal_by_hand,
)

MINUTE = timedelta(minutes=1)
GMT = ZoneInfo("GMT")
PARIS = ZoneInfo("Europe/Paris")
#: The operations guide's sample schedule ("Sample schedule"), in GMT.
SAMPLE = Schedule(
    etl_start=time(6, 30),
    etl_end=time(0, 30),
    etl_frequency=timedelta(minutes=30),
    run_maintain=True,
    maintain_start=time(3, 0),
    run_aggregates=True,
    aggregate_cron="0 4",
    aggregate_duration=timedelta(hours=23),
)
CONTINUOUS = timedelta(days=365)


@dataclass
class Event:
    at: datetime
    what: str  # start, end, stop, refuse
    job_name: str
    reason: str = ""


@dataclass
class SimulatedDay:
    """Runs `decide` every minute from `start`, as a server that ran maintenance just before;
    a job ends `durations[name]` after it starts (aggregation runs until stopped), a stop ends it
    at once."""

    schedule: Schedule
    durations: dict[str, timedelta] = field(default_factory=dict)
    requests: list[tuple[datetime, Request]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def run(self, start: datetime, end: datetime) -> SimulatedDay:
        ids = (f"job-{n}" for n in itertools.count())
        running: dict[str, tuple[RunningJob, datetime]] = {}
        memory = Memory(maintained_since=start, last_export=start)
        now = start
        while now <= end:
            for name, (_job, ends) in list(running.items()):
                if ends <= now:
                    del running[name]
                    self.events.append(Event(now, "end", name))
            asked = [request for at, request in self.requests if at <= now]
            decision = decide(
                self.schedule,
                now,
                [job for job, _ in running.values()],
                asked,
                memory,
                lambda: next(ids),
            )
            memory = decision.memory
            for stop in decision.stops:
                del running[stop.job_name]
                self.events.append(Event(now, "stop", stop.job_name, stop.reason))
            for refusal in decision.refusals:
                self.requests = [(at, r) for at, r in self.requests if r is not refusal.request]
                self.events.append(Event(now, "refuse", refusal.request.job_name, refusal.reason))
            for begun in decision.starts:
                self.requests = [(at, r) for at, r in self.requests if r.job_id != begun.job_id]
                duration = self.durations.get(
                    begun.job_name, CONTINUOUS if begun.job_name == AGGREGATE else 5 * MINUTE
                )
                job = RunningJob(begun.job_id, begun.job_name, now, True, begun.by_schedule)
                running[begun.job_name] = (job, now + duration)
                self.events.append(Event(now, "start", begun.job_name, begun.reason))
            now += MINUTE
        return self

    def starts(self, job_name: str, zone: ZoneInfo = GMT) -> list[str]:
        return [
            e.at.astimezone(zone).strftime("%d %H:%M")
            for e in self.events
            if e.what == "start" and e.job_name == job_name
        ]

    def stops(self, job_name: str) -> list[Event]:
        return [e for e in self.events if e.what == "stop" and e.job_name == job_name]

    def running_at(self, moment: datetime) -> set[str]:
        """The jobs running just after `moment`'s decision."""
        running: set[str] = set()
        for event in self.events:
            if event.at > moment:
                break
            if event.what == "start":
                running.add(event.job_name)
            elif event.what in ("end", "stop"):
                running.discard(event.job_name)
        return running


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = GMT) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=zone)


def half_hours(first: str, count: int, day: int = 10) -> list[str]:
    start = datetime(2026, 3, day, int(first[:2]), int(first[3:]))
    return [(start + n * timedelta(minutes=30)).strftime("%d %H:%M") for n in range(count)]


def test_the_guides_sample_schedule_over_a_day() -> None:
    day = SimulatedDay(SAMPLE, {MAINTAIN: 20 * MINUTE}).run(at(10, 1), at(11, 7))
    # The first cycle at 06:30, one every 30 minutes, the final one at 00:30 the next day.
    assert day.starts(EXTRACT) == [*half_hours("06:30", 37), "11 06:30", "11 07:00"]
    # Each transformation follows its cycle's extraction.
    assert (
        day.starts(TRANSFORM)
        == [
            (datetime.strptime(s, "%d %H:%M") + 5 * MINUTE).strftime("%d %H:%M")
            for s in day.starts(EXTRACT)
        ][: len(day.starts(TRANSFORM))]
    )
    # Aggregation runs from 04:00 for 23 hours (at 01:00 the server found day 9's window open),
    # and is stopped at 03:00; maintenance then runs, alone.
    assert day.starts(AGGREGATE) == ["10 01:00", "10 04:00", "11 04:00"]
    assert [e.at for e in day.stops(AGGREGATE)] == [at(10, 3), at(11, 3)]
    assert day.starts(MAINTAIN) == ["10 03:01", "11 03:01"]
    # A server started within a window runs a cycle at once (here, the window opened on day 9).
    late = SimulatedDay(SAMPLE).run(at(10, 0, 10), at(10, 0, 40))
    assert late.starts(EXTRACT) == ["10 00:10"]
    assert day.running_at(at(11, 3, 10)) == {MAINTAIN}


def test_a_window_spanning_midnight() -> None:
    schedule = replace(
        SAMPLE, etl_start=time(18), etl_end=time(6), etl_frequency=timedelta(hours=1)
    )
    schedule = replace(schedule, run_maintain=False, run_aggregates=False)
    day = SimulatedDay(schedule).run(at(10, 0), at(11, 12))
    assert day.starts(EXTRACT) == [
        "10 00:00",
        *(f"10 {h:02d}:00" for h in range(1, 7)),  # the window opened on day 9
        *(f"10 {h}:00" for h in range(18, 24)),
        *(f"11 {h:02d}:00" for h in range(0, 7)),
    ]


def test_a_cycle_longer_than_the_frequency_is_followed_at_once() -> None:
    schedule = replace(SAMPLE, run_maintain=False, run_aggregates=False)
    day = SimulatedDay(schedule, {EXTRACT: 40 * MINUTE}).run(at(10, 6), at(10, 9))
    # A cycle is 40 minutes of extraction and 5 of transformation.
    assert day.starts(EXTRACT) == ["10 06:30", "10 07:15", "10 08:00", "10 08:45"]


def test_a_cycle_shorter_than_the_frequency_waits_for_it() -> None:
    schedule = replace(SAMPLE, run_maintain=False, run_aggregates=False, etl_frequency=15 * MINUTE)
    day = SimulatedDay(schedule, {EXTRACT: 2 * MINUTE}).run(at(10, 6), at(10, 7, 30))
    assert day.starts(EXTRACT) == ["10 06:30", "10 06:45", "10 07:00", "10 07:15", "10 07:30"]


def test_maintenance_waits_for_the_last_cycle_then_runs_alone() -> None:
    schedule = replace(SAMPLE, etl_end=time(2, 50), run_aggregates=False, run_update_stats=True)
    day = SimulatedDay(schedule, {EXTRACT: 20 * MINUTE, MAINTAIN: 30 * MINUTE}).run(
        at(10, 2, 20), at(10, 4)
    )
    assert day.starts(EXTRACT) == ["10 02:20", "10 02:50"]
    assert day.starts(MAINTAIN) == ["10 03:15"]  # the 02:50 cycle ends at 03:15
    # Job_UpdateStats goes on alongside ETL, is suspended while maintenance runs (03:15-03:45).
    assert day.starts(UPDATE_STATS) == [
        "10 02:20",
        "10 02:30",
        "10 02:40",
        "10 02:50",
        "10 03:00",
        "10 03:10",
        "10 03:50",
        "10 04:00",
    ]


def test_maintenance_is_stopped_when_an_etl_cycle_is_due() -> None:
    schedule = replace(SAMPLE, run_aggregates=False)
    day = SimulatedDay(schedule, {MAINTAIN: 5 * 60 * MINUTE}).run(at(10, 2), at(10, 7, 5))
    assert day.starts(MAINTAIN) == ["10 03:00"]
    (stop,) = day.stops(MAINTAIN)
    assert stop.at == at(10, 6, 30)
    assert "ETL cycle due at 2026-03-10 06:30 GMT" in stop.reason
    assert day.starts(EXTRACT) == ["10 06:31", "10 07:01"]


def test_maintenance_is_not_started_once_the_etl_window_has_opened() -> None:
    schedule = replace(
        SAMPLE, run_aggregates=True, aggregate_cron="0 2", aggregate_duration=5 * 60 * MINUTE
    )
    day = SimulatedDay(schedule).run(at(10, 2), at(10, 12))
    assert day.starts(AGGREGATE) == ["10 02:00"]
    assert day.starts(MAINTAIN) == []  # aggregation ran until 07:00, inside the ETL window


def test_export_never_runs_alongside_maintenance() -> None:
    schedule = replace(SAMPLE, run_aggregates=False, run_export=True, export_cron="10 3")
    day = SimulatedDay(schedule, {MAINTAIN: 25 * MINUTE}).run(at(10, 2), at(10, 6))
    assert day.starts(MAINTAIN) == ["10 03:00"]
    assert day.starts(EXPORT) == ["10 03:25"]


def test_an_extraction_running_an_hour_is_stopped_and_the_cycle_goes_on() -> None:
    schedule = replace(SAMPLE, run_maintain=False, run_aggregates=False)
    day = SimulatedDay(schedule, {EXTRACT: 90 * MINUTE}).run(at(10, 6), at(10, 7, 40))
    (stop,) = day.stops(EXTRACT)
    assert stop.at == at(10, 7, 30)
    assert "still extracting after 1:00:00" in stop.reason
    assert day.starts(TRANSFORM) == ["10 07:31"]
    assert day.starts(EXTRACT) == ["10 06:30", "10 07:36"]


def test_run_scheduler_false_launches_nothing_but_a_job_asked_for_runs() -> None:
    schedule = replace(SAMPLE, run_scheduler=False)
    asked = Request("asked-1", TRANSFORM, "", at(10, 9))
    day = SimulatedDay(schedule, requests=[(at(10, 9), asked)]).run(at(10, 0), at(11, 0))
    assert [(e.what, e.job_name) for e in day.events] == [("start", TRANSFORM), ("end", TRANSFORM)]


def test_in_migration_state_only_job_migrategim_runs() -> None:
    requests = [
        Request("asked-1", TRANSFORM, "", at(10, 9)),
        Request("asked-2", MIGRATE, "", at(10, 9, 1)),
    ]
    reason = "IDB voice is older than the minimum IDB schema 1.0.0"
    decision = decide(SAMPLE, at(10, 9, 2), [], requests, Memory(), lambda: "new", reason)
    assert [(start.job_name, start.job_id) for start in decision.starts] == [(MIGRATE, "asked-2")]
    (refusal,) = decision.refusals
    assert refusal.request.job_id == "asked-1"
    assert refusal.reason == f"the server is in migration state ({reason})"
    # Out of it, the same moment starts the due ETL cycle and both requests.
    decision = decide(SAMPLE, at(10, 9, 2), [], requests, Memory(), lambda: "new")
    assert {start.job_name for start in decision.starts} >= {EXTRACT, TRANSFORM, MIGRATE}


def test_never_two_instances_of_one_job() -> None:
    schedule = replace(SAMPLE, run_maintain=False, run_aggregates=False)
    asked = Request("asked-1", EXTRACT, "", at(10, 6, 31))
    day = SimulatedDay(schedule, {EXTRACT: 10 * MINUTE}, [(at(10, 6, 31), asked)]).run(
        at(10, 6, 29), at(10, 7, 5)
    )
    # The cycle's extraction runs 06:30-06:40; the one asked for waits, then runs 06:40-06:50;
    # the 07:00 cycle waits for it to end.
    assert day.starts(EXTRACT) == ["10 06:30", "10 06:40", "10 07:00"]
    assert day.starts(TRANSFORM) == ["10 06:40"]


def test_aggregation_by_hand_only_within_its_windows_while_run_aggregates() -> None:
    assert refusal_by_hand(SAMPLE, at(10, 3, 30), AGGREGATE).startswith(
        "Job_AggregateGIM runs only in its aggregate-schedule windows"
    )
    assert "next window opens 2026-03-10 04:00 GMT" in refusal_by_hand(
        SAMPLE, at(10, 3, 30), AGGREGATE
    )
    assert refusal_by_hand(SAMPLE, at(10, 5), AGGREGATE) is None
    assert refusal_by_hand(replace(SAMPLE, run_aggregates=False), at(10, 3, 30), AGGREGATE) is None
    for scheduled_only in (UPDATE_STATS, EXPORT):
        assert "runs on its schedule only" in refusal_by_hand(SAMPLE, at(10, 5), scheduled_only)
    asked = Request("asked-1", AGGREGATE, "-insertPendingAgg ALLSETS:2026-03-01:2026-03-02")
    day = SimulatedDay(SAMPLE, requests=[(at(10, 3, 30), asked)]).run(at(10, 3, 20), at(10, 3, 40))
    assert [(e.what, e.job_name) for e in day.events if e.job_name == AGGREGATE] == [
        ("refuse", AGGREGATE)
    ]


def test_a_stopped_aggregation_is_restarted_within_its_window() -> None:
    running = [RunningJob("a", AGGREGATE, at(10, 4), ours=True, by_schedule=True)]
    decision = decide(SAMPLE, at(10, 5), [], [], Memory(cycle_started=at(10, 5)), lambda: "new")
    assert [s.job_name for s in decision.starts] == [AGGREGATE]
    decision = decide(SAMPLE, at(10, 5), running, [], Memory(cycle_started=at(10, 5)), lambda: "n")
    assert decision.starts == ()


def test_spring_forward_in_the_schedules_time_zone() -> None:
    # Paris, 2026-03-29: 02:00 CET becomes 03:00 CEST.
    schedule = Schedule(
        etl_start=time(1), etl_end=time(4), etl_frequency=timedelta(minutes=30), zone=PARIS
    )
    day = SimulatedDay(schedule).run(at(28, 23, zone=UTC), at(29, 4, zone=UTC))
    assert day.starts(EXTRACT, PARIS) == [
        "29 01:00",
        "29 01:30",
        "29 03:00",
        "29 03:30",
        "29 04:00",
    ]


def test_fall_back_in_the_schedules_time_zone() -> None:
    # Paris, 2026-10-25: 03:00 CEST becomes 02:00 CET; the window is an hour longer.
    schedule = Schedule(
        etl_start=time(1),
        etl_end=time(4),
        etl_frequency=timedelta(minutes=30),
        zone=PARIS,
        run_maintain=True,
        maintain_start=time(5),
    )
    start = datetime(2026, 10, 24, 22, tzinfo=UTC)
    day = SimulatedDay(schedule).run(start, start + timedelta(hours=8))
    assert day.starts(EXTRACT, PARIS) == [
        "25 01:00",
        "25 01:30",
        "25 02:00",
        "25 02:30",
        "25 02:00",
        "25 02:30",
        "25 03:00",
        "25 03:30",
        "25 04:00",
    ]
    assert day.starts(MAINTAIN, PARIS) == ["25 05:00"]


def test_etl_due_names_the_window_start_after_a_silent_night() -> None:
    # A server started mid-window with no memory runs a cycle at once, then every frequency.
    assert etl_due(SAMPLE, at(10, 9, 7), None) == at(10, 6, 30)
    assert etl_due(SAMPLE, at(10, 9, 7), at(10, 9)) is None
    assert etl_due(SAMPLE, at(10, 9, 30), at(10, 9)) == at(10, 9, 30)
    assert etl_due(SAMPLE, at(10, 3), at(10, 0, 30)) is None  # past the final cycle
