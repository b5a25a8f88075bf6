"""Read gim.yml, expand ${ENV_VAR} secrets, check every option and the rules between options."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from .connections import (
    ConnectionProblems,
    IdbConnection,
    InfoMartConnection,
    parse_idbs,
    parse_infomart,
)
from .kinds import Boolean, Integer
from .options import (
    CONNECTION_SECTIONS,
    OPTION_SECTIONS,
    OPTIONS,
    RESERVED_SECTIONS,
    Option,
    options_in,
)

#: Options whose value `gim config show` masks.
SECRET_OPTIONS = ("server.token",)
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class Config:
    """The effective configuration: every option's parsed value, defaults filled in."""

    values: dict[str, Any]  # "section.option" -> parsed value
    infomart: InfoMartConnection
    idbs: tuple[IdbConnection, ...]
    source: Path | None  # None: no file, built-in defaults

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def folder(self, key: str) -> Path:
        """A folder option's path: relative to the configuration file's folder, else to the
        working one."""
        folder = Path(self.values[key]).expanduser()
        if folder.is_absolute():
            return folder
        return (self.source.parent if self.source else Path.cwd()) / folder


def load_config(path: Path) -> Config:
    """Load and validate `path`; a missing file means the embedded default configuration."""
    if not path.exists():
        return validate({}, source=None)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(
            [f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from exc
    except OSError as exc:
        raise ConfigError([f"{path}: cannot be read ({exc.strerror})"]) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError([f"{path}: the top level must be sections (schedule:, gim-etl:, ...)"])
    return validate(raw, source=path)


def validate(raw: dict[str, Any], source: Path | None) -> Config:
    """Check a parsed YAML document; raise ConfigError listing every problem, in file order."""
    problems: list[str] = []
    raw = _expand_env(raw, "", problems)
    for section in raw:
        if section not in OPTION_SECTIONS + CONNECTION_SECTIONS + RESERVED_SECTIONS:
            problems.append(f"{section}: is not a section{_suggest(section, _all_sections())}")
    values = _option_values(raw, problems)
    report = ConnectionProblems()
    infomart = parse_infomart(raw.get("infomart"), report)
    idbs = parse_idbs(raw.get("idb"), infomart, report)
    problems.extend(report.problems)
    problems.extend(cross_option_problems(values))
    if problems:
        raise ConfigError(problems)
    return Config(values=values, infomart=infomart, idbs=idbs, source=source)


def _option_values(raw: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    values = {option.key: _parse(option, option.default, problems) for option in OPTIONS}
    for section in OPTION_SECTIONS + RESERVED_SECTIONS:
        body = raw.get(section)
        if body is None:
            continue
        if not isinstance(body, dict):
            problems.append(f"{section}: {body!r} is not a section of options")
            continue
        known = options_in(section)
        for name, value in body.items():
            option = known.get(name)
            if option is None:
                problems.append(
                    f"{section}.{name}: is not an option of [{section}]"
                    f"{_suggest(str(name), list(known))}"
                )
            else:
                values[option.key] = _parse(option, value, problems)
    return values


def _parse(option: Option, value: Any, problems: list[str]) -> Any:
    if value is None:
        return None if option.default is None else option.kind.parse(option.default)
    try:
        return option.kind.parse(value)
    except ValueError as exc:
        problems.append(f"{option.key}: {value!r} {exc} — expected {option.kind.describe()}")
        return None


def cross_option_problems(values: dict[str, Any]) -> list[str]:
    """Rules between options (the seeds' and the reference's dependencies).

    A rule is skipped when one of its options already failed to parse (its value is None).
    """
    problems: list[str] = []
    values = {key: value for key, value in values.items() if value is not None}
    if (
        _has(
            values,
            "schedule.run-maintain",
            "schedule.maintain-start-time",
            "schedule.etl-start-time",
            "schedule.etl-end-time",
        )
        and values["schedule.run-maintain"]
        and _within(
            values["schedule.maintain-start-time"],
            values["schedule.etl-start-time"],
            values["schedule.etl-end-time"],
        )
    ):
        problems.append(
            "schedule.maintain-start-time: "
            f"{values['schedule.maintain-start-time']:%H:%M} is inside the ETL window "
            f"{values['schedule.etl-start-time']:%H:%M}-{values['schedule.etl-end-time']:%H:%M}; "
            "maintenance must start when no ETL cycle may begin"
        )
    buckets = values.get("gim-aggregate.service-level-buckets")
    for queue, seconds in values.get("gim-aggregate.queue-service-level-buckets", {}).items():
        if buckets is not None and len(seconds) != len(buckets):
            problems.append(
                f"gim-aggregate.queue-service-level-buckets: {queue} has {len(seconds)} buckets;"
                f" every queue needs as many as service-level-buckets ({len(buckets)})"
            )
    minimum = values.get("date-time.date-time-min-days-ahead")
    maximum = values.get("date-time.date-time-max-days-ahead")
    if minimum is not None and maximum is not None and minimum >= maximum:
        problems.append(
            f"date-time.date-time-min-days-ahead: {minimum} must be less than "
            f"date-time-max-days-ahead ({maximum})"
        )
    if not _has(
        values,
        "gim-etl.days-to-keep-gim-facts",
        "gim-etl.days-to-keep-cfg-facts",
        "gim-etl.days-to-keep-gidb-facts",
    ):
        return problems
    gim_facts = values["gim-etl.days-to-keep-gim-facts"]
    cfg_facts = values["gim-etl.days-to-keep-cfg-facts"]
    gidb_facts = values["gim-etl.days-to-keep-gidb-facts"]
    if cfg_facts < gim_facts:
        problems.append(
            f"gim-etl.days-to-keep-cfg-facts: {cfg_facts} must be at "
            f"least days-to-keep-gim-facts ({gim_facts})"
        )
    if gidb_facts > gim_facts:
        problems.append(
            f"gim-etl.days-to-keep-gidb-facts: {gidb_facts} must be at "
            f"most days-to-keep-gim-facts ({gim_facts})"
        )
    return problems


def _has(values: dict[str, Any], *keys: str) -> bool:
    return all(key in values for key in keys)


def _within(moment: time, start: time, end: time) -> bool:
    """Whether `moment` falls in the daily window [start, end], which may span midnight."""
    if start <= end:
        return start <= moment <= end
    return moment >= start or moment <= end


def _expand_env(node: Any, where: str, problems: list[str]) -> Any:
    """Replace ${NAME} in every string with the environment variable's value."""
    if isinstance(node, dict):
        return {
            key: _expand_env(value, f"{where}.{key}".lstrip("."), problems)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_expand_env(item, f"{where}[{i}]", problems) for i, item in enumerate(node, 1)]
    if not isinstance(node, str):
        return node

    def substitute(match: re.Match[str]) -> str:
        value = os.environ.get(match[1])
        if value is None:
            problems.append(f"{where}: environment variable {match[1]} (in {node!r}) is not set")
            return ""
        return value

    return _ENV_REFERENCE.sub(substitute, node)


def _all_sections() -> list[str]:
    return list(OPTION_SECTIONS + CONNECTION_SECTIONS + RESERVED_SECTIONS)


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def render(config: Config) -> str:
    """The effective configuration as a gim.yml, defaults included (`gim config show`): a file
    `gim config check` accepts, passwords masked."""
    document: dict[str, Any] = {}
    for section in OPTION_SECTIONS:
        document[section] = {
            option.name: value
            if value is None or isinstance(option.kind, Boolean | Integer)
            else "***"
            if option.key in SECRET_OPTIONS
            else option.kind.render(value)
            for option in options_in(section).values()
            for value in (config[option.key],)
        }
    document["infomart"] = {"schema": config.infomart.schema}
    if config.infomart.dsn:
        document["infomart"]["dsn"] = _mask(config.infomart.dsn)
    document["idb"] = []
    for idb in config.idbs:
        entry: dict[str, Any] = {"name": idb.name}
        if idb.dsn:
            entry["dsn"] = _mask(idb.dsn)
        entry["roles"] = list(idb.roles)
        entry.update(
            (key, value)
            for key, value in (("data-source", idb.data_source), ("ha-group", idb.ha_group))
            if value
        )
        document["idb"].append(entry)
    source = config.source or "built-in defaults (no configuration file)"
    header = f"# source: {source}\n# a connection without dsn is the embedded PostgreSQL\n"
    return header + yaml.safe_dump(document, sort_keys=False, default_flow_style=False).rstrip()


def _mask(dsn: str) -> str:
    """Hide a password in a URI."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", dsn)
