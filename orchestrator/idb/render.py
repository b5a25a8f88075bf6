"""Render the IDB catalogue as the PostgreSQL DDL file, the table sections of docs/idb.md and the
dbt macro that names code values in SQL (macros/idb_codes.sql).

`python -m orchestrator.idb.render` rewrites all three; tests/unit/test_idb_contract.py fails when a
committed file differs from what the catalogue renders.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import PROJECT_DIR
from .catalogue import PROVIDERS, TABLES
from .codes import DOMAINS
from .schema_model import Table

DDL_PATH = Path(__file__).with_name("schema.sql")
DOC_PATH = PROJECT_DIR / "docs" / "idb.md"
CODES_MACRO_PATH = PROJECT_DIR / "macros" / "idb_codes.sql"
BEGIN = "<!-- BEGIN GENERATED: python -m orchestrator.idb.render -->"
END = "<!-- END GENERATED -->"


def _create_table(table: Table) -> str:
    width = max(len(column.name) for column in table.columns)
    lines = [
        f"    {column.name.ljust(width)} {column.type}{' not null' if column.mandatory else ''},"
        for column in table.columns
    ]
    lines.append(f"    primary key ({', '.join(table.primary_key)})")
    header = f"-- {table.name.upper()} ({table.provider}): {table.doc}"
    return "\n".join([header, f"create table if not exists {table.name} (", *lines, ");"])


def ddl() -> str:
    """The whole IDB schema, PostgreSQL."""
    head = (
        "-- The IDB contract (PostgreSQL): every table and column the Info Mart reads.\n"
        "-- Rendered from orchestrator/idb/catalogue.py by `python -m orchestrator.idb.render`:\n"
        "-- edit the catalogue, not this file. Meanings and code values: docs/idb.md.\n"
    )
    return head + "\n" + "\n\n".join(_create_table(table) for table in TABLES) + "\n"


def _table_section(table: Table) -> list[str]:
    lines = [f"### {table.name.upper()}", "", table.doc]
    if table.inferred:
        lines += ["", "Columns beyond the reference notes are ours [INF]."]
    if table.natural_key:
        key = ", ".join(column.upper() for column in table.natural_key)
        lines += ["", f"Identified in any IDB by: {key} (ours)."]
    lines += ["", "| column | type | null | meaning |", "|---|---|---|---|"]
    for column in table.columns:
        codes = f" Codes: [{column.codes}](#{column.codes})." if column.codes else ""
        meaning = column.doc + codes
        null = "not null" if column.mandatory else "null"
        lines.append(f"| {column.name.upper()} | {column.type} | {null} | {meaning} |")
    return [*lines, ""]


def _domain_section(name: str) -> list[str]:
    domain = next(d for d in DOMAINS if d.name == name)
    source = "the original's values" if domain.known else "ours: the original's are not public"
    lines = [f"### {name}", "", f"{domain.meaning} Values: {source}.", "", "| value | meaning |"]
    lines.append("|---|---|")
    lines += [f"| {code.value} | {code.name} |" for code in domain.codes]
    return [*lines, ""]


def doc_tables() -> str:
    """The generated part of docs/idb.md: tables by provider, then code domains."""
    lines = [BEGIN, ""]
    for provider, meaning in PROVIDERS.items():
        lines += [f"## Tables: {provider}, {meaning}", ""]
        for table in (t for t in TABLES if t.provider == provider):
            lines += _table_section(table)
    lines += ["## Code values", ""]
    for domain in DOMAINS:
        lines += _domain_section(domain.name)
    return "\n".join([*lines, END])


def doc_with_tables(current: str) -> str:
    """docs/idb.md with its generated part replaced (appended when absent)."""
    if BEGIN in current and END in current:
        before, rest = current.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        return before + doc_tables() + after
    return current.rstrip() + "\n\n" + doc_tables() + "\n"


def codes_macro() -> str:
    """`idb_code(domain, name)`: a code value by name, so models never spell a bare number."""
    lines = [
        "{#-",
        "    IDB code values by name: {{ idb_code('agent_state', 'READY') }} renders 3.",
        "    Rendered from orchestrator/idb/codes.py by `python -m orchestrator.idb.render`:",
        '    edit codes.py, not this file. Meanings: docs/idb.md, "Code values".',
        "-#}",
        "{% macro idb_code(domain, name) %}",
        "    {%- set codes = {",
    ]
    for index, domain in enumerate(DOMAINS):
        values = ", ".join(f"'{code.name}': {code.value}" for code in domain.codes)
        comma = "," if index < len(DOMAINS) - 1 else ""
        lines.append(f"        '{domain.name}': {{{values}}}{comma}")
    lines += [
        "    } -%}",
        "    {%- if domain not in codes or name not in codes[domain] -%}",
        "        {{ exceptions.raise_compiler_error("
        "'idb_code: no code ' ~ name ~ ' in domain ' ~ domain) }}",
        "    {%- endif -%}",
        "    {{- codes[domain][name] -}}",
        "{% endmacro %}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    DDL_PATH.write_text(ddl(), encoding="utf-8")
    CODES_MACRO_PATH.write_text(codes_macro(), encoding="utf-8")
    current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
    DOC_PATH.write_text(doc_with_tables(current), encoding="utf-8")


if __name__ == "__main__":
    main()
