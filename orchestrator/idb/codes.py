"""Every IDB code value the Info Mart interprets, with its meaning: the one place they are named.

`known=True` marks a domain whose values the original documents (reference notes, [DOC]); the
others are ours, chosen where the original's values are not public (docs/idb.md says which).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class CodeDomain:
    """A named set of integer codes used by one or more IDB columns."""

    name: str
    codes: type[IntEnum]
    known: bool

    @property
    def meaning(self) -> str:
        return (self.codes.__doc__ or "").strip()


class ConfigStatus(IntEnum):
    """GC_*.STATUS: is the configuration object current (dictionary 24)."""

    UNKNOWN = 0
    ACTIVE = 1
    DELETED = 2
    SYNC_IN_PROGRESS = 10


class ConfigState(IntEnum):
    """GC_*.STATE: the object's enabled flag in Configuration Server (dictionary 500)."""

    UNKNOWN = 0
    ENABLED = 1
    DISABLED = 2


class AgentType(IntEnum):
    """GC_AGENT.TYPE (dictionary 509)."""

    UNKNOWN = 0
    SUPERVISOR = 1
    AGENT = 2


class GroupType(IntEnum):
    """GC_GROUP.TYPE (dictionary 540)."""

    UNKNOWN = 0
    AGENT_GROUP = 1
    PLACE_GROUP = 2
    DN_GROUP = 3
    ACCESS_GROUP = 4


class EndpointType(IntEnum):
    """GC_ENDPOINT.TYPE and *.ENDPOINTTYPE: the DN type (Configuration Server's CfgDNType)."""

    UNKNOWN = 0
    EXTENSION = 1
    ACD_POSITION = 2
    ACD_QUEUE = 5
    ROUTING_POINT = 6
    VIRTUAL_QUEUE = 7
    EXTERNAL = 8
    VOICE_CHANNEL = 14
    INTERACTION_QUEUE = 22


class MediaType(IntEnum):
    """G_CALL.MEDIATYPE and G_LOGIN_SESSION.MEDIATYPE."""

    UNKNOWN = 0
    VOICE = 1
    EMAIL = 2
    CHAT = 3


class CallType(IntEnum):
    """G_CALL.CALLTYPE: direction as T-Server reports it."""

    UNKNOWN = 0
    INTERNAL = 1
    INBOUND = 2
    OUTBOUND = 3
    CONSULT = 4


class CallState(IntEnum):
    """G_CALL.STATE and G_IR.STATE."""

    UNKNOWN = 0
    ACTIVE = 1
    TERMINATED = 2


class CallChangeType(IntEnum):
    """G_CALL_HISTORY.CHANGETYPE."""

    CREATED = 1
    TERMINATED = 2
    MERGED = 3
    TRANSFER_FAILED = 4


class MergeType(IntEnum):
    """G_CALL.MERGETYPE: how a consultation call joined its primary call."""

    NONE = 0
    TRANSFER = 1
    CONFERENCE = 2


class PartyType(IntEnum):
    """G_PARTY.TYPE and G_PARTY_HISTORY.TYPE."""

    UNKNOWN = 0
    INTERNAL = 1
    EXTERNAL = 2
    MM_PLACE = 3
    MM_INTERACTION_QUEUE = 4
    MM_WORKBIN = 5
    MM_ROUTING_STRATEGY = 6


class PartyRole(IntEnum):
    """G_PARTY.PROLE: why the party is in the call."""

    UNKNOWN = 0
    ORIGINATOR = 1
    DESTINATION = 2
    CONFERENCE_MEMBER = 3
    ROUTED_TO = 4
    TRANSFERRED_TO = 5
    CONSULT_DESTINATION = 6


class PartyState(IntEnum):
    """G_PARTY.STATE and G_PARTY_HISTORY.STATE / PREVSTATE."""

    UNKNOWN = 0
    DIALING = 1
    RINGING = 2
    QUEUED = 3
    CONNECTED = 4
    HELD = 5
    RELEASED = 6
    ABANDONED = 7
    REDIRECTED = 8
    ROUTED = 9
    DIVERTED = 10


class PartyChangeType(IntEnum):
    """G_PARTY_HISTORY.CHANGETYPE."""

    CREATED = 1
    STATE_CHANGED = 2
    TERMINATED = 3
    MOVED = 4


class PartyLinkType(IntEnum):
    """G_PARTY.PARENTLINKTYPE: how a party relates to its parent party."""

    NONE = 0
    TRANSFER = 1
    CONFERENCE = 2
    CONSULT = 3
    ROUTE = 4


class CCEvent(IntEnum):
    """G_PARTY.CCEVENT / G_PARTY_HISTORY.CCEVENT: the T-Server event behind the change."""

    UNKNOWN = 0
    RINGING = 1
    DIALING = 2
    ESTABLISHED = 3
    RELEASED = 4
    ABANDONED = 5
    HELD = 6
    RETRIEVED = 7
    QUEUED = 8
    DIVERTED = 9
    PARTY_CHANGED = 10


class CCEventCause(IntEnum):
    """G_PARTY.CCEVENTCAUSE: why the event happened."""

    UNKNOWN = 0
    NORMAL = 1
    TRANSFER = 2
    CONFERENCE = 3
    CONSULT = 4
    ROUTED = 5


class VirtualQueueResult(IntEnum):
    """G_VIRTUAL_QUEUE.RESULT: how the interaction left the virtual queue."""

    UNKNOWN = 0
    DISTRIBUTED = 1
    ABANDONED = 2
    CLEARED = 3


class RouteResult(IntEnum):
    """G_ROUTE_RESULT.RESULT: how routing at the routing point ended."""

    UNKNOWN = 0
    ROUTED = 1
    ABANDONED = 2
    DEFAULT_ROUTED = 3


class RoutingTargetType(IntEnum):
    """G_ROUTE_RESULT.RTARGETTYPESELECTED / G_VIRTUAL_QUEUE.RTARGETTYPESELECTED."""

    UNKNOWN = 0
    AGENT = 1
    PLACE = 2
    AGENT_GROUP = 3
    PLACE_GROUP = 4
    SKILL_EXPRESSION = 5


class AgentStateRecordType(IntEnum):
    """G_AGENT_STATE_HISTORY.TYPE: what the record tracks."""

    UNKNOWN = -1
    NORMAL = 0
    CALL_CONNECTED = 1
    CALL_DISCONNECTED = 2
    WORKMODE = 4
    STATE = 5
    PENDING_STATE = 6


class AgentState(IntEnum):
    """G_AGENT_STATE_HISTORY.STATE / PENDINGSTATE, G_AGENT_STATE_RC.AGENTSTATE."""

    UNKNOWN = 0
    LOGGED_OUT = 1
    LOGGED_IN = 2
    READY = 3
    NOT_READY = 4
    BUSY = 5
    AFTER_CALL_WORK = 6
    DND = 7


class WorkMode(IntEnum):
    """G_AGENT_STATE_HISTORY.WORKMODE: T-Server's AgentWorkMode."""

    UNKNOWN = 0
    MANUAL_IN = 1
    AUTO_IN = 2
    AFTER_CALL_WORK = 3
    AUX_WORK = 4
    NO_CALL_DISCONNECT = 5
    WALK_AWAY = 6
    RETURN_BACK = 7


class SessionState(IntEnum):
    """G_LOGIN_SESSION.STATE and GX_SESSION_ENDPOINT.STATE."""

    UNKNOWN = 0
    ACTIVE = 1
    TERMINATED = 2


class UserdataChangeType(IntEnum):
    """G_USERDATA_HISTORY.CHANGETYPE."""

    ADDED = 1
    UPDATED = 2
    DELETED = 3


class LinkType(IntEnum):
    """G_IS_LINK.ISLINKTYPE: which side of an inter-site link the call is."""

    UNKNOWN = 0
    ORIGINATING = 1
    DESTINATION = 2


class DataSourceType(IntEnum):
    """G_DSS_*_PROVIDER.DS_TYPE and CTL_EXTRACT_HISTORY.DATA_SOURCE_TYPE."""

    T_SERVER = 1
    INTERACTION_SERVER = 2
    OCS = 3
    CONFIGURATION_SERVER = 4


class ConnectionType(IntEnum):
    """G_DSS_*_PROVIDER.DSCONN_TYPE: why the data-source session began."""

    FIRST_CONNECTION = 1
    RECONNECT = 2
    DATA_SOURCE_RESTART = 3
    SWITCH_RECONNECTION = 4
    SWITCHOVER = 5


class ProviderTag(IntEnum):
    """G_PROV_CONTROL.PROVIDERTAG: the provider class whose counters the row holds."""

    CFG = 1
    GCC = 2
    GLS = 3
    GUD = 4
    GOS = 5


class CallResult(IntEnum):
    """GO_CHAINREC_HIST.CALLRESULT: OCS call results (CALL_RESULT keys, seed fixed_call_result)."""

    GENERAL_ERROR = 2
    SYSTEM_ERROR = 3
    BUSY = 6
    NO_ANSWER = 7
    SIT_DETECTED = 8
    ANSWERING_MACHINE = 9
    FAX = 17
    ABANDONED = 21
    DROPPED = 26
    ANSWER = 33
    CANCEL_RECORD = 35
    WRONG_PARTY = 41
    DO_NOT_CALL = 47
    TRANSFERRED = 52


class CampaignGroupState(IntEnum):
    """GO_CAMPAIGN.STATE (= CAMPAIGN_GROUP_STATE keys, seed fixed_campaign_group_state)."""

    NOT_LOADED = 1
    LOADED = 2
    RUNNING = 3
    UNLOADING = 4


class DialingMode(IntEnum):
    """GO_CAMPAIGN.DIALINGMODE (= DIALING_MODE keys, seed fixed_dialing_mode)."""

    PREDICTIVE = 1
    PROGRESSIVE = 2
    PREVIEW = 3
    PUSH_PREVIEW = 4
    PREDICTIVE_WITH_SEIZING = 5
    PROGRESSIVE_WITH_SEIZING = 6
    POWER_GVP = 7


class RecordStatus(IntEnum):
    """GO_CHAINREC_HIST.RECORDSTATUS (= RECORD_STATUS keys, seed fixed_record_status)."""

    NO_RECORD_STATUS = 0
    READY = 1
    RETRIEVED = 2
    UPDATED = 3
    STALE = 4
    CANCELLED = 5
    AGENT_ERROR = 6
    CHAIN_UPDATED = 7
    MISSED_CALLBACK = 8
    CHAIN_READY = 9


class RecordType(IntEnum):
    """GO_CHAINREC_HIST.RECORDTYPE (= RECORD_TYPE keys, seed fixed_record_type)."""

    NO_RECORD_TYPE = 0
    UNKNOWN_RECORD_TYPE = 1
    GENERAL = 2
    CAMPAIGN_RESCHEDULED = 3
    PERSONAL_RESCHEDULED = 4
    PERSONAL_CALLBACK = 5
    CAMPAIGN_CALLBACK = 6
    NO_CALL = 7


class ContactInfoType(IntEnum):
    """GO_CHAINREC_HIST.CONTACTINFOTYPE (= CONTACT_INFO_TYPE keys, seed fixed_contact_info_type)."""

    NO_CONTACT_TYPE = 0
    HOME_PHONE = 1
    DIRECT_BUSINESS_PHONE = 2
    BUSINESS_WITH_EXT = 3
    MOBILE = 4
    VACATION_PHONE = 5
    PAGER = 6
    MODEM = 7
    VOICE_MAIL = 8
    PIN_PAGER = 9
    EMAIL = 10
    INSTANT_MESSAGING = 11


class ReleasingParty(IntEnum):
    """G_CALL_STAT.RELEASINGPARTY: who hung up first."""

    UNKNOWN = 0
    CUSTOMER = 1
    AGENT = 2
    SYSTEM = 3


DOMAINS: tuple[CodeDomain, ...] = (
    CodeDomain("config_status", ConfigStatus, known=True),
    CodeDomain("config_state", ConfigState, known=True),
    CodeDomain("agent_type", AgentType, known=True),
    CodeDomain("group_type", GroupType, known=True),
    CodeDomain("endpoint_type", EndpointType, known=False),
    CodeDomain("media_type", MediaType, known=False),
    CodeDomain("call_type", CallType, known=False),
    CodeDomain("call_state", CallState, known=True),
    CodeDomain("call_change_type", CallChangeType, known=True),
    CodeDomain("merge_type", MergeType, known=False),
    CodeDomain("party_type", PartyType, known=True),
    CodeDomain("party_role", PartyRole, known=False),
    CodeDomain("party_state", PartyState, known=False),
    CodeDomain("party_change_type", PartyChangeType, known=False),
    CodeDomain("party_link_type", PartyLinkType, known=False),
    CodeDomain("cc_event", CCEvent, known=False),
    CodeDomain("cc_event_cause", CCEventCause, known=False),
    CodeDomain("vq_result", VirtualQueueResult, known=False),
    CodeDomain("route_result", RouteResult, known=False),
    CodeDomain("routing_target_type", RoutingTargetType, known=False),
    CodeDomain("agent_state_record_type", AgentStateRecordType, known=False),
    CodeDomain("agent_state", AgentState, known=False),
    CodeDomain("work_mode", WorkMode, known=False),
    CodeDomain("session_state", SessionState, known=False),
    CodeDomain("userdata_change_type", UserdataChangeType, known=False),
    CodeDomain("is_link_type", LinkType, known=False),
    CodeDomain("data_source_type", DataSourceType, known=True),
    CodeDomain("connection_type", ConnectionType, known=True),
    CodeDomain("provider_tag", ProviderTag, known=False),
    CodeDomain("call_result", CallResult, known=False),
    CodeDomain("campaign_group_state", CampaignGroupState, known=False),
    CodeDomain("dialing_mode", DialingMode, known=False),
    CodeDomain("record_status", RecordStatus, known=False),
    CodeDomain("record_type", RecordType, known=False),
    CodeDomain("contact_info_type", ContactInfoType, known=False),
    CodeDomain("releasing_party", ReleasingParty, known=False),
)
DOMAIN_BY_NAME = {domain.name: domain for domain in DOMAINS}
