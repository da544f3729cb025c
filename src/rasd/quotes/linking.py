"""Speakers and media to actors: through the entities under a span (whose `actor` the
actors stage fills), or through the actors stage's own resolver when it is installed."""

from __future__ import annotations

from collections.abc import Callable

from rasd.lookup import entities_overlapping
from rasd.model import Actor, ActorSpan, Article, Entity
from rasd.text.marks import WRAPPING_PAIRS

# Entity types that can speak or relay a statement.
SPEAKING_TYPES = frozenset(("PER", "ORG", "LOC", "MISC"))

Resolver = Callable[[Article, int, int], Actor | None]

NAME_MARKS = WRAPPING_PAIRS
CLOSING_REACH = 30  # characters between a phrase's end and the mark that closes its name


def _actors_resolver() -> Resolver | None:
    """The actors step's span resolver (`resolve_phrase`), if that step is installed."""
    try:
        from rasd.actors.stage import resolve_phrase
    except ImportError:
        return None
    return resolve_phrase


def _overlap(entity: Entity, start: int, end: int) -> int:
    return min(entity.end, end) - max(entity.start, start)


def entity_under(article: Article, start: int, end: int) -> Entity | None:
    """The entity that covers most of [start, end), the later one on a tie (the name after a title)."""
    best, best_overlap = None, 0
    for entity in entities_overlapping(article, start, end):  # by bisection, in the article's order
        if entity.type in SPEAKING_TYPES and (ov := _overlap(entity, start, end)) > 0 and ov >= best_overlap:
            best, best_overlap = entity, ov
    return best


def actor_for(article: Article, start: int, end: int) -> str | None:
    if "actors" in article.done:
        resolver = _actors_resolver()
        if resolver is not None:
            actor = resolver(article, start, end)
            if actor is not None:
                return actor.id
    entity = entity_under(article, start, end)
    return entity.actor if entity is not None else None


def actor_span(article: Article, start: int, end: int, anonymous: bool = False) -> ActorSpan:
    end = balanced_end(article.text, start, end)
    return ActorSpan(start, end, actor_for(article, start, end), anonymous)


def balanced_end(text: str, start: int, end: int) -> int:
    """A phrase that opens a bracket or a quotation mark around a name closes it too (متحدث
    باسم (فوت ليف) rather than متحدث باسم (فوت ليف): the end moves past the closing mark when
    it follows within reach (a gloss such as - Vote Leave may stand before it)."""
    span = text[start:end]
    for opening, closing in NAME_MARKS.items():
        if _unclosed(span, opening, closing):
            found = text.find(closing, end, end + CLOSING_REACH)
            if found >= 0 and "\n" not in text[end:found]:
                return found + 1
    return end


def _unclosed(span: str, opening: str, closing: str) -> bool:
    if opening == closing:  # "…": an odd count leaves one open
        return span.count(opening) % 2 == 1
    return span.count(opening) > span.count(closing)
