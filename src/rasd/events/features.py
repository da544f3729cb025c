"""Token features of the trigger tagger: small named functions, each giving CRFsuite
attribute strings for one token of a sentence view. The trigger lexicon (triggers.tsv) and
its sense rules (senses.tsv) are features here, not decisions: the CRF learns how far to
trust them from the annotated news.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from rasd.events.senses import resolve_sense
from rasd.events.view import SentenceView
from rasd.text.normalize import normalize_word

AFFIX_LENGTHS = (2, 3)
WINDOW = 2  # neighbours on each side whose words and lexicon types are features
NO_SENSE = "none"
NUMBER, PUNCT = "<num>", "<punct>"
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


def _classes(view: SentenceView, i: int) -> tuple[str, ...]:
    t = view.tokens[i]
    table = word_classes()
    return table.get(view.text[t.start: t.end]) or table.get(view.text[t.stem.start: t.stem.end]) or ()


def _word(view: SentenceView, i: int) -> str:
    t = view.tokens[i]
    if t.kind == "number":
        return NUMBER
    if t.kind != "word":
        return view.text[t.start: t.end]
    return view.forms[i][0] if view.forms[i] else normalize_word(view.text[t.start: t.end])


def _stem(view: SentenceView, i: int) -> str:
    t = view.tokens[i]
    if t.kind != "word":
        return _word(view, i)
    return normalize_word(view.text[t.stem.start: t.stem.end])


def form_features(view: SentenceView, i: int) -> list[str]:
    word, stem = _word(view, i), _stem(view, i)
    out = [f"w={word}", f"s={stem}", f"kind={view.tokens[i].kind}"]
    out += [f"p{n}={stem[:n]}" for n in AFFIX_LENGTHS if len(stem) > n]
    out += [f"x{n}={stem[-n:]}" for n in AFFIX_LENGTHS if len(stem) > n]
    return out


def class_features(view: SentenceView, i: int) -> list[str]:
    out = [f"c{k}={c}" for k, c in enumerate(_classes(view, i))]
    for d in (-1, 1):
        j = i + d
        if 0 <= j < len(view.tokens):
            found = _classes(view, j)
            if found:
                out.append(f"{d}:c0={found[0]}")
    return out


def clitic_features(view: SentenceView, i: int) -> list[str]:
    t = view.tokens[i]
    out = [f"pro={t.proclitics}"] if t.proclitics else []
    if t.enclitic:
        out.append(f"enc={t.enclitic}")
    if t.has_article:
        out.append("art")
    return out


def reading_features(view: SentenceView, i: int) -> list[str]:
    """Every clitic reading of the word (وبالغارات → غارات): the lexicon's key, learned on."""
    return [f"r={r}" for r in view.forms[i][1:3]]


def lexicon_features(view: SentenceView, i: int) -> list[str]:
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


def context_features(view: SentenceView, i: int) -> list[str]:
    out = []
    if view.quoted and view.quoted[i]:
        out.append("quoted")
    if i == 0:
        out.append("first")
    if i == len(view.tokens) - 1:
        out.append("last")
    if any(m.first <= i <= m.last for m in view.mentions):
        out.append("mention")
    # an act named with no actor in its sentence is often a topic, not an event (الهجمات الانتحارية ظاهرة)
    out.append(f"mentions={min(len(view.mentions), 2)}")
    if any(t.kind == "number" for t in view.tokens[max(0, i - 3): i + 4]):
        out.append("number_near")
    return out


def neighbour_features(view: SentenceView, i: int) -> list[str]:
    out = []
    n = len(view.tokens)
    for d in range(-WINDOW, WINDOW + 1):
        if d == 0:
            continue
        j = i + d
        if not 0 <= j < n:
            out.append(f"{d}:edge")
            continue
        out.append(f"{d}:w={_word(view, j)}")
        if abs(d) == 1:
            out.append(f"{d}:s={_stem(view, j)}")
            m = view.lexicon[j]
            if m is not None:
                out.append(f"{d}:lex={m.entry.type}")
    if i > 0:
        out.append(f"bi={_word(view, i - 1)}|{_word(view, i)}")
    return out


TOKEN_FEATURES = (form_features, class_features, clitic_features, reading_features, lexicon_features, context_features,
                  neighbour_features)


def sentence_features(view: SentenceView) -> list[list[str]]:
    return [[f for fn in TOKEN_FEATURES for f in fn(view, i)] for i in range(len(view.tokens))]
