"""Learned country and sector assignment for the actors of one article.

After the rules (titles, nisbas, gazetteers, coreference, the registry) each actor has the
country and sector its mentions state, or none. This step chooses the final values:

- country: every candidate country has evidence — the rules' own, a country the name was
  seen with in the training articles (the name memory), a country named in the same
  sentence or paragraph as one of the actor's mentions — plus the option "no country". A
  logistic model scores each candidate from its evidence features (crossed with the kind
  of actor) and the best one wins; "no country" wins when nothing speaks for a country.
  There is no article-wide fallback: a country the article names only far from an actor
  is no candidate for it (a US president in a story about Turkey is not Turkish).
- sector: a multinomial logistic model over the actor's words, title words, the word
  before and after it, the rules' sector and the name memory; places keep the rules'.

`features` (the two feature functions), `AssignModel` (weights, predict) and `train`
(fit on gold articles) follow the spaCy/scikit-learn split; training needs scikit-learn,
inference only this module.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rasd.actors.knowledge import name_key
from rasd.actors.resolve import Candidate
from rasd.actors.roles import DocView, nisba_at
from rasd.errors import Code, RasdError
from rasd.resources import data_path

if TYPE_CHECKING:
    from rasd.actors.stage import Group

MODEL_FILE = ("actors", "assign_model.json.gz")
NULL = "-"  # the "no country" / "no sector" label
MODEL_VERSION = 1
# Distances (in tokens) from a mention to a country named in its sentence, as buckets.
NEAR_TOKENS, CLOSE_TOKENS = 1, 4
GEO_POP_SCALE = 7  # log10 of a town's population, scaled to about [0, 1]
MAX_RANK = 2  # ranks of the countries named near an actor, the third and later as one
# A name the memory knows from fewer training articles than this is not kept (nor shipped);
# one article is enough (dev 0.899 against 0.896 for two), each training article seeing only the others.
MIN_MEMORY_ARTICLES = 1
PLACE_KINDS = ("country", "place")
# How far from a mention a country named in the text is a candidate: nowhere, within a few
# words in its sentence, its sentence and paragraph, or also the sentence before. Bodies and
# places reach their sentence and paragraph (the sentence before too: dev 0.905 against
# 0.907); people as far as the model's `person_reach` says.
NO_CONTEXT, CLOSE, SENTENCE, PREVIOUS_SENTENCE = "none", "close", "sentence", "previous"
REACHES = (NO_CONTEXT, CLOSE, SENTENCE, PREVIOUS_SENTENCE)
BODY_REACH = SENTENCE
LOC = "LOC"


# --- the name memory: what the training articles coded each name as ---------------------


@dataclass(slots=True)
class NameMemory:
    """name key → {country or NULL: number of training articles}; the same for sectors."""

    countries: dict[str, dict[str, int]] = field(default_factory=dict)
    sectors: dict[str, dict[str, int]] = field(default_factory=dict)

    def lookup(self, keys: Iterable[str], which: str) -> Counter[str]:
        table = self.countries if which == "country" else self.sectors
        out: Counter[str] = Counter()
        for key in set(keys):
            out.update(table.get(key, {}))
        return out


@dataclass(slots=True)
class MemoryCounts:
    """Per-article sets of (key, value) while training: the memory an article sees is the
    others' (leave one article out), so the model learns to trust it as on unseen text."""

    countries: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    sectors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    per_article: list[tuple[set[tuple[str, str]], set[tuple[str, str]]]] = field(default_factory=list)

    def add_article(self, pairs_country: set[tuple[str, str]], pairs_sector: set[tuple[str, str]]) -> int:
        for key, value in pairs_country:
            self.countries[key][value] += 1
        for key, value in pairs_sector:
            self.sectors[key][value] += 1
        self.per_article.append((pairs_country, pairs_sector))
        return len(self.per_article) - 1

    def without(self, article: int | None) -> NameMemory:
        own_c, own_s = self.per_article[article] if article is not None else (set(), set())
        return NameMemory(_thin(self.countries, own_c), _thin(self.sectors, own_s))


def _thin(table: dict[str, Counter[str]], own: set[tuple[str, str]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, counts in table.items():
        kept = {v: n - ((key, v) in own) for v, n in counts.items()}
        kept = {v: n for v, n in kept.items() if n > 0}
        if sum(kept.values()) >= MIN_MEMORY_ARTICLES:
            out[key] = kept
    return out


# --- what the article says around each actor ---------------------------------------------


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country the text names at one token: a country name, capital, nisba or known town."""

    token: int
    country: str


@dataclass(slots=True)
class ArticleContext:
    view: DocView
    mentions: list[CountryMention]
    by_sentence: dict[int, list[CountryMention]]
    by_paragraph: dict[int, list[CountryMention]]
    counts: Counter[str] = field(default_factory=Counter)  # how often the article names each country
    first: dict[str, int] = field(default_factory=dict)  # token of its first mention
    total: int = 0
    top: str | None = None


def article_context(view: DocView, cands: list[Candidate] | None = None) -> ArticleContext:
    """Where the article names countries. With the rules' candidates, the known bodies and
    places among its entities count too (حزب الله, مرتفعات الجولان), at their first token."""
    kb = view.kb
    mentions = []
    named: dict[int, str] = {}
    for ent, cand in zip(view.article.entities, cands or (), strict=False):
        if cand.known and cand.country:
            idx = view.token_range(ent.start, ent.end)
            if idx:
                named[idx[0]] = cand.country
    for i, key in enumerate(view.keys):
        if not key:
            continue
        known = kb.countries.get(key)
        country = nisba_at(view, i) or (known.country if known else None) or kb.capitals.get(key)
        if country is None:
            # A town of the hand-written places (حلب) places the actors near it; GeoNames'
            # towns do not (too many are also common words: dev 0.897 against 0.904).
            country = kb.places.get(key) or named.get(i)
        if country:
            mentions.append(CountryMention(i, country))
    by_sentence: dict[int, list[CountryMention]] = defaultdict(list)
    by_paragraph: dict[int, list[CountryMention]] = defaultdict(list)
    for m in mentions:
        by_sentence[view.sentence[m.token]].append(m)
        by_paragraph[_paragraph(view, m.token)].append(m)
    ctx = ArticleContext(view, mentions, by_sentence, by_paragraph)
    for m in mentions:
        ctx.counts[m.country] += 1
        ctx.first.setdefault(m.country, m.token)
    ctx.total = len(mentions)
    if mentions:
        ctx.top = max(ctx.counts, key=lambda c: (ctx.counts[c], -ctx.first[c]))
    return ctx


def _paragraph(view: DocView, token: int) -> int:
    sentence = view.sentence[token]
    sentences = view.article.sentences
    return sentences[sentence].paragraph if 0 <= sentence < len(sentences) else -1


@dataclass(slots=True)
class ActorView:
    """One actor (a coreference group) as the features see it."""

    kind: str  # per_titled, per, country, place, known_org, institution, typed_org, org
    candidate: Candidate  # the rules' merged reading of the group
    mention_candidates: list[Candidate]
    tokens: list[list[int]]  # token indices of each mention
    types: list[str]  # entity types of the mentions
    keys: list[str]  # name keys of the mentions and of the merged name


def actor_kind(cand: Candidate) -> str:
    if cand.kind == "person":
        return "per_titled" if cand.role else "per"
    if cand.kind in PLACE_KINDS:
        return cand.kind
    if cand.known:
        return "known_org"
    if cand.institution:
        return "institution"
    # A body named with a type word (حزب, صحيفة) has the rules' sector; a bare name has none.
    return "typed_org" if cand.sector else "org"


def actor_view(view: DocView, group: Group, cands: list[Candidate]) -> ActorView:
    ents = [view.article.entities[i] for i in group.mentions]
    tokens = [list(view.token_range(e.start, e.end)) for e in ents]
    keys = [name_key(view.article.text[e.start : e.end]) for e in ents]
    keys += [name_key(cands[i].name) for i in group.mentions] + [name_key(group.actor.name)]
    return ActorView(actor_kind(group.actor), group.actor, [cands[i] for i in group.mentions], tokens,
                     [e.type for e in ents], [k for k in keys if k])


# --- features ----------------------------------------------------------------------------


def _crossed(kind: str, feats: dict[str, float]) -> dict[str, float]:
    """Each feature alone and crossed with the kind of actor (a name memory counts for more
    with a person than with a place)."""
    out = dict(feats)
    out.update({f"{kind}|{k}": v for k, v in feats.items()})
    return out


def country_candidates(actor: ActorView, ctx: ArticleContext, memory: NameMemory,
                       setting_kinds: frozenset[str] = frozenset(), person_reach: str = SENTENCE
                       ) -> dict[str, dict[str, float]]:
    """Candidate country (or NULL) → its evidence features. For the kinds in
    `setting_kinds` the article's setting (the country it names most) is a candidate too."""
    feats: dict[str, dict[str, float]] = defaultdict(dict)
    cand = actor.candidate
    if cand.country:
        feats[cand.country]["rule"] = 1.0
        if cand.known:
            feats[cand.country]["rule_known"] = 1.0
    own = Counter(c.country for c in actor.mention_candidates if c.country)
    for country, n in own.items():
        feats[country]["mention_share"] = n / len(actor.mention_candidates)
    # An institution's name (وزارة الخارجية, الشرطة) is a common noun: what the training
    # articles coded it as is which country their stories were about, no evidence here.
    remembered = memory.lookup(actor.keys, "country") if actor.kind != "institution" else Counter()
    total = sum(remembered.values())
    if total:
        top = remembered.most_common(1)[0][0]
        # A name seen with one country only (ترامب) is specific; الشرطة is seen with many.
        unique = float(len(remembered) == 1)
        for country, n in remembered.items():
            f = feats[country]
            f["mem_share"] = n / total
            f["mem_log"] = math.log1p(n) / 3
            f["mem_top"] = float(country == top)
            f["mem_unique"] = unique
    registered = _registry(actor, ctx.view.kb, 0)
    if registered:
        total = sum(registered.values())
        for country, n in registered.items():
            feats[country]["registry"] = n / total
    for key in set(actor.keys):
        geo = ctx.view.kb.geo_places.get(key)
        if geo is not None:
            feats[geo[0]]["geo"] = 1.0
            feats[geo[0]]["geo_pop"] = math.log10(max(geo[1], 1)) / GEO_POP_SCALE
    _context_features(actor, ctx, feats, person_reach)
    words = _name_words(actor)
    if ctx.top and actor.kind in setting_kinds:
        f = feats[ctx.top]
        f["setting"] = 1.0
        f["setting_share"] = ctx.counts[ctx.top] / ctx.total
        f.update(dict.fromkeys((f"setting_w={w}" for w in words), 1.0))
    null = feats[NULL]
    null["null"] = 1.0
    # Words of the name say whether it has a country at all (الدولية, الأوروبي, منظمة).
    null.update(dict.fromkeys((f"null_w={w}" for w in words), 1.0))
    if cand.known and cand.country is None:
        null["null_known"] = 1.0
    if cand.sector == "IGO":
        null["null_igo"] = 1.0
    if len(feats) == 1:
        null["null_alone"] = 1.0
    kind = actor.kind
    return {c: _crossed(kind, f) for c, f in feats.items()}


def _registry(actor: ActorView, kb, column: int) -> Counter[str]:
    """What the packaged actor dictionary says of the actor's names: countries (column 0)
    or sectors (1), NULL for none."""
    out: Counter[str] = Counter()
    for key in set(actor.keys):
        entry = kb.registry.get(key)
        if entry is not None:
            out.update(entry[column])
    return out


def _name_words(actor: ActorView) -> set[str]:
    """The words of the actor's name (its longest mention's and the rules' name)."""
    return {w for key in actor.keys for w in key.split()}


_PARAGRAPHS: tuple[ArticleContext, dict[int, dict[str, list[tuple[int, int]]]]] | None = None


def _named_in_paragraph(ctx: ArticleContext, paragraph: int, own: set[int]) -> list[str]:
    """The countries named in the paragraph outside the actor's own tokens, in the order of
    their first such mention: per country, not per mention (a pass over every mention of a
    paragraph per actor was quadratic in a document on one line)."""
    global _PARAGRAPHS
    if _PARAGRAPHS is None or _PARAGRAPHS[0] is not ctx:
        _PARAGRAPHS = (ctx, {})
    index = _PARAGRAPHS[1].get(paragraph)
    if index is None:
        index = _PARAGRAPHS[1][paragraph] = {}
        for n, m in enumerate(ctx.by_paragraph.get(paragraph, [])):
            index.setdefault(m.country, []).append((n, m.token))
    firsts = []
    for country, mentions in index.items():
        found = next((n for n, token in mentions if token not in own), None)  # skips own tokens only
        if found is not None:
            firsts.append((found, country))
    return [country for _, country in sorted(firsts)]


def _context_features(actor: ActorView, ctx: ArticleContext, feats: dict[str, dict[str, float]],
                      person_reach: str) -> None:
    """Countries named in the sentences and paragraphs of the actor's mentions (not inside
    the mentions themselves), by distance."""
    view = ctx.view
    person = actor.kind.startswith("per")
    reach = person_reach if person else BODY_REACH
    if reach == NO_CONTEXT:
        return
    own = {t for toks in actor.tokens for t in toks}
    for toks in actor.tokens:
        if not toks:
            continue
        first, last = toks[0], toks[-1]
        for m in ctx.by_sentence.get(view.sentence[first], []):
            if m.token in own:
                continue
            gap = first - m.token if m.token < first else m.token - last
            if reach == CLOSE and gap > CLOSE_TOKENS:
                continue
            f = feats[m.country]
            f["sent"] = 1.0
            side = "before" if m.token < first else "after"
            if gap <= NEAR_TOKENS:
                f[f"adjacent_{side}"] = 1.0
            elif gap <= CLOSE_TOKENS:
                f[f"close_{side}"] = 1.0
        if reach == CLOSE:
            continue
        for country in _named_in_paragraph(ctx, _paragraph(view, first), own):
            feats[country]["para"] = 1.0
        # The sentence before: a paragraph of one sentence still follows the one that set it.
        if reach == PREVIOUS_SENTENCE:
            for m in ctx.by_sentence.get(view.sentence[first] - 1, []):
                feats[m.country]["prev_sent"] = 1.0
    named_near = [c for c, f in feats.items() if "sent" in f or "para" in f or "prev_sent" in f]
    for rank, country in enumerate(sorted(named_near, key=lambda c: (-ctx.counts[c], ctx.first[c]))):
        # How much the article is about this country breaks ties between countries named
        # near the actor; it never makes a candidate of a country named only elsewhere.
        f = feats[country]
        f["art_share"] = ctx.counts[country] / ctx.total
        f[f"near_rank{min(rank, MAX_RANK)}"] = 1.0
        if country == ctx.top:
            f["art_top"] = 1.0
    if named_near:
        for country in named_near:
            feats[country]["near_competitors"] = 1.0 / len(named_near)


def sector_features(actor: ActorView, view: DocView, memory: NameMemory) -> dict[str, float]:
    cand = actor.candidate
    feats: dict[str, float] = {"bias": 1.0, f"kind={actor.kind}": 1.0, f"rule={cand.sector or NULL}": 1.0,
                               f"kind_rule={actor.kind}|{cand.sector or NULL}": 1.0}
    for t in set(actor.types):
        feats[f"type={t}"] = 1.0
    remembered = memory.lookup(actor.keys, "sector")
    total = sum(remembered.values())
    for sector, n in remembered.items():
        feats[f"mem={sector}"] = n / total
    registered = _registry(actor, view.kb, 1)
    total = sum(registered.values())
    for sector, n in registered.items():
        feats[f"reg={sector}"] = n / total
    for toks in actor.tokens:
        words = [view.keys[t] for t in toks if view.keys[t]]
        for w in words:
            feats[f"w={w}"] = 1.0
        if words:
            feats[f"first={words[0]}"] = 1.0
            feats[f"last={words[-1]}"] = 1.0
        if toks:
            for name, i in (("prev", _word_before(view, toks[0])), ("next", _word_after(view, toks[-1]))):
                if i is not None:
                    feats[f"{name}={view.keys[i]}"] = 1.0
    for w in name_key(cand.role or "").split():
        feats[f"role={w}"] = 1.0
    return feats


def _word_before(view: DocView, first: int) -> int | None:
    i = first - 1
    while i >= 0 and view.is_wrapper(i):
        i -= 1
    return i if i >= 0 and view.same_sentence(i, first) and view.keys[i] else None


def _word_after(view: DocView, last: int) -> int | None:
    i = last + 1
    while i < len(view.tokens) and view.is_wrapper(i):
        i += 1
    return i if view.same_sentence(i, last) and view.keys[i] else None


# --- the model ---------------------------------------------------------------------------


@dataclass(slots=True)
class AssignModel:
    """Weights of the two logistic models, and the name memory."""

    country_weights: dict[str, float]
    country_bias: float
    sector_labels: list[str]
    sector_weights: dict[str, list[float]]  # feature → one weight per label
    sector_bias: list[float]
    memory: NameMemory
    meta: dict = field(default_factory=dict)

    @property
    def setting_kinds(self) -> frozenset[str]:
        return frozenset(self.meta.get("setting_kinds", ()))

    @property
    def person_reach(self) -> str:
        return self.meta.get("person_reach", SENTENCE)

    def country_scores(self, candidates: dict[str, dict[str, float]]) -> dict[str, float]:
        w = self.country_weights
        return {c: self.country_bias + sum(w.get(k, 0.0) * v for k, v in f.items()) for c, f in candidates.items()}

    def choose_country(self, candidates: dict[str, dict[str, float]]) -> str | None:
        scores = self.country_scores(candidates)
        best = max(scores, key=lambda c: (scores[c], c == NULL))
        return None if best == NULL else best

    def choose_sector(self, feats: dict[str, float]) -> str | None:
        scores = list(self.sector_bias)
        for k, v in feats.items():
            row = self.sector_weights.get(k)
            if row is not None:
                for j, wj in enumerate(row):
                    scores[j] += wj * v
        best = self.sector_labels[max(range(len(scores)), key=scores.__getitem__)]
        return None if best == NULL else best

    def to_json(self) -> dict:
        return {"version": MODEL_VERSION, "meta": self.meta,
                "country": {"bias": self.country_bias, "weights": self.country_weights},
                "sector": {"labels": self.sector_labels, "bias": self.sector_bias, "weights": self.sector_weights},
                "memory": {"countries": self.memory.countries, "sectors": self.memory.sectors}}

    @classmethod
    def from_json(cls, data: dict) -> AssignModel:
        if data.get("version") != MODEL_VERSION:
            raise RasdError(Code.E015_BAD_DATA_FILE, f"actor assignment model version {data.get('version')}")
        c, s, m = data["country"], data["sector"], data["memory"]
        return cls(c["weights"], c["bias"], s["labels"], s["weights"], s["bias"],
                   NameMemory(m["countries"], m["sectors"]), data.get("meta", {}))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # mtime=0: the same model gives the same bytes
        path.write_bytes(gzip.compress(raw.encode("utf-8"), mtime=0))


@cache
def shipped_model() -> AssignModel | None:
    """The model shipped in the package, or None when it is absent (the rules alone)."""
    path = data_path(*MODEL_FILE)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return AssignModel.from_json(json.loads(gzip.decompress(raw)))


def load_model(path: str | Path) -> AssignModel:
    p = Path(path)
    if not p.exists():
        raise RasdError(Code.E008_NOT_FOUND, str(p))
    return AssignModel.from_json(json.loads(gzip.decompress(p.read_bytes())))


def assign(groups: list[Group], cands: list[Candidate], view: DocView, model: AssignModel) -> None:
    """Final country and sector of each actor, chosen by the model from the evidence."""
    ctx = article_context(view, cands)
    for group in groups:
        actor = actor_view(view, group, cands)
        # The corpus registry's role (what earlier articles stated) is kept as it is.
        if not group.registry_country:
            group.actor.country = model.choose_country(
                country_candidates(actor, ctx, model.memory, model.setting_kinds, model.person_reach))
        if group.registry_sector:
            continue
        if actor.kind not in PLACE_KINDS and not all(t == LOC for t in actor.types):
            group.actor.sector = model.choose_sector(sector_features(actor, view, model.memory))
