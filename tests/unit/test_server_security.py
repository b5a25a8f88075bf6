"""Who may use the manager page: the token guard over a real Starlette app, and the refusal to
serve the network without a token."""

from __future__ import annotations

import asyncio
import base64
import re

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from orchestrator.config import validate
from orchestrator.errors import GimError
from orchestrator.server.run import server_token
from orchestrator.server.web import TokenGuard

TOKEN = "a-token-of-twenty-chars"


def _answer(request: object) -> PlainTextResponse:
    return PlainTextResponse("ok")


GUARDED = TokenGuard(Starlette(routes=[Route("/jobs", _answer), Route("/healthz", _answer)]), TOKEN)


def status_of(path: str, authorization: str | None = None) -> tuple[int, dict[bytes, bytes]]:
    """One GET through the guard, as uvicorn would pass it: the status and headers sent."""
    headers = [(b"authorization", authorization.encode())] if authorization else []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "server": ("127.0.0.1", 8249),
        "client": ("127.0.0.1", 50000),
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(GUARDED(scope, receive, send))
    start = next(message for message in sent if message["type"] == "http.response.start")
    return start["status"], dict(start["headers"])


def basic(password: str) -> str:
    return "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()


def test_without_the_token_the_page_asks_for_it() -> None:
    status, headers = status_of("/jobs")
    assert status == 401
    assert headers[b"www-authenticate"].startswith(b'Basic realm="Info Mart"')
    assert status_of("/jobs", basic("wrong-token-of-twenty"))[0] == 401
    assert status_of("/jobs", "Bearer wrong")[0] == 401
    assert status_of("/jobs", "Basic !!!not base64")[0] == 401


def test_the_token_opens_it_as_a_password_or_a_bearer() -> None:
    assert status_of("/jobs", basic(TOKEN))[0] == 200
    assert status_of("/jobs", f"Bearer {TOKEN}")[0] == 200


def test_healthz_needs_no_token() -> None:
    assert status_of("/healthz")[0] == 200


def test_the_network_without_a_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIM_SERVER_TOKEN", raising=False)
    assert server_token(validate({}, None)) is None  # loopback: open
    assert server_token(validate({"server": {"host": "::1"}}, None)) is None
    with pytest.raises(
        GimError, match=re.escape("server.host: 0.0.0.0 is reachable from other machines")
    ):
        server_token(validate({"server": {"host": "0.0.0.0"}}, None))
    monkeypatch.setenv("GIM_SERVER_TOKEN", TOKEN)
    assert server_token(validate({"server": {"host": "0.0.0.0"}}, None)) == TOKEN
    monkeypatch.setenv("GIM_SERVER_TOKEN", "short")
    with pytest.raises(GimError, match="at least 16 characters"):
        server_token(validate({"server": {"host": "0.0.0.0"}}, None))
