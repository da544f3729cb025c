"""Per-article lookup tables that keep the later stages linear in the document.

Quotes and events ask, for each speaker phrase, mention or pronoun, which entity lies under a
span, which actor has an id, or which entity of some kind came last before a position. Each
of those was a pass over all the article's entities or actors, so a long document cost the
square of its length. The tables here answer by hashing or bisection, give the same answer
in the same order as the pass did, and are rebuilt when the list they index changes length
(the pattern of rasd.actors.roles.doc_view: the last article's table is kept, no other).
Entity offsets are final once the entities stage has run; actors are only ever appended.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from rasd.model import Actor, Article, Entity

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with `start`/`end` (sorted or not), asked which overlap a span: the items whose
    start lies within the longest item's length before the span are the only candidates."""

    def __init__(self, items: Sequence[T]):
        self.items = items
        self.order = sorted(range(len(items)), key=lambda i: items[i].start)  # type: ignore[attr-defined]
        self.starts = [items[i].start for i in self.order]  # type: ignore[attr-defined]
        self.longest = max((it.end - it.start for it in items), default=0)  # type: ignore[attr-defined]

    def starting_in(self, start: int, end: int) -> list[int]:
        """List indices of the items with start <= item.start < end, in list order."""
        return sorted(self.order[bisect_left(self.starts, start):bisect_left(self.starts, end)])

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items with item.end > start and item.start < end, in list order."""
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end, lo=lo)
        hits = sorted(i for i in self.order[lo:hi] if self.items[i].end > start)  # type: ignore[attr-defined]
        return [self.items[i] for i in hits]


class LastBefore:
    """For items in list order, each with a key and an end offset: the last item (in list
    order) of a key whose end is at or before a position."""

    def __init__(self, items: Sequence[Any], key: Callable[[Any], Hashable | None]):
        by_key: dict[Hashable, list[tuple[int, int]]] = {}
        for i, item in enumerate(items):
            k = key(item)
            if k is not None:
                by_key.setdefault(k, []).append((item.end, i))
        self.items = items
        self.ends: dict[Hashable, list[int]] = {}
        self.index: dict[Hashable, list[int]] = {}  # list index of each, in the order of the ends
        self.best: dict[Hashable, list[int]] = {}  # running maximum of the list index, by end
        self.monotonic: dict[Hashable, bool] = {}  # list order is end order (sorted entities)
        for k, pairs in by_key.items():
            pairs.sort()
            self.ends[k] = [end for end, _ in pairs]
            self.index[k] = [i for _, i in pairs]
            running, best = -1, []
            for _, i in pairs:
                running = max(running, i)
                best.append(running)
            self.best[k] = best
            self.monotonic[k] = best == self.index[k]

    def get(self, k: Hashable, position: int) -> Any | None:
        ends = self.ends.get(k)
        if ends is None:
            return None
        n = bisect_right(ends, position)
        return self.items[self.best[k][n - 1]] if n else None

    def walk(self, k: Hashable, position: int) -> Iterator[Any]:
        """The items of a key ending at or before `position`, last in list order first."""
        ends = self.ends.get(k)
        if ends is None:
            return
        n, index = bisect_right(ends, position), self.index[k]
        if not self.monotonic[k]:
            index, n = sorted(index[:n]), n  # a cost paid only by lists out of text order
        for m in range(n - 1, -1, -1):  # no copy: the walk usually stops at the first
            yield self.items[index[m]]


class ActorIndex:
    """`{a.id: a for a in actors}`, kept up to date as actors are appended (the last of an id
    wins, as in the dict comprehension)."""

    def __init__(self, actors: list[Actor]):
        self.actors = actors
        self.by_id: dict[str, Actor] = {}
        self.seen = 0
        self.update()

    def update(self) -> dict[str, Actor]:
        for actor in self.actors[self.seen:]:
            self.by_id[actor.id] = actor
        self.seen = len(self.actors)
        return self.by_id


_ACTORS: ActorIndex | None = None
_ENTITIES: tuple[list[Entity], int, SpanIndex[Entity]] | None = None


def actors_by_id(article: Article) -> dict[str, Actor]:
    """The article's actors by id. Read-only for callers: the dict is shared."""
    global _ACTORS
    if _ACTORS is None or _ACTORS.actors is not article.actors or _ACTORS.seen > len(article.actors):
        _ACTORS = ActorIndex(article.actors)
    return _ACTORS.update()


_LISTS: tuple[list, int, SpanIndex] | None = None


def span_index(items: list) -> SpanIndex:
    """A SpanIndex of any list of spans, kept while the list stands (the last list's only)."""
    global _LISTS
    cached = _LISTS
    if cached is None or cached[0] is not items or cached[1] != len(items):
        cached = _LISTS = (items, len(items), SpanIndex(items))
    return cached[2]


def entity_index(article: Article) -> SpanIndex[Entity]:
    """The article's entities as a SpanIndex."""
    global _ENTITIES
    cached = _ENTITIES
    if cached is None or cached[0] is not article.entities or cached[1] != len(article.entities):
        cached = _ENTITIES = (article.entities, len(article.entities), SpanIndex(article.entities))
    return cached[2]


def entities_overlapping(article: Article, start: int, end: int) -> list[Entity]:
    """The entities that overlap [start, end), in the article's order."""
    return entity_index(article).overlapping(start, end)


_COUNTS: tuple[list[Entity], int, list[Actor], dict[str, int]] | None = None


def entity_actor_counts(article: Article) -> dict[str, int]:
    """How many entities each actor id has, in the order of its first entity (the actors
    stage has linked them; the count is kept while the entities and the actor list stand)."""
    global _COUNTS
    cached = _COUNTS
    if cached is None or cached[0] is not article.entities or cached[1] != len(article.entities) \
            or cached[2] is not article.actors:
        counts: dict[str, int] = {}
        for entity in article.entities:
            if entity.actor:
                counts[entity.actor] = counts.get(entity.actor, 0) + 1
        cached = _COUNTS = (article.entities, len(article.entities), article.actors, counts)
    return cached[3]


class _Before:
    """A LastBefore and what it was built from: the entities, the actor list and how many
    actors it had, and the actor ids the entities name."""

    def __init__(self, article: Article, key: Callable[[Entity], Hashable | None]):
        self.article, self.entities, self.actors = article, article.entities, article.actors
        self.count, self.seen = len(article.entities), len(article.actors)
        self.named = {e.actor for e in article.entities if e.actor}
        self.table = LastBefore(article.entities, key)

    def current(self, article: Article) -> bool:
        """Still right for the article: the same lists, and any actor appended since (a phrase
        resolved by quotes or events) is one no entity names, so no key can have changed."""
        if article is not self.article or article.entities is not self.entities or article.actors is not self.actors \
                or len(article.entities) != self.count or len(article.actors) < self.seen:
            return False
        if any(a.id in self.named for a in article.actors[self.seen:]):
            return False
        self.seen = len(article.actors)
        return True


_BEFORE: dict[str, _Before] = {}


def last_before(article: Article, name: str, key: Callable[[Entity], Hashable | None]) -> LastBefore:
    """A LastBefore over the article's entities under `key` (named, so that each caller keeps
    its own; the key may read the actors the entities name), rebuilt when those change."""
    cached = _BEFORE.get(name)
    if cached is None or not cached.current(article):
        cached = _BEFORE[name] = _Before(article, key)
    return cached.table


_VIAS: tuple[list, int, SpanIndex] | None = None


def via_overlapping(article: Article, start: int, end: int) -> bool:
    """Whether a medium some quotation is credited through (a `via` span) overlaps [start, end)."""
    global _VIAS
    cached = _VIAS
    if cached is None or cached[0] is not article.quotes or cached[1] != len(article.quotes):
        vias = [v for q in article.quotes for v in q.via]
        cached = _VIAS = (article.quotes, len(article.quotes), SpanIndex(vias))
    return bool(cached[2].overlapping(start, end))
