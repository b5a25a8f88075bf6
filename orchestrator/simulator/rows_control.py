"""ICON's control rows: one data-source session per provider and switch, and the counters."""

from __future__ import annotations

from collections.abc import Iterator

from ..idb.codes import ConnectionType, DataSourceType, ProviderTag
from .rows_agents import agent_domain
from .rows_calls import call_domain, userdata_domain
from .rows_config import CFG_DOMAIN
from .stamps import Row, Sequences, gmt
from .topology import Topology

ICON_DBID = 1


def control_rows(
    topology: Topology, connected: int, last_event: int, sequences: Sequences
) -> Iterator[tuple[str, Row]]:
    """Sessions that began at `connected` and were still up at `last_event` (no gaps)."""

    def session(dss_id: int, ds_type: DataSourceType, switch_id: int | None) -> Row:
        return {
            "dss_id": dss_id,
            "icon_dbid": ICON_DBID,
            "ds_dbid": 50 + (switch_id or 0),
            "ds2_dbid": switch_id,
            "ds_type": ds_type,
            "icon_stime": gmt(connected),
            "dsconn_stime": gmt(connected),
            "dsconn_sdstime": gmt(connected),
            "dsconn_sdsts": connected,
            "dsconn_type": ConnectionType.FIRST_CONNECTION,
            "fevent_itime": gmt(connected),
            "fevent_dstime": gmt(connected),
            "levent_itime": gmt(last_event),
            "levent_dstime": gmt(last_event),
            "gsys_domain": dss_id,
        }

    yield "g_dss_cfg_provider", session(CFG_DOMAIN, DataSourceType.CONFIGURATION_SERVER, None)
    for switch_id in topology.switches:
        yield (
            "g_dss_gcc_provider",
            session(call_domain(switch_id), DataSourceType.T_SERVER, switch_id),
        )
        yield (
            "g_dss_gls_provider",
            session(agent_domain(switch_id), DataSourceType.T_SERVER, switch_id),
        )
        yield (
            "g_dss_gud_provider",
            session(userdata_domain(switch_id), DataSourceType.T_SERVER, switch_id),
        )
    for provider, tag in (
        ("cfg", ProviderTag.CFG),
        ("gcc", ProviderTag.GCC),
        ("gls", ProviderTag.GLS),
        ("gud", ProviderTag.GUD),
    ):
        current = sequences.current[provider]
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
