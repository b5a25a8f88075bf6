"""Which IDBs a simulation writes, and what each receives: its roles, its sites, its outage.

Every configured IDB gets the rows of its roles (ICON_CFG: configuration; ICON_CORE: voice calls,
agent activity and user data; ICON_MM: multimedia; ICON_OCS: outbound), restricted to the site its
`data-source` names (all sites when unset). With `--ha`, the second IDB of each HA group misses
HA_OUTAGE seconds of the first simulated day, and its session tables record the gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestrator.config import Config
from orchestrator.config.connections import IDB_ROLES
from orchestrator.db import idb_uri

from .params import SimulationError, SimulationParams
from .topology import MEDIA_SOURCES, site_names

#: The outage of the second IDB of an HA pair: 10:00 to 10:30 UTC on the first simulated day.
HA_OUTAGE_START = 10 * 3600
HA_OUTAGE_SECONDS = 1800


@dataclass(frozen=True)
class IdbTarget:
    name: str
    uri: str
    roles: frozenset[str]
    #: Switch IDs whose voice data the IDB holds; None: every switch.
    switches: frozenset[int] | None = None
    #: (start, end) epoch seconds during which this IDB's ICON received nothing.
    outage: tuple[int, int] | None = None

    @classmethod
    def with_every_role(cls, name: str, uri: str) -> IdbTarget:
        """An IDB recording every role for every site (the embedded default)."""
        return cls(name, uri, frozenset(IDB_ROLES))

    def holds(self, provider: str, switch_id: int | None) -> bool:
        """Whether this IDB records rows of `provider` from `switch_id` (None: not per switch)."""
        if provider == "cfg":
            return "ICON_CFG" in self.roles
        if provider == "gos":
            return "ICON_OCS" in self.roles
        if switch_id in MEDIA_SOURCES.values():
            return "ICON_MM" in self.roles
        if "ICON_CORE" not in self.roles:
            return False
        return self.switches is None or switch_id is None or switch_id in self.switches


def targets_from_config(
    config: Config, params: SimulationParams, only: str | None, ha: bool
) -> list[IdbTarget]:
    """The IDBs to write, or SimulationError naming what in the configuration is wrong."""
    idbs = [idb for idb in config.idbs if only is None or idb.name == only]
    if not idbs:
        known = ", ".join(idb.name for idb in config.idbs)
        raise SimulationError(f"--idb {only}: not configured (configured: {known})")
    second_of_group = set()
    groups: dict[str, list[str]] = {}
    for idb in idbs:
        if idb.ha_group:
            groups.setdefault(idb.ha_group, []).append(idb.name)
    if ha:
        pairs = [names for names in groups.values() if len(names) >= 2]
        if not pairs:
            raise SimulationError(
                "--ha: no HA group with two IDBs in the configuration "
                "(give two idb entries the same ha-group)"
            )
        second_of_group = {names[1] for names in pairs}
    sites = {name: switch_id for switch_id, name in site_names(params.sites).items()}
    outage_start = params.start_ts + HA_OUTAGE_START
    targets = []
    for idb in idbs:
        switches = None
        if idb.data_source is not None:
            if idb.data_source not in sites:
                raise SimulationError(
                    f"idb[{idb.name}].data-source {idb.data_source!r}: not a simulated site "
                    f"(sites: {', '.join(sites)})"
                )
            switches = frozenset({sites[idb.data_source]})
        targets.append(
            IdbTarget(
                name=idb.name,
                uri=idb_uri(config, idb.name),
                roles=frozenset(idb.roles),
                switches=switches,
                outage=(
                    (outage_start, outage_start + HA_OUTAGE_SECONDS)
                    if idb.name in second_of_group
                    else None
                ),
            )
        )
    return targets
