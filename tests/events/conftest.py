"""Fixtures for the event tests: an Article built by hand with the text layer only, so the
event rules are tested without the NER model."""

from __future__ import annotations

import pytest

from rasd.events.stage import find_events
from rasd.model import Article, Event, Metadata
from rasd.text import split_sentences, tokenize

PUBLISHED = "2016-07-21"  # a Thursday


def build_article(text: str, published: str | None = PUBLISHED) -> Article:
    article = Article(text=text, meta=Metadata(published=published))
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    return article


def analyse(text: str, published: str | None = PUBLISHED) -> tuple[Article, list[Event]]:
    article = build_article(text, published)
    article.events = find_events(article)
    return article, article.events


@pytest.fixture
def events_of():
    return analyse
