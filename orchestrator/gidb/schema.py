"""GIDB: the Info Mart's copy of the IDB tables, derived from the IDB contract.

A GIDB table is its IDB table without the `_TCODE` columns and the ICON-internal system columns
(GSYS_PARTITION, GSYS_SEQ, GSYS_USEQ, GSYS_TS, GSYS_TC), plus DATA_SOURCE_KEY (which IDB or HA
group it came from), START_DATE_TIME_KEY (the 15-minute interval its first moment falls in),
CREATE_AUDIT_KEY and, for rows that change, UPDATE_AUDIT_KEY. Its key is DATA_SOURCE_KEY plus the
table's natural key. Voice and multimedia rows of the shared tables go to `_V` and `_MM` tables.

Voice interaction rows (ICON_CORE's calls, parties, histories, queues, routing, links and user
data) first land in a Merge table of the same shape (`MRG_<table>_V`), where calls linked across
sites or by parent and merge call IDs are given one root interaction ID before they move to GIDB
(`orchestrator/extract/merge.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from ..idb.catalogue import TABLES
from ..idb.schema_model import Column, Table

DROPPED_SYSTEM_COLUMNS = frozenset(
    {"gsys_partition", "gsys_seq", "gsys_useq", "gsys_ts", "gsys_tc"}
)
#: Moments whose presence means ICON updates the row after inserting it.
UPDATED_MOMENTS = frozenset({"terminated", "lastchange", "deleted", "removed", "reset"})
#: Providers whose tables hold both voice and multimedia rows, split into _V and _MM copies.
SPLIT_PROVIDERS = frozenset({"gcc", "gls", "gud"})
#: Tables with no moment of their own take their write and start times from a parent row:
#: (parent table, linking column, parent's write-time column, parent's start-time column).
WRITE_TIME_FROM = {"g_call_userdata": ("g_call", "callid", "lastchange_ts", "created_ts")}
#: Providers whose voice rows pass through the Merge tables (interactions and their user data).
MERGED_PROVIDERS = frozenset({"gcc", "gud"})
#: How a merged row finds its call: the column it shares with G_CALL, or with G_PARTY
#: (G_PARTY_HISTORY, by PARTYID). Tables not listed carry CALLID.
MERGE_PARENT = {"g_ir": "irid", "g_ir_history": "irid", "g_party_history": "partyid"}

_TYPES = {"bigserial": "bigint"}


@dataclass(frozen=True)
class GidbTable:
    """One GIDB table and the IDB table it copies."""

    name: str
    source: Table
    #: "voice", "mm" or None (tables that are not split by medium).
    medium: str | None
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    updated: bool

    @property
    def merge_name(self) -> str | None:
        """The Merge table voice rows land in before they move here; None: copied directly."""
        if self.medium != "voice" or self.source.provider not in MERGED_PROVIDERS:
            return None
        return f"mrg_{self.source.name}_v"

    @property
    def landing_name(self) -> str:
        """Where extraction writes this table's rows: its Merge table, or itself."""
        return self.merge_name or self.name

    @property
    def merge_parent(self) -> str:
        """The column that ties a merged row to its call (see MERGE_PARENT)."""
        return MERGE_PARENT.get(self.source.name, "callid")

    @property
    def moments(self) -> tuple[str, ...]:
        """The source's epoch columns of its time triples, in table order (not PREVSENTER)."""
        names = {column.name for column in self.source.columns}
        return tuple(
            c.name
            for c in self.source.columns
            if c.name.endswith("_ts")
            and c.name.removesuffix("_ts") in names
            and c.name != "prevsenter_ts"
        )

    @property
    def pii_columns(self) -> dict[str, str]:
        """Its text columns that may hold personal data, with their kind (orchestrator.gdpr)."""
        return {c.name: c.pii for c in self.columns if c.pii not in (None, "none")}

    @property
    def copied_columns(self) -> tuple[str, ...]:
        """IDB columns copied as they are."""
        return tuple(column.name for column in self.source.columns if _kept(column))


def _kept(column: Column) -> bool:
    return column.name not in DROPPED_SYSTEM_COLUMNS and not column.name.endswith("_tcode")


def _gidb_table(source: Table, medium: str | None) -> GidbTable:
    suffix = {"voice": "_v", "mm": "_mm", None: ""}[medium]
    key_columns = set(source.natural_key)
    copied = tuple(
        Column(
            c.name,
            _TYPES.get(c.type, c.type),
            c.doc,
            mandatory=c.mandatory or c.name in key_columns,
            codes=c.codes,
            pii=c.pii,
        )
        for c in source.columns
        if _kept(c)
    )
    updated = any(c.name in UPDATED_MOMENTS for c in source.columns)
    extra = (
        Column("data_source_key", "integer", "Data source (IDB or HA group) → CTL_DS.", True),
        Column("start_date_time_key", "bigint", "15-minute interval of the first moment.", False),
        Column("create_audit_key", "bigint", "CTL_AUDIT_LOG.AUDIT_KEY of the first copy.", True),
    )
    if updated:
        extra += (
            Column("update_audit_key", "bigint", "CTL_AUDIT_LOG.AUDIT_KEY of the last copy.", True),
        )
    return GidbTable(
        name=f"gidb_{source.name}{suffix}",
        source=source,
        medium=medium,
        columns=copied + extra,
        key=("data_source_key", *source.natural_key),
        updated=updated,
    )


def gidb_tables() -> tuple[GidbTable, ...]:
    """Every GIDB table, in catalogue order."""
    result: list[GidbTable] = []
    for source in TABLES:
        if source.provider == "icon":
            continue
        if source.provider in SPLIT_PROVIDERS:
            result += [_gidb_table(source, "voice"), _gidb_table(source, "mm")]
        else:
            result.append(_gidb_table(source, None))
    return tuple(result)


GIDB_TABLES = gidb_tables()
GIDB_BY_NAME = {table.name: table for table in GIDB_TABLES}


#: Indexes the merge looks rows up by, beyond the keys: (table, columns). Calls by IRID in both
#: places: G_IR's rows find their call there, once per row moved (without them a backlog's merge
#: is quadratic).
MERGE_LOOKUPS = (
    ("gidb_g_call_v", ("data_source_key", "irid")),
    ("mrg_g_call_v", ("data_source_key", "irid")),
    ("gidb_g_is_link_v", ("linkid",)),
    ("mrg_g_is_link_v", ("linkid",)),
)


#: Indexes Job_TransformGIM looks rows up by, beyond the keys: a party's call, the queue stays
#: that distributed a party, a routing-point party's route results; a call's root.
TRANSFORM_LOOKUPS = tuple(
    (f"{table}_{medium}", columns)
    for table, columns in (
        ("gidb_g_party", ("data_source_key", "callid")),
        ("gidb_g_virtual_queue", ("data_source_key", "distpartyid")),
        ("gidb_g_route_result", ("data_source_key", "partyid")),
    )
    for medium in ("v", "mm")
)
TRANSFORM_EXPRESSIONS = tuple(
    (f"gidb_g_call_{medium}", "coalesce(rootirid, irid)") for medium in ("v", "mm")
)


def key_constraint(name: str) -> str:
    """The name of a GIDB or Merge table's key: its primary key, or, once the table is
    partitioned, the unique constraint that adds START_DATE_TIME_KEY to it (partitions/tables.py);
    extraction's upserts name it rather than its columns, so they work on both."""
    return f"{name}_pkey"


def last_audit_key_sql(table: GidbTable) -> str:
    """The audit key of a row's last copy, as the staging models compute it (last_audit_key())."""
    return "coalesce(update_audit_key, create_audit_key)" if table.updated else "create_audit_key"


def create_statements(schema: str) -> list[sql.Composed]:
    """`create table if not exists` for every GIDB and Merge table (key included), the indexes the
    merge looks rows up by, and those Job_TransformGIM finds a run's rows by: the last audit key
    (so a cycle reads what it has not transformed yet without scanning the history) and its
    lookups."""
    statements = []
    for table in GIDB_TABLES:
        statements.append(_create(schema, table.name, table))
        statements.append(_index(schema, table.name, last_audit_key_sql(table), "lak"))
        if table.merge_name is not None:
            statements.append(_create(schema, table.merge_name, table))
            if table.merge_parent not in table.key[1:2]:
                lookup = ("data_source_key", table.merge_parent)
                statements.append(_index(schema, table.merge_name, lookup))
    statements += [_index(schema, name, columns) for name, columns in MERGE_LOOKUPS]
    statements += [_index(schema, name, columns) for name, columns in TRANSFORM_LOOKUPS]
    statements += [
        _index(schema, name, expression, "root") for name, expression in TRANSFORM_EXPRESSIONS
    ]
    return statements


def _create(schema: str, name: str, table: GidbTable) -> sql.Composed:
    columns = [
        sql.SQL("{} {}{}").format(
            sql.Identifier(column.name),
            sql.SQL(column.type),
            sql.SQL(" not null" if column.mandatory else ""),
        )
        for column in table.columns
    ]
    columns.append(
        sql.SQL("constraint {} primary key ({})").format(
            sql.Identifier(key_constraint(name)), sql.SQL(", ").join(map(sql.Identifier, table.key))
        )
    )
    return sql.SQL("create table if not exists {}.{} ({})").format(
        sql.Identifier(schema), sql.Identifier(name), sql.SQL(", ").join(columns)
    )


def _index(
    schema: str, table: str, terms: tuple[str, ...] | str, suffix: str | None = None
) -> sql.Composed:
    """`create index if not exists` on columns (a tuple, named after them) or on one SQL
    expression (a string, named `<table>_<suffix>`)."""
    if isinstance(terms, str):
        indexed, name = sql.SQL("({})").format(sql.SQL(terms)), f"{table}_{suffix}"
    else:
        indexed = sql.SQL(", ").join(map(sql.Identifier, terms))
        name = f"{table}_{suffix or '_'.join(terms)}"
    return sql.SQL("create index if not exists {} on {}.{} ({})").format(
        sql.Identifier(name), sql.Identifier(schema), sql.Identifier(table), indexed
    )
