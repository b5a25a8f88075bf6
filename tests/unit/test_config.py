"""Configuration: every default parses, valid files load, invalid ones are refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.config import load_config, render, validate
from orchestrator.config.options import OPTIONS
from orchestrator.errors import ConfigError


def test_every_default_parses_and_embedded_is_the_default() -> None:
    config = validate({}, source=None)
    assert config.infomart.embedded
    assert [idb.name for idb in config.idbs] == ["idb"]
    for option in OPTIONS:
        assert option.key in config.values
    assert config["schedule.etl-frequency"] == 30
    assert config["gim-etl.sm-resource-state-priority"] == ("ACW", "NOT_READY", "BUSY", "READY")


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.yml")
    assert config.source is None
    assert "built-in defaults" in render(config)


def test_a_full_valid_file_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDB_PASSWORD", "s3cret")
    path = tmp_path / "gim.yml"
    path.write_text(
        "schedule:\n  etl-start-time: '18:00'\n  etl-end-time: '06:00'\n  maintain-start-time: '12:00'\n"
        "  update-stats-schedule: '0/10 *'\n  aggregate-duration: '23:00'\n  timezone: Europe/Paris\n"
        "gim-etl:\n  extract-data-chunk-size: 1800\n  sm-resource-state-priority: busy, acw\n"
        "date-time:\n  date-time-tz: Asia/Kolkata\n  simple-week-numbering: false\n"
        "infomart:\n  dsn: postgresql://gim@db.example:5432/infomart\n  schema: reporting\n"
        "idb:\n"
        "  - {name: site1, dsn: 'postgresql://icon:${IDB_PASSWORD}@h1/idb', roles: [ICON_CORE], ha-group: a}\n"
        "  - {name: site2, dsn: 'postgresql://icon@h2/idb', roles: [icon_core], ha-group: a}\n"
    )
    config = load_config(path)
    assert config["schedule.aggregate-duration"] == 23 * 60
    assert config["gim-etl.sm-resource-state-priority"] == ("BUSY", "ACW")
    assert config.idbs[0].dsn == "postgresql://icon:s3cret@h1/idb"
    assert config.infomart.schema == "reporting"
    assert "s3cret" not in render(config)


INVALID = [
    ({"schedul": {}}, "schedul: is not a section (did you mean schedule?)"),
    (
        {"schedule": {"etl-frequncy": 5}},
        "schedule.etl-frequncy: is not an option of [schedule] (did you mean etl-frequency?)",
    ),
    (
        {"schedule": {"etl-frequency": "often"}},
        "schedule.etl-frequency: 'often' is not a whole number",
    ),
    (
        {"schedule": {"etl-frequency": 0}},
        "schedule.etl-frequency: 0 is out of range (a whole number of minutes from 1 to 1440)",
    ),
    ({"schedule": {"etl-frequency": True}}, "schedule.etl-frequency: True is not a whole number"),
    (
        {"schedule": {"run-scheduler": "maybe"}},
        "schedule.run-scheduler: 'maybe' is not true or false",
    ),
    (
        {"schedule": {"etl-start-time": "25:00"}},
        "schedule.etl-start-time: '25:00' is not a time of day HH:mm",
    ),
    (
        {"schedule": {"etl-end-time": "6pm"}},
        "schedule.etl-end-time: '6pm' is not a time of day HH:mm",
    ),
    (
        {"schedule": {"maintain-start-time": "07:00"}},
        "schedule.maintain-start-time: 07:00 is inside the ETL window 06:30-00:30",
    ),
    (
        {
            "schedule": {
                "etl-start-time": "18:00",
                "etl-end-time": "06:00",
                "maintain-start-time": "03:00",
            }
        },
        "schedule.maintain-start-time: 03:00 is inside the ETL window 18:00-06:00",
    ),
    (
        {"schedule": {"timezone": "Mars/Olympus"}},
        "schedule.timezone: 'Mars/Olympus' is not a known IANA time zone",
    ),
    (
        {"schedule": {"aggregate-schedule": "0 1 * * *"}},
        "schedule.aggregate-schedule: '0 1 * * *' is not a two-field CRON expression",
    ),
    (
        {"schedule": {"update-stats-schedule": "0/10 25"}},
        "schedule.update-stats-schedule: '0/10 25' is not a valid CRON expression",
    ),
    (
        {"schedule": {"aggregate-duration": "25:00"}},
        "schedule.aggregate-duration: '25:00' is out of range",
    ),
    (
        {"gim-etl": {"extract-data-chunk-size": 7201}},
        "gim-etl.extract-data-chunk-size: 7201 is out of range (a whole number of seconds from 60 to 7200)",
    ),
    (
        {"gim-etl": {"delayed-data-threshold": 30}},
        "gim-etl.delayed-data-threshold: 30 is out of range",
    ),
    (
        {"gim-etl": {"merge-wait-threshold": 90000}},
        "gim-etl.merge-wait-threshold: 90000 is out of range (a whole number of seconds from 0 to 86400)",
    ),
    (
        {"gim-etl": {"days-to-keep-gdpr-history": 31}},
        "gim-etl.days-to-keep-gdpr-history: 31 is out of range (a whole number of days from 0 to 30)",
    ),
    (
        {"gim-etl": {"days-to-keep-cfg-facts": 100}},
        "gim-etl.days-to-keep-cfg-facts: 100 must be at least days-to-keep-gim-facts (400)",
    ),
    (
        {"gim-etl": {"days-to-keep-gidb-facts": 500}},
        "gim-etl.days-to-keep-gidb-facts: 500 must be at most days-to-keep-gim-facts (400)",
    ),
    (
        {"gim-etl": {"sm-resource-state-priority": "ACW, LUNCH"}},
        "gim-etl.sm-resource-state-priority: 'ACW, LUNCH' names unknown state LUNCH",
    ),
    ({"gim-etl": {"sm-resource-state-priority": "ACW, ACW"}}, "must list each state at most once"),
    (
        {"date-time": {"date-time-min-days-ahead": 400}},
        "date-time.date-time-min-days-ahead: 400 must be less than date-time-max-days-ahead (366)",
    ),
    (
        {"date-time": {"first-day-of-week": 8}},
        "date-time.first-day-of-week: 8 is out of range (a whole number from 1 to 7)",
    ),
    (
        {"date-time": {"date-time-start-year": 1969}},
        "date-time.date-time-start-year: 1969 is out of range",
    ),
    (
        {"gim-export": {"start-date": "yesterday"}},
        "gim-export.start-date: 'yesterday' is not a date yyyy-mm-dd",
    ),
    (
        {"error-policy": {"anything": 1}},
        "error-policy.anything: is not an option of [error-policy]",
    ),
    (
        {"error-policy": {"inconsistent-data": "ignore"}},
        "error-policy.inconsistent-data: 'ignore' is not one of fix-up, discard, fail",
    ),
    ({"infomart": {"dsn": "mysql://x"}}, "infomart.dsn: 'mysql://x' is not a PostgreSQL URI"),
    (
        {"infomart": {"schema": "Bad-Name"}},
        "infomart.schema: 'Bad-Name' is not a lower-case SQL identifier",
    ),
    ({"idb": []}, "idb: [] is not a non-empty list of IDB connections"),
    ({"idb": [{"name": "a", "roles": ["ICON_VOICE"]}]}, "idb[a].roles: 'ICON_VOICE' is not a role"),
    ({"idb": [{"name": "a"}, {"name": "a"}]}, "idb[a].name: 'a' is used by two IDB connections"),
    ({"idb": [{"name": "a", "enabled": "no"}]}, "idb[a].enabled: 'no' is not true or false"),
    (
        {"infomart": {"dsn": "postgresql://h/im"}, "idb": [{"name": "a"}]},
        "idb[a].dsn: None is missing: an IDB needs a DSN when infomart.dsn is set",
    ),
    (
        {
            "idb": [
                {"name": "a", "roles": ["ICON_CORE"], "ha-group": "g"},
                {"name": "b", "roles": ["ICON_MM"], "ha-group": "g"},
            ]
        },
        "idb[b].roles: ['ICON_MM'] differ from a's in HA group 'g'",
    ),
    (
        {"infomart": {"dsn": "${NO_SUCH_VARIABLE_SET}"}},
        "infomart.dsn: environment variable NO_SUCH_VARIABLE_SET (in '${NO_SUCH_VARIABLE_SET}') is not set",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), INVALID, ids=[e for _, e in INVALID])
def test_invalid_configuration_is_refused_with_a_message_naming_it(
    raw: dict, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        validate(raw, source=None)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_every_problem_is_reported_not_just_the_first() -> None:
    with pytest.raises(ConfigError) as caught:
        validate({"schedule": {"etl-frequency": -1, "timezone": "Nowhere"}}, source=None)
    assert len(caught.value.problems) == 2


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gim.yml"
    path.write_text("schedule:\n  etl-frequency: [1,\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in caught.value.problems[0]
    assert "not valid YAML" in caught.value.problems[0]


def test_dbt_var_defaults_are_the_populate_option_defaults() -> None:
    """dbt_project.yml repeats these defaults only so dbt can compile alone; options.py owns them."""
    from orchestrator.catalogue import dbt_project_var
    from orchestrator.config.options import BY_KEY, OPTIONS

    for var, option in (
        ("short_abandoned_threshold", "gim-etl-populate.short-abandoned-threshold"),
        ("q_answer_threshold", "gim-etl-populate.q-answer-threshold"),
    ):
        assert int(dbt_project_var(var)) == BY_KEY[option].default
    priority = BY_KEY["gim-etl.sm-resource-state-priority"]
    assert dbt_project_var("sm_resource_state_priority") == list(
        priority.kind.parse(priority.default)
    )
    buckets = BY_KEY["gim-aggregate.service-level-buckets"]
    assert dbt_project_var("service_level_buckets") == list(buckets.kind.parse(buckets.default))
    assert dbt_project_var("queue_service_level_buckets") == {}
    assert dbt_project_var("error_policy") == {
        option.name: option.default for option in OPTIONS if option.section == "error-policy"
    }


def test_dbt_project_var_defaults_are_the_generated_ones() -> None:
    """dbt_project.yml's option-borne var defaults are generated (python -m orchestrator.dbt_vars):
    the file holds exactly what the generator writes, and a hand edit is caught."""
    from orchestrator.dbt_vars import generated_block, project_with_defaults
    from orchestrator.paths import PROJECT_DIR

    text = (PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8")
    assert project_with_defaults(text) == text
    assert "  q_answer_threshold: 20\n" in generated_block()
    edited = text.replace("  q_answer_threshold: 20\n", "  q_answer_threshold: 25\n")
    assert edited != text and project_with_defaults(edited) == text


def test_the_readme_tables_list_every_schedule_and_server_option() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    tables = readme.split("## Running the server", 1)[1].split("**The manager page**", 1)[0]
    for option in OPTIONS:
        if option.section in ("schedule", "server") and option.name != "on-demand-migration":
            assert f"`{option.name}`" in tables, option.key
