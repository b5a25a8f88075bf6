"""Purge by retention (Job_MaintainGIM): each table group by its days-to-keep option, counted back
from the job's clock. Which model tables go by which rule is their `meta.purge` in dbt
(Catalogue.purge_rules); GIDB's rules are orchestrator/gidb/retention.py. Aggregates and
dimensions are never purged. The deletes run in bounded batches (control/purges.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from ..calendar import interval_of
from ..catalogue import Catalogue, PurgeRule
from ..config import Config
from ..control import purges
from ..gidb import retention
from ..gidb.schema import GIDB_TABLES
from ..partitions import tables

#: Rows a purge deletes in one transaction: short enough not to hold ETL and report queries up.
BATCH_SIZE = 5000
ACTIVE_OPTION = "days-to-keep-active-facts"
#: Temporary table of the audit keys stored rows still carry (built once a run).
REFERENCED_AUDIT_KEYS = "gim_referenced_audit_keys"


@dataclass(frozen=True)
class Purge:
    """One table's purge: rows `condition` (alias `t`) selects, older than `before_ts`."""

    table: str
    option: str
    before_ts: int
    condition: sql.Composable
    #: (table, column) of the audit keys stored rows carry, which the condition reads (collected
    #: into a temporary table before it runs); empty for every other table.
    audit_carriers: tuple[tuple[str, str], ...] = ()
    #: The moment column the cut-off applies to (where the carriers are read).
    age: str = ""


def cutoff(config: Config, option: str, now: datetime) -> int:
    """UTC epoch seconds of `now` less the [gim-etl] option's days, at a 15-minute boundary."""
    return interval_of(int(now.timestamp()) - config[f"gim-etl.{option}"] * 86400)


def purge_plan(
    conn: psycopg.Connection, schema: str, catalogue: Catalogue, config: Config, now: datetime
) -> list[Purge]:
    """Every table's purge, in the order they run: GIDB, then the model tables (a table another
    follows first, the audit log last)."""
    columns = _columns(conn, schema)
    active_since = cutoff(config, ACTIVE_OPTION, now)
    plan = []
    for table in GIDB_TABLES:
        option = retention.retention_option(table)
        if option is None or table.name not in columns:
            continue
        before = cutoff(config, option, now)
        condition = retention.purge_condition(schema, table, before, active_since)
        plan.append(Purge(table.name, option, before, condition))
    for rule in catalogue.purge_rules:
        if rule.table in columns:
            before = cutoff(config, rule.option, now)
            condition = _condition(schema, rule, before, columns[rule.table])
            carriers = _audit_carriers(columns, catalogue) if rule.unless_referenced else ()
            plan.append(Purge(rule.table, rule.option, before, condition, carriers, rule.age))
    return plan


def purge_all(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    plan: list[Purge],
    echo: Callable[[str], None],
    batch_size: int = BATCH_SIZE,
    max_batches: int | None = None,
) -> dict[str, int]:
    """Run the plan; rows deleted per table (tables with none left out). `max_batches` (tests):
    stop after that many batches in all, as a run killed between two would."""
    deleted: dict[str, int] = {}
    remaining = max_batches
    partitioned = tables.partitioned(conn, schema)
    for each in plan:
        if remaining is not None and remaining <= 0:
            break
        if each.audit_carriers:
            _collect_referenced_audit_keys(conn, schema, each)
        dropped, relations = 0, None
        if each.table in partitioned:
            dropped = _drop_purged_partitions(conn, schema, job_id, each, echo)
            relations = _partitions_below(conn, schema, each)
        rows, batches = purges.purge_in_batches(
            conn,
            schema,
            job_id,
            each.table,
            each.condition,
            each.before_ts,
            batch_size,
            remaining,
            relations,
        )
        if remaining is not None:
            remaining -= batches
        if rows:
            cut = datetime.fromtimestamp(each.before_ts, UTC)
            echo(f"{each.table}: {rows} rows before {cut:%Y-%m-%d %H:%M} UTC")
        if rows + dropped:
            deleted[each.table] = rows + dropped
    return deleted


def _partitions_below(conn: psycopg.Connection, schema: str, each: Purge) -> list[str]:
    """The partitions of `each.table` that may hold rows to purge: DEFAULT and those starting
    before the cut-off (a table is partitioned by its rows' start, which no age precedes)."""
    return [
        part.name
        for part in tables.partitions(conn, schema, each.table)
        if part.lower is None or part.lower < each.before_ts
    ]


def _drop_purged_partitions(
    conn: psycopg.Connection, schema: str, job_id: str, each: Purge, echo: Callable[[str], None]
) -> int:
    """Drop the partitions of `each.table` below the cut-off whose rows may all go (the guide:
    "partitions that contain only completed and artificially terminated fact data that is
    eligible to be purged"); the rows they held. The rest goes row by row."""
    dropped_rows = 0
    for part in tables.partitions(conn, schema, each.table):
        if part.upper is None or part.upper > each.before_ts:
            continue
        rows = purges.drop_if_all_purged(
            conn, schema, job_id, each.table, part.name, each.condition, each.before_ts
        )
        if rows is not None:
            dropped_rows += rows
            echo(f"{each.table}: partition {part.name} dropped ({rows} rows)")
    return dropped_rows


def _condition(
    schema: str, rule: PurgeRule, before: int, table_columns: set[str]
) -> sql.Composable:
    age = sql.Identifier("t", rule.age)
    terms: list[sql.Composable] = [
        sql.SQL("{} is not null and {} < {}").format(age, age, sql.Literal(before))
    ]
    if rule.completed and "active_flag" in table_columns:
        terms.append(sql.SQL("t.active_flag = 0"))
    if rule.follows is not None:
        table, on = rule.follows
        terms.append(
            sql.SQL("not exists (select 1 from {} as f where {})").format(
                sql.Identifier(schema, table),
                sql.SQL(" and ").join(
                    sql.SQL("f.{} = t.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in on
                ),
            )
        )
    if rule.keep_newest is not None:
        per, by = rule.keep_newest
        same_group = [
            sql.SQL("n.{} is not distinct from t.{}").format(sql.Identifier(c), sql.Identifier(c))
            for c in per
        ]
        terms.append(
            sql.SQL("exists (select 1 from {} as n where {})").format(
                sql.Identifier(schema, rule.table),
                sql.SQL(" and ").join(
                    [
                        *same_group,  # one newest row per group, however many tie
                        sql.SQL("(n.{}, n.ctid) > (t.{}, t.ctid)").format(
                            sql.Identifier(by), sql.Identifier(by)
                        ),
                    ]
                ),
            )
        )
    if rule.unless_referenced:
        terms.append(
            sql.SQL(
                "not exists (select 1 from pg_temp.{} as r where r.audit_key = t.audit_key)"
            ).format(sql.Identifier(REFERENCED_AUDIT_KEYS))
        )
    return sql.SQL(" and ").join(terms)


def _audit_carriers(
    columns: dict[str, set[str]], catalogue: Catalogue
) -> tuple[tuple[str, str], ...]:
    """The audit-key columns of the schema's tables, aggregates aside: an aggregate row's keys
    name the run that last rebuilt it, lineage nobody needs once that run's history is gone."""
    return tuple(
        (table, column)
        for table, names in sorted(columns.items())
        if table not in catalogue.aggregate_tables
        for column in ("create_audit_key", "update_audit_key")
        if column in names
    )


def _collect_referenced_audit_keys(conn: psycopg.Connection, schema: str, audit: Purge) -> None:
    """The audit keys, among those of audit rows older than the purge's cut-off, that a stored
    row still carries (nothing to read when no audit row is that old)."""
    newest_candidate = conn.execute(
        sql.SQL("select max(t.audit_key) from {} as t where t.{} < %s").format(
            sql.Identifier(schema, audit.table), sql.Identifier(audit.age)
        ),
        (audit.before_ts,),
    ).fetchone()[0]
    selects = [
        sql.SQL("select {column} from {table} where {column} <= {newest}").format(
            column=sql.Identifier(column),
            table=sql.Identifier(schema, table),
            newest=sql.Literal(newest_candidate),
        )
        for table, column in audit.audit_carriers
    ]
    found = (
        sql.SQL(" union ").join(selects)
        if newest_candidate is not None
        else sql.SQL("select null::bigint")
    )
    conn.execute(
        sql.SQL("drop table if exists pg_temp.{}").format(sql.Identifier(REFERENCED_AUDIT_KEYS))
    )
    conn.execute(
        sql.SQL(
            "create temporary table {} as select distinct k as audit_key from ({}) as x(k)"
        ).format(sql.Identifier(REFERENCED_AUDIT_KEYS), found)
    )


def _columns(conn: psycopg.Connection, schema: str) -> dict[str, set[str]]:
    """The base tables of `schema` (a partitioned one as one table) and their columns."""
    found: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "select c.relname, a.attname from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        " where n.nspname = %s and c.relkind in ('r', 'p') and not c.relispartition",
        (schema,),
    ):
        found.setdefault(table, set()).add(column)
    return found
