"""Reporting cues: the words of the cue lexicon found among an article's tokens."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.quotes.lexicon import SHADDA, CueEntry
from rasd.quotes.words import Doc

# Kinds of cue that end the search for another cue's content: a new clause of saying.
CLAUSE_CUE_KINDS = frozenset(("verb", "participle", "frame"))
HAMZA_ALEF = "أ"
PASSIVE_MARK = "\u064f"  # a damma on the first letter of a past verb marks the passive


@dataclass(frozen=True, slots=True)
class Cue:
    word: int
    entry: CueEntry
    clitics: int = 0  # letters of proclitics in front of the cue word (وقال: 1)

    @property
    def kind(self) -> str:
        return self.entry.kind


def cue_at(doc: Doc, i: int) -> Cue | None:
    if i < 0 or i >= len(doc.words):
        return None
    word = doc.words[i]
    if word.kind != "word":
        return None
    for form in word.variants:
        entry = doc.lex.cues.get(form)
        if entry is not None:
            # Offsets count raw letters: trust the clitic length only when normalising kept them all.
            clitics = len(word.norm) - len(form) if len(word.norm) == len(word.text) else 0
            if entry.wasl and word.text[clitics : clitics + 1] == HAMZA_ALEF:
                continue
            if PASSIVE_MARK in word.text[clitics : clitics + 2]:
                continue  # وُصفت: the passive, whose subject is what was described
            if entry.shadda and SHADDA not in word.text:
                continue  # حملت (carried), not حمّلت (held responsible)
            return Cue(i, entry, clitics)
    return None


def is_clause_cue(doc: Doc, i: int) -> bool:
    cue = cue_at(doc, i)
    return cue is not None and cue.kind in CLAUSE_CUE_KINDS


def find_cues(doc: Doc) -> list[Cue]:
    return [cue for i in range(len(doc.words)) if (cue := cue_at(doc, i)) is not None]
