"""Document-level label consistency.

The CRF tags each sentence alone, so a name it found once (مايكل كوهين) can be missed where
the article repeats it in a context that says less (وقال كوهين إن ...). A reader knows it is
the same name; this pass does the same: every untagged occurrence of a name tagged elsewhere
in the article, and of the surname of a tagged full person name, becomes an entity of that
type.
"""

from __future__ import annotations

from rasd.model import Article, Entity, Token
from rasd.pipeline import check_deadline
from rasd.text.normalize import normalize_word
from rasd.text.spans import overlapping

# Keys shorter than this are too ambiguous to carry a label across the article.
MIN_KEY_LETTERS = 3
# The longest name, in tokens, that is looked for again.
MAX_NAME_TOKENS = 4
NAME_KINDS = ("word", "latin")


def _key(article: Article, token: Token, stem: bool = False) -> str:
    span = token.stem if stem else token
    return normalize_word(article.text[span.start : span.end])


def _entity_tokens(tokens: list[Token], entity: Entity) -> list[Token]:
    """The tokens the entity overlaps; `tokens` in text order (bisection, not a scan)."""
    first, last = overlapping(tokens, entity.start, entity.end)
    return tokens[first:last]


def known_names(article: Article, tokens: list[Token]) -> dict[tuple[str, ...], str]:
    """Name keys (token keys, the first without its clitics) → entity type; a key the tagger
    gave two types is dropped, as is any single key too short to be telling."""
    names: dict[tuple[str, ...], set[str]] = {}
    for entity in article.entities:
        toks = _entity_tokens(tokens, entity)
        if not toks or len(toks) > MAX_NAME_TOKENS:
            continue
        # The first token is keyed as the entity starts: without the proclitics it left out.
        first = normalize_word(article.text[entity.start : toks[0].end])
        key = (first, *(_key(article, t) for t in toks[1:]))
        names.setdefault(key, set()).add(entity.type)
        if entity.type == "PER" and len(toks) >= 2:
            names.setdefault((_key(article, toks[-1]),), set()).add("PER")
    return {k: next(iter(v)) for k, v in names.items()
            if len(v) == 1 and (len(k) > 1 or len(k[0]) >= MIN_KEY_LETTERS)}


class _SentenceKeys:
    """One sentence's token keys, computed once: the name search tries every window at every
    token, and normalising the same words again for each window was most of the stage's time."""

    __slots__ = ("tokens", "keys", "stem_keys", "runs", "names", "firsts")

    def __init__(self, article: Article, tokens: list[Token], names: dict, firsts: frozenset[str] | None = None):
        text = article.text
        self.tokens, self.names = tokens, names
        self.keys = [normalize_word(text[t.start : t.end]) for t in tokens]
        self.stem_keys = [k if t.stem_start < 0 else normalize_word(text[t.stem_start : t.stem_end])
                          for t, k in zip(tokens, self.keys, strict=True)]
        # runs[i]: how many name-kind tokens follow from i on (a window may not hold another kind).
        runs = [0] * (len(tokens) + 1)
        for j in range(len(tokens) - 1, -1, -1):
            runs[j] = runs[j + 1] + 1 if tokens[j].kind in NAME_KINDS else 0
        self.runs = runs
        self.firsts = firsts if firsts is not None else frozenset(k[0] for k in names)

    def match_at(self, i: int) -> tuple[int, str, int] | None:
        keys, stem_keys, names = self.keys, self.stem_keys, self.names
        if keys[i] not in self.firsts and stem_keys[i] not in self.firsts:
            return None  # no known name starts with this word, either way it is keyed
        token = self.tokens[i]
        for size in range(min(MAX_NAME_TOKENS, self.runs[i]), 0, -1):
            rest = tuple(keys[i + 1 : i + size])
            for first, start in ((keys[i], token.start), (stem_keys[i], token.stem_start)):
                key = (first, *rest)
                if key in names:
                    return size, names[key], start
        return None


def restore_split_names(article: Article, tokens: list[Token]) -> None:
    """A name whose first letter looks like a proclitic (فيدان read as ف + يدان) keeps that
    letter where the article also writes the whole word inside another name (هاكان فيدان)."""
    whole = {_key(article, t) for e in article.entities for t in _entity_tokens(tokens, e)
             if t.start >= e.start and t.stem_start > t.start}  # a split word the entity holds whole
    by_start = {t.stem_start: t for t in tokens if t.stem_start > t.start}
    for entity in article.entities:
        token = by_start.get(entity.start)
        if token is not None and _key(article, token) in whole:
            entity.start = token.start


def propagate_names(article: Article, sentences: list[list[Token]]) -> None:
    """Add the untagged repetitions of names tagged elsewhere; ids renumbered in text order."""
    tokens = [t for group in sentences for t in group]
    names = known_names(article, tokens)
    if not names:
        return
    covered = {id(t) for e in article.entities for t in _entity_tokens(tokens, e)}
    firsts = frozenset(k[0] for k in names)
    added: list[Entity] = []
    for group in sentences:
        check_deadline()
        view = _SentenceKeys(article, group, names, firsts)
        i = 0
        while i < len(group):
            match = None if id(group[i]) in covered else view.match_at(i)
            if match is None or any(id(t) in covered for t in group[i : i + match[0]]):
                i += 1
                continue
            size, kind, start = match
            added.append(Entity(start=start, end=group[i + size - 1].end, type=kind))
            i += size
    if added:
        article.entities = sorted(article.entities + added, key=lambda e: e.start)
        for n, entity in enumerate(article.entities):
            entity.id = f"e{n}"
