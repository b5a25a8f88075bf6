"""The manager page (Job History, Run Job, Stop Job, ETL Status), /metrics and /healthz.

Server-rendered (Jinja2) with a little JavaScript for sorting, the quick filter, column choice and
auto-refresh. Closed to strangers: a token (HTTP basic auth password or bearer) when one is set,
which `serve` requires off loopback; state changes are POST forms carrying a CSRF token that
must match the page's cookie (double submit) from the same origin.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import RELEASE
from ..continuity import continuity, shown
from ..control.history import STATUSES
from ..db import connect, infomart_uri
from ..errors import GimError
from ..job_history import JobFilter, job_entries
from ..latency import etl_latency
from .control import BY_HAND, checked_request, request_job
from .engine import Engine
from .metrics import exposition

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
CSRF_COOKIE = "gim_csrf"
OPEN_PATHS = ("/healthz",)


class TokenGuard:
    """Every request but /healthz carries the token: basic auth (any user) or bearer."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is None or scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if self._presented(headers.get(b"authorization", b"").decode("latin-1")):
            await self.app(scope, receive, send)
            return
        refused = PlainTextResponse(
            "the Info Mart's manager needs its token (HTTP basic auth password)\n",
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="Info Mart", charset="UTF-8"'},
        )
        await refused(scope, receive, send)

    def _presented(self, header: str) -> bool:
        assert self.token is not None
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            given = value.strip()
        elif scheme.lower() == "basic":
            try:
                given = base64.b64decode(value.strip()).decode("utf-8").partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        else:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())


def create_app(
    engine: Engine, token: str | None, catalogue: Callable[[], Any], lifespan: Any = None
) -> ASGIApp:
    """The page's application over a running engine; `catalogue()` gives the dbt catalogue that
    -insertPendingAgg parameters are checked against; `lifespan` runs the engine."""

    def conn() -> Any:
        return connect(infomart_uri(engine.config), autocommit=True)

    def page(request: Request, template: str, context: dict[str, Any]) -> Response:
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = TEMPLATES.TemplateResponse(
            request,
            template,
            {
                "csrf": csrf,
                "release": RELEASE,
                "message": request.query_params.get("message", ""),
                "error": request.query_params.get("error", ""),
                "by_hand": BY_HAND,
                "standby": engine.standby,
                **context,
            },
        )
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        return response

    def jobs(request: Request) -> Response:
        query = request.query_params
        try:
            days = int(query.get("days", 7))
            mode = query.get("show", "count")
            chosen = JobFilter(
                days=days,
                limit=int(query.get("limit", 50)) if mode == "count" else None,
                status=query.get("status", "FAILED") if mode == "status" else None,
            )
        except (ValueError, GimError) as exc:
            return PlainTextResponse(f"bad filter: {exc}\n", status_code=400)
        with conn() as connection:
            entries = job_entries(connection, engine.schema, chosen)
        return page(
            request,
            "jobs.html",
            {"entries": entries, "chosen": chosen, "mode": mode, "statuses": STATUSES},
        )

    def status(request: Request) -> Response:
        with conn() as connection:
            areas = etl_latency(connection, engine.schema)
            troubles = continuity(connection, engine.schema)
        return page(request, "status.html", {"areas": areas, "troubles": troubles, "shown": shown})

    async def run_job(request: Request) -> Response:
        form = await _checked_form(request)
        if isinstance(form, Response):
            return form

        def ask() -> tuple[str, str]:
            name, parameters = checked_request(
                engine.config,
                str(form.get("job_name", "")),
                str(form.get("parameters", "")),
                catalogue() if str(form.get("parameters", "")).strip() else None,
            )
            with conn() as connection:
                return name, request_job(connection, engine.schema, name, parameters)

        try:
            name, job_id = await run_in_threadpool(ask)
        except GimError as exc:
            return _back(form, error=str(exc))
        return _back(form, message=f"{name} SCHEDULED (JOB_ID {job_id})")

    async def stop_job(request: Request) -> Response:
        form = await _checked_form(request)
        if isinstance(form, Response):
            return form
        job_id = str(form.get("job_id", ""))
        if not job_id:
            return _back(form, error="select a running or scheduled job first")
        try:
            done = await run_in_threadpool(
                engine.stop_job, job_id, "an administrator (manager page)"
            )
        except GimError as exc:
            return _back(form, error=str(exc))
        return _back(form, message=done)

    def metrics(request: Request) -> Response:
        body, content_type = exposition(engine)
        return Response(body, media_type=content_type)

    async def healthz(request: Request) -> Response:
        ticked = engine.last_tick
        return JSONResponse(
            {
                "status": "ok",
                "release": RELEASE,
                "last_tick": ticked.isoformat() if ticked else None,
                "jobs_running": len(engine.children),
            }
        )

    async def home(request: Request) -> Response:
        return RedirectResponse("/jobs", status_code=303)

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/jobs", jobs),
            Route("/jobs/run", run_job, methods=["POST"]),
            Route("/jobs/stop", stop_job, methods=["POST"]),
            Route("/status", status),
            Route("/metrics", metrics),
            Route("/healthz", healthz),
        ],
        lifespan=lifespan,
    )
    return TokenGuard(app, token)


async def _checked_form(request: Request) -> FormData | Response:
    """The POSTed form, if it comes from this page: same origin, CSRF token matching the cookie."""
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        return PlainTextResponse("refused: the form comes from another site\n", status_code=403)
    form = await request.form()
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = str(form.get("csrf", ""))
    if not cookie or not hmac.compare_digest(cookie.encode(), sent.encode()):
        return PlainTextResponse("refused: stale or missing CSRF token; reload\n", status_code=403)
    return form


def _back(form: FormData, **outcome: str) -> Response:
    """Back to the view the form was sent from, its filter kept (Post/Redirect/Get), saying
    what happened."""
    path, _, query = str(form.get("back", "/jobs")).partition("?")
    if path not in ("/jobs", "/status"):
        path, query = "/jobs", ""
    kept = [(key, value) for key, value in parse_qsl(query) if key not in ("message", "error")]
    return RedirectResponse(f"{path}?{urlencode([*kept, *outcome.items()])}", status_code=303)
