"""Site boilerplate rules (data/ingest/boilerplate.txt) and the line folding they match on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasd.errors import Code, RasdError
from rasd.ingest.resources import data_fields

RULES_FILE = "boilerplate.txt"
SCOPES = ("any", "head", "tail", "lead")
# Under a teaser heading ("اقرأ أيضاً:"), the lines that read as linked headlines go with it.
# Page furniture is short; a longer line is article text even when a rule's `.*` would
# swallow it (an article scraped onto one line that mentions "حقوق النشر محفوظة" was dropped
# whole).
BOILERPLATE_MAX_CHARS = 300
TEASER_MAX_LINES = 3
TEASER_MAX_WORDS = 14
SENTENCE_END = (".", ":", "،", "؛")
KINDS = ("line", "regex")
HAMZA_ALEF = str.maketrans("أإآ", "ااا")
VOWELS_AND_TATWEEL = re.compile("[\u064b-\u0652\u0640]")
TRAILING_MARKS = " :.…»>|-–—"
SPACES = re.compile(r"\s+")


def fold_letters(text: str) -> str:
    """Remove short vowels and tatweel, and write every hamza-alef as a bare alef."""
    return VOWELS_AND_TATWEEL.sub("", text).translate(HAMZA_ALEF)


def fold(line: str) -> str:
    """The form lines are compared in: folded letters, collapsed spaces, no trailing marks."""
    return SPACES.sub(" ", fold_letters(line)).strip().rstrip(TRAILING_MARKS).strip()


@dataclass(frozen=True)
class Rule:
    scope: str
    kind: str
    pattern: str

    def matches(self, folded: str) -> bool:
        if self.kind == "line":
            return folded == self.pattern
        return compiled(self.pattern).fullmatch(folded) is not None


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def make_rule(scope: str, kind: str, pattern: str) -> Rule:
    if scope not in SCOPES or kind not in KINDS:
        raise RasdError(Code.E015_BAD_DATA_FILE, f"{RULES_FILE}: bad rule {scope} {kind} {pattern}")
    if kind == "line":
        return Rule(scope, kind, fold(pattern))
    try:
        compiled(fold_letters(pattern))
    except re.error as exc:
        raise RasdError(Code.E015_BAD_DATA_FILE, f"{RULES_FILE}: {pattern}: {exc}") from exc
    return Rule(scope, kind, fold_letters(pattern))


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(make_rule(*fields) for fields in data_fields(RULES_FILE, 3))


def is_boilerplate(line: str, scopes: tuple[str, ...] = ("any",)) -> bool:
    """Whether a line is boilerplate under the rules of the given scopes."""
    folded = fold(line)
    if not folded or len(folded) > BOILERPLATE_MAX_CHARS:
        return False
    return any(r.scope in scopes and r.matches(folded) for r in rules())


def strip_edges(lines: list[str]) -> list[str]:
    """Drop boilerplate and blank lines from the start and the end of the text."""
    start, end = 0, len(lines)
    while start < end and _edge_junk(lines[start], ("any", "head", "lead")):
        start += 1
    while end > start and _edge_junk(lines[end - 1], ("any", "tail", "lead")):
        end -= 1
    return lines[start:end]


def _edge_junk(line: str, scopes: tuple[str, ...]) -> bool:
    return not line.strip() or is_boilerplate(line, scopes)


def clean_lines(lines: list[str]) -> list[str]:
    """Edges stripped, then `any` and `lead` boilerplate removed everywhere; blank lines kept."""
    kept: list[str] = []
    teaser_lines = 0
    for line in strip_edges(lines):
        if teaser_lines and is_headline(line):
            teaser_lines -= 1
            continue
        teaser_lines = TEASER_MAX_LINES if is_boilerplate(line, ("lead",)) else 0
        if not teaser_lines and not is_boilerplate(line):
            kept.append(line)
    return kept


def is_headline(line: str) -> bool:
    """A line that reads as a linked headline: short, and not ending like a sentence."""
    text = line.strip()
    return bool(text) and len(text.split()) <= TEASER_MAX_WORDS and not text.endswith(SENTENCE_END)
