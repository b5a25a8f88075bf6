"""The configuration the simulated contact center runs on: sites, services, agents and their DNs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from orchestrator.idb.codes import EndpointType

TENANT_ID = 101
TENANT_NAME = "Environment"
SERVICES = ("Sales", "Support", "Billing", "Retention")
#: Share of calls each service receives.
SERVICE_WEIGHTS = (0.35, 0.35, 0.2, 0.1)
NOT_READY_REASONS = ("Break", "Lunch", "Meeting", "Training")
#: Multimedia goes through Interaction Server; each medium gets a virtual switch of its own
#: (GC_SWITCH rows MM_CHAT, MM_EMAIL) holding its interaction queues and virtual queues.
MEDIA_SOURCES = {"chat": 9, "email": 10}
#: Share of the agents who handle each multimedia medium (when simulated) instead of voice.
MEDIA_AGENT_SHARE = {"chat": 0.2, "email": 0.1}
_FIRST = (
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jon",
    "Kai",
    "Lea",
)
_LAST = (
    "Adams",
    "Baker",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jones",
)


@dataclass(frozen=True)
class Endpoint:
    id: int
    switch_id: int
    number: str
    type: EndpointType


@dataclass(frozen=True)
class Service:
    """One line of business on one site: its routing point, virtual queue, ACD queue and group."""

    name: str
    switch_id: int
    routing_point: Endpoint
    virtual_queue: Endpoint
    acd_queue: Endpoint
    group_id: int
    group_name: str
    skill_id: int


@dataclass(frozen=True)
class Agent:
    id: int
    username: str
    first_name: str
    last_name: str
    switch_id: int
    place_id: int
    place_name: str
    #: The agent's DN; None for multimedia agents (Interaction Server has no DNs).
    extension: Endpoint | None
    login_id: int | None
    login_code: str | None
    service_names: tuple[str, ...]
    #: Local shift start, seconds after midnight UTC, and its length in seconds.
    shift_start: int
    shift_seconds: int
    wrap_up_seconds: int
    medium: str = "voice"

    @property
    def endpoint_id(self) -> int:
        """ENDPOINTID in the IDB: the extension's DBID, 0 for multimedia."""
        return self.extension.id if self.extension else 0

    @property
    def endpoint_dn(self) -> str:
        """ENDPOINTDN in the IDB: the extension, or the place for multimedia."""
        return self.extension.number if self.extension else self.place_name


@dataclass
class Topology:
    #: Voice sites (switches with a T-Server).
    switches: dict[int, str]
    services: list[Service]
    agents: list[Agent]
    skills: dict[int, str] = field(default_factory=dict)
    #: Virtual switches of the simulated multimedia, by medium.
    media_switches: dict[int, str] = field(default_factory=dict)

    def service(self, name: str, switch_id: int) -> Service:
        return next(s for s in self.services if s.name == name and s.switch_id == switch_id)

    def medium_of(self, switch_id: int) -> str:
        return next((m for m, s in MEDIA_SOURCES.items() if s == switch_id), "voice")

    @property
    def endpoints(self) -> list[Endpoint]:
        shared = {
            e.id: e for s in self.services for e in (s.routing_point, s.virtual_queue, s.acd_queue)
        }
        return list(shared.values()) + [a.extension for a in self.agents if a.extension]


@dataclass(frozen=True)
class DnGroup:
    """A DN group of queues in configuration (GC_GROUP of type DN group, GCX_GROUP_ENDPOINT)."""

    id: int
    name: str
    queues: tuple[Endpoint, ...]


def dn_groups(topology: Topology) -> list[DnGroup]:
    """One DN group per service holding its virtual queues on every site and medium, and one per
    voice site holding the site's virtual and ACD queues: a voice site's virtual queue is in two
    groups, a multimedia one in one."""
    by_service = [
        DnGroup(
            600 + index,
            f"{name} queues",
            tuple(s.virtual_queue for s in topology.services if s.name == name),
        )
        for index, name in enumerate(SERVICES, start=1)
    ]
    by_site = [
        DnGroup(
            650 + switch_id,
            f"Queues {site}",
            tuple(
                queue
                for s in topology.services
                if s.switch_id == switch_id
                for queue in (s.virtual_queue, s.acd_queue)
            ),
        )
        for switch_id, site in topology.switches.items()
    ]
    return [group for group in by_service + by_site if group.queues]


def site_names(site_count: int) -> dict[int, str]:
    """Switch DBID -> name: SITE_A, SITE_B, ..."""
    return {switch_id: f"SITE_{chr(64 + switch_id)}" for switch_id in range(1, site_count + 1)}


def media_agent_counts(agent_count: int, media: tuple[str, ...]) -> dict[str, int]:
    """Agents per multimedia medium: a share of all agents, at least one each."""
    return {
        medium: max(1, round(agent_count * MEDIA_AGENT_SHARE[medium]))
        for medium in MEDIA_SOURCES
        if medium in media
    }


def build_topology(
    agent_count: int, site_count: int, rng: random.Random, media: tuple[str, ...] = ("voice",)
) -> Topology:
    """Sites, four services per site, agents spread evenly across sites; deterministic per rng.

    Multimedia agents (a share per simulated medium) come after the voice agents."""
    switches = site_names(site_count)
    media_agents = media_agent_counts(agent_count, media)
    skills = {200 + index: name for index, name in enumerate(SERVICES, start=1)}
    services: list[Service] = []
    next_endpoint = iter(range(10_000, 10_000_000))
    for switch_id, site in switches.items():
        for index, name in enumerate(SERVICES, start=1):
            services.append(
                Service(
                    name=name,
                    switch_id=switch_id,
                    routing_point=Endpoint(
                        next(next_endpoint),
                        switch_id,
                        f"7{switch_id}0{index}",
                        EndpointType.ROUTING_POINT,
                    ),
                    virtual_queue=Endpoint(
                        next(next_endpoint),
                        switch_id,
                        f"VQ_{name}_{site}",
                        EndpointType.VIRTUAL_QUEUE,
                    ),
                    acd_queue=Endpoint(
                        next(next_endpoint),
                        switch_id,
                        f"8{switch_id}0{index}",
                        EndpointType.ACD_QUEUE,
                    ),
                    group_id=300 + 10 * switch_id + index,
                    group_name=f"{name} {site}",
                    skill_id=200 + index,
                )
            )
    agents = []
    voice_agents = agent_count - sum(media_agents.values())
    for number in range(1, voice_agents + 1):
        switch_id = (number - 1) % site_count + 1
        primary = rng.choices(SERVICES, SERVICE_WEIGHTS)[0]
        secondary = rng.choice(SERVICES) if rng.random() < 0.3 else primary
        agent_id = 1000 + number
        agents.append(
            Agent(
                id=agent_id,
                username=f"agent{number:05d}",
                first_name=rng.choice(_FIRST),
                last_name=rng.choice(_LAST),
                switch_id=switch_id,
                place_id=100_000 + number,
                place_name=f"Place_{number:05d}",
                extension=Endpoint(
                    next(next_endpoint), switch_id, f"5{number:05d}", EndpointType.EXTENSION
                ),
                login_id=200_000 + number,
                login_code=f"{number:05d}",
                service_names=tuple(dict.fromkeys((primary, secondary))),
                shift_start=rng.choice((6, 7, 8, 9, 10, 12, 14)) * 3600 + rng.randrange(0, 1800),
                shift_seconds=rng.choice((4, 6, 8, 8, 8)) * 3600,
                wrap_up_seconds=rng.choice((10, 20, 30)),
            )
        )
    media_switches = {}
    number = voice_agents
    for medium, count in media_agents.items():
        switch_id = MEDIA_SOURCES[medium]
        media_switches[switch_id] = f"MM_{medium.upper()}"
        for index, name in enumerate(SERVICES, start=1):
            queue = Endpoint(
                next(next_endpoint),
                switch_id,
                f"IQ_{name}_{medium}",
                EndpointType.INTERACTION_QUEUE,
            )
            services.append(
                Service(
                    name=name,
                    switch_id=switch_id,
                    routing_point=queue,
                    virtual_queue=Endpoint(
                        next(next_endpoint),
                        switch_id,
                        f"VQ_{name}_{medium}",
                        EndpointType.VIRTUAL_QUEUE,
                    ),
                    acd_queue=queue,
                    group_id=300 + 10 * switch_id + index,
                    group_name=f"{name} {medium}",
                    skill_id=200 + index,
                )
            )
        for _ in range(count):
            number += 1
            agents.append(
                Agent(
                    id=1000 + number,
                    username=f"agent{number:05d}",
                    first_name=rng.choice(_FIRST),
                    last_name=rng.choice(_LAST),
                    switch_id=switch_id,
                    place_id=100_000 + number,
                    place_name=f"Place_{number:05d}",
                    extension=None,
                    login_id=None,
                    login_code=None,
                    service_names=(rng.choices(SERVICES, SERVICE_WEIGHTS)[0],),
                    shift_start=rng.choice((7, 8, 9, 10, 12)) * 3600 + rng.randrange(0, 1800),
                    shift_seconds=rng.choice((6, 8, 8)) * 3600,
                    wrap_up_seconds=rng.choice((10, 20, 30)),
                    medium=medium,
                )
            )
    return Topology(switches, services, agents, skills, media_switches)
