"""Sentence splitting that knows Arabic punctuation, paragraphs and quotations.

A sentence ends at . ! ? ؟ … followed by white space (closing quotes and brackets stay
with it), and always at a paragraph break. Full stops inside «…» or “…” are never
boundaries, nor the dots of initialisms (أ.ف.ب) or listed abbreviations.

A "sentence" longer than a bound (a page without punctuation, a list run together, a dump on
one line) is cut into pieces of at most that many characters, at the last clause mark
(، , ؛ ; :) before the bound, else the last space, so that the work later stages do within a
sentence stays bounded and the whole pipeline linear in the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from rasd.model import Sentence
from rasd.resources import read_json

RULES_FILE = ("text", "sentences.json")
INITIALISM = re.compile(r"(?:^|\s)\S(?:\.\S){1,4}\.$")
NUMBER_DOT = re.compile(r"\d\.$")
WORDLIKE = re.compile(r"\w")
# Longest sentence kept whole, in characters. Of 225,694 sentences in 20,000 ANT articles the
# longest has 2,030 characters and one in 10,000 has over 1,056; 2,000 cuts almost none of
# real news and bounds the per-sentence work of later stages (~350 tokens).
MAX_SENTENCE_CHARS = 2000
# Where a cut may fall: after a clause mark followed by a space, else at a space, searched in
# the last half of the bound, so that no piece is shorter than half of it.
CLAUSE_MARKS = ("،", ",", "؛", ";", ":")


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


class _Regions:
    """Quotation regions, asked whether a position falls strictly inside one: by bisection
    over the starts with a running maximum of the ends (a scan per boundary was quadratic in
    a long paragraph)."""

    def __init__(self, regions: list[tuple[int, int]]):
        ordered = sorted(regions)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []  # the furthest `end - 1` among the regions up to each one
        for _, end in ordered:
            self.reach.append(max(end - 1, self.reach[-1] if self.reach else end - 1))

    def inside(self, pos: int) -> bool:
        opened = bisect_left(self.starts, pos)  # regions with start < pos
        return opened > 0 and self.reach[opened - 1] > pos


def _split_paragraph(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    sentences = []
    regions = _Regions(_quote_regions(text, start, end))
    sent_start = start
    for match in _boundary_pattern().finditer(text, start, end):
        first_punct = match.start()
        if regions.inside(first_punct) or _is_abbreviation(text, first_punct, start):
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


def _cut_at(text: str, start: int, limit: int) -> int:
    """Where to end a piece of the over-long sentence starting at `start`: just after the last
    clause mark followed by a space before `start + limit`, else at the last space, else (no
    space at all) at the bound itself."""
    stop, low = start + limit, start + limit // 2
    marks = [text.rfind(f"{mark} ", low, stop) for mark in CLAUSE_MARKS]
    best = max(marks)
    if best != -1:
        return best + 1
    space = max(text.rfind(" ", low, stop), text.rfind("\t", low, stop))
    return space if space != -1 else stop


def _bounded(text: str, sentence: Sentence, limit: int) -> list[Sentence]:
    """The sentence cut into pieces of at most `limit` characters (itself when short enough)."""
    if sentence.end - sentence.start <= limit:
        return [sentence]
    pieces, pos = [], sentence.start
    while sentence.end - pos > limit:
        cut = _cut_at(text, pos, limit)
        piece = _trimmed(text, pos, cut, sentence.paragraph)
        if piece is not None:
            pieces.append(piece)
        pos = cut
        while pos < sentence.end and text[pos].isspace():
            pos += 1
    last = _trimmed(text, pos, sentence.end, sentence.paragraph)
    return pieces + ([last] if last is not None else [])


def bounded_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> tuple[list[Sentence], int]:
    """Sentences of `text`, with paragraph numbers and offsets into `text`, none longer than
    `max_chars`; and how many over-long sentences were cut (for warning W109)."""
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    sentences: list[Sentence] = []
    cut = 0
    pos = 0
    for paragraph, line in enumerate(text.split("\n")):
        if line.strip():
            for sentence in _split_paragraph(text, pos, pos + len(line), paragraph):
                pieces = _bounded(text, sentence, max_chars)
                cut += len(pieces) > 1
                sentences.extend(pieces)
        pos += len(line) + 1
    return sentences, cut


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[Sentence]:
    """Sentences of `text`, with paragraph numbers; offsets into `text`."""
    return bounded_sentences(text, max_chars)[0]
