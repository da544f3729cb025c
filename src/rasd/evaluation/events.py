"""Scoring the events the pipeline outputs against gold.

What is scored is always `Article.events` after the whole pipeline `rasd analyze` runs (the
`events` of its JSON), never a list of candidates inside the events stage: whatever the
stage keeps back (a reporting threshold, a filter) counts as not predicted.

(a) The Arabic event GSR (PLOVER ASSAULT/PROTEST): sentence-level detection, "yes" against
"easy no"/"difficult no" ("ambiguous" left out) — a sentence is detected when the output
holds an event of the type — precision/recall/F1 per type, the human ceiling of the same
measure, and, on the sentences with span gold, how often the detected event's source/target
country and role agree with the gold codes.
(b) The annotated news splits, the old news-gold dev file and the seed gold: events matched
one to one (a maximum matching, so each gold event and each predicted event is used once)
under three criteria — type + sentence + source and target actor (the contract's rule: a
country code compares countries, a group code such as ISIS compares the body's name;
data/events/group_codes.tsv), the same with the gold sector too (USA-GOV must be USA-GOV),
and type + sentence alone — with per-type tables, mode accuracy over the matched events and
a reliability table of `Event.confidence`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.evaluation.gold import GoldDocument
from rasd.ingest.dates import parse_date
from rasd.model import ActorSpan, Article, Event, Metadata
from rasd.pipeline import DEFAULT_STAGES, Pipeline, registered
from rasd.resources import read_table
from rasd.settings import Settings
from rasd.text.normalize import normalize_word

ESSENTIAL_STAGES = ("language", "sentences", "tokens", "events")  # the others may be left out
MODEL_MISSING = (Code.E014_MODEL_MISSING, Code.E015_BAD_DATA_FILE)
GSR_TYPES = ("ASSAULT", "PROTEST")
GSR_YES, GSR_AMBIGUOUS = "yes", "ambiguous"
GSR_FILES = {"ASSAULT": ("assault_gsr_dev.csv", "assault_spans_dev.json"),
             "PROTEST": ("protest_gsr_dev.csv", "protest_spans_dev.json")}
GROUP_CODES_FILE = ("events", "group_codes.tsv")
GOLD_NONE = ("None", "", None)
SECTOR_SEPARATOR = "-"
GROUP_KINDS = ("organization", "group")
PLOVER_CODE = "plover"
ASSERTED = "asserted"
# Types whose two sides play the same part (PLOVER): a meeting of A with B is one of B with
# A, so the matcher accepts the actors either way round. The scoring rule, not the stage's.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})

# The three matching criteria, strictest last but one.
ACTORS, STRICT, TYPE_SENTENCE = "actors", "strict", "type_sentence"
CRITERIA = (ACTORS, STRICT, TYPE_SENTENCE)
CRITERION_LABELS = {ACTORS: "type+sentence+source/target", STRICT: "... and the gold sector (strict)",
                    TYPE_SENTENCE: "type+sentence"}
RELIABILITY_BINS = 10


class EventAnalyser:
    """Runs what `rasd analyze` runs (the default stages, events last) and leaves the output's
    events on the article. A stage other than the essential ones whose model is missing
    (the NER model not trained yet, a quotation model not built) is left out (`left_out`),
    the events stage then seeing no names or no quotations."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.left_out: list[str] = []
        try:
            self.pipeline = Pipeline(settings=self.settings)
            self.stages = None
        except (RasdError, OSError) as exc:
            if isinstance(exc, RasdError) and exc.code not in MODEL_MISSING:
                raise
            available = registered()
            # bypasses the order check on purpose: a stage left out leaves its layer empty
            self.stages = []
            for name in [n for n in self.settings.stages or DEFAULT_STAGES if n in available]:
                try:
                    self.stages.append((name, available[name].factory(self.settings)))
                except (RasdError, OSError) as missing:
                    if name in ESSENTIAL_STAGES or (isinstance(missing, RasdError) and missing.code not in MODEL_MISSING):
                        raise
                    self.left_out.append(name)
        if "events" not in self.names:
            raise RasdError(Code.E010_UNKNOWN_STAGE, "events (the pipeline has no events stage to score)")

    @property
    def degraded(self) -> bool:
        return bool(self.left_out)

    @property
    def names(self) -> list[str]:
        return self.pipeline.names if self.stages is None else [n for n, _ in self.stages]

    def __call__(self, article: Article) -> Article:
        if self.stages is None:
            return self.pipeline(article)
        for name, fn in self.stages:
            fn(article, self.settings)
            article.done.add(name)
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
    the words of the span (a nisba such as الروسية names a country without an actor)."""
    if span is None:
        return ActorCode()
    actor = next((a for a in article.actors if a.id == span.actor), None) if span.actor else None
    if actor is not None and (actor.country or actor.sector or actor.kind in GROUP_KINDS):
        # a body's name stands for its group also when the body has a country («ولاية سيناء», EGY)
        named = actor.country is None or actor.kind in GROUP_KINDS
        group = actor.ids.get(PLOVER_CODE) or (actor.name if named else None)
        return ActorCode(actor.country, actor.sector, group)
    return _code_from_words(article, span)


def _code_from_words(article: Article, span: ActorSpan) -> ActorCode:
    try:  # the events stage's reader of actor words; a stage without one leaves the span unread
        from rasd.events.mentions import sentence_mentions
    except ImportError:
        return ActorCode()
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


def split_code(gold: str) -> tuple[str, str | None]:
    """A gold code's head (country or group) and sector: USA-GOV → (USA, GOV), ISIS → (ISIS,
    None), ARAB-LEAGUE → (ARAB-LEAGUE, None), HOUTHI-MIL → (HOUTHI, MIL)."""
    if gold in group_names() or SECTOR_SEPARATOR not in gold:
        return gold, None
    head, sector = gold.split(SECTOR_SEPARATOR, 1)
    return head, sector or None


def code_matches(gold: str | None, predicted: ActorCode, strict: bool = False) -> bool:
    """A gold actor code (USA, USA-MIL, ISIS, ARAB-LEAGUE; None = unknown) against a prediction.
    `strict`: the gold's sector, when it names one, must be the prediction's too."""
    if gold in GOLD_NONE:
        return True
    head, sector = split_code(gold)
    if strict and sector is not None and predicted.sector != sector:
        return False
    groups = group_names()
    if head in groups:
        return predicted.group is not None and _group_is(predicted.group, groups[head])
    return predicted.country == head


def _group_is(name: str, keys: frozenset[str]) -> bool:
    """A body's name stands for a group when one holds the other (تنظيم داعش / داعش)."""
    key = _name_key(name)
    return any(k and (k in key or key in k) for k in keys)


# --- counting ---------------------------------------------------------------------------

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

    def merge(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def format(self) -> str:
        by_label = ", ".join(f"{k} {v}" for k, v in sorted(self.fp_by_label.items()))
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})" + (f"; false alarms on {by_label}" if by_label else ""))


# --- (a) the GSR ------------------------------------------------------------------------

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
    """The output's most confident event of the type, if it has one: what a reader of
    `rasd analyze` would take the sentence to report."""
    found = [e for e in article.events if e.type == type_]
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


@dataclass(slots=True)
class GsrResult:
    detection: Counts  # an event of the type in the output
    asserted: Counts  # ... an asserted one
    roles: Agreement
    human: AnnotatorAgreement


def evaluate_gsr(folder: Path, analyser: EventAnalyser, types: Iterable[str] = GSR_TYPES,
                 limit: int | None = None) -> dict[str, GsrResult]:
    out = {}
    for type_ in types:
        csv_name, spans_name = GSR_FILES[type_]
        detection, asserted, roles = Counts(), Counts(), Agreement()
        rows = read_gsr(folder / csv_name)[:limit]
        for row in rows:
            events = [e for e in analyser.text(row["text"]).events if e.type == type_]
            gold = row["label"] == GSR_YES
            detection.add(bool(events), gold, row["label"])
            asserted.add(any(e.mode == ASSERTED for e in events), gold, row["label"])
        for item in json.loads((folder / spans_name).read_text(encoding="utf-8"))[:limit]:
            article = analyser.text(item["text"])
            event = reported(article, type_)
            if event is not None and item.get("spans"):
                _judge_roles(roles, article, event, item["spans"][0])
        out[type_] = GsrResult(detection, asserted, roles, annotator_agreement(rows))
    return out


# --- (b) news and seed gold -------------------------------------------------------------

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
class TypeCounts:
    gold: int = 0
    predicted: int = 0
    matched: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CRITERIA, 0))

    def counts(self, criterion: str) -> Counts:
        tp = self.matched[criterion]
        return Counts(tp, self.predicted - tp, self.gold - tp)


@dataclass(slots=True)
class Reliability:
    """Per predicted event: its confidence, and whether it matched a gold event (actors; type+sentence)."""

    points: list[tuple[float, bool, bool]] = field(default_factory=list)

    def bins(self, n: int = RELIABILITY_BINS) -> list[tuple[float, float, int, float, float, float]]:
        """(low, high, events, mean confidence, share matched with actors, share matched
        type+sentence) per non-empty bin of equal width over [0, 1]."""
        grouped: list[list[tuple[float, bool, bool]]] = [[] for _ in range(n)]
        for point in self.points:
            grouped[min(n - 1, max(0, int(point[0] * n)))].append(point)
        out = []
        for i, group in enumerate(grouped):
            if group:
                size = len(group)
                out.append((i / n, (i + 1) / n, size, sum(p[0] for p in group) / size,
                            sum(p[1] for p in group) / size, sum(p[2] for p in group) / size))
        return out

    def ece(self, type_sentence: bool = False, n: int = RELIABILITY_BINS) -> float:
        """Expected calibration error: the events' share-weighted gap between mean confidence
        and the share that matched, over the bins."""
        total = len(self.points)
        if not total:
            return 0.0
        column = 5 if type_sentence else 4
        return sum(b[2] / total * abs(b[3] - b[column]) for b in self.bins(n))

    def format(self) -> str:
        lines = ["  confidence     events  mean conf  match actors  match type+sentence"]
        for low, high, size, conf, actors, typed in self.bins():
            lines.append(f"  [{low:.1f}, {high:.1f})  {size:9d}  {conf:9.3f}  {actors:12.3f}  {typed:19.3f}")
        lines.append(f"  expected calibration error: {self.ece():.3f} (actors), "
                     f"{self.ece(type_sentence=True):.3f} (type+sentence); {len(self.points)} events")
        return "\n".join(lines)


@dataclass(slots=True)
class GoldScores:
    documents: int = 0
    by_type: dict[str, TypeCounts] = field(default_factory=dict)
    mode_right: int = 0  # over the matches with actors
    mode_right_typed: int = 0  # over the type+sentence matches
    location_right: int = 0  # over the matches with actors whose gold names a place
    location_judged: int = 0
    reliability: Reliability = field(default_factory=Reliability)
    misses: list[str] = field(default_factory=list)

    def type_counts(self, type_: str) -> TypeCounts:
        return self.by_type.setdefault(type_, TypeCounts())

    @property
    def gold(self) -> int:
        return sum(t.gold for t in self.by_type.values())

    @property
    def predicted(self) -> int:
        return sum(t.predicted for t in self.by_type.values())

    def matched(self, criterion: str) -> int:
        return sum(t.matched[criterion] for t in self.by_type.values())

    def counts(self, criterion: str) -> Counts:
        tp = self.matched(criterion)
        return Counts(tp, self.predicted - tp, self.gold - tp)

    def f1(self, criterion: str = ACTORS) -> float:
        return self.counts(criterion).f1

    def add(self, other: GoldScores) -> None:
        self.documents += other.documents
        for type_, counts in other.by_type.items():
            mine = self.type_counts(type_)
            mine.gold += counts.gold
            mine.predicted += counts.predicted
            for criterion in CRITERIA:
                mine.matched[criterion] += counts.matched[criterion]
        self.mode_right += other.mode_right
        self.mode_right_typed += other.mode_right_typed
        self.location_right += other.location_right
        self.location_judged += other.location_judged
        self.reliability.points.extend(other.reliability.points)
        self.misses.extend(other.misses)

    def format(self) -> str:
        """The summary: gold and predicted counts, P/R/F1 per criterion, modes and places."""
        full, typed = self.matched(ACTORS), self.matched(TYPE_SENTENCE)
        lines = [f"{self.documents} articles, gold {self.gold}, predicted {self.predicted}"]
        lines += [f"  {CRITERION_LABELS[c]:<34} {self.counts(c).format()}" for c in CRITERIA]
        mode = self.mode_right / full if full else 0.0
        mode_typed = self.mode_right_typed / typed if typed else 0.0
        lines.append(f"  mode accuracy over the {full} matched (actors): {mode:.3f} ({self.mode_right}/{full}), "
                     f"over the {typed} matched (type+sentence): {mode_typed:.3f}; "
                     f"place right {self.location_right}/{self.location_judged}")
        return "\n".join(lines)

    def format_types(self) -> str:
        lines = ["  type        gold  pred   actors: P     R     F1    strict F1   type+sentence: P     R     F1"]
        for type_ in sorted(self.by_type):
            t = self.by_type[type_]
            a, s, ts = t.counts(ACTORS), t.counts(STRICT), t.counts(TYPE_SENTENCE)
            lines.append(f"  {type_:<10} {t.gold:5d} {t.predicted:5d}   {a.precision:7.3f} {a.recall:5.3f} {a.f1:5.3f}"
                         f"   {s.f1:9.3f}   {ts.precision:17.3f} {ts.recall:5.3f} {ts.f1:5.3f}")
        return "\n".join(lines)


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


def news_gold_events(doc: GoldDocument) -> list[GoldEvent]:
    """The events of a news-gold record (news-annotated splits, news-gold-dev): sentence offsets given."""
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


def _actors_agree(gold: GoldEvent, source: ActorCode, target: ActorCode, strict: bool) -> bool:
    if code_matches(gold.source, source, strict) and code_matches(gold.target, target, strict):
        return True
    return gold.type in SYMMETRIC_TYPES and code_matches(gold.source, target, strict) \
        and code_matches(gold.target, source, strict)


def _in(event: Event, gold: GoldEvent) -> bool:
    return gold.start <= event.trigger.start < gold.end


def maximum_matching(n_gold: int, n_predicted: int, fits: Callable[[int, int], bool]) -> dict[int, int]:
    """Gold index → predicted index, one to one, as many pairs as `fits` allows (augmenting
    paths): a greedy first-fit could give a predicted event to the wrong one of two gold events."""
    options = [[p for p in range(n_predicted) if fits(g, p)] for g in range(n_gold)]
    owner: dict[int, int] = {}  # predicted → gold

    def place(g: int, seen: set[int]) -> bool:
        for p in options[g]:
            if p not in seen:
                seen.add(p)
                if p not in owner or place(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    for g in range(n_gold):
        place(g, set())
    return {g: p for p, g in owner.items()}


def match_events(article: Article, events: Sequence[Event], gold: Sequence[GoldEvent]) -> dict[str, dict[int, int]]:
    """Per criterion, the one-to-one matching of gold events (index) to predicted ones (index)."""
    codes = [(actor_code(article, e.source), actor_code(article, e.target)) for e in events]

    def same(g: int, p: int) -> bool:
        return events[p].type == gold[g].type and _in(events[p], gold[g])

    def with_actors(strict: bool) -> Callable[[int, int], bool]:
        return lambda g, p: same(g, p) and _actors_agree(gold[g], *codes[p], strict=strict)

    return {ACTORS: maximum_matching(len(gold), len(events), with_actors(False)),
            STRICT: maximum_matching(len(gold), len(events), with_actors(True)),
            TYPE_SENTENCE: maximum_matching(len(gold), len(events), same)}


def score_events(article: Article, gold: list[GoldEvent], doc_id: str) -> GoldScores:
    """The scores of the article's (output) events against its gold events."""
    events = list(article.events)
    scores = GoldScores(documents=1)
    for g in gold:
        scores.type_counts(g.type).gold += 1
    for e in events:
        scores.type_counts(e.type).predicted += 1
    matches = match_events(article, events, gold)
    for criterion, pairs in matches.items():
        for g in pairs:
            scores.type_counts(gold[g].type).matched[criterion] += 1
    for g, p in matches[TYPE_SENTENCE].items():
        scores.mode_right_typed += modes_agree(events[p].mode, gold[g].mode)
    for g, p in matches[ACTORS].items():
        scores.mode_right += modes_agree(events[p].mode, gold[g].mode)
        if gold[g].location:
            scores.location_judged += 1
            scores.location_right += places_agree(article, events[p], gold[g].location)
    full, typed = set(matches[ACTORS].values()), set(matches[TYPE_SENTENCE].values())
    scores.reliability.points.extend((e.confidence, p in full, p in typed) for p, e in enumerate(events))
    for i, g in enumerate(gold):
        if i not in matches[ACTORS]:
            same = [_describe(article, e) for e in events if e.type == g.type and _in(e, g)]
            scores.misses.append(f"{doc_id}: {g.type} {g.source}->{g.target} [{g.label}] predicted "
                                 f"{same or 'nothing of the type'}")
    return scores


def _describe(article: Article, event: Event) -> str:
    source, target = actor_code(article, event.source), actor_code(article, event.target)
    return (f"{event.type} {source.country or source.group}->{target.country or target.group} "
            f"'{article.span_text(event.trigger)}' {event.confidence:.2f}")


def analyse_gold_document(doc: GoldDocument, analyser: EventAnalyser) -> Article:
    if doc.body_only:
        published = doc.record.get("published") or doc.record.get("time")
        return analyser.text(doc.raw, published=parse_date(published))
    from rasd.api import article_from_document
    from rasd.ingest import document_from_text

    return analyser(article_from_document(document_from_text(doc.raw, analyser.settings, doc.id)))


def evaluate_gold(docs: Iterable[GoldDocument], analyser: EventAnalyser) -> GoldScores:
    total = GoldScores()
    for doc in docs:
        article = analyse_gold_document(doc, analyser)
        gold = news_gold_events(doc) if doc.body_only else seed_gold_events(article, doc)
        total.add(score_events(article, gold, doc.id))
    return total
