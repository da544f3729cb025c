"""Scoring quotations against gold: detection precision/recall/F1 (contents overlapping by at
least half of the longer one, whitespace aside), speaker accuracy and via-chain accuracy
over the matched pairs (a name matches when one contains the other, ../shared/contract)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rasd.errors import Code, RasdError
from rasd.evaluation.gold import GoldDocument, GoldQuote
from rasd.model import ActorSpan, Article, Quote
from rasd.pipeline import Pipeline, registered
from rasd.settings import Settings
from rasd.text import normalize_word

# The stages a quotation needs, in pipeline order; those not installed are left out.
QUOTE_STAGES = ("language", "sentences", "tokens", "entities", "actors", "quotes")
# Stages that may be unable to start (the NER model not trained yet): the rest runs without them.
OPTIONAL_STAGES = ("entities", "actors")
MIN_OVERLAP_SHARE = 0.5
NOT_A_LETTER = re.compile(r"[^\w\s]")
DEFINITE_ARTICLE = "ال"
MIN_ARTICLE_STEM = 2


@dataclass(slots=True)
class Miss:
    """One error, for reading: what the gold says and what was predicted."""

    document: str
    what: str  # missed | spurious | speaker | via
    gold: str
    predicted: str


@dataclass(slots=True)
class QuoteScores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    via_right: int = 0
    kind_right: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    @property
    def via_accuracy(self) -> float:
        return self.via_right / self.matched if self.matched else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.matched if self.matched else 0.0

    def add(self, other: QuoteScores) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.speaker_right += other.speaker_right
        self.via_right += other.via_right
        self.kind_right += other.kind_right
        self.misses.extend(other.misses)

    def format(self) -> str:
        return (f"quotations: gold {self.gold}, predicted {self.predicted}, matched {self.matched}\n"
                f"detection: P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}\n"
                f"speaker accuracy: {self.speaker_accuracy:.3f} ({self.speaker_right}/{self.matched})\n"
                f"via accuracy: {self.via_accuracy:.3f} ({self.via_right}/{self.matched})\n"
                f"kind accuracy: {self.kind_accuracy:.3f} ({self.kind_right}/{self.matched})")


class QuoteAnalyser:
    """The stages before `quotes` as one pipeline, then the quote stage; without a usable
    NER model, the earlier pipeline runs without entities and actors."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        available = registered()
        names = [n for n in QUOTE_STAGES if n in available and n != "quotes"]
        try:
            self.before = Pipeline(names, self.settings)
        except (RasdError, OSError) as exc:
            if isinstance(exc, RasdError) and exc.code not in (Code.E014_MODEL_MISSING, Code.E015_BAD_DATA_FILE):
                raise
            self.before = Pipeline([n for n in names if n not in OPTIONAL_STAGES], self.settings)
        self._quote_factory = available["quotes"].factory
        self._quote_stage = None  # built on first use: preparing articles needs no quotation model

    @property
    def quote_stage(self):
        if self._quote_stage is None:
            self._quote_stage = self._quote_factory(self.settings)
        return self._quote_stage

    def prepare(self, article: Article) -> Article:
        return self.before(article)

    def quote(self, article: Article) -> Article:
        self.quote_stage(article, self.settings)
        article.done.add("quotes")
        return article

    def __call__(self, article: Article) -> Article:
        return self.quote(self.prepare(article))


def prepare_gold_document(doc: GoldDocument, analyser: QuoteAnalyser) -> Article:
    """A gold document through the stages before `quotes`."""
    if doc.body_only:
        article = Article(text=doc.raw)
        article.meta.outlet = doc.outlet
        return analyser.prepare(article)
    from rasd.api import article_from_document
    from rasd.ingest import document_from_text

    return analyser.prepare(article_from_document(document_from_text(doc.raw, analyser.settings, doc.id)))


def analyse_gold_document(doc: GoldDocument, analyser: QuoteAnalyser) -> Article:
    return analyser.quote(prepare_gold_document(doc, analyser))


def _squash(text: str) -> str:
    return "".join(text.split())


def _locate(text: str, content: str, taken: set[int]) -> tuple[int, int] | None:
    """Where a gold content string lies in the analysed text (the seed gives strings only)."""
    pattern = r"\s+".join(re.escape(part) for part in content.split())
    for found in re.finditer(pattern, text):
        if found.start() not in taken:
            taken.add(found.start())
            return found.start(), found.end()
    return None


def gold_spans(article: Article, doc: GoldDocument) -> list[tuple[int, int] | None]:
    if doc.body_only:
        return [(q.start, q.end) if q.start is not None else None for q in doc.quotes]
    taken: set[int] = set()
    return [_locate(article.text, q.content, taken) for q in doc.quotes]


def overlap_share(text: str, a: tuple[int, int], b: tuple[int, int]) -> float:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if hi <= lo:
        return 0.0
    longer = max(len(_squash(text[a[0] : a[1]])), len(_squash(text[b[0] : b[1]])))
    return len(_squash(text[lo:hi])) / longer if longer else 0.0


def match_quotes(text: str, gold: list[tuple[int, int] | None], predicted: list[Quote]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, the largest overlaps first."""
    pairs = []
    for gi, span in enumerate(gold):
        if span is None:
            continue
        for pi, quote in enumerate(predicted):
            share = overlap_share(text, span, (quote.content.start, quote.content.end))
            if share >= MIN_OVERLAP_SHARE:
                pairs.append((share, gi, pi))
    used_gold, used_pred, out = set(), set(), []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            out.append((gi, pi))
    return out


def name_key(name: str) -> str:
    """A name for comparison: normalised letters, no punctuation, no ال on its words."""
    words = NOT_A_LETTER.sub(" ", normalize_word(name).replace("_", " ")).split()
    return " ".join(w[2:] if w.startswith(DEFINITE_ARTICLE) and len(w) - 2 >= MIN_ARTICLE_STEM else w for w in words)


def names_match(candidates: Iterable[str], gold: str) -> bool:
    g = name_key(gold)
    for candidate in candidates:
        c = name_key(candidate)
        if c and g and (c in g or g in c):
            return True
    return False


def _names_of(article: Article, span: ActorSpan) -> list[str]:
    names = [article.span_text(span)]
    names.extend(a.name for a in article.actors if span.actor is not None and a.id == span.actor)
    return names


def speaker_right(article: Article, quote: Quote, gold: GoldQuote) -> bool:
    if gold.speaker is None or quote.speaker is None:
        return gold.speaker is None and quote.speaker is None
    return names_match(_names_of(article, quote.speaker), gold.speaker)


def via_right(article: Article, quote: Quote, gold: GoldQuote) -> bool:
    if len(quote.via) != len(gold.via):
        return False
    return all(names_match(_names_of(article, v), g) for v, g in zip(quote.via, gold.via, strict=True))


def _describe(article: Article, quote: Quote) -> str:
    speaker = article.span_text(quote.speaker) if quote.speaker else None
    via = [article.span_text(v) for v in quote.via]
    return f"{article.span_text(quote.content)[:60]!r} speaker={speaker} via={via}"


def _gold_describe(gold: GoldQuote) -> str:
    return f"{gold.content[:60]!r} speaker={gold.speaker} via={list(gold.via)}"


def score_document(doc: GoldDocument, article: Article) -> QuoteScores:
    spans = gold_spans(article, doc)
    pairs = match_quotes(article.text, spans, article.quotes)
    scores = QuoteScores(len(doc.quotes), len(article.quotes), len(pairs))
    for gi, pi in pairs:
        gold, quote = doc.quotes[gi], article.quotes[pi]
        scores.kind_right += gold.kind == quote.kind
        for what, right in (("speaker", speaker_right), ("via", via_right)):
            if right(article, quote, gold):
                setattr(scores, f"{what}_right", getattr(scores, f"{what}_right") + 1)
            else:
                scores.misses.append(Miss(doc.id, what, _gold_describe(gold), _describe(article, quote)))
    matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    scores.misses.extend(Miss(doc.id, "missed", _gold_describe(q), "") for i, q in enumerate(doc.quotes)
                         if i not in matched_gold)
    scores.misses.extend(Miss(doc.id, "spurious", "", _describe(article, q)) for i, q in enumerate(article.quotes)
                         if i not in matched_pred)
    return scores


def evaluate_quotes(docs: Iterable[GoldDocument], analyser: Callable[[GoldDocument], Article] | None = None) -> QuoteScores:
    pipeline = QuoteAnalyser()
    analyse = analyser or (lambda d: analyse_gold_document(d, pipeline))
    total = QuoteScores()
    for doc in docs:
        total.add(score_document(doc, analyse(doc)))
    return total
