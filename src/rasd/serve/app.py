"""The web application of `rasd serve`: a JSON API and Arabic right-to-left pages over a
store, read-only, plus the stateless `POST /api/analyze`.

Safety: every string from an article is escaped (Jinja2 autoescape; the highlighter escapes
its own output), every response carries a Content-Security-Policy that allows scripts only
from the package's static files, request bodies are capped, and any failure answers with a
rasd error code in JSON (or an error page), never a stack trace.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.errors import MESSAGES, Code, RasdError
from rasd.settings import Settings

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
API_PREFIX = "/api"
# Scripts and styles only from our own static files; nothing inline, nothing from elsewhere.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Swagger UI sets inline styles on the elements it builds; its page alone allows them (still no inline script).
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "X-Frame-Options": "DENY"}
# A posted article may be Settings.max_bytes of UTF-8; its JSON form (escapes, metadata) may be
# longer, up to this factor, before the request is refused unread.
JSON_OVERHEAD_FACTOR = 2
MIN_REQUEST_BYTES = 64 * 1024
STATUS_OF: dict[Code, int] = {
    Code.E004_TOO_LARGE: 413,
    Code.E006_BAD_JSON: 400, Code.E009_BAD_RECORD: 400, Code.E012_BAD_SETTING: 400, Code.E024_BAD_QUERY: 400,
    Code.E008_NOT_FOUND: 404, Code.E026_UNKNOWN_ID: 404,
    Code.E001_EMPTY: 422, Code.E002_BINARY: 422, Code.E003_ENCODING: 422, Code.E005_BAD_HTML: 422,
    Code.E013_NO_TEXT: 422, Code.E018_HTML_TOO_DEEP: 422, Code.E021_NOISE: 422,
    Code.E020_TIME_BUDGET: 503, Code.E022_STORE_BUSY: 503,
}
log = logging.getLogger("rasd.serve")


def error_body(code: Code, detail: str = "") -> dict[str, Any]:
    return {"error": {"code": code.value, "message": MESSAGES[code], "detail": detail}}


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes is refused (413, E004) before it is
    read whole, whether it declares its length or streams it."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send):
        response = JSONResponse(error_body(Code.E004_TOO_LARGE, f"request body over {self.limit} bytes"),
                                status_code=413, headers=_headers())
        await response({"type": "http"}, None, send)


class _TooLarge(Exception):
    pass


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIX) and request.url.path != "/openapi.json"


def create_app(store_path: str | Path | None, settings: Settings | None = None) -> FastAPI:
    """The application over the store at `store_path` (opened read-only; None: only
    `/api/analyze` and the docs work, the store's pages answer E008)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from rasd.serve import api, pages

    settings = settings or Settings()
    app = FastAPI(title="rasd", version=_version(),
                  description="Arabic news as evidence-linked data: events, actors, quotations, each with "
                              "the character offsets of its evidence. Read-only over a rasd store.",
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.view = _open_view(store_path, settings)
    app.state.templates = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)),
                                      autoescape=select_autoescape(("html", "svg"), default=True))
    app.state.templates.filters["host"] = _host
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    _add_error_handlers(app)
    limit = max(settings.max_bytes * JSON_OVERHEAD_FACTOR, MIN_REQUEST_BYTES)
    app.add_middleware(BodyLimit, limit=limit)
    app.add_middleware(SecurityHeaders)
    return app


def _host(url: str | None) -> str:
    """The host of a URL, what a link to the original article shows (not 300 %-escapes)."""
    from urllib.parse import urlparse

    return urlparse(url or "").netloc or (url or "")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rasd")
    except PackageNotFoundError:
        return "0"


def _open_view(store_path, settings: Settings):
    if store_path is None:
        return None
    from rasd.serve.data import StoreView
    from rasd.store.database import Store

    return StoreView(Store(store_path, read_only=True, settings=settings))


class SecurityHeaders:
    """ASGI middleware: the CSP and the other security headers on every response (a plain
    ASGI wrapper: Starlette's BaseHTTPMiddleware costs milliseconds a request)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = DOCS_CSP if scope.get("path") == "/docs" else CSP
        extra = [(b"content-security-policy", csp.encode())] + [
            (name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
        names = {name for name, _ in extra}

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, with_headers)


def error_response(request: Request, code: Code, detail: str, status: int):
    if _wants_html(request):
        html = request.app.state.templates.get_template("error.html").render(
            code=code.value, message=MESSAGES[code], detail=detail, status=status)
        return HTMLResponse(html, status_code=status, headers=_headers())
    return JSONResponse(error_body(code, detail), status_code=status, headers=_headers())


def _headers() -> dict[str, str]:
    """The security headers, set here too: a 500 is answered outside the middleware that adds them."""
    return {"Content-Security-Policy": CSP, **SECURITY_HEADERS}


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RasdError)
    async def rasd_error(request: Request, exc: RasdError):
        return error_response(request, exc.code, exc.detail, STATUS_OF.get(exc.code, 500))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
        return error_response(request, Code.E024_BAD_QUERY, problems, 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = Code.E026_UNKNOWN_ID if exc.status_code == 404 else Code.E024_BAD_QUERY
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        return error_response(request, code, str(exc.detail), status)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # The trace goes to the server's log, never to the client.
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return error_response(request, Code.E017_INTERNAL, type(exc).__name__, 500)
