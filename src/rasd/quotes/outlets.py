"""The publishing outlet's own names: a statement given to it has no via (the gold's rule:
"statements given to the publishing outlet itself have an empty via")."""

from __future__ import annotations

from functools import cache

from rasd.resources import read_table
from rasd.text import normalize_word

OUTLETS_FILE = ("quotes", "outlets.tsv")
# Marks around a name that do not change it: «العربية»، "العربية.نت".
NAME_MARKS = "«»“”\"'()"


def name_key(text: str) -> str:
    return " ".join(normalize_word(text).strip(NAME_MARKS).split()).lower()


@cache
def _outlet_names() -> dict[str, frozenset[str]]:
    return {outlet.lower(): frozenset(name_key(n) for n in names.split(",")) for outlet, names in read_table(*OUTLETS_FILE)}


def own_names(outlet: str | None) -> frozenset[str]:
    """The names the outlet publishing an article goes by (its metadata value included)."""
    if not outlet:
        return frozenset()
    return _outlet_names().get(outlet.strip().lower(), frozenset()) | {name_key(outlet)}
