"""The trigger tagger: a linear-chain CRF (CRFsuite) over a sentence's tokens with BIO labels
carrying the PLOVER type (B-ASSAULT, I-ASSAULT, O). A trigger is a B token and the I tokens
of its type that follow; its probability is the CRF's marginal of its labels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.events.features import sentence_features
from rasd.events.view import SentenceView

OUTSIDE, BEGIN, INSIDE = "O", "B-", "I-"
# CRFsuite L-BFGS settings: fixed, chosen on dev (news-annotated), explicit for `rasd train events`.
MIN_TOKEN_PROBABILITY = 0.05  # chosen on dev (type+sentence F1 0.557 at 0.05, 0.545 at 0.1, 0.526 at 0.2, 0.500 at 0.4)
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


@dataclass(frozen=True, slots=True)
class TriggerSpan:
    first: int  # token indices in the sentence, inclusive
    last: int
    type: str
    probability: float  # the CRF's mean marginal of the span's labels


def bio_labels(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    labels = [OUTSIDE] * n
    for first, last, type_ in spans:
        if any(lab != OUTSIDE for lab in labels[first: last + 1]):
            continue  # two annotations on one word: the first keeps it
        labels[first] = BEGIN + type_
        for j in range(first + 1, last + 1):
            labels[j] = INSIDE + type_
    return labels


def decode(labels: list[str]) -> list[tuple[int, int, str]]:
    """BIO labels → (first, last, type); an I without its B opens a span (CRFsuite rarely does it)."""
    out: list[tuple[int, int, str]] = []
    for i, lab in enumerate(labels):
        if lab == OUTSIDE:
            continue
        type_ = lab[2:]
        if lab.startswith(INSIDE) and out and out[-1][1] == i - 1 and out[-1][2] == type_:
            out[-1] = (out[-1][0], i, type_)
        else:
            out.append((i, i, type_))
    return out


class TriggerTagger:
    def __init__(self, path: str | Path):
        try:
            import pycrfsuite
        except ImportError as exc:  # a core dependency; a broken install
            raise RasdError(Code.E014_MODEL_MISSING, "python-crfsuite is not installed") from exc
        if not Path(path).exists():
            raise RasdError(Code.E014_MODEL_MISSING, f"{path} (rebuild with `rasd train events`)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._labels = [lab for lab in self._tagger.labels() if lab != OUTSIDE]

    def tag(self, view: SentenceView, min_probability: float = MIN_TOKEN_PROBABILITY,
            sentence_levels: tuple[str, ...] = ()) -> list[TriggerSpan]:
        """Triggers by posterior decoding: a token whose marginal of not being O reaches
        `min_probability` takes its most probable label (Viterbi alone is too shy on rare
        types; the calibrated threshold afterwards decides what is reported)."""
        if not view.tokens:
            return []
        viterbi = self._tagger.tag(sentence_features(view, sentence_levels))
        labels, probability = list(viterbi), [0.0] * len(viterbi)
        marginal = self._tagger.marginal  # bound once: called for every token
        for j, lab in enumerate(viterbi):
            outside = marginal(OUTSIDE, j)
            if 1.0 - outside < min_probability:
                labels[j] = OUTSIDE
                continue
            if lab == OUTSIDE:
                lab = max(self._labels, key=lambda x: marginal(x, j))
                labels[j] = lab
            probability[j] = 1.0 - outside
        out = []
        for first, last, type_ in decode(labels):
            marginals = probability[first: last + 1]
            out.append(TriggerSpan(first, last, type_, sum(marginals) / len(marginals)))
        return out


def train_tagger(sequences: list[tuple[list[list[str]], list[str]]], path: Path,
                 params: dict | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(dict(CRF_PARAMS, **(params or {})))
    trainer.train(str(path))
