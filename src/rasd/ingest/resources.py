"""Read the language data files of the ingestion layer (src/rasd/data/ingest/)."""

from __future__ import annotations

from functools import cache

from rasd.errors import Code, RasdError
from rasd.resources import read_text

DATA_DIR = "ingest"
# Whole-line comments only: boilerplate regexes may contain '#'.
COMMENT = "#"


def data_text(name: str) -> str:
    """The text of a bundled data file; E015 when it is missing."""
    return read_text(DATA_DIR, name)


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The meaningful lines of a data file: comments and blank lines skipped, ends trimmed."""
    lines = (line.strip() for line in data_text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith(COMMENT))


def data_fields(name: str, count: int) -> list[tuple[str, ...]]:
    """Each meaningful line split on TABs into exactly `count` fields; E015 otherwise."""
    rows = []
    for line in data_lines(name):
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) != count:
            raise RasdError(Code.E015_BAD_DATA_FILE, f"{name}: expected {count} fields in {line!r}")
        rows.append(fields)
    return rows
