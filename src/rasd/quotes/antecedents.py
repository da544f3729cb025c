"""Who a speaker phrase names, learned: a title or a statement phrase with no name in it
(الوزير الإسرائيلي، المتحدث باسم الشرطة، البيان، الصحيفة) is linked to a named actor of the
article, or kept as it is. Candidates are the article's named actors (their nearest mention
before the phrase, else the first after it) and "keep"; a logistic regression scores each,
with the title words found around the name (الرئيس الفرنسي ⊂ الرئيس الفرنسي إيمانويل ماكرون),
the distance in sentences, the entity and sector type and whether the actor spoke before as
its features. The best one wins."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rasd.lookup import actors_by_id
from rasd.model import Article
from rasd.quotes.linear import LinearModel
from rasd.quotes.titles import bare, words_around
from rasd.quotes.view import SentenceView, Word
from rasd.text import normalize_word

KEEP = "keep"
TITLE_LIST = "title_words"
PERSON = "-PER"
LINKED_TYPES = frozenset(("PER", "ORG", "MISC"))
DISTANCE_BUCKETS = (0, 1, 2, 4, 8)
MAX_CANDIDATES = 12  # the nearest named actors that compete


@dataclass(frozen=True, slots=True)
class Mention:
    """A named actor's mention: its entity index, sentence and the title words around it."""

    entity: int
    actor: str
    type: str
    sentence: int
    start: int
    around: frozenset[str]


@dataclass(frozen=True, slots=True)
class Antecedent:
    mention: Mention | None  # None: keep the phrase as it is
    after: bool = False  # the nearest mention is after the phrase


def _bucket(distance: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if distance <= limit:
            return str(limit)
    return "far"


def mentions(views: Sequence[SentenceView], article: Article) -> list[Mention]:
    """The named actors' mentions of an article, in text order."""
    out = []
    for view in views:
        words = view.words
        i = 0
        while i < len(words):
            w = words[i]
            if w.entity.startswith("B-") and w.entity[2:] in LINKED_TYPES and w.entity_at >= 0:
                last = i
                while last + 1 < len(words) and words[last + 1].entity.startswith("I-"):
                    last += 1
                actor = article.entities[w.entity_at].actor
                if actor:
                    out.append(Mention(w.entity_at, actor, w.entity[2:], view.index, w.start,
                                       words_around(words, i, last) | _role_words(article, actor)))
                i = last + 1
            else:
                i += 1
    return out


def _role_words(article: Article, actor_id: str) -> frozenset[str]:
    """The words of the title the actors stage gave the actor (الرئيس الفرنسي), as matched."""
    actor = actors_by_id(article).get(actor_id)
    if actor is None or not actor.role:
        return frozenset()
    return frozenset(bare(normalize_word(word)) for word in actor.role.split())


def needs_link(words: Sequence[Word], first: int, last: int) -> bool:
    """A phrase with no name in it (a title, a statement or a medium noun said it), or a
    title of a body with no person named (رئيس الحكومة اليمنية، المتحدث باسم الشرطة)."""
    if first < 0:
        return False
    phrase = words[first : last + 1]
    if all(w.entity == "O" for w in phrase):
        return True
    return TITLE_LIST in phrase[0].lists and phrase[0].entity == "O" and \
        not any(w.entity.endswith(PERSON) for w in phrase)


def candidates(found: list[Mention], sentence: int, start: int) -> list[Antecedent]:
    """Keep, and each named actor once: its nearest mention before the phrase, else after."""
    before: dict[str, Mention] = {}
    after: dict[str, Mention] = {}
    starts = [m.start for m in found]
    cut = bisect_right(starts, start)
    for m in reversed(found[:cut]):
        if m.actor not in before and len(before) < MAX_CANDIDATES:
            before[m.actor] = m
    for m in found[cut:]:
        if m.actor not in before and m.actor not in after and len(after) < MAX_CANDIDATES // 2:
            after[m.actor] = m
    return ([Antecedent(None)] + [Antecedent(m) for m in before.values()]
            + [Antecedent(m, after=True) for m in after.values()])


def features(article: Article, words: Sequence[Word], first: int, last: int, sentence: int,
             c: Antecedent, spoke: frozenset[str], pool: list[Antecedent]) -> list[str]:
    head = words[first]
    phrase = [w for w in words[first : last + 1] if w.kind == "word"]
    lists = head.lists or ("-",)
    if c.mention is None:
        f = [KEEP, f"keep|h={head.stem}", f"keep|len={min(len(phrase), 4)}"]
        f.extend(f"keep|hl={name}" for name in lists)
        f.append(f"keep|n={min(len(pool) - 1, 3)}")
        return f
    m = c.mention
    wanted = {bare(w.stem) for w in phrase}
    shared = len(wanted & m.around)
    every = shared == len(wanted)
    distance = sentence - m.sentence if not c.after else m.sentence - sentence
    actor = actors_by_id(article).get(m.actor)
    sector = actor.sector if actor is not None and actor.sector else "-"
    rank = next(n for n, o in enumerate(pool) if o is c)
    f = [f"et={m.type}", f"et|h={m.type}|{head.stem}", f"ov={min(shared, 3)}", f"all={every:d}",
         f"all|et={every:d}|{m.type}", f"ov|h={min(shared, 3)}|{head.stem}", f"d={_bucket(distance)}|{c.after:d}",
         f"sec={sector}", f"sec|h={sector}|{head.stem}", f"spoke={m.actor in spoke:d}",
         f"spoke|et={m.actor in spoke:d}|{m.type}", f"rank={min(rank, 4)}|{c.after:d}"]
    f.extend(f"hl|et={name}|{m.type}" for name in lists)
    f.extend(f"hl|ov={name}|{min(shared, 2)}" for name in lists)
    return f


class AntecedentLinker:
    def __init__(self, model: LinearModel):
        self.model = model

    def link(self, article: Article, view: SentenceView, first: int, last: int, found: list[Mention],
             spoke: frozenset[str]) -> str | None:
        """The actor id a name-less speaker phrase stands for, or None to keep it."""
        if not needs_link(view.words, first, last):
            return None
        pool = candidates(found, view.index, view.words[first].start)
        best = max(pool, key=lambda c: self.model.score(
            features(article, view.words, first, last, view.index, c, spoke, pool)))
        return best.mention.actor if best.mention is not None else None
