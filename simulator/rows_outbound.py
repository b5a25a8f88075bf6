"""Outbound rows (provider gos, and the calls through gcc): what OCS and T-Server leave in the IDB.

Per campaign load: GO_CAMPAIGN, its GO_CAMPAIGNHISTORY states and GO_METRICS counters per 15
minutes. Per record: GO_CHAIN. Per attempt: GO_CHAINREC_HIST with OCS's call result,
GOX_CHAIN_CALL linking the attempt to its G_CALL, and the call itself (outbound, the customer
party and, when connected, the agent's party), with OCS's user data keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from orchestrator.calendar import INTERVAL_SECONDS, interval_of
from orchestrator.idb.codes import (
    CallType,
    CampaignGroupState,
    CCEvent,
    ConfigState,
    ConfigStatus,
    DialingMode,
    EndpointType,
    PartyChangeType,
    PartyLinkType,
    PartyRole,
    PartyState,
    PartyType,
    RecordStatus,
    RecordType,
    ReleasingParty,
    UserdataChangeType,
)

from .engine_outbound import OUTBOUND_SERVICE
from .model import CampaignRun, OutboundAttempt, OutboundChain
from .rows_common import CallRecord, CallRowWriter, Change, agent_endpoint
from .stamps import Row, domain_of, moment
from .topology import TENANT_ID


class OutboundRows:
    """Outbound rows: campaigns, calling lists, chains and the attempts' calls."""

    def __init__(self, writer: CallRowWriter) -> None:
        self.writer = writer

    def campaign_config_rows(self, runs: list[CampaignRun], created: int) -> Iterator[tuple]:
        seen: set[int] = set()
        for run in runs:
            if run.campaign_id in seen:
                continue
            seen.add(run.campaign_id)
            for table, key, name in (
                ("gc_campaign", run.campaign_id, run.name),
                ("gc_calling_list", run.list_id, f"{run.name} list"),
            ):
                yield (
                    table,
                    {
                        "id": key,
                        "tenantid": TENANT_ID,
                        "name": name,
                        "state": ConfigState.ENABLED,
                        "status": ConfigStatus.ACTIVE,
                        **moment("created", created),
                        **moment("lastchange", created),
                        "gsys_ext_int1": 0,
                        **self.writer.sequences.stamp("cfg", domain_of("cfg"), created),
                    },
                )

    def campaign_rows(self, run: CampaignRun) -> Iterator[tuple[str, Row]]:
        domain = domain_of("gos", run.switch_id)
        stamp = self.writer.sequences.stamp
        yield (
            "go_campaign",
            {
                "id": self.writer.next_id("go_campaign"),
                "campaignguid": run.campaign_guid,
                "campaignid": run.campaign_id,
                "groupid": run.group_id,
                "dialingmode": DialingMode.PROGRESSIVE,
                "state": CampaignGroupState.NOT_LOADED,
                **moment("created", run.loaded),
                **moment("terminated", run.unloaded),
                **moment("lastchange", run.unloaded),
                **stamp("gos", domain, run.loaded, run.unloaded),
                "_active": {
                    "state": CampaignGroupState.RUNNING,
                    "terminated": None,
                    "terminated_ts": None,
                },
            },
        )
        for state, at in (
            (CampaignGroupState.LOADED, run.loaded),
            (CampaignGroupState.RUNNING, run.loaded),
            (CampaignGroupState.UNLOADING, run.unloaded),
            (CampaignGroupState.NOT_LOADED, run.unloaded),
        ):
            yield (
                "go_campaignhistory",
                {
                    "id": self.writer.next_id("go_campaignhistory"),
                    "campaignguid": run.campaign_guid,
                    "state": state,
                    "dialingmode": DialingMode.PROGRESSIVE,
                    **moment("added", at),
                    **stamp("gos", domain, at),
                },
            )
        for chain in run.chains:
            yield from self._chain_rows(run, chain, domain)
        yield from self._metrics(run, domain)

    def _chain_rows(
        self, run: CampaignRun, chain: OutboundChain, domain: int
    ) -> Iterator[tuple[str, Row]]:
        first, last = chain.attempts[0].dialed, chain.attempts[-1].end
        yield (
            "go_chain",
            {
                "id": self.writer.next_id("go_chain"),
                "chainguid": chain.chain_guid,
                "campaignguid": run.campaign_guid,
                "listid": run.list_id,
                "chainid": chain.chain_id,
                **moment("created", first),
                **moment("terminated", last),
                **moment("lastchange", last),
                **self.writer.sequences.stamp("gos", domain, first, last),
                "_active": {"terminated": None, "terminated_ts": None},
            },
        )
        for attempt in chain.attempts:
            yield (
                "gox_chain_call",
                {
                    "id": self.writer.next_id("gox_chain_call"),
                    "callid": attempt.call_id,
                    "chainguid": chain.chain_guid,
                    "callattid": attempt.call_attempt_id,
                    **moment("added", attempt.dialed),
                    **self.writer.sequences.stamp("gos", domain, attempt.dialed),
                },
            )
            yield (
                "go_chainrec_hist",
                {
                    "id": self.writer.next_id("go_chainrec_hist"),
                    "chainguid": chain.chain_guid,
                    "recordhandle": chain.record_handle,
                    "seq": attempt.number,
                    "callattid": attempt.call_attempt_id,
                    "contactinfo": chain.contact,
                    "contactinfotype": chain.contact_type,
                    "recordtype": RecordType.GENERAL,
                    "recordstatus": RecordStatus.UPDATED,
                    "callresult": attempt.result,
                    "attempt": attempt.number,
                    **moment("added", attempt.end),
                    **self.writer.sequences.stamp("gos", domain, attempt.end),
                },
            )
            yield from self._outbound_call_rows(run, chain, attempt)

    def _metrics(self, run: CampaignRun, domain: int) -> Iterator[tuple[str, Row]]:
        attempts = [a for chain in run.chains for a in chain.attempts]
        dialed = Counter(interval_of(a.dialed) for a in attempts)
        connected = Counter(interval_of(a.dialed) for a in attempts if a.agent_leg)
        for start in range(run.loaded, run.unloaded, INTERVAL_SECONDS):
            at = start + INTERVAL_SECONDS
            for name, value in (("Attempts", dialed[start]), ("Connected", connected[start])):
                yield (
                    "go_metrics",
                    {
                        "id": self.writer.next_id("go_metrics"),
                        "campaignguid": run.campaign_guid,
                        "metricname": name,
                        "metricvalue": value,
                        **moment("added", at),
                        **self.writer.sequences.stamp("gos", domain, at),
                    },
                )

    def _outbound_call_rows(
        self, run: CampaignRun, chain: OutboundChain, attempt: OutboundAttempt
    ) -> Iterator[tuple[str, Row]]:
        domain = domain_of("gcc", run.switch_id)
        stamp = self.writer.sequences.stamp
        dialer = self.writer.topology.service(OUTBOUND_SERVICE, run.switch_id).acd_queue
        start, end = attempt.dialed, attempt.end
        record = CallRecord(
            call_id=attempt.call_id,
            ir_id=attempt.ir_id,
            conn_id=attempt.conn_id,
            switch_id=run.switch_id,
            call_type=CallType.OUTBOUND,
            medium="voice",
            ani=dialer.number,
            dnis=chain.contact,
            start=start,
            end=end,
        )
        yield from self.writer.call_record_rows(record, domain)
        customer_changes = [
            Change(start, PartyChangeType.CREATED, PartyState.RINGING, CCEvent.RINGING)
        ]
        if attempt.answered is not None:
            customer_changes.append(
                Change(
                    attempt.answered,
                    PartyChangeType.STATE_CHANGED,
                    PartyState.CONNECTED,
                    CCEvent.ESTABLISHED,
                )
            )
        customer_changes.append(
            Change(end, PartyChangeType.TERMINATED, PartyState.RELEASED, CCEvent.RELEASED)
        )
        parties = [
            (
                {
                    "partyid": attempt.customer_party_id,
                    "partyguid": attempt.customer_party_guid,
                    "type": PartyType.EXTERNAL,
                    "prole": PartyRole.DESTINATION,
                    "endpointdn": chain.contact,
                    "endpointtype": EndpointType.EXTERNAL,
                    "created": start,
                    "terminated": end,
                },
                customer_changes,
            )
        ]
        leg = attempt.agent_leg
        if leg is not None and leg.answer is not None:
            agent = self.writer.agents[leg.agent_id]
            parties.append(
                (
                    {
                        "partyid": leg.party_id,
                        "partyguid": leg.party_guid,
                        **agent_endpoint(agent),
                        "prole": PartyRole.ROUTED_TO,
                        "parentpartyid": attempt.customer_party_id,
                        "parentlinktype": PartyLinkType.ROUTE,
                        "agentid": agent.id,
                        "created": leg.ring_start,
                        "terminated": leg.release,
                    },
                    [
                        Change(
                            leg.ring_start,
                            PartyChangeType.CREATED,
                            PartyState.RINGING,
                            CCEvent.RINGING,
                        ),
                        Change(
                            leg.answer,
                            PartyChangeType.STATE_CHANGED,
                            PartyState.CONNECTED,
                            CCEvent.ESTABLISHED,
                        ),
                        Change(
                            leg.release,
                            PartyChangeType.TERMINATED,
                            PartyState.RELEASED,
                            CCEvent.RELEASED,
                        ),
                    ],
                )
            )
        yield from self.writer.emit_parties(attempt.call_id, parties, domain)
        userdata_domain = domain_of("gud", run.switch_id)
        for key, value in (
            ("GSW_CAMPAIGN_NAME", run.name),
            ("GSW_CALLING_LIST", f"{run.name} list"),
            ("GSW_RECORD_HANDLE", str(chain.record_handle)),
        ):
            yield (
                "g_userdata_history",
                {
                    "id": self.writer.next_id("g_userdata_history"),
                    "callid": attempt.call_id,
                    "partyid": attempt.customer_party_id,
                    "endpointid": dialer.id,
                    "endpointdn": dialer.number,
                    "changetype": UserdataChangeType.ADDED,
                    "keyname": key,
                    "value": value,
                    **moment("added", start),
                    **stamp("gud", userdata_domain, start),
                },
            )
        releasing = ReleasingParty.AGENT if attempt.agent_hung_up else ReleasingParty.SYSTEM
        yield self.writer.call_stat_row(attempt.call_id, releasing, end, domain)
