"""An article as the quotation models see it: sentences of words, each word with its
matching forms, the lexicon lists it belongs to, the entity under it and whether it stands
inside quotation marks. Built once per article and shared by the tagger, the speaker ranker
and the via classifier."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.lookup import span_index
from rasd.model import Article, Entity
from rasd.quotes.lexicon import lexicon
from rasd.text import normalize_word
from rasd.text.marks import QUOTE_PAIRS

OUTSIDE = "O"
# Marker lists of markers.json that are features of a word (the rest describe phrases).
FEATURE_LISTS = (
    "introducers", "according", "according_fillers", "taken_from", "relay_verbs", "media_nouns", "generic_media",
    "known_media", "channel_prepositions", "interview_markers", "statement_nouns", "anonymous_heads",
    "title_words", "title_connectors", "speaker_stops", "prepositions", "relatives", "time_words",
    "clause_boundaries", "platforms", "anaphoric_sources", "vehicle_nouns",
)
MIN_PEELED = 2
PEEL_CACHE = 30_000  # bounded for long runs
CLOSING_MARKS = frozenset(QUOTE_PAIRS.values())


@dataclass(slots=True)
class Word:
    """One token of a sentence: `stem` is its matching form without the proclitics the
    tokenizer peeled off (وقال → قال)."""

    index: int  # in the sentence
    start: int
    end: int
    stem_start: int
    text: str
    norm: str
    stem: str
    proclitics: str
    kind: str  # word | punct | number | ...
    entity: str  # B-PER, I-ORG, ... or O
    entity_at: int  # index in article.entities, -1 when none
    quoted: bool  # inside quotation marks
    lists: tuple[str, ...]  # lexicon lists (and "cue:<kind>") the word is in


@dataclass(slots=True)
class SentenceView:
    index: int
    start: int
    end: int
    paragraph: int
    words: list[Word]


@cache
def _word_lists() -> dict[str, tuple[str, ...]]:
    """Normalised single word -> the lexicon lists naming it (cues as cue:<kind>)."""
    lex = lexicon()
    found: dict[str, list[str]] = {}
    for name in FEATURE_LISTS:
        for form in lex.words.get(name, ()):
            if " " not in form:
                found.setdefault(form, []).append(name)
    for form, entry in lex.cues.items():
        found.setdefault(form, []).append(f"cue:{entry.kind}")
    return {form: tuple(names) for form, names in found.items()}


def lists_of(norm: str, stem: str) -> tuple[str, ...]:
    table = _word_lists()
    return table.get(stem) or table.get(norm) or ()


def _entity_labels(entities: list[Entity], start: int, end: int):
    """(start, end, type, index) of the entities of one sentence, in text order."""
    # By bisection over the entity starts (a pass over all entities per sentence was quadratic).
    return [(entities[i].start, entities[i].end, entities[i].type, i) for i in span_index(entities).starting_in(start, end)]


def _entity_of(spans, start: int, end: int) -> tuple[str, int]:
    for e_start, e_end, e_type, index in spans:
        if e_start < end and start < e_end:
            return ("B-" if start <= e_start else "I-") + e_type, index
    return OUTSIDE, -1


@lru_cache(maxsize=PEEL_CACHE)
def _peel(norm: str) -> str | None:
    """A word the tokenizer left whole (وأضاف) without the proclitic the lexicon allows,
    when what is left is a lexicon word."""
    table = _word_lists()
    for clitic in lexicon().proclitics:
        rest = norm[len(clitic) :]
        if norm.startswith(clitic) and len(rest) >= MIN_PEELED and rest in table:
            return rest
    return None


def build_views(article: Article) -> list[SentenceView]:
    text, tokens = article.text, article.tokens
    table = _word_lists()
    views, t = [], 0
    for s_index, sentence in enumerate(article.sentences):
        while t < len(tokens) and tokens[t].end <= sentence.start:
            t += 1
        spans = _entity_labels(article.entities, sentence.start, sentence.end)
        words: list[Word] = []
        open_mark: str | None = None
        while t < len(tokens) and tokens[t].start < sentence.end:
            token = tokens[t]
            raw = text[token.start : token.end]
            stem_start = token.stem_start if token.stem_start >= 0 else token.start
            stem_end = token.stem_end if token.stem_end >= 0 else token.end
            norm = normalize_word(raw)
            stem = normalize_word(text[stem_start:stem_end])
            proclitics = token.proclitics
            if stem == norm and norm not in table:
                peeled = _peel(norm)
                if peeled is not None:
                    proclitics, stem = norm[: len(norm) - len(peeled)], peeled
                    if len(norm) == len(raw):  # offsets count raw letters: only when none was dropped
                        stem_start = token.start + len(proclitics)
            entity, entity_at = _entity_of(spans, token.start, token.end)
            is_mark = token.kind == "punct" and (raw in QUOTE_PAIRS or raw in CLOSING_MARKS)
            if is_mark and open_mark is not None and raw == QUOTE_PAIRS[open_mark]:
                open_mark = None
                quoted = False
            elif is_mark and open_mark is None and raw in QUOTE_PAIRS:
                open_mark = raw
                quoted = False
            else:
                quoted = open_mark is not None
            words.append(Word(len(words), token.start, token.end, stem_start, raw, norm, stem, proclitics,
                              token.kind, entity, entity_at, quoted, lists_of(norm, stem)))
            t += 1
        views.append(SentenceView(s_index, sentence.start, sentence.end, getattr(sentence, "paragraph", 0), words))
    return views
