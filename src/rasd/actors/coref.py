"""In-document coreference: which mentions name the same actor.

- A person's later short mention (كارتر, زاخاروفا) joins the fuller mention whose name ends
  (or begins) with it; the nearest one before it, else the nearest after.
- An institution named without a country (الشرطة) joins a mention of the same institution
  that has one (الشرطة البريطانية).
- Mentions that resolve to the same kind and name are one actor.
- A name's Latin gloss (فوت ليف - Vote Leave) is the same actor.
A group's facts are the first each of its mentions gives, in text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rasd.actors.knowledge import name_key
from rasd.actors.resolve import Candidate
from rasd.model import Article

PREPOSITION_LAM = "ل"  # للصدر written with one ل kept: لصدر
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'&-]*")
# What separates a name from its Latin gloss: a dash or slash, no words. (A bracket does not:
# دبي، الإمارات (CNN) is a dateline and its outlet.)
GLOSS_GAP = re.compile(r"\s*[-–—/]\s*")


def _nearest_in(i: int, lists: list[list[int]]) -> int | None:
    """_nearest over the union of sorted index lists, by bisection (the last before i, else
    the first after)."""
    before = [lst[k - 1] for lst in lists if (k := bisect_left(lst, i)) > 0]
    if before:
        return max(before)
    after = [lst[k] for lst in lists if (k := bisect_right(lst, i)) < len(lst)]
    return min(after) if after else None


def _person_links(cands: list[Candidate], parent: list[int]) -> None:
    people = [i for i, c in enumerate(cands) if c.kind == "person"]
    words = {i: name_key(cands[i].name).split() for i in people}
    # A short name refers to a fuller one whose words end or begin with its words (or, for
    # one word written with ل kept, لصدر, whose last word is it without ل). The fuller names
    # are found by an index of the words they end and begin with, not a test of every pair,
    # which was quadratic in the people of the article.
    ends: dict[tuple[str, ...], list[int]] = {}
    begins: dict[tuple[str, ...], list[int]] = {}
    for j in people:
        w = words[j]
        for k in range(1, len(w)):
            ends.setdefault(tuple(w[-k:]), []).append(j)
        for k in range(len(w)):
            begins.setdefault(tuple(w[:k]), []).append(j)
    for i in people:
        short = tuple(words[i])
        lists = [ends.get(short, []), begins.get(short, [])]
        if len(short) == 1 and short[0].startswith(PREPOSITION_LAM):
            lists.append(ends.get((short[0][1:],), []))
        target = _nearest_in(i, lists)
        if target is not None:
            parent[i] = _root(parent, target)


def _institution_links(cands: list[Candidate], parent: list[int]) -> None:
    with_country: dict[str, list[int]] = {}
    for j, c in enumerate(cands):
        if c.institution is not None and c.country:
            with_country.setdefault(c.institution, []).append(j)
    for i, cand in enumerate(cands):
        if cand.institution is None or cand.country is not None:
            continue
        target = _nearest_in(i, [with_country.get(cand.institution, [])])
        if target is not None:
            parent[i] = _root(parent, target)


def _same_name_links(cands: list[Candidate], parent: list[int]) -> None:
    first: dict[tuple[str, str, str | None], int] = {}
    for i, cand in enumerate(cands):
        # A country as a place and the same country's government (موسكو) stay apart.
        key = (cand.kind, name_key(cand.name), cand.sector if cand.kind == "country" else None)
        root = _root(parent, i)
        if key in first and _root(parent, first[key]) != root:
            parent[root] = _root(parent, first[key])
        first.setdefault(key, root)


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def gloss_pairs(article: Article) -> list[tuple[int, int]]:
    """(Arabic mention, Latin gloss) index pairs: (فوت ليف - Vote Leave) names one body twice."""
    ents = article.entities
    pairs = []
    for i in range(1, len(ents)):
        between = article.text[ents[i - 1].end : ents[i].start]
        gloss = article.text[ents[i].start : ents[i].end]
        if LATIN_NAME.fullmatch(gloss) and GLOSS_GAP.fullmatch(between):
            pairs.append((i - 1, i))
    return pairs


def coreference_groups(cands: list[Candidate], glosses: list[tuple[int, int]] = ()) -> list[list[int]]:
    """Mention indices grouped by actor, groups in order of their first mention."""
    parent = list(range(len(cands)))
    for i, j in glosses:
        if not cands[j].known:  # a known Latin name (CNN) is its own actor
            parent[_root(parent, j)] = _root(parent, i)
    _person_links(cands, parent)
    _institution_links(cands, parent)
    _same_name_links(cands, parent)
    groups: dict[int, list[int]] = {}
    for i in range(len(cands)):
        groups.setdefault(_root(parent, i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def merge_group(cands: list[Candidate]) -> Candidate:
    """One candidate for a group: the longest name, and each fact from the first mention
    that gives it."""
    names = sorted(cands, key=lambda c: (-len(name_key(c.name).split()), -len(c.name)))
    base = names[0]
    merged = Candidate(base.name, base.kind, ids=dict(base.ids), institution=base.institution, known=base.known)
    for cand in cands:
        merged.country = merged.country or cand.country
        merged.sector = merged.sector or cand.sector
        merged.role = merged.role or cand.role
        merged.takes_article_country = merged.takes_article_country or cand.takes_article_country
        merged.evidence.extend(cand.evidence)
        for k, v in cand.ids.items():
            merged.ids.setdefault(k, v)
    if any(c.known for c in cands):
        merged.takes_article_country = False
    return merged
