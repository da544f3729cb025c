"""The importable API the CLI is a thin layer over."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.pipeline import Pipeline
from rasd.settings import Settings

DEFAULT_SETTINGS = Settings()
OUTPUT_ENCODING = "utf-8"
UNNAMED_SOURCE = "<document>"


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
    from rasd.ingest.document import scrub_document

    settings = settings or DEFAULT_SETTINGS
    if isinstance(text_or_record, dict):
        document = document_from_record(text_or_record, settings, "<record>")
    elif isinstance(text_or_record, str):
        document = document_from_text(text_or_record, settings, "<text>")
    else:
        raise RasdError(Code.E009_BAD_RECORD, f"expected str or dict, got {type(text_or_record).__name__}")
    return pipeline_for(settings)(article_from_document(scrub_document(document)))


def analyze_paths(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Any]:
    """Analysed `Article`s, and `IngestFailure`s (`Skipped` among them) for the documents that
    could not be read or analysed: one item per document, whatever happens to it.

    A coded error of a stage (E020 over the time budget, ...) keeps its code; any other
    exception of a stage becomes E017 naming the document and the stage. The batch goes on."""
    from rasd.ingest import IngestFailure, iter_documents

    settings = settings or DEFAULT_SETTINGS
    pipeline = pipeline_for(settings)
    for item in iter_documents(list(paths), settings):
        yield item if isinstance(item, IngestFailure) else analyze_document(item, pipeline)


def analyze_document(document, pipeline: Pipeline) -> Any:
    """The analysed `Article` of an ingested document, or the `IngestFailure` that stopped it."""
    from rasd.ingest import IngestFailure
    from rasd.ingest.document import internal_failure

    source = document.meta.source or UNNAMED_SOURCE
    article = article_from_document(document)
    try:
        return pipeline(article)
    except RasdError as exc:
        return IngestFailure(source, RasdError(exc.code, exc.detail, exc.source or source))
    except Exception as exc:  # a bug or an odd input in one stage must not stop the batch
        return internal_failure(source, exc, f"stage {failed_stage(pipeline, article)}")


def failed_stage(pipeline: Pipeline, article: Article) -> str:
    """The first stage of the pipeline that did not finish on the article."""
    return next((name for name in pipeline.names if name not in article.done), "?")


class _WholeOutput(io.StringIO):
    """A buffer that looks, to a renderer asking, like the stream it will be copied to."""

    def __init__(self, target: IO[str]):
        super().__init__()
        self._target = target

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()


def rendered(article: Article, emit: Callable[[Article, IO[str]], None], target: IO[str]) -> tuple[Any, str]:
    """(article, its output) rendered whole before any of it is written, so that an output
    line is all there or absent; (E017 failure, "") when rendering or encoding fails."""
    from rasd.ingest.document import internal_failure

    buffer = _WholeOutput(target)
    try:
        emit(article, buffer)
        text = buffer.getvalue()
        text.encode(OUTPUT_ENCODING)  # what writing it will need; a stray surrogate fails here
    except Exception as exc:
        return internal_failure(article.meta.source or UNNAMED_SOURCE, exc, "writing the output"), ""
    return article, text


@dataclass
class BatchSummary:
    """The count of a batch, which always adds up: documents = analysed + failed + skipped."""

    analysed: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, item: Any) -> None:
        from rasd.ingest.document import IngestFailure, Skipped

        if isinstance(item, Skipped):
            self.skipped += 1
        elif isinstance(item, IngestFailure):
            self.failed += 1
        else:
            self.analysed += 1

    @property
    def documents(self) -> int:
        return self.analysed + self.failed + self.skipped

    def format(self) -> str:
        noun = "document" if self.documents == 1 else "documents"
        return f"{self.documents} {noun}: {self.analysed} analysed, {self.failed} failed, {self.skipped} skipped"
