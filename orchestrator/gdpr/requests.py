"""GDPR request files: what one says, or why it cannot be read.

A request is a JSON object (docs/gdpr/ has samples; docs/decisions.md, GDPR, the format):

    {"request": "forget" | "export",
     "id": "optional identifier (default: the file name without .json)",
     "phone": ["+15550100"], "email": ["jane.doe@example.com"],
     "gim-attached-data": {"CUSTOMER_ID": ["C000123"]}}

for a consumer, or with "username": ["jdoe"] (and nothing of the above) for an employee. Each
field takes one string or a list of them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import kinds

FORGET = "FORGET"
EXPORT = "EXPORT"
CONSUMER = "CONSUMER"
EMPLOYEE = "EMPLOYEE"
ATTACHED_DATA_FIELD = "gim-attached-data"
#: The fields naming a consumer and the kind of column each value is looked for in.
CONSUMER_FIELDS = {"phone": kinds.CONSUMER, "email": kinds.CONSUMER}
EMPLOYEE_FIELD = "username"
KNOWN_FIELDS = {"request", "id", EMPLOYEE_FIELD, ATTACHED_DATA_FIELD, *CONSUMER_FIELDS}


class RequestError(ValueError):
    """A request file that cannot be processed; the message names the field."""


@dataclass(frozen=True)
class Identifier:
    """One identifying value of a request: the field it came from and the kind of column it is
    looked for in."""

    field: str
    value: str
    kind: str


@dataclass(frozen=True)
class Request:
    file: str
    file_hash: str
    request_id: str
    request_type: str
    subject_type: str
    identifiers: tuple[Identifier, ...]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_request(path: Path) -> Request:
    """The request `path` holds; RequestError naming what is wrong otherwise."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise RequestError(f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise RequestError(f"not JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(body, dict):
        raise RequestError("not a JSON object")
    unknown = sorted(set(body) - KNOWN_FIELDS)
    if unknown:
        raise RequestError(
            f"unknown field {unknown[0]!r} (known: {', '.join(sorted(KNOWN_FIELDS))})"
        )
    request_type = str(body.get("request", "")).upper()
    if request_type not in (FORGET, EXPORT):
        raise RequestError(
            f"request: {body.get('request')!r} is not a request type (forget or export)"
        )
    request_id = body.get("id", path.stem)
    if not isinstance(request_id, str) or not request_id.strip() or len(request_id) > 255:
        raise RequestError("id: expected a non-empty string of at most 255 characters")
    identifiers = [
        Identifier(field, value, kind)
        for field, kind in CONSUMER_FIELDS.items()
        for value in _strings(body, field)
    ]
    attached = body.get(ATTACHED_DATA_FIELD, {})
    if not isinstance(attached, dict):
        raise RequestError(f"{ATTACHED_DATA_FIELD}: expected an object of key: value(s)")
    for key in attached:
        identifiers += [
            Identifier(key, value, kinds.ATTACHED_DATA) for value in _strings(attached, key)
        ]
    usernames = _strings(body, EMPLOYEE_FIELD)
    if usernames and identifiers:
        raise RequestError(
            f"{EMPLOYEE_FIELD} with consumer fields: one request names a consumer or an employee"
        )
    if not usernames and not identifiers:
        raise RequestError(
            "names nobody: give phone, email or gim-attached-data (a consumer), or username"
            " (an employee)"
        )
    return Request(
        file=path.name,
        file_hash=file_hash(path),
        request_id=request_id.strip(),
        request_type=request_type,
        subject_type=EMPLOYEE if usernames else CONSUMER,
        identifiers=tuple(identifiers)
        or tuple(Identifier(EMPLOYEE_FIELD, name, kinds.EMPLOYEE) for name in usernames),
    )


def _strings(body: dict, field: str) -> list[str]:
    """The field's value(s): one string or a list of them; blanks refused."""
    value = body.get(field, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RequestError(f"{field}: expected a string or a list of strings")
    if any(not v.strip() for v in values):
        raise RequestError(f"{field}: an empty value would match every empty field")
    return [v.strip() for v in values]
