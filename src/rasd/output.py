"""Serialise an `Article` to the contract's JSON shape (`rasd.analysis/1`)."""

from __future__ import annotations

from typing import Any

from rasd.model import SCHEMA_ID, ActorSpan, Article, Location, Span


def _span(article: Article, span: Span | ActorSpan | Location) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": article.text[span.start : span.end]}


def _actor_span(article: Article, span: ActorSpan | None, with_anonymous: bool = False) -> dict | None:
    if span is None:
        return None
    out = _span(article, span) | {"actor": span.actor}
    if with_anonymous:
        out["anonymous"] = span.anonymous
    return out


def _article_block(article: Article) -> dict[str, Any]:
    meta = article.meta
    return {
        "id": meta.id,
        "url": meta.url,
        "outlet": meta.outlet,
        "section": meta.section,
        "title": meta.title,
        "byline": meta.byline,
        "published": meta.published,
        "language": article.language,
        "text": article.text,
    }


def _quote(article: Article, quote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "kind": quote.kind,
        "content": _span(article, quote.content),
        "cue": _span(article, quote.cue) if quote.cue else None,
        "speaker": _actor_span(article, quote.speaker, with_anonymous=True),
        "via": [_actor_span(article, v) for v in quote.via],
    }


def _event(article: Article, event) -> dict[str, Any]:
    location = None
    if event.location is not None:
        location = _span(article, event.location) | {"country": event.location.country}
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "source": _actor_span(article, event.source),
        "target": _actor_span(article, event.target),
        "trigger": _span(article, event.trigger),
        "sentence": event.sentence,
        "location": location,
        "date": event.date,
        "confidence": round(event.confidence, 3),
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "article": _article_block(article),
        "sentences": [{"start": s.start, "end": s.end} for s in article.sentences],
        "entities": [
            _span(article, e) | {"id": e.id, "type": e.type, "actor": e.actor} for e in article.entities
        ],
        "actors": [
            {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
             "sector": a.sector, "role": a.role, "ids": dict(a.ids)}
            for a in article.actors
        ],
        "quotes": [_quote(article, q) for q in article.quotes],
        "events": [_event(article, e) for e in article.events],
        "warnings": [{"code": w.code.value, "message": w.message} for w in article.warnings],
    }
