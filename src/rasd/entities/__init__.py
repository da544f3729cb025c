"""Named-entity recognition: a CRF tagger (PER/ORG/LOC/MISC) with distributional word-class
features, CoNLL scoring, training, and the `entities` pipeline stage (in `rasd.entities.stage`)."""

from rasd.entities.conll import NerScores, evaluate_conll, read_conll, score
from rasd.entities.tagger import CrfTagger

__all__ = ["CrfTagger", "NerScores", "evaluate_conll", "read_conll", "score"]
