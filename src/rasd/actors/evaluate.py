"""Country and sector accuracy of the actor step against gold entities.

Matching rule: a gold entity is matched by the predicted entity with the same span, else
by the predicted entity that overlaps it most (each predicted entity matches one gold
entity at most). Country accuracy counts the matched gold entities that have a country
(a place's country included); sector accuracy those that have a sector.

Two modes: `gold` feeds the gold spans to the actor stage as its entities (the actor step
alone); `pipeline` runs the NER stage first (the whole chain).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rasd.actors.knowledge import Knowledge, knowledge
from rasd.actors.stage import resolve_actors
from rasd.model import Article, Entity, Metadata
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize

PROCLITIC_LETTERS = "وفبلك"
ISO3 = re.compile(r"\b([A-Z]{3})\b")
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True, slots=True)
class GoldEntity:
    start: int
    end: int
    text: str
    type: str
    country: str | None
    sector: str | None


@dataclass(slots=True)
class Scores:
    gold: int = 0
    matched: int = 0
    country_total: int = 0
    country_right: int = 0
    sector_total: int = 0
    sector_right: int = 0
    country_guessed: int = 0  # gold says no country, the step gave one
    errors: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for name in ("gold", "matched", "country_total", "country_right", "sector_total", "sector_right",
                     "country_guessed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    @staticmethod
    def ratio(right: int, total: int) -> float:
        return right / total if total else 0.0

    def format(self, label: str) -> str:
        return (f"{label}: gold entities {self.gold}, matched {self.matched}; "
                f"country accuracy {self.ratio(self.country_right, self.country_total):.3f} "
                f"({self.country_right}/{self.country_total}); "
                f"sector accuracy {self.ratio(self.sector_right, self.sector_total):.3f} "
                f"({self.sector_right}/{self.sector_total}); "
                f"country given where gold has none: {self.country_guessed}")


def prepare(text: str, article_id: str = "", published: str | None = None) -> Article:
    article = Article(text=text, meta=Metadata(id=article_id, published=published))
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    return article


def with_gold_entities(article: Article, gold: list[GoldEntity], kb: Knowledge | None = None) -> Article:
    article.entities = [Entity(g.start, g.end, g.type if g.type in ENTITY_TYPES else "MISC", id=f"e{i}")  # type: ignore[arg-type]
                        for i, g in enumerate(sorted(gold, key=lambda g: g.start))]
    resolve_actors(article, kb or knowledge())
    return article


def _overlap(a: Entity, g: GoldEntity) -> int:
    return min(a.end, g.end) - max(a.start, g.start)


def match(article: Article, gold: list[GoldEntity]) -> list[tuple[GoldEntity, Entity | None]]:
    used: set[int] = set()
    out = []
    for g in gold:
        same = [i for i, e in enumerate(article.entities) if (e.start, e.end) == (g.start, g.end) and i not in used]
        near = sorted((i for i, e in enumerate(article.entities) if _overlap(e, g) > 0 and i not in used),
                      key=lambda i: -_overlap(article.entities[i], g))
        pick = (same or near or [None])[0]
        if pick is not None:
            used.add(pick)
        out.append((g, article.entities[pick] if pick is not None else None))
    return out


def score(article: Article, gold: list[GoldEntity]) -> Scores:
    actors = {a.id: a for a in article.actors}
    scores = Scores(gold=len(gold))
    for g, ent in match(article, gold):
        if ent is None:
            continue
        scores.matched += 1
        actor = actors.get(ent.actor or "")
        country, sector = (actor.country, actor.sector) if actor else (None, None)
        if g.country:
            scores.country_total += 1
            scores.country_right += country == g.country
        elif country:
            scores.country_guessed += 1
        if g.sector:
            scores.sector_total += 1
            scores.sector_right += sector == g.sector
        if (g.country and country != g.country) or (g.sector and sector != g.sector):
            scores.errors.append(f"{article.id}\t{g.text}\tgold {g.country}/{g.sector}\tgot {country}/{sector}")
    return scores


# --- the seed gold: entities listed by text, no offsets -------------------------------


def _place_country(place: str | None) -> str | None:
    found = ISO3.findall(place or "")
    return found[-1] if found else None


def seed_gold_values(entries: list[dict]) -> list[tuple[str, str, str | None, str | None]]:
    """(text, type, country, sector) per seed gold entity; a coreferent short name takes the
    values of the entity it refers to, a place its `place` country."""
    by_text = {e["text"]: e for e in entries}
    out = []
    for e in entries:
        source = by_text.get(e.get("coref", ""), e)
        actor = source.get("actor") or {}
        country = actor.get("country") or _place_country(source.get("place"))
        out.append((e["text"], e["type"], country, actor.get("sector")))
    return out


def _boundary_ok(text: str, start: int, end: int) -> bool:
    before = start
    while before > 0 and text[before - 1] in PROCLITIC_LETTERS:
        before -= 1
    head_ok = before == 0 or not text[before - 1].isalnum()
    return head_ok and (end == len(text) or not text[end].isalnum())


def find_mentions(text: str, values: Iterable[tuple[str, str, str | None, str | None]]) -> list[GoldEntity]:
    """Every occurrence of each gold text (longest first, no overlaps)."""
    taken: list[tuple[int, int]] = []
    out = []
    for surface, typ, country, sector in sorted(values, key=lambda v: -len(v[0])):
        for m in re.finditer(re.escape(surface), text):
            s, e = m.span()
            if _boundary_ok(text, s, e) and not any(a < e and s < b for a, b in taken):
                taken.append((s, e))
                out.append(GoldEntity(s, e, surface, typ, country, sector))
    return sorted(out, key=lambda g: g.start)


# --- the dev gold: offsets into each article's `text` ---------------------------------


def dev_gold_entities(record: dict) -> list[GoldEntity]:
    return [GoldEntity(e["start"], e["end"], e["text"], e["type"], e.get("country"), e.get("sector"))
            for e in record["entities"]]
