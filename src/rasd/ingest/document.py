"""What ingestion hands to the pipeline: a cleaned document, or the reason it failed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rasd.errors import Code, RasdError
from rasd.model import Metadata, Warning

ID_LENGTH = 16  # hex digits of sha1 kept for a generated document id
PARAGRAPH_SEPARATOR = "\n"


@dataclass
class RawDocument:
    """The cleaned article text (title first, then body, one paragraph a line) and its metadata."""

    text: str
    meta: Metadata
    warnings: list[Warning] = field(default_factory=list)

    def warn(self, code: Code, message: str) -> None:
        self.warnings.append(Warning(code, message))


@dataclass
class IngestFailure:
    """A document that could not be read, with the coded reason."""

    source: str
    error: RasdError

    @property
    def code(self) -> Code:
        return self.error.code

    def describe(self) -> str:
        return self.error.describe()


def failure(code: Code, source: str, detail: str = "") -> IngestFailure:
    return IngestFailure(source, RasdError(code, detail, source))


def stable_id(key: str) -> str:
    """A short id that is the same for the same url or text."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def assemble_text(title: str | None, paragraphs: list[str]) -> str:
    """Title as its own first paragraph (unless the body already starts with it), then the body."""
    body = [p for p in paragraphs if p]
    if title and (not body or body[0] != title):
        body.insert(0, title)
    return PARAGRAPH_SEPARATOR.join(body)


def fill_id(meta: Metadata, text: str) -> None:
    """Give the metadata an id when the input had none: hash of the url, else of the text."""
    if not meta.id:
        meta.id = stable_id(meta.url or text)
