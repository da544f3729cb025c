"""The shipped event models (src/rasd/models/events_*), loaded once, and the calibrated
confidence: a Platt scaling (a logistic regression fit on dev) of the trigger's CRF marginal,
the sentence model's probability of the trigger's type and the argument ranker's
probabilities, with the reporting threshold chosen on dev."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.events.linear import Features, LinearModel
from rasd.events.linking import BodyCountry
from rasd.events.modes import ModeClassifier
from rasd.events.roles import ArgumentRanker, Arguments
from rasd.events.sentences import SENTENCE_FILE, SentenceTypes
from rasd.events.tagger import TriggerSpan, TriggerTagger

TRIGGER_FILE = "events_triggers.crfsuite"
MODE_FILE = "events_modes.json"
ARGUMENT_FILE = "events_arguments.json"
COUNTRY_FILE = "events_country.json"
CONFIDENCE_FILE = "events_confidence.json"
MODEL_FILES = (TRIGGER_FILE, MODE_FILE, ARGUMENT_FILE, COUNTRY_FILE, SENTENCE_FILE, CONFIDENCE_FILE)
REQUIRED_FILES = MODEL_FILES[:-1]  # the calibration is made last, from the others
PROBABILITY_FLOOR = 1e-4  # keeps a logit finite


def default_model_dir() -> Path:
    return Path(str(resources.files("rasd").joinpath("models")))


def _logit(p: float) -> float:
    p = min(max(p, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR)
    return math.log(p / (1 - p))


def confidence_features(span: TriggerSpan, args: Arguments, sentence_p: float | None = None) -> Features:
    """What the calibration reads: the trigger's marginal (as a logit, per type), the sentence
    model's probability of its type (as a logit; absent for a type without a model) and how
    sure the ranker is of the arguments it chose."""
    out: Features = {"trigger_logit": _logit(span.probability), f"type={span.type}": 1.0,
                     "source_p": args.source_probability, "target_p": args.target_probability}
    if sentence_p is not None:
        out["sentence_logit"] = _logit(sentence_p)
    if args.source is not None:
        out["has_source"] = 1.0
    if args.target is not None:
        out["has_target"] = 1.0
    return out


@dataclass(slots=True)
class Calibration:
    model: LinearModel
    threshold: float

    @classmethod
    def load(cls, path: Path) -> Calibration:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(LinearModel(data["classes"], data["weights"], data["bias"]), data["threshold"])

    def save(self, path: Path) -> None:
        data = {"classes": self.model.classes, "weights": self.model.weights, "bias": self.model.bias,
                "threshold": self.threshold}
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")


@dataclass(slots=True)
class EventModels:
    tagger: TriggerTagger
    mode: ModeClassifier
    arguments: ArgumentRanker
    country: BodyCountry
    sentences: SentenceTypes
    calibration: Calibration | None  # None while training: the raw trigger marginal, nothing held back

    @property
    def threshold(self) -> float:
        return self.calibration.threshold if self.calibration is not None else 0.0

    def confidence(self, features: Features) -> float:
        if self.calibration is None:
            return 1 / (1 + math.exp(-features["trigger_logit"]))
        return self.calibration.model.probability(features)


def load_from(folder: Path, calibrated: bool = True) -> EventModels:
    missing = [n for n in REQUIRED_FILES if not (folder / n).exists()]
    if missing:
        raise RasdError(Code.E014_MODEL_MISSING, f"{', '.join(missing)} in {folder} (rebuild with `rasd train events`)")
    calibration = Calibration.load(folder / CONFIDENCE_FILE) if calibrated and (folder / CONFIDENCE_FILE).exists() else None
    return EventModels(TriggerTagger(folder / TRIGGER_FILE), ModeClassifier(LinearModel.load(folder / MODE_FILE)),
                       ArgumentRanker(LinearModel.load(folder / ARGUMENT_FILE)),
                       BodyCountry(LinearModel.load(folder / COUNTRY_FILE)),
                       SentenceTypes.load(folder / SENTENCE_FILE), calibration)


@cache
def load_models() -> EventModels:
    return load_from(default_model_dir())
