"""What ingestion hands to the pipeline: a cleaned document, or the reason it failed."""

from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass, field, fields
from typing import Any

from rasd.errors import MESSAGES, Code, RasdError
from rasd.model import Metadata, Warning

ID_LENGTH = 16  # hex digits of sha1 kept for a generated document id
PARAGRAPH_SEPARATOR = "\n"
# Lone surrogates: valid in a JSON string escape ("\ud800") and in file names read with
# surrogateescape, but not encodable as UTF-8, so they would break hashing and every output.
UNENCODABLE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


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
    """A document that could not be read or analysed, with the coded reason."""

    source: str
    error: RasdError

    @property
    def code(self) -> Code:
        return self.error.code

    def describe(self) -> str:
        return self.error.describe()


class Skipped(IngestFailure):
    """A file left out on purpose (S201: not a type rasd reads), counted apart from failures."""


def failure(code: Code, source: str, detail: str = "") -> IngestFailure:
    return IngestFailure(source, RasdError(code, detail, source))


def internal_failure(source: str, exc: BaseException, where: str = "") -> IngestFailure:
    """E017 for an exception nobody expected: its type, message and the line that raised it."""
    return failure(Code.E017_INTERNAL, source, describe_exception(exc, where))


def describe_exception(exc: BaseException, where: str = "") -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    context = f"{where}: " if where else ""
    return replace_unencodable(f"{context}{type(exc).__name__}: {exc}{at}")[0]


def skipped(source: str, reason: str) -> Skipped:
    return Skipped(source, RasdError(Code.S201_SKIPPED_FILE, reason, source))


def stable_id(key: str) -> str:
    """A short id that is the same for the same url or text."""
    # surrogatepass: an id must never be the reason a document is lost (see replace_unencodable)
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:ID_LENGTH]


def replace_unencodable(text: str) -> tuple[str, int]:
    """The text with each lone surrogate replaced by U+FFFD, and how many were replaced."""
    if text.isascii() or not UNENCODABLE.search(text):
        return text, 0
    return UNENCODABLE.subn(REPLACEMENT, text)


def clean_value(value: Any) -> tuple[Any, int]:
    """A JSON value (strings, lists, objects, keys included) with lone surrogates replaced."""
    if isinstance(value, str):
        return replace_unencodable(value)
    if isinstance(value, list):
        cleaned = [clean_value(v) for v in value]
        return [v for v, _ in cleaned], sum(n for _, n in cleaned)
    if isinstance(value, dict):
        total, out = 0, {}
        for key, item in value.items():
            key, n_key = clean_value(key)
            item, n_item = clean_value(item)
            out[key] = item
            total += n_key + n_item
        return out, total
    return value, 0


def unencodable_warning(count: int) -> Warning:
    return Warning(Code.W107_UNENCODABLE, f"{MESSAGES[Code.W107_UNENCODABLE]}: {count}")


def scrub_document(doc: RawDocument) -> RawDocument:
    """The last check before a document leaves ingestion: no lone surrogate in its text or
    metadata (a file name read with surrogateescape, a page's title), W107 when one was replaced."""
    doc.text, count = replace_unencodable(doc.text)
    for name in (f.name for f in fields(doc.meta)):
        value = getattr(doc.meta, name)
        if isinstance(value, str):
            value, n = replace_unencodable(value)
            setattr(doc.meta, name, value)
            count += n
    if count:
        doc.warnings.append(unencodable_warning(count))
    return doc


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
