"""The configuration the simulated contact center runs on: sites, services, agents and their DNs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..idb.codes import EndpointType

TENANT_ID = 101
TENANT_NAME = "Environment"
SERVICES = ("Sales", "Support", "Billing", "Retention")
#: Share of calls each service receives.
SERVICE_WEIGHTS = (0.35, 0.35, 0.2, 0.1)
NOT_READY_REASONS = ("Break", "Lunch", "Meeting", "Training")
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
    extension: Endpoint
    login_id: int
    login_code: str
    service_names: tuple[str, ...]
    #: Local shift start, seconds after midnight UTC, and its length in seconds.
    shift_start: int
    shift_seconds: int
    wrap_up_seconds: int


@dataclass
class Topology:
    switches: dict[int, str]
    services: list[Service]
    agents: list[Agent]
    skills: dict[int, str] = field(default_factory=dict)

    def service(self, name: str, switch_id: int) -> Service:
        return next(s for s in self.services if s.name == name and s.switch_id == switch_id)

    @property
    def endpoints(self) -> list[Endpoint]:
        shared = [e for s in self.services for e in (s.routing_point, s.virtual_queue, s.acd_queue)]
        return shared + [agent.extension for agent in self.agents]


def site_names(site_count: int) -> dict[int, str]:
    """Switch DBID -> name: SITE_A, SITE_B, ..."""
    return {switch_id: f"SITE_{chr(64 + switch_id)}" for switch_id in range(1, site_count + 1)}


def build_topology(agent_count: int, site_count: int, rng: random.Random) -> Topology:
    """Sites, four services per site, agents spread evenly across sites; deterministic per rng."""
    switches = site_names(site_count)
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
    for number in range(1, agent_count + 1):
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
    return Topology(switches, services, agents, skills)
