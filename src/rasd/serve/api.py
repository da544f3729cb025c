"""The JSON API (`/api/...`). Every endpoint reads; `POST /api/analyze` analyses a posted
article without storing it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from rasd.errors import Code, RasdError
from rasd.serve.data import (
    ACTOR_SORTS,
    DEFAULT_LIMIT,
    EVENT_SORTS,
    MAX_LIMIT,
    QUOTE_SORTS,
    ActorFilter,
    EventFilter,
    QuoteFilter,
    StatsFilter,
    StoreView,
)


class ErrorDetail(BaseModel):
    code: str  # a rasd code (rasd.errors.Code): E024 bad query, E026 unknown id, E004 too large, ...
    message: str
    detail: str


class ErrorResponse(BaseModel):
    """The body of every error answer."""

    error: ErrorDetail


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    what = {400: "a bad parameter (E024) or body (E006, E009)", 404: "an unknown id (E026) or no store (E008)",
            413: "the article is over the size limit (E004)", 422: "the article cannot be analysed (E001, E003, E005, ...)",
            500: "an unexpected error (E017), without its trace", 503: "over the time budget (E020)"}
    return {status: {"model": ErrorResponse, "description": what[status]} for status in statuses}


# "4XX" also keeps FastAPI from documenting its own 422 validation body, which this API never
# sends (a bad parameter is 400 with E024).
router = APIRouter(responses=_errors(400, 404, 500) | {"4XX": {"model": ErrorResponse, "description": "a client error"}})
RECORD_FIELDS = ("id", "url", "outlet", "title", "published", "section", "byline")
ANALYZE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {
            "type": "object",
            "properties": {"text": {"type": "string"}, "html": {"type": "string"},
                           **{name: {"type": "string"} for name in RECORD_FIELDS}},
            "description": "an article: `text` (as scraped) or `html` (a saved page), with optional metadata"}},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
    },
}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="results per page")]
Offset = Annotated[int, Query(ge=0, description="results to skip")]
Day = Annotated[dt.date | None, Query(description="ISO date (YYYY-MM-DD)")]
Csv = Annotated[str | None, Query(description="one value, or several separated by commas")]


def view_of(request: Request) -> StoreView:
    view = request.app.state.view
    if view is None:
        raise RasdError(Code.E008_NOT_FOUND, "the server was started without a store (--store)")
    return view


def split(values: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in values.split(",") if v.strip()) if values else ()


@router.get("/events", summary="Events, filtered, paged and sorted")
def list_events(request: Request, type: Csv = None, mode: Csv = None,  # noqa: A002 - the API's own word
                actor: Annotated[str | None, Query(description="actor id (source or target)")] = None,
                country: Annotated[str | None, Query(description="country code of source, target or place")] = None,
                sector: Annotated[str | None, Query(description="sector code of source or target (GOV, MIL, ...)")] = None,
                place: Annotated[str | None, Query(description="place name or country code")] = None,
                date_from: Day = None, date_to: Day = None,
                text: Annotated[str | None, Query(description="words in the trigger, actors, place or title")] = None,
                article: Annotated[str | None, Query(description="only this article's events")] = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
                sort: Annotated[str, Query(description=f"one of {', '.join(EVENT_SORTS)}")] = "-day") -> dict[str, Any]:
    f = EventFilter(split(type), split(mode), actor, country, sector, place, date_from, date_to, text or None,
                    article, limit, offset, sort)
    return view_of(request).events(f).as_dict()


@router.get("/events/{event_id}", summary="An event cluster with every report and its evidence")
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    return view_of(request).event(event_id)


@router.get("/actors", summary="Actors, by how often they are named")
def list_actors(request: Request, name: str | None = None, kind: str | None = None,
                country: str | None = None, sector: str | None = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
                sort: Annotated[str, Query(description=f"one of {', '.join(ACTOR_SORTS)}")] = "mentions") -> dict[str, Any]:
    return view_of(request).actors(ActorFilter(name, kind, country, sector, limit, offset, sort)).as_dict()


@router.get("/actors/{actor_id}", summary="An actor: dated roles, quotations, events as source and target")
def get_actor(request: Request, actor_id: str) -> dict[str, Any]:
    return view_of(request).actor(actor_id)


@router.get("/quotes", summary="Quotations, filtered and paged")
def list_quotes(request: Request,
                speaker: Annotated[str | None, Query(description="the speaker's actor id")] = None,
                text: str | None = None, article: str | None = None, date_from: Day = None, date_to: Day = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
                sort: Annotated[str, Query(description=f"one of {', '.join(QUOTE_SORTS)}")] = "-day") -> dict[str, Any]:
    f = QuoteFilter(speaker, text or None, article, date_from, date_to, limit, offset, sort)
    return view_of(request).quotes(f).as_dict()


@router.get("/articles/{article_id}", summary="A stored article as rasd's contract JSON, with its other reports")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    article, sources = view_of(request).article(article_id)
    return article.to_dict() | {"sources": sources}


@router.get("/stats", summary="Event counts by day and type (for charts)")
def get_stats(request: Request, type: Csv = None, date_from: Day = None, date_to: Day = None) -> dict[str, Any]:  # noqa: A002
    return view_of(request).stats(StatsFilter(split(type), date_from, date_to))


@router.post("/analyze", summary="Analyse a posted article (not stored): the contract JSON",
             openapi_extra={"requestBody": ANALYZE_BODY}, responses=_errors(413, 422, 503))
async def analyze_article(request: Request) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    record = await _posted_record(request)
    settings = request.app.state.settings
    # The pipeline runs off the event loop; its time budget (Settings.time_budget_s) is kept by
    # the deadline checks inside the stages, as for a batch run on a worker thread.
    article = await run_in_threadpool(_analyze, record, settings)
    return article.to_dict()


def _analyze(record: str | dict, settings):
    from rasd.api import analyze

    return analyze(record, settings)


async def _posted_record(request: Request) -> str | dict[str, Any]:
    body = await request.body()
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RasdError(Code.E003_ENCODING, "the request body is not UTF-8") from exc
    if kind == "text/plain":  # an article as scraped, read as `rasd analyze` reads a .txt file
        return text
    if kind == "text/html":
        return {"html": text}
    if kind != "application/json":
        raise RasdError(Code.E009_BAD_RECORD, f"content type {kind!r}: send application/json, text/plain or text/html")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RasdError(Code.E006_BAD_JSON, f"{exc.msg} at character {exc.pos}") from exc
    if not isinstance(record, dict) or not any(isinstance(record.get(k), str) for k in ("text", "html")):
        raise RasdError(Code.E009_BAD_RECORD, "a JSON object with a `text` or `html` string")
    return {k: v for k, v in record.items() if k in ("text", "html", *RECORD_FIELDS)}
