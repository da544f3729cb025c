"""Read-only queries of the web app over a rasd store (rasd.store.database.Store).

Events, quotations and articles are searched with rasd.store.search (typed queries
validated in __post_init__, E024; the Arabic text index; dedup's clusters). The rest is SQL
over the store's tables (rasd.store.rows: articles, entities, actors, quotes, events;
article_sources; dedup's event_clusters and cluster_reports where they exist): an actor's
page, an event cluster with its reports, the counts for the charts. Each thread has its own DuckDB cursor, so requests served
by uvicorn's thread pool run their queries side by side.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import Code, RasdError
from rasd.store.search import (
    ArticleQuery,
    EventQuery,
    Hits,
    QuoteQuery,
    hit_to_dict,
    search_articles,
    search_events,
    search_quotes,
)
from rasd.store.sql import Where

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_TEXT_CHARS = 200  # a search text longer than this is not a search
ACTOR_SORTS = {"mentions": "mentions DESC", "articles": "articles DESC", "name": "name ASC"}
EVENT_ID_SEPARATOR = ":"  # an event not in a cluster is ARTICLE_ID:EVENT_ID
EVIDENCE_CHARS = 400
TOP_PARTNERS = 10
MAX_ROLES = 30  # the most-attested titles; a head of state collects hundreds of phrasings
ACTOR_PAGE_ROWS = 100


def bad_query(detail: str) -> RasdError:
    return RasdError(Code.E024_BAD_QUERY, detail)


def _check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise bad_query(f"limit must be 1-{MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise bad_query(f"offset must be >= 0, got {offset}")


def _check_text(text: str | None, name: str = "text") -> None:
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise bad_query(f"{name} longer than {MAX_TEXT_CHARS} characters")


def _check_dates(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise bad_query(f"date_from {date_from} is after date_to {date_to}")


def _like(text: str) -> str:
    """An ILIKE pattern matching `text` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True, slots=True)
class ActorFilter:
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str = "mentions"

    def __post_init__(self) -> None:
        _check_paging(self.limit, self.offset)
        _check_text(self.name, "name")
        if self.sort not in ACTOR_SORTS:
            raise bad_query(f"sort must be one of {', '.join(ACTOR_SORTS)}, got {self.sort!r}")


@dataclass(frozen=True, slots=True)
class StatsFilter:
    types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        _check_dates(self.date_from, self.date_to)


@dataclass(slots=True)
class Page:
    """One page of results and the count of all that matched."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


EVENT_COLUMNS = """
    e.article_id, e.id AS event_id, e.type, e.mode, e.day, e.date, e.confidence, e.sentence,
    e.trigger_start, e.trigger_end, e.trigger_text,
    e.source_actor, e.source_text, src.name AS source_name, src.country AS source_country,
    src.sector AS source_sector,
    e.target_actor, e.target_text, tgt.name AS target_name, tgt.country AS target_country,
    tgt.sector AS target_sector,
    e.location_text, e.location_country, a.title, a.outlet"""
# Joined to the selected events only (a CTE with its LIMIT), never to the whole table.
EVENT_JOINS = """
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN actors src ON src.article_id = e.article_id AND src.id = e.source_actor
    LEFT JOIN actors tgt ON tgt.article_id = e.article_id AND tgt.id = e.target_actor"""
EVENT_ORDER = "e.day NULLS LAST, e.article_id, e.id"
CACHE_ENTRIES = 256
# Queries run at once; more wait their turn. On the loaded 2-core machine 20 clients with every
# query side by side got 7.2 requests/s (median 2.7 s), against 12.5 for one client alone
# (bench/bench_serve.py): DuckDB's threads and the GIL thrash. With 2 slots per core: 13.0
# requests/s, median 1.5 s (1 per core: 13.2, the same); two let a fast query pass a slow one.
QUERY_SLOTS = 2 * (os.cpu_count() or 1)


class StoreView:
    """The queries of the API and the pages, over one read-only `Store`."""

    def __init__(self, store):
        self.store = store
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: dict[Any, Any] = {}
        self._slots = threading.BoundedSemaphore(QUERY_SLOTS)
        tables = {r[0] for r in self._run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")}
        self.has_clusters = {"event_clusters", "cluster_reports"} <= tables

    # -- plumbing ----------------------------------------------------------------------------

    def _cursor(self):
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._lock:  # making a cursor touches the shared connection
                cursor = self.store.connection.cursor()
            self._local.cursor = cursor
        return cursor

    def _run(self, sql: str, params: list | None = None) -> list[tuple]:
        with self._slots:
            return self._cursor().execute(sql, params or []).fetchall()

    def _dicts(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        with self._slots:
            cursor = self._cursor().execute(sql, params or [])
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        return [{n: _jsonable(v) for n, v in zip(names, row, strict=True)} for row in rows]

    # -- articles ----------------------------------------------------------------------------

    def article(self, article_id: str):
        """(Article, its other reports) or E026."""
        article = self.store.load_article(article_id)
        if article is None:
            raise RasdError(Code.E026_UNKNOWN_ID, f"article {article_id!r}")
        sources = [{k: _jsonable(v) for k, v in vars_of(s).items()} for s in self.store.sources(article.id)]
        return article, sources

    # -- events ------------------------------------------------------------------------------

    def events(self, query: EventQuery) -> Hits:
        """One page of events (rasd.store.search: filters, the text index, clusters)."""
        with self._slots:
            return search_events(self._cursor(), query)

    def event(self, event_id: str) -> dict[str, Any]:
        """The cluster `event_id` names (or the one event ARTICLE:EVENT), every report with its evidence."""
        cluster = None
        if self.has_clusters:
            article_id, sep, local = event_id.rpartition(EVENT_ID_SEPARATOR)
            if sep:  # one report: the cluster it belongs to, when it is in one
                found = self._run("SELECT cluster_id FROM cluster_reports WHERE article_id = ? AND event_id = ?",
                                  [article_id, local])
                event_id = found[0][0] if found else event_id
            found = self._dicts("SELECT * FROM event_clusters WHERE cluster_id = ?", [event_id])
            cluster = found[0] if found else None
        if cluster is not None:
            keys = self._run("SELECT article_id, event_id, evidence_start, evidence_end FROM cluster_reports "
                             "WHERE cluster_id = ? ORDER BY day, article_id", [event_id])
        else:
            article_id, sep, local = event_id.rpartition(EVENT_ID_SEPARATOR)
            if not sep:
                raise RasdError(Code.E026_UNKNOWN_ID, f"event {event_id!r}")
            keys = [(article_id, local, None, None)]
        reports = []
        for article_id, local, ev_start, ev_end in keys:
            rows = self._event_rows("e.article_id = ? AND e.id = ?", [article_id, local], 1)
            if not rows:
                continue
            report = rows[0]
            report["evidence"] = self._evidence(article_id, report, ev_start, ev_end)
            reports.append(report)
        if not reports:
            raise RasdError(Code.E026_UNKNOWN_ID, f"event {event_id!r}")
        head = cluster or {"cluster_id": None, "type": reports[0]["type"], "mode": reports[0]["mode"],
                           "day": reports[0]["day"], "report_count": 1}
        return {"id": event_id, **head, "reports": reports}

    def _evidence(self, article_id: str, report: dict, start: int | None, end: int | None) -> dict[str, Any]:
        text, sentences = self._run("SELECT text, sentences FROM articles WHERE id = ?", [article_id])[0]
        if start is None:
            spans = json.loads(sentences)
            sentence = report["sentence"]
            start, end = (spans[sentence][0], spans[sentence][1]) if 0 <= sentence < len(spans) else (
                report["trigger_start"], report["trigger_end"])
        if end - start > EVIDENCE_CHARS:  # a run-on sentence: the words around the trigger
            start = max(start, report["trigger_start"] - EVIDENCE_CHARS // 2)
            end = min(end, start + EVIDENCE_CHARS)
        return {"start": start, "end": end, "text": text[start:end]}

    # -- quotes ------------------------------------------------------------------------------

    def quotes(self, query: QuoteQuery) -> Hits:
        with self._slots:
            return search_quotes(self._cursor(), query)

    def articles(self, query: ArticleQuery) -> Hits:
        with self._slots:
            return search_articles(self._cursor(), query)

    # -- actors ------------------------------------------------------------------------------

    def actors(self, f: ActorFilter) -> Page:
        """Actors by mentions: counted first over the ids alone, names read for the page only."""
        cached = self._cache.get(f)
        if cached is not None:
            return cached
        filters = Where()
        if f.name:
            filters.add("name ILIKE ? ESCAPE '\\'", _like(f.name))
        filters.equal("kind", f.kind or None)
        filters.equal("country", (f.country or "").upper()).equal("sector", (f.sector or "").upper())
        where, params = filters.sql(), filters.params
        # An actor is listed once per article, so its rows count its articles.
        grouped = (f"SELECT id, sum(mentions) AS mentions, count(*) AS articles, min(name) AS first_name "
                   f"FROM actors WHERE {where} GROUP BY id")
        order = ACTOR_SORTS[f.sort].replace("name", "first_name")
        total = self._run(f"SELECT count(*) FROM ({grouped})", params)[0][0]
        page = self._dicts(f"SELECT id, mentions, articles FROM ({grouped}) ORDER BY {order}, id LIMIT ? OFFSET ?",
                           [*params, f.limit, f.offset])
        details = self._details([item["id"] for item in page])
        items = [{"id": item["id"], **details.get(item["id"], {}), "mentions": item["mentions"],
                  "articles": item["articles"]} for item in page]
        result = Page(total, f.limit, f.offset, items)
        self._remember(f, result)
        return result

    def _details(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Name, kind, country, sector (the most frequent of each) of these actor ids."""
        if not ids:
            return {}
        rows = self._dicts(
            "SELECT id, mode(name) AS name, any_value(kind) AS kind, mode(country) AS country, "
            f"mode(sector) AS sector, any_value(registry_id) AS registry_id FROM actors "
            f"WHERE id IN ({', '.join('?' * len(ids))}) GROUP BY id", ids)
        return {row.pop("id"): row for row in rows}

    def _remember(self, key, value) -> None:
        """The store is read-only while served: an answer stays right; keep the latest few."""
        if len(self._cache) >= CACHE_ENTRIES:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = value

    def actor(self, actor_id: str) -> dict[str, Any]:
        """One actor: names, dated roles, quotations, events as source and target, top partners."""
        ids = [r[0] for r in self._run("SELECT DISTINCT id FROM actors WHERE id = ? OR registry_id = ?",
                                       [actor_id, actor_id])]
        if not ids:
            raise RasdError(Code.E026_UNKNOWN_ID, f"actor {actor_id!r}")
        marks = ", ".join("?" * len(ids))
        head = self._dicts(
            "SELECT mode(name) AS name, any_value(kind) AS kind, mode(country) AS country, mode(sector) AS sector, "
            "any_value(registry_id) AS registry_id, any_value(cameo) AS cameo, sum(mentions) AS mentions, "
            f"count(DISTINCT article_id) AS articles FROM actors WHERE id IN ({marks})", ids)[0]
        other_names = [r[0] for r in self._run(
            f"SELECT name FROM actors WHERE id IN ({marks}) GROUP BY name ORDER BY count(*) DESC LIMIT 10", ids)]
        roles = self._dicts(
            f"SELECT role, country, sector, min(role_date) AS first_day, max(role_date) AS last_day, "
            f"count(*) AS articles, min(article_id) AS article_id FROM actors WHERE id IN ({marks}) "
            "AND role IS NOT NULL GROUP BY role, country, sector ORDER BY articles DESC, first_day NULLS LAST, role "
            f"LIMIT {MAX_ROLES}", ids)
        registry_roles: list[dict] = []
        for (roles_json,) in self._run(f"SELECT DISTINCT roles FROM actors WHERE id IN ({marks})", ids):
            for role in json.loads(roles_json or "[]"):
                if role not in registry_roles:
                    registry_roles.append(role)
        as_source = self._actor_events(ids, "source")
        as_target = self._actor_events(ids, "target")
        quotes = self._dicts(
            "SELECT q.article_id, q.id, q.kind, q.day, q.content_start, q.content_end, q.content_text, "
            f"q.cue_text, a.title FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE q.speaker_actor IN ({marks}) ORDER BY q.day NULLS LAST, q.article_id, q.id LIMIT {ACTOR_PAGE_ROWS}",
            ids)
        partners = self._dicts(
            f"SELECT e.target_actor AS id, count(*) AS events, list(DISTINCT e.type ORDER BY e.type) AS types "
            f"FROM events e WHERE e.source_actor IN ({marks}) AND e.target_actor NOT IN ({marks}) "
            f"GROUP BY e.target_actor ORDER BY events DESC, id LIMIT {TOP_PARTNERS}", [*ids, *ids])
        names = self._details([p["id"] for p in partners])
        for partner in partners:
            partner["name"] = names.get(partner["id"], {}).get("name")
        return {"id": actor_id, **head, "names": other_names, "roles": roles, "registry_roles": registry_roles,
                "events_as_source": as_source, "events_as_target": as_target, "quotes": quotes,
                "acts_on": partners}

    def _actor_events(self, ids: list[str], side: str) -> list[dict[str, Any]]:
        marks = ", ".join("?" * len(ids))
        items = self._event_rows(f"e.{side}_actor IN ({marks})", ids, ACTOR_PAGE_ROWS)
        for item in items:
            item["id"] = f"{item['article_id']}{EVENT_ID_SEPARATOR}{item['event_id']}"
        return items

    def _event_rows(self, where: str, params: list, limit: int) -> list[dict[str, Any]]:
        """Events as flat rows with titles and actor names, oldest first. The keys are chosen
        first (two columns to sort, not all of them), then joined to their details: 2x
        faster on the 237,000 events of the ANT store."""
        return self._dicts(
            f"WITH k AS (SELECT article_id, id FROM events e WHERE {where} ORDER BY {EVENT_ORDER} "
            f"LIMIT {int(limit)}) SELECT {EVENT_COLUMNS} FROM k JOIN events e ON e.article_id = k.article_id "
            f"AND e.id = k.id {EVENT_JOINS} ORDER BY {EVENT_ORDER}", params)

    # -- stats -------------------------------------------------------------------------------

    def stats(self, f: StatsFilter) -> dict[str, Any]:
        cached = self._cache.get(f)
        if cached is not None:
            return cached
        filters = Where().add("day IS NOT NULL").one_of("type", f.types).dates("day", f.date_from, f.date_to)
        where, params = filters.sql(), filters.params
        by_day = self._dicts(f"SELECT day, type, count(*) AS events FROM events WHERE {where} "
                             "GROUP BY day, type ORDER BY day, type", params)
        by_type = self._dicts(f"SELECT type, count(*) AS events FROM events WHERE {where} "
                              "GROUP BY type ORDER BY events DESC, type", params)
        totals = {name: self._run(f"SELECT count(*) FROM {name}")[0][0]
                  for name in ("articles", "events", "quotes", "entities")}
        result = {"by_day": by_day, "by_type": by_type, "totals": totals}
        self._remember(f, result)
        return result

    def latest_day(self) -> dt.date | None:
        """The newest article's day: "today" for the store (an event's own resolved date can
        lie years later, a misread)."""
        row = self._run("SELECT max(day) FROM articles")
        return row[0][0] if row else None


def vars_of(row) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__slots__} if hasattr(row, "__slots__") else dict(vars(row))


def event_id_of(hit) -> str:
    """The id /api/events/{id} takes for a hit: its cluster's, else ARTICLE_ID:EVENT_ID."""
    if hit.cluster is not None:
        return hit.cluster.cluster_id
    return f"{hit.article.article_id}{EVENT_ID_SEPARATOR}{hit.event_id}"


def event_item(hit) -> dict[str, Any]:
    """An event hit as JSON, with its id."""
    return {"id": event_id_of(hit), **hit_to_dict(hit)}


def flat_event(hit) -> dict[str, Any]:
    """An event hit as the flat row the page templates show (the shape of StoreView's own
    event rows: actor pages, clusters)."""

    def side(ref, name: str) -> dict[str, Any]:
        if ref is None:
            return {f"{name}_{k}": None for k in ("actor", "text", "name", "country", "sector")}
        return {f"{name}_actor": ref.actor_id, f"{name}_text": ref.mention.text, f"{name}_name": ref.name,
                f"{name}_country": ref.country, f"{name}_sector": ref.sector}

    return {"id": event_id_of(hit), "article_id": hit.article.article_id, "event_id": hit.event_id,
            "type": hit.type, "mode": hit.mode, "day": _jsonable(hit.day), "date": hit.date,
            "confidence": hit.confidence, "trigger_start": hit.trigger.start, "trigger_end": hit.trigger.end,
            "trigger_text": hit.trigger.text, **side(hit.source, "source"), **side(hit.target, "target"),
            "location_text": hit.place.text if hit.place else None, "location_country": hit.place_country,
            "title": hit.article.title, "outlet": hit.article.outlet,
            "cluster_id": hit.cluster.cluster_id if hit.cluster else None}
