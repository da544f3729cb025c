"""The `quotes` pipeline stage: quotations with their cue, speaker (linked to its actor)
and via chain, in text order with stable ids, read by the learned models of
rasd.quotes.reading."""

from __future__ import annotations

from rasd.model import Article, Quote
from rasd.pipeline import register
from rasd.quotes.reading import QuoteModels, read_quotes, shipped_models
from rasd.settings import Settings


def find_quotes(article: Article, models: QuoteModels | None = None) -> list[Quote]:
    return read_quotes(article, models or shipped_models())


@register("quotes", needs=("sentences", "tokens", "entities"), adds=("quotes",))
def quotes_stage(settings: Settings):
    models = shipped_models()

    def run(article: Article, settings: Settings) -> None:
        article.quotes = read_quotes(article, models)

    return run
