"""Routing and user-data rows of a call leg: virtual queues, route results, attached data."""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.idb.codes import (
    RouteResult,
    RoutingTargetType,
    UserdataChangeType,
    VirtualQueueResult,
)

from .legs import Leg
from .model import Call, QueueSegment
from .rows_common import CallRowWriter
from .stamps import Row, domain_of, moment


class RoutingRows:
    """Routing rows: virtual-queue stays, route results, attached user data."""

    def __init__(self, writer: CallRowWriter) -> None:
        self.writer = writer

    # -- routing -------------------------------------------------------------------------------
    def routing(self, leg: Leg, segment: QueueSegment, domain: int) -> Iterator[tuple[str, Row]]:
        service = self.writer.topology.service(segment.service, segment.switch_id)
        agent_leg = segment.agent_leg
        agent = self.writer.agents[agent_leg.agent_id] if agent_leg else None
        target = {
            "rtargetobjectselected": service.group_name if agent else None,
            "rtargettypeselected": RoutingTargetType.AGENT_GROUP if agent else None,
            "rtargetagentselected": agent.username if agent else None,
        }
        undecided = dict.fromkeys(target)
        yield (
            "g_virtual_queue",
            {
                "id": self.writer.next_id("g_virtual_queue"),
                "callid": leg.call_id,
                "connid": leg.conn_id,
                "partyid": segment.rp_party_id,
                "irid": leg.ir_id,
                "endpointid": service.virtual_queue.id,
                "endpointdn": service.virtual_queue.number,
                "distpartyid": agent_leg.party_id if agent_leg else None,
                "distendpointid": agent.endpoint_id if agent else None,
                "distendpointdn": agent.endpoint_dn if agent else None,
                "result": VirtualQueueResult.DISTRIBUTED if agent else VirtualQueueResult.ABANDONED,
                **target,
                **moment("added", segment.entered),
                **moment("removed", segment.left),
                **self.writer.sequences.stamp("gcc", domain, segment.entered, segment.left),
                "_active": {
                    **undecided,
                    **dict.fromkeys(("distpartyid", "distendpointid", "distendpointdn")),
                    "result": VirtualQueueResult.UNKNOWN,
                    "removed": None,
                    "removed_ts": None,
                },
            },
        )
        yield (
            "g_route_result",
            {
                "id": self.writer.next_id("g_route_result"),
                "callid": leg.call_id,
                "connid": leg.conn_id,
                "partyid": segment.rp_party_id,
                "irid": leg.ir_id,
                "endpointid": service.routing_point.id,
                "rtargetruleselected": f"Route to {service.group_name}" if agent else None,
                "rtargetplaceselected": agent.place_name if agent else None,
                "rstrategyname": f"{service.name} routing",
                "result": RouteResult.ROUTED if agent else RouteResult.ABANDONED,
                "duration": segment.left - segment.entered,
                **target,
                **moment("created", segment.entered),
                **moment("terminated", segment.left),
                **self.writer.sequences.stamp("gcc", domain, segment.entered, segment.left),
                "_active": {
                    **undecided,
                    **dict.fromkeys(("rtargetruleselected", "rtargetplaceselected", "duration")),
                    "result": RouteResult.UNKNOWN,
                    "terminated": None,
                    "terminated_ts": None,
                },
            },
        )

    # -- user data -----------------------------------------------------------------------------
    def user_data(self, call: Call, leg: Leg) -> Iterator[tuple[str, Row]]:
        """Keys attached at the leg's start (ISCC passes them to another site); the business
        result when the call ends, on the leg it ends on."""
        domain = domain_of("gud", leg.switch_id)
        first = leg.segments[0]
        service = self.writer.topology.service(first.service, first.switch_id)
        last_agent_leg = leg.segments[-1].agent_leg
        values = {
            key: value
            for key, value in call.user_data.items()
            if key != "G_BUSINESS_RESULT" or not leg.transferred_away
        }
        for key, value in values.items():
            at_end = key == "G_BUSINESS_RESULT"
            agent = (
                self.writer.agents[last_agent_leg.agent_id] if at_end and last_agent_leg else None
            )
            yield (
                "g_userdata_history",
                {
                    "id": self.writer.next_id("g_userdata_history"),
                    "callid": leg.call_id,
                    "partyid": last_agent_leg.party_id
                    if agent and last_agent_leg
                    else first.rp_party_id,
                    "endpointid": agent.endpoint_id if agent else service.routing_point.id,
                    "endpointdn": agent.endpoint_dn if agent else service.routing_point.number,
                    "changetype": UserdataChangeType.ADDED,
                    "keyname": key,
                    "value": value,
                    **moment("added", leg.end if at_end else leg.start),
                    **self.writer.sequences.stamp("gud", domain, leg.end if at_end else leg.start),
                },
            )
        yield (
            "g_call_userdata",
            {
                "id": self.writer.next_id("g_call_userdata"),
                "callid": leg.call_id,
                "g_customer_segment": values.get("G_CUSTOMER_SEGMENT"),
                "g_service_type": values.get("G_SERVICE_TYPE"),
                "g_business_result": values.get("G_BUSINESS_RESULT"),
                "customer_id": values.get("CUSTOMER_ID"),
                **self.writer.sequences.stamp("gud", domain, leg.end),
            },
        )
