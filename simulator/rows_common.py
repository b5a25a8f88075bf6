"""What every kind of call writes alike: its G_CALL, G_IR, G_CALL_HISTORY and G_CALL_STAT rows,
the columns of an agent's party, and a party-history change before numbering."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..idb.codes import (
    CallChangeType,
    CallState,
    CallType,
    CCEvent,
    CCEventCause,
    EndpointType,
    MediaType,
    MergeType,
    PartyChangeType,
    PartyState,
    PartyType,
    ReleasingParty,
)
from .stamps import Row, moment
from .topology import TENANT_ID, Agent

if TYPE_CHECKING:
    from .rows_calls import CallRows

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


class CallRecordRowsMixin:
    def _call_record_rows(
        self: CallRows, record: CallRecord, domain: int
    ) -> Iterator[tuple[str, Row]]:
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
                "id": self._next_id("g_call"),
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
                "id": self._next_id("g_ir"),
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
                    "chid": self._next_id("g_call_history"),
                    "callid": record.call_id,
                    "cseq": cseq,
                    "changetype": change,
                    "refid": merged_into if change is CallChangeType.MERGED else None,
                    **moment("added", at),
                    **stamp("gcc", domain, at),
                },
            )

    def _call_stat_row(
        self: CallRows, call_id: str, releasing: ReleasingParty, end: int, domain: int
    ) -> tuple[str, Row]:
        return (
            "g_call_stat",
            {
                "id": self._next_id("g_call_stat"),
                "callid": call_id,
                "releasingparty": releasing,
                **moment("created", end),
                **self.sequences.stamp("gcc", domain, end),
            },
        )
