"""The voice merge: calls that make one customer interaction get one root interaction ID, then
move from the Merge tables into GIDB, in one transaction.

Calls belong together when one is the other's consultation (PARENTCALLID), merged into it
(MERGECALLID), or the other side of an inter-site link (the same G_IS_LINK.LINKID, on either
IDB). A group's root is the ROOTIRID of its earliest call, unless one of its calls is tied to a
call already in GIDB, whose root it then keeps. A group moves once every call in it has
terminated (ICON_CORE takes completed interactions only) and each of its links has found its
partner. A link still without one waits until the newest voice data extracted is
`merge-wait-threshold` seconds past the link's last change; the group then moves without it, and
the partner, when it comes, joins the root already published.

Moved rows carry the merge's audit key. Rows of the other Merge tables move with their call (by
CALLID, IRID, or PARTYID for party history), or at once when their call is already in GIDB. A
row whose call (or party) is in neither place after the same wait is a broken reference: it is
recorded in STG_IDB_FK_VIOLATION and moved as it is, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..control.discards import record_fk_violations
from ..db import qualified
from ..gidb.schema import GIDB_TABLES, GidbTable
from .copy import upsert_sql

#: The Merge tables, calls first (their moving set decides the others').
MERGED_TABLES = sorted(
    (table for table in GIDB_TABLES if table.merge_name is not None),
    key=lambda table: table.source.name != "g_call",
)
_BY_SOURCE = {table.source.name: table for table in MERGED_TABLES}
#: Where a merged row's parent lives, by the column that ties them: (IDB table, column).
_PARENTS = {
    "callid": ("g_call", "callid"),
    "irid": ("g_call", "irid"),
    "partyid": ("g_party", "partyid"),
}
#: A row reaches GIDB when the merge moves it: it carries the merge's audit key, not its chunk's,
#: which a transform may already have passed while the row waited (for its call to end, or for a
#: linked partner).
_AUDIT_COLUMNS = frozenset({"create_audit_key", "update_audit_key"})
#: The temporary table listing moving parents, by tying column.
_MOVING = {"callid": "merge_moving", "irid": "merge_moving", "partyid": "merge_moving_party"}


@dataclass(frozen=True)
class MergeResult:
    moved_calls: int
    waiting_calls: int
    unpaired_links: int
    rows: dict[str, int]
    fk_violations: int
    #: The 15-minute intervals the moved rows start in (0, 0: none moved).
    start_keys: tuple[int, int] = (0, 0)


def merge_voice(
    mart: psycopg.Connection,
    schema: str,
    *,
    wait_seconds: int,
    data_clock: int,
    job_id: str,
    audit_key: int,
) -> MergeResult:
    """Merge and move what is complete, inside `mart`'s open transaction."""
    merge = _Merge(mart, schema)
    for table in MERGED_TABLES:  # freshly loaded: the planner needs their sizes
        mart.execute(sql.SQL("analyze {}").format(qualified(schema, table.landing_name)))
    merge.drop_stale_copies()
    merge.group_calls()
    unpaired = merge.choose_moving(wait_seconds, data_clock)
    rows: dict[str, int] = {}
    violations = 0
    firsts, lasts = [], []
    for table in MERGED_TABLES:
        rows[table.name], found, (first, last) = merge.move(
            table, wait_seconds, data_clock, job_id, audit_key
        )
        violations += found
        if first is not None:
            firsts.append(first)
            lasts.append(last)
    moved, waiting = mart.execute(
        "select count(*), (select count(*) from merge_node) - count(*) from merge_moving"
    ).fetchone()
    start_keys = (min(firsts, default=0), max(lasts, default=0))
    return MergeResult(moved, waiting, unpaired, rows, violations, start_keys)


def _columns(alias: str, names: tuple[str, ...]) -> sql.Composable:
    return sql.SQL(", ").join(
        sql.SQL("{}.{}").format(sql.Identifier(alias), sql.Identifier(name)) for name in names
    )


class _Merge:
    def __init__(self, mart: psycopg.Connection, schema: str) -> None:
        self.mart = mart
        self.schema = schema

    def _q(self, name: str) -> sql.Composed:
        return qualified(self.schema, name)

    def _run(self, statement: str, **names: str) -> int:
        """Execute `statement` with `{name}` placeholders bound to schema-qualified tables."""
        composed = sql.SQL(statement).format(**{k: self._q(v) for k, v in names.items()})
        return self.mart.execute(composed).rowcount

    def _index(self, temporary: str, *column_lists: str) -> None:
        """Index a temporary table just filled, and give the planner its size (autovacuum never
        analyses temporary tables)."""
        for columns in column_lists:
            self.mart.execute(sql.SQL(f"create index on {temporary} ({columns})"))
        self.mart.execute(sql.SQL(f"analyze {temporary}"))

    def drop_stale_copies(self) -> None:
        """A copy GIDB holds as new or newer (a lagging HA partner's) is not merged again."""
        for table in MERGED_TABLES:
            key = sql.SQL(" and ").join(
                sql.SQL("g.{0} = t.{0}").format(sql.Identifier(column)) for column in table.key
            )
            newer = sql.SQL("")
            if table.updated and table.moments:
                newer = sql.SQL(" and greatest({}) >= greatest({})").format(
                    _columns("g", table.moments), _columns("t", table.moments)
                )
            self.mart.execute(
                sql.SQL("delete from {} as t where exists (select from {} as g where {}{})").format(
                    self._q(table.landing_name), self._q(table.name), key, newer
                )
            )

    def group_calls(self) -> None:
        """Label every call in the Merge tables with its group: the least node ID reachable."""
        self._run(
            "create temp table merge_node on commit drop as"
            " select c.data_source_key, c.callid, c.irid, c.rootirid, c.parentcallid,"
            " c.mergecallid, c.created_ts, c.state = 2 as terminated,"
            " c.data_source_key::text || ':' || c.callid as node,"
            " c.data_source_key::text || ':' || c.callid as grp"
            " from {calls} as c",
            calls="mrg_g_call_v",
        )
        self._index("merge_node", "data_source_key, callid", "node")
        self._run(
            "create temp table merge_edge on commit drop as"
            " select n.node as a, p.node as b from merge_node as n join merge_node as p"
            " on p.data_source_key = n.data_source_key and p.callid = n.parentcallid"
            " where p.callid <> n.callid"
            " union"
            " select n.node, p.node from merge_node as n join merge_node as p"
            " on p.data_source_key = n.data_source_key and p.callid = n.mergecallid"
            " where p.callid <> n.callid"
            " union"
            " select n1.node, n2.node from {links} as l1"
            " join {links} as l2 on l2.linkid = l1.linkid"
            " and (l2.data_source_key, l2.callid) <> (l1.data_source_key, l1.callid)"
            " join merge_node as n1"
            " on (n1.data_source_key, n1.callid) = (l1.data_source_key, l1.callid)"
            " join merge_node as n2"
            " on (n2.data_source_key, n2.callid) = (l2.data_source_key, l2.callid)",
            links="mrg_g_is_link_v",
        )
        self.mart.execute("insert into merge_edge select b, a from merge_edge")
        self._index("merge_edge", "a")
        while self.mart.execute(
            "update merge_node as n set grp = m.grp from ("
            " select e.a, min(o.grp) as grp from merge_edge as e"
            " join merge_node as o on o.node = e.b group by e.a"
            ") as m where n.node = m.a and m.grp < n.grp"
        ).rowcount:
            pass

    def choose_moving(self, wait_seconds: int, data_clock: int) -> int:
        """Fill merge_moving (calls with their root) and merge_moving_party; return how many
        links move without their partner."""
        # Roots already published: a call tied to a GIDB call (its own earlier copy, its parent,
        # the call it merged into, or the other side of its link).
        self._run(
            "create temp table merge_anchor on commit drop as"
            " select n.grp, g.rootirid from merge_node as n"
            " join {calls} as g on g.data_source_key = n.data_source_key and g.callid = n.callid"
            " union all"
            " select n.grp, g.rootirid from merge_node as n"
            " join {calls} as g"
            " on g.data_source_key = n.data_source_key and g.callid = n.parentcallid"
            " union all"
            " select n.grp, g.rootirid from merge_node as n"
            " join {calls} as g"
            " on g.data_source_key = n.data_source_key and g.callid = n.mergecallid"
            " union all"
            " select n.grp, g.rootirid from merge_node as n"
            " join {mrg_links} as l"
            " on (l.data_source_key, l.callid) = (n.data_source_key, n.callid)"
            " join {links} as p on p.linkid = l.linkid"
            " and (p.data_source_key, p.callid) <> (l.data_source_key, l.callid)"
            " join {calls} as g"
            " on (g.data_source_key, g.callid) = (p.data_source_key, p.callid)",
            calls="gidb_g_call_v",
            mrg_links="mrg_g_is_link_v",
            links="gidb_g_is_link_v",
        )
        self._run(
            "create temp table merge_unpaired on commit drop as"
            " select n.grp, max(greatest(l.initiated_ts, l.terminated_ts, l.lastchange_ts))"
            " as waiting_since, count(*) as links"
            " from {mrg_links} as l join merge_node as n"
            " on (n.data_source_key, n.callid) = (l.data_source_key, l.callid)"
            " where not exists (select from {mrg_links} as p where p.linkid = l.linkid"
            " and (p.data_source_key, p.callid) <> (l.data_source_key, l.callid))"
            " and not exists (select from {links} as p where p.linkid = l.linkid"
            " and (p.data_source_key, p.callid) <> (l.data_source_key, l.callid))"
            " group by n.grp",
            mrg_links="mrg_g_is_link_v",
            links="gidb_g_is_link_v",
        )
        self.mart.execute(
            "create temp table merge_moving on commit drop as"
            " select n.data_source_key, n.callid, n.irid,"
            " coalesce(a.rootirid, g.first_root) as root from merge_node as n"
            " join (select grp, bool_and(terminated) as terminated,"
            " (array_agg(rootirid order by created_ts, node))[1] as first_root"
            " from merge_node group by grp) as g on g.grp = n.grp"
            " left join (select grp, min(rootirid) as rootirid from merge_anchor group by grp)"
            " as a on a.grp = n.grp"
            " left join merge_unpaired as u on u.grp = n.grp"
            " where g.terminated and (u.grp is null or u.waiting_since + %s <= %s)",
            (wait_seconds, data_clock),
        )
        self._index("merge_moving", "data_source_key, callid", "data_source_key, irid")
        self._run(
            "create temp table merge_moving_party on commit drop as"
            " select p.data_source_key, p.partyid from {parties} as p"
            " join merge_moving as m"
            " on (m.data_source_key, m.callid) = (p.data_source_key, p.callid)",
            parties="mrg_g_party_v",
        )
        self._index("merge_moving_party", "data_source_key, partyid")
        return self.mart.execute(
            "select coalesce(sum(u.links), 0) from merge_unpaired as u"
            " where exists (select from merge_moving as m join merge_node as n"
            " on (n.data_source_key, n.callid) = (m.data_source_key, m.callid)"
            " where n.grp = u.grp)"
        ).fetchone()[0]

    def move(
        self,
        table: GidbTable,
        wait_seconds: int,
        data_clock: int,
        job_id: str,
        audit_key: int,
    ) -> tuple[int, int, tuple[int | None, int | None]]:
        """Move `table`'s rows whose call moves or is already in GIDB, and its broken references
        once they have waited long enough; return (rows moved, broken references, the first and
        last intervals they start in)."""
        tie = table.merge_parent
        parent_table, parent_column = _PARENTS[tie]
        moving = sql.Identifier(_MOVING[tie])
        parent_gidb = self._q(_BY_SOURCE[parent_table].name)
        parent_mrg = self._q(_BY_SOURCE[parent_table].landing_name)
        tied = sql.SQL("(m.data_source_key = t.data_source_key and m.{tie} = t.{tie})").format(
            tie=sql.Identifier(tie)
        )
        in_parent = sql.SQL(
            "(p.data_source_key = t.data_source_key and p.{column} = t.{tie})"
        ).format(column=sql.Identifier(parent_column), tie=sql.Identifier(tie))
        condition = sql.SQL("exists (select from {} as m where {})").format(moving, tied)
        if table.source.name != "g_call":
            condition += sql.SQL(" or exists (select from {} as p where {})").format(
                parent_gidb, in_parent
            )
        broken = sql.SQL("false")
        if table.source.name != "g_call" and table.moments:
            broken = sql.SQL(
                "not exists (select from {mrg} as p where {in_parent})"
                " and not exists (select from {gidb} as p where {in_parent})"
                " and greatest({moments}) + {wait} <= {clock}"
            ).format(
                mrg=parent_mrg,
                gidb=parent_gidb,
                in_parent=in_parent,
                moments=_columns("t", table.moments),
                wait=sql.Literal(wait_seconds),
                clock=sql.Literal(data_clock),
            )
        merge_table = self._q(table.landing_name)
        self.mart.execute("drop table if exists merge_out")
        self.mart.execute(
            sql.SQL(
                "create temp table merge_out on commit drop as"
                " select *, false as broken from {} limit 0"
            ).format(merge_table)
        )
        self.mart.execute(
            sql.SQL(
                "with moved as (delete from {mrg} as t where ({condition}) or ({broken})"
                " returning t.*, ({broken}) as broken) insert into merge_out select * from moved"
            ).format(mrg=merge_table, condition=condition, broken=broken)
        )
        key_text = sql.SQL(" || '/' || ").join(
            sql.SQL("t.{}::text").format(sql.Identifier(column)) for column in table.key[1:]
        )
        found = record_fk_violations(
            self.mart,
            self.schema,
            job_id=job_id,
            audit_key=audit_key,
            idb_table=table.source.name,
            idb_column=tie,
            referenced_table=parent_table,
            row_key=key_text,
            rows=sql.SQL("merge_out as t where t.broken"),
        )
        values = sql.SQL(", ").join(
            self._root_of(table) + sql.SQL(" as rootirid")
            if column.name == "rootirid"
            else sql.SQL("{}::bigint as {}").format(
                sql.Literal(audit_key), sql.Identifier(column.name)
            )
            if column.name in _AUDIT_COLUMNS
            else sql.SQL("t.{}").format(sql.Identifier(column.name))
            for column in table.columns
        )
        source = sql.SQL("(select {} from merge_out as t) as s").format(values)
        moved = self.mart.execute(upsert_sql(self.schema, table, source, table.name)).rowcount
        first, last = self.mart.execute(
            "select min(start_date_time_key), max(start_date_time_key) from merge_out"
        ).fetchone()
        return moved, found, (first, last)

    def _root_of(self, table: GidbTable) -> sql.Composable:
        """The merged root of a G_CALL or G_IR row."""
        tie = "callid" if table.source.name == "g_call" else "irid"
        return sql.SQL(
            "coalesce((select min(m.root) from merge_moving as m where {tied}),"
            " (select min(g.rootirid) from {calls} as g"
            " where g.data_source_key = t.data_source_key and g.{tie} = t.{tie}), t.rootirid)"
        ).format(
            tied=sql.SQL("m.data_source_key = t.data_source_key and m.{tie} = t.{tie}").format(
                tie=sql.Identifier(tie)
            ),
            calls=self._q("gidb_g_call_v"),
            tie=sql.Identifier(tie),
        )
