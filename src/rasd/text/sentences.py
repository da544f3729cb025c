"""Sentence splitting that knows Arabic punctuation, paragraphs and quotations.

A sentence ends at . ! ? ؟ … followed by white space (closing quotes and brackets stay
with it), and always at a paragraph break. Full stops inside «…» or “…” are never
boundaries, nor the dots of initialisms (أ.ف.ب) or listed abbreviations.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.model import Sentence
from rasd.resources import read_json

RULES_FILE = ("text", "sentences.json")
INITIALISM = re.compile(r"(?:^|\s)\S(?:\.\S){1,4}\.$")
NUMBER_DOT = re.compile(r"\d\.$")
WORDLIKE = re.compile(r"\w")


@cache
def _rules() -> dict:
    return read_json(*RULES_FILE)


@cache
def _boundary_pattern() -> re.Pattern[str]:
    rules = _rules()
    term = "".join(re.escape(t) for t in rules["terminators"])
    close = "".join(re.escape(c) for c in rules["closing_after_terminator"])
    return re.compile(rf"[{term}]+[{close}]*(?=\s)")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(_rules()["abbreviations"])


def _quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of balanced quotations inside one paragraph."""
    regions = []
    limit = _rules()["max_quote_chars"]
    for opener, closer in _rules()["quote_pairs"]:
        pos = text.find(opener, start, end)
        while pos != -1:
            close = text.find(closer, pos + 1, min(end, pos + 1 + limit))
            if close == -1:
                break
            regions.append((pos, close + 1))
            pos = text.find(opener, close + 1, end)
    return regions


def _is_abbreviation(text: str, dot: int, para_start: int) -> bool:
    if text[dot] != ".":
        return False
    before = text[max(para_start, dot - 12) : dot + 1]
    if INITIALISM.search(before) or NUMBER_DOT.search(before[-2:]) and dot + 1 < len(text) and text[dot + 1].isdigit():
        return True
    word = before[:-1].rsplit(None, 1)[-1] if before[:-1].strip() else ""
    return word in _abbreviations()


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    return any(s < pos < e - 1 for s, e in regions)


def _split_paragraph(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    sentences = []
    regions = _quote_regions(text, start, end)
    sent_start = start
    for match in _boundary_pattern().finditer(text, start, end):
        first_punct = match.start()
        if _inside(regions, first_punct) or _is_abbreviation(text, first_punct, start):
            continue
        sentences.append(_trimmed(text, sent_start, match.end(), paragraph))
        sent_start = match.end()
    sentences.append(_trimmed(text, sent_start, end, paragraph))
    return _merge_bare_punctuation([s for s in sentences if s is not None], text)


def _merge_bare_punctuation(sentences: list[Sentence], text: str) -> list[Sentence]:
    """A 'sentence' of punctuation only (a trailing … in a headline) joins the one before."""
    merged: list[Sentence] = []
    for sent in sentences:
        if merged and not WORDLIKE.search(text, sent.start, sent.end):
            merged[-1] = Sentence(merged[-1].start, sent.end, sent.paragraph)
        else:
            merged.append(sent)
    return merged


def _trimmed(text: str, start: int, end: int, paragraph: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, paragraph) if end > start else None


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, with paragraph numbers; offsets into `text`."""
    sentences: list[Sentence] = []
    pos = 0
    for paragraph, line in enumerate(text.split("\n")):
        if line.strip():
            sentences.extend(_split_paragraph(text, pos, pos + len(line), paragraph))
        pos += len(line) + 1
    return sentences
