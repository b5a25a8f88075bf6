"""ICON's control rows for one IDB: its data-source sessions (with any outage gap) and counters."""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.idb.codes import ConnectionType, DataSourceType, ProviderTag

from .stamps import RECONNECT_OFFSET, Row, domain_of, gmt
from .targets import IdbTarget
from .topology import Topology

ICON_DBID = 1
_TAGS = {
    "cfg": ProviderTag.CFG,
    "gcc": ProviderTag.GCC,
    "gls": ProviderTag.GLS,
    "gud": ProviderTag.GUD,
}


def _session(
    dss_id: int,
    ds_type: DataSourceType,
    switch_id: int | None,
    began: int,
    last_event: int,
    ended: int | None = None,
    kind: ConnectionType = ConnectionType.FIRST_CONNECTION,
) -> Row:
    return {
        "dss_id": dss_id,
        "icon_dbid": ICON_DBID,
        "ds_dbid": 50 + (switch_id or 0),
        "ds2_dbid": switch_id,
        "ds_type": ds_type,
        "icon_stime": gmt(began),
        "dsconn_stime": gmt(began),
        "dsconn_sdstime": gmt(began),
        "dsconn_sdsts": began,
        "dsconn_type": kind,
        "dsconn_etime": gmt(ended) if ended is not None else None,
        "fevent_itime": gmt(began),
        "fevent_dstime": gmt(began),
        "levent_itime": gmt(last_event),
        "levent_dstime": gmt(last_event),
        "gsys_domain": dss_id,
    }


def control_rows(
    topology: Topology,
    target: IdbTarget,
    connected: int,
    last_event: int,
    seq_current: dict[str, int],
    last_write: dict[int, int],
) -> Iterator[tuple[str, Row]]:
    """Sessions from `connected` to `last_event`; an outage splits each voice session in two.
    An open session's latest event is the latest row its source wrote (`last_write`, per
    GSYS_DOMAIN), as ICON records the last event it received from that source."""

    def latest(dss_id: int, began: int) -> int:
        return max(began, min(last_event, last_write.get(dss_id, began)))

    if target.holds("cfg", None):
        yield (
            "g_dss_cfg_provider",
            _session(
                domain_of("cfg"),
                DataSourceType.CONFIGURATION_SERVER,
                None,
                connected,
                latest(domain_of("cfg"), connected),
            ),
        )
    sources = [(s, DataSourceType.T_SERVER) for s in topology.switches] + [
        (s, DataSourceType.INTERACTION_SERVER) for s in topology.media_switches
    ]
    outage = target.outage
    for provider in ("gcc", "gls", "gud", "gos"):
        provider_sources = sources
        if provider == "gos":  # one OCS per site, when outbound rows were written
            provider_sources = [(s, DataSourceType.OCS) for s in topology.switches]
            if "gos" not in seq_current:
                continue
        for switch_id, ds_type in provider_sources:
            if not target.holds(provider, switch_id):
                continue
            dss_id = domain_of(provider, switch_id)
            table = f"g_dss_{provider}_provider"
            if outage is None or last_event < outage[0]:
                yield (
                    table,
                    _session(dss_id, ds_type, switch_id, connected, latest(dss_id, connected)),
                )
                continue
            yield table, _session(dss_id, ds_type, switch_id, connected, outage[0], ended=outage[0])
            if last_event >= outage[1]:
                yield (
                    table,
                    _session(
                        dss_id + RECONNECT_OFFSET,
                        ds_type,
                        switch_id,
                        outage[1],
                        latest(dss_id + RECONNECT_OFFSET, outage[1]),
                        kind=ConnectionType.RECONNECT,
                    ),
                )
    held = {provider for provider in seq_current} | (
        {"cfg"} if target.holds("cfg", None) else set()
    )
    for provider, tag in _TAGS.items():
        if provider in held:
            current = seq_current.get(provider, 0)
            yield (
                "g_prov_control",
                {
                    "domainid": 0,
                    "primaryid": ICON_DBID,
                    "providertag": tag,
                    "seqcounter": current + 1,
                    "seqcurrent": current,
                },
            )
