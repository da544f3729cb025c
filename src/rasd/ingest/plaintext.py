"""Plain text "as scraped": [section line] title [| byline] body [boilerplate lines].

The header is recognised by its shape (short lines separated by blank lines), never by
dropping short lines blindly; text without that shape is taken as body paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasd.ingest.boilerplate import clean_lines, fold
from rasd.ingest.document import RawDocument, assemble_text, fill_id
from rasd.ingest.resources import data_lines
from rasd.model import Metadata

BYLINE_MARK = "|"
SECTION_MAX_WORDS = 3
SECTION_MAX_CHARS = 30
# A title followed by a blank line (the scraped shape) may be long; one that runs straight
# into the body must be shorter to be told from a first paragraph.
TITLE_MAX_CHARS = 250
TITLE_MAX_CHARS_TIGHT = 120
SENTENCE_END = (".", ":", "،", "؛", ",", ";")
BYLINE_SEPARATORS = re.compile(r"\s+[–—-]\s+|\s*[/،,]\s*")
GENERIC_BYLINE_FILE = "byline_generic.txt"
OUTLET_PREFIX_FILE = "outlet_prefixes.txt"
BOM = "\ufeff"


@dataclass
class Line:
    text: str
    blank_after: bool  # a blank line (or the end) follows it


def split_lines(text: str) -> list[str]:
    """Lines with normalised line ends, the BOM removed and each line trimmed."""
    text = text.lstrip(BOM).replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in text.split("\n")]


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
    return text.startswith(BYLINE_MARK)


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
    if at < len(items) and is_byline(items[at].text):
        return items[at].text[len(BYLINE_MARK):].strip() or None, at + 1
    return None, at


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
    section, title, at = read_header(items) if header else (None, None, 0)
    byline, at = read_byline(items, at) if header else (None, at)
    outlet = outlet_of_byline(byline) or outlet_of_footer(raw_lines)
    meta = Metadata(section=section, title=title, byline=byline, outlet=outlet, source=source)
    body = [item.text for item in items[at:]]
    doc = RawDocument(assemble_text(title, body), meta, [])
    fill_id(meta, doc.text)
    return doc
