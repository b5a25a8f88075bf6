"""What `gim simulate` is asked to simulate, checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from orchestrator.errors import GimError

from .topology import media_agent_counts

SUPPORTED_MEDIA = ("voice", "chat", "email")


class SimulationError(GimError):
    """Invalid simulation parameters: one line naming the parameter."""

    exit_code = 2


@dataclass(frozen=True)
class SimulationParams:
    agents: int
    days: int
    start: date
    seed: int
    sites: int = 2
    media: tuple[str, ...] = ("voice",)
    #: Short abandons: callers who hang up within this many seconds of entering the queue.
    short_abandon_seconds: int = 10
    #: Service-level thresholds (seconds) the ground truth counts answers within.
    service_levels: tuple[int, ...] = (10, 20, 30, 60)
    #: Write the IDB as it stood at this moment (UTC epoch seconds); None: when all has ended.
    until_ts: int | None = None
    #: Outbound campaigns (one per site, 10:00-16:00).
    outbound: bool = False
    #: An understaffed day: calls arrive to keep agents 85% busy, whatever the wait (the default
    #: center meets each medium's service objective).
    understaffed: bool = False

    @property
    def start_ts(self) -> int:
        return int(datetime.combine(self.start, time(), UTC).timestamp())

    @property
    def end_ts(self) -> int:
        return int(
            datetime.combine(self.start + timedelta(days=self.days), time(), UTC).timestamp()
        )


def validated(
    *,
    agents: int,
    days: int,
    start: date,
    seed: int,
    sites: int,
    media: tuple[str, ...],
    until: datetime | None = None,
    outbound: bool = False,
    understaffed: bool = False,
) -> SimulationParams:
    """The parameters, or SimulationError naming the first one that is wrong."""
    if not 2 <= agents <= 20000:
        raise SimulationError(f"--agents {agents}: must be between 2 and 20000")
    if not 1 <= days <= 366:
        raise SimulationError(f"--days {days}: must be between 1 and 366")
    if not 1 <= sites <= 8:
        raise SimulationError(f"--sites {sites}: must be between 1 and 8")
    if sites > agents:
        raise SimulationError(f"--sites {sites}: more sites than agents ({agents})")
    if not 0 <= seed < 2**63:
        raise SimulationError(f"--seed {seed}: must be between 0 and 2^63-1")
    if start.year < 2000:
        raise SimulationError(f"--start {start}: must be in 2000 or later")
    for medium in media:
        if medium not in SUPPORTED_MEDIA:
            raise SimulationError(f"--media {medium}: unknown (known: voice, chat, email)")
    if "voice" not in media:
        raise SimulationError(f"--media {','.join(media)}: voice is always simulated; add it")
    multimedia = media_agent_counts(agents, tuple(media))
    if agents - sum(multimedia.values()) < sites:
        raise SimulationError(
            f"--agents {agents}: too few for {sites} voice sites and "
            f"{sum(multimedia.values())} multimedia agents"
        )
    params = SimulationParams(
        agents,
        days,
        start,
        seed,
        sites,
        tuple(dict.fromkeys(media)),
        outbound=outbound,
        understaffed=understaffed,
    )
    if until is None:
        return params
    until_ts = int(until.replace(tzinfo=until.tzinfo or UTC).timestamp())
    if not params.start_ts < until_ts <= params.end_ts:
        raise SimulationError(
            f"--until {until:%Y-%m-%d %H:%M:%S}: must be within the simulated days "
            f"({params.start} to {params.start + timedelta(days=days)})"
        )
    return replace(params, until_ts=until_ts)
