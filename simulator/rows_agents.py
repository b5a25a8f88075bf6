"""Agent activity rows (provider gls): login sessions, their endpoints, states, reasons and DND."""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.idb.codes import (
    AgentState,
    AgentStateRecordType,
    EndpointType,
    SessionState,
    WorkMode,
)

from .model import AgentActivity, AgentSession, EventLog
from .rows_common import MEDIA_TYPE
from .stamps import Row, Sequences, domain_of, moment
from .topology import TENANT_ID, Topology

#: How each simulated activity is recorded: agent state and work mode.
STATE_OF: dict[AgentActivity, tuple[AgentState, WorkMode]] = {
    AgentActivity.READY: (AgentState.READY, WorkMode.MANUAL_IN),
    AgentActivity.NOT_READY: (AgentState.NOT_READY, WorkMode.AUX_WORK),
    AgentActivity.BUSY: (AgentState.BUSY, WorkMode.MANUAL_IN),
    AgentActivity.AFTER_CALL_WORK: (AgentState.AFTER_CALL_WORK, WorkMode.AFTER_CALL_WORK),
    AgentActivity.DND: (AgentState.DND, WorkMode.UNKNOWN),
}


class AgentRows:
    def __init__(self, topology: Topology, log: EventLog, sequences: Sequences):
        self.sequences = sequences
        self._agents = {agent.id: agent for agent in topology.agents}
        #: The queue each agent logs in to: their first service's ACD (or interaction) queue.
        self._queue_of = {
            agent.id: topology.service(agent.service_names[0], agent.switch_id).acd_queue
            for agent in topology.agents
        }
        self._connections: dict[int, list[tuple[int, int, str, str]]] = {}
        connect = self._connect
        for call in log.calls:
            for segment in call.segments:
                leg = segment.agent_leg
                if leg is None or leg.answer is None:
                    continue
                call_id = call.call_id_of(segment)
                connect(leg.agent_id, leg.answer, leg.release, call_id, leg.party_id)
                consultation = leg.consultation
                if consultation is None:
                    continue
                start, end = consultation.answer, consultation.end
                connect(
                    leg.agent_id, start, end, consultation.call_id, consultation.initiator_party_id
                )
                connect(
                    consultation.agent_id, start, end, consultation.call_id, consultation.party_id
                )
                if consultation.merged:
                    connect(
                        consultation.agent_id,
                        end,
                        consultation.release,
                        call_id,
                        consultation.joined_party_id,
                    )
        for run in log.campaigns:
            for chain in run.chains:
                for attempt in chain.attempts:
                    leg = attempt.agent_leg
                    if leg is not None and leg.answer is not None:
                        connect(
                            leg.agent_id, leg.answer, leg.release, attempt.call_id, leg.party_id
                        )
        self._ids: dict[str, int] = {}

    def _connect(self, agent_id: int, start: int, end: int, call_id: str, party_id: str) -> None:
        """The agent was connected to a call from `start` to `end` (CALL_CONNECTED records)."""
        self._connections.setdefault(agent_id, []).append((start, end, call_id, party_id))

    def _next_id(self, table: str) -> int:
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    def rows(self, session: AgentSession) -> Iterator[tuple[str, Row]]:
        agent = self._agents[session.agent_id]
        domain = domain_of("gls", agent.switch_id)
        stamp = self.sequences.stamp
        logged_in = {"state": SessionState.ACTIVE, "terminated": None, "terminated_ts": None}
        where = {
            "agentid": agent.id,
            "placeid": agent.place_id,
            "endpointid": agent.endpoint_id,
            "queueid": self._queue_of[agent.id].id,
        }
        yield (
            "g_login_session",
            {
                "id": self._next_id("g_login_session"),
                "loginsessionid": session.session_id,
                "agentid": agent.id,
                "loginid": agent.login_id,
                "placeid": agent.place_id,
                "state": SessionState.TERMINATED,
                "primarydeviceid": agent.extension.id if agent.extension else None,
                "switchid": agent.switch_id if agent.extension else None,
                "tenantid": TENANT_ID,
                "mediatype": MEDIA_TYPE[agent.medium],
                **moment("created", session.login),
                **moment("terminated", session.logout),
                **moment("lastchange", session.logout),
                **stamp("gls", domain, session.login, session.logout),
                "_active": logged_in,
            },
        )
        yield (
            "gx_session_endpoint",
            {
                "id": self._next_id("gx_session_endpoint"),
                **where,
                "endpointtype": EndpointType.EXTENSION if agent.extension else None,
                "queuetype": self._queue_of[agent.id].type,
                "loginsessionid": session.session_id,
                "state": SessionState.TERMINATED,
                **moment("created", session.login),
                **moment("terminated", session.logout),
                **stamp("gls", domain, session.login, session.logout),
                "_active": logged_in,
            },
        )
        history: list[tuple[int, int, Row]] = []
        for order, span in enumerate(session.spans):
            state, work_mode = STATE_OF[span.activity]
            record = {"type": AgentStateRecordType.STATE, "state": state, "workmode": work_mode}
            history.append((span.start, 2 * order + 1, record))
        history.append(
            (
                session.logout,
                2 * len(session.spans) + 1,
                {"type": AgentStateRecordType.STATE, "state": AgentState.LOGGED_OUT},
            )
        )
        for answer, release, call_id, party_id in self._connections.get(agent.id, ()):
            if session.login <= answer < session.logout:
                link = {"callid": call_id, "partyid": party_id, "state": AgentState.BUSY}
                history.append((answer, 0, {"type": AgentStateRecordType.CALL_CONNECTED, **link}))
                history.append(
                    (release, 0, {"type": AgentStateRecordType.CALL_DISCONNECTED, **link})
                )
        history.sort(key=lambda item: (item[0], item[1]))
        for seq, (at, _, record) in enumerate(history, 1):
            yield (
                "g_agent_state_history",
                {
                    "id": self._next_id("g_agent_state_history"),
                    **record,
                    "seq": seq,
                    "loginsessionid": session.session_id,
                    **where,
                    **moment("added", at),
                    **stamp("gls", domain, at),
                },
            )
        for span in session.spans:
            if span.activity is AgentActivity.NOT_READY:
                yield (
                    "g_agent_state_rc",
                    {
                        "id": self._next_id("g_agent_state_rc"),
                        "sessionid": session.session_id,
                        "endpointid": agent.endpoint_id,
                        "queueid": self._queue_of[agent.id].id,
                        "agentstate": AgentState.NOT_READY,
                        "workmode": WorkMode.AUX_WORK,
                        "hwflag": 0,
                        "keyname": "ReasonCode",
                        "value": span.reason,
                        **moment("set", span.start),
                        **moment("reset", span.end),
                        **stamp("gls", domain, span.end),
                    },
                )
            elif span.activity is AgentActivity.DND:
                yield (
                    "g_dnd_history",
                    {
                        "id": self._next_id("g_dnd_history"),
                        "loginsessionid": session.session_id,
                        "agentstate": 1,
                        "endpointid": agent.endpoint_id,
                        **moment("set", span.start),
                        **moment("reset", span.end),
                        **stamp("gls", domain, span.start, span.end),
                        "_active": {"reset": None, "reset_ts": None},
                    },
                )
