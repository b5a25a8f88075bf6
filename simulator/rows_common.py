"""What every kind of call writes alike: its G_CALL, G_IR, G_CALL_HISTORY and G_CALL_STAT rows,
the columns of an agent's party, and a party-history change before numbering."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from orchestrator.idb.codes import (
    CallChangeType,
    CallState,
    CallType,
    CCEvent,
    CCEventCause,
    EndpointType,
    MediaType,
    MergeType,
    PartyChangeType,
    PartyLinkType,
    PartyState,
    PartyType,
    ReleasingParty,
)

from .stamps import Row, Sequences, moment
from .topology import TENANT_ID, Agent, Topology

MEDIA_TYPE = {"voice": MediaType.VOICE, "chat": MediaType.CHAT, "email": MediaType.EMAIL}


@dataclass(frozen=True)
class Change:
    """One G_PARTY_HISTORY row before numbering."""

    at: int
    change: PartyChangeType
    state: PartyState
    event: CCEvent
    cause: CCEventCause = CCEventCause.NORMAL


def agent_endpoint(agent: Agent) -> Row:
    """Party columns of an agent: the extension for voice, the place for multimedia."""
    if agent.extension is None:
        return {"type": PartyType.MM_PLACE, "endpointdn": agent.place_name, "endpointid": 0}
    return {
        "type": PartyType.INTERNAL,
        "endpointdn": agent.extension.number,
        "endpointid": agent.extension.id,
        "endpointtype": EndpointType.EXTENSION,
    }


@dataclass(frozen=True)
class CallRecord:
    """One G_CALL as ICON records it, with the IR it belongs to."""

    call_id: str
    ir_id: str
    conn_id: str | None
    switch_id: int
    call_type: CallType
    medium: str
    ani: str
    dnis: str
    start: int
    end: int
    #: A consultation's customer call (its parent, and the call it merges into when merged).
    parent_call_id: str | None = None
    parent_ir_id: str | None = None
    merge_type: MergeType | None = None


class CallRowWriter:
    """What every family of call rows shares: the topology, the sequences that stamp rows, the
    per-table row IDs, and the rows of calls, parties and call statistics."""

    def __init__(self, topology: Topology, sequences: Sequences):
        self.topology = topology
        self.sequences = sequences
        self.agents = {agent.id: agent for agent in topology.agents}
        self._ids: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    def call_record_rows(self, record: CallRecord, domain: int) -> Iterator[tuple[str, Row]]:
        """G_CALL, its G_IR, and its G_CALL_HISTORY: created, merged (when it merged into its
        parent call), terminated. Before its end the call and IR are active."""
        stamp = self.sequences.stamp
        start, end = record.start, record.end
        active = {"state": CallState.ACTIVE, "terminated": None, "terminated_ts": None}
        merged = record.merge_type not in (None, MergeType.NONE)
        merged_into = record.parent_call_id if merged else None
        yield (
            "g_call",
            {
                "id": self.next_id("g_call"),
                "callid": record.call_id,
                "parentcallid": record.parent_call_id or record.call_id,
                "mergecallid": merged_into or record.call_id,
                "mergetype": record.merge_type,
                "connid": record.conn_id,
                "irid": record.ir_id,
                "rootirid": record.parent_ir_id or record.ir_id,
                "state": CallState.TERMINATED,
                "calltype": record.call_type,
                "mediatype": MEDIA_TYPE[record.medium],
                "switchid": record.switch_id,
                "tenantid": TENANT_ID,
                "callani": record.ani,
                "calldnis": record.dnis,
                **moment("created", start),
                **moment("terminated", end),
                **moment("lastchange", end),
                **stamp("gcc", domain, start, end),
                "_active": active,
            },
        )
        yield (
            "g_ir",
            {
                "id": self.next_id("g_ir"),
                "irid": record.ir_id,
                "state": CallState.TERMINATED,
                "parentirid": record.parent_ir_id,
                "rootirid": record.parent_ir_id or record.ir_id,
                "parentlinktype": 0,
                "mediatype": MEDIA_TYPE[record.medium],
                **moment("created", start),
                **moment("terminated", end),
                **moment("lastchange", end),
                **stamp("gcc", domain, start, end),
                "_active": active,
            },
        )
        history = [(CallChangeType.CREATED, start)]
        if merged:
            history.append((CallChangeType.MERGED, end))
        history.append((CallChangeType.TERMINATED, end))
        for cseq, (change, at) in enumerate(history, 1):
            yield (
                "g_call_history",
                {
                    "chid": self.next_id("g_call_history"),
                    "callid": record.call_id,
                    "cseq": cseq,
                    "changetype": change,
                    "refid": merged_into if change is CallChangeType.MERGED else None,
                    **moment("added", at),
                    **stamp("gcc", domain, at),
                },
            )

    def call_stat_row(
        self, call_id: str, releasing: ReleasingParty, end: int, domain: int
    ) -> tuple[str, Row]:
        return (
            "g_call_stat",
            {
                "id": self.next_id("g_call_stat"),
                "callid": call_id,
                "releasingparty": releasing,
                **moment("created", end),
                **self.sequences.stamp("gcc", domain, end),
            },
        )

    def emit_parties(
        self, call_id: str, parties: list[tuple[Row, list[Change]]], domain: int
    ) -> Iterator[tuple[str, Row]]:
        """G_PARTY and G_PARTY_HISTORY rows of one call's parties; CSEQ orders them in time."""
        ordered = sorted(_all_changes(parties), key=lambda item: (item[1].at, item[0]))
        cseq_of = {id(change): cseq for cseq, (_, change) in enumerate(ordered, 1)}
        for party, changes in parties:
            yield "g_party", self._party_row(call_id, party, changes, domain)
            previous: Change | None = None
            for pseq, change in enumerate(changes, 1):
                yield (
                    "g_party_history",
                    {
                        "phid": self.next_id("g_party_history"),
                        "partyid": party["partyid"],
                        "pseq": pseq,
                        "cseq": cseq_of[id(change)],
                        "changetype": change.change,
                        "ccevent": change.event,
                        "cceventcause": change.cause,
                        "state": change.state,
                        "type": party["type"],
                        "prevstate": previous.state if previous else PartyState.UNKNOWN,
                        **moment("prevsenter", previous.at if previous else None),
                        "parentpartyid": party.get("parentpartyid"),
                        "parentlinktype": party.get("parentlinktype", PartyLinkType.NONE),
                        "endpointid": party.get("endpointid"),
                        **moment("added", change.at),
                        **self.sequences.stamp("gcc", domain, change.at),
                    },
                )
                previous = change

    def _party_row(self, call_id: str, party: Row, changes: list[Change], domain: int) -> Row:
        first, last = changes[0], changes[-1]
        return {
            "id": self.next_id("g_party"),
            **{k: v for k, v in party.items() if k not in ("created", "terminated")},
            "callid": call_id,
            "state": last.state,
            "tenantid": TENANT_ID,
            "ccevent": last.event,
            "cceventcause": last.cause,
            **moment("created", party["created"]),
            **moment("terminated", party["terminated"]),
            **moment("lastchange", party["terminated"]),
            **self.sequences.stamp("gcc", domain, party["created"], party["terminated"]),
            "_active": {
                "state": first.state,
                "ccevent": first.event,
                "cceventcause": first.cause,
                "terminated": None,
                "terminated_ts": None,
            },
        }


def _all_changes(parties: list[tuple[Row, list[Change]]]) -> Iterator[tuple[int, Change]]:
    order = 0
    for _, changes in parties:
        for change in changes:
            order += 1
            yield order, change
