"""The CRF tagger: token strings in, BIO labels (PER/ORG/LOC/MISC) out."""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path

from rasd.entities.features import FeatureExtractor, Lexicon, WordClasses
from rasd.errors import Code, RasdError

MODEL_FILE = "ner.crfsuite"
CLASSES_FILE = "word_classes.tsv.gz"
_LABEL_MAP = {"B-PERS": "B-PER", "I-PERS": "I-PER"}


class CrfTagger:
    def __init__(self, model_path: str | Path, classes_path: str | Path | None = None, window: int = 2):
        import pycrfsuite

        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise RasdError(Code.E014_MODEL_MISSING, str(self.model_path))
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.model_path))
        self.features = FeatureExtractor(WordClasses.read(classes_path), Lexicon(), window=window)

    @classmethod
    def load(cls, path: str | Path | None = None) -> CrfTagger:
        """Load from a directory holding `ner.crfsuite` (+ `word_classes.tsv.gz`), or from a
        model file; `None` loads the model shipped in the package (no network)."""
        if path is None:
            stack = contextlib.ExitStack()
            base = resources.files("rasd").joinpath("models")
            model = stack.enter_context(resources.as_file(base.joinpath(MODEL_FILE)))
            classes_res = base.joinpath(CLASSES_FILE)
            classes = stack.enter_context(resources.as_file(classes_res)) if classes_res.is_file() else None
            tagger = cls(model, classes)
            tagger._stack = stack  # keep any extracted temp files alive
            return tagger
        p = Path(path)
        if p.is_dir():
            classes = p / CLASSES_FILE
            return cls(p / MODEL_FILE, classes if classes.exists() else None)
        classes = p.with_name(CLASSES_FILE)
        return cls(p, classes if classes.exists() else None)

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        labels = self._tagger.tag(self.features.sentence(tokens))
        return [_LABEL_MAP.get(lab, lab) for lab in labels]

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        return [self.tag(s) for s in sentences]
