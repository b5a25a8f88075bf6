"""ICON's control rows: one data-source session per provider and switch, and the counters."""

from __future__ import annotations

from collections.abc import Iterator

from ..idb.codes import ConnectionType, DataSourceType, ProviderTag
from .stamps import Row, domain_of, gmt
from .topology import Topology

ICON_DBID = 1
_TAGS = {
    "cfg": ProviderTag.CFG,
    "gcc": ProviderTag.GCC,
    "gls": ProviderTag.GLS,
    "gud": ProviderTag.GUD,
}


def control_rows(
    topology: Topology, connected: int, last_event: int, seq_current: dict[str, int]
) -> Iterator[tuple[str, Row]]:
    """Sessions up from `connected` to `last_event` (no gaps); counters at `seq_current`."""

    def session(provider: str, ds_type: DataSourceType, switch_id: int | None) -> Row:
        dss_id = domain_of(provider, switch_id or 1)
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

    yield "g_dss_cfg_provider", session("cfg", DataSourceType.CONFIGURATION_SERVER, None)
    for switch_id in topology.switches:
        for provider in ("gcc", "gls", "gud"):
            yield (
                f"g_dss_{provider}_provider",
                session(provider, DataSourceType.T_SERVER, switch_id),
            )
    for provider, tag in _TAGS.items():
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
