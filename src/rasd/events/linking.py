"""Link event arguments to `article.actors`.

An argument that is an entity keeps the actor the actor stage gave it. One that is not (a
nisba: مشاورات روسية; an institution or actor noun: الشرطة, مسلحون, الغرب) gets an actor of
its own, added to `article.actors` unless an equal one is there, so every reference still
names an entry of `actors`. A body with no country of its own (الشرطة, الجيش) takes the
country of the nearest mention in its sentence that has one. With none there, whether it
belongs to the article's main country is a learned decision (`HomeCountry`, a logistic
regression over how dominant that country is in the article and what kind of body it is,
trained on the annotated news): the country is given only where the evidence makes it more
likely than not, never by default.
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


HOME_PROBABILITY = 0.5  # a countryless body takes the article's country when more likely than not
SHARE_BUCKETS = (0.3, 0.5, 0.7, 0.9)


def country_counts(article: Article) -> Counter:
    """Countries of the article's actors, counted per entity mention."""
    actors = {a.id: a for a in article.actors}
    return Counter(actors[e.actor].country for e in article.entities if e.actor in actors and actors[e.actor].country)


def article_country(article: Article) -> str | None:
    """The country the article's actors (counted per entity mention) name most."""
    counts = country_counts(article)
    return counts.most_common(1)[0][0] if counts else None


def home_features(counts: Counter, m: Mention, definite: bool) -> Features:
    """Evidence that a body with no country near it is of the article's main country."""
    total = sum(counts.values())
    top = counts.most_common(2)
    share = top[0][1] / total if total else 0.0
    margin = (top[0][1] - (top[1][1] if len(top) > 1 else 0)) / total if total else 0.0
    bucket = next((b for b in SHARE_BUCKETS if share <= b), 1.0)
    return {"bias": 1.0, f"share<={bucket}": 1.0, "share": share, "margin": margin,
            f"countries={min(len(counts), 4)}": 1.0, f"sector={m.sector}": 1.0, f"definite={definite}": 1.0,
            f"noun={not m.from_entity}": 1.0}


class HomeCountry:
    """Whether a countryless body belongs to the article's main country (a binary logistic regression)."""

    def __init__(self, model: LinearModel):
        self.model = model

    def __call__(self, counts: Counter, m: Mention, definite: bool) -> bool:
        return self.model.probability(home_features(counts, m, definite)) >= HOME_PROBABILITY


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

    def __init__(self, article: Article, home: HomeCountry | None = None):
        self.article = article
        self.counts = country_counts(article)
        self.home = self.counts.most_common(1)[0][0] if self.counts else None
        self.home_model = home  # None: no body is given the article's country
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
        """The country of the nearest mention that has one (في سيناء → EGY for قوات الأمن), else
        the article's main country where the home-country model finds the evidence for it."""
        near = [(abs(c.first - m.first), c.country) for c in context if c.country and c.sector not in NO_COUNTRY_EVIDENCE]
        if near:
            return min(near)[1]
        if self.home is None or self.home_model is None:
            return None
        return self.home if self.home_model(self.counts, m, self.is_definite(m)) else None

    def is_definite(self, m: Mention) -> bool:
        return self.article.text.startswith("ال", m.start)

    def needs_home(self, m: Mention, context: list[Mention]) -> bool:
        """The body would ask the home-country model: no country of its own, none near it."""
        return not m.actor and not m.country and not m.group and m.sector is not None and self.home is not None \
            and not any(c.country and c.sector not in NO_COUNTRY_EVIDENCE for c in context if c is not m)

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
