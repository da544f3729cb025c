"""Tokenizer with a light clitic analysis.

Tokens follow the usual Arabic newswire convention (punctuation split off, clitics kept
inside the token), and each word token also carries the offsets of its stem with the
proclitics (و ف ب ل ك س) and pronoun suffixes peeled off, so `وواشنطن` yields `واشنطن`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.model import Token
from rasd.resources import read_json
from rasd.text.lexicon import word_counts
from rasd.text.normalize import lexical_form

CLITICS_FILE = ("text", "clitics.json")

ARABIC_LETTERS = "\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF"
ARABIC_MARKS = "\u064B-\u065F\u0670\u0640"
TOKEN_PATTERN = re.compile(
    rf"(?P<url>(?:https?://|www\.)[^\s«»\"“”<>]+[^\s«»\"“”<>.,،؛:!?؟)\]])"
    rf"|(?P<abbrev>(?<![{ARABIC_LETTERS}])[{ARABIC_LETTERS}](?:\.[{ARABIC_LETTERS}]){{1,4}}\.?(?![{ARABIC_LETTERS}]))"
    rf"|(?P<number>\d+(?:[.,٫٬]\d+)*%?)"
    rf"|(?P<word>[{ARABIC_LETTERS}][{ARABIC_LETTERS}{ARABIC_MARKS}]*)"
    rf"|(?P<latin>[A-Za-z\u00C0-\u024F]+(?:['’\-][A-Za-z\u00C0-\u024F]+)*)"
    rf"|(?P<punct>([^\w\s])\7*)"
    rf"|(?P<symbol>\w+)"
)
KIND_OF_GROUP = {"url": "url", "abbrev": "word", "number": "number", "word": "word",
                 "latin": "latin", "punct": "punct", "symbol": "symbol"}
# Distinct word forms whose clitic analysis is kept: bounded so a long run stays small.
CACHE_SIZE = 30_000


@dataclass(frozen=True, slots=True)
class CliticSplit:
    """How many characters of a word are proclitics and enclitic."""

    prefix_len: int = 0
    suffix_len: int = 0
    proclitics: str = ""
    enclitic: str = ""
    has_article: bool = False


NO_SPLIT = CliticSplit()


@cache
def _rules() -> dict:
    return read_json(*CLITICS_FILE)


@cache
def _prefix_candidates() -> tuple[tuple[str, str], ...]:
    """(surface prefix, kind) pairs, longest first; kind 'article' means ال follows."""
    rules = _rules()
    conj = [""] + rules["conjunctions"]
    preps = [""] + rules["prepositions"]
    out = {(c + p) for c in conj for p in preps if c + p}
    out |= {c + rules["future"] for c in conj}
    return tuple(sorted(((p, "plain") for p in out), key=lambda x: -len(x[0])))


def _accept_stem(word_count: int, stem: str) -> bool:
    rules = _rules()
    if len(stem) < rules["min_stem_letters"]:
        return False
    stem_count = word_counts().get(stem, 0)
    return stem_count >= rules["min_stem_count"] and stem_count >= rules["min_stem_to_word_ratio"] * word_count


def _article_prefix(form: str, word_count: int) -> tuple[int, bool] | None:
    """Length of conj/prep before an article (ال or the elided لل), if there is one."""
    rules = _rules()
    for prefix, _ in _prefix_candidates() + (("", "plain"),):
        if not form.startswith(prefix):
            continue
        rest = form[len(prefix):]
        if prefix.endswith("ل") and rest.startswith("ل") and len(rest) >= 4:
            return len(prefix) + 1, True  # لل + noun: ل + (ا)ل, the alef elided
        if rest.startswith(rules["article"]) and _plausible_article_noun(rest, word_count):
            return len(prefix), True
    return None


def _plausible_article_noun(rest: str, word_count: int) -> bool:
    """ال + at least three letters, or ال + two letters when the lexicon prefers the split."""
    if len(rest) >= 5:
        return True
    return len(rest) == 4 and _accept_stem(word_count, rest)


def _split_prefix(form: str, word_count: int) -> tuple[int, bool]:
    article = _article_prefix(form, word_count)
    if article is not None:
        return article
    # Of the splits the lexicon accepts, the one whose stem is the commonest word wins:
    # وكتلة is و + كتلة (a bloc), not و + ك + تلة (a hill).
    counts = word_counts()
    best_len, best_count = 0, 0
    for prefix, _ in _prefix_candidates():
        if not _prefix_fits(form, prefix):
            continue
        stem = form[len(prefix):]
        if _accept_stem(word_count, stem) and counts.get(stem, 0) > best_count:
            best_len, best_count = len(prefix), counts.get(stem, 0)
    return best_len, False


def _prefix_fits(form: str, prefix: str) -> bool:
    """Whether `prefix` can be proclitics of `form` at all, before any lexicon test."""
    rules = _rules()
    if not form.startswith(prefix) or len(form) - len(prefix) < rules["min_stem_letters"]:
        return False
    after = form[len(prefix)]
    if prefix.endswith(rules["future"]) and after not in rules["future_next"]:
        return False
    # ك (like) governs nouns; before an imperfect verb prefix it is the first letter of a name (كيري).
    return not (prefix.endswith(rules["noun_only_preposition"]) and after in rules["future_next"])


def _split_suffix(stem: str, word_count: int) -> int:
    for suffix in _rules()["enclitics"]:
        if stem.endswith(suffix) and _accept_stem(word_count, stem[: -len(suffix)]):
            return len(suffix)
    return 0


@lru_cache(maxsize=CACHE_SIZE)
def _analyse_form(form: str) -> CliticSplit:
    word_count = word_counts().get(form, 0)
    prefix_len, has_article = _split_prefix(form, word_count)
    stem = form[prefix_len:]
    suffix_len = 0 if has_article else _split_suffix(stem, word_count)
    if not prefix_len and not suffix_len:
        return CliticSplit(has_article=has_article)
    return CliticSplit(prefix_len, suffix_len, form[:prefix_len],
                       form[len(form) - suffix_len:] if suffix_len else "", has_article)


def analyse_clitics(word: str) -> CliticSplit:
    """Clitic split of one Arabic word; lengths are in characters of `word` itself."""
    form = lexical_form(word)
    split = _analyse_form(form)
    if len(form) == len(word) or split is NO_SPLIT:
        return split
    return _remap_split(word, split)


def _remap_split(word: str, split: CliticSplit) -> CliticSplit:
    """Map a split computed on the diacritic-free form back onto the vocalised word."""
    letters = [i for i, ch in enumerate(word) if lexical_form(ch)]
    prefix_len = letters[split.prefix_len] if split.prefix_len else 0
    suffix_len = len(word) - letters[len(letters) - split.suffix_len] if split.suffix_len else 0
    return CliticSplit(prefix_len, suffix_len, split.proclitics, split.enclitic, split.has_article)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end], offsets into `text`."""
    tokens = []
    append = tokens.append
    for match in TOKEN_PATTERN.finditer(text, start, len(text) if end is None else end):
        kind = KIND_OF_GROUP[match.lastgroup]
        s, e = match.span()
        if kind == "word" and match.lastgroup == "word":
            split = analyse_clitics(match.group())
            append(Token(s, e, kind, s + split.prefix_len, e - split.suffix_len,
                         split.proclitics, split.enclitic, split.has_article))
        else:
            append(Token(s, e, kind, s, e))
    return tokens
