"""Read the language data files of the ingestion layer (src/rasd/data/ingest/)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from rasd.errors import Code, RasdError

DATA_PACKAGE = "rasd"
DATA_DIR = ("data", "ingest")
COMMENT = "#"


def data_text(name: str) -> str:
    """The text of a bundled data file; E015 when it is missing."""
    path = resources.files(DATA_PACKAGE).joinpath(*DATA_DIR, name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RasdError(Code.E015_BAD_DATA_FILE, f"{name}: {exc}") from exc


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
