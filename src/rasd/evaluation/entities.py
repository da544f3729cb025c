"""Scoring entities against the annotated news articles: exact span + type precision, recall
and F1, overall (micro) and per type.

Each article body (`GoldDocument.raw`, body only, so offsets align with the gold) goes through
the pipeline stages up to `entities`; a predicted entity counts only if its start, end and
type equal a gold one's. The news gold has PER, ORG and LOC only; the tagger also predicts
ANERcorp's MISC, which is dropped before scoring by default (`MISC_DROP`, chosen on dev: see
`rasd/models/NER_MODEL_CARD.md`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rasd.evaluation.gold import GoldDocument
from rasd.model import Article
from rasd.pipeline import Pipeline
from rasd.settings import Settings

GOLD_TYPES = ("PER", "ORG", "LOC")
ENTITY_STAGES = ("language", "sentences", "tokens", "entities")
TEXT_STAGES = ("language", "sentences", "tokens")
# What happens to MISC predictions, which the news gold has no type for.
MISC_DROP = "drop"  # left out: the news guide does not annotate them, so they are no errors
MISC_KEEP = "keep"  # scored as they are: every one is a false positive
MISC_POLICIES = (MISC_DROP, MISC_KEEP)

Span3 = tuple[int, int, str]


@dataclass(slots=True)
class TypeCounts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class EntityScores:
    per_type: dict[str, TypeCounts] = field(default_factory=dict)
    documents: int = 0

    def add(self, gold: Iterable[Span3], predicted: Iterable[Span3]) -> None:
        """Count one document's gold and predicted spans."""
        g, p = set(gold), set(predicted)
        self.documents += 1
        for _, _, typ in g:
            self._of(typ).gold += 1
        for _, _, typ in p:
            self._of(typ).predicted += 1
        for _, _, typ in g & p:
            self._of(typ).tp += 1

    def _of(self, typ: str) -> TypeCounts:
        return self.per_type.setdefault(typ, TypeCounts())

    @property
    def overall(self) -> TypeCounts:
        total = TypeCounts()
        for c in self.per_type.values():
            total.tp += c.tp
            total.predicted += c.predicted
            total.gold += c.gold
        return total

    @property
    def f1(self) -> float:
        return self.overall.f1

    def format(self) -> str:
        lines = [f"{self.documents} articles; exact span + type",
                 f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}{'tp':>7}"]
        rows = [(t, self.per_type[t]) for t in sorted(self.per_type)] + [("micro", self.overall)]
        for name, c in rows:
            lines.append(f"{name:<8}{c.precision:8.3f}{c.recall:8.3f}{c.f1:8.3f}{c.gold:7d}{c.predicted:7d}{c.tp:7d}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, dict[str, float]]:
        rows = {**self.per_type, "micro": self.overall}
        return {t: {"p": round(c.precision, 4), "r": round(c.recall, 4), "f1": round(c.f1, 4), "gold": c.gold}
                for t, c in rows.items()}


def gold_spans(document: GoldDocument) -> set[Span3]:
    return {(e["start"], e["end"], e["type"]) for e in document.record.get("entities", [])}


def predicted_spans(article: Article, misc: str = MISC_DROP) -> set[Span3]:
    """The article's entities as (start, end, type), in the offsets of the text as given."""
    out = set()
    for e in article.entities:
        if e.type == "MISC" and misc == MISC_DROP:
            continue
        start, end = article.ingested_span(e.start, e.end)
        out.add((start, end, e.type))
    return out


def body_article(document: GoldDocument) -> Article:
    """A bare article of the gold document's body (no ingestion: the gold offsets are into it)."""
    return Article(text=document.raw)


def analyser(settings: Settings | None = None, stages: Sequence[str] = ENTITY_STAGES) -> Callable[[GoldDocument], Article]:
    pipeline = Pipeline(stages, settings or Settings())
    return lambda document: pipeline(body_article(document))


def evaluate_entities(documents: Iterable[GoldDocument], analyse: Callable[[GoldDocument], Article] | None = None,
                      misc: str = MISC_DROP) -> EntityScores:
    """Analyse each gold document up to the entities stage and score its entities."""
    analyse = analyse or analyser()
    scores = EntityScores()
    for document in documents:
        scores.add(gold_spans(document), predicted_spans(analyse(document), misc))
    return scores


__all__ = ["EntityScores", "TypeCounts", "evaluate_entities", "gold_spans", "predicted_spans", "analyser",
           "MISC_DROP", "MISC_KEEP", "MISC_POLICIES"]
