"""Scoring events against gold.

(a) The Arabic event GSR (PLOVER ASSAULT/PROTEST): sentence-level detection, "yes" against
"easy no"/"difficult no" ("ambiguous" left out), precision/recall/F1 per type; and, on the
sentences with span gold, how often the detected event's source/target country and role
agree with the gold codes.
(b) The seed gold and the news-gold dev set: events matched on type + sentence, and on
type + sentence + source and target actor (a country code compares countries, a group code
such as ISIS compares the body's name; data/events/group_codes.tsv).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.evaluation.gold import GoldDocument
from rasd.events.confidence import report_threshold
from rasd.events.mentions import sentence_mentions
from rasd.events.modes import ASSERTED
from rasd.events.stage import find_events, symmetric_types
from rasd.ingest.dates import parse_date
from rasd.model import ActorSpan, Article, Event, Metadata
from rasd.pipeline import Pipeline, registered
from rasd.resources import read_table
from rasd.settings import Settings
from rasd.text.normalize import normalize_word

EVENT_STAGES = ("language", "sentences", "tokens", "entities", "actors", "quotes")
OPTIONAL_STAGES = ("entities", "actors")  # may be unable to start (the NER model not trained yet)
GSR_TYPES = ("ASSAULT", "PROTEST")
GSR_YES, GSR_AMBIGUOUS = "yes", "ambiguous"
GSR_FILES = {"ASSAULT": ("assault_gsr_dev.csv", "assault_spans_dev.json"),
             "PROTEST": ("protest_gsr_dev.csv", "protest_spans_dev.json")}
GROUP_CODES_FILE = ("events", "group_codes.tsv")
GOLD_NONE = ("None", "", None)
SECTOR_SEPARATOR = "-"
GROUP_KINDS = ("organization", "group")
PLOVER_CODE = "plover"


class EventAnalyser:
    """Runs the stages the events need; without a usable NER model, without entities and actors."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        available = registered()
        names = [n for n in EVENT_STAGES if n in available]
        self.quotes = None
        self.degraded = False
        try:
            self.pipeline = Pipeline(names, self.settings)
        except (RasdError, OSError) as exc:
            if isinstance(exc, RasdError) and exc.code not in (Code.E014_MODEL_MISSING, Code.E015_BAD_DATA_FILE):
                raise
            self.degraded = True
            self.pipeline = Pipeline([n for n in names if n not in OPTIONAL_STAGES and n != "quotes"], self.settings)
            if "quotes" in available:
                self.quotes = available["quotes"].factory(self.settings)

    def __call__(self, article: Article) -> Article:
        self.pipeline(article)
        if self.quotes is not None:
            self.quotes(article, self.settings)
        article.events = find_events(article)
        return article

    def text(self, text: str, published: str | None = None) -> Article:
        return self(Article(text=text, meta=Metadata(published=published)))


# --- what an argument stands for -------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActorCode:
    country: str | None = None
    sector: str | None = None
    group: str | None = None  # a body's name (داعش) or a group code (WST)


def actor_code(article: Article, span: ActorSpan | None) -> ActorCode:
    """Country, sector and group of an event argument: from its actor when linked, else from
    the words of the span (the same knowledge the argument finder uses)."""
    if span is None:
        return ActorCode()
    actor = next((a for a in article.actors if a.id == span.actor), None) if span.actor else None
    if actor is not None and (actor.country or actor.sector or actor.kind in GROUP_KINDS):
        # a body's name stands for its group also when the body has a country («ولاية سيناء», EGY)
        named = actor.country is None or actor.kind in GROUP_KINDS
        group = actor.ids.get(PLOVER_CODE) or (actor.name if named else None)
        return ActorCode(actor.country, actor.sector, group)
    tokens = [t for t in article.tokens if t.end > span.start and t.start < span.end]
    entities = [e for e in article.entities if span.start <= e.start and e.end <= span.end]
    found = sentence_mentions(article, tokens, entities) if tokens else []
    country = next((m.country for m in found if m.country), None)
    sector = next((m.sector for m in found if m.sector), None)
    group = next((m.group for m in found if m.group), None)
    return ActorCode(country, sector, group)


@cache
def group_names() -> dict[str, frozenset[str]]:
    """Gold group code → matching keys of the names that stand for it."""
    return {code: frozenset(_name_key(n) for n in names.split(",")) | {_name_key(code)}
            for code, names in read_table(*GROUP_CODES_FILE)}


def _name_key(name: str) -> str:
    try:
        from rasd.actors.knowledge import name_key
    except ImportError:
        return normalize_word(name)
    return name_key(name)


def code_matches(gold: str | None, predicted: ActorCode) -> bool:
    """A gold actor code (USA, USA-MIL, ISIS, ARAB-LEAGUE; None = unknown) against a prediction."""
    if gold in GOLD_NONE:
        return True
    groups = group_names()
    head = gold if gold in groups else gold.split(SECTOR_SEPARATOR)[0]
    if head in groups:
        return predicted.group is not None and _group_is(predicted.group, groups[head])
    return predicted.country == head


def _group_is(name: str, keys: frozenset[str]) -> bool:
    """A body's name stands for a group when one holds the other (تنظيم داعش / داعش)."""
    key = _name_key(name)
    return any(k and (k in key or key in k) for k in keys)


# --- (a) the GSR ------------------------------------------------------------------------

@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_by_label: dict[str, int] = field(default_factory=dict)  # GSR: false alarms on "easy no" / "difficult no"

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: bool, gold: bool, label: str | None = None) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
            if label is not None:
                self.fp_by_label[label] = self.fp_by_label.get(label, 0) + 1
        elif gold:
            self.fn += 1

    def format(self) -> str:
        by_label = ", ".join(f"{k} {v}" for k, v in sorted(self.fp_by_label.items()))
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})" + (f"; false alarms on {by_label}" if by_label else ""))


@dataclass(slots=True)
class Agreement:
    """Right / judged, per field (source_country, source_role, target_country, target_role)."""

    right: dict[str, int] = field(default_factory=dict)
    judged: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, ok: bool) -> None:
        self.judged[name] = self.judged.get(name, 0) + 1
        self.right[name] = self.right.get(name, 0) + int(ok)

    def format(self) -> str:
        parts = [f"{k} {self.right.get(k, 0)}/{n} ({self.right.get(k, 0) / n:.2f})" for k, n in sorted(self.judged.items())]
        return "  ".join(parts) if parts else "nothing to judge"


def reported(article: Article, type_: str) -> Event | None:
    """The most confident asserted event of the type the article reports, if any."""
    threshold = report_threshold(type_)
    found = [e for e in article.events if e.type == type_ and e.mode == ASSERTED and e.confidence >= threshold]
    return max(found, key=lambda e: e.confidence) if found else None


@dataclass(slots=True)
class AnnotatorAgreement:
    """How one GSR annotator scores against the verdict of the others, in expectation over
    which annotator is left out: the "yes" rule (every annotator accepts) applied to the rest.
    A sentence accepted by a of n: when a = n, the one left out says yes and so do the
    rest (a true positive); when a = n - 1, with chance a/n the one left out accepts while
    the rejecter remains (a false alarm), with chance 1/n it is the rejecter and the rest
    all accept (a miss); below that the rest never all accept, and the one left out
    accepts with chance a/n (a false alarm). It is the human ceiling of the measure."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def add(self, accept: int, total: int) -> None:
        if total < 2:
            return
        if accept == total:
            self.tp += 1
        elif accept == total - 1:
            self.fp += accept / total
            self.fn += 1 / total
        else:
            self.fp += accept / total

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def format(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {self.f1:.3f}"


def annotator_agreement(rows: Iterable[dict[str, str]]) -> AnnotatorAgreement:
    agreement = AnnotatorAgreement()
    for row in rows:
        agreement.add(int(row["accept"]), int(row["total"]))
    return agreement


def read_gsr(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["label"] != GSR_AMBIGUOUS]


def _gold_value(value: str | None) -> str | None:
    return None if value in GOLD_NONE else value


def _judge_roles(agreement: Agreement, article: Article, event: Event, span: dict) -> None:
    for side in ("source", "target"):
        gold = span.get(f"{side}_role")
        if not isinstance(gold, dict) or not gold:  # {} or "UNKNOWN": nothing to judge
            continue
        code = actor_code(article, getattr(event, side))
        agreement.add(f"{side}_country", code.country == _gold_value(gold.get("main")))
        if _gold_value(gold.get("role")) is not None:
            agreement.add(f"{side}_role", code.sector == gold.get("role"))


def evaluate_gsr(folder: Path, analyser: EventAnalyser, types: Iterable[str] = GSR_TYPES,
                 limit: int | None = None) -> dict[str, tuple[Counts, Agreement]]:
    out = {}
    for type_ in types:
        csv_name, spans_name = GSR_FILES[type_]
        counts, agreement = Counts(), Agreement()
        for row in read_gsr(folder / csv_name)[:limit]:
            counts.add(reported(analyser.text(row["text"]), type_) is not None, row["label"] == GSR_YES, row["label"])
        for item in json.loads((folder / spans_name).read_text(encoding="utf-8"))[:limit]:
            article = analyser.text(item["text"])
            event = reported(article, type_)
            if event is not None and item.get("spans"):
                _judge_roles(agreement, article, event, item["spans"][0])
        out[type_] = (counts, agreement)
    return out


# --- (b) seed and news gold -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    source: str | None
    target: str | None
    start: int  # the sentence (or evidence) the event lies in, offsets into article.text
    end: int
    label: str  # for reading the errors
    mode: str = ASSERTED
    location: str | None = None


@dataclass(slots=True)
class GoldScores:
    gold: int = 0
    predicted: int = 0
    type_sentence: int = 0  # gold events with a predicted event of the type in the sentence
    full: int = 0  # ... with the source and target agreeing too
    full_predicted: int = 0  # predicted events that match a gold event fully
    mode_right: int = 0  # over the full matches
    location_right: int = 0  # over the full matches whose gold names a place
    location_judged: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: GoldScores) -> None:
        for name in ("gold", "predicted", "type_sentence", "full", "full_predicted", "mode_right",
                     "location_right", "location_judged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    def f1(self, matched_gold: int, matched_predicted: int) -> tuple[float, float, float]:
        p = matched_predicted / self.predicted if self.predicted else 0.0
        r = matched_gold / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def format(self) -> str:
        p, r, f = self.f1(self.full, self.full_predicted)
        return (f"gold {self.gold}, predicted {self.predicted}; type+sentence: {self.type_sentence}/{self.gold}; "
                f"type+sentence+actors: {self.full}/{self.gold}  (P {p:.3f} R {r:.3f} F1 {f:.3f}); "
                f"of those, mode right {self.mode_right}/{self.full}, place right "
                f"{self.location_right}/{self.location_judged}")


def _sentence_span(article: Article, start: int, end: int) -> tuple[int, int]:
    """The span of the sentences the range [start, end) touches."""
    touched = [s for s in article.sentences if s.start < end and start < s.end]
    return (touched[0].start, touched[-1].end) if touched else (start, end)


def seed_gold_events(article: Article, doc: GoldDocument) -> list[GoldEvent]:
    out = []
    for e in doc.record.get("events", []):
        at = article.text.find(e["evidence"])
        if at < 0:
            continue
        start, end = _sentence_span(article, at, at + len(e["evidence"]))
        out.append(GoldEvent(e["type"], e.get("source"), e.get("target"), start, end, e["evidence"][:60],
                             e.get("mode", ASSERTED), e.get("location")))
    return out


def dev_gold_events(doc: GoldDocument) -> list[GoldEvent]:
    return [GoldEvent(e["type"], e.get("source"), e.get("target"), e["sentence_start"], e["sentence_end"],
                      e.get("trigger", ""), e.get("mode") or ASSERTED, e.get("location"))
            for e in doc.record.get("events", [])]


def modes_agree(predicted: str, gold: str) -> bool:
    """The seed writes modes short (intend, demand): a prefix of the contract's name agrees."""
    return predicted.startswith(gold) or gold.startswith(predicted)


def places_agree(article: Article, event: Event, gold: str) -> bool:
    if event.location is None:
        return False
    found, wanted = _squash(article.span_text(event.location)), _squash(gold)
    return bool(found) and (found in wanted or wanted in found)


def _squash(text: str) -> str:
    return " ".join(normalize_word(text).split())


def _actors_match(article: Article, event: Event, gold: GoldEvent) -> bool:
    source, target = actor_code(article, event.source), actor_code(article, event.target)
    if code_matches(gold.source, source) and code_matches(gold.target, target):
        return True
    # a type whose two sides play the same part: a meeting of A with B is one of B with A
    return gold.type in symmetric_types() and code_matches(gold.source, target) and code_matches(gold.target, source)


def _in(event: Event, gold: GoldEvent) -> bool:
    return gold.start <= event.trigger.start < gold.end


def score_events(article: Article, gold: list[GoldEvent], doc_id: str) -> GoldScores:
    """One-to-one matching: each gold event takes the first unused predicted event that fits."""
    scores = GoldScores(gold=len(gold), predicted=len(article.events))
    used: set[str] = set()
    for g in gold:
        same = [e for e in article.events if e.type == g.type and _in(e, g)]
        scores.type_sentence += bool(same)
        full = [e for e in same if e.id not in used and _actors_match(article, e, g)]
        if full:
            used.add(full[0].id)
            scores.full += 1
            scores.mode_right += modes_agree(full[0].mode, g.mode)
            if g.location:
                scores.location_judged += 1
                scores.location_right += places_agree(article, full[0], g.location)
        else:
            scores.misses.append(f"{doc_id}: {g.type} {g.source}->{g.target} [{g.label}] predicted "
                                 f"{[_describe(article, e) for e in same] or 'nothing of the type'}")
    scores.full_predicted = len(used)
    return scores


def _describe(article: Article, event: Event) -> str:
    source, target = actor_code(article, event.source), actor_code(article, event.target)
    return (f"{event.type} {source.country or source.group}->{target.country or target.group} "
            f"'{article.span_text(event.trigger)}'")


def analyse_gold_document(doc: GoldDocument, analyser: EventAnalyser) -> Article:
    if doc.body_only:
        return analyser.text(doc.raw, published=parse_date(doc.record.get("time")))
    from rasd.api import article_from_document
    from rasd.ingest import document_from_text

    return analyser(article_from_document(document_from_text(doc.raw, analyser.settings, doc.id)))


def evaluate_gold(docs: Iterable[GoldDocument], analyser: EventAnalyser) -> GoldScores:
    total = GoldScores()
    for doc in docs:
        article = analyse_gold_document(doc, analyser)
        gold = dev_gold_events(doc) if doc.body_only else seed_gold_events(article, doc)
        total.add(score_events(article, gold, doc.id))
    return total
