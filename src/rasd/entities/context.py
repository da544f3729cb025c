"""Document context for the NER tagger: how a word was labelled elsewhere in the document.

News repeats its names: a person named in full once is often named again where the sentence
alone says little ("وقال كرزاي ..."). A first pass tags every sentence on its own; then each
token whose bare form (clitics and ال peeled) also occurs in the sentences around it gets, as
extra features, the entity type those other occurrences received most often. The CRF is
trained with these features computed from cross-validated first-pass labels (so it learns how
far to trust a first pass that makes mistakes), and at tagging time the same model, without
them, gives the first pass (`rasd.entities.tagger.CrfTagger.tag_document`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from rasd.entities.features import FeatureExtractor, normalise

# Sentences either side whose first-pass labels count as context (ANERcorp and the pipeline
# give sentences in article order; a window rather than the whole text keeps it local).
CONTEXT_WINDOW = 30
# Shortest bare form worth matching (shorter ones are mostly particles).
MIN_KEY_LENGTH = 2
# How many other entity-labelled occurrences make the evidence "strong".
STRONG_EVIDENCE = 2
# Prefixes of the context features; the tagger recognises a context-trained model by them.
TYPE_FEATURE = "dn="
STRENGTH_FEATURE = "dnf="


def context_key(fx: FeatureExtractor, token: str, cache: dict[str, str | None]) -> str | None:
    """The bare form a token is matched on (None for punctuation, digits, one letter)."""
    if token in cache:
        return cache[token]
    _, stem, has_al = fx.strip(normalise(token))
    key = bare_key(stem[2:] if has_al else stem)
    cache[token] = key
    return key


def bare_key(bare: str) -> str | None:
    """The bare form as a key, or None when too short or not a word to be telling."""
    return bare if len(bare) >= MIN_KEY_LENGTH and bare.isalpha() else None


def _entity_type(label: str) -> str | None:
    return label[2:] if label != "O" else None


def _token_features(others: Counter[str]) -> list[str]:
    """Features from the entity types the token's other occurrences got (own one removed)."""
    typed = [(n, t) for t, n in others.items() if n > 0]
    if not typed:
        return []
    n, typ = max(typed)
    strength = "2" if n >= STRONG_EVIDENCE else "1"
    return [TYPE_FEATURE + typ, STRENGTH_FEATURE + typ + strength]


def _windowed_counts(keys: Sequence[Sequence[str | None]], types: Sequence[Sequence[str | None]],
                     window: int) -> Iterator[dict[str, Counter[str]]]:
    """For each sentence in turn, the (key → type counts) of the sentences within `window`
    either side, itself included: one dict updated as the window slides, so the cost is linear
    in the text."""
    counts: dict[str, Counter[str]] = {}

    def add(si: int, step: int) -> None:
        for k, t in zip(keys[si], types[si], strict=True):
            if k is not None and t is not None:
                counts.setdefault(k, Counter())[t] += step

    n = len(keys)
    for si in range(min(window, n)):
        add(si, 1)
    for si in range(n):
        if si + window < n:
            add(si + window, 1)
        if si - window - 1 >= 0:
            add(si - window - 1, -1)
        yield counts


def document_features(
    fx: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    labels: Sequence[Sequence[str]],
    window: int = CONTEXT_WINDOW,
) -> list[list[list[str]]]:
    """Per sentence, per token: the context features given first-pass `labels`."""
    cache: dict[str, str | None] = {}
    keys = [[context_key(fx, t, cache) for t in s] for s in sentences]
    types = [[_entity_type(lab) for lab in s] for s in labels]
    out: list[list[list[str]]] = []
    for si, counts in enumerate(_windowed_counts(keys, types, window)):
        row = []
        for k, t in zip(keys[si], types[si], strict=True):
            c = counts.get(k) if k is not None else None
            if not c:
                row.append([])
                continue
            others = c.copy()
            if t is not None:
                others[t] -= 1
            row.append(_token_features(others))
        out.append(row)
    return out


def document_evidence(keys: Sequence[Sequence[str | None]], labels: Sequence[Sequence[str]],
                      window: int = CONTEXT_WINDOW) -> list[list[str | None]]:
    """Per sentence, per token: the entity type the token's other occurrences (same key, within
    `window` sentences either side) were labelled most often, or None. The same counts as
    `document_features`, kept lean for the untrained bias step of `CrfTagger.tag_document`."""
    types = [[_entity_type(lab) for lab in s] for s in labels]
    return [[_evidence(counts.get(k) if k is not None else None, t) for k, t in zip(keys[si], types[si], strict=True)]
            for si, counts in enumerate(_windowed_counts(keys, types, window))]


def _evidence(found: Counter[str] | None, own: str | None) -> str | None:
    """The commonest type among the other occurrences (the token's own label left out)."""
    if not found:
        return None
    best_n, best = 0, None
    for typ, n in found.items():
        n -= typ == own
        if (n, typ) > (best_n, best or ""):
            best_n, best = n, typ
    return best if best_n > 0 else None


__all__ = ["CONTEXT_WINDOW", "bare_key", "context_key", "document_evidence", "document_features"]
