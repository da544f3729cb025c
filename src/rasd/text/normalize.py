"""Offset-preserving normalisation for matching.

The original text is never changed; `normalize` returns a matching form plus a map from
each normalised character back to its original offset, so a match found in the
normalised form is reported on the original characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.resources import read_json

RULES_FILE = ("text", "normalization.json")


@cache
def _tables() -> tuple[dict[int, str | None], frozenset[str]]:
    rules = read_json(*RULES_FILE)
    table: dict[int, str | None] = {ord(k): v for k, v in rules["map"].items()}
    for ch in rules["drop"]:
        table[ord(ch)] = None
    return table, frozenset(rules["drop"])


@cache
def _lexical_table() -> dict[int, str | None]:
    """Like the matching table but keeps teh marbuta: clitic analysis needs ة ≠ ه."""
    table = dict(_tables()[0])
    for ch in read_json(*RULES_FILE)["keep_for_lexicon"]:
        table.pop(ord(ch), None)
    return table


@dataclass(slots=True)
class NormalizedText:
    text: str
    original: str
    # offsets[i] is the original offset of normalised char i; None means identity.
    offsets: list[int] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) back to the original text."""
        if self.offsets is None:
            return start, end
        if start >= len(self.offsets):
            return len(self.original), len(self.original)
        orig_start = self.offsets[start]
        orig_end = self.offsets[end - 1] + 1 if end > start else orig_start
        return orig_start, orig_end


def normalize(text: str) -> NormalizedText:
    table, dropped = _tables()
    out = text.translate(table)
    if len(out) == len(text):
        # Only 1:1 mappings applied: offsets are the identity, no map needed.
        return NormalizedText(out, text, None)
    kept = [i for i, ch in enumerate(text) if ch not in dropped]
    return NormalizedText(out, text, kept)


def normalize_word(word: str) -> str:
    """Matching form of a short string (no offset map)."""
    return word.translate(_tables()[0])


def lexical_form(word: str) -> str:
    """The form used for the word-frequency lexicon: matching form, but ة kept."""
    return word.translate(_lexical_table())
