"""Token lookups by character offset, by bisection.

Tokens come out of the tokenizer in text order and never overlap, so both their starts and
their ends are sorted: the tokens a span touches are found in O(log n), where a scan of every
token per entity or mention made a long document quadratic.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import attrgetter

from rasd.model import Token

_START = attrgetter("start")
_END = attrgetter("end")


def overlapping(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """[i, j) of the tokens that overlap [start, end) (t.end > start and t.start < end)."""
    first = bisect_right(tokens, start, key=_END)
    return first, max(first, bisect_left(tokens, end, lo=first, key=_START))


def inside(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """[i, j) of the tokens that lie within [start, end) (t.start >= start and t.end <= end)."""
    first = bisect_left(tokens, start, key=_START)
    return first, max(first, bisect_right(tokens, end, lo=first, key=_END))
