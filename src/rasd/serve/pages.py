"""The server-rendered pages: Arabic, right to left, every article string escaped."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from rasd.serve.api import split, view_of
from rasd.serve.chart import events_chart
from rasd.serve.data import ActorFilter, StatsFilter, bad_query, flat_event
from rasd.serve.highlight import highlighted_text
from rasd.store.search import EVENT_SORTS, MODES, ArticleQuery, EventQuery, QuoteQuery

router = APIRouter(include_in_schema=False)
PAGE_ROWS = 50
HOME_ROWS = 100
SEARCH_ROWS = 20
ENTITY_TYPES = {"PER": "شخص", "ORG": "مؤسسة", "LOC": "مكان", "MISC": "أخرى"}
SORT_NAMES = {"date": "الأحدث أولاً", "oldest": "الأقدم أولاً", "confidence": "الأعلى ثقة",
              "relevance": "الأقرب إلى النص"}
KIND_NAMES = {"quote": "اقتباس", "speaker": "متحدث", "cue": "فعل القول", "entity": "كيان", "trigger": "حدث"}


def form_date(value: str | None, name: str) -> dt.date | None:
    """A date field of a form: empty is no date; anything but YYYY-MM-DD is E024."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise bad_query(f"{name} is not a date (YYYY-MM-DD): {value!r}") from exc


def render(request: Request, name: str, **context) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    return HTMLResponse(template.render(request=request, **context))


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    view = view_of(request)
    day = view.latest_day()
    events = None
    if day:
        hits = view.events(EventQuery(date_from=day, date_to=day, limit=HOME_ROWS, sort="confidence"))
        events = {"total": hits.total, "rows": [flat_event(h) for h in hits]}
    actors = view.actors(ActorFilter(limit=10))
    totals = view.stats(StatsFilter())["totals"]
    return render(request, "home.html", day=day, events=events, actors=actors, totals=totals)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    article, sources = view_of(request).article(article_id)
    actors = {a.id: a for a in article.actors}

    def label(actor_id):
        actor = actors.get(actor_id) if actor_id else None
        return actor.name if actor else ""

    return render(request, "article.html", article=article, body=highlighted_text(article), sources=sources,
                  label=label, entity_types=ENTITY_TYPES, kind_names=KIND_NAMES)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, type: str | None = None, mode: str | None = None,  # noqa: A002
                actor: str | None = None, country: str | None = None, sector: str | None = None,
                place: str | None = None, date_from: str | None = None, date_to: str | None = None,
                text: str | None = None, sort: str = "date",
                offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    view = view_of(request)
    date_from, date_to = form_date(date_from, "date_from"), form_date(date_to, "date_to")
    query = EventQuery(split(type), split(mode), None, actor or None, country or None, sector or None, "either",
                       place or None, date_from, date_to, text or None, False, None, None, "report", sort,
                       PAGE_ROWS, offset)
    hits = view.events(query)
    page = {"total": hits.total, "rows": [flat_event(h) for h in hits]}
    # Without an end date the chart stops at the newest article: a few events are dated years
    # later (misread dates) and would squeeze every real day into a corner.
    newest, chart_to = view.latest_day(), date_to
    if chart_to is None and newest is not None and (date_from is None or date_from <= newest):
        chart_to = newest
    stats = view.stats(StatsFilter(query.types, date_from, chart_to))
    args = {k: v for k, v in {"type": type, "mode": mode, "actor": actor, "country": country, "sector": sector,
                              "place": place, "date_from": date_from, "date_to": date_to, "text": text,
                              "sort": sort}.items() if v}
    types = [row["type"] for row in view.stats(StatsFilter())["by_type"]]

    def page_link(new_offset: int) -> str:
        return "/events?" + urlencode({**args, "offset": new_offset})

    return render(request, "events.html", page=page, chart=events_chart(stats["by_day"]), f=query, args=args,
                  types=types, modes=MODES, sorts={s: SORT_NAMES.get(s, s) for s in EVENT_SORTS},
                  page_link=page_link, rows=PAGE_ROWS)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    actor = view_of(request).actor(actor_id)
    peak = max((p["events"] for p in actor["acts_on"]), default=1)
    timeline = sorted(actor["events_as_source"] + actor["events_as_target"],
                      key=lambda e: (e["day"] or "", e["article_id"], e["event_id"]))
    return render(request, "actor.html", actor=actor, timeline=timeline, peak=peak)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    view = view_of(request)
    q = q.strip()
    results = None
    if q:
        events = view.events(EventQuery(text=q, limit=SEARCH_ROWS, sort="relevance"))
        results = {
            "articles": view.articles(ArticleQuery(q, limit=SEARCH_ROWS, sort="relevance")),
            "quotes": view.quotes(QuoteQuery(words=q, limit=SEARCH_ROWS, sort="relevance")),
            "events": {"total": events.total, "rows": [flat_event(h) for h in events]},
        }
    return render(request, "search.html", q=q, results=results)


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    return render(request, "docs.html")
