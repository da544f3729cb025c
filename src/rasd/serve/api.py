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
    MAX_LIMIT,
    ActorFilter,
    StatsFilter,
    StoreView,
    event_item,
)
from rasd.store.search import (
    ARTICLE_SORTS,
    EVENT_SORTS,
    PER,
    PER_REPORT,
    QUOTE_SORTS,
    ROLES,
    ArticleQuery,
    EventQuery,
    QuoteQuery,
    hits_to_dict,
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


@router.get("/events", summary="Events, filtered, paged and sorted (rasd.store.search)")
def list_events(request: Request, type: Csv = None, mode: Csv = None,  # noqa: A002 - the API's own word
                actor: Annotated[str | None, Query(description="actor id: registry id, article actor id or CAMEO code")] = None,
                actor_name: Annotated[str | None, Query(description="words of an actor's name")] = None,
                country: Annotated[str | None, Query(description="country code of the actor (ISO alpha-3)")] = None,
                sector: Annotated[str | None, Query(description="sector code of the actor (GOV, MIL, ...)")] = None,
                role: Annotated[str, Query(description=f"the side the actor filters apply to: {', '.join(ROLES)}")] = "either",
                place: Annotated[str | None, Query(description="a country code, or words of a place name")] = None,
                date_from: Day = None, date_to: Day = None,
                text: Annotated[str | None, Query(description="words of the event's evidence (its sentence)")] = None,
                phrase: Annotated[bool, Query(description="the words of `text` one after the other")] = False,
                min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
                article: Annotated[str | None, Query(description="only this article's events")] = None,
                per: Annotated[str, Query(description=f"one hit per {' or per '.join(PER)}")] = PER_REPORT,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
                sort: Annotated[str, Query(description=f"one of {', '.join(EVENT_SORTS)}")] = "date") -> dict[str, Any]:
    query = EventQuery(split(type), split(mode), actor_name, actor, country, sector, role, place, date_from, date_to,
                       text, phrase, min_confidence, article, per, sort, limit, offset)
    hits = view_of(request).events(query)
    return {"total": hits.total, "offset": hits.offset, "limit": hits.limit, "hits": [event_item(h) for h in hits]}


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


@router.get("/quotes", summary="Quotations, filtered and paged (rasd.store.search)")
def list_quotes(request: Request,
                speaker: Annotated[str | None, Query(description="the speaker's actor id")] = None,
                speaker_name: Annotated[str | None, Query(description="words of the speaker's name")] = None,
                text: Annotated[str | None, Query(description="words of the quotation")] = None,
                phrase: bool = False, kind: Csv = None, outlet: str | None = None,
                article: str | None = None, date_from: Day = None, date_to: Day = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
                sort: Annotated[str, Query(description=f"one of {', '.join(QUOTE_SORTS)}")] = "date") -> dict[str, Any]:
    query = QuoteQuery(speaker_name, speaker, text, phrase, split(kind), outlet, date_from, date_to, article,
                       sort, limit, offset)
    return hits_to_dict(view_of(request).quotes(query))


@router.get("/articles", summary="Articles by the words of their text (rasd.store.search)")
def list_articles(request: Request, text: str | None = None, phrase: bool = False, outlet: str | None = None,
                  section: str | None = None, date_from: Day = None, date_to: Day = None,
                  limit: Limit = DEFAULT_LIMIT, offset: Offset = 0,
                  sort: Annotated[str, Query(description=f"one of {', '.join(ARTICLE_SORTS)}")] = "date") -> dict[str, Any]:
    query = ArticleQuery(text, phrase, outlet, section, date_from, date_to, sort, limit, offset)
    return hits_to_dict(view_of(request).articles(query))


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
