"""The importable API the CLI is a thin layer over."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.pipeline import Pipeline
from rasd.settings import Settings

DEFAULT_SETTINGS = Settings()


@lru_cache(maxsize=8)
def pipeline_for(settings: Settings) -> Pipeline:
    return Pipeline(settings=settings)


def article_from_document(document) -> Article:
    """An `Article` from an ingested `RawDocument`, carrying its ingestion warnings."""
    article = Article(text=document.text, meta=document.meta)
    article.warnings.extend(document.warnings)
    return article


def analyze(text_or_record: str | dict[str, Any], settings: Settings | None = None) -> Article:
    """Analyse one article: a text as scraped, or a record with `text`/`html` and metadata."""
    from rasd.ingest import document_from_record, document_from_text

    settings = settings or DEFAULT_SETTINGS
    if isinstance(text_or_record, dict):
        document = document_from_record(text_or_record, settings, "<record>")
    elif isinstance(text_or_record, str):
        document = document_from_text(text_or_record, settings, "<text>")
    else:
        raise RasdError(Code.E009_BAD_RECORD, f"expected str or dict, got {type(text_or_record).__name__}")
    return pipeline_for(settings)(article_from_document(document))


def analyze_paths(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Any]:
    """Analysed `Article`s, and `IngestFailure`s for documents that could not be read."""
    from rasd.ingest import IngestFailure, iter_documents

    settings = settings or DEFAULT_SETTINGS
    pipeline = pipeline_for(settings)
    for item in iter_documents(list(paths), settings):
        if isinstance(item, IngestFailure):
            yield item
        else:
            yield pipeline(article_from_document(item))
