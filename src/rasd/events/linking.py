"""Link event arguments to `article.actors`.

An argument that is an entity keeps the actor the actor stage gave it. One that is not (a
nisba: مشاورات روسية; an institution or actor noun: الشرطة, مسلحون, الغرب) gets an actor of
its own, added to `article.actors` unless an equal one is there, so every reference still
names an entry of `actors`. A body with no country of its own (الشرطة, الجيش) takes the
country the evidence points to: a learned choice (`BodyCountry`, a logistic regression
trained on the annotated news) among the countries its sentence names and the article's main
country, by how near each stands and how dominant it is in the article. With no candidate,
or none likely enough, it keeps no country: no actor gets a country without evidence.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from rasd.events.linear import Features, LinearModel
from rasd.events.mentions import Mention
from rasd.model import Actor, ActorKind, ActorSpan, Article

ID_PREFIX = "a"  # the actor stage's id scheme, so the same actor gets the same id
ID_HEX_CHARS = 12
ARMED_SECTORS = frozenset({"REB"})
PLOVER_CODE = "plover"
# Media lend no country to their neighbours: "حسب وكالة أ.ف.ب" says nothing of who acted.
NO_COUNTRY_EVIDENCE = frozenset({"MED"})


MIN_BODY_COUNTRY = 0.3  # below this the best candidate is no evidence: the body keeps no country (dev: 0.0, 0.3, 0.5 alike)
SHARE_BUCKETS = (0.1, 0.3, 0.5, 0.7, 0.9)
DISTANCE_BUCKETS = (1, 2, 4, 8, 16)


def country_counts(article: Article) -> Counter:
    """Countries of the article's actors, counted per entity mention."""
    actors = {a.id: a for a in article.actors}
    return Counter(actors[e.actor].country for e in article.entities if e.actor in actors and actors[e.actor].country)


def article_country(article: Article) -> str | None:
    """The country the article's actors (counted per entity mention) name most."""
    counts = country_counts(article)
    return counts.most_common(1)[0][0] if counts else None


def _bucket(value: float, buckets: tuple) -> float:
    return next((b for b in buckets if value <= b), buckets[-1] * 2)


def country_features(counts: Counter, m: Mention, definite: bool, country: str, distance: int | None,
                     before: bool, in_sentence: int, nearest: bool, home: str | None, candidates: int) -> Features:
    """Evidence that a body with no country of its own (الوزارة, الشرطة) is of `country`: how
    near a mention of it stands in the sentence, whether it is the article's main country and
    how dominant that is, the kind of body."""
    total = sum(counts.values()) or 1
    rank = next((n for n, (c, _) in enumerate(counts.most_common()) if c == country), None)
    where = "absent" if distance is None else f"d<={_bucket(distance, DISTANCE_BUCKETS)}"
    out: Features = {"bias": 1.0, where: 1.0, f"share<={_bucket(counts[country] / total, SHARE_BUCKETS)}": 1.0,
                     "share": counts[country] / total, f"rank={min(rank, 3) if rank is not None else 'none'}": 1.0,
                     f"sector={m.sector}": 1.0, f"candidates={min(candidates, 3)}": 1.0}
    if distance is not None:
        out[f"before={before}"] = 1.0
        out[f"in_sentence={min(in_sentence, 2)}"] = 1.0
    if nearest:
        out["nearest"] = 1.0
        out[f"nearest|sector={m.sector}"] = 1.0
    if country == home:
        out["home"] = 1.0
        out[f"home|{where}"] = 1.0
        out[f"home|definite={definite}"] = 1.0
    return out


class BodyCountry:
    """The country of a body with none of its own, among the countries its sentence names and
    the article's main one: a binary logistic regression scoring each, the best kept when its
    probability reaches MIN_BODY_COUNTRY."""

    def __init__(self, model: LinearModel):
        self.model = model

    def __call__(self, candidates: list[tuple[str, Features]]) -> str | None:
        scored = [(self.model.probability(f), c) for c, f in candidates]
        best = max(scored, default=None)
        return best[1] if best is not None and best[0] >= MIN_BODY_COUNTRY else None


def _name_key(name: str) -> str:
    try:
        from rasd.actors.knowledge import name_key
    except ImportError:
        return name
    return name_key(name)


def _country_name(iso3: str) -> str:
    try:
        from rasd.actors.knowledge import knowledge
    except ImportError:
        return iso3
    return knowledge().country_name(iso3)


def actor_id(kind: str, name: str, country: str | None, sector: str | None) -> str:
    parts = [kind, _name_key(name), country or "", sector or ""]
    return ID_PREFIX + hashlib.sha1("|".join(parts).encode()).hexdigest()[:ID_HEX_CHARS]


class ActorLinker:
    """Finds or adds the actor of each argument mention of one article."""

    def __init__(self, article: Article, body_country: BodyCountry | None = None):
        self.article = article
        self.counts = country_counts(article)
        self.home = self.counts.most_common(1)[0][0] if self.counts else None
        self.body_country = body_country  # None: the nearest country of the sentence, else none
        self.by_id = {a.id: a for a in article.actors}
        self.countries = {a.country: a.id for a in article.actors if a.kind == "country" and a.country}

    def span(self, m: Mention | None, context: list[Mention] = (), other: Mention | None = None,
             where: str | None = None) -> ActorSpan | None:
        """The argument as an ActorSpan. A body that names no country takes the country of
        the event's place (`where`), else of the nearest mention of `context` (the sentence's
        mentions, less `other`, the event's other argument)."""
        if m is None:
            return None
        if m.actor:
            return ActorSpan(m.start, m.end, m.actor)
        context = [c for c in context if c is not other and c is not m]
        return ActorSpan(m.start, m.end, self._actor_of(m, context, where))

    def _actor_of(self, m: Mention, context: list[Mention], where: str | None) -> str | None:
        if m.country and not m.sector and not m.group:
            return self.countries.get(m.country) or self._add("country", _country_name(m.country), m.country, None)
        if m.sector or m.group:
            kind: ActorKind = "group" if m.group or m.sector in ARMED_SECTORS else "organization"
            country = m.country or (None if m.group else where or self._nearest_country(m, context))
            name = self.article.text[m.start: m.end]
            return self._add(kind, name, country, m.sector, m.group)
        return None

    def _nearest_country(self, m: Mention, context: list[Mention]) -> str | None:
        """The country a body with none of its own belongs to: the learned choice among the
        sentence's countries and the article's main one; without the model, the nearest
        country of the sentence (في سيناء → EGY for قوات الأمن)."""
        if self.body_country is not None:
            return self.body_country(self.country_candidates(m, context))
        near = [(abs(c.first - m.first), c.country) for c in context if c.country and c.sector not in NO_COUNTRY_EVIDENCE]
        return min(near)[1] if near else None

    def is_definite(self, m: Mention) -> bool:
        return self.article.text.startswith("ال", m.start)

    def country_candidates(self, m: Mention, context: list[Mention]) -> list[tuple[str, Features]]:
        """Each country the body may belong to, with its features (country_features)."""
        near: dict[str, list[tuple[int, bool]]] = {}
        for c in context:
            if c is not m and c.country and c.sector not in NO_COUNTRY_EVIDENCE:
                distance = c.first - m.last if c.first > m.last else m.first - c.last
                near.setdefault(c.country, []).append((abs(distance), c.first < m.first))
        countries = list(near) + ([self.home] if self.home is not None and self.home not in near else [])
        nearest = min(near, key=lambda k: min(near[k])) if near else None
        definite = self.is_definite(m)
        out = []
        for country in countries:
            hits = sorted(near.get(country, []))
            out.append((country, country_features(self.counts, m, definite, country, hits[0][0] if hits else None,
                                                  hits[0][1] if hits else False, len(hits), country == nearest,
                                                  self.home, len(countries))))
        return out

    @staticmethod
    def is_body(m: Mention) -> bool:
        """A body with no country of its own: the country model decides its country."""
        return not m.actor and not m.country and not m.group and m.sector is not None
    def _add(self, kind: ActorKind, name: str, country: str | None, sector: str | None,
             group: str | None = None) -> str:
        ident = actor_id(kind, name, country, sector)
        if ident not in self.by_id:
            actor = Actor(ident, name, kind, country, sector, ids={PLOVER_CODE: group} if group else {})
            self.article.actors.append(actor)
            self.by_id[ident] = actor
            if kind == "country" and country:
                self.countries[country] = ident
        return ident
