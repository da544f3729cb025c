"""The CRF tagger: token strings in, BIO labels (PER/ORG/LOC/MISC) out.

The model is a CRFsuite file. For speed, tagging does not go through CRFsuite: the weights
are read once into a matrix, the state scores of each word type (its own features, and what
it contributes as a neighbour at each window offset) are summed once and cached, and Viterbi
runs in numpy. The result is the same labelling CRFsuite gives (up to float rounding);
`CrfTagger.tag_crfsuite` runs CRFsuite itself for comparison.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from rasd.entities.context import TYPE_FEATURE, bare_key, document_evidence, document_features
from rasd.entities.features import FeatureExtractor, Lexicon, WordClasses
from rasd.errors import Code, RasdError

MODEL_FILE = "ner.crfsuite"
# Added to the B-/I- scores of a type where the token's other occurrences in the document were
# mostly labelled with it (the untrained document-context step; picked on a held-out tenth of
# the training file: 3 gave dev F1 77.80 against 76.44 without it).
CONTEXT_BIAS = 3.0
VITERBI_BATCH = 64  # sentences decoded together
# Words whose state scores are kept (about 1.5 KB each: five numpy rows). News vocabulary is
# Zipfian, so 25,000 words hit nearly as often as more; 300,000 let a long run grow past 600 MB.
UNIT_CACHE_WORDS = 25_000
BARE_PREFIX = "b="  # FeatureExtractor.unit's feature of the bare form (clitics and ال peeled)
CLASSES_FILE = "word_classes.tsv.gz"  # + word_classes.vectors.npy when the model uses embeddings
def _bio(label: str) -> str:
    """Model label (BIO or BILOU, ANERcorp's PERS allowed) → BIO with PER/ORG/LOC/MISC."""
    if label == "O":
        return label
    prefix, typ = label[0], label[2:]
    if typ == "PERS":
        typ = "PER"
    return ("B-" if prefix in "BU" else "I-") + typ


class CrfTagger:
    def __init__(
        self,
        model_path: str | Path,
        classes_path: str | Path | None = None,
        window: int = 2,
        prewarm: int = 0,
        features: FeatureExtractor | None = None,
        context_bias: float = CONTEXT_BIAS,
    ):
        """`features` reuses an extractor already built (its tables) instead of reading
        `classes_path` again."""
        import pycrfsuite

        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise RasdError(Code.E014_MODEL_MISSING, str(self.model_path))
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(self.model_path))
        self.features = features or FeatureExtractor(WordClasses.read(classes_path), Lexicon(), window=window)
        self.window = window
        labels = list(self._crf.labels())
        self.labels = [_bio(lab) for lab in labels]
        info = self._crf.info()
        index = {lab: i for i, lab in enumerate(labels)}
        n = len(labels)
        self.transitions = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            self.transitions[index[a], index[b]] = w
        attrs: dict[str, int] = {}
        rows: list[tuple[int, int, float]] = []
        for (attr, lab), w in info.state_features.items():
            k = attrs.setdefault(attr, len(attrs))
            rows.append((k, index[lab], w))
        weights = np.zeros((len(attrs) + 1, n))  # last row: zeros, for unknown attributes
        for k, j, w in rows:
            weights[k, j] = w
        self._attrs = attrs
        self._context: bool | None = None
        self._weights = weights
        self._dense_w = None
        self._dense_nb: dict[int, np.ndarray] = {}
        vectors = self.features.classes.vectors
        if vectors is not None:
            dims = vectors.shape[1]
            rows_e = [attrs.get(f"e{i}", len(attrs)) for i in range(dims)]
            if any(r < len(attrs) for r in rows_e):
                self._dense_w = weights[rows_e]  # dims × labels
            for off in range(-window, window + 1):
                rows_o = [attrs.get(f"e{off:+d}:{i}", len(attrs)) for i in range(dims)]
                if off and any(r < len(attrs) for r in rows_o):
                    self._dense_nb[off] = weights[rows_o]
        self._zero = np.zeros(n)
        self._no_tokens = np.zeros((0, n))
        self.context_bias = context_bias
        self._type_columns = {typ: [i for i, lab in enumerate(self.labels) if lab[2:] == typ]
                              for typ in {lab[2:] for lab in self.labels if lab != "O"}}
        self._cache: dict[str, tuple[np.ndarray, dict[int, np.ndarray], str, str]] = {}
        self._bos = self._vec(["BOS"])
        self._eos = self._vec(["EOS"])
        if prewarm:
            self.prewarm(prewarm)

    def prewarm(self, n: int) -> None:
        """Precompute the state scores of the `n` most frequent words of the word-class table
        (most running text is made of them), so tagging new text mostly hits the cache."""
        rank = self.features.classes.rank
        for w, r in rank.items():
            if r < n:
                self._unit(w)

    @classmethod
    def load(cls, path: str | Path | None = None, prewarm: int = 0) -> CrfTagger:
        """Load from a directory holding `ner.crfsuite` (+ `word_classes.tsv.gz`), or from a
        model file; `None` loads the model shipped in the package (no network). `prewarm`
        most frequent words get their scores precomputed (1-4 s for 20,000). Off by default:
        scores are cached as words are first seen anyway, and one article should not pay
        seconds of start-up for words it never uses."""
        if path is None:
            stack = contextlib.ExitStack()
            base = resources.files("rasd").joinpath("models")
            model = stack.enter_context(resources.as_file(base.joinpath(MODEL_FILE)))
            classes_res = base.joinpath(CLASSES_FILE)
            classes = stack.enter_context(resources.as_file(classes_res)) if classes_res.is_file() else None
            tagger = cls(model, classes, prewarm=prewarm)
            tagger._stack = stack  # keep any extracted temp files alive
            return tagger
        p = Path(path)
        if p.is_dir():
            classes = p / CLASSES_FILE
            return cls(p / MODEL_FILE, classes if classes.exists() else None, prewarm=prewarm)
        classes = p.with_name(CLASSES_FILE)
        return cls(p, classes if classes.exists() else None, prewarm=prewarm)

    # -- scoring ----------------------------------------------------------------------------
    def _vec(self, feats: list[str]) -> np.ndarray:
        attrs = self._attrs
        idx = [attrs[f] for f in feats if f in attrs]
        if not idx:
            return self._zero
        if len(idx) == 1:
            return self._weights[idx[0]]
        return self._weights[idx].sum(axis=0)

    def _unit(self, token: str):
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        if len(self._cache) >= UNIT_CACHE_WORDS:
            self._cache.clear()
        own, neigh, w, c = self.features.unit(token)
        # One gather + one segmented sum for the own features and every neighbour view.
        attrs = self._attrs
        unknown = len(attrs)  # the zero row
        groups = [own, *neigh.values()]
        idx: list[int] = []
        starts: list[int] = []
        for feats in groups:
            starts.append(len(idx))
            idx.append(unknown)
            idx.extend([k for k in map(attrs.get, feats) if k is not None])
        sums = np.add.reduceat(self._weights[idx], starts, axis=0)
        own_vec = sums[0]
        if self._dense_w is not None or self._dense_nb:
            v = self.features.dense(token)
            if v is not None:
                if self._dense_w is not None:
                    own_vec = own_vec + v @ self._dense_w
                keys = list(neigh.keys())
                for off, w_off in self._dense_nb.items():
                    sums[1 + keys.index(off)] += v @ w_off
        out = (own_vec, dict(zip(neigh.keys(), sums[1:], strict=True)), sys.intern(w), sys.intern(c),
               bare_key(next(f for f in own if f.startswith(BARE_PREFIX))[len(BARE_PREFIX):]))
        self._cache[token] = out
        return out

    def _scores(self, tokens: list[str]) -> np.ndarray:
        units = [self._unit(t) for t in tokens]
        n = len(units)
        emit = np.array([u[0] for u in units])
        for off in range(1, self.window + 1):
            if off < n:
                # token i gets the view of token i+off (offset +off) and of i-off (offset -off)
                emit[:-off] += np.array([u[1][off] for u in units[off:]])
                emit[off:] += np.array([u[1][-off] for u in units[:-off]])
        if n:
            emit[0] += self._bos
            emit[-1] += self._eos
        attrs = self._attrs
        weights = self._weights
        for i in range(n):
            w, c = units[i][2], units[i][3]
            pw = units[i - 1][2] if i else "<s>"
            nw = units[i + 1][2] if i + 1 < n else "</s>"
            pc = units[i - 1][3] if i else "<s>"
            nc = units[i + 1][3] if i + 1 < n else "</s>"
            for f in ("pw|w=" + pw + "|" + w, "w|nw=" + w + "|" + nw, "pc|c=" + pc + "|" + c, "c|nc=" + c + "|" + nc):
                k = attrs.get(f)
                if k is not None:
                    emit[i] += weights[k]
        return emit

    def _viterbi(self, emit: np.ndarray) -> list[int]:
        n = emit.shape[0]
        trans = self.transitions
        score = emit[0]
        back = np.empty((n, emit.shape[1]), dtype=np.intp)
        for i in range(1, n):
            cand = score[:, None] + trans
            back[i] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emit[i]
        best = [int(score.argmax())]
        for i in range(n - 1, 0, -1):
            best.append(int(back[i, best[-1]]))
        best.reverse()
        return best

    def _viterbi_many(self, emits: Sequence[np.ndarray]) -> list[list[int]]:
        """The Viterbi paths of many sentences at once: sorted by length and run in batches, so
        numpy's per-call cost is paid once a step for the batch rather than once a sentence.
        The arithmetic is the one-sentence `_viterbi`'s, so the paths are the same."""
        out: list[list[int]] = [[] for _ in emits]
        order = sorted((k for k, e in enumerate(emits) if e.shape[0]), key=lambda k: emits[k].shape[0])
        for at in range(0, len(order), VITERBI_BATCH):
            chunk = order[at: at + VITERBI_BATCH]
            for k, path in zip(chunk, self._viterbi_batch([emits[k] for k in chunk]), strict=True):
                out[k] = path
        return out

    def _viterbi_batch(self, emits: list[np.ndarray]) -> list[list[int]]:
        lengths = np.array([e.shape[0] for e in emits])
        steps, labels = int(lengths.max()), emits[0].shape[1]
        padded = np.zeros((len(emits), steps, labels))
        for b, e in enumerate(emits):
            padded[b, : e.shape[0]] = e
        score = padded[:, 0]
        back = np.zeros((len(emits), steps, labels), dtype=np.intp)
        rows = np.arange(len(emits))[:, None]
        cols = np.arange(labels)[None, :]
        for i in range(1, steps):
            cand = score[:, :, None] + self.transitions  # batch × from × to
            best = cand.argmax(axis=1)
            back[:, i] = best
            moved = cand[rows, best, cols] + padded[:, i]
            score = np.where((i < lengths)[:, None], moved, score)  # a finished sentence keeps its score
        paths = []
        for b, n in enumerate(lengths):
            path = [int(score[b].argmax())]
            for i in range(int(n) - 1, 0, -1):
                path.append(int(back[b, i, path[-1]]))
            path.reverse()
            paths.append(path)
        return paths

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        labels = self.labels
        return [labels[i] for i in self._viterbi(self._scores(tokens))]

    @property
    def uses_context(self) -> bool:
        """Whether the model was trained with document-context features."""
        if self._context is None:
            self._context = any(a.startswith(TYPE_FEATURE) for a in self._attrs)
        return self._context

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tag the sentences of one document, in order. Each sentence is tagged alone first;
        then those where some token's bare form was labelled as an entity in the sentences
        around it are tagged again with that evidence: as the features a context-trained
        model learned, or else as a fixed bonus on the labels of that type (CONTEXT_BIAS)."""
        emits = [self._scores(list(s)) if s else self._no_tokens for s in sentences]
        labels = [[self.labels[i] for i in p] for p in self._viterbi_many(emits)]
        if not self.uses_context:
            return self._biased_by_context(sentences, emits, labels) if self.context_bias else labels
        for k, feats in enumerate(document_features(self.features, sentences, labels)):
            if not any(feats):
                continue
            emit = emits[k] + np.array([self._vec(f) for f in feats])
            labels[k] = [self.labels[i] for i in self._viterbi(emit)]
        return labels

    def _biased_by_context(self, sentences: Sequence[Sequence[str]], emits: list[np.ndarray | None],
                           labels: list[list[str]]) -> list[list[str]]:
        """News repeats its names, and a name the first pass found where the sentence said
        enough is a name where it says less: each token whose other occurrences nearby were
        mostly labelled TYPE gets CONTEXT_BIAS on B-TYPE and I-TYPE, and its sentence is decoded
        again, unless every such token already has that type (the path cannot change then)."""
        keys = [[self._unit(t)[4] for t in s] for s in sentences]  # cached by _scores already
        again: dict[int, np.ndarray] = {}
        for k, evidence in enumerate(document_evidence(keys, labels)):
            if not any(typ is not None and labels[k][i][2:] != typ for i, typ in enumerate(evidence)):
                continue
            emit = emits[k].copy()
            for i, typ in enumerate(evidence):
                if typ is not None:
                    emit[i, self._type_columns[typ]] += self.context_bias
            again[k] = emit
        for k, path in zip(again, self._viterbi_many(list(again.values())), strict=True):
            labels[k] = [self.labels[i] for i in path]
        return labels


    def tag_crfsuite(self, tokens: list[str]) -> list[str]:
        """The same labelling computed by CRFsuite itself (slower; for checks)."""
        if not tokens:
            return []
        return [_bio(lab) for lab in self._crf.tag(self.features.sentence_dicts(tokens))]

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        return [self.tag(s) for s in sentences]
