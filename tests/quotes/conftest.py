"""Helpers for the quotation tests: articles built by hand from our own sentences."""

from __future__ import annotations

import pytest

from rasd.model import Article, Entity, Quote
from rasd.quotes.stage import find_quotes
from rasd.text import split_sentences, tokenize


def article_of(text: str, entities: list[Entity] | None = None) -> Article:
    article = Article(text=text)
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    article.entities = entities or []
    return article


def quotes_of(text: str) -> tuple[Article, list[Quote]]:
    article = article_of(text)
    return article, find_quotes(article)


@pytest.fixture
def read_quotes():
    return quotes_of
