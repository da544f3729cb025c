"""A title phrase to the person it names in the article: "الرئيس الفرنسي" said it, and the
article elsewhere writes "الرئيس الفرنسي إيمانويل ماكرون" (or "ماكرون، الرئيس الفرنسي"): the
speaker is that person's actor. The words of the phrase must all be among the words around
the name (الوزير الإسرائيلي ⊂ وزير الاستخبارات الإسرائيلي); the nearest such name before
the phrase wins, else the nearest after."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.model import Article
from rasd.quotes.view import SentenceView, Word

TITLE_REACH = 6  # words around a name that may be its title
PERSON = "PER"
DEFINITE = "ال"
MIN_BARE = 3
TITLE_LIST = "title_words"
TITLE_BREAKS = frozenset(("introducers", "according", "time_words", "clause_boundaries"))


@dataclass(frozen=True, slots=True)
class TitledName:
    start: int
    entity: int  # index in article.entities
    words: frozenset[str]


def bare(stem: str) -> str:
    """A word without its article: الفرنسي → فرنسي (titles are written with and without)."""
    return stem[2:] if stem.startswith(DEFINITE) and len(stem) - 2 >= MIN_BARE else stem


def _title_word(w: Word) -> bool:
    return w.kind == "word" and w.entity == "O" and not any(name in TITLE_BREAKS for name in w.lists) \
        and not any(name.startswith("cue:") for name in w.lists)


def _around(words: list[Word], first: int, last: int) -> frozenset[str]:
    found = set()
    i = first - 1
    while i >= 0 and first - i <= TITLE_REACH and (_title_word(words[i]) or words[i].text == "،"):
        if words[i].kind == "word":
            found.add(bare(words[i].stem))
        i -= 1
    i = last + 1
    if i < len(words) and words[i].text == "،":
        i += 1
        while i < len(words) and i - last <= TITLE_REACH and _title_word(words[i]):
            found.add(bare(words[i].stem))
            i += 1
    return frozenset(found)


def titled_names(views: list[SentenceView]) -> list[TitledName]:
    out = []
    for view in views:
        words = view.words
        i = 0
        while i < len(words):
            if words[i].entity == "B-" + PERSON:
                last = i
                while last + 1 < len(words) and words[last + 1].entity == "I-" + PERSON:
                    last += 1
                around = _around(words, i, last)
                if around:
                    out.append(TitledName(words[i].start, words[i].entity_at, around))
                i = last + 1
            else:
                i += 1
    return out


def _apposed(article: Article, words: list[Word], last: int) -> str | None:
    """المتحدثة باسم المكتب رافينا شامداساني: the name right after the title (a comma between)."""
    i = last + 1
    if i < len(words) and words[i].text == "،":
        i += 1
    if i < len(words) and words[i].entity == "B-" + PERSON:
        return article.entities[words[i].entity_at].actor
    return None


def person_for_title(article: Article, words: list[Word], first: int, last: int,
                     names: list[TitledName]) -> str | None:
    """The actor of the person a title phrase names, or None (not a title, no such name)."""
    phrase = words[first : last + 1]
    if TITLE_LIST not in phrase[0].lists or any(w.entity != "O" for w in phrase):
        return None
    apposed = _apposed(article, words, last)
    if apposed is not None:
        return apposed
    wanted = frozenset(bare(w.stem) for w in phrase if w.kind == "word")
    fitting = [n for n in names if wanted <= n.words]
    if not fitting:
        return None
    start = phrase[0].start
    before = [n for n in fitting if n.start < start]
    chosen = before[-1] if before else min(fitting, key=lambda n: n.start)
    return article.entities[chosen.entity].actor
