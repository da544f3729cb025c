"""Ingestion: files, folders, standard input, JSON Lines and WARC to cleaned documents.

One flat module per input form:
- files.py      paths, folders (recursive, sorted, every entry accounted for: S201 for what is
                not read), `.gz`, `.json` records, `-` (stdin, form sniffed, streamed); size limit
- decoding.py   bytes to text: UTF-8 (BOM ok), else cp1256 / ISO-8859-6 (W102), checks E001-E003
- plaintext.py  text as scraped: [section] title [| byline] body [boilerplate]
- html.py       a saved page through trafilatura (text and metadata); E005; deep nesting re-parsed
- jsonl.py      one record a line (`text` or `html` + metadata); E006 per broken line, E009
- warc.py       HTML `response` records of a WARC; E007 for what follows damage
- dates.py      ISO 8601, RFC 2822 and Arabic dates (both month series) to ISO 8601
- boilerplate.py  site boilerplate rules, kept in data/ingest/boilerplate.txt
Language knowledge (months, weekdays, byline words, boilerplate) lives in data/ingest/.

Every document comes out as a `RawDocument` (cleaned text: title, then body paragraphs, one
a line; metadata; warnings; no lone surrogates: W107) or an `IngestFailure` (source and coded
`RasdError`; `Skipped` for a file left out on purpose, S201); iteration always goes on with the
next document, an unexpected exception becoming E017 for the file, line or record it hit.
"""

from rasd.ingest.dates import parse_date
from rasd.ingest.document import IngestFailure, RawDocument, Skipped
from rasd.ingest.files import iter_documents
from rasd.ingest.jsonl import document_from_record, document_from_text

__all__ = [
    "IngestFailure",
    "RawDocument",
    "Skipped",
    "document_from_record",
    "document_from_text",
    "iter_documents",
    "parse_date",
]
