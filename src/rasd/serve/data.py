"""Read-only queries of the web app over a rasd store (rasd.store.database.Store).

Every query is SQL over the store's tables (rasd.store.rows: articles, entities, actors,
quotes, events; article_sources; dedup's event_clusters and cluster_reports where they
exist). Arguments come in as validated frozen dataclasses (`EventFilter`, ...): a bad one is
RasdError E024 before any SQL runs. Each thread has its own DuckDB cursor, so requests served
by uvicorn's thread pool run their queries side by side.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import Code, RasdError

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_TEXT_CHARS = 200  # a search text longer than this is not a search
EVENT_SORTS = {"day": "e.day ASC NULLS LAST", "-day": "e.day DESC NULLS LAST",
               "confidence": "e.confidence ASC", "-confidence": "e.confidence DESC", "type": "e.type ASC"}
QUOTE_SORTS = {"day": "q.day ASC NULLS LAST", "-day": "q.day DESC NULLS LAST"}
ACTOR_SORTS = {"mentions": "mentions DESC", "articles": "articles DESC", "name": "name ASC"}
MODES = ("asserted", "negated", "intended", "demanded", "threatened", "hypothetical")
EVENT_ID_SEPARATOR = ":"  # an event not in a cluster is ARTICLE_ID:EVENT_ID
EVIDENCE_CHARS = 400
TOP_PARTNERS = 10
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
class EventFilter:
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    place: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None
    article: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str = "-day"

    def __post_init__(self) -> None:
        _check_paging(self.limit, self.offset)
        _check_text(self.text)
        _check_dates(self.date_from, self.date_to)
        if self.sort not in EVENT_SORTS:
            raise bad_query(f"sort must be one of {', '.join(EVENT_SORTS)}, got {self.sort!r}")
        unknown = [m for m in self.modes if m not in MODES]
        if unknown:
            raise bad_query(f"unknown mode {unknown[0]!r}; modes: {', '.join(MODES)}")
        if any(not t.replace("_", "").isalpha() or not t.isupper() for t in self.types):
            raise bad_query(f"event types are PLOVER names in capitals, got {', '.join(self.types)}")
        for name in ("country", "sector"):
            value = getattr(self, name)
            if value is not None and not (value.isalpha() and value.isascii() and len(value) <= 3):
                raise bad_query(f"{name} is a 3-letter code (CAMEO/ISO), got {value!r}")


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    speaker: str | None = None
    text: str | None = None
    article: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str = "-day"

    def __post_init__(self) -> None:
        _check_paging(self.limit, self.offset)
        _check_text(self.text)
        _check_dates(self.date_from, self.date_to)
        if self.sort not in QUOTE_SORTS:
            raise bad_query(f"sort must be one of {', '.join(QUOTE_SORTS)}, got {self.sort!r}")


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
EVENT_FROM = """
    FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN actors src ON src.article_id = e.article_id AND src.id = e.source_actor
    LEFT JOIN actors tgt ON tgt.article_id = e.article_id AND tgt.id = e.target_actor"""


class StoreView:
    """The queries of the API and the pages, over one read-only `Store`."""

    def __init__(self, store):
        self.store = store
        self._local = threading.local()
        self._lock = threading.Lock()
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
        return self._cursor().execute(sql, params or []).fetchall()

    def _dicts(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cursor = self._cursor().execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [{n: _jsonable(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]

    # -- articles ----------------------------------------------------------------------------

    def article(self, article_id: str):
        """(Article, its other reports) or E026."""
        article = self.store.load_article(article_id)
        if article is None:
            raise RasdError(Code.E026_UNKNOWN_ID, f"article {article_id!r}")
        sources = [{k: _jsonable(v) for k, v in vars_of(s).items()} for s in self.store.sources(article.id)]
        return article, sources

    def search_articles(self, text: str, limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page:
        _check_paging(limit, offset)
        _check_text(text)
        where, params = "a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\'", [_like(text)] * 2
        total = self._run(f"SELECT count(*) FROM articles a WHERE {where}", params)[0][0]
        items = self._dicts(
            f"SELECT a.id, a.title, a.outlet, a.day, a.chars FROM articles a WHERE {where} "
            "ORDER BY a.day DESC NULLS LAST, a.id LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page(total, limit, offset, items)

    # -- events ------------------------------------------------------------------------------

    def _event_where(self, f: EventFilter) -> tuple[str, list]:
        clauses, params = ["TRUE"], []
        if f.types:
            clauses.append(f"e.type IN ({', '.join('?' * len(f.types))})")
            params += list(f.types)
        if f.modes:
            clauses.append(f"e.mode IN ({', '.join('?' * len(f.modes))})")
            params += list(f.modes)
        if f.actor:
            clauses.append("(e.source_actor = ? OR e.target_actor = ? OR src.registry_id = ? OR tgt.registry_id = ?)")
            params += [f.actor] * 4
        if f.country:
            clauses.append("(src.country = ? OR tgt.country = ? OR e.location_country = ?)")
            params += [f.country.upper()] * 3
        if f.sector:
            clauses.append("(src.sector = ? OR tgt.sector = ?)")
            params += [f.sector.upper()] * 2
        if f.place:
            clauses.append("(e.location_text ILIKE ? ESCAPE '\\' OR e.location_country = ?)")
            params += [_like(f.place), f.place.upper()]
        if f.date_from:
            clauses.append("e.day >= ?")
            params.append(f.date_from)
        if f.date_to:
            clauses.append("e.day <= ?")
            params.append(f.date_to)
        if f.article:
            clauses.append("e.article_id = ?")
            params.append(f.article)
        if f.text:
            clauses.append("(e.trigger_text ILIKE ? ESCAPE '\\' OR e.source_text ILIKE ? ESCAPE '\\' "
                           "OR e.target_text ILIKE ? ESCAPE '\\' OR e.location_text ILIKE ? ESCAPE '\\' "
                           "OR a.title ILIKE ? ESCAPE '\\')")
            params += [_like(f.text)] * 5
        return " AND ".join(clauses), params

    def events(self, f: EventFilter) -> Page:
        where, params = self._event_where(f)
        total = self._run(f"SELECT count(*) {EVENT_FROM} WHERE {where}", params)[0][0]
        cluster_col, cluster_join = "NULL AS cluster_id", ""
        if self.has_clusters:
            cluster_col = "cr.cluster_id"
            cluster_join = " LEFT JOIN cluster_reports cr ON cr.article_id = e.article_id AND cr.event_id = e.id"
        items = self._dicts(
            f"SELECT {EVENT_COLUMNS}, {cluster_col} {EVENT_FROM}{cluster_join} WHERE {where} "
            f"ORDER BY {EVENT_SORTS[f.sort]}, e.article_id, e.id LIMIT ? OFFSET ?", [*params, f.limit, f.offset])
        for item in items:
            item["id"] = item["cluster_id"] or f"{item['article_id']}{EVENT_ID_SEPARATOR}{item['event_id']}"
        return Page(total, f.limit, f.offset, items)

    def event(self, event_id: str) -> dict[str, Any]:
        """The cluster `event_id` names (or the one event ARTICLE:EVENT), every report with its evidence."""
        cluster = None
        if self.has_clusters:
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
            rows = self._dicts(f"SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.article_id = ? AND e.id = ?",
                               [article_id, local])
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

    def quotes(self, f: QuoteFilter) -> Page:
        clauses, params = ["TRUE"], []
        if f.speaker:
            clauses.append("(q.speaker_actor = ? OR sp.registry_id = ?)")
            params += [f.speaker] * 2
        if f.text:
            clauses.append("(q.content_text ILIKE ? ESCAPE '\\' OR q.speaker_text ILIKE ? ESCAPE '\\')")
            params += [_like(f.text)] * 2
        if f.article:
            clauses.append("q.article_id = ?")
            params.append(f.article)
        if f.date_from:
            clauses.append("q.day >= ?")
            params.append(f.date_from)
        if f.date_to:
            clauses.append("q.day <= ?")
            params.append(f.date_to)
        where = " AND ".join(clauses)
        base = ("FROM quotes q JOIN articles a ON a.id = q.article_id "
                "LEFT JOIN actors sp ON sp.article_id = q.article_id AND sp.id = q.speaker_actor")
        total = self._run(f"SELECT count(*) {base} WHERE {where}", params)[0][0]
        items = self._dicts(
            f"SELECT q.article_id, q.id, q.kind, q.day, q.content_start, q.content_end, q.content_text, "
            f"q.cue_text, q.speaker_text, q.speaker_actor, sp.name AS speaker_name, q.via_text, a.title, a.outlet "
            f"{base} WHERE {where} ORDER BY {QUOTE_SORTS[f.sort]}, q.article_id, q.id LIMIT ? OFFSET ?",
            [*params, f.limit, f.offset])
        return Page(total, f.limit, f.offset, items)

    # -- actors ------------------------------------------------------------------------------

    def actors(self, f: ActorFilter) -> Page:
        clauses, params = ["TRUE"], []
        if f.name:
            clauses.append("name ILIKE ? ESCAPE '\\'")
            params.append(_like(f.name))
        for col in ("kind", "country", "sector"):
            value = getattr(f, col)
            if value:
                clauses.append(f"{col} = ?")
                params.append(value if col == "kind" else value.upper())
        where = " AND ".join(clauses)
        grouped = ("SELECT id, mode(name) AS name, any_value(kind) AS kind, mode(country) AS country, "
                   "mode(sector) AS sector, any_value(registry_id) AS registry_id, sum(mentions) AS mentions, "
                   f"count(DISTINCT article_id) AS articles FROM actors WHERE {where} GROUP BY id")
        total = self._run(f"SELECT count(*) FROM ({grouped})", params)[0][0]
        items = self._dicts(f"SELECT * FROM ({grouped}) ORDER BY {ACTOR_SORTS[f.sort]}, id LIMIT ? OFFSET ?",
                            [*params, f.limit, f.offset])
        return Page(total, f.limit, f.offset, items)

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
        names = [r[0] for r in self._run(
            f"SELECT name FROM actors WHERE id IN ({marks}) GROUP BY name ORDER BY count(*) DESC LIMIT 10", ids)]
        roles = self._dicts(
            f"SELECT role, country, sector, min(role_date) AS first_day, max(role_date) AS last_day, "
            f"count(*) AS articles, min(article_id) AS article_id FROM actors WHERE id IN ({marks}) "
            "AND role IS NOT NULL GROUP BY role, country, sector ORDER BY first_day NULLS LAST, role", ids)
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
            f"SELECT e.target_actor AS id, mode(t.name) AS name, count(*) AS events, "
            f"list(DISTINCT e.type ORDER BY e.type) AS types FROM events e JOIN actors t ON t.article_id = e.article_id "
            f"AND t.id = e.target_actor WHERE e.source_actor IN ({marks}) AND e.target_actor NOT IN ({marks}) "
            f"GROUP BY e.target_actor ORDER BY events DESC, id LIMIT {TOP_PARTNERS}", [*ids, *ids])
        return {"id": actor_id, **head, "names": names, "roles": roles, "registry_roles": registry_roles,
                "events_as_source": as_source, "events_as_target": as_target, "quotes": quotes,
                "acts_on": partners}

    def _actor_events(self, ids: list[str], side: str) -> list[dict[str, Any]]:
        marks = ", ".join("?" * len(ids))
        items = self._dicts(f"SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.{side}_actor IN ({marks}) "
                            f"ORDER BY e.day NULLS LAST, e.article_id, e.id LIMIT {ACTOR_PAGE_ROWS}", ids)
        for item in items:
            item["id"] = f"{item['article_id']}{EVENT_ID_SEPARATOR}{item['event_id']}"
        return items

    # -- stats -------------------------------------------------------------------------------

    def stats(self, f: StatsFilter) -> dict[str, Any]:
        clauses, params = ["day IS NOT NULL"], []
        if f.types:
            clauses.append(f"type IN ({', '.join('?' * len(f.types))})")
            params += list(f.types)
        if f.date_from:
            clauses.append("day >= ?")
            params.append(f.date_from)
        if f.date_to:
            clauses.append("day <= ?")
            params.append(f.date_to)
        where = " AND ".join(clauses)
        by_day = self._dicts(f"SELECT day, type, count(*) AS events FROM events WHERE {where} "
                             "GROUP BY day, type ORDER BY day, type", params)
        by_type = self._dicts(f"SELECT type, count(*) AS events FROM events WHERE {where} "
                              "GROUP BY type ORDER BY events DESC, type", params)
        totals = {name: self._run(f"SELECT count(*) FROM {name}")[0][0]
                  for name in ("articles", "events", "quotes", "entities")}
        return {"by_day": by_day, "by_type": by_type, "totals": totals}

    def latest_day(self) -> dt.date | None:
        row = self._run("SELECT max(day) FROM events")
        return row[0][0] if row else None


def vars_of(row) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__slots__} if hasattr(row, "__slots__") else dict(vars(row))
