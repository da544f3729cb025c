"""Fixtures of the actor tests: hand-written articles with hand-placed entities."""

from __future__ import annotations

import pytest

from rasd.actors.stage import resolve_actors
from rasd.model import Actor, Article, Entity, Metadata
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize


def build_article(text: str, spans: list[tuple[str, str]], resolve: bool = True, registry=None,
          article_id: str = "", published: str | None = None, learned: bool = False) -> Article:
    """An article over `text` with an entity on each listed (surface, type), taken in order
    of occurrence (a surface listed twice marks its first two occurrences). Actors are the
    rules' reading unless `learned` (the shipped assignment model chooses country and
    sector)."""
    article = Article(text=text, meta=Metadata(id=article_id, published=published))
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    taken: set[int] = set()
    for surface, typ in spans:
        start = text.find(surface)
        while start in taken:
            start = text.find(surface, start + 1)
        assert start >= 0, surface
        taken.add(start)
        article.entities.append(Entity(start, start + len(surface), typ, id=f"e{len(article.entities)}"))
    article.entities.sort(key=lambda e: e.start)
    if resolve:
        resolve_actors(article, registry=registry, learned=learned)
    return article


def find_actor(article: Article, surface: str, nth: int = 0) -> Actor:
    ents = [e for e in article.entities if article.span_text(e) == surface]
    by_id = {a.id: a for a in article.actors}
    return by_id[ents[nth].actor]


@pytest.fixture
def build():
    return build_article


@pytest.fixture
def actor_of():
    return find_actor
