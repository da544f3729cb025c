"""Which PLOVER types a sentence reports, read off the whole sentence: one binary logistic
regression per type over the sentence's words and the lexicon types found in it.

The trigger CRF decides word by word from a window of two; what the rest of the sentence says
(an attack written with casualties and a place, a protest with its crowd) reaches it only
through the word classes. This model's probability of the candidate's type in its sentence is
one more feature of the calibration (models.py), so that a trigger the sentence as a whole
supports is reported with more confidence, and one it does not with less.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.events.linear import Features, fit, read_model_json
from rasd.events.view import SentenceView

SENTENCE_FILE = "events_sentences.json"
# Regularisation of each type's regression (dev type+sentence / actors F1 of the calibrated
# events with the feature, the other models as shipped: C 0.3 0.570 / 0.326, C 1 0.570 / 0.327,
# C 3 0.566 / 0.322).
SENTENCE_C = 1.0
MIN_TYPE_SENTENCES = 3  # a type annotated in fewer training sentences gets no model
MIN_WORD_SENTENCES = 2  # words of a single training sentence are left out (they only memorise it)
WEIGHT_DIGITS = 4
WEIGHT_FLOOR = 1e-3  # smaller weights are dropped from the stored model (they move no decision)
WORD_PREFIX, LEXICON_PREFIX = "w=", "lex="
LOGIT_LIMIT = 50.0
# Where the trigger CRF reads the sentence model: each type's probability as a level (a
# feature of every token of the sentence). In training, the levels of a training sentence come
# from a model fit on the other folds of articles, as they will be for new text. Dev
# type+sentence / actors F1: levels 0.5 and 0.2 0.581 / 0.331; 0.5 alone 0.578 / 0.331; 0.8, 0.5,
# 0.2 and 0.05 0.574 / 0.328; no levels (the sentence model in the calibration only) 0.572 / 0.328.
LEVELS = ((0.5, "hi"), (0.2, "mid"))
LEVEL_PREFIX = "st="
FOLDS = 5


def sentence_type_features(view: SentenceView) -> Features:
    """The sentence's words (each word's most peeled reading: هاجمت → هاجم) and the types of
    the lexicon entries starting in it."""
    out: Features = {}
    for forms in view.forms:
        if forms:
            out[WORD_PREFIX + forms[-1]] = 1.0
    for match in view.lexicon:
        if match is not None:
            out[LEXICON_PREFIX + match.entry.type] = 1.0
    return out


@dataclass(slots=True)
class SentenceTypes:
    """Per type: bias and weights of its binary regression."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]
    # The weights as one matrix (feature row × type column): a sentence's scores of every type
    # are one gather and sum (16 dictionary walks per sentence were a fifth of the events stage).
    _types: list[str] = field(default_factory=list, repr=False)
    _rows: dict[str, int] = field(default_factory=dict, repr=False)
    _matrix: Any = field(default=None, repr=False)
    _bias: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        import numpy as np

        self._types = list(self.bias)
        names = sorted({n for weights in self.weights.values() for n in weights})
        self._rows = {n: k for k, n in enumerate(names)}
        self._matrix = np.zeros((len(names) + 1, len(self._types)))  # the last row: no feature
        for column, type_ in enumerate(self._types):
            for name, w in self.weights[type_].items():
                self._matrix[self._rows[name], column] = w
        self._bias = np.array([self.bias[t] for t in self._types])

    def probabilities(self, features: Features) -> dict[str, float]:
        """Each modelled type's probability that the sentence reports an event of it."""
        import numpy as np

        rows = self._rows
        hits = [(rows[n], v) for n, v in features.items() if n in rows]
        scores = self._bias.copy()
        if hits:
            index, values = zip(*hits, strict=True)
            scores += np.asarray(values) @ self._matrix[list(index)]
        scores = 1.0 / (1.0 + np.exp(-np.clip(scores, -LOGIT_LIMIT, LOGIT_LIMIT)))
        return dict(zip(self._types, scores.tolist(), strict=True))

    def probability(self, features: Features, type_: str) -> float | None:
        """The probability of one type; None for a type without a model."""
        return self.probabilities(features).get(type_) if type_ in self.bias else None

    @staticmethod
    def levels(probabilities: dict[str, float]) -> tuple[str, ...]:
        """The types the sentence likely reports, each with its level (st=ASSAULT|hi)."""
        out = []
        for type_, p in probabilities.items():
            level = next((name for floor, name in LEVELS if p >= floor), None)
            if level is not None:
                out.append(f"{LEVEL_PREFIX}{type_}|{level}")
        return tuple(out)

    @classmethod
    def load(cls, path: str | Path) -> SentenceTypes:
        data = read_model_json(path)
        return cls(data["bias"], data["weights"])

    def save(self, path: Path) -> None:
        weights = {t: {n: round(w, WEIGHT_DIGITS) for n, w in sorted(ws.items())} for t, ws in self.weights.items()}
        data = {"bias": self.bias, "weights": weights}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _frequent_words(examples: list[Features]) -> set[str]:
    counts = Counter(n for f in examples for n in f)
    return {n for n, c in counts.items() if c >= MIN_WORD_SENTENCES}


def fit_sentence_types(examples: list[Features], labels: list[set[str]], seed: int,
                       c: float = SENTENCE_C) -> SentenceTypes:
    """One regression per type annotated in at least MIN_TYPE_SENTENCES sentences, over
    the features seen in at least MIN_WORD_SENTENCES sentences."""
    keep = _frequent_words(examples)
    kept = [{n: v for n, v in f.items() if n in keep} for f in examples]
    counts = Counter(t for types in labels for t in types)
    bias, weights = {}, {}
    for type_ in sorted(t for t, n in counts.items() if n >= MIN_TYPE_SENTENCES):
        model = fit(kept, [str(int(type_ in types)) for types in labels], seed, c=c)
        bias[type_] = model.bias[0]
        weights[type_] = {n: w[0] for n, w in model.weights.items() if abs(w[0]) >= WEIGHT_FLOOR}
    return SentenceTypes(bias, weights)


def cross_validated_levels(examples: list[Features], labels: list[set[str]], groups: list[int], seed: int,
                           folds: int = FOLDS) -> list[tuple[str, ...]]:
    """Each training sentence's levels from a model fit on the folds of articles (`groups`)
    other than its own: the CRF learns to trust the levels as much as they deserve on text
    the sentence model has not seen."""
    out: list[tuple[str, ...]] = [()] * len(examples)
    for fold in range(folds):
        held = [k for k, g in enumerate(groups) if g % folds == fold]
        rest = [k for k, g in enumerate(groups) if g % folds != fold]
        if not held or not rest:
            continue
        model = fit_sentence_types([examples[k] for k in rest], [labels[k] for k in rest], seed)
        for k in held:
            out[k] = model.levels(model.probabilities(examples[k]))
    return out
