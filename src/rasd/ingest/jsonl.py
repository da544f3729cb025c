"""JSON Lines: one article a line, with `text` or `html` and optional metadata fields."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from rasd.errors import MESSAGES, Code, RasdError
from rasd.ingest.dates import parse_date
from rasd.ingest.document import (
    IngestFailure,
    RawDocument,
    assemble_text,
    clean_value,
    failure,
    fill_id,
    internal_failure,
    replace_unencodable,
    unencodable_warning,
)
from rasd.ingest.html import parse_html
from rasd.ingest.plaintext import parse_plaintext
from rasd.model import Warning
from rasd.settings import Settings

TEXT_FIELD, HTML_FIELD, ID_FIELD = "text", "html", "id"
META_FIELDS = ("url", "outlet", "title", "section", "byline")
DATE_FIELD = "published"
# Field names other corpora use for the contract's fields (SaudiNewsNet `content`, ANT `docno`,
# `source`, `category`, `time`, `author`); a contract field present in the record always wins
# over its aliases. ANT's docno is kept as the id so that its story clusters can be looked up.
ALIASES = {
    "id": ("docno",),
    "outlet": ("source",),
    "section": ("category",),
    "text": ("content", "body"),
    "published": ("date", "time", "date_published", "pubdate"),
    "byline": ("author",),
}
DEFAULT_TEXT_SOURCE = "<text>"
DEFAULT_RECORD_SOURCE = "<record>"
NEWLINE = b"\n"
UTF8_MAX_BYTES = 4  # bytes one code point can take in UTF-8
# What a cut or corrupt .gz stream raises part-way (BadGzipFile is an OSError: only it is
# caught, a failing disk stays an error of the file).
GZIP_DAMAGE = (EOFError, zlib.error, gzip.BadGzipFile)
BODY_KEYS = (TEXT_FIELD, HTML_FIELD, *ALIASES[TEXT_FIELD])

Item = RawDocument | IngestFailure


def iter_jsonl(stream: IO[bytes], settings: Settings, source: str, first_line: int = 1) -> Iterator[Item]:
    """Each non-blank line as a document or a failure naming `source:LINE`; `first_line` is the
    number of the stream's first line (a backfill partition reads a file from its middle).

    A compressed stream that breaks off (E019) keeps the lines before the damage; the last
    document read before it carries W103, so the cut is seen on the output too. That is why
    one item is held back until the next line has been read."""
    number = first_line - 1
    held: Item | None = None
    while True:
        try:
            line, too_long = read_line(stream, settings.max_bytes)
        except GZIP_DAMAGE as exc:
            yield from _damaged(held, f"{source}:{number + 1}", number, exc)
            return
        if held is not None:
            yield held
            held = None
        if not line and not too_long:
            return
        number += 1
        where = f"{source}:{number}"
        if too_long:
            held = failure(Code.E004_TOO_LARGE, where, f"line longer than {settings.max_bytes} bytes")
        elif line.strip():
            held = _line_document(line, settings, where)


def _damaged(held: Item | None, where: str, lines_read: int, exc: Exception) -> Iterator[Item]:
    if isinstance(held, RawDocument):
        held.warn(Code.W103_TRUNCATED, f"{MESSAGES[Code.W103_TRUNCATED]}: the compressed stream breaks off after it")
    if held is not None:
        yield held
    yield failure(Code.E019_TRUNCATED_GZIP, where, f"{exc}; the {lines_read} lines before it were kept")


def is_record_like(value: Any) -> bool:
    """Whether a JSON value looks like an article record (an object with a body field)."""
    return isinstance(value, dict) and any(key in value for key in BODY_KEYS)


def read_line(stream: IO[bytes], limit: int) -> tuple[bytes, bool]:
    """The next line (at most `limit` bytes); (b"", True) when it was longer and was skipped."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(NEWLINE):
        return line, False
    while line and not line.endswith(NEWLINE):
        line = stream.readline(limit + 1)
    return b"", True


def _line_document(line: bytes, settings: Settings, where: str) -> RawDocument | IngestFailure:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return failure(Code.E006_BAD_JSON, where, str(exc))
    try:
        return document_from_record(record, settings, where)
    except RasdError as exc:
        return IngestFailure(where, exc)
    except Exception as exc:  # one odd record must not end the file (E017, the rest goes on)
        return internal_failure(where, exc)


def document_from_record(record: dict, settings: Settings | None = None, source: str | None = None) -> RawDocument:
    """A document from a record with `text` or `html`; RasdError (E009, E005, E001) otherwise."""
    settings = settings or Settings()
    source = source or DEFAULT_RECORD_SOURCE
    record, unencodable = clean_value(record)
    record = with_aliases(record)
    body_field = _body_field(record, source)
    check_size(record[body_field], settings, source)
    if body_field == HTML_FIELD:
        doc = parse_html(record[HTML_FIELD], settings, source, url=_field(record, "url"))
    else:
        doc = _text_document(record, source)
    apply_record_metadata(doc, record)
    if unencodable:
        doc.warnings.append(unencodable_warning(unencodable))
    return doc


def with_aliases(record: Any) -> Any:
    """The record with aliased fields copied under their contract names where those are absent."""
    if not isinstance(record, dict):
        return record
    record = dict(record)
    for name, aliases in ALIASES.items():
        if record.get(name) in (None, ""):
            found = next((record[a] for a in aliases if record.get(a) not in (None, "")), None)
            if found is not None:
                record[name] = found
    return record


def _body_field(record: Any, source: str) -> str:
    if not isinstance(record, dict):
        raise RasdError(Code.E009_BAD_RECORD, "a record must be a JSON object", source)
    for name in (TEXT_FIELD, HTML_FIELD):
        if isinstance(record.get(name), str) and record[name].strip():
            return name
    raise RasdError(Code.E009_BAD_RECORD, "no non-empty text or html field", source)


def _text_document(record: dict, source: str) -> RawDocument:
    """Text as scraped, unless the record gives the title: then the text is all body."""
    title = _field(record, "title")
    doc = parse_plaintext(record[TEXT_FIELD], source, header=title is None)
    if title is not None:
        body = doc.text.split("\n")
        doc.text = assemble_text(title, body)
    if not doc.text.strip():
        raise RasdError(Code.E013_NO_TEXT, "", source)
    return doc


def apply_record_metadata(doc: RawDocument, record: dict) -> None:
    """The record's own fields win over what was read from the text or page."""
    meta = doc.meta
    for name in META_FIELDS:
        value = _field(record, name)
        if value is not None:
            setattr(meta, name, value)
    _apply_date(doc, record.get(DATE_FIELD))
    meta.id = _field(record, ID_FIELD) or ""
    fill_id(meta, doc.text)


def _apply_date(doc: RawDocument, value: Any) -> None:
    """The record's date wins; when it cannot be parsed, W105 and any date from the page stays."""
    if value in (None, ""):
        return
    published = parse_date(str(value))
    if published is None:
        message = f"{MESSAGES[Code.W105_DATE_UNPARSED]}: {value}"
        doc.warnings.append(Warning(Code.W105_DATE_UNPARSED, message))
    else:
        doc.meta.published = published


def _field(record: dict, name: str) -> str | None:
    value = record.get(name)
    text = " ".join(str(value).split()) if value not in (None, "") else ""
    return text or None


def check_size(text: str, settings: Settings, source: str) -> None:
    """E004 when the text's UTF-8 form is over the limit (counted cheaply for short texts)."""
    if len(text) * UTF8_MAX_BYTES <= settings.max_bytes:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.max_bytes:
        raise RasdError(Code.E004_TOO_LARGE, f"{size} bytes > {settings.max_bytes}", source)


def document_from_text(text: str, settings: Settings | None = None, source: str | None = None) -> RawDocument:
    """A document from a string of plain text as scraped (the public `analyze(text)` path)."""
    source = source or DEFAULT_TEXT_SOURCE
    if not isinstance(text, str) or not text.strip():
        raise RasdError(Code.E001_EMPTY, "", source)
    check_size(text, settings or Settings(), source)
    text, unencodable = replace_unencodable(text)
    doc = parse_plaintext(text, source)
    if not doc.text:
        raise RasdError(Code.E013_NO_TEXT, "", source)
    if unencodable:
        doc.warnings.append(unencodable_warning(unencodable))
    return doc
