"""Helpers for the quotation tests: our own sentences, through the real pipeline (the shipped
NER, actors and quotation models; nothing from ../shared)."""

from __future__ import annotations

import pytest

from rasd.evaluation.quotes import QuoteAnalyser
from rasd.model import Article


@pytest.fixture(scope="session")
def analyser() -> QuoteAnalyser:
    return QuoteAnalyser()


@pytest.fixture
def analyse(analyser):
    def run(text: str, outlet: str | None = None) -> Article:
        article = Article(text=text)
        article.meta.outlet = outlet
        return analyser(article)

    return run

