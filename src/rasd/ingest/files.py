"""Paths to documents: files, folders, `.gz`, and `-` for standard input.

Every failure is yielded as an IngestFailure naming the document, and iteration goes on; an
error nobody expected becomes E017 for the file, line or record it happened in. Folder walks
account for every entry: a file rasd does not read is yielded as `Skipped` (S201, with the
reason). Text and HTML files are refused whole above settings.max_bytes; JSON Lines and WARC
(files and standard input alike) are streamed and the limit applies to each line or record.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from rasd.errors import Code, RasdError
from rasd.ingest.decoding import decode
from rasd.ingest.document import (
    IngestFailure,
    RawDocument,
    failure,
    internal_failure,
    scrub_document,
    skipped,
)
from rasd.ingest.html import decode_html, parse_html
from rasd.ingest.jsonl import document_from_record, is_record_like, iter_jsonl
from rasd.ingest.plaintext import parse_plaintext
from rasd.ingest.warc import iter_warc
from rasd.settings import Settings

TEXT, HTML, JSONL, WARC, JSON = "text", "html", "jsonl", "warc", "json"
FORM_OF_SUFFIX = {".txt": TEXT, ".html": HTML, ".htm": HTML, ".jsonl": JSONL, ".warc": WARC}
JSON_SUFFIX = ".json"  # a record, a list of records, or (misnamed) JSON Lines
GZ_SUFFIX = ".gz"
GZ_MAGIC = b"\x1f\x8b"
STDIN = "-"
HIDDEN = "."  # names starting with it (.git, editor backups) are skipped in folders
STDIN_SOURCE = "<stdin>"
SNIFF_BYTES = 4096
BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
WARC_START = b"WARC/"
JSON_START = b"{"
JSON_LIST_START = b"["
HTML_TAG = re.compile(rb"<(!doctype|html|head|body|meta|title|div|p|article|section|main)\b", re.IGNORECASE)
GZIP_ERRORS = (OSError, EOFError, zlib.error)
GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib reads the gzip header and trailer itself
JSON_EXTRA_DATA = "Extra data"  # json's message when a second value follows the first

Item = RawDocument | IngestFailure


def iter_documents(paths: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Item]:
    """Documents (or failures, or skipped files) for each path in order; folders are walked
    recursively, sorted."""
    settings = settings or Settings()
    for path in paths:
        yield from guarded(iter_path(path, settings), STDIN_SOURCE if str(path) == STDIN else str(path))


def iter_path(path: str | Path, settings: Settings) -> Iterator[Item]:
    path = str(path)
    if path == STDIN:
        yield from iter_stdin(settings)
        return
    target = Path(path)
    if target.is_dir():
        yield from iter_folder(target, settings)
    elif target.is_file():
        yield from iter_file(target, settings)
    else:
        yield failure(Code.E008_NOT_FOUND, path)


def guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """The items, each document scrubbed of unencodable code points; an unexpected exception
    ends this file only, as E017 naming the last place read (the readers guard each record
    themselves, so this is the net under them)."""
    last = source
    try:
        for item in items:
            if isinstance(item, RawDocument):
                scrub_document(item)
                last = item.meta.source or source
            else:
                last = item.source
            yield item
    except Exception as exc:
        yield internal_failure(source, exc, f"after {last}" if last != source else "")


def iter_folder(folder: Path, settings: Settings) -> Iterator[Item]:
    for path, reason in walk(folder):
        if reason:
            yield skipped(str(path), reason)
        else:
            yield from guarded(iter_file(path, settings), str(path))


def walk(folder: Path) -> list[tuple[Path, str | None]]:
    """Every entry under a folder, sorted: (file, None) for those read, (entry, reason) for
    those skipped. Hidden folders and links to folders are skipped whole, each as one entry."""
    entries: list[tuple[Path, str | None]] = []
    for root, dirs, files in os.walk(folder, onerror=lambda exc: entries.append(
            (Path(exc.filename or folder), f"folder cannot be read: {exc.strerror}"))):
        here = Path(root)
        for name in sorted(dirs):
            if name.startswith(HIDDEN):
                entries.append((here / name, "hidden folder, not read"))
            elif (here / name).is_symlink():
                entries.append((here / name, "link to a folder, not followed"))
        dirs[:] = [d for d in dirs if not d.startswith(HIDDEN) and not (here / d).is_symlink()]
        entries.extend((here / name, skip_reason(here / name)) for name in files)
    return sorted(entries)


def skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not read, or None when it is."""
    if path.name.startswith(HIDDEN):
        return "hidden file"
    if not path.is_file():
        return "not a regular file (a broken link, a pipe or a device)"
    if form_of(path) is not None or is_json(path) or not inner_suffix(path):
        return None  # a known type, or no extension: the content is sniffed
    return f"extension {inner_suffix(path)} is not a type rasd reads (.txt .html .htm .json .jsonl .warc, or .gz of one)"


def inner_suffix(path: Path) -> str:
    """The extension under any `.gz`, lower case: `.txt` for `a.TXT.gz`, "" for `a` or `a.gz`."""
    return Path(path.name.lower().removesuffix(GZ_SUFFIX)).suffix


def form_of(path: Path) -> str | None:
    return FORM_OF_SUFFIX.get(inner_suffix(path))


def is_json(path: Path) -> bool:
    return inner_suffix(path) == JSON_SUFFIX


def is_gz(path: Path) -> bool:
    return path.name.lower().endswith(GZ_SUFFIX)


def iter_file(path: Path, settings: Settings) -> Iterator[Item]:
    source = str(path)
    form = form_of(path)
    try:
        if form in (JSONL, WARC):
            yield from iter_stream_file(path, form, settings)
            return
        if is_json(path):
            yield from iter_json_file(path, settings)
            return
        data = read_bounded(path, settings.max_bytes)
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
    with path.open("rb") as raw:
        # By its first bytes, not its name: a misnamed plain .jsonl.gz is still read.
        stream = gzip.GzipFile(fileobj=raw) if raw.read(len(GZ_MAGIC)) == GZ_MAGIC else raw
        raw.seek(0)
        yield from iter_jsonl(stream, settings, source)


def iter_json_file(path: Path, settings: Settings) -> Iterator[Item]:
    """A `.json` file: one record, a list of records (`path#record-N`), or JSON Lines under the
    wrong name; JSON that holds no article record is skipped (S201)."""
    source = str(path)
    data = read_bounded(path, settings.max_bytes, stream_ok=True)
    if data is not None and not data.strip():
        raise RasdError(Code.E001_EMPTY, "", source)
    try:
        value = json.loads(data.decode("utf-8-sig")) if data is not None else None
    except UnicodeDecodeError as exc:
        raise RasdError(Code.E006_BAD_JSON, str(exc), source) from exc
    except json.JSONDecodeError as exc:
        if exc.msg != JSON_EXTRA_DATA:
            raise RasdError(Code.E006_BAD_JSON, str(exc), source) from exc
        data = None  # more than one value: JSON Lines under a .json name
    if data is None:
        yield from iter_stream_file(path, JSONL, settings)
        return
    if not any(is_record_like(r) for r in (value if isinstance(value, list) else [value])):
        yield skipped(source, "JSON without article records (objects with a text or html field)")
    elif isinstance(value, list):
        yield from list_items(value, settings, source)
    else:
        yield record_item(value, settings, source)


def list_items(records: list, settings: Settings, source: str) -> Iterator[Item]:
    for number, record in enumerate(records, 1):
        yield record_item(record, settings, f"{source}#record-{number}")


def json_records(data: bytes) -> list | None:
    """The records of bytes that are a JSON list of article records (sniffed stdin, a file
    without extension), else None: the bytes are read as text."""
    if not data.lstrip(BOM_AND_SPACE).startswith(JSON_LIST_START):
        return None
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, list) and any(is_record_like(r) for r in value) else None


def record_item(record: object, settings: Settings, where: str) -> Item:
    try:
        return document_from_record(record, settings, where)  # type: ignore[arg-type]
    except RasdError as exc:
        return IngestFailure(where, exc)
    except Exception as exc:  # one odd record must not end the file
        return internal_failure(where, exc)


def read_bounded(path: Path, limit: int, stream_ok: bool = False) -> bytes | None:
    """The file's bytes (decompressed for .gz); E004 before reading more than `limit`, or
    None with `stream_ok` when a file over the limit starts like JSON Lines (to be streamed)."""
    with path.open("rb") as raw:
        packed = raw.read(len(GZ_MAGIC)) == GZ_MAGIC
        raw.seek(0)
        if packed:  # a .gz by its bytes; a misnamed plain file is read as it is
            return gunzip_bounded(raw, limit, str(path), stream_ok)
        size = path.stat().st_size
        if size > limit:
            if stream_ok and raw.read(SNIFF_BYTES).lstrip(BOM_AND_SPACE).startswith(JSON_START):
                return None
            raise RasdError(Code.E004_TOO_LARGE, f"{size} bytes > {limit}", str(path))
        return raw.read()


def gunzip_bounded(raw: IO[bytes], limit: int, source: str, stream_ok: bool = False) -> bytes | None:
    """Decompressed bytes; E019 when the stream is cut or corrupt, E004 past `limit` (None
    instead with `stream_ok` when what is over the limit starts like JSON Lines)."""
    try:
        with gzip.GzipFile(fileobj=raw) as stream:
            data = stream.read(limit + 1)
    except GZIP_ERRORS as exc:
        raise RasdError(Code.E019_TRUNCATED_GZIP, str(exc), source) from exc
    if len(data) > limit:
        if stream_ok and data.lstrip(BOM_AND_SPACE).startswith(JSON_START):
            return None
        raise RasdError(Code.E004_TOO_LARGE, f"more than {limit} bytes once decompressed", source)
    return data


class Prefixed(io.RawIOBase):
    """A stream that gives back the bytes already read from it to sniff its form, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def iter_stdin(settings: Settings) -> Iterator[Item]:
    """Standard input, sniffed from its first bytes (gzip, WARC, JSON Lines, HTML, else text)
    and read like a file of that form: JSON Lines and WARC streamed record by record with the
    per-record limit and damage handling, text and HTML up to the limit."""
    raw = sys.stdin.buffer
    head = raw.read(SNIFF_BYTES)
    stream = io.BufferedReader(Prefixed(head, raw))
    try:
        if not head.strip():
            raise RasdError(Code.E001_EMPTY, "", STDIN_SOURCE)
        packed = head.startswith(GZ_MAGIC)
        form = sniff(gunzip_head(head) if packed else head)
        if form == WARC:
            # Spooled to a temporary file (not memory): the check for a cut-off last record
            # seeks back, as it does in a file given by path. warcio reads gzip members itself.
            with tempfile.TemporaryFile() as spool:
                shutil.copyfileobj(stream, spool)
                spool.seek(0)
                yield from iter_warc(spool, settings, STDIN_SOURCE)
        elif form == JSONL:
            yield from iter_jsonl(gzip.GzipFile(fileobj=stream) if packed else stream, settings, STDIN_SOURCE)
        else:
            yield from from_bytes(read_stdin(stream, packed, settings.max_bytes), form, settings, STDIN_SOURCE)
    except RasdError as exc:
        yield IngestFailure(STDIN_SOURCE, exc)


def gunzip_head(head: bytes) -> bytes:
    """What the first compressed bytes decompress to (enough to sniff; damage after is seen later)."""
    try:
        return zlib.decompressobj(GZIP_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def read_stdin(stream: IO[bytes], packed: bool, limit: int) -> bytes:
    if packed:
        data = gunzip_bounded(stream, limit, STDIN_SOURCE)
        assert data is not None  # stream_ok is off: over the limit raised E004
        return data
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise RasdError(Code.E004_TOO_LARGE, f"more than {limit} bytes", STDIN_SOURCE)
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
    elif (records := json_records(data)) is not None:
        yield from list_items(records, settings, source)
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
