"""Plain text "as scraped": [section line] title [| byline] body [boilerplate lines].

The header is recognised by its shape (short lines separated by blank lines), never by
dropping short lines blindly; text without that shape is taken as body paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rasd.ingest.boilerplate import clean_lines, fold
from rasd.ingest.dates import parse_date
from rasd.ingest.document import RawDocument, assemble_text, fill_id
from rasd.ingest.resources import data_lines
from rasd.model import Metadata

BYLINE_MARK = "|"
BYLINE_MAX_WORDS = 8  # a prefixed byline line ("بقلم: ...") is a name or two, not a sentence
# A date line under the title: a date, perhaps with a place and an agency
# ("الأحد 17 تموز 2016", "بيروت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس").
DATELINE_MAX_WORDS = 12
# An unmarked byline: a name or outlet and a place, each of one to three words, joined by a
# spaced dash ("عين اليوم – جدة", "محمود وهبي ـ جدة").
DASH = "[–—ـ-]"
DASH_SEGMENT = r"[^\s–—ـ-]+(?: [^\s–—ـ-]+){0,2}"
DASH_BYLINE = re.compile(rf"{DASH_SEGMENT}\s+{DASH}\s+{DASH_SEGMENT}")
COLON = ":"
HEADER_EXTRA_LINES = 2  # a byline and a date line may follow the title, in either order
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
    """Short-ish, not a sentence, not a byline; a date line running into the body is no title."""
    limit = TITLE_MAX_CHARS if item.blank_after else TITLE_MAX_CHARS_TIGHT
    text = item.text
    if len(text) > limit or _ends_sentence(text) or is_byline(text):
        return False
    return item.blank_after or not is_dateline(text)


def is_dateline(text: str) -> bool:
    return len(text.split()) <= DATELINE_MAX_WORDS and not _ends_sentence(text) and parse_date(text) is not None


def is_byline(text: str) -> bool:
    return text.startswith(BYLINE_MARK) or byline_name(text) is not None


def byline_name(text: str) -> str | None:
    """The name in a byline line: after "|" or an opening word ("بقلم", "كتب:"), or a whole
    "name – place" line; else None."""
    if text.startswith(BYLINE_MARK):
        return text[len(BYLINE_MARK):].strip() or None
    if DASH_BYLINE.fullmatch(text):
        return text
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


@dataclass
class Header:
    section: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    end: int = 0  # index of the first line after the header
    marked: bool = False  # the byline was a "| ..." line, whose first segment names the outlet
    # Header lines that also stay in the text: "name – place" bylines and date lines carry
    # places and words of the article; "|" and "بقلم:" bylines, section and title do not.
    kept: list[str] = field(default_factory=list)


def read_full_header(items: list[Line]) -> Header:
    """Section and title, then a byline and a date line in either order."""
    head = Header()
    head.section, head.title, head.end = read_header(items)
    for _ in range(HEADER_EXTRA_LINES):
        if not (take_byline(head, items) or take_dateline(head, items)):
            break
    return head


def take_byline(head: Header, items: list[Line]) -> bool:
    text = items[head.end].text if head.byline is None and head.end < len(items) - 1 else ""
    if not text or not is_byline(text):
        return False
    head.byline, head.marked = byline_name(text), text.startswith(BYLINE_MARK)
    if not head.marked and DASH_BYLINE.fullmatch(text):
        head.kept.append(text)
    head.end += 1
    return True


def take_dateline(head: Header, items: list[Line]) -> bool:
    text = items[head.end].text if head.published is None and head.end < len(items) - 1 else ""
    if not text or not is_dateline(text):
        return False
    head.published = parse_date(text)
    head.kept.append(text)
    head.end += 1
    return True


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
        outlet=(outlet_of_byline(head.byline) if head.marked else None) or outlet_of_footer(raw_lines),
        source=source,
    )
    body = head.kept + [item.text for item in items[head.end:]]
    doc = RawDocument(assemble_text(head.title, body), meta, [])
    fill_id(meta, doc.text)
    return doc
