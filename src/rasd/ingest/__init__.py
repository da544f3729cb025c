"""Ingestion: files, folders, standard input, JSON Lines and WARC to cleaned documents."""

from rasd.ingest.dates import parse_date
from rasd.ingest.document import IngestFailure, RawDocument
from rasd.ingest.files import iter_documents
from rasd.ingest.jsonl import document_from_record, document_from_text

__all__ = [
    "IngestFailure",
    "RawDocument",
    "document_from_record",
    "document_from_text",
    "iter_documents",
    "parse_date",
]
