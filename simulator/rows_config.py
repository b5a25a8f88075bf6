"""Configuration rows (GC_*, GCX_*) for the simulated topology, as Configuration Server has them."""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.idb.codes import AgentType, ConfigState, ConfigStatus, GroupType

from .stamps import Row, Sequences, domain_of, moment
from .topology import TENANT_ID, TENANT_NAME, Agent, Topology, dn_groups

CFG_DOMAIN = domain_of("cfg")


def _object(created: int, sequences: Sequences) -> Row:
    return {
        "state": ConfigState.ENABLED,
        "status": ConfigStatus.ACTIVE,
        **moment("created", created),
        **moment("lastchange", created),
        "gsys_ext_int1": 0,
        **sequences.stamp("cfg", CFG_DOMAIN, created),
    }


def _link(created: int, sequences: Sequences) -> Row:
    return {
        "status": ConfigStatus.ACTIVE,
        **moment("created", created),
        **sequences.stamp("cfg", CFG_DOMAIN, created),
    }


def config_rows(
    topology: Topology, created: int, sequences: Sequences
) -> Iterator[tuple[str, Row]]:
    """(table, row) for every configuration object and association, all created at `created`."""
    yield "gc_tenant", {"id": TENANT_ID, "name": TENANT_NAME, **_object(created, sequences)}
    yield (
        "gc_time_zone",
        {
            "id": 1,
            "tenantid": TENANT_ID,
            "name": "GMT",
            "offset_minutes": 0,
            **_object(created, sequences),
        },
    )
    for switch_id, name in (topology.switches | topology.media_switches).items():
        yield (
            "gc_switch",
            {
                "id": switch_id,
                "tenantid": TENANT_ID,
                "name": name,
                "type": 1,
                **_object(created, sequences),
            },
        )
    for skill_id, name in topology.skills.items():
        yield (
            "gc_skill",
            {
                "id": skill_id,
                "tenantid": TENANT_ID,
                "name": name,
                **_object(created, sequences),
            },
        )
    for endpoint in topology.endpoints:
        yield (
            "gc_endpoint",
            {
                "id": endpoint.id,
                "tenantid": TENANT_ID,
                "switchid": endpoint.switch_id,
                "number": endpoint.number,
                "type": endpoint.type,
                **_object(created, sequences),
            },
        )
    for service in topology.services:
        yield (
            "gc_group",
            {
                "id": service.group_id,
                "name": service.group_name,
                "tenantid": TENANT_ID,
                "type": GroupType.AGENT_GROUP,
                **_object(created, sequences),
            },
        )
    for switch_id, switch_name in topology.switches.items():
        yield (
            "gc_group",
            {
                "id": place_group_id(switch_id),
                "name": f"Places {switch_name}",
                "tenantid": TENANT_ID,
                "type": GroupType.PLACE_GROUP,
                **_object(created, sequences),
            },
        )
    groups = dn_groups(topology)
    for group in groups:
        yield (
            "gc_group",
            {
                "id": group.id,
                "name": group.name,
                "tenantid": TENANT_ID,
                "type": GroupType.DN_GROUP,
                **_object(created, sequences),
            },
        )
    link_id = iter(range(1, 10**9))
    for group in groups:
        for endpoint in group.queues:
            yield (
                "gcx_group_endpoint",
                {
                    "id": next(link_id),
                    "groupid": group.id,
                    "endpointid": endpoint.id,
                    **_link(created, sequences),
                },
            )
    for agent in topology.agents:
        yield (
            "gc_agent",
            {
                "id": agent.id,
                "tenantid": TENANT_ID,
                "username": agent.username,
                "firstname": agent.first_name,
                "lastname": agent.last_name,
                "employeeid": f"E{agent.id}",
                "email": f"{agent.username}@example.com",
                "type": AgentType.AGENT,
                "placeid": agent.place_id,
                **_object(created, sequences),
            },
        )
        yield (
            "gc_place",
            {
                "id": agent.place_id,
                "tenantid": TENANT_ID,
                "name": agent.place_name,
                **_object(created, sequences),
            },
        )
        if agent.extension is None:  # multimedia: no DN, no login code
            yield from _memberships(topology, agent, link_id, created, sequences)
            continue
        yield (
            "gc_login",
            {
                "id": agent.login_id,
                "logincode": agent.login_code,
                "tenantid": TENANT_ID,
                "switchid": agent.switch_id,
                **_object(created, sequences),
            },
        )
        yield (
            "gcx_agent_place",
            {
                "id": next(link_id),
                "agentid": agent.id,
                "placeid": agent.place_id,
                **_link(created, sequences),
            },
        )
        yield (
            "gcx_group_place",
            {
                "id": next(link_id),
                "groupid": place_group_id(agent.switch_id),
                "placeid": agent.place_id,
                **_link(created, sequences),
            },
        )
        yield (
            "gcx_endpoint_place",
            {
                "id": next(link_id),
                "endpointid": agent.extension.id,
                "placeid": agent.place_id,
                **_link(created, sequences),
            },
        )
        yield (
            "gcx_login_info",
            {
                "id": next(link_id),
                "loginid": agent.login_id,
                "agentid": agent.id,
                "wrapuptime": agent.wrap_up_seconds,
                **_link(created, sequences),
            },
        )
        yield from _memberships(topology, agent, link_id, created, sequences)


def place_group_id(switch_id: int) -> int:
    """DBID of the place group holding a voice site's places (service groups are 300 and up)."""
    return 200 + switch_id


def _memberships(
    topology: Topology, agent: Agent, link_id: Iterator[int], created: int, sequences: Sequences
) -> Iterator[tuple[str, Row]]:
    """The agent's groups and skills."""
    for name in agent.service_names:
        service = topology.service(name, agent.switch_id)
        yield (
            "gcx_group_agent",
            {
                "id": next(link_id),
                "groupid": service.group_id,
                "agentid": agent.id,
                **_link(created, sequences),
            },
        )
        yield (
            "gcx_skill_level",
            {
                "id": next(link_id),
                "agentid": agent.id,
                "skillid": service.skill_id,
                "slevel": 10 if name == agent.service_names[0] else 5,
                **_link(created, sequences),
            },
        )
