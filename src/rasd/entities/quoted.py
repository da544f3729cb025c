"""Organisation names written in quotation marks or brackets after their kind.

Arabic news marks a body's proper name with «», "" or () right after the noun that says what
it is: حركة «كفاية», تيار "الحكمة", جماعة (فوت ليف - Vote Leave). The tagger, reading word by
word, often misses such names (they are rare, foreign or common words) or calls them persons.
This pass makes the name inside the marks an ORG entity, replacing whatever the tagger found
inside them and the bare head noun it may have tagged alone.
"""

from __future__ import annotations

from functools import cache

from rasd.lookup import SpanIndex
from rasd.model import Article, Entity, Span, Token
from rasd.resources import read_lines
from rasd.text.marks import WRAPPING_PAIRS
from rasd.text.normalize import normalize_word

HEADS_FILE = ("ner", "quoted_name_heads.txt")
OPENING_MARKS = WRAPPING_PAIRS
# Longest name, in tokens, inside the marks (more is a quotation, not a name).
MAX_NAME_TOKENS = 5
NAME_KINDS = ("word", "latin", "number")
# Inside the marks a name may carry its transliteration after a dash: (فوت ليف - Vote Leave).
GLOSS_DASHES = ("-", "–", "—")


@cache
def head_words() -> frozenset[str]:
    return frozenset(normalize_word(w) for w in read_lines(*HEADS_FILE))


def _head_at(article: Article, token: Token) -> bool:
    """The head noun stands without ال before a name (حركة «كفاية»); with it, what follows in
    marks is mostly a quotation (رئيس الحركة «نحن هنا»)."""
    stem = article.text[token.stem_start if token.stem_start >= 0 else token.start : token.end]
    return normalize_word(stem) in head_words()


def _name_end(article: Article, tokens: list[Token], first: int, closing: str) -> tuple[int, int] | None:
    """Indexes of the last token of the name that starts at `first` and of the closing mark,
    if the marks close within reach and hold only name words (and a dash before a gloss)."""
    last = None
    for j in range(first, min(len(tokens), first + MAX_NAME_TOKENS + 3)):
        text = article.text[tokens[j].start : tokens[j].end]
        if text == closing:
            return (last, j) if last is not None else None
        if text in GLOSS_DASHES and last is not None:
            break
        if tokens[j].kind not in NAME_KINDS or j - first >= MAX_NAME_TOKENS:
            return None
        last = j
    return _closing_after(article, tokens, last, closing)


def _closing_after(article: Article, tokens: list[Token], last: int | None, closing: str) -> tuple[int, int] | None:
    """After a dash the gloss runs to the closing mark; the name ends before the dash."""
    if last is None:
        return None
    for j in range(last + 2, min(len(tokens), last + 2 + MAX_NAME_TOKENS + 1)):
        if article.text[tokens[j].start : tokens[j].end] == closing:
            return last, j
    return None


def quoted_names(article: Article, tokens: list[Token]) -> list[tuple[Token, int, int, int]]:
    """(head token, name start, name end, closing mark end) of each quoted name after a head
    noun in one sentence's tokens."""
    found = []
    for i in range(len(tokens) - 2):
        closing = OPENING_MARKS.get(article.text[tokens[i + 1].start : tokens[i + 1].end])
        if closing is None or tokens[i].kind != "word" or not _head_at(article, tokens[i]):
            continue
        ends = _name_end(article, tokens, i + 2, closing)
        if ends is not None:
            found.append((tokens[i], tokens[i + 2].start, tokens[ends[0]].end, tokens[ends[1]].end))
    return found


def mark_quoted_names(article: Article, sentences: list[list[Token]]) -> None:
    """Add the quoted organisation names, dropping what the tagger found inside the marks and
    on the head noun alone (تيار before "الحكمة"); ids renumbered in text order."""
    found = [hit for group in sentences for hit in quoted_names(article, group)]
    if not found:
        return
    # The spans the marks cover, asked by bisection (a test of every span per entity was
    # quadratic in a long document).
    covered = SpanIndex([Span(head.start, closed) for head, _, _, closed in found])
    kept = [e for e in article.entities if not covered.overlapping(e.start, e.end)]
    added = [Entity(start=s, end=t, type="ORG") for _, s, t, _ in found]
    article.entities = sorted(kept + added, key=lambda e: e.start)
    for n, entity in enumerate(article.entities):
        entity.id = f"e{n}"


__all__ = ["mark_quoted_names", "quoted_names"]
