"""Typed rows of the store: one dataclass per table, column names = field names.

An `Article` becomes one `ArticleRow` plus lists of entity, actor, quote and event rows
(`rows_from_article`), and comes back whole from them (`article_from_rows`): what rasd's
contract JSON says about an article is kept, so `article_from_rows(rows_from_article(a))`
serialises (`rasd.output.article_to_dict`) to the same JSON as `a`. Spans are flattened as
`<name>_start`, `<name>_end`, `<name>_text` (the text is kept beside the offsets so that a
query never has to slice the article); an actor reference is `<name>_actor`, the
article-local actor id. A missing span (no cue, no speaker, ...) is None in all three.

The few list-valued fields (sentences, warnings, a quote's via chain, an actor's ids and
dated roles) are JSON strings, so that every table is flat for Parquet and CSV alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import typing
from dataclasses import dataclass, field, fields
from functools import cache
from operator import attrgetter
from typing import Any

from rasd.errors import Code, RasdError
from rasd.model import (
    Actor,
    ActorSpan,
    Article,
    Entity,
    Event,
    Location,
    Metadata,
    Quote,
    Sentence,
    Span,
    Warning,
)

# Content hashes: hex digits of the SHA-1 of the cleaned text. 16 digits (64 bits) make an
# accidental collision among a few hundred million articles unlikely (~1e-3 at 2e8).
CONTENT_HASH_CHARS = 16
ISO_DATE_CHARS = 10
# Registry ids are "r" + 12 hex digits (rasd.store.registry.registry_id).
REGISTRY_ID_PREFIX = "r"
REGISTRY_ID_CHARS = 13
CAMEO_KEY = "cameo"
# Stage names joined in ArticleRow.stages.
STAGE_SEPARATOR = ","


@dataclass(slots=True)
class ArticleRow:
    id: str
    content_hash: str
    url: str | None
    outlet: str | None
    section: str | None
    title: str | None
    byline: str | None
    published: str | None  # ISO 8601 as the article gave it
    day: dt.date | None  # the date of `published`
    language: str
    text: str
    source: str | None  # where the document came from (path, path:line, WARC record)
    sentences: str  # JSON [[start, end, paragraph], ...]
    warnings: str  # JSON [[code, message], ...]
    stages: str  # the stages that ran, comma-separated
    chars: int  # len(text), for size queries without reading the text


@dataclass(slots=True)
class EntityRow:
    article_id: str
    id: str
    type: str
    span_start: int
    span_end: int
    span_text: str
    actor: str | None
    confidence: float


@dataclass(slots=True)
class ActorRow:
    article_id: str
    id: str  # article-local id (a registry id when the run used a registry)
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None  # the title the article gives, held on `role_date`
    role_date: dt.date | None  # the article's day: when the article says the role was held
    cameo: str | None  # ids["cameo"], a column of its own for queries
    registry_id: str | None  # the registry's stable id, where there is one
    ids: str  # JSON {scheme: id}
    roles: str  # JSON [RoleRecord fields, ...]: the registry's dated roles, where known
    mentions: int  # entities of the article that refer to this actor


@dataclass(slots=True)
class QuoteRow:
    article_id: str
    id: str
    kind: str
    content_start: int
    content_end: int
    content_text: str
    cue_start: int | None
    cue_end: int | None
    cue_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker_actor: str | None
    speaker_anonymous: bool | None
    via: str  # JSON [[start, end, actor], ...] from the speaker outward
    via_text: str | None  # the via spans' texts joined by " / " (display, search)
    day: dt.date | None  # the article's day


@dataclass(slots=True)
class EventRow:
    article_id: str
    id: str
    type: str
    mode: str
    sentence: int
    trigger_start: int
    trigger_end: int
    trigger_text: str
    source_start: int | None
    source_end: int | None
    source_text: str | None
    source_actor: str | None
    target_start: int | None
    target_end: int | None
    target_text: str | None
    target_actor: str | None
    location_start: int | None
    location_end: int | None
    location_text: str | None
    location_country: str | None
    date: str | None  # the event's own date (ISO) when resolved
    day: dt.date | None  # the event's date, else the article's day
    confidence: float


@dataclass(slots=True)
class SourceRow:
    """An article stored once for several reports: `source_id` repeats `article_id`."""

    article_id: str
    source_id: str
    outlet: str | None
    url: str | None
    published: str | None
    title: str | None
    section: str | None
    source: str | None
    similarity: float | None  # 1.0 identical text; else near-identical (rasd.store.dedup), None: unknown


@dataclass(slots=True)
class FailureRow:
    """A document that could not be analysed, kept so that documents in = stored + failed."""

    source: str
    code: str
    message: str
    skipped: bool


@dataclass(slots=True)
class ArticleRows:
    article: ArticleRow
    entities: list[EntityRow] = field(default_factory=list)
    actors: list[ActorRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)

    def table(self, name: str) -> list[Any]:
        """The rows of one table (`TABLE_ROWS` name)."""
        return [self.article] if name == "articles" else getattr(self, name)


TABLE_ROWS: dict[str, type] = {
    "articles": ArticleRow,
    "entities": EntityRow,
    "actors": ActorRow,
    "quotes": QuoteRow,
    "events": EventRow,
}


def column_names(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


def column_types(row_type: type) -> dict[str, type]:
    """Field name -> its Python type with None stripped (str, int, float, bool, date)."""
    hints = typing.get_type_hints(row_type)
    out = {}
    for name in column_names(row_type):
        args = [a for a in typing.get_args(hints[name]) if a is not type(None)]
        out[name] = args[0] if args else hints[name]
    return out


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:CONTENT_HASH_CHARS]


def day_of(iso: str | None) -> dt.date | None:
    """The date an ISO 8601 date or date-time names; None when there is none or it is not ISO."""
    if not iso or len(iso) < ISO_DATE_CHARS:
        return None
    try:
        return dt.date.fromisoformat(iso[:ISO_DATE_CHARS])
    except ValueError:
        return None


# One encoder for every row: json.dumps with options builds a new encoder per call, which
# was a sixth of the import's time (58,000 small values per 3,000 articles).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> str:
    if not value:
        return "[]" if isinstance(value, list | tuple) else "{}"
    return _ENCODE(value)


def _registry_id(actor: Actor) -> str | None:
    ident = actor.ids.get("registry") or actor.id
    if len(ident) == REGISTRY_ID_CHARS and ident.startswith(REGISTRY_ID_PREFIX):
        return ident
    return None


def rows_from_article(article: Article) -> ArticleRows:
    meta = article.meta
    text = article.text
    day = day_of(meta.published)
    aid = meta.id
    row = ArticleRow(
        aid, content_hash(text), meta.url, meta.outlet, meta.section, meta.title, meta.byline,
        meta.published, day, article.language, text, meta.source,
        _json([[s.start, s.end, s.paragraph] for s in article.sentences]),
        _json([[w.code.value, w.message] for w in article.warnings]),
        STAGE_SEPARATOR.join(sorted(article.done)), len(text))
    mentions: dict[str, int] = {}
    entities = []
    for e in article.entities:
        if e.actor is not None:
            mentions[e.actor] = mentions.get(e.actor, 0) + 1
        entities.append(EntityRow(aid, e.id, e.type, e.start, e.end, text[e.start:e.end], e.actor, e.confidence))
    actors = [
        ActorRow(aid, a.id, a.name, a.kind, a.country, a.sector, a.role, day if a.role else None,
                 a.ids.get(CAMEO_KEY), _registry_id(a), _json(a.ids), "[]", mentions.get(a.id, 0))
        for a in article.actors]
    quotes = [_quote_row(aid, text, q, day) for q in article.quotes]
    events = [_event_row(aid, text, e, day) for e in article.events]
    return ArticleRows(row, entities, actors, quotes, events)


def _span_cols(text: str, span: Span | ActorSpan | Location | None) -> tuple:
    if span is None:
        return None, None, None
    return span.start, span.end, text[span.start:span.end]


def _quote_row(aid: str, text: str, q: Quote, day: dt.date | None) -> QuoteRow:
    sp = q.speaker
    via_text = " / ".join(text[v.start:v.end] for v in q.via) if q.via else None
    return QuoteRow(
        aid, q.id, q.kind, q.content.start, q.content.end, text[q.content.start:q.content.end],
        *_span_cols(text, q.cue), *_span_cols(text, sp),
        sp.actor if sp else None, sp.anonymous if sp else None,
        _json([[v.start, v.end, v.actor] for v in q.via]), via_text, day)


def _event_row(aid: str, text: str, e: Event, day: dt.date | None) -> EventRow:
    src, tgt, loc = e.source, e.target, e.location
    return EventRow(
        aid, e.id, e.type, e.mode, e.sentence, e.trigger.start, e.trigger.end,
        text[e.trigger.start:e.trigger.end],
        *_span_cols(text, src), src.actor if src else None,
        *_span_cols(text, tgt), tgt.actor if tgt else None,
        *_span_cols(text, loc), loc.country if loc else None,
        e.date, day_of(e.date) or day, e.confidence)


def _warning(code: str, message: str) -> Warning:
    try:
        return Warning(Code(code), message)
    except ValueError as exc:
        raise RasdError(Code.E009_BAD_RECORD, f"unknown warning code {code!r}") from exc


def article_from_rows(rows: ArticleRows) -> Article:
    a = rows.article
    meta = Metadata(a.id, a.url, a.outlet, a.section, a.title, a.byline, a.published, a.source)
    article = Article(text=a.text, meta=meta, language=a.language)
    article.sentences = [Sentence(s, e, p) for s, e, p in json.loads(a.sentences)]
    article.warnings = [_warning(c, m) for c, m in json.loads(a.warnings)]
    article.done = set(a.stages.split(STAGE_SEPARATOR)) if a.stages else set()
    article.entities = [Entity(e.span_start, e.span_end, e.type, e.id, e.actor, e.confidence) for e in rows.entities]
    article.actors = [Actor(r.id, r.name, r.kind, r.country, r.sector, r.role, json.loads(r.ids)) for r in rows.actors]
    article.quotes = [
        Quote(q.id, q.kind, Span(q.content_start, q.content_end),
              Span(q.cue_start, q.cue_end) if q.cue_start is not None else None,
              ActorSpan(q.speaker_start, q.speaker_end, q.speaker_actor, bool(q.speaker_anonymous))
              if q.speaker_start is not None else None,
              [ActorSpan(s, e, actor) for s, e, actor in json.loads(q.via)])
        for q in rows.quotes]
    article.events = [
        Event(e.id, e.type, e.mode, Span(e.trigger_start, e.trigger_end), e.sentence,
              ActorSpan(e.source_start, e.source_end, e.source_actor) if e.source_start is not None else None,
              ActorSpan(e.target_start, e.target_end, e.target_actor) if e.target_start is not None else None,
              Location(e.location_start, e.location_end, e.location_country)
              if e.location_start is not None else None,
              e.date, e.confidence)
        for e in rows.events]
    return article


def _actor_span(value: dict | None, with_anonymous: bool = False) -> ActorSpan | None:
    if value is None:
        return None
    return ActorSpan(value["start"], value["end"], value.get("actor"), bool(value.get("anonymous", False)))


def article_from_contract(record: dict) -> Article:
    """An `Article` from rasd's contract JSON (`rasd.analysis/1`, what `rasd analyze` prints).

    Tokens are not in the contract and stay empty; a sentence's paragraph is the number of
    line breaks before it (paragraphs are separated by one `\\n`); `done` names the layers the
    record has. A record that is not contract JSON is E009."""
    try:
        block = record["article"]
        text = block["text"]
        meta = Metadata(block.get("id") or "", block.get("url"), block.get("outlet"), block.get("section"),
                        block.get("title"), block.get("byline"), block.get("published"), block.get("source"))
        article = Article(text=text, meta=meta, language=block.get("language") or "und")
        article.sentences = [Sentence(s["start"], s["end"], text.count("\n", 0, s["start"]))
                             for s in record.get("sentences", ())]
        article.entities = [Entity(e["start"], e["end"], e["type"], e.get("id", ""), e.get("actor"))
                            for e in record.get("entities", ())]
        article.actors = [Actor(a["id"], a["name"], a["kind"], a.get("country"), a.get("sector"),
                                a.get("role"), dict(a.get("ids") or {})) for a in record.get("actors", ())]
        article.quotes = [
            Quote(q["id"], q["kind"], Span(q["content"]["start"], q["content"]["end"]),
                  Span(q["cue"]["start"], q["cue"]["end"]) if q.get("cue") else None,
                  _actor_span(q.get("speaker")), [_actor_span(v) for v in q.get("via", ())])
            for q in record.get("quotes", ())]
        article.events = [_contract_event(e) for e in record.get("events", ())]
        article.warnings = [_warning(w["code"], w["message"]) for w in record.get("warnings", ())]
    except (KeyError, TypeError, AttributeError) as exc:
        raise RasdError(Code.E009_BAD_RECORD, f"not rasd contract JSON: {type(exc).__name__} {exc}") from exc
    article.done = {name for name in ("sentences", "entities", "actors", "quotes", "events") if name in record}
    return article


def _contract_event(e: dict) -> Event:
    loc = e.get("location")
    return Event(e["id"], e["type"], e["mode"], Span(e["trigger"]["start"], e["trigger"]["end"]), e["sentence"],
                 _actor_span(e.get("source")), _actor_span(e.get("target")),
                 Location(loc["start"], loc["end"], loc.get("country")) if loc else None,
                 e.get("date"), float(e.get("confidence", 0.5)))


def table_columns(row_type: type, rows: list) -> dict[str, list]:
    """Rows of one type as columns (field name -> values), for columnar inserts."""
    names = column_names(row_type)
    if not rows:
        return {name: [] for name in names}
    columns = zip(*map(attrgetter(*names), rows), strict=True)  # one C-level pass over the rows
    return dict(zip(names, map(list, columns), strict=True))


@cache
def arrow_schema(row_type: type):
    """The pyarrow schema of a row type (the Parquet files of a backfill use it)."""
    import pyarrow as pa

    kinds = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}
    return pa.schema([(name, kinds[kind]) for name, kind in column_types(row_type).items()])


def arrow_table(row_type: type, rows: list):
    """Rows of one type as a pyarrow Table with `arrow_schema(row_type)`."""
    import pyarrow as pa

    return pa.Table.from_pydict(table_columns(row_type, rows), schema=arrow_schema(row_type))


def _paragraphs(text: str, sentences: list[dict]) -> list[list[int]]:
    """[[start, end, paragraph], ...]: the paragraph is the number of line breaks before the
    sentence, counted once along the text (sentences come in text order)."""
    out, pos, paragraph = [], 0, 0
    for s in sentences:
        start = s["start"]
        if start >= pos:
            paragraph += text.count("\n", pos, start)
            pos = start
        else:  # out of order: count from the beginning
            paragraph, pos = text.count("\n", 0, start), start
        out.append([start, s["end"], paragraph])
    return out


def _contract_span(text: str, span: dict | None) -> tuple:
    if span is None:
        return None, None, None
    start, end = span["start"], span["end"]
    return start, end, text[start:end]


def rows_from_contract(record: dict) -> ArticleRows:
    """`rows_from_article(article_from_contract(record))` without the Article in between:
    the import path of `rasd store import` (the store's load rate is bounded by this)."""
    if isinstance(record, dict) and "article" not in record and ("text" in record or "html" in record):
        raise RasdError(Code.E009_BAD_RECORD, "an article to analyse, not rasd's output: "
                        "rasd analyze FILE --store STORE analyses and stores it")
    try:
        block = record["article"]
        text = block["text"]
        aid = block.get("id") or ""
        published = block.get("published")
        day = day_of(published)
        warnings = [[w["code"], w["message"]] for w in record.get("warnings", ())]
        for code, message in warnings:
            _warning(code, message)
        done = sorted(name for name in ("sentences", "entities", "actors", "quotes", "events") if name in record)
        row = ArticleRow(
            aid, content_hash(text), block.get("url"), block.get("outlet"), block.get("section"),
            block.get("title"), block.get("byline"), published, day, block.get("language") or "und", text,
            block.get("source"), _json(_paragraphs(text, record.get("sentences", ()))), _json(warnings),
            STAGE_SEPARATOR.join(done), len(text))
        mentions: dict[str, int] = {}
        entities = []
        for e in record.get("entities", ()):
            actor, start, end = e.get("actor"), e["start"], e["end"]
            if actor is not None:
                mentions[actor] = mentions.get(actor, 0) + 1
            entities.append(EntityRow(aid, e.get("id", ""), e["type"], start, end, text[start:end], actor, 1.0))
        actors = []
        for a in record.get("actors", ()):
            ids = a.get("ids") or {}
            role = a.get("role")
            ident = ids.get("registry") or a["id"]
            registry = ident if len(ident) == REGISTRY_ID_CHARS and ident.startswith(REGISTRY_ID_PREFIX) else None
            actors.append(ActorRow(aid, a["id"], a["name"], a["kind"], a.get("country"), a.get("sector"), role,
                                   day if role else None, ids.get(CAMEO_KEY), registry, _json(ids), "[]",
                                   mentions.get(a["id"], 0)))
        quotes = []
        for q in record.get("quotes", ()):
            sp = q.get("speaker")
            via = q.get("via") or ()
            quotes.append(QuoteRow(
                aid, q["id"], q["kind"], *_contract_span(text, q["content"]), *_contract_span(text, q.get("cue")),
                *_contract_span(text, sp), sp.get("actor") if sp else None,
                bool(sp.get("anonymous", False)) if sp else None,
                _json([[v["start"], v["end"], v.get("actor")] for v in via]),
                " / ".join(text[v["start"]:v["end"]] for v in via) if via else None, day))
        events = []
        for e in record.get("events", ()):
            src, tgt, loc = e.get("source"), e.get("target"), e.get("location")
            date = e.get("date")
            events.append(EventRow(
                aid, e["id"], e["type"], e["mode"], e["sentence"], *_contract_span(text, e["trigger"]),
                *_contract_span(text, src), src.get("actor") if src else None,
                *_contract_span(text, tgt), tgt.get("actor") if tgt else None,
                *_contract_span(text, loc), loc.get("country") if loc else None,
                date, day_of(date) or day, float(e.get("confidence", 0.5))))
    except (KeyError, TypeError, AttributeError) as exc:
        raise RasdError(Code.E009_BAD_RECORD, f"not rasd contract JSON: {type(exc).__name__} {exc}") from exc
    return ArticleRows(row, entities, actors, quotes, events)
