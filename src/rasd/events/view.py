"""One sentence as the event models see it: its tokens, their clitic readings, the candidate
actor mentions, which tokens lie inside a quotation, and the lexicon's trigger matches.

Built once per sentence and shared by the trigger tagger, the mode classifier, the argument
ranker and the place finder (where.py), so every reading is computed once (linear in tokens).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rasd.events.mentions import Mention
from rasd.events.triggers import TriggerMatch, match_at, token_readings
from rasd.model import Actor, Article, Entity, Quote, Token

QUOTE_OPENERS = frozenset('«“')
QUOTE_CLOSERS = frozenset('»”')


@dataclass(slots=True)
class SentenceView:
    """A sentence's tokens with what the models read off them (indices are into `tokens`)."""

    text: str
    tokens: list[Token]
    forms: list[tuple[str, ...]]  # normalised readings per token, fewest letters peeled first; () for non-words
    mentions: list[Mention] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # token i lies inside a quotation
    lexicon: list[TriggerMatch | None] = field(default_factory=list)  # the lexicon entry starting at token i
    inside_lexicon: list[TriggerMatch | None] = field(default_factory=list)  # the entry token i continues
    index: int = 0  # the sentence's index in the article
    # mentions of the sentences just before that name an actor: who an act whose doer or
    # target the sentence leaves unsaid may be carried from (Arabic drops a known subject)
    earlier: list[Mention] = field(default_factory=list)
    earlier_back: list[int] = field(default_factory=list)  # per earlier mention: how many sentences back
    kinds: dict[str, str] = field(default_factory=dict)  # actor id → its kind (person, country ...), shared per article


# sentences back an unsaid argument may be carried from (dev actors F1: 1 0.279, 2 0.302, 3 0.310)
CARRY_SENTENCES = 3
GROUP_KINDS = ("organization", "group")


def mention_code(actors: dict[str, Actor], m: Mention) -> tuple[str | None, str | None]:
    """(country, group name) a mention stands for: its actor's when it has one, else its own words'."""
    actor = actors.get(m.actor) if m.actor else None
    if actor is not None:
        named = actor.country is None or actor.kind in GROUP_KINDS
        return actor.country, actor.ids.get("plover") or (actor.name if named else m.group)
    return m.country, m.group


def earlier_mentions(actors: dict[str, Actor], views: list[SentenceView | None]) -> list[Mention]:
    """The mentions naming a country or a group in the views given (the sentences before)."""
    return [m for v in views if v is not None for m in v.mentions if any(mention_code(actors, m))]


def carry_into(view: SentenceView, actors: dict[str, Actor], views: list[SentenceView | None]) -> None:
    """Sets the view's earlier mentions (those of the CARRY_SENTENCES views before it, in text
    order) and how many sentences back each stands."""
    before = views[-CARRY_SENTENCES:]
    view.earlier, view.earlier_back = [], []
    for back, v in zip(range(len(before), 0, -1), before, strict=True):
        found = earlier_mentions(actors, [v])
        view.earlier.extend(found)
        view.earlier_back.extend([back] * len(found))


def token_forms(text: str, tokens: list[Token]) -> list[tuple[str, ...]]:
    return [token_readings(text, t) if t.kind == "word" else () for t in tokens]


def quoted_tokens(text: str, tokens: list[Token], quotes: list[Quote]) -> list[bool]:
    """Whether each token lies inside a quotation: a quote the quote stage found, or between
    quotation marks of the sentence itself (the stage may have missed a short one)."""
    depth, out = 0, []
    for t in tokens:
        word = text[t.start: t.end]
        if word in QUOTE_CLOSERS:
            depth = max(0, depth - 1)
        inside = depth > 0 or any(q.content.start <= t.start and t.end <= q.content.end for q in quotes)
        out.append(inside)
        if word in QUOTE_OPENERS:
            depth += 1
    return out


def lexicon_matches(text: str, tokens: list[Token], forms: list[tuple[str, ...]]
                    ) -> tuple[list[TriggerMatch | None], list[TriggerMatch | None]]:
    """The lexicon's entries at each token (every start, so overlapping entries are all seen)
    and, for the tokens a multi-word entry continues over, that entry."""
    starts: list[TriggerMatch | None] = [match_at(text, tokens, i, forms) if forms[i] else None
                                         for i in range(len(tokens))]
    inside: list[TriggerMatch | None] = [None] * len(tokens)
    for m in starts:
        if m is not None:
            for j in range(m.first + 1, m.last + 1):
                inside[j] = inside[j] or m
    return starts, inside


def sentence_view(article: Article, index: int, tokens: list[Token], entities: list[Entity],
                  quotes: list[Quote], with_mentions: bool = True) -> SentenceView:
    from rasd.events.mentions import sentence_mentions

    text = article.text
    forms = token_forms(text, tokens)
    starts, inside = lexicon_matches(text, tokens, forms)
    mentions = sentence_mentions(article, tokens, entities) if with_mentions else []
    return SentenceView(text, tokens, forms, mentions, quoted_tokens(text, tokens, quotes), starts, inside, index)
