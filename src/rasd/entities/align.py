"""Gold entity spans of an annotated article → BIO labels over the tokens the tagger sees.

The tagger reads the text layer's tokens (`rasd.text` tokens, clitics inside the token) and
the entities stage starts an entity at its first token's stem (`rasd.entities.stage`). So a
gold span starts a chunk at the token whose start or stem start it begins at, and the
tokens it covers continue it. The news gold drops only the preposition of ل + ال (للحكومة →
`لحكومة`), one character before the stem the text layer gives (`حكومة`): that start matches
too. Spans that fall inside a token or end inside one cannot be expressed over tokens and
are counted, not labelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rasd.model import Article, Token

# ل + ال written لل: the gold keeps the second ل (للحكومة → لحكومة), the text layer's stem does not.
LAM_ARTICLE = "لل"
# Letters that may be a proclitic the text layer left on a word it does not know (وطخيه): a
# gold span starting after one or two of them still labels the token, so the tagger learns
# the word is a name (the entity's start then keeps the letters, as the stage gives it).
PROCLITIC_LETTERS = "وفبلك"
MAX_UNPEELED = 2


@dataclass(slots=True)
class LabelledSentence:
    """The token strings of one sentence, their BIO labels and the tokens they came from."""

    words: list[str]
    labels: list[str]
    tokens: list[Token]


@dataclass(slots=True)
class Alignment:
    sentences: list[LabelledSentence] = field(default_factory=list)
    spans: int = 0
    unaligned: list[tuple[int, int, str]] = field(default_factory=list)  # gold spans not on token bounds


def entity_starts(token: Token, text: str = "") -> tuple[int, ...]:
    """The offsets at which an entity beginning with this token may start (with the token's
    `text`, also after proclitic letters the text layer did not peel)."""
    starts = [token.start]
    if token.stem_start > token.start:
        starts.append(token.stem_start)
        if token.proclitics.endswith(LAM_ARTICLE) and token.has_article:
            starts.append(token.stem_start - 1)
    elif token.kind == "word":
        for k in range(1, MAX_UNPEELED + 1):
            if token.end - token.start - k < 2 or text[token.start + k - 1] not in PROCLITIC_LETTERS:
                break
            starts.append(token.start + k)
    return tuple(starts)


def sentence_groups(article: Article) -> list[list[Token]]:
    """The article's tokens grouped by sentence, as the entities stage groups them."""
    if not article.sentences:
        return [list(article.tokens)] if article.tokens else []
    groups: list[list[Token]] = [[] for _ in article.sentences]
    for tok in article.tokens:
        si = article.sentence_of(tok.start)
        if si >= 0:
            groups[si].append(tok)
    return [g for g in groups if g]


def align(article: Article, spans: Sequence[tuple[int, int, str]]) -> Alignment:
    """BIO labels for the tokens of `article` (sentences and tokens done) from gold spans
    (start, end, type) in its text."""
    groups = sentence_groups(article)
    flat = [t for g in groups for t in g]
    start_at: dict[int, int] = {}
    for i, tok in enumerate(flat):
        for s in entity_starts(tok, article.text):
            start_at.setdefault(s, i)
    end_at = {tok.end: i for i, tok in enumerate(flat)}
    labels = ["O"] * len(flat)
    out = Alignment(spans=len(spans))
    for start, end, typ in sorted(spans):
        first, last = start_at.get(start), end_at.get(end)
        if first is None or last is None or last < first or any(lab != "O" for lab in labels[first : last + 1]):
            out.unaligned.append((start, end, typ))
            continue
        labels[first] = "B-" + typ
        for i in range(first + 1, last + 1):
            labels[i] = "I-" + typ
    at = 0
    text = article.text
    for g in groups:
        out.sentences.append(LabelledSentence([text[t.start : t.end] for t in g], labels[at : at + len(g)], g))
        at += len(g)
    return out


__all__ = ["Alignment", "LabelledSentence", "align", "entity_starts", "sentence_groups"]
