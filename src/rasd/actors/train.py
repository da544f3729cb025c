"""Training of the actor assignment model (rasd.actors.assign) on gold articles.

Each gold article is read by the rules with its gold spans as entities; every actor (a
coreference group) becomes one country-ranking case (its candidates, labelled by the gold
country most of its mentions carry) and, unless it is a place, one sector case. The name
memory is counted per article, and each training article sees only the other articles'
memory. Needs scikit-learn (the `train` extra).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rasd.actors.assign import (
    LOC,
    NULL,
    PLACE_KINDS,
    SENTENCE,
    AssignModel,
    MemoryCounts,
    actor_view,
    article_context,
    country_candidates,
    sector_features,
)
from rasd.actors.evaluate import GoldEntity, gold_as_entities, prepare, record_gold_entities
from rasd.actors.knowledge import knowledge, name_key
from rasd.actors.stage import build_groups
from rasd.evaluation.gold import GoldDocument

# Weights smaller than this are dropped from the shipped file (they change no decision).
MIN_WEIGHT = 1e-4


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Every hyper-parameter of the two models (chosen on dev; see the model card)."""

    country_c: float = 1.0  # inverse L2 strength of the country ranker
    sector_c: float = 3.0  # inverse L2 strength of the sector model
    max_iter: int = 2000
    seed: int = 13
    # Kinds of actor for which the article's setting is a candidate country: an institution,
    # body or place named without its country (الشرطة, وزارة الداخلية, حزب التقدم). Never a
    # person: a name, or a bare title (الرئيس فلان), says nothing of where its bearer is
    # from; a person's country needs a nisba, a country named near him, the registry or
    # the name memory.
    setting_kinds: tuple[str, ...] = ("institution", "typed_org", "org", "place")
    # How far from a person's mention a country named in the text is a candidate for him
    # (rasd.actors.assign.REACHES). Dev, gold spans / NER: none 0.883 / 0.871, a few words
    # 0.881 / 0.872, his sentence and paragraph 0.907 / 0.910, also the sentence before
    # 0.920 / 0.930 — the last reads a country from a sentence that does not name him, which
    # is no evidence of his own country, and is not taken.
    person_reach: str = SENTENCE


@dataclass(slots=True)
class Sample:
    """One gold article read by the rules."""

    article_index: int
    view: object
    cands: list
    groups: list
    gold: list[GoldEntity]


@dataclass(slots=True)
class Cases:
    country_rows: list[dict[str, float]] = field(default_factory=list)
    country_labels: list[int] = field(default_factory=list)
    sector_rows: list[dict[str, float]] = field(default_factory=list)
    sector_labels: list[str] = field(default_factory=list)


def memory_pairs(gold: list[GoldEntity]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(name key, value) pairs one article gives the memory: each mention's text and
    canonical name with its gold country and sector."""
    countries, sectors = set(), set()
    for g in gold:
        for key in {name_key(g.text), name_key(g.canonical or "")} - {""}:
            countries.add((key, g.country or NULL))
            if g.type != LOC:
                sectors.add((key, g.sector or NULL))
    return countries, sectors


def read_samples(docs: Iterable[GoldDocument], counts: MemoryCounts) -> list[Sample]:
    kb = knowledge()
    samples = []
    for doc in docs:
        gold = sorted(record_gold_entities(doc.record), key=lambda g: g.start)
        article = gold_as_entities(prepare(doc.raw, doc.id), gold)
        view, cands, groups = build_groups(article, kb)
        index = counts.add_article(*memory_pairs(gold))
        samples.append(Sample(index, view, cands, groups, gold))
    return samples


def _majority(values: list[str]) -> str:
    return Counter(values).most_common(1)[0][0]


def build_cases(samples: list[Sample], counts: MemoryCounts, setting_kinds: frozenset[str] = frozenset(),
                person_reach: str = SENTENCE) -> Cases:
    cases = Cases()
    for sample in samples:
        memory = counts.without(sample.article_index)
        ctx = article_context(sample.view, sample.cands)
        for group in sample.groups:
            actor = actor_view(sample.view, group, sample.cands)
            golds = [sample.gold[i] for i in group.mentions]
            label = _majority([g.country or NULL for g in golds])
            candidates = country_candidates(actor, ctx, memory, setting_kinds, person_reach)
            # In a fixed order: string hashing varies per process, and so would the solver's path.
            for country, feats in sorted(candidates.items()):
                cases.country_rows.append(feats)
                cases.country_labels.append(int(country == label))
            if actor.kind not in PLACE_KINDS and not all(t == LOC for t in actor.types):
                cases.sector_rows.append(sector_features(actor, sample.view, memory))
                cases.sector_labels.append(_majority([g.sector or NULL for g in golds]))
    return cases


def fit(cases: Cases, memory: MemoryCounts, config: TrainConfig, meta: dict | None = None) -> AssignModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    cvec = DictVectorizer()
    xc = cvec.fit_transform(cases.country_rows)
    country = LogisticRegression(C=config.country_c, max_iter=config.max_iter, random_state=config.seed,
                                 solver="lbfgs")
    country.fit(xc, cases.country_labels)
    cweights = {name: float(w) for name, w in zip(cvec.feature_names_, country.coef_[0], strict=True)
                if abs(w) >= MIN_WEIGHT}
    svec = DictVectorizer()
    xs = svec.fit_transform(cases.sector_rows)
    sector = LogisticRegression(C=config.sector_c, max_iter=config.max_iter, random_state=config.seed,
                                solver="lbfgs")
    sector.fit(xs, cases.sector_labels)
    sweights = {}
    for j, name in enumerate(svec.feature_names_):
        row = [float(round(w, 5)) for w in sector.coef_[:, j]]
        if max(abs(w) for w in row) >= MIN_WEIGHT:
            sweights[name] = row
    shipped = memory.without(None)
    # Rounded to 5 decimals: the solver's last digits vary from run to run, the file must not.
    return AssignModel({k: round(v, 5) for k, v in cweights.items()}, round(float(country.intercept_[0]), 5),
                       [str(c) for c in sector.classes_], sweights, [round(float(b), 5) for b in sector.intercept_],
                       shipped, meta or {})


def train(docs: Iterable[GoldDocument], config: TrainConfig = TrainConfig()) -> AssignModel:
    counts = MemoryCounts()
    samples = read_samples(docs, counts)
    cases = build_cases(samples, counts, frozenset(config.setting_kinds), config.person_reach)
    meta = {"articles": len(samples), "country_cases": len(cases.country_labels),
            "sector_cases": len(cases.sector_labels), "country_c": config.country_c,
            "sector_c": config.sector_c, "seed": config.seed, "setting_kinds": list(config.setting_kinds), "person_reach": config.person_reach}
    return fit(cases, counts, config, meta)
