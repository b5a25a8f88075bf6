"""Which tables partitioning-enabled partitions, by which column and how wide: the guide's "Fact
tables and associated indexes in GIDB and the dimensional model are partitioned. Configuration
object tables, configuration relationship fact tables, and dimension tables are not."

GIDB's fact tables (those purged by days-to-keep-gidb-facts) go by START_DATE_TIME_KEY, voice
ones partitioning-interval-size-gidb wide, multimedia ones -gidb-mm, outbound ones -gidb-ocs; the
model tables as their `meta.partition` says (Catalogue.partitioned_models).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import Catalogue
from ..config import Config
from ..gidb import retention
from ..gidb.schema import GIDB_TABLES, GidbTable

ENABLED_OPTION = "partitioning-enabled"
AHEAD_OPTION = "partitioning-ahead-range"
GIDB_COLUMN = "start_date_time_key"
OUTBOUND_PROVIDER = "gos"


@dataclass(frozen=True)
class PartitionedTable:
    """A table range-partitioned by `column` (UTC epoch seconds), `interval_option` wide."""

    table: str
    column: str
    interval_option: str

    def width(self, config: Config) -> int:
        """The partitions' width in seconds."""
        return config[f"gim-etl.{self.interval_option}"]


def gidb_interval_option(table: GidbTable) -> str:
    """The option a GIDB fact table's partitions are sized by."""
    if table.source.provider == OUTBOUND_PROVIDER:
        return "partitioning-interval-size-gidb-ocs"
    if table.medium == "mm":
        return "partitioning-interval-size-gidb-mm"
    return "partitioning-interval-size-gidb"


def partitioned_tables(catalogue: Catalogue) -> tuple[PartitionedTable, ...]:
    """Every table partitioning-enabled partitions: GIDB's facts, then the model tables."""
    gidb = tuple(
        PartitionedTable(table.name, GIDB_COLUMN, gidb_interval_option(table))
        for table in GIDB_TABLES
        if retention.retention_option(table) == retention.GIDB_FACTS_OPTION
    )
    models = tuple(
        PartitionedTable(model.table, model.column, model.interval_option)
        for model in catalogue.partitioned_models
    )
    return gidb + models


def enabled(config: Config) -> bool:
    return bool(config[f"gim-etl.{ENABLED_OPTION}"])
