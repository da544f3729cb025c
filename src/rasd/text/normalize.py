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


# Arabic Presentation Forms-A and -B: contextual glyph forms (ﻻ, ﺍﻟﺴﻼﻡ) that text copied
# out of PDFs carries instead of letters. Nothing downstream (language detector, tokenizer,
# tagger, lexicons) knows them, so they are folded to letters with NFKC. U+FEFF (the byte-order
# mark) lies in the same block but is no letter form and is left alone.
PRESENTATION_BLOCKS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))


def _is_presentation_form(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in PRESENTATION_BLOCKS)


@cache
def _fold_char(ch: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKC", ch)
    # The spacing forms of the short vowels (U+FE70-FE7F) fold to space + mark; the mark alone
    # keeps the word whole.
    return folded.lstrip(" ") if folded.strip(" ") and folded[0] == " " else folded


def has_presentation_forms(text: str) -> bool:
    return any(_is_presentation_form(ch) for ch in text if ch >= "\ufb50")


def fold_presentation_forms(text: str) -> NormalizedText:
    """Letters for presentation forms, with a map from each folded character back to the
    character it came from (a ligature ﻻ folds to two letters, both mapped to it)."""
    if not has_presentation_forms(text):
        return NormalizedText(text, text, None)
    pieces, offsets = [], []
    for i, ch in enumerate(text):
        out = _fold_char(ch) if _is_presentation_form(ch) else ch
        pieces.append(out)
        offsets.extend([i] * len(out))
    folded = "".join(pieces)
    return NormalizedText(folded, text, None if len(folded) == len(text) else offsets)
