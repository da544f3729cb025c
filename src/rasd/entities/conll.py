"""CoNLL reading and conlleval-style scoring (exact-span match), written here so the
evaluation has no outside dependency.

Label conventions: IOB2 (`B-X`, `I-X`, `O`). ANERcorp's `PERS` is normalised to `PER`;
AQMAR's article-specific `MIS0`..`MIS3` become `MISC`, and its few noisy tags are mapped
to `O` or `MISC` (see `normalise_label`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from rasd.entities.tagger import CrfTagger

TYPES = ("PER", "ORG", "LOC", "MISC")
_TYPE_MAP = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC", "MIS": "MISC"}


def normalise_label(tag: str) -> str:
    """Map a corpus tag to `O` or `B-/I-` × PER/ORG/LOC/MISC."""
    tag = tag.strip().rstrip("`")
    if not tag or tag in ("O", "OO", "IO"):
        return "O"
    if "-" not in tag:
        return "O"
    prefix, _, kind = tag.partition("-")
    kind = kind.strip("-").upper()
    prefix = prefix.upper()
    if prefix not in ("B", "I"):
        return "O"
    if kind in _TYPE_MAP:
        return f"{prefix}-{_TYPE_MAP[kind]}"
    if kind.startswith("MIS") or kind in ("SPANISH", "ENGLISH"):
        return f"{prefix}-MISC"
    return "O"


def read_conll(path: str | Path, *, max_sentences: int | None = None) -> list[tuple[list[str], list[str]]]:
    """Read `TOKEN TAG` lines, blank line between sentences; returns (tokens, labels) pairs.

    Lines whose token is empty are skipped. Files without blank lines (raw ANERcorp) are
    split after `.`, `!`, `?`, `؟` tokens.
    """
    sentences: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    saw_blank = False

    def flush() -> None:
        nonlocal toks, tags
        if toks:
            sentences.append((toks, tags))
        toks, tags = [], []

    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    saw_blank = any(not ln.strip() for ln in lines)
    for line in lines:
        if not line.strip():
            flush()
            if max_sentences is not None and len(sentences) >= max_sentences:
                break
            continue
        parts = line.rsplit(None, 1)
        if len(parts) < 2 or not parts[0].strip():
            continue  # an empty token (raw ANERcorp has a few)
        token, tag = parts[0].strip(), parts[1]
        toks.append(token)
        tags.append(normalise_label(tag))
        if not saw_blank and token in (".", "!", "?", "؟"):
            flush()
    flush()
    if max_sentences is not None:
        sentences = sentences[:max_sentences]
    return sentences


def spans(labels: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end-exclusive, type) of an IOB label sequence, conlleval-style:
    an `I-X` that does not continue an X chunk starts a new chunk."""
    out: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, lab in enumerate(labels):
        if lab == "O" or not lab:
            if start >= 0:
                out.add((start, i, kind))
            start, kind = -1, ""
            continue
        prefix, _, typ = lab.partition("-")
        if prefix == "B" or typ != kind or start < 0:
            if start >= 0:
                out.add((start, i, kind))
            start, kind = i, typ
    if start >= 0:
        out.add((start, len(labels), kind))
    return out


@dataclass
class TypeScore:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return 100.0 * self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class NerScores:
    """Exact-span scores: per type and micro-averaged over all types."""

    per_type: dict[str, TypeScore] = field(default_factory=dict)
    tokens: int = 0
    correct_tokens: int = 0

    @property
    def overall(self) -> TypeScore:
        total = TypeScore()
        for s in self.per_type.values():
            total.tp += s.tp
            total.n_pred += s.n_pred
            total.n_gold += s.n_gold
        return total

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def f1(self) -> float:
        return self.overall.f1

    @property
    def accuracy(self) -> float:
        return 100.0 * self.correct_tokens / self.tokens if self.tokens else 0.0

    def format(self) -> str:
        o = self.overall
        lines = [
            f"processed {self.tokens} tokens with {o.n_gold} phrases; found: {o.n_pred} phrases; correct: {o.tp}.",
            f"accuracy: {self.accuracy:6.2f}%; precision: {o.precision:6.2f}%; recall: {o.recall:6.2f}%; FB1: {o.f1:6.2f}",
            f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}{'tp':>7}",
        ]
        for typ in sorted(self.per_type):
            s = self.per_type[typ]
            lines.append(f"{typ:<8}{s.precision:8.2f}{s.recall:8.2f}{s.f1:8.2f}{s.n_gold:7d}{s.n_pred:7d}{s.tp:7d}")
        lines.append(f"{'micro':<8}{o.precision:8.2f}{o.recall:8.2f}{o.f1:8.2f}{o.n_gold:7d}{o.n_pred:7d}{o.tp:7d}")
        return "\n".join(lines)

    def only(self, types: Iterable[str]) -> NerScores:
        """The same scores restricted to some entity types (e.g. without AQMAR's MISC)."""
        keep = set(types)
        return NerScores({t: s for t, s in self.per_type.items() if t in keep}, self.tokens, self.correct_tokens)

    def as_dict(self) -> dict[str, dict[str, float]]:
        out = {t: {"p": s.precision, "r": s.recall, "f1": s.f1, "gold": s.n_gold} for t, s in self.per_type.items()}
        o = self.overall
        out["micro"] = {"p": o.precision, "r": o.recall, "f1": o.f1, "gold": o.n_gold}
        return out


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> NerScores:
    """conlleval: a predicted entity counts only if its start, end and type match a gold one."""
    result = NerScores()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"sequence lengths differ: gold {len(g)}, predicted {len(p)}")
        result.tokens += len(g)
        result.correct_tokens += sum(1 for a, b in zip(g, p, strict=True) if a == b)
        gs, ps = spans(g), spans(p)
        for _, _, t in gs:
            result.per_type.setdefault(t, TypeScore()).n_gold += 1
        for _, _, t in ps:
            result.per_type.setdefault(t, TypeScore()).n_pred += 1
        for _, _, t in gs & ps:
            result.per_type[t].tp += 1
    return result


def iter_files(path: str | Path) -> Iterator[Path]:
    p = Path(path)
    if p.is_dir():
        yield from sorted(q for q in p.iterdir() if q.suffix in (".txt", ".conll") and q.name != "SOURCE.md")
    else:
        yield p


def evaluate_conll(path: str | Path, tagger: CrfTagger | None = None) -> NerScores:
    """Tag every sentence of a CoNLL file (or every .txt/.conll file of a folder) and score
    it against the gold labels. `tagger` defaults to the packaged model."""
    if tagger is None:
        from rasd.entities.tagger import CrfTagger

        tagger = CrfTagger.load()
    gold: list[list[str]] = []
    pred: list[list[str]] = []
    for f in iter_files(path):
        sentences = read_conll(f)  # in document order: the tagger reads them as one text
        gold.extend(labels for _, labels in sentences)
        pred.extend(tagger.tag_document([toks for toks, _ in sentences]))
    return score(gold, pred)
