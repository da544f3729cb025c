"""Token features of the trigger tagger: small named functions, each giving CRFsuite
attribute strings for one token of a sentence view. The trigger lexicon (triggers.tsv) and
its sense rules (senses.tsv) are features here, not decisions: the CRF learns how far to
trust them from the annotated news.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rasd.events.senses import resolve_sense
from rasd.events.view import SentenceView
from rasd.text.normalize import normalize_word

AFFIX_LENGTHS = (2, 3)
WINDOW = 2  # neighbours on each side whose words and lexicon types are features
NO_SENSE = "none"
NUMBER, PUNCT = "<num>", "<punct>"
NUMBER_REACH = 3  # tokens on each side within which a number is "near"
# Word classes learned on the ANT corpus (shipped with the NER model): clusters let a word
# unseen in the annotated news borrow from its neighbours in the corpus (the long tail of acts).
WORD_CLASSES = ("models", "word_classes.tsv.gz")
CLASS_COLUMNS = (2, 3)  # the 256- and 1024-cluster granularities


@cache
def word_classes() -> dict[str, tuple[str, ...]]:
    path = resources.files("rasd").joinpath(*WORD_CLASSES)
    try:
        raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    except FileNotFoundError:
        return {}  # the features are missing alike in training and use
    out = {}
    for line in raw.splitlines()[1:]:
        parts = line.split("\t")
        out[parts[0]] = tuple(parts[c] for c in CLASS_COLUMNS)
    return out


@dataclass(slots=True)
class Words:
    """What the features read of each token of a sentence, computed once per sentence (each
    token is also its neighbours' neighbour)."""

    words: list[str]
    stems: list[str]
    classes: list[tuple[str, ...]]
    in_mention: list[bool]
    number_near: list[bool]
    readings: list[tuple] = field(default_factory=list)  # per token: _token_reading's tuple


def _word_of(view: SentenceView, i: int) -> str:
    t = view.tokens[i]
    if t.kind == "number":
        return NUMBER
    if t.kind != "word":
        return view.text[t.start: t.end]
    return view.forms[i][0] if view.forms[i] else normalize_word(view.text[t.start: t.end])


def _stem_of(view: SentenceView, i: int, word: str) -> str:
    t = view.tokens[i]
    if t.kind != "word":
        return word
    if t.stem_start < 0:
        return normalize_word(view.text[t.start: t.end])
    return normalize_word(view.text[t.stem_start: t.stem_end])


def _classes_of(view: SentenceView, i: int, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    t = view.tokens[i]
    found = table.get(view.text[t.start: t.end])
    if found is None and t.stem_start >= 0:
        found = table.get(view.text[t.stem_start: t.stem_end])
    return found or ()


TOKEN_CACHE = 5_000  # distinct token shapes kept (~1.5 KB each; 200,000 grew a worker past 1.3 GB; 5,000 is as fast as 20,000)
_TOKEN_CACHE: dict[tuple, tuple[str, str, tuple[str, ...], list[str], list[str]]] = {}


def token_key(view: SentenceView, i: int) -> tuple:
    """What a token's word-level features depend on: its text, stem offsets and clitics."""
    t = view.tokens[i]
    stem = (t.stem_start - t.start, t.stem_end - t.start) if t.stem_start >= 0 else None
    return view.text[t.start: t.end], stem, t.kind, t.proclitics, t.enclitic, t.has_article


def _token_reading(view: SentenceView, i: int, table: dict[str, tuple[str, ...]]
                   ) -> tuple[str, str, tuple[str, ...], list[str], list[str]]:
    """(word, stem, classes, form + own class features, clitic + reading features) of token i,
    computed once per distinct token (a news article repeats most of its words)."""
    key = token_key(view, i)
    found = _TOKEN_CACHE.get(key)
    if found is None:
        word = _word_of(view, i)
        stem = _stem_of(view, i, word)
        classes = _classes_of(view, i, table)
        t = view.tokens[i]
        local = [f"w={word}", f"s={stem}", f"kind={t.kind}"]
        local += [f"p{n}={stem[:n]}" for n in AFFIX_LENGTHS if len(stem) > n]
        local += [f"x{n}={stem[-n:]}" for n in AFFIX_LENGTHS if len(stem) > n]
        local += [f"c{k}={c}" for k, c in enumerate(classes)]
        clitic = [f"pro={t.proclitics}"] if t.proclitics else []
        if t.enclitic:
            clitic.append(f"enc={t.enclitic}")
        if t.has_article:
            clitic.append("art")
        clitic += [f"r={r}" for r in view.forms[i][1:3]]
        if len(_TOKEN_CACHE) >= TOKEN_CACHE:
            _TOKEN_CACHE.clear()
        found = _TOKEN_CACHE[key] = (word, stem, classes, local, clitic)
    return found


def sentence_words(view: SentenceView) -> Words:
    n = len(view.tokens)
    table = word_classes()
    readings = [_token_reading(view, i, table) for i in range(n)]
    words = [r[0] for r in readings]
    in_mention = [False] * n
    for m in view.mentions:
        for j in range(m.first, min(m.last + 1, n)):
            in_mention[j] = True
    numbers = [i for i, t in enumerate(view.tokens) if t.kind == "number"]
    near = [False] * n
    for k in numbers:
        for j in range(max(0, k - NUMBER_REACH), min(n, k + NUMBER_REACH + 1)):
            near[j] = True
    return Words(words, [r[1] for r in readings], [r[2] for r in readings], in_mention, near, readings)


def lexicon_features(view: SentenceView, w: Words, i: int) -> list[str]:
    out = []
    m = view.lexicon[i]
    if m is not None:
        sense = resolve_sense(m.entry.lemma, m.entry.type, view.forms, m.first, m.last) or NO_SENSE
        out += [f"lex={m.entry.type}", f"lexkind={m.entry.kind}", f"lemma={m.entry.lemma}", f"sense={sense}",
                f"lexlen={min(m.last - m.first + 1, 3)}", f"prior={round(m.entry.prior, 1)}"]
        if m.passive:
            out.append("passive")
        if m.future:
            out.append("future")
        if sense != m.entry.type:
            out.append(f"retyped={m.entry.type}>{sense}")
    inside = view.inside_lexicon[i]
    if inside is not None:
        out += [f"lexin={inside.entry.type}", f"lexinlemma={inside.entry.lemma}"]
    return out


def context_features(view: SentenceView, w: Words, i: int) -> list[str]:
    out = []
    if view.quoted and view.quoted[i]:
        out.append("quoted")
    if i == 0:
        out.append("first")
    if i == len(view.tokens) - 1:
        out.append("last")
    if w.in_mention[i]:
        out.append("mention")
    # an act named with no actor in its sentence is often a topic, not an event (الهجمات الانتحارية ظاهرة)
    out.append(f"mentions={min(len(view.mentions), 2)}")
    if w.number_near[i]:
        out.append("number_near")
    return out


def neighbour_features(view: SentenceView, w: Words, i: int) -> list[str]:
    out = []
    n = len(view.tokens)
    for d in range(-WINDOW, WINDOW + 1):
        if d == 0:
            continue
        j = i + d
        if not 0 <= j < n:
            out.append(f"{d}:edge")
            continue
        out.append(f"{d}:w={w.words[j]}")
        if abs(d) == 1:
            out.append(f"{d}:s={w.stems[j]}")
            m = view.lexicon[j]
            if m is not None:
                out.append(f"{d}:lex={m.entry.type}")
    if i > 0:
        out.append(f"bi={w.words[i - 1]}|{w.words[i]}")
    return out


def neighbour_classes(view: SentenceView, w: Words, i: int) -> list[str]:
    out = []
    for d in (-1, 1):
        j = i + d
        if 0 <= j < len(view.tokens) and w.classes[j]:
            out.append(f"{d}:c0={w.classes[j][0]}")
    return out


def sentence_features(view: SentenceView, sentence_levels: tuple[str, ...] = ()) -> list[list[str]]:
    """Every token's attributes: the word-level ones (form and affixes, its word classes,
    clitics, clitic readings: the lexicon's key) from the per-token cache, then its neighbours'
    classes, the lexicon entry, the context and the neighbouring words, and what the sentence
    model says of the whole sentence (`SentenceTypes.levels`)."""
    w = sentence_words(view)
    out = []
    for i in range(len(view.tokens)):
        _, _, _, local, clitic = w.readings[i]
        out.append([*local, *neighbour_classes(view, w, i), *clitic, *lexicon_features(view, w, i),
                    *context_features(view, w, i), *neighbour_features(view, w, i), *sentence_levels])
    return out
