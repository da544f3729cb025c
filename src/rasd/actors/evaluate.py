"""Country and sector accuracy of the actor step against gold entities.

Matching rule: a gold entity is matched by the predicted entity with exactly the same span
(each predicted entity matches one gold entity at most). Two modes: `gold` feeds the gold
spans to the actor stage as its entities (the actor step alone, every gold entity matched);
`pipeline` runs the NER stage first (the whole chain, only exact spans count).

Country: accuracy over all matched entities, a null being a value like any other (an entity
of no country, the UN, is right only when left null), and the same over the matched
entities whose gold has a country. Each error is either a wrong country (both named,
different), a missed one (rasd null, gold named) or an invented one (rasd named, gold null).
Sector: the same tallies; gold gives places no sector, so the figure of record is the
accuracy over matched entities whose gold has a sector.
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
    canonical: str | None = None


@dataclass(slots=True)
class Tally:
    """One attribute (country or sector) over the matched entities."""

    right: int = 0  # the same value, null included
    wrong: int = 0  # both named, different
    missed: int = 0  # rasd null, gold named
    invented: int = 0  # rasd named, gold null
    null_both: int = 0  # both null (counted in right too)

    def add(self, gold: str | None, got: str | None) -> bool:
        if gold == got:
            self.right += 1
            self.null_both += gold is None
        elif gold is None:
            self.invented += 1
        elif got is None:
            self.missed += 1
        else:
            self.wrong += 1
        return gold == got

    def merge(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missed + self.invented

    @property
    def gold_named(self) -> int:
        return self.total - self.invented - self.null_both

    @property
    def gold_named_right(self) -> int:
        return self.right - self.null_both

    def accuracy(self) -> float:
        return ratio(self.right, self.total)

    def named_accuracy(self) -> float:
        return ratio(self.gold_named_right, self.gold_named)


def ratio(right: int, total: int) -> float:
    return right / total if total else 0.0


@dataclass(slots=True)
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    country: Tally = field(default_factory=Tally)
    sector: Tally = field(default_factory=Tally)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.country.merge(other.country)
        self.sector.merge(other.sector)
        self.errors.extend(other.errors)

    def format(self, label: str) -> str:
        c, s = self.country, self.sector
        return "\n".join([
            f"{label}: gold entities {self.gold}, predicted {self.predicted}, matched {self.matched} (exact span)",
            f"  country accuracy {c.accuracy():.3f} ({c.right}/{c.total}; null = null counts); "
            f"where gold has a country {c.named_accuracy():.3f} ({c.gold_named_right}/{c.gold_named})",
            f"  country errors: wrong country {c.wrong}, no country (rasd null, gold named) {c.missed}, "
            f"country where gold has none {c.invented}; both null {c.null_both}",
            f"  sector accuracy {s.named_accuracy():.3f} ({s.gold_named_right}/{s.gold_named} where gold has a sector); "
            f"all matched {s.accuracy():.3f} ({s.right}/{s.total})",
            f"  sector errors: wrong sector {s.wrong}, no sector {s.missed}, sector where gold has none {s.invented}",
        ])


def prepare(text: str, article_id: str = "", published: str | None = None) -> Article:
    article = Article(text=text, meta=Metadata(id=article_id, published=published))
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    return article


def gold_as_entities(article: Article, gold: list[GoldEntity]) -> Article:
    """The gold spans as the article's entities (no actors yet)."""
    article.entities = [Entity(g.start, g.end, g.type if g.type in ENTITY_TYPES else "MISC", id=f"e{i}")  # type: ignore[arg-type]
                        for i, g in enumerate(sorted(gold, key=lambda g: g.start))]
    return article


def with_gold_entities(article: Article, gold: list[GoldEntity], kb: Knowledge | None = None) -> Article:
    gold_as_entities(article, gold)
    resolve_actors(article, kb or knowledge())
    return article


def match(article: Article, gold: list[GoldEntity]) -> list[tuple[GoldEntity, Entity | None]]:
    """Each gold entity with the predicted entity of exactly its span, or None."""
    by_span: dict[tuple[int, int], Entity] = {}
    for ent in article.entities:
        by_span.setdefault((ent.start, ent.end), ent)
    return [(g, by_span.get((g.start, g.end))) for g in gold]


def score(article: Article, gold: list[GoldEntity]) -> Scores:
    actors = {a.id: a for a in article.actors}
    scores = Scores(gold=len(gold), predicted=len(article.entities))
    for g, ent in match(article, gold):
        if ent is None:
            continue
        scores.matched += 1
        actor = actors.get(ent.actor or "")
        country, sector = (actor.country, actor.sector) if actor else (None, None)
        ok = scores.country.add(g.country, country)
        if g.sector is not None or g.type != "LOC":
            ok = scores.sector.add(g.sector, sector) and ok
        if not ok:
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


# --- the annotated news articles: offsets into each article's `text` -------------------


def record_gold_entities(record: dict) -> list[GoldEntity]:
    return [GoldEntity(e["start"], e["end"], e["text"], e["type"], e.get("country"), e.get("sector"),
                       e.get("canonical"))
            for e in record["entities"]]
