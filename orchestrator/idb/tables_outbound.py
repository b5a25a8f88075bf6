"""Outbound tables (provider gos): campaigns, chains of records and their call attempts."""

from __future__ import annotations

from .schema_model import CALLID_DOC, col, identity, moment, operational_table

_CAMPAIGN = col("campaignid", "integer", "Campaign → GC_CAMPAIGN.ID.", m=True)
_CHAIN = col(
    "chainguid",
    "varchar(64)",
    "Chain of calling-list records → GO_CHAIN.CHAINGUID.",
    m=True,
    pii="none",
)

OUTBOUND = (
    operational_table(
        "go_campaign",
        "gos",
        "Campaign groups loaded in OCS, one row per load.",
        (
            identity(),
            col(
                "campaignguid",
                "varchar(64)",
                "ID of this load of the campaign.",
                m=True,
                pii="none",
            ),
            _CAMPAIGN,
            col("groupid", "integer", "Agent group running it → GC_GROUP.ID.", m=True),
            col("dialingmode", "integer", "Dialing mode.", codes="dialing_mode"),
            col("state", "integer", "Campaign group state.", codes="campaign_group_state"),
            *moment("created", "When it was loaded", m=True),
            *moment("terminated", "When it was unloaded"),
            *moment("lastchange", "When the row last changed", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "go_campaignhistory",
        "gos",
        "State changes of campaign groups.",
        (
            identity(),
            col(
                "campaignguid",
                "varchar(64)",
                "Campaign load → GO_CAMPAIGN.CAMPAIGNGUID.",
                m=True,
                pii="none",
            ),
            col("state", "integer", "State entered.", m=True, codes="campaign_group_state"),
            col("dialingmode", "integer", "Dialing mode.", codes="dialing_mode"),
            *moment("added", "When it changed", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "go_chain",
        "gos",
        "Chains: the calling-list records OCS processes together for one contact.",
        (
            identity(),
            _CHAIN,
            col(
                "campaignguid",
                "varchar(64)",
                "Campaign load → GO_CAMPAIGN.CAMPAIGNGUID.",
                m=True,
                pii="none",
            ),
            col("listid", "integer", "Calling list → GC_CALLING_LIST.ID.", m=True),
            col("chainid", "integer", "Chain number in the list.", m=True),
            *moment("created", "When OCS retrieved the chain", m=True),
            *moment("terminated", "When it finished"),
            *moment("lastchange", "When the row last changed", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "go_chainrec_hist",
        "gos",
        "Each processing of a calling-list record: the call attempt and its result.",
        (
            identity(),
            _CHAIN,
            col("recordhandle", "integer", "Record in the list.", m=True),
            col("seq", "integer", "Sequence of the change within the chain.", m=True),
            col(
                "callattid",
                "varchar(64)",
                "Call attempt ID → GOX_CHAIN_CALL.CALLATTID.",
                pii="none",
            ),
            col("contactinfo", "varchar(255)", "Number or address dialled.", pii="consumer"),
            col(
                "contactinfotype", "integer", "Contact information type.", codes="contact_info_type"
            ),
            col("recordtype", "integer", "Record type.", codes="record_type"),
            col("recordstatus", "integer", "Record status.", codes="record_status"),
            col("callresult", "integer", "OCS call result.", codes="call_result"),
            col("attempt", "integer", "Attempt number of the record."),
            *moment("added", "When the attempt was recorded", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "gox_chain_call",
        "gos",
        "Links a chain's call attempt to the call it made.",
        (
            identity(),
            col("callid", "varchar(50)", CALLID_DOC, pii="none"),
            _CHAIN,
            col("callattid", "varchar(64)", "Call attempt ID.", m=True, pii="none"),
            *moment("added", "When the link was recorded", m=True),
        ),
    ),
    operational_table(
        "go_metrics",
        "gos",
        "Campaign counters OCS reports periodically.",
        (
            identity(),
            col(
                "campaignguid",
                "varchar(64)",
                "Campaign load → GO_CAMPAIGN.CAMPAIGNGUID.",
                m=True,
                pii="none",
            ),
            col("metricname", "varchar(64)", "Counter name.", m=True, pii="none"),
            col("metricvalue", "bigint", "Counter value."),
            *moment("added", "When it was reported", m=True),
        ),
        inferred=True,
    ),
)
