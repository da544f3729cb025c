"""Whose words a cue reports when no subject follows it: an SVO subject, a relative
clause's noun, the relayed source, the sentence's speaker or titled person, the last
speaker of the article, the sentence's topic."""

from __future__ import annotations

from rasd.quotes.cues import Cue
from rasd.quotes.drafts import ArticleState, SentenceState
from rasd.quotes.speakers import Speaker, SpeakerMemory, agrees, make_speaker, run_backward, run_forward
from rasd.quotes.words import Doc

# How far before a cue a relative pronoun still governs its subject (الذين تجاوبوا معه بهتافات).
RELATIVE_DISTANCE = 4
OBJECT_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")


def _relative_before(doc: Doc, cue: Cue, floor: int) -> int:
    """A relative pronoun shortly before the cue (أنصاره الذي قال، النواب الذين ... بهتافات), or -1."""
    for j in range(cue.word - 1, max(floor, cue.word - RELATIVE_DISTANCE) - 1, -1):
        if doc.is_form(j, "relatives"):
            return j
    return -1


def _has_object_pronoun(doc: Doc, cue: Cue) -> bool:
    """وصفها، اتهمه: the cue carries its object; a relative before it points at that object."""
    return cue.kind == "verb" and doc.words[cue.word].text.endswith(OBJECT_PRONOUNS)


def subject_before(doc: Doc, cue: Cue, floor: int) -> Speaker | None:
    relative = -1 if _has_object_pronoun(doc, cue) else _relative_before(doc, cue, floor)
    if relative > floor and (run := run_backward(doc, relative, floor)):
        return _agreeing(make_speaker(doc, run), cue)
    word, before = doc.words[cue.word], cue.word
    if cue.kind != "verb" or word.has_conjunction:
        return None
    if doc.is_form(before - 1, "auxiliaries"):
        before -= 1  # وكان البنك قد أعلن
    if before <= floor or doc.words[before - 1].is_punct:
        return None
    run = run_backward(doc, before, floor)
    return _agreeing(make_speaker(doc, run), cue) if run else None


def _agreeing(speaker: Speaker, cue: Cue) -> Speaker | None:
    return speaker if agrees(cue.entry.gender, speaker.gender) else None


def _titled_in_sentence(doc: Doc, cue: Cue, state: SentenceState) -> Speaker | None:
    """The last titled person named earlier in the sentence (عرض رئيس الوزراء ... ليؤكد),
    outside what others are reported to have said."""
    contents = [d.content.span for d in state.drafts]
    for j in range(cue.word - 1, doc.sentence_start(cue.word) - 1, -1):
        if any(c.start <= doc.words[j].start < c.end for c in contents):
            continue
        if doc.is_form(j, "title_words") and not doc.words[j].has_preposition:
            run = run_forward(doc, j, cue.word)
            return make_speaker(doc, run) if run else None
    return None


def _sentence_topic(doc: Doc, cue: Cue) -> Speaker | None:
    """The name a sentence opens with (كوهين الذي ...، لجأ ... لتكذيب): a last resort."""
    first = doc.sentence_start(cue.word)
    run = run_forward(doc, first, cue.word) if first < cue.word else None
    return make_speaker(doc, run) if run else None


def _recovered_subject(art: ArticleState, cue: Cue, state: SentenceState) -> tuple[Speaker | None, bool]:
    """The speaker of a cue whose subject is not written: the relayed source, a speaker of
    the same sentence, a titled person of the sentence, the last speaker, the sentence's
    topic. The flag says whether the sentence names it (then it is worth remembering)."""
    doc, memory, gender = art.doc, art.memory, cue.entry.gender
    if state.relay_source is not None:
        return state.relay_source, True
    # Within a sentence the subject carries over whatever its gender looks like (الإنتربول ... وأضافت).
    said_here = next((d.speaker for d in reversed(state.drafts) if d.speaker is not None), None)
    in_sentence = said_here or memory.in_sentence(state.index, gender) or state.subject(gender)
    if in_sentence is not None:
        return in_sentence, True
    titled = _titled_in_sentence(doc, cue, state)
    if titled is not None:
        return art.fuller(titled), True
    return memory.latest(gender) or _sentence_topic(doc, cue), False


def speaker_of(art: ArticleState, cue: Cue, run, state: SentenceState) -> tuple[Speaker | None, bool]:
    """The cue's subject after it, before it (SVO), or recovered; and whether it is named here."""
    if run is not None:
        return art.named(run), True
    subject = subject_before(art.doc, cue, art.doc.sentence_start(cue.word))
    if subject is not None:
        return art.fuller(subject), True
    return _recovered_subject(art, cue, state)


def object_not_subject(doc: Doc, cue: Cue, memory: SpeakerMemory, state: SentenceState) -> bool:
    """وصف X بأنه: mid-sentence, after a clause of the same speaker, X is what is described."""
    return cue.entry.bi_only and cue.word > doc.sentence_start(cue.word) + 1 and \
        memory.in_sentence(state.index, cue.entry.gender) is not None
