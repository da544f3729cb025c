"""Plain text "as scraped": [section line] title [| byline] body [boilerplate lines].

The header is recognised by its shape (short lines separated by blank lines), never by
dropping short lines blindly; text without that shape is taken as body paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasd.ingest.boilerplate import clean_lines, fold
from rasd.ingest.dates import parse_date
from rasd.ingest.document import RawDocument, assemble_text, fill_id
from rasd.ingest.resources import data_lines
from rasd.model import Metadata

BYLINE_MARK = "|"
BYLINE_MAX_WORDS = 8  # a prefixed byline line ("بقلم: ...") is a name or two, not a sentence
DATELINE_MAX_WORDS = 7  # a line under the title that is only a date ("الأحد 17 تموز 2016")
COLON = ":"
SECTION_MAX_WORDS = 3
SECTION_MAX_CHARS = 30
# A title followed by a blank line (the scraped shape) may be long; one that runs straight
# into the body must be shorter to be told from a first paragraph.
TITLE_MAX_CHARS = 250
TITLE_MAX_CHARS_TIGHT = 120
SENTENCE_END = (".", ":", "،", "؛", ",", ";")
BYLINE_SEPARATORS = re.compile(r"\s+[–—-]\s+|\s*[/،,]\s*")
GENERIC_BYLINE_FILE = "byline_generic.txt"
BYLINE_PREFIX_FILE = "byline_prefixes.txt"
OUTLET_PREFIX_FILE = "outlet_prefixes.txt"
# Invisible marks trimmed from line ends with the spaces (BOM, bidi marks, zero widths).
EDGE_MARKS = "\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@dataclass
class Line:
    text: str
    blank_after: bool  # a blank line (or the end) follows it


def split_lines(text: str) -> list[str]:
    """Lines (at any Unicode line break), each trimmed of spaces and invisible marks."""
    return [trim(line) for line in text.splitlines()]


def trim(line: str) -> str:
    previous = None
    while previous != line:
        previous, line = line, line.strip().strip(EDGE_MARKS)
    return line


def to_items(lines: list[str]) -> list[Line]:
    """Non-blank lines, each knowing whether a blank line follows."""
    items = []
    for i, line in enumerate(lines):
        if line:
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            items.append(Line(line, not nxt))
    return items


def is_section(item: Line) -> bool:
    text = item.text
    short = len(text.split()) <= SECTION_MAX_WORDS and len(text) <= SECTION_MAX_CHARS
    return short and item.blank_after and not _ends_sentence(text) and not is_byline(text)


def is_title(item: Line) -> bool:
    limit = TITLE_MAX_CHARS if item.blank_after else TITLE_MAX_CHARS_TIGHT
    text = item.text
    return len(text) <= limit and not _ends_sentence(text) and not is_byline(text)


def is_byline(text: str) -> bool:
    return text.startswith(BYLINE_MARK) or byline_name(text) is not None


def byline_name(text: str) -> str | None:
    """The name in a byline line: after "|" or an opening word ("بقلم", "كتب:"); else None."""
    if text.startswith(BYLINE_MARK):
        return text[len(BYLINE_MARK):].strip() or None
    if len(text.split()) > BYLINE_MAX_WORDS:
        return None
    match = next((m for p in byline_prefixes() if (m := p.fullmatch(text))), None)
    return match.group("name").strip() if match else None


@cache
def byline_prefixes() -> tuple[re.Pattern[str], ...]:
    """Patterns of the byline openers: "كتب:" needs its colon, "بقلم" takes one or a space."""
    patterns = []
    for prefix in data_lines(BYLINE_PREFIX_FILE):
        word = re.escape(prefix.rstrip(COLON))
        after = r"\s*:\s*" if prefix.endswith(COLON) else r"(?:\s*:\s*|\s+)"
        patterns.append(re.compile(rf"{word}{after}(?P<name>\S.*)"))
    return tuple(patterns)


def _ends_sentence(text: str) -> bool:
    return text.endswith(SENTENCE_END)


def read_header(items: list[Line]) -> tuple[str | None, str | None, int]:
    """(section, title, index of the first line after them)."""
    if len(items) >= 3 and is_section(items[0]) and is_title(items[1]) and _header_end(items, 1):
        return items[0].text, items[1].text, 2
    if len(items) >= 2 and is_title(items[0]):
        return None, items[0].text, 1
    return None, None, 0


def _header_end(items: list[Line], i: int) -> bool:
    """A title in the scraped shape ends with a blank line or runs into a byline."""
    return items[i].blank_after or is_byline(items[i + 1].text)


def read_byline(items: list[Line], at: int) -> tuple[str | None, int]:
    if at < len(items) - 1 and is_byline(items[at].text):
        return byline_name(items[at].text), at + 1
    return None, at


def read_dateline(items: list[Line], at: int) -> tuple[str | None, int]:
    """A line under the title that is only a date becomes the publication date."""
    if at < len(items) - 1 and len(items[at].text.split()) <= DATELINE_MAX_WORDS:
        published = parse_date(items[at].text)
        if published:
            return published, at + 1
    return None, at


@dataclass
class Header:
    section: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    end: int = 0


def read_full_header(items: list[Line]) -> Header:
    """Section, title, then a byline and a date line in either order."""
    section, title, at = read_header(items)
    byline, at = read_byline(items, at)
    published, at = read_dateline(items, at)
    if byline is None:
        byline, at = read_byline(items, at)
    return Header(section, title, byline, published, at)


def outlet_of_byline(byline: str | None) -> str | None:
    """The outlet a byline names: its first segment that is not a generic word ("وكالات")."""
    if not byline:
        return None
    segments = [s.strip() for s in BYLINE_SEPARATORS.split(byline) if s.strip()]
    if len(segments) < 2:
        return None
    generic = {fold(w) for w in data_lines(GENERIC_BYLINE_FILE)}
    named = [s for s in segments if fold(s) not in generic]
    return named[0] if named else None


def outlet_of_footer(lines: list[str]) -> str | None:
    """The paper named by a footer line ("صحيفة الوطن") at the very end, if any."""
    last = next((line for line in reversed(lines) if line), "")
    words = last.split()
    prefixes = {fold(w) for w in data_lines(OUTLET_PREFIX_FILE)}
    if 2 <= len(words) <= 4 and fold(words[0]) in prefixes:
        return " ".join(words[1:])
    return None


def parse_plaintext(text: str, source: str, *, header: bool = True) -> RawDocument:
    """Clean scraped text into a document; with header=False the text is all body."""
    raw_lines = split_lines(text)
    items = to_items(clean_lines(raw_lines))
    head = read_full_header(items) if header else Header()
    meta = Metadata(
        section=head.section, title=head.title, byline=head.byline, published=head.published,
        outlet=outlet_of_byline(head.byline) or outlet_of_footer(raw_lines), source=source,
    )
    body = [item.text for item in items[head.end:]]
    doc = RawDocument(assemble_text(head.title, body), meta, [])
    fill_id(meta, doc.text)
    return doc
