"""The voice merge: a call transferred between sites, each site in its own IDB, ends in GIDB as
one interaction (one root IRID), whether its partner comes in the same run or later."""

from __future__ import annotations

import csv

import psycopg
import pytest
from idb_scenarios import data_source_key, extract, simulate, write_late_row
from psycopg import sql

from orchestrator.config import Config, validate
from orchestrator.db import idb_uri
from orchestrator.idb.codes import CallType

pytestmark = pytest.mark.slow

SITE_A = {"name": "mg_site_a", "data-source": "SITE_A"}
SITE_B = {"name": "mg_site_b", "data-source": "SITE_B", "roles": ["ICON_CORE"]}


def _config(*idbs: dict, wait: int | None = None) -> Config:
    options = {"idb": list(idbs)}
    if wait is not None:
        options["gim-etl"] = {"merge-wait-threshold": wait}
    return validate(options, source=None)


def _linked_calls(config: Config, idb: str) -> set[str]:
    """CALLIDs of the calls in `idb` that crossed to or from the other site."""
    with psycopg.connect(idb_uri(config, idb)) as conn:
        return {row[0] for row in conn.execute("select callid from g_is_link")}


def _count(conn: psycopg.Connection, table: str, key: int, callids: set[str]) -> int:
    return conn.execute(
        sql.SQL(
            "select count(*) from gim.{} where data_source_key = %s and callid = any(%s)"
        ).format(sql.Identifier(table)),
        (key, list(callids)),
    ).fetchone()[0]


@pytest.fixture(scope="module")
def merged(initialized, dbt_project, uri, tmp_path_factory) -> dict:
    """Site A extracted alone (its linked calls first wait, then go without partners), then
    both sites."""
    truth = tmp_path_factory.mktemp("merge-truth")
    both = _config(SITE_A, SITE_B)
    simulate(both, None, truth, seed=23)
    linked_a = _linked_calls(both, "mg_site_a")
    with psycopg.connect(uri, autocommit=True) as conn:
        extract(_config(SITE_A, wait=86400), dbt_project)
        key_a = data_source_key(conn, "mg_site_a")
        waiting = _count(conn, "mrg_g_call_v", key_a, linked_a)
        published_early = _count(conn, "gidb_g_call_v", key_a, linked_a)
        summary = extract(_config(SITE_A, wait=0), dbt_project)
        published_alone = _count(conn, "gidb_g_call_v", key_a, linked_a)
        extract(both, dbt_project)
        left = sum(
            conn.execute(
                sql.SQL("select count(*) from gim.{}").format(sql.Identifier(table))
            ).fetchone()[0]
            for (table,) in conn.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'gim' and table_name like 'mrg\\_%%'"
            ).fetchall()
        )
    with open(truth / "interactions.csv", newline="", encoding="utf-8") as rows:
        interactions = [row for row in csv.DictReader(rows) if row["media"] == "voice"]
    return {
        "linked_a": linked_a,
        "waiting": waiting,
        "published_early": published_early,
        "published_alone": published_alone,
        "summary": summary,
        "left": left,
        "interactions": interactions,
    }


def test_a_linked_call_waits_for_its_partner_while_the_threshold_allows(merged) -> None:
    assert len(merged["linked_a"]) > 5
    assert merged["waiting"] == len(merged["linked_a"])
    assert merged["published_early"] == 0


def test_past_the_threshold_it_moves_without_its_partner(merged) -> None:
    assert merged["published_alone"] == len(merged["linked_a"])
    merge_line = next(line for line in merged["summary"] if line.startswith("merge:"))
    assert f"{len(merged['linked_a'])} links moved without their partner" in merge_line


def test_each_transfer_between_sites_ends_under_one_root(merged, conn) -> None:
    pairs = conn.execute(
        "select l.linkid, count(*), count(distinct c.rootirid), count(distinct c.data_source_key)"
        " from gim.gidb_g_is_link_v as l join gim.gidb_g_call_v as c"
        " on (c.data_source_key, c.callid) = (l.data_source_key, l.callid)"
        " join gim.ctl_ds as d on d.data_source_key = l.data_source_key"
        " where d.data_source_name like 'mg\\_%%' group by l.linkid"
    ).fetchall()
    assert len(pairs) == len(merged["linked_a"])
    assert {(legs, roots, sources) for _, legs, roots, sources in pairs} == {(2, 1, 2)}


def test_one_root_per_simulated_voice_interaction(merged, conn) -> None:
    roots = conn.execute(
        "select count(distinct c.rootirid) from gim.gidb_g_call_v as c"
        " join gim.ctl_ds as d on d.data_source_key = c.data_source_key"
        " where d.data_source_name like 'mg\\_%%' and c.calltype <> %s",
        (CallType.OUTBOUND,),
    ).fetchone()[0]
    assert roots == len(merged["interactions"])
    assert merged["left"] == 0


def test_g_ir_rows_carry_their_calls_root(merged, conn) -> None:
    mismatched = conn.execute(
        "select count(*) from gim.gidb_g_ir_v as r join gim.gidb_g_call_v as c"
        " on (c.data_source_key, c.irid) = (r.data_source_key, r.irid)"
        " join gim.ctl_ds as d on d.data_source_key = c.data_source_key"
        " where d.data_source_name like 'mg\\_%%' and r.rootirid <> c.rootirid"
    ).fetchone()[0]
    assert mismatched == 0


def test_a_row_whose_party_never_comes_is_recorded_and_still_moved(
    merged, dbt_project, conn
) -> None:
    config = _config(SITE_A, wait=0)
    write_late_row(
        config,
        "mg_site_a",
        "insert into g_party_history (phid, partyid, pseq, cseq, changetype, added, added_ts,"
        " gsys_domain, gsys_seq, gsys_useq) values (999999, 'NOSUCHPARTY', 1, 1, 1,"
        " to_timestamp(%s), %s, %s, 0, 0)",
    )
    extract(config, dbt_project)
    recorded = conn.execute(
        "select idb_table, idb_column, referenced_table, referenced_value, row_key"
        " from gim.stg_idb_fk_violation where referenced_value = 'NOSUCHPARTY'"
    ).fetchall()
    assert recorded == [("g_party_history", "partyid", "g_party", "NOSUCHPARTY", "NOSUCHPARTY/1")]
    kept = conn.execute(
        "select count(*) from gim.gidb_g_party_history_v where partyid = 'NOSUCHPARTY'"
    ).fetchone()[0]
    assert kept == 1
