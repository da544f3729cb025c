"""Link event arguments to `article.actors`.

An argument that is an entity keeps the actor the actor stage gave it. One that is not (a
nisba: مشاورات روسية; an institution or actor noun: الشرطة, مسلحون, الغرب) gets an actor of
its own, added to `article.actors` unless an equal one is there, so every reference still
names an entry of `actors`. A body with no country of its own (الشرطة, الجيش) belongs to the
article's main country, the one its actors name most.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from rasd.events.mentions import Mention
from rasd.model import Actor, ActorKind, ActorSpan, Article

ID_PREFIX = "a"  # the actor stage's id scheme, so the same actor gets the same id
ID_HEX_CHARS = 12
ARMED_SECTORS = frozenset({"REB"})
PLOVER_CODE = "plover"
# Media lend no country to their neighbours: "حسب وكالة أ.ف.ب" says nothing of who acted.
NO_COUNTRY_EVIDENCE = frozenset({"MED"})


def article_country(article: Article) -> str | None:
    """The country the article's actors (counted per entity mention) name most."""
    actors = {a.id: a for a in article.actors}
    counts = Counter(actors[e.actor].country for e in article.entities
                     if e.actor in actors and actors[e.actor].country)
    return counts.most_common(1)[0][0] if counts else None


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

    def __init__(self, article: Article):
        self.article = article
        self.home = article_country(article)
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
        """The country of the nearest mention that has one (في سيناء → EGY for قوات الأمن),
        else the article's main country."""
        near = [(abs(c.first - m.first), c.country) for c in context if c.country and c.sector not in NO_COUNTRY_EVIDENCE]
        return min(near)[1] if near else self.home

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
