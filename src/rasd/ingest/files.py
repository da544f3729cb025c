"""Paths to documents: files, folders, `.gz`, and `-` for standard input.

Every failure is yielded as an IngestFailure naming the document, and iteration goes on.
Text and HTML files are refused whole above settings.max_bytes; JSON Lines and WARC files
are streamed and the limit applies to each line or record.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.ingest.decoding import decode
from rasd.ingest.document import IngestFailure, RawDocument, failure
from rasd.ingest.html import decode_html, parse_html
from rasd.ingest.jsonl import iter_jsonl
from rasd.ingest.plaintext import parse_plaintext
from rasd.ingest.warc import iter_warc
from rasd.settings import Settings

TEXT, HTML, JSONL, WARC = "text", "html", "jsonl", "warc"
FORM_OF_SUFFIX = {".txt": TEXT, ".html": HTML, ".htm": HTML, ".jsonl": JSONL, ".warc": WARC}
GZ_SUFFIX = ".gz"
GZ_MAGIC = b"\x1f\x8b"
STDIN = "-"
HIDDEN = "."  # names starting with it (.git, editor backups) are skipped in folders
STDIN_SOURCE = "<stdin>"
SNIFF_BYTES = 4096
BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
WARC_START = b"WARC/"
JSON_START = b"{"
HTML_TAG = re.compile(rb"<(!doctype|html|head|body|meta|title|div|p|article|section|main)\b", re.IGNORECASE)
GZIP_ERRORS = (OSError, EOFError, zlib.error)

Item = RawDocument | IngestFailure


def iter_documents(paths: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Item]:
    """Documents (or failures) for each path in order; folders are walked recursively, sorted."""
    settings = settings or Settings()
    for path in paths:
        yield from iter_path(path, settings)


def iter_path(path: str | Path, settings: Settings) -> Iterator[Item]:
    path = str(path)
    if path == STDIN:
        yield from iter_stdin(settings)
        return
    target = Path(path)
    if target.is_dir():
        for file in walk(target):
            yield from iter_file(file, settings)
    elif target.is_file():
        yield from iter_file(target, settings)
    else:
        yield failure(Code.E008_NOT_FOUND, path)


def walk(folder: Path) -> list[Path]:
    """The files under a folder whose extension names an input form, sorted; hidden ones skipped."""
    found = (p for p in folder.rglob("*") if p.is_file() and form_of(p) is not None)
    return sorted(p for p in found if not is_hidden(p.relative_to(folder)))


def is_hidden(relative: Path) -> bool:
    return any(part.startswith(HIDDEN) for part in relative.parts)


def form_of(path: Path) -> str | None:
    name = path.name.lower().removesuffix(GZ_SUFFIX)
    return FORM_OF_SUFFIX.get(Path(name).suffix)


def is_gz(path: Path) -> bool:
    return path.name.lower().endswith(GZ_SUFFIX)


def iter_file(path: Path, settings: Settings) -> Iterator[Item]:
    source = str(path)
    form = form_of(path)
    try:
        if form in (JSONL, WARC):
            yield from iter_stream_file(path, form, settings)
            return
        data = read_bounded(path, settings.max_bytes)
        if form is None and data.startswith(GZ_MAGIC):
            data = gunzip_bounded(io.BytesIO(data), settings.max_bytes, source)
        yield from from_bytes(data, form or sniff(data), settings, source)
    except RasdError as exc:
        yield IngestFailure(source, exc)
    except OSError as exc:
        yield failure(Code.E008_NOT_FOUND, source, str(exc))


def iter_stream_file(path: Path, form: str, settings: Settings) -> Iterator[Item]:
    """JSON Lines and WARC files are read record by record, never whole."""
    source = str(path)
    if path.stat().st_size == 0:
        raise RasdError(Code.E001_EMPTY, "", source)
    if form == WARC:  # warcio reads .warc.gz itself
        with path.open("rb") as stream:
            yield from iter_warc(stream, settings, source)
        return
    opener = gzip.open if is_gz(path) else open
    with opener(path, "rb") as stream:
        try:
            yield from iter_jsonl(stream, settings, source)
        except GZIP_ERRORS as exc:
            yield failure(Code.E006_BAD_JSON, source, f"compressed stream broken: {exc}")


def read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes (decompressed for .gz); E004 before reading more than `limit`."""
    if not is_gz(path):
        size = path.stat().st_size
        if size > limit:
            raise RasdError(Code.E004_TOO_LARGE, f"{size} bytes > {limit}", str(path))
        return path.read_bytes()
    with path.open("rb") as raw:
        return gunzip_bounded(raw, limit, str(path))


def gunzip_bounded(raw: io.BufferedIOBase, limit: int, source: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=raw) as stream:
            data = stream.read(limit + 1)
    except GZIP_ERRORS as exc:
        raise RasdError(Code.E002_BINARY, f"broken gzip data: {exc}", source) from exc
    if len(data) > limit:
        raise RasdError(Code.E004_TOO_LARGE, f"more than {limit} bytes once decompressed", source)
    return data


def iter_stdin(settings: Settings) -> Iterator[Item]:
    """Standard input, read up to the limit; its form is sniffed from its first bytes."""
    try:
        data = read_stdin(settings.max_bytes)
        yield from from_bytes(data, sniff(data), settings, STDIN_SOURCE)
    except RasdError as exc:
        yield IngestFailure(STDIN_SOURCE, exc)


def read_stdin(limit: int) -> bytes:
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise RasdError(Code.E004_TOO_LARGE, f"more than {limit} bytes", STDIN_SOURCE)
    if data.startswith(GZ_MAGIC):
        return gunzip_bounded(io.BytesIO(data), limit, STDIN_SOURCE)
    return data


def sniff(data: bytes) -> str:
    """The input form of some bytes: WARC, JSON Lines, HTML or (by default) plain text."""
    head = data[:SNIFF_BYTES].lstrip(BOM_AND_SPACE)
    if head.startswith(WARC_START):
        return WARC
    if head.startswith(JSON_START):
        return JSONL
    if head.startswith(b"<") and HTML_TAG.search(head):
        return HTML
    return TEXT


def from_bytes(data: bytes, form: str, settings: Settings, source: str) -> Iterator[Item]:
    if form == JSONL:
        yield from iter_jsonl(io.BytesIO(data), settings, source)
    elif form == WARC:
        yield from iter_warc(io.BytesIO(data), settings, source)
    elif form == HTML:
        yield html_document(data, settings, source)
    else:
        yield text_document(data, settings, source)


def text_document(data: bytes, settings: Settings, source: str) -> RawDocument:
    decoded = decode(data, settings, source)
    doc = parse_plaintext(decoded.text, source)
    if not doc.text:
        raise RasdError(Code.E013_NO_TEXT, "only boilerplate", source)
    doc.warnings[:0] = decoded.warnings
    return doc


def html_document(data: bytes, settings: Settings, source: str) -> RawDocument:
    decoded = decode_html(data, settings, source)
    doc = parse_html(decoded.text, settings, source)
    doc.warnings[:0] = decoded.warnings
    return doc
