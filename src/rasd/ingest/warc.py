"""WARC archives: each HTML `response` record becomes a document through html.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from rasd.errors import Code, RasdError
from rasd.ingest.dates import parse_date
from rasd.ingest.document import IngestFailure, RawDocument, failure, internal_failure
from rasd.ingest.html import decode_html, parse_html
from rasd.settings import Settings

RESPONSE = "response"
HTML_TYPES = ("text/html", "application/xhtml+xml")
HTTP_SUCCESS = "2"  # any 2xx status
CHARSET_KEY = "charset="
DRAIN_CHUNK = 1024 * 1024
TRAILING_CHECK_BYTES = 64


class Damaged(Exception):
    """The archive breaks off inside or after this record."""


def iter_warc(stream: IO[bytes], settings: Settings, source: str) -> Iterator[RawDocument | IngestFailure]:
    """Documents of the HTML responses; after damage, one E007 failure for the rest."""
    start = stream.tell() if stream.seekable() else 0
    records = ArchiveIterator(stream)
    number = found = 0
    try:
        for number, record in enumerate(records, 1):
            offset = records.offset  # where this record starts (get_record_offset() would read it)
            item = record_document(record, settings, f"{source}#record-{number}", offset)
            if item is not None:
                found += 1
                yield item
        if has_trailing_bytes(stream, records, start):
            number += 1  # the cut record is the one after the last that warcio could read
            raise Damaged("the archive ends inside a record")
        if not found and number:
            # Nothing may vanish silently: an archive without pages is reported.
            yield failure(Code.E005_BAD_HTML, source, f"none of its {number} records is an HTML response")
    except Damaged as exc:
        yield failure(Code.E007_BAD_WARC, f"{source}#record-{number}", f"{exc}; the records before it were kept")
    except Exception as exc:  # warcio raises many kinds on a broken archive
        yield failure(Code.E007_BAD_WARC, f"{source}#record-{number + 1}", f"unreadable after record {number}: {exc}")


def has_trailing_bytes(stream: IO[bytes], records: ArchiveIterator, start: int) -> bool:
    """Whether anything but blank space follows the last record warcio read completely."""
    if not stream.seekable():
        return False
    offset, length = getattr(records, "member_info", None) or (0, 0)
    stream.seek(start + offset + length)
    return bool(stream.read(TRAILING_CHECK_BYTES).strip())


def record_document(record: Any, settings: Settings, where: str, offset: int = 0) -> RawDocument | IngestFailure | None:
    """The record's document, a failure for it, or None when it is not an HTML response.

    Every record is read to its end, so that a cut-off one is seen as damage (Damaged)."""
    if record.rec_type is None or not declared_length(record).isdigit():
        raise Damaged("a record header is broken or cut short")
    if record.rec_type != RESPONSE or not is_html(record):
        drain(record)
        return None
    payload = record.content_stream().read(settings.max_bytes + 1)
    drain(record)
    if len(payload) > settings.max_bytes:
        return failure(Code.E004_TOO_LARGE, where, f"payload over {settings.max_bytes} bytes")
    try:
        return page_document(record, payload, settings, where)
    except RasdError as exc:
        return IngestFailure(where, exc)
    except Exception as exc:  # one odd page must not end the archive (E017, the rest goes on)
        return internal_failure(where, exc, f"record at byte offset {offset}")


def declared_length(record: Any) -> str:
    """The record's length as its header writes it (WARC Content-Length, or ARC length)."""
    headers = record.rec_headers
    return (headers.get_header("Content-Length") or headers.get_header("length") or "").strip()


def drain(record: Any) -> None:
    """Read the rest of the record; Damaged when the archive ends before the record does."""
    while record.raw_stream.read(DRAIN_CHUNK):
        pass
    if getattr(record.raw_stream, "limit", 0):
        raise Damaged("the record is cut short")


def is_html(record: Any) -> bool:
    headers = record.http_headers
    if headers is None or not headers.get_statuscode().startswith(HTTP_SUCCESS):
        return False
    content_type = (headers.get_header("Content-Type") or "").lower()
    return any(kind in content_type for kind in HTML_TYPES)


def page_document(record: Any, payload: bytes, settings: Settings, where: str) -> RawDocument:
    url = record.rec_headers.get_header("WARC-Target-URI")
    decoded = decode_html(payload, settings, where, http_charset(record))
    doc = parse_html(decoded.text, settings, where, url=url)
    doc.warnings[:0] = decoded.warnings
    if doc.meta.published is None:
        doc.meta.published = parse_date(record.rec_headers.get_header("WARC-Date"))
    return doc


def http_charset(record: Any) -> str | None:
    content_type = record.http_headers.get_header("Content-Type") or ""
    _, _, charset = content_type.lower().partition(CHARSET_KEY)
    return charset.split(";")[0].strip().strip("\"'") or None
