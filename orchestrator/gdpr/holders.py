"""Where personal data lives in the Info Mart: every table with a text column whose `pii`
decision names a kind of personal data. The decisions are made once, on the columns: dbt column
`meta.pii` for the models, the IDB catalogue's `pii` for GIDB and Merge tables (copies of IDB
tables). Intermediate tables (scratch work of one transform) are matched on every text column.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import Catalogue
from ..gidb.schema import GIDB_TABLES
from . import kinds

#: Decisions that hold no personal data to find, or hold it on purpose (CTL_GDPR_HISTORY).
KEPT = "kept"
NOT_SEARCHED = (kinds.NONE, KEPT)


@dataclass(frozen=True)
class Holder:
    """One table and its columns that may hold personal data, with their kinds."""

    table: str
    columns: tuple[tuple[str, str], ...]

    def of_kinds(self, wanted: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple((column, kind) for column, kind in self.columns if kind in wanted)


def holders(catalogue: Catalogue) -> tuple[Holder, ...]:
    """Every model, GIDB and Merge table that may hold personal data, in a stable order."""
    found: dict[str, dict[str, str]] = {}
    for table, decisions in catalogue.pii_decisions.items():
        found[table] = {c: k for c, k in decisions.items() if k not in NOT_SEARCHED}
    for table in GIDB_TABLES:
        for name in filter(None, (table.name, table.merge_name)):
            found[name] = table.pii_columns
    return tuple(
        Holder(table, tuple(sorted(columns.items())))
        for table, columns in sorted(found.items())
        if columns
    )


def undecided(catalogue: Catalogue, text_columns: dict[str, list[str]]) -> list[str]:
    """`table.column` of each text column (`text_columns`, as the database has them) of a model
    or GIDB table that has no `pii` decision: a new column must say whether it holds personal
    data. Views and intermediate tables are left out (they read the others; scratch tables are
    matched on every text column)."""
    decided: dict[str, set[str]] = {t: set(d) for t, d in catalogue.pii_decisions.items()}
    for table in GIDB_TABLES:
        columns = {c.name for c in table.columns if c.pii is not None}
        for name in filter(None, (table.name, table.merge_name)):
            decided[name] = columns
    scratch = set(catalogue.scratch_tables)
    return sorted(
        f"{table}.{column}"
        for table, columns in text_columns.items()
        if table in decided and table not in scratch
        for column in columns
        if column not in decided[table]
    )
