"""Via chains: the media credited in a quotation's sentences, the medium a continuation
keeps, and the medium an interview gives to all of a speaker's quotations."""

from __future__ import annotations

from rasd.quotes.drafts import Draft, SentenceState
from rasd.quotes.mentions import keys
from rasd.quotes.via import GIVEN_TO, Medium
from rasd.quotes.words import Doc


def assign_media(doc: Doc, drafts: list[Draft], states: list[SentenceState]) -> None:
    """Each quotation gets the media credited in its sentences, outside what anyone said there,
    in chain order."""
    for draft in drafts:
        last_sentence = doc.words[draft.content.last_word].sentence
        for state in states[draft.sentence : last_sentence + 1]:
            said = [d.content.span for d in state.drafts]
            draft.via.extend(m for m in state.media if not any(s.contains(m.span) for s in said))
        draft.via = speaker_outward(doc, draft.via)


def speaker_outward(doc: Doc, media: list[Medium]) -> list[Medium]:
    """The text names media outward (لوكالة تاس، بحسب روسيا اليوم), except that "نقلا عن X"
    names the medium its predecessor took the statement from: X goes before it."""
    chain: list[Medium] = []
    for medium in media:
        if chain and doc.words[medium.marker].norm in doc.lex.words["taken_from"]:
            chain.insert(len(chain) - 1, medium)
        else:
            chain.append(medium)
    return chain


def inherit_media(drafts: list[Draft]) -> None:
    """A continuation (وأضاف) keeps the medium of the quote it continues, not its channel."""
    for previous, draft in zip(drafts, drafts[1:], strict=False):
        if draft.continuation and not draft.via:
            draft.via = [m for m in previous.via if not m.channel]


def _interview_contexts(doc: Doc, states: list[SentenceState]) -> list[tuple[frozenset[str], list[Medium]]]:
    """Sentences that say where someone's statements were given ("وجاءت تصريحات كوشنير في
    مقابلة مع صحيفة القدس"), without quoting: (speaker's name keys, media)."""
    contexts = []
    for state in states:
        given = [m for m in state.media if m.how == GIVEN_TO]
        for subject in state.subjects if given else []:
            contexts.append((keys(doc, subject.first, subject.last), given))
    return contexts


def apply_contexts(doc: Doc, drafts: list[Draft], states: list[SentenceState]) -> None:
    """A quotation with no medium of its own was given where its speaker's statements were."""
    contexts = _interview_contexts(doc, states)
    for draft in drafts:
        if draft.via or draft.speaker is None:
            continue
        said = keys(doc, draft.speaker.first, draft.speaker.last)
        for names, media in contexts:
            if names and (names <= said or said <= names):
                draft.via = list(media)
                break
