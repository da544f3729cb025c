"""Coded errors and warnings: every failure rasd reports carries one of these codes.

Codes are stable; messages may be reworded. E = the document could not be analysed,
W = it was analysed but something is worth knowing, S = it was skipped on purpose (counted,
never silently).
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    E001_EMPTY = "E001"
    E002_BINARY = "E002"
    E003_ENCODING = "E003"
    E004_TOO_LARGE = "E004"
    E005_BAD_HTML = "E005"
    E006_BAD_JSON = "E006"
    E007_BAD_WARC = "E007"
    E008_NOT_FOUND = "E008"
    E009_BAD_RECORD = "E009"
    E010_UNKNOWN_STAGE = "E010"
    E011_STAGE_ORDER = "E011"
    E012_BAD_SETTING = "E012"
    E013_NO_TEXT = "E013"
    E014_MODEL_MISSING = "E014"
    E015_BAD_DATA_FILE = "E015"
    E016_REGISTRY = "E016"
    E017_INTERNAL = "E017"
    E018_HTML_TOO_DEEP = "E018"
    E019_TRUNCATED_GZIP = "E019"
    E020_TIME_BUDGET = "E020"
    E021_NOISE = "E021"
    E022_STORE_BUSY = "E022"
    E023_STORE_INVALID = "E023"
    E024_BAD_QUERY = "E024"
    E025_BACKFILL = "E025"
    E026_UNKNOWN_ID = "E026"
    S201_SKIPPED_FILE = "S201"
    W101_NOT_ARABIC = "W101"
    W102_LEGACY_ENCODING = "W102"
    W103_TRUNCATED = "W103"
    W104_NO_METADATA = "W104"
    W105_DATE_UNPARSED = "W105"
    W106_MIXED_LANGUAGE = "W106"
    W107_UNENCODABLE = "W107"
    W108_CONTROL_CHARS = "W108"
    W109_LONG_SENTENCE = "W109"


MESSAGES: dict[Code, str] = {
    Code.E001_EMPTY: "the document is empty",
    Code.E002_BINARY: "the document is binary, not text",
    Code.E003_ENCODING: "the bytes are not UTF-8, cp1256 or ISO-8859-6 text",
    Code.E004_TOO_LARGE: "the document is larger than the configured limit",
    Code.E005_BAD_HTML: "the HTML page has no extractable article text",
    Code.E006_BAD_JSON: "a JSON Lines record could not be parsed",
    Code.E007_BAD_WARC: "the WARC file is malformed or truncated",
    Code.E008_NOT_FOUND: "the path does not exist",
    Code.E009_BAD_RECORD: "the record lacks a usable text or html field",
    Code.E010_UNKNOWN_STAGE: "no pipeline stage is registered under this name",
    Code.E011_STAGE_ORDER: "a stage needs an attribute that no earlier stage adds",
    Code.E012_BAD_SETTING: "a setting has an invalid value",
    Code.E013_NO_TEXT: "nothing of the document is left after cleaning",
    Code.E014_MODEL_MISSING: "a model file is missing from the package",
    Code.E015_BAD_DATA_FILE: "a bundled data file is malformed",
    Code.E016_REGISTRY: "the actor registry file cannot be opened or read",
    Code.E017_INTERNAL: "an unexpected error stopped the analysis of this document",
    Code.E018_HTML_TOO_DEEP: "the HTML page is nested too deeply to parse",
    Code.E019_TRUNCATED_GZIP: "the gzip stream is truncated or corrupt",
    Code.E020_TIME_BUDGET: "the document took longer than the configured time budget",
    Code.E021_NOISE: "the bytes decode to no plausible text in any supported encoding",
    Code.E022_STORE_BUSY: "the store is being written by another process; try again when it is done",
    Code.E023_STORE_INVALID: "the file is not a rasd store, or its schema is newer than this rasd",
    Code.E024_BAD_QUERY: "a query argument is not valid",
    Code.E025_BACKFILL: "the backfill could not run",
    Code.E026_UNKNOWN_ID: "no record has this id",
    Code.S201_SKIPPED_FILE: "the file is not of a type rasd reads; skipped",
    Code.W101_NOT_ARABIC: "the text does not look like Arabic",
    Code.W102_LEGACY_ENCODING: "the bytes were decoded with a legacy Arabic encoding",
    Code.W103_TRUNCATED: "the input ended early; what was read was kept",
    Code.W104_NO_METADATA: "no metadata could be read from the source",
    Code.W105_DATE_UNPARSED: "a date could not be parsed and was left empty",
    Code.W106_MIXED_LANGUAGE: "the text mixes Arabic with much of another language",
    Code.W107_UNENCODABLE: "unencodable code points (lone surrogates) were replaced with U+FFFD",
    Code.W108_CONTROL_CHARS: "NUL or stray control characters were removed from the text",
    Code.W109_LONG_SENTENCE: "an over-long sentence was split into bounded pieces",
}


class RasdError(Exception):
    """A failure with a code, the document it concerns and a human reason."""

    def __init__(self, code: Code, detail: str = "", source: str | None = None):
        self.code = code
        self.detail = detail
        self.source = source
        super().__init__(self.describe())

    def __reduce__(self):
        # Picklable with its code: worker processes (rasd.parallel, backfill tasks) send
        # failures back; Exception's default would rebuild it from the message alone.
        return (type(self), (self.code, self.detail, self.source))

    def describe(self) -> str:
        where = f"{self.source}: " if self.source else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{where}{self.code.value} {MESSAGES[self.code]}{extra}"
