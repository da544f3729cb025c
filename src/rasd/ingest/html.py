"""A saved article page: trafilatura finds the main text and the metadata."""

from __future__ import annotations

import codecs
import re
from typing import Any

import lxml.html
import trafilatura

from rasd.errors import MESSAGES, Code, RasdError
from rasd.ingest.boilerplate import clean_lines
from rasd.ingest.dates import parse_date
from rasd.ingest.decoding import Decoded, check_bytes, decode, try_utf16
from rasd.ingest.document import RawDocument, assemble_text, fill_id
from rasd.ingest.plaintext import split_lines
from rasd.model import Metadata, Warning
from rasd.settings import Settings

CHARSET_SNIFF_BYTES = 4096
DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
CATEGORY_SEPARATOR = ";"
# Never guess a date from the page text or the file's own date: only what the page declares.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
# libxml2 stops building the tree of an HTML page 256 elements down (2048 with huge_tree):
# below that the text is dropped silently. Pages nested deeper than this are parsed again.
MAX_HTML_DEPTH = 250
# Pages to this depth are parsed whole with huge_tree (libxml2 goes to 2048 levels, but
# trafilatura slows with depth: 0.2 s at 300 levels, 3.6 s at 1,900); deeper ones are flattened.
MAX_HUGE_TREE_DEPTH = 500
# A tag never holds "<": each try stops at the next one, so hostile markup stays linear.
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})
# What a flattened page keeps: the tags that give trafilatura its paragraphs, headings and
# boilerplate cues (links, navigation), and those whose content must stay enclosed (script,
# style). Layout wrappers (div, span, section, table cells, font, ...) are dropped: they are
# what machine-made pages nest hundreds deep.
FLAT_KEEP_TAGS = frozenset({
    "html", "head", "body", "title", "meta", "link", "script", "style", "noscript", "template",
    "nav", "header", "footer", "aside", "article", "main", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "a", "b", "i", "em", "strong", "blockquote", "q",
    "figure", "figcaption", "time",
})


def decode_html(data: bytes, settings: Settings, source: str, charset: str | None = None) -> Decoded:
    """HTML bytes as text: the charset the server or the page declares, else the usual tries."""
    utf16 = try_utf16(data)
    if utf16 is not None:
        return utf16
    check_bytes(data, source)
    declared = charset or declared_charset(data)
    if declared:
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            return decode(data, settings, source)
        return Decoded(text, declared, legacy_warning(declared, settings))
    return decode(data, settings, source)


def legacy_warning(charset: str, settings: Settings) -> list[Warning]:
    """W102 when a declared charset is one of the legacy Arabic encodings."""
    legacy = {codecs.lookup(name).name for name in settings.legacy_encodings}
    if codecs.lookup(charset).name not in legacy:
        return []
    return [Warning(Code.W102_LEGACY_ENCODING, f"{MESSAGES[Code.W102_LEGACY_ENCODING]}: {charset}")]


def declared_charset(data: bytes) -> str | None:
    match = DECLARED_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def extract(html: str, settings: Settings, url: str | None) -> Any:
    """trafilatura's Document for the page, or None."""
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=settings.html_favor == "precision",
            favor_recall=settings.html_favor == "recall",
            date_extraction_params=DATE_PARAMS,
        )
    except Exception:  # trafilatura/lxml raise many kinds on broken markup
        return None


def parse_html(html: str, settings: Settings, source: str, url: str | None = None) -> RawDocument:
    """The cleaned article of a page; E005 when nothing can be extracted, E018 when the page is
    nested too deeply to parse even after flattening."""
    found = extract(html, settings, url) if html.strip() else None
    paragraphs = _paragraphs(found)
    depth = html_depth(html) if not paragraphs else 0
    if depth > MAX_HTML_DEPTH:
        found = extract_deep(html, settings, url, depth)
        paragraphs = _paragraphs(found)
        if not paragraphs and html_depth(flatten(html)) > MAX_HTML_DEPTH:
            raise RasdError(Code.E018_HTML_TOO_DEEP, f"more than {MAX_HTML_DEPTH} levels even when flattened", source)
    if not paragraphs:
        raise RasdError(Code.E005_BAD_HTML, "no main text found", source)
    meta, warnings = page_metadata(found, source, url)
    if paragraphs[0] == meta.title:
        paragraphs = paragraphs[1:]
    doc = RawDocument(assemble_text(meta.title, paragraphs), meta, warnings)
    fill_id(meta, doc.text)
    return doc


def _paragraphs(found: Any) -> list[str]:
    lines = split_lines(found.text) if found is not None and found.text else []
    return [line for line in clean_lines(lines) if line]


def html_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags (an unclosed tag counts open)."""
    stack: list[str] = []
    open_count: dict[str, int] = {}  # how many of each name are on the stack: O(1) to ask
    deepest = 0
    for match in TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in VOID_TAGS or self_closing:
            continue
        if not closing:
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            deepest = max(deepest, len(stack))
        elif open_count.get(name):
            while True:  # close it and whatever was left open inside it
                top = stack.pop()
                open_count[top] -= 1
                if top == name:
                    break
    return deepest


def extract_deep(html: str, settings: Settings, url: str | None, depth: int) -> Any:
    """A deeply nested page: the tree lxml builds with huge_tree (it keeps the page's structure,
    to 2048 levels), else (deeper, or nothing found) the page flattened to its paragraph tags."""
    found = None
    if depth <= MAX_HUGE_TREE_DEPTH:
        try:
            tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
        except Exception:  # lxml raises several kinds on broken markup
            tree = None
        found = extract(tree, settings, url) if tree is not None else None
    if _paragraphs(found):
        return found
    return extract(flatten(html), settings, url)


def flatten(html: str) -> str:
    """The page without its layout wrappers (each replaced by a space, so words stay apart)."""
    return TAG.sub(lambda m: m.group(0) if m.group(2).lower() in FLAT_KEEP_TAGS else " ", html)


def page_metadata(found: Any, source: str, url: str | None) -> tuple[Metadata, list[Warning]]:
    meta = Metadata(
        url=url or found.url or None,
        outlet=_clean(found.sitename),
        section=_first_category(found.categories),
        title=_clean(found.title),
        byline=_clean(found.author),
        source=source,
    )
    warnings = []
    if found.date:
        meta.published = parse_date(found.date)
        if meta.published is None:
            warnings.append(Warning(Code.W105_DATE_UNPARSED, f"{MESSAGES[Code.W105_DATE_UNPARSED]}: {found.date}"))
    if not (meta.title or meta.published or meta.outlet):
        warnings.append(Warning(Code.W104_NO_METADATA, MESSAGES[Code.W104_NO_METADATA]))
    return meta, warnings


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _first_category(categories: Any) -> str | None:
    if isinstance(categories, list | tuple):
        return _clean(categories[0]) if categories else None
    return _clean(str(categories).split(CATEGORY_SEPARATOR)[0]) if categories else None
