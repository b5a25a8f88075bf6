"""Views a run need not rebuild: their definitions, from the manifest.

A view changes only with the project's code, yet `dbt run --select tag:transform` recreates every
view, each at dbt's fixed cost per node: a third of a steady cycle's transform nodes. A job
leaves out the views whose definition is the one CTL_VIEW_DEFINITION recorded when it last built
them, and records the views it builds (orchestrator/control/views.py). A view whose SQL or macros
read the run's vars (changed_since_last_transform: the run's audit keys) or the environment is
built on every run.
"""

from __future__ import annotations

import hashlib
from typing import Any

#: Jinja that makes a view's SQL depend on the run rather than on the code.
RUN_DEPENDENT = ("var(", "env_var(", "invocation_id", "run_started_at")


def view_definitions(manifest: Any, selector: str) -> dict[str, str | None]:
    """Each view model a `tag:<name>` selector selects: the SHA-256 of its SQL, the macros it
    calls (transitively), its relation and config. None for a view every run must build: one
    that reads the run's vars or environment, or one reading a view or table dbt replaces in the
    run (dbt drops the old relation with CASCADE, and the views on it with it)."""
    hashes: dict[str, str | None] = {}

    def definition(node: Any) -> str | None:
        if node.unique_id not in hashes:
            hashes[node.unique_id] = _definition(manifest, node, definition)
        return hashes[node.unique_id]

    return {
        node.name: definition(node)
        for node in manifest.nodes.values()
        if _is_view(node) and selector in [f"tag:{tag}" for tag in node.tags]
    }


def _is_view(node: Any) -> bool:
    return node.resource_type == "model" and node.config.materialized == "view"


def _definition(manifest: Any, node: Any, definition: Any) -> str | None:
    for parent_id in node.depends_on.nodes:
        parent = manifest.nodes.get(parent_id)
        if parent is None or parent.resource_type != "model":
            continue  # a source or seed: not replaced by a run
        if parent.config.materialized == "table":
            return None
        if _is_view(parent) and definition(parent) is None:
            return None
    texts = [node.raw_code, *_macro_texts(manifest, node.depends_on.macros)]
    if any(marker in text for text in texts for marker in RUN_DEPENDENT):
        return None
    digest = hashlib.sha256()
    for text in [node.database or "", node.schema, node.alias, repr(node.config.to_dict()), *texts]:
        digest.update(text.encode())
    return digest.hexdigest()


def _macro_texts(manifest: Any, macro_ids: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    pending = list(macro_ids)
    while pending:
        macro = manifest.macros.get(pending.pop())
        if macro is None or macro.unique_id in seen:
            continue
        seen[macro.unique_id] = macro.macro_sql
        pending.extend(macro.depends_on.macros)
    return [seen[key] for key in sorted(seen)]


def excluding(selectors: tuple[str, ...]) -> tuple[str, ...]:
    """dbt arguments leaving `selectors` out of a run (none when there are none)."""
    return ("--exclude", *selectors) if selectors else ()
