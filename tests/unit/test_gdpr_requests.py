"""GDPR request files: the samples administrators copy, and every way a file can be wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.gdpr import kinds
from orchestrator.gdpr.requests import (
    CONSUMER,
    EMPLOYEE,
    EXPORT,
    FORGET,
    RequestError,
    read_request,
)
from orchestrator.paths import PROJECT_DIR

SAMPLES = PROJECT_DIR / "docs" / "gdpr"


def written(tmp_path: Path, body: object, name: str = "request.json") -> Path:
    path = tmp_path / name
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return path


def test_the_samples_are_requests_the_job_reads() -> None:
    consumer = read_request(SAMPLES / "forget-consumer.json")
    assert (consumer.request_type, consumer.subject_type) == (FORGET, CONSUMER)
    assert {(i.field, i.value) for i in consumer.identifiers} == {
        ("phone", "+15550100"),
        ("email", "jane.doe@example.com"),
    }
    assert read_request(SAMPLES / "export-consumer.json").request_type == EXPORT
    employee = read_request(SAMPLES / "forget-employee.json")
    assert employee.subject_type == EMPLOYEE
    assert [(i.value, i.kind) for i in employee.identifiers] == [("jdoe", kinds.EMPLOYEE)]
    assert employee.request_id == "forget-employee"


def test_a_request_takes_single_values_attached_data_and_its_own_id(tmp_path) -> None:
    request = read_request(
        written(
            tmp_path,
            {
                "request": "Export",
                "id": "case-42",
                "phone": "+15550100",
                "gim-attached-data": {"CUSTOMER_ID": ["C000123", "C000124"]},
            },
        )
    )
    assert request.request_id == "case-42"
    assert request.request_type == EXPORT
    assert [(i.field, i.value, i.kind) for i in request.identifiers] == [
        ("phone", "+15550100", kinds.CONSUMER),
        ("CUSTOMER_ID", "C000123", kinds.ATTACHED_DATA),
        ("CUSTOMER_ID", "C000124", kinds.ATTACHED_DATA),
    ]
    assert len(request.file_hash) == 64


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"request": "forget", "phone": ["+1555"', "not JSON: "),
        ("[1, 2]", "not a JSON object"),
        ({"request": "delete", "phone": "+15550100"}, "request: 'delete' is not a request type"),
        ({"phone": "+15550100"}, "request: None is not a request type"),
        ({"request": "forget", "fone": "+15550100"}, "unknown field 'fone'"),
        ({"request": "forget"}, "names nobody"),
        ({"request": "forget", "phone": [""]}, "phone: an empty value would match"),
        ({"request": "forget", "phone": [15550100]}, "phone: expected a string"),
        ({"request": "forget", "gim-attached-data": ["C1"]}, "gim-attached-data: expected"),
        (
            {"request": "forget", "phone": "+15550100", "username": "jdoe"},
            "username with consumer fields",
        ),
        ({"request": "export", "id": "", "phone": "+15550100"}, "id: expected a non-empty"),
    ],
)
def test_a_wrong_file_is_refused_naming_what_is_wrong(tmp_path, body, reason) -> None:
    with pytest.raises(RequestError) as refused:
        read_request(written(tmp_path, body))
    assert str(refused.value).startswith(reason), refused.value
    assert "15550100" not in str(refused.value)  # a reason never repeats a value


def test_a_file_that_is_not_text_is_refused(tmp_path) -> None:
    path = tmp_path / "binary.json"
    path.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(RequestError, match="not UTF-8 text"):
        read_request(path)
