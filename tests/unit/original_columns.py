"""The original's column lists per public table, read from the schema notes
(`../shared/reference/genesys-schema-notes.md`, vendored in `docs/reference/`).

A table's columns are the first identifier of each item of the backquoted column lists in its
section (`A int | B int` or `A, B/_DURATION`), plus the columns its section says later releases
added (lines naming 8.5 additions, `also has`, `also shows`, `(+NAME`).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_NOTES = ROOT.parent / "shared" / "reference" / "genesys-schema-notes.md"
VENDORED_NOTES = ROOT / "docs" / "reference" / "genesys-schema-notes.md"

#: The public tables the notes give column lists for, and the heading their section starts with.
SECTIONS = {
    "interaction_fact": "### INTERACTION_FACT",
    "interaction_resource_fact": "### INTERACTION_RESOURCE_FACT",
    "mediation_segment_fact": "### MEDIATION_SEGMENT_FACT",
    "sm_res_session_fact": "**SM_RES_SESSION_FACT**",
    "sm_res_state_fact": "**SM_RES_STATE_FACT**",
    "sm_res_state_reason_fact": "**SM_RES_STATE_REASON_FACT**",
    "sm_media_neutral_state_fact": "**SM_MEDIA_NEUTRAL_STATE_FACT**",
    "ixn_resource_state_fact": "**IXN_RESOURCE_STATE_FACT**",
}
#: Identifiers the addition lines name that are not columns: the dimension a key refers to, the
#: column family a sentence talks about.
NOT_COLUMNS = frozenset({"ANCHOR_FLAGS", "AGENT_LOCATION", "CONS"})
#: Columns named in prose whose names have no underscore.
UNDERSCORELESS_COLUMNS = frozenset({"ORSSESSIONID", "PARTYGUID"})
_IDENTIFIER = re.compile(r"(?<![.\w])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?![\w*]|\.\w)")
#: Where a table's section ends: the next heading, or the next table's bold name.
_NEXT_SECTION = re.compile(r"\n(?:#{2,3} |\*\*[A-Z][A-Z0-9_]*\*\*)")
_ITEM_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_ADDITION_LINE = re.compile(
    r"8\.5 add|also has|also shows|Columns seen in|\(\+|^- [A-Z]|\[INF\] columns"
)


def notes_text() -> str:
    """The notes: the shared copy when this checkout sits beside it, else the vendored one."""
    path = SHARED_NOTES if SHARED_NOTES.exists() else VENDORED_NOTES
    return path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = _NEXT_SECTION.search(text, start + len(heading))
    return text[start : following.start() if following else len(text)]


def _list_items(span: str) -> list[str]:
    names: list[str] = []
    for item in re.split(r"[|,]", span):
        match = _ITEM_NAME.match(item.strip())
        if match is None:
            continue
        name = match.group(0)
        names.append(name)
        # `CUSTOMER_DIAL_COUNT/_DURATION`: the same family's second measure.
        for suffix in re.findall(r"/(_[A-Z]+)", item):
            names.append(re.sub(r"_[A-Z]+$", suffix, name))
    return names


def original_columns(text: str | None = None) -> dict[str, list[str]]:
    """{table: its columns in the notes' order, lower case, without repeats}."""
    text = text if text is not None else notes_text()
    result: dict[str, list[str]] = {}
    for table, heading in SECTIONS.items():
        section = _section(text, heading)
        names: list[str] = []
        for span in re.findall(r"`([^`]+)`", section):
            if "|" in span or "," in span:
                names.extend(_list_items(span))
        # Prose names columns with underscores; a bare word there (PSAAS, DOC) is not one.
        in_additions = False
        for line in section.splitlines():
            in_additions = (in_additions and line.startswith("- ")) or "additions**" in line
            if in_additions or _ADDITION_LINE.search(line):
                plain = re.sub(r"`[^`]+`", "", line)
                names.extend(
                    name
                    for name in _IDENTIFIER.findall(plain)
                    if "_" in name or name in UNDERSCORELESS_COLUMNS
                )
        seen: dict[str, None] = {}
        for name in names:
            if name not in NOT_COLUMNS:
                seen.setdefault(name.lower(), None)
        result[table] = list(seen)
    return result
