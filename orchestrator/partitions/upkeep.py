"""What Job_InitializeGIM and Job_MaintainGIM do to partitions: the first set (and the conversion
of an unpartitioned Info Mart), then `partitioning-ahead-range` days of them kept ahead, and the
DEFAULT partition's rows given a partition of their own."""

from __future__ import annotations

from datetime import datetime

import psycopg

from ..catalogue import Catalogue
from ..config import Config
from ..db import jobs_kept_out, relation_exists
from ..errors import GimError
from . import tables
from .layout import AHEAD_OPTION, PartitionedTable, partitioned_tables

#: The jobs a conversion keeps out: they write the tables it rebuilds.
KEPT_OUT = ("Job_ExtractICON", "Job_TransformGIM", "Job_AggregateGIM")


def first_set(
    conn: psycopg.Connection,
    uri: str,
    schema: str,
    catalogue: Catalogue,
    config: Config,
    now: datetime,
) -> list[str]:
    """Job_InitializeGIM with partitioning enabled: the model tables created partitioned from
    their contracts, every unpartitioned one converted, then the partitions ahead. Summary lines."""
    tables.refuse_old_server(conn)
    layout = partitioned_tables(catalogue)
    present = tables.partitioned(conn, schema)
    models = {model.table: model for model in catalogue.partitioned_models}
    lines = []
    for table in layout:
        if table.table in models and not relation_exists(conn, schema, table.table):
            model = models[table.table]
            with conn.transaction():
                tables.create_partitioned(
                    conn, schema, model.table, model.column, model.columns, model.indexes
                )
            present.add(table.table)
    unpartitioned = [table for table in layout if table.table not in present]
    if unpartitioned:
        lines.append(_convert(conn, uri, schema, catalogue, config, unpartitioned))
    created, moved = keep_ahead(conn, schema, layout, config, now)
    lines.append(
        f"partitions: {len(layout)} tables partitioned, {created} partitions created"
        + (f" ({moved} rows moved out of DEFAULT partitions)" if moved else "")
    )
    return lines


def keep_ahead(
    conn: psycopg.Connection,
    schema: str,
    layout: tuple[PartitionedTable, ...],
    config: Config,
    now: datetime,
) -> tuple[int, int]:
    """For each partitioned table of `layout`: a partition for every range from the one `now` is
    in to `partitioning-ahead-range` days ahead, and for every range the DEFAULT partition holds
    rows of. The partitions created and the rows moved."""
    present = tables.partitioned(conn, schema)
    ahead_until = int(now.timestamp()) + config[f"gim-etl.{AHEAD_OPTION}"] * 86400
    created = moved = 0
    for table in layout:
        if table.table not in present:
            continue
        width = table.width(config)
        existing = [p for p in tables.partitions(conn, schema, table.table) if not p.is_default]
        first = int(now.timestamp()) // width * width
        wanted = set(range(first, ahead_until, width))
        wanted |= set(tables.default_ranges(conn, schema, table.table, table.column, width))
        for lower in sorted(wanted):
            if _overlaps(existing, lower, width):
                continue
            _, rows = tables.add_partition(conn, schema, table.table, table.column, lower, width)
            created += 1
            moved += rows
    return created, moved


def unpartitioned(conn: psycopg.Connection, schema: str, catalogue: Catalogue) -> list[str]:
    """The tables partitioning-enabled partitions that are not (yet): `gim init` converts them."""
    present = tables.partitioned(conn, schema)
    return [
        table.table
        for table in partitioned_tables(catalogue)
        if table.table not in present and relation_exists(conn, schema, table.table)
    ]


def _overlaps(existing: list[tables.Partition], lower: int, width: int) -> bool:
    """Whether an existing partition (this range's, or one made under another width) covers part
    of the range [lower, lower + width)."""
    return any(p.lower < lower + width and lower < p.upper for p in existing)


def _convert(
    conn: psycopg.Connection,
    uri: str,
    schema: str,
    catalogue: Catalogue,
    config: Config,
    layout: list[PartitionedTable],
) -> str:
    foreign = sorted(
        {
            view
            for table in layout
            for view in tables.dependent_views(conn, schema, table.table)
            if not catalogue.is_model(view)
        }
    )
    if foreign:
        raise GimError(
            f"partitioning {len(layout)} tables would drop views Info Mart does not build: "
            f"{', '.join(foreign)}; drop them, run gim init again, then create them again"
        )
    copied = 0
    with jobs_kept_out(uri, KEPT_OUT, "converting to partitioned tables rewrites what it writes"):
        for table in layout:
            rows, _ = tables.convert(conn, schema, table.table, table.column, table.width(config))
            copied += rows
    return (
        f"converted {len(layout)} unpartitioned tables ({copied} rows); the views on them come"
        " back when their job next runs"
    )
