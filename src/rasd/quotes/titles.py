"""Title words around a name, as features of the antecedent linker (rasd.quotes.antecedents):
"الرئيس الفرنسي" said it, and the article elsewhere writes "الرئيس الفرنسي إيمانويل ماكرون"
(or "ماكرون، الرئيس الفرنسي"). Words are compared without their article."""

from __future__ import annotations

from rasd.quotes.view import Word

TITLE_REACH = 6  # words around a name that may be its title
DEFINITE = "ال"
MIN_BARE = 3
TITLE_BREAKS = frozenset(("introducers", "according", "time_words", "clause_boundaries"))


def bare(stem: str) -> str:
    """A word without its article: الفرنسي → فرنسي (titles are written with and without)."""
    return stem[2:] if stem.startswith(DEFINITE) and len(stem) - 2 >= MIN_BARE else stem


def _title_word(w: Word) -> bool:
    return w.kind == "word" and w.entity == "O" and not any(name in TITLE_BREAKS for name in w.lists) \
        and not any(name.startswith("cue:") for name in w.lists)


def words_around(words: list[Word], first: int, last: int) -> frozenset[str]:
    """The title words before a name (up to a break) and after it past a comma, bare."""
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
