"""A logistic-regression model stored as JSON weights, so inference needs only Python:
trained with scikit-learn (the `train` extra), read back as {feature: weights per class}.

Features are named strings (value 1) or "name" → float pairs; a binary model has one class.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import Code, RasdError

# Logistic regression settings, explicit and fixed (rasd train events).
LR_C = 1.0
LR_MAX_ITER = 2000
Features = dict[str, float]


def read_model_json(path: str | Path) -> dict:
    """A shipped events model file; a missing one is E014 with how to rebuild it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RasdError(Code.E014_MODEL_MISSING, f"{path} (rebuild with `rasd train events`)") from exc


@dataclass(slots=True)
class LinearModel:
    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        data = read_model_json(path)
        return cls(data["classes"], data["weights"], data["bias"])

    def save(self, path: Path) -> None:
        data = {"classes": self.classes, "bias": self.bias,
                "weights": {k: [round(w, 5) for w in v] for k, v in sorted(self.weights.items())}}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def scores(self, features: Features) -> list[float]:
        out = list(self.bias)
        for name, value in features.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    out[k] += wk * value
        return out

    def probability(self, features: Features) -> float:
        """A binary model's probability of its positive class."""
        return _sigmoid(self.scores(features)[0])

    def distribution(self, features: Features) -> dict[str, float]:
        """A multi-class model's probabilities."""
        s = self.scores(features)
        top = max(s)
        exp = [math.exp(v - top) for v in s]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}


POSITIVE, NEGATIVE = "1", "0"  # the labels of a binary model
CONSTANT_LOGIT = 10.0


def constant(label: str) -> LinearModel:
    """A model that always answers `label` (a binary model's "1"/"0", else that class)."""
    if label in (POSITIVE, NEGATIVE):
        return LinearModel([POSITIVE], {}, [CONSTANT_LOGIT if label == POSITIVE else -CONSTANT_LOGIT])
    return LinearModel([label], {}, [0.0])


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -50 else 0.0


def fit(examples: list[Features], labels: list[str], seed: int, c: float = LR_C,
        class_weight: str | None = None) -> LinearModel:
    """Fit scikit-learn's LogisticRegression and keep its weights. With one label only (a tiny
    training slice), a constant model of it."""
    if len(set(labels)) < 2:
        return constant(labels[0] if labels else NEGATIVE)
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(examples)
    model = LogisticRegression(C=c, max_iter=LR_MAX_ITER, random_state=seed, class_weight=class_weight)
    model.fit(x, labels)
    classes = [str(k) for k in model.classes_]
    coef = model.coef_
    names = vectorizer.get_feature_names_out()
    if len(classes) == 2:  # scikit-learn keeps one row: the second class against the first
        weights = {n: [float(coef[0, j])] for j, n in enumerate(names) if coef[0, j] != 0.0}
        return LinearModel([classes[1]], weights, [float(model.intercept_[0])])
    weights = {n: [float(coef[k, j]) for k in range(len(classes))] for j, n in enumerate(names)
               if any(coef[k, j] != 0.0 for k in range(len(classes)))}
    return LinearModel(classes, weights, [float(b) for b in model.intercept_])
