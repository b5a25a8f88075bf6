"""What the dbt project declares, read from its parsed manifest: which models each job builds, and
each aggregate's hierarchy, level and source level. dbt is the one place these are written (tags
in dbt_project.yml, `meta` set by macros/aggregates.sql); Python never keeps a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import yaml

from .paths import PROJECT_DIR

#: dbt selectors of each job's models (tags set in dbt_project.yml).
TAG_CONTROL = "tag:control"
TAG_INITIALIZE = "tag:initialize"
TAG_TRANSFORM = "tag:transform"
TAG_AGGREGATE = "tag:aggregate"
#: What the dbt docs site covers: every table and view Info Mart builds.
DOCUMENTED_TAGS = (TAG_CONTROL, TAG_INITIALIZE, TAG_TRANSFORM, TAG_AGGREGATE)

#: Models Python reads by name.
DATE_TIME = "date_time"
#: The 15-minute intervals an aggregation run rebuilds.
AGGREGATE_PENDING = "int_agg_pending_intervals"
#: Where a transform finds what it cannot take as it is, by [error-policy] category.
TRANSFORM_ERRORS_FOUND = "int_transform_errors_found"
#: The errors the policies discard, before they are recorded in STG_TRANSFORM_DISCARDS.
TRANSFORM_DISCARDS_FOUND = "int_transform_discards_found"


@cache
def dbt_project_var(name: str) -> Any:
    """A var's default in dbt_project.yml (as YAML reads it), for names dbt owns and Python also
    uses."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"][name]


@dataclass(frozen=True)
class PurgeRule:
    """How Job_MaintainGIM purges one model's table, as its `meta.purge` declares it: rows whose
    `age` moment (UTC epoch seconds) is older than the [gim-etl] `option`'s days."""

    table: str
    option: str
    age: str
    #: Only completed facts (ACTIVE_FLAG 0, where the table has it).
    completed: bool = False
    #: (table, columns): a row goes only once no row of that table shares its columns (the row it
    #: belongs to, or the rows that belong to it) is left; that table is purged first.
    follows: tuple[str, tuple[str, ...]] | None = None
    #: (columns, ordering column): the newest row of each group is kept (a mark jobs read).
    keep_newest: tuple[tuple[str, ...], str] | None = None
    #: Audit rows: kept while any table still carries their key.
    unless_referenced: bool = False

    @classmethod
    def from_meta(cls, table: str, meta: dict[str, Any]) -> PurgeRule:
        follows = meta.get("follows")
        keep = meta.get("keep_newest")
        return cls(
            table=table,
            option=meta["option"],
            age=meta["age"],
            completed=bool(meta.get("completed", False)),
            follows=(follows["table"], tuple(follows["on"])) if follows else None,
            keep_newest=(tuple(keep["per"]), keep["by"]) if keep else None,
            unless_referenced=bool(meta.get("unless_referenced", False)),
        )


@dataclass(frozen=True)
class PartitionedModel:
    """A model's table partitioned by range of `column` when partitioning is enabled, as its
    `meta.partition` declares it, with its enforced contract (the table is created before dbt
    first builds it)."""

    table: str
    column: str
    #: The [gim-etl] option of the partitions' width in seconds.
    interval_option: str
    #: (name, data type, not null) of each column, in contract order.
    columns: tuple[tuple[str, str, bool], ...]
    #: The columns of each index the model's config asks for.
    indexes: tuple[tuple[str, ...], ...]

    @classmethod
    def from_node(cls, node: Any) -> PartitionedModel:
        meta = node.config.meta["partition"]
        return cls(
            table=node.name,
            column=meta["column"],
            interval_option=meta["interval"],
            columns=tuple(
                (
                    name,
                    column.data_type,
                    any(c.type == "not_null" for c in column.constraints),
                )
                for name, column in node.columns.items()
            ),
            indexes=tuple(tuple(index["columns"]) for index in node.config.get("indexes") or ()),
        )


@dataclass(frozen=True)
class Aggregate:
    """One AG2_<HIERARCHY>_<LEVEL> table, as its model's meta declares it."""

    name: str
    hierarchy: str
    level: str
    summed_from: str | None
    level_order: int


class Catalogue:
    """The project's models as one parsed manifest holds them."""

    def __init__(self, manifest: Any) -> None:
        self._models = [node for node in manifest.nodes.values() if node.resource_type == "model"]
        self._models.sort(key=lambda node: node.name)

    def is_model(self, name: str) -> bool:
        """Whether the project builds a relation of that name."""
        return any(node.name == name for node in self._models)

    def _tagged(self, selector: str) -> list[Any]:
        tag = selector.removeprefix("tag:")
        return [node for node in self._models if tag in node.tags]

    def _tables(self, selector: str) -> tuple[str, ...]:
        return tuple(
            node.name for node in self._tagged(selector) if node.config.materialized != "view"
        )

    @cached_property
    def control_tables(self) -> tuple[str, ...]:
        """The control tables Job_InitializeGIM creates empty (CTL_*, STG_*)."""
        return self._tables(TAG_CONTROL)

    @cached_property
    def admin_views(self) -> tuple[str, ...]:
        """The ADMIN_* views over them."""
        return tuple(
            node.name for node in self._tagged(TAG_CONTROL) if node.config.materialized == "view"
        )

    @cached_property
    def fixed_dimensions(self) -> tuple[str, ...]:
        """The dimensions Job_InitializeGIM loads from seeds (all it builds but DATE_TIME)."""
        return tuple(name for name in self._tables(TAG_INITIALIZE) if name != DATE_TIME)

    @cached_property
    def transform_tables(self) -> tuple[str, ...]:
        """The public tables Job_TransformGIM writes (dimensions and facts, under models/marts/)."""
        return tuple(
            node.name
            for node in self._tagged(TAG_TRANSFORM)
            if node.fqn[1] == "marts" and node.config.materialized != "view"
        )

    @cached_property
    def transform_facts(self) -> tuple[str, ...]:
        """The event facts among them: interactions, agent activity, outbound, their user data
        (models/marts/facts/, less the configuration relationship facts)."""
        return tuple(
            node.name
            for node in self._tagged(TAG_TRANSFORM)
            if node.fqn[1:3] == ["marts", "facts"]
            and node.fqn[3] != "configuration"
            and node.config.materialized != "view"
        )

    @cached_property
    def exported_tables(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What Job_ExportGIM exports, the dimensional model's fact and dimension tables
        (models/marts/facts/ and dimensions/), each with the key dbt replaces its rows by (its
        `unique_key`; none: rows are only ever added)."""
        exported = []
        for node in self._models:
            if node.fqn[1:3] in (["marts", "facts"], ["marts", "dimensions"]) and (
                node.config.materialized != "view"
            ):
                key = node.config.unique_key or ()
                exported.append((node.name, (key,) if isinstance(key, str) else tuple(key)))
        return tuple(exported)

    @cached_property
    def purge_rules(self) -> tuple[PurgeRule, ...]:
        """Every table Job_MaintainGIM purges by its model's `meta.purge`, each after the table
        it follows, the audit log (kept while anything carries its keys) last."""
        pending = {
            node.name: PurgeRule.from_meta(node.name, node.config.meta["purge"])
            for node in self._models
            if "purge" in node.config.meta and node.config.materialized != "view"
        }
        ordered: list[PurgeRule] = []
        while pending:
            ready = [
                rule
                for rule in pending.values()
                if rule.follows is None or rule.follows[0] not in pending
            ]
            if not ready:
                raise ValueError(f"purge rules depend on each other in a circle: {list(pending)}")
            ordered += ready
            for rule in ready:
                del pending[rule.table]
        return tuple(sorted(ordered, key=lambda rule: rule.unless_referenced))

    @cached_property
    def purged_facts(self) -> tuple[str, ...]:
        """The event facts Job_MaintainGIM purges: the aggregates of what it removed can no longer
        be rebuilt."""
        return tuple(rule.table for rule in self.purge_rules if rule.table in self.transform_facts)

    @cached_property
    def partitioned_models(self) -> tuple[PartitionedModel, ...]:
        """The model tables partitioning-enabled partitions (`meta.partition`)."""
        return tuple(
            PartitionedModel.from_node(node)
            for node in self._models
            if node.config.meta.get("partition") and node.config.materialized != "view"
        )

    @cached_property
    def pii_decisions(self) -> dict[str, dict[str, str]]:
        """Each model table's columns' `meta.pii` decisions (orchestrator.gdpr.kinds), by table."""
        return {
            node.name: {
                name: column.meta["pii"]
                for name, column in node.columns.items()
                if "pii" in column.meta
            }
            for node in self._models
            if node.config.materialized != "view"
        }

    @cached_property
    def scratch_tables(self) -> tuple[str, ...]:
        """The intermediate models kept as tables: what one transform or aggregation run works
        on, rebuilt by the next (models/intermediate/)."""
        return tuple(
            node.name
            for node in self._models
            if node.fqn[1] == "intermediate" and node.config.materialized != "view"
        )

    @cached_property
    def aggregates(self) -> tuple[Aggregate, ...]:
        """Every AG2_* table, by hierarchy, then from the finest level up."""
        found = [
            Aggregate(node.name, **node.config.meta["aggregate"])
            for node in self._tagged(TAG_AGGREGATE)
            if "aggregate" in node.config.meta
        ]
        hierarchies = sorted({each.hierarchy for each in found})
        return tuple(sorted(found, key=lambda a: (hierarchies.index(a.hierarchy), a.level_order)))

    @cached_property
    def aggregate_tables(self) -> tuple[str, ...]:
        return tuple(each.name for each in self.aggregates)

    @cached_property
    def aggregate_hierarchies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(each.hierarchy for each in self.aggregates))

    @cached_property
    def aggregate_levels(self) -> tuple[str, ...]:
        """The levels, finest first."""
        ordered = sorted(self.aggregates, key=lambda each: each.level_order)
        return tuple(dict.fromkeys(each.level for each in ordered))

    def aggregate(self, hierarchy: str, level: str) -> Aggregate | None:
        for each in self.aggregates:
            if (each.hierarchy, each.level) == (hierarchy, level):
                return each
        return None
