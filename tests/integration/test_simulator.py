"""`gim simulate` on the embedded PostgreSQL: deterministic, consistent, and true to its ground truth."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from orchestrator import embedded
from orchestrator.idb.catalogue import TABLES
from orchestrator.idb.codes import (
    AgentState,
    AgentStateRecordType,
    CallChangeType,
    CallResult,
    CallType,
    CCEvent,
    DataSourceType,
    LinkType,
    MediaType,
    MergeType,
    PartyChangeType,
    PartyRole,
    PartyState,
    PartyType,
    ProviderTag,
    VirtualQueueResult,
)
from simulator.live import LiveIdb
from simulator.params import SimulationParams, validated
from simulator.run import SimulationResult, run_simulation
from simulator.targets import IdbTarget

pytestmark = pytest.mark.slow

SEEDS = (1, 2, 3)


#: The last seed also simulates chat and e-mail, so every invariant covers multimedia too.
MEDIA = {1: ("voice",), 2: ("voice",), 3: ("voice", "chat", "email")}
#: This seed also runs outbound campaigns.
OUTBOUND_SEED = 2


def _simulate(database: str, seed: int, truth: Path, agents: int = 30) -> SimulationResult:
    params = validated(
        agents=agents,
        days=1,
        start=date(2026, 3, 8),
        seed=seed,
        sites=2,
        media=MEDIA[seed],
        outbound=seed == OUTBOUND_SEED,
    )
    target = IdbTarget.with_every_role("idb", embedded.server_uri(database))
    return run_simulation(params, [target], truth, echo=lambda _: None)


@pytest.fixture(scope="module")
def simulated(gim_home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple]:
    """One IDB database per seed, with its result and ground-truth folder."""
    runs = {}
    for seed in SEEDS:
        truth = tmp_path_factory.mktemp(f"truth-{seed}")
        database = f"sim_seed_{seed}"
        runs[seed] = (embedded.server_uri(database), _simulate(database, seed, truth), truth)
    return runs


def _checksums(uri: str) -> dict[str, str]:
    with psycopg.connect(uri) as conn:
        return {
            table.name: conn.execute(
                f"select md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                f" from {table.name} as t"
            ).fetchone()[0]
            for table in TABLES
        }


def _truth(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_writes_the_same_idb_and_truth(simulated, tmp_path: Path) -> None:
    first_uri, _, first_truth = simulated[1]
    again = _simulate("sim_seed_1_again", 1, tmp_path)
    again_uri = embedded.server_uri("sim_seed_1_again")
    assert _checksums(again_uri) == _checksums(first_uri)
    for name in ("queue_intervals", "agent_intervals", "interactions", "manifest"):
        suffix = "json" if name == "manifest" else "csv"
        assert (tmp_path / f"{name}.{suffix}").read_bytes() == (
            first_truth / f"{name}.{suffix}"
        ).read_bytes()
    assert again.row_counts["idb"]["g_call"] > 300
    assert _checksums(simulated[2][0])["g_call"] != _checksums(first_uri)["g_call"]


@pytest.mark.parametrize("seed", SEEDS)
def test_party_histories_are_consistent_sequences(simulated, seed: int) -> None:
    uri = simulated[seed][0]
    with psycopg.connect(uri) as conn:
        broken = conn.execute(
            """
            with h as (
                select partyid, pseq, state, prevstate, changetype, added_ts, prevsenter_ts,
                    lag(state) over w as before_state, lag(added_ts) over w as before_ts,
                    row_number() over w as position, count(*) over (partition by partyid) as n,
                    exists (select from g_party as p where p.partyid = g_party_history.partyid
                        and p.terminated_ts is null) as active
                from g_party_history window w as (partition by partyid order by pseq)
            )
            select h.partyid, h.pseq from h
            where h.pseq <> h.position
                or (h.pseq = 1) <> (h.changetype = %(created)s)
                or (h.pseq = h.n and not h.active) <> (h.changetype in (%(terminated)s, %(moved)s))
                or (h.pseq > 1 and (h.prevstate <> h.before_state
                    or h.added_ts < h.before_ts or h.prevsenter_ts <> h.before_ts))
            """,
            {
                "created": PartyChangeType.CREATED,
                "terminated": PartyChangeType.TERMINATED,
                "moved": PartyChangeType.MOVED,
            },
        ).fetchall()
        mismatched = conn.execute(
            """
            select p.partyid from g_party as p
            join g_party_history as h on h.partyid = p.partyid
                and h.changetype in (%s, %s)
            where p.state <> h.state or p.terminated_ts <> h.added_ts
            """,
            (PartyChangeType.TERMINATED, PartyChangeType.MOVED),
        ).fetchall()
        parties, histories = conn.execute(
            "select (select count(*) from g_party),"
            " (select count(distinct partyid) from g_party_history)"
        ).fetchone()
    assert broken == [] and mismatched == []
    assert parties == histories > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_agent_states_cover_each_session_without_overlap(simulated, seed: int) -> None:
    with psycopg.connect(simulated[seed][0]) as conn:
        problems = conn.execute(
            """
            with s as (
                select h.loginsessionid, h.state, h.added_ts, h.seq,
                    row_number() over w as position, count(*) over (partition by h.loginsessionid)
                        as n,
                    lag(h.added_ts) over w as before_ts
                from g_agent_state_history as h
                where h.type = %(state_record)s
                window w as (partition by h.loginsessionid order by h.seq)
            )
            select ls.loginsessionid from g_login_session as ls
            left join s as first_state on first_state.loginsessionid = ls.loginsessionid
                and first_state.position = 1
            left join s as last_state on last_state.loginsessionid = ls.loginsessionid
                and last_state.position = last_state.n
            where first_state.added_ts is distinct from ls.created_ts
                or last_state.added_ts is distinct from ls.terminated_ts
                or last_state.state <> %(logged_out)s
                or exists (
                    select 1 from s
                    where s.loginsessionid = ls.loginsessionid and s.added_ts <= s.before_ts
                )
            """,
            {"state_record": AgentStateRecordType.STATE, "logged_out": AgentState.LOGGED_OUT},
        ).fetchall()
        sessions = conn.execute("select count(*) from g_login_session").fetchone()[0]
    assert sessions > 0 and problems == []


@pytest.mark.parametrize("seed", SEEDS)
def test_ground_truth_counts_equal_what_the_idb_rows_say(simulated, seed: int) -> None:
    uri, _, truth = simulated[seed]
    queues = _truth(truth, "queue_intervals")
    agents = _truth(truth, "agent_intervals")
    with psycopg.connect(uri) as conn:
        per_interval = {
            (str(row[0]), row[1]): (row[2], row[3])
            for row in conn.execute(
                """
                select vq.added_ts - vq.added_ts %% 900, vq.endpointdn, count(*),
                    count(*) filter (where vq.result = %s)
                from g_virtual_queue as vq group by 1, 2
                """,
                (VirtualQueueResult.ABANDONED,),
            )
        }
        answered = conn.execute(
            "select count(*) from g_party_history as h join g_party as p using (partyid)"
            " join g_call as c using (callid)"
            " where h.ccevent = %s and h.state = %s and p.prole = %s and c.calltype = %s",
            (CCEvent.ESTABLISHED, PartyState.CONNECTED, PartyRole.ROUTED_TO, CallType.INBOUND),
        ).fetchone()[0]
        login_seconds = conn.execute(
            "select sum(terminated_ts - created_ts) from g_login_session"
        ).fetchone()[0]
        not_ready_seconds = conn.execute(
            "select sum(reset_ts - set_ts) from g_agent_state_rc"
        ).fetchone()[0]
    assert per_interval == {
        (row["interval_start"], row["virtual_queue"]): (
            int(row["entered"]),
            int(row["abandoned_queued"]),
        )
        for row in queues
    }
    assert answered == sum(int(row["answered"]) for row in queues) > 0
    assert login_seconds == sum(int(row["login_seconds"]) for row in agents)
    assert not_ready_seconds == sum(int(row["not_ready_seconds"]) for row in agents)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_configuration_object_an_interaction_references_exists(simulated, seed: int) -> None:
    references = {
        "g_party.agentid": "select agentid from g_party where agentid is not null"
        " except select id from gc_agent",
        "g_party.endpointid": "select endpointid from g_party where endpointid <> 0"
        " except select id from gc_endpoint",
        "g_virtual_queue.endpointid": "select endpointid from g_virtual_queue"
        " except select id from gc_endpoint",
        "g_route_result.endpointid": "select endpointid from g_route_result"
        " except select id from gc_endpoint",
        "g_call.switchid": "select switchid from g_call except select id from gc_switch",
        "g_login_session.agentid": "select agentid from g_login_session"
        " except select id from gc_agent",
        "g_login_session.placeid": "select placeid from g_login_session"
        " except select id from gc_place",
        "g_login_session.loginid": "select loginid from g_login_session"
        " where loginid is not null except select id from gc_login",
        "gx_session_endpoint.queueid": "select queueid from gx_session_endpoint"
        " except select id from gc_endpoint",
        "g_agent_state_history.callid": "select callid from g_agent_state_history"
        " where callid is not null except select callid from g_call",
        "gcx_group_agent.groupid": "select groupid from gcx_group_agent"
        " except select id from gc_group",
        "gcx_skill_level.skillid": "select skillid from gcx_skill_level"
        " except select id from gc_skill",
    }
    with psycopg.connect(simulated[seed][0]) as conn:
        dangling = {name: conn.execute(query).fetchall() for name, query in references.items()}
    assert {name: rows for name, rows in dangling.items() if rows} == {}


def test_sequences_grow_with_time_and_seqcurrent_bounds_them(simulated) -> None:
    with psycopg.connect(simulated[1][0]) as conn:
        out_of_order = conn.execute(
            "select count(*) from g_call where gsys_useq < gsys_seq"
            " or gsys_seq / 10000 <> created_ts or gsys_useq / 10000 <> terminated_ts"
        ).fetchone()[0]
        above_current = conn.execute(
            "select count(*) from g_party_history as h, g_prov_control as pc"
            " where pc.providertag = %s and h.gsys_useq > pc.seqcurrent",
            (ProviderTag.GCC,),
        ).fetchone()[0]
    assert out_of_order == 0 and above_current == 0


def _rows_by_key(uri: str) -> dict[tuple, tuple[int | None, str]]:
    """(table, primary key...) -> (GSYS_USEQ, the row as text), for every IDB row."""
    rows = {}
    with psycopg.connect(uri) as conn:
        for table in TABLES:
            keys = ", ".join(table.primary_key)
            query = f"select {keys}, t.gsys_useq, t::text from {table.name} as t"
            for row in conn.execute(query):
                rows[(table.name, *row[:-2])] = (row[-2], row[-1])
    return rows


def test_until_writes_calls_in_flight_and_a_later_run_goes_on(gim_home, tmp_path: Path) -> None:
    def run(database: str, until: datetime | None) -> str:
        params = validated(
            agents=30,
            days=1,
            start=date(2026, 3, 8),
            seed=4,
            sites=2,
            media=("voice",),
            until=until,
        )
        uri = embedded.server_uri(database)
        target = IdbTarget.with_every_role("idb", uri)
        run_simulation(params, [target], tmp_path / database, echo=lambda _: None)
        return uri

    morning = datetime(2026, 3, 8, 10, 0, tzinfo=UTC)
    uri = run("sim_until", morning)
    at_morning = _rows_by_key(uri)
    bound = int(morning.timestamp()) * 10_000 + 9_999
    with psycopg.connect(uri) as conn:
        in_flight, late = conn.execute(
            "select count(*) filter (where terminated_ts is null),"
            " count(*) filter (where created_ts > %s or gsys_useq > %s) from g_call",
            (int(morning.timestamp()), bound),
        ).fetchone()
    assert in_flight > 0 and late == 0

    run("sim_until", datetime(2026, 3, 8, 14, 0, tzinfo=UTC))
    at_afternoon = _rows_by_key(uri)
    control = (
        "g_prov_control",
        "g_dss_cfg_provider",
        "g_dss_gcc_provider",
        "g_dss_gls_provider",
        "g_dss_gud_provider",
    )
    missing = [key for key in at_morning if key not in at_afternoon]
    rewritten = [
        key
        for key, (_, text) in at_morning.items()
        if key[0] not in control
        and key in at_afternoon
        and at_afternoon[key][1] != text
        and (at_afternoon[key][0] or 0) <= bound
    ]
    assert missing == []
    assert rewritten == [], "rows must only change when ICON updated them after the first clock"
    assert len(at_afternoon) > len(at_morning)

    run("sim_until", None)
    assert _checksums(uri) == _checksums(run("sim_until_full", None))


def test_a_live_idb_advanced_in_steps_equals_one_written_at_the_last_clock(
    gim_home, tmp_path: Path
) -> None:
    def params(until: datetime | None) -> SimulationParams:
        return validated(
            agents=30,
            days=1,
            start=date(2026, 3, 8),
            seed=6,
            sites=2,
            media=("voice", "chat"),
            outbound=True,
            until=until,
        )

    morning = int(datetime(2026, 3, 8, 10, 0, tzinfo=UTC).timestamp())
    live = LiveIdb(params(None), IdbTarget.with_every_role("idb", embedded.server_uri("sim_live")))
    live.start(morning, horizon=morning + 3600)
    changed = [live.advance(morning + step) for step in (60, 61, 900, 3600)]
    assert all(rows > 0 for rows in changed[::2]), "each step writes its changes"
    with pytest.raises(ValueError, match="only moves forward"):
        live.advance(morning)

    later = datetime.fromtimestamp(morning + 3600, UTC)
    target = IdbTarget.with_every_role("idb", embedded.server_uri("sim_live_once"))
    run_simulation(params(later), [target], tmp_path, echo=lambda _: None)
    assert _checksums(live.target.uri) == _checksums(target.uri)


@pytest.mark.parametrize("seed", SEEDS)
def test_calls_transferred_between_sites_are_linked_pairs(simulated, seed: int) -> None:
    uri, _, truth = simulated[seed]
    crossing = [
        row for row in _truth(truth, "interactions") if len(set(row["switches"].split(">"))) > 1
    ]
    with psycopg.connect(uri) as conn:
        pairs = conn.execute(
            """
            select o.linkid, oc.switchid, dc.switchid, oc.terminated_ts, dc.created_ts,
                o.remotelocation, ds.name
            from g_is_link as o
            join g_is_link as d on d.linkid = o.linkid and d.islinktype = %s
            join g_call as oc on oc.callid = o.callid
            join g_call as dc on dc.callid = d.callid
            join gc_switch as ds on ds.id = dc.switchid
            where o.islinktype = %s
            """,
            (LinkType.DESTINATION, LinkType.ORIGINATING),
        ).fetchall()
        links = conn.execute("select count(*) from g_is_link").fetchone()[0]
    assert 0 < len(pairs) == len(crossing) and links == 2 * len(pairs)
    for _, origin_switch, destination_switch, left, arrived, remote, remote_name in pairs:
        assert origin_switch != destination_switch and left == arrived
        assert remote == remote_name


@pytest.mark.parametrize("seed", SEEDS)
def test_consultations_are_child_calls_merged_as_the_truth_says(simulated, seed: int) -> None:
    uri, _, truth = simulated[seed]
    calls = _truth(truth, "interactions")
    with psycopg.connect(uri) as conn:
        consults = conn.execute(
            """
            select k.callid, k.mergetype, k.mergecallid = k.parentcallid,
                exists (select 1 from g_call_history as h
                        where h.callid = k.callid and h.changetype = %s),
                exists (select 1 from g_party as moved join g_party as joined
                            on joined.partyguid = moved.partyguid
                        where moved.callid = k.callid and joined.callid = k.parentcallid)
            from g_call as k join g_call as parent on parent.callid = k.parentcallid
            where k.calltype = %s
            """,
            (CallChangeType.MERGED, CallType.CONSULT),
        ).fetchall()
    merged = [row for row in consults if row[1] != MergeType.NONE]
    assert len(consults) == sum(int(row["consulted"]) for row in calls) > 0
    assert sum(row[1] == MergeType.CONFERENCE for row in consults) == sum(
        int(row["conference"]) for row in calls
    )
    assert merged and all(row[2] and row[3] and row[4] for row in merged)
    assert not any(row[2] or row[3] or row[4] for row in consults if row[1] == MergeType.NONE)


def test_chat_and_email_go_through_interaction_server_tables(simulated) -> None:
    uri, _, truth = simulated[3]
    by_media: dict[str, int] = {}
    for row in _truth(truth, "interactions"):
        calls_in_idb = len(set(row["switches"].split(">")))  # a transfer to another site: two
        by_media[row["media"]] = by_media.get(row["media"], 0) + calls_in_idb
    with psycopg.connect(uri) as conn:
        calls = dict(
            conn.execute(
                "select mediatype, count(*) from g_call where calltype <> %s group by 1",
                (CallType.CONSULT,),
            ).fetchall()
        )
        mm_parties = conn.execute(
            "select distinct p.type from g_party as p join g_call as c using (callid)"
            " where c.mediatype <> %s",
            (MediaType.VOICE,),
        ).fetchall()
        sessions = conn.execute(
            "select mediatype, count(*), count(loginid), count(switchid)"
            " from g_login_session group by 1 order by 1"
        ).fetchall()
        providers = {
            row[0]
            for row in conn.execute(
                "select ds_type from g_dss_gcc_provider union select ds_type from g_dss_gls_provider"
            )
        }
    assert calls == {
        MediaType.VOICE: by_media["voice"],
        MediaType.CHAT: by_media["chat"],
        MediaType.EMAIL: by_media["email"],
    }
    assert set(mm_parties) == {
        (PartyType.EXTERNAL,),
        (PartyType.MM_INTERACTION_QUEUE,),
        (PartyType.MM_PLACE,),
    }
    voice, chat, email = sessions
    assert voice[1] == voice[2] == voice[3] > 0
    assert chat[2] == chat[3] == email[2] == email[3] == 0 < chat[1]
    assert providers == {DataSourceType.T_SERVER, DataSourceType.INTERACTION_SERVER}


def test_outbound_attempts_link_chains_calls_and_results_as_the_truth_says(simulated) -> None:
    uri, _, truth = simulated[OUTBOUND_SEED]
    expected = _truth(truth, "outbound_intervals")
    results = ("answer", "no_answer", "busy", "answering_machine", "fax", "sit_detected")
    with psycopg.connect(uri) as conn:
        by_result = dict(
            conn.execute("select callresult, count(*) from go_chainrec_hist group by 1").fetchall()
        )
        unlinked = conn.execute(
            """
            select h.callattid from go_chainrec_hist as h
            left join gox_chain_call as x on x.callattid = h.callattid
            left join g_call as c on c.callid = x.callid and c.calltype = %s
            where c.callid is null
            """,
            (CallType.OUTBOUND,),
        ).fetchall()
        connected = conn.execute(
            "select count(*) from g_party as p join g_call as c using (callid)"
            " where c.calltype = %s and p.prole = %s",
            (CallType.OUTBOUND, PartyRole.ROUTED_TO),
        ).fetchone()[0]
        gaps = conn.execute(
            "select chainguid from go_chainrec_hist group by chainguid"
            " having max(seq) <> count(*) or min(seq) <> 1"
        ).fetchall()
        metric_attempts, loads = conn.execute(
            "select (select sum(metricvalue) from go_metrics where metricname = 'Attempts'),"
            " (select count(*) from go_campaign)"
        ).fetchone()
        ocs = conn.execute(
            "select count(*) from g_dss_gos_provider where ds_type = %s", (DataSourceType.OCS,)
        ).fetchone()[0]
    assert by_result == {
        CallResult[name.upper()]: total
        for name in results
        if (total := sum(int(row[name]) for row in expected))
    }
    assert unlinked == [] and gaps == []
    assert connected == sum(int(row["connected"]) for row in expected) > 0
    assert metric_attempts == sum(int(row["attempts"]) for row in expected)
    assert loads == 2 and ocs == 2


@pytest.mark.parametrize("seed", SEEDS)
def test_natural_keys_identify_every_row(simulated, seed: int) -> None:
    """Extraction keys GIDB rows by them, so they must be unique in every table."""
    duplicated = {}
    with psycopg.connect(simulated[seed][0]) as conn:
        for table in TABLES:
            if not table.natural_key:
                continue
            keys = ", ".join(table.natural_key)
            count = conn.execute(
                f"select count(*) from (select {keys} from {table.name}"
                f" group by {keys} having count(*) > 1) as d"
            ).fetchone()[0]
            if count:
                duplicated[table.name] = count
    assert duplicated == {}
