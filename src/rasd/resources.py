"""Read bundled data files (lexicons, models) from the installed package, never the network."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any

from rasd.errors import Code, RasdError


def data_path(*parts: str):
    """A Traversable for a file under rasd/data/."""
    path = resources.files("rasd").joinpath("data")
    for part in parts:
        path = path.joinpath(part)
    return path


def read_text(*parts: str) -> str:
    path = data_path(*parts)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise RasdError(Code.E015_BAD_DATA_FILE, "/".join(parts) + " is missing") from exc
    if parts[-1].endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


@cache
def read_json(*parts: str) -> Any:
    try:
        return json.loads(read_text(*parts))
    except json.JSONDecodeError as exc:
        raise RasdError(Code.E015_BAD_DATA_FILE, f"{'/'.join(parts)}: {exc}") from exc


@cache
def read_lines(*parts: str) -> tuple[str, ...]:
    """Non-empty lines, with `#` comments stripped."""
    lines = []
    for line in read_text(*parts).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return tuple(lines)


@cache
def read_table(*parts: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows, `#` comment lines skipped."""
    return tuple(tuple(line.split("\t")) for line in read_text(*parts).splitlines()
                 if line.strip() and not line.startswith("#"))
