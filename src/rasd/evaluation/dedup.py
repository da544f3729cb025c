"""Cross-article deduplication measured against hand-made story clusters.

A gold file (`../shared/data/story-clusters/*.json`) groups articles, named by their ANT
`docno`, by the real-world event they mainly report. `evaluate_dedup` analyses those
articles through the whole pipeline into a fresh store (`rasd.store.database.Store`, which
runs `rasd.store.dedup` inside its writes), groups the articles as
`rasd.store.dedup.article_groups` does (main events in one event cluster, such groups
joined by average link over time-decayed title+lead similarity, with sentence embeddings
mixed in where the optional `embed` extra is installed; a repeated article goes with the
article it repeats), and scores that grouping
pairwise and with B-cubed. The gold is only read to measure: nothing of it goes into the
store or the settings.
"""

from __future__ import annotations

import itertools
import json
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rasd.errors import Code, RasdError

# Stored batches of this many articles: several batches, so that repeats and clusters are
# also found across `Store.write` calls, as in a real load.
EVAL_BATCH = 100
# Where the gold's docnos are looked up, under the shared data folder.
ANT_CORPUS = Path("ant-corpus-multisource-full") / "ant_multisource_all.jsonl.gz"
# Other settings the evaluation also scores, to show how much the figure hangs on them: story
# thresholds this far from the default of the similarity in use (n-grams alone at 0.25:
# 0.15-0.35).
STORY_OFFSETS = (-0.1, -0.05, 0.05, 0.1)
EVENT_VALUES = (0.1, 0.15, 0.3, 0.4)
# Time scales (hours) of the story similarity's decay with publication time; None: no decay.
STORY_HOURS_VALUES = (24.0, 96.0, None)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def format(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}"


def _groups(labels: Mapping[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for item, label in labels.items():
        out[label].append(item)
    return out


def _pairs(labels: Mapping[str, str]) -> set[tuple[str, str]]:
    return {pair for members in _groups(labels).values() for pair in itertools.combinations(sorted(members), 2)}


def _same_items(predicted: Mapping[str, str], gold: Mapping[str, str]) -> None:
    if set(predicted) != set(gold):
        raise RasdError(Code.E015_BAD_DATA_FILE, "the grouping and the gold name different items: "
                        f"{len(set(predicted) ^ set(gold))} differ")


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """Precision and recall over item pairs put together (a partition with no pair scores 1)."""
    _same_items(predicted, gold)
    pred, true = _pairs(predicted), _pairs(gold)
    hits = len(pred & true)
    return PRF(hits / len(pred) if pred else 1.0, hits / len(true) if true else 1.0)


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """B-cubed (Bagga and Baldwin 1998): per item, the share of its predicted group that is
    in its gold group (precision) and of its gold group that is in its predicted group
    (recall), averaged over the items."""
    _same_items(predicted, gold)
    pred_groups, gold_groups = _groups(predicted), _groups(gold)
    precision = recall = 0.0
    for item in predicted:
        mine, truth = set(pred_groups[predicted[item]]), set(gold_groups[gold[item]])
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    n = len(predicted) or 1
    return PRF(precision / n, recall / n)


@dataclass(frozen=True, slots=True)
class GoldClusters:
    path: Path
    corpus: Path  # the ANT corpus file the docnos are looked up in
    label: dict[str, str]  # docno -> gold cluster id


def load_gold(path: Path, shared_data: Path) -> GoldClusters:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        label = {docno: cluster["id"] for cluster in data["clusters"] for docno in cluster["docnos"]}
    except (KeyError, TypeError) as exc:
        raise RasdError(Code.E015_BAD_DATA_FILE, f"not a story-clusters file: {exc}", str(path)) from exc
    return GoldClusters(Path(path), shared_data / ANT_CORPUS, label)


def corpus_records(corpus: Path, docnos: Iterable[str]) -> list[dict]:
    """The ANT records of these docnos, in the corpus's order."""
    from rasd.evaluation.gold import iter_corpus_records

    wanted = set(docnos)
    found = [r for r in iter_corpus_records(corpus) if r.get("docno") in wanted]
    missing = wanted - {r["docno"] for r in found}
    if missing:
        raise RasdError(Code.E008_NOT_FOUND, f"{len(missing)} docnos of the gold are not in the corpus, "
                        f"e.g. {sorted(missing)[0]}", str(corpus))
    return found


@dataclass
class DedupReport:
    articles: int = 0
    failed: int = 0
    repeats: int = 0  # stored as sources of another article
    events_before: int = 0  # event records of every analysed article (one per report)
    events_stored: int = 0  # after article dedup (repeats' events are not stored again)
    clusters: int = 0  # event clusters: the records after clustering
    pairwise: PRF = field(default_factory=lambda: PRF(0.0, 0.0))
    bcubed: PRF = field(default_factory=lambda: PRF(0.0, 0.0))
    events_only: PRF = field(default_factory=lambda: PRF(0.0, 0.0))  # grouping by main-event cluster alone
    gold_clusters: int = 0
    per_story: list[tuple[int, int, int, int]] = field(default_factory=list)
    # per gold cluster: (articles, main-event clusters, all event records, event clusters)
    sensitivity: list[tuple[str, float | None, PRF]] = field(default_factory=list)  # None: the setting off
    per_day: list[tuple[str, int, PRF]] = field(default_factory=list)  # (day, articles, pairwise) of each day alone
    story_similarity: str = ""  # what the title+lead fallback compares, in words
    ngrams_only: PRF | None = None  # pairwise with the n-grams alone, where embeddings were mixed in

    def format(self) -> str:
        multi = [s for s in self.per_story if s[0] > 1]
        lines = [
            f"articles: {self.articles} analysed, {self.failed} failed, {self.repeats} stored as repeats "
            f"of another article",
            f"gold story clusters: {self.gold_clusters} ({len(multi)} with more than one article)",
            f"articles by main event, pairwise: {self.pairwise.format()}",
            f"articles by main event, B-cubed: {self.bcubed.format()}",
            f"main-event clusters alone (no title/lead fallback), pairwise: {self.events_only.format()}",
        ]
        if self.story_similarity:
            lines.append(f"title/lead similarity: {self.story_similarity}")
        if self.ngrams_only is not None:
            lines.append(f"title+lead n-grams alone (no sentence embeddings), pairwise: {self.ngrams_only.format()}")
        lines += [
            f"event records: {self.events_before} reported, {self.events_stored} stored after article dedup, "
            f"{self.clusters} event clusters",
        ]
        if self.per_story:
            lines.append(_per_story_line("all gold clusters", self.per_story))
        if multi:
            lines.append(_per_story_line("gold clusters of 2+ articles", multi))
        for day, count, prf in self.per_day:
            lines.append(f"day {day} alone ({count} articles, its pairs only), pairwise: {prf.format()}")
        for name, value, prf in self.sensitivity:
            shown = "none" if value is None else f"{value:.2f}"
            lines.append(f"sensitivity {name} = {shown}: pairwise {prf.format()}")
        return "\n".join(lines)


def _per_story_line(label: str, stories: list[tuple[int, int, int, int]]) -> str:
    def mean(i: int) -> float:
        return statistics.fmean(s[i] for s in stories)

    return (f"per story ({label}): main-event records {mean(0):.2f} before, {mean(1):.2f} after clustering; "
            f"all event records {mean(2):.2f} before, {mean(3):.2f} after")


def analyse_into_store(records: list[dict], store, settings=None,
                       log: Callable[[str], None] | None = None) -> tuple[int, int, int, dict[str, int]]:
    """Analyse the records through the pipeline and write them to `store` in batches.
    Returns (articles analysed, failed, repeats, events per analysed article id)."""
    from rasd.api import analyze_paths
    from rasd.ingest import IngestFailure

    analysed = failed = repeats = 0
    events: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        batch, failures = [], []
        for item in analyze_paths([str(path)], settings):
            if isinstance(item, IngestFailure):
                failures.append(item)
                failed += 1
                continue
            batch.append(item)
            events[item.id] = len(item.events)
            analysed += 1
            if len(batch) >= EVAL_BATCH:
                repeats += store.write(batch, failures).repeats
                batch, failures = [], []
                if log:
                    log(f"{analysed} articles analysed and stored")
        if batch or failures:
            repeats += store.write(batch, failures).repeats
    return analysed, failed, repeats, events


def evaluate_dedup(gold: GoldClusters, store_path: Path | None = None, settings=None,
                   log: Callable[[str], None] | None = None) -> DedupReport:
    from rasd.settings import Settings
    from rasd.store import dedup
    from rasd.store.database import Store

    embeddings = dedup.embeddings_used((settings or Settings()).story_embeddings)
    records = corpus_records(gold.corpus, gold.label)
    with tempfile.TemporaryDirectory() as tmp:
        path = store_path or Path(tmp) / "dedup-eval.duckdb"
        if path.exists():
            raise RasdError(Code.E012_BAD_SETTING, "the evaluation writes a fresh store; this file exists", str(path))
        with Store(path, settings=settings) as store:
            report = DedupReport()
            report.articles, report.failed, report.repeats, events = analyse_into_store(records, store, settings, log)
            report = _score(store, gold, report, events, dedup, embeddings)
            report.sensitivity += event_threshold_sensitivity(store, gold, EVENT_VALUES, embeddings)
            return report


def _score(store, gold: GoldClusters, report: DedupReport, events: dict[str, int], dedup,
           embeddings: bool) -> DedupReport:
    con = store.connection
    docnos = sorted(gold.label)
    canonical = {d: store.canonical_id(d) or d for d in docnos}
    stored = sorted({c for c in canonical.values() if c is not None})
    report.events_before = sum(events.values())
    report.events_stored = con.execute("SELECT count(*) FROM events").fetchone()[0]
    report.clusters = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    report.gold_clusters = len(set(gold.label.values()))

    threshold = dedup.default_story_threshold(embeddings)

    def grouping(story_threshold: float, story_hours: float | None = dedup.STORY_HOURS,
                 mixed: bool = embeddings) -> dict[str, str]:
        groups = dedup.article_groups(con, stored, story_threshold, story_hours, embeddings=mixed)
        return {d: groups.get(canonical[d], canonical[d]) for d in docnos}

    predicted = grouping(threshold)
    report.story_similarity = _story_similarity_words(embeddings, threshold, dedup)
    if embeddings:
        report.ngrams_only = pairwise(grouping(dedup.STORY_SIMILARITY, mixed=False), gold.label)
    report.pairwise = pairwise(predicted, gold.label)
    report.bcubed = bcubed(predicted, gold.label)
    report.events_only = pairwise(grouping(2.0), gold.label)  # a threshold over 1: no fallback links
    mains = dedup.main_events(con, stored)
    clusters_of: dict[str, set[str]] = defaultdict(set)
    for cid, aid in con.execute("SELECT cluster_id, article_id FROM cluster_reports").fetchall():
        clusters_of[aid].add(cid)
    for members in _groups(gold.label).values():
        main_clusters = {mains[canonical[d]][2] if canonical[d] in mains else f"none:{canonical[d]}"
                         for d in members}
        all_clusters = set().union(*(clusters_of.get(canonical[d], set()) for d in set(members)))
        report.per_story.append((len(members), len(main_clusters), sum(events.get(d, 0) for d in members),
                                 len(all_clusters)))
    report.per_day = per_day_scores(con, canonical, gold.label, dedup, embeddings)
    for offset in STORY_OFFSETS:
        value = round(threshold + offset, 4)
        report.sensitivity.append(("story similarity", value, pairwise(grouping(value), gold.label)))
    for hours in STORY_HOURS_VALUES:
        report.sensitivity.append(("story hours", hours, pairwise(grouping(threshold, hours), gold.label)))
    return report


def _story_similarity_words(embeddings: bool, threshold: float, dedup) -> str:
    if embeddings:
        return (f"{dedup.STORY_EMBED_WEIGHT:.2f} x sentence embeddings (title + lead sentence) + "
                f"{1 - dedup.STORY_EMBED_WEIGHT:.2f} x character n-grams (title + lead), threshold {threshold:.2f}")
    return (f"character n-grams of title + lead, threshold {threshold:.2f} (sentence embeddings: "
            "off or not installed; pip install 'rasd[embed]')")


def per_day_scores(con, canonical: Mapping[str, str], gold: Mapping[str, str], dedup,
                   embeddings: bool = True) -> list[tuple[str, int, PRF]]:
    """Pairwise scores of each publication day's articles grouped alone, against the gold
    restricted to them: how much the figure moves from one set of stories to another (the
    only spread one gold file can show)."""
    day_of = dict(con.execute("SELECT id, day FROM articles WHERE id IN (SELECT unnest(?))",
                              [sorted(set(canonical.values()))]).fetchall())
    by_day: dict[str, list[str]] = defaultdict(list)
    for docno in sorted(gold):
        day = day_of.get(canonical[docno])
        by_day[day.isoformat() if day else "unknown"].append(docno)
    out = []
    for day, docnos in sorted(by_day.items()):
        groups = dedup.article_groups(con, sorted({canonical[d] for d in docnos}), embeddings=embeddings)
        predicted = {d: groups.get(canonical[d], canonical[d]) for d in docnos}
        out.append((day, len(docnos), pairwise(predicted, {d: gold[d] for d in docnos})))
    return out


def event_threshold_sensitivity(store, gold: GoldClusters, values: Iterable[float],
                                embeddings: bool = True) -> list[tuple[str, float, PRF]]:
    """Pairwise scores with the event clusters rebuilt at other EVENT_SIMILARITY values
    (the store's clusters are rebuilt in place: only for an evaluation store)."""
    from rasd.store import dedup

    con = store.connection
    docnos = sorted(gold.label)
    canonical = {d: store.canonical_id(d) or d for d in docnos}
    stored = sorted(set(canonical.values()))
    out = []
    for value in values:
        con.execute("DELETE FROM cluster_reports")
        con.execute("DELETE FROM event_clusters")
        dedup.cluster_events(con, stored, threshold=value)
        groups = dedup.article_groups(con, stored, embeddings=embeddings)
        out.append(("event similarity", value, pairwise({d: groups.get(canonical[d], canonical[d]) for d in docnos},
                                                          gold.label)))
    con.execute("DELETE FROM cluster_reports")
    con.execute("DELETE FROM event_clusters")
    dedup.cluster_events(con, stored)
    return out
