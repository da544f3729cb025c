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
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.events.linear import Features, fit
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


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-LOGIT_LIMIT, min(LOGIT_LIMIT, x))))


@dataclass(slots=True)
class SentenceTypes:
    """Per type: bias and weights of its binary regression."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]

    def probability(self, features: Features, type_: str) -> float | None:
        """The probability that the sentence reports an event of `type_`; None for a type
        without a model."""
        if type_ not in self.bias:
            return None
        weights = self.weights[type_]
        return _sigmoid(self.bias[type_] + sum(weights.get(n, 0.0) * v for n, v in features.items()))

    def levels(self, features: Features) -> tuple[str, ...]:
        """The types the sentence likely reports, each with its level (st=ASSAULT|hi)."""
        out = []
        for type_ in self.bias:
            p = self.probability(features, type_)
            level = next((name for floor, name in LEVELS if p >= floor), None)
            if level is not None:
                out.append(f"{LEVEL_PREFIX}{type_}|{level}")
        return tuple(out)

    @classmethod
    def load(cls, path: str | Path) -> SentenceTypes:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise RasdError(Code.E014_MODEL_MISSING, f"{path} (rebuild with `rasd train events`)") from exc
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
            out[k] = model.levels(examples[k])
    return out
