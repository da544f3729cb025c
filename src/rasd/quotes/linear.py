"""A logistic-regression scorer over binary string features, trained with scikit-learn and
shipped as JSON weights, so that running it needs nothing but Python."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# scikit-learn LogisticRegression settings; every one explicit.
REGULARISATION_C = 0.5
MAX_ITERATIONS = 2000
SOLVER = "lbfgs"
WEIGHT_DIGITS = 5
ONE_CLASS_BIAS = 5.0


@dataclass(slots=True)
class LinearModel:
    bias: float
    weights: dict[str, float]

    def score(self, features: Iterable[str]) -> float:
        weights = self.weights
        return self.bias + sum(weights.get(f, 0.0) for f in features)

    def probability(self, features: Iterable[str]) -> float:
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    @classmethod
    def fit(cls, rows: Sequence[Sequence[str]], labels: Sequence[int], seed: int) -> LinearModel:
        if len(set(labels)) < 2:
            # One class only (a tiny training slice): a constant scorer of that class.
            return cls(ONE_CLASS_BIAS if labels and labels[0] else -ONE_CLASS_BIAS, {})
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows])
        model = LogisticRegression(C=REGULARISATION_C, max_iter=MAX_ITERATIONS, solver=SOLVER, random_state=seed)
        model.fit(x, list(labels))
        names = vectorizer.get_feature_names_out()
        weights = {str(n): round(float(w), WEIGHT_DIGITS) for n, w in zip(names, model.coef_[0], strict=True)
                   if abs(w) >= 10 ** -WEIGHT_DIGITS}
        return cls(round(float(model.intercept_[0]), WEIGHT_DIGITS), weights)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"bias": self.bias, "weights": dict(sorted(self.weights.items()))},
                                   ensure_ascii=False, indent=0), encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(float(data["bias"]), {str(k): float(v) for k, v in data["weights"].items()})
