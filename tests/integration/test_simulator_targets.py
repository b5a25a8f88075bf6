"""`gim simulate` into several IDBs: split by site, and an HA pair with an outage gap."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import psycopg
import pytest

from orchestrator.config import validate
from orchestrator.idb.codes import CallType, DataSourceType, MediaType
from simulator.params import SimulationError, validated
from simulator.run import run_simulation
from simulator.stamps import RECONNECT_OFFSET
from simulator.targets import HA_OUTAGE_SECONDS, HA_OUTAGE_START, targets_from_config

pytestmark = pytest.mark.slow

PARAMS = validated(agents=30, days=1, start=date(2026, 3, 8), seed=9, sites=2, media=("voice",))
OUTAGE = (PARAMS.start_ts + HA_OUTAGE_START, PARAMS.start_ts + HA_OUTAGE_START + HA_OUTAGE_SECONDS)


def _run(idbs: list[dict], tmp_path: Path, ha: bool = False) -> dict[str, str]:
    config = validate({"idb": idbs}, source=None)
    targets = targets_from_config(config, PARAMS, None, ha)
    run_simulation(PARAMS, targets, tmp_path / "truth", echo=lambda _: None)
    return {target.name: target.uri for target in targets}


def _one(uri: str, query: str, *args: object) -> object:
    with psycopg.connect(uri) as conn:
        return conn.execute(query, args).fetchone()[0]


def _rows(uri: str, query: str) -> set[tuple]:
    with psycopg.connect(uri) as conn:
        return set(conn.execute(query).fetchall())


def test_idbs_split_by_site_hold_disjoint_calls_that_add_up(gim_home, tmp_path: Path) -> None:
    uris = _run(
        [
            {"name": "site_a", "roles": ["ICON_CFG", "ICON_CORE"], "data-source": "SITE_A"},
            {"name": "site_b", "roles": ["ICON_CORE"], "data-source": "SITE_B"},
            {"name": "both", "roles": ["ICON_CFG", "ICON_CORE"]},
        ],
        tmp_path,
    )
    calls = {name: _rows(uri, "select callid, switchid from g_call") for name, uri in uris.items()}
    assert {switch for _, switch in calls["site_a"]} == {1}
    assert {switch for _, switch in calls["site_b"]} == {2}
    assert calls["site_a"] | calls["site_b"] == calls["both"]
    assert _one(uris["site_b"], "select count(*) from gc_agent") == 0, "no ICON_CFG role"
    assert _one(uris["site_a"], "select count(*) from gc_agent") == 30
    sessions = _rows(uris["site_b"], "select ds2_dbid from g_dss_gcc_provider")
    assert sessions == {(2,)}


def test_ha_pair_second_idb_misses_the_outage_and_records_the_gap(gim_home, tmp_path) -> None:
    pair = [
        {"name": "ha_a", "roles": ["ICON_CFG", "ICON_CORE"], "ha-group": "voice"},
        {"name": "ha_b", "roles": ["ICON_CFG", "ICON_CORE"], "ha-group": "voice"},
    ]
    uris = _run(pair, tmp_path, ha=True)
    single = _run([{"name": "single"}], tmp_path)["single"]
    complete, gapped = uris["ha_a"], uris["ha_b"]
    calls = "select callid, created_ts, terminated_ts, gsys_seq from g_call"
    assert _rows(complete, calls) == _rows(single, calls)

    sessions = _rows(gapped, "select dss_id, dsconn_stime, dsconn_etime from g_dss_gcc_provider")
    assert len(sessions) == 4, "two switches, each split by the outage"
    ends = {row[2] for row in sessions if row[0] < RECONNECT_OFFSET}
    starts = {row[1] for row in sessions if row[0] > RECONNECT_OFFSET}
    assert len(ends) == len(starts) == 1
    gmt = [moment.replace(tzinfo=UTC).timestamp() for moment in (ends.pop(), starts.pop())]
    assert tuple(gmt) == OUTAGE

    inside = _one(
        gapped,
        "select count(*) from g_party_history where added_ts >= %s and added_ts < %s",
        *OUTAGE,
    )
    assert (
        inside
        == 0
        < _one(
            complete,
            "select count(*) from g_party_history where added_ts >= %s and added_ts < %s",
            *OUTAGE,
        )
    )
    before = f"select callid, terminated_ts from g_call where terminated_ts < {OUTAGE[0]}"
    assert _rows(gapped, before) == _rows(complete, before)
    wrong_domain = _one(
        gapped,
        "select count(*) from g_call where (gsys_useq / 10000 >= %s) <> (gsys_domain > %s)",
        OUTAGE[1],
        RECONNECT_OFFSET,
    )
    assert wrong_domain == 0


def test_ha_needs_a_group_of_two_and_data_source_a_known_site() -> None:
    with pytest.raises(SimulationError, match="--ha: no HA group with two IDBs"):
        targets_from_config(validate({}, source=None), PARAMS, None, True)
    config = validate({"idb": [{"name": "x", "data-source": "SITE_Z"}]}, source=None)
    with pytest.raises(SimulationError, match="data-source 'SITE_Z': not a simulated site"):
        targets_from_config(config, PARAMS, None, False)


def test_an_icon_mm_idb_holds_the_multimedia_and_nothing_else(gim_home, tmp_path: Path) -> None:
    params = validated(
        agents=30, days=1, start=date(2026, 3, 8), seed=9, sites=2, media=("voice", "chat", "email")
    )
    config = validate(
        {
            "idb": [
                {"name": "voice_idb", "roles": ["ICON_CFG", "ICON_CORE"]},
                {"name": "mm_idb", "roles": ["ICON_MM"]},
            ]
        },
        source=None,
    )
    targets = targets_from_config(config, params, None, False)
    run_simulation(params, targets, tmp_path / "truth", echo=lambda _: None)
    uris = {target.name: target.uri for target in targets}
    media = {
        name: _rows(uri, "select distinct mediatype from g_call") for name, uri in uris.items()
    }
    assert media == {
        "voice_idb": {(MediaType.VOICE,)},
        "mm_idb": {(MediaType.CHAT,), (MediaType.EMAIL,)},
    }
    assert _rows(uris["mm_idb"], "select distinct ds_type from g_dss_gls_provider") == {
        (DataSourceType.INTERACTION_SERVER,)
    }
    assert _one(uris["mm_idb"], "select count(*) from g_login_session") > 0
    assert _one(uris["mm_idb"], "select count(*) from gc_agent") == 0, "no ICON_CFG role"


def test_an_icon_ocs_idb_holds_the_campaigns_and_the_core_idb_their_calls(
    gim_home, tmp_path: Path
) -> None:
    params = validated(
        agents=30, days=1, start=date(2026, 3, 8), seed=9, sites=2, media=("voice",), outbound=True
    )
    config = validate(
        {
            "idb": [
                {"name": "core_idb", "roles": ["ICON_CFG", "ICON_CORE"]},
                {"name": "ocs_idb", "roles": ["ICON_OCS"]},
            ]
        },
        source=None,
    )
    targets = targets_from_config(config, params, None, False)
    run_simulation(params, targets, tmp_path / "truth", echo=lambda _: None)
    uris = {target.name: target.uri for target in targets}
    chains = "select count(*) from go_chainrec_hist"
    outbound_calls = "select count(*) from g_call where calltype = %s"
    assert _one(uris["ocs_idb"], chains) > 0 == _one(uris["core_idb"], chains)
    assert _one(uris["core_idb"], outbound_calls, CallType.OUTBOUND) > 0
    assert _one(uris["ocs_idb"], "select count(*) from g_call") == 0
    linked = _rows(uris["ocs_idb"], "select callid from gox_chain_call")
    called = _rows(uris["core_idb"], "select callid from g_call")
    assert linked <= called
