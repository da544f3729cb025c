"""The `quotes` pipeline stage: quotations with their cue, speaker and via chain.

Reads sentence by sentence: each reporting cue looks for its speaker and its content,
attribution markers (بحسب، وفق) without a cue attribute whole clauses, and the media named
in the sentence form the via chain of its quotations."""

from __future__ import annotations

from dataclasses import dataclass, field

from rasd.model import Article, Quote, Span
from rasd.pipeline import register
from rasd.quotes.attribution import according_source, colon_statement, leading_content, trailing_content
from rasd.quotes.content import Content, Opening, content_of, find_opening, object_opening
from rasd.quotes.cues import Cue, find_cues
from rasd.quotes.linking import actor_span
from rasd.quotes.mentions import Apposition, appositions, fuller_mention, keys
from rasd.quotes.speakers import Speaker, SpeakerMemory, agrees, make_speaker, run_backward, run_forward
from rasd.quotes.via import GIVEN_TO, Medium, media_in
from rasd.quotes.words import COMMAS, Doc, build_doc
from rasd.settings import Settings

# Frame verbs (علق، غرد) name the speaker; their content comes after a participle, so a
# preposition after them (علق على ...) is not what was said.
FRAME_OPENINGS = frozenset(("colon", "mark", "that"))
# How far before a cue a relative pronoun still governs its subject (الذين تجاوبوا معه بهتافات).
RELATIVE_DISTANCE = 4
# "في تصريحات ..." frames another cue's statement.
IN_FRAME = "في"
# Openings of a short complement: a cue with one inside quoted words is part of the quotation.
SHORT_OPENINGS = frozenset(("prep", "obj"))


@dataclass(slots=True)
class Draft:
    cue: Span | None
    content: Content
    speaker: Speaker | None
    sentence: int
    continuation: bool = False
    trailing: bool = False  # the cue follows its content (...، كما أفادت الشرطة)
    explicit: bool = True  # the speaker is named here, not recovered from a dropped subject
    via: list[Medium] = field(default_factory=list)


@dataclass(slots=True)
class ArticleState:
    """What the reading of one article carries from sentence to sentence."""

    doc: Doc
    memory: SpeakerMemory = field(default_factory=SpeakerMemory)
    apposed: list[Apposition] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # quotation regions already taken as content

    def named(self, run: tuple[int, int]) -> Speaker:
        """A speaker named here, as the fullest mention of it the article has."""
        return self.fuller(make_speaker(self.doc, run))

    def fuller(self, speaker: Speaker) -> Speaker:
        earlier = [s for _, s in self.memory.said]
        return fuller_mention(self.doc, speaker, earlier, self.apposed)


@dataclass(slots=True)
class SentenceState:
    index: int
    media: list[Medium]
    relay_source: Speaker | None
    drafts: list[Draft] = field(default_factory=list)
    # Subjects of cues that said nothing quotable here (علق الوزير على ...، قائلا): the
    # participles of the sentence may still be theirs.
    subjects: list[Speaker] = field(default_factory=list)

    def subject(self, gender: str) -> Speaker | None:
        return next((s for s in reversed(self.subjects) if agrees(gender, s.gender)), None)


def _cue_span(doc: Doc, cue: Cue) -> Span:
    word = doc.words[cue.word]
    return Span(word.start + cue.clitics, word.end)


def _relative_before(doc: Doc, cue: Cue, floor: int) -> int:
    """A relative pronoun shortly before the cue (أنصاره الذي قال، النواب الذين ... بهتافات), or -1."""
    for j in range(cue.word - 1, max(floor, cue.word - RELATIVE_DISTANCE) - 1, -1):
        if doc.is_form(j, "relatives"):
            return j
    return -1


def _subject_before(doc: Doc, cue: Cue, floor: int) -> Speaker | None:
    relative = _relative_before(doc, cue, floor)
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


def _postposed(doc: Doc, cue: Cue, used: set[int]) -> Content | None:
    """«...»، قال الوزير: the quotation just before the cue."""
    if cue.word < 2 or doc.words[cue.word - 1].text not in COMMAS:
        return None
    region = doc.closers.get(cue.word - 2)
    if region is None or not region.is_quotation or region.open_word in used:
        return None
    return Content(Span(region.start, region.end), "direct", region.close_word)


def _without_opening(doc: Doc, cue: Cue, speaker_run, used: set[int]) -> Content | None:
    if cue.kind != "verb" or speaker_run is None:
        return None
    if doc.is_form(cue.word - 1, "clause_boundaries"):
        return trailing_content(doc, cue.word)
    return _postposed(doc, cue, used)


def _limit_after(doc: Doc, start: int, end: int, words: int) -> int:
    """The index after `words` words (punctuation not counted) from start, at most end."""
    i, seen = start, 0
    while i < end and seen < words:
        seen += not doc.words[i].is_punct
        i += 1
    return i


def _opening(doc: Doc, cue: Cue, after: int) -> Opening | None:
    end = doc.sentence_end(cue.word)
    gap = doc.lex.max_described_gap_words if cue.entry.bi_only else doc.lex.max_cue_gap_words
    limit = _limit_after(doc, after, end, gap)
    opening = object_opening(doc, cue, after, limit) or find_opening(doc, cue, after, limit)
    if opening is not None and cue.kind == "frame" and opening.how not in FRAME_OPENINGS:
        return None
    return opening


def read_cue(art: ArticleState, cue: Cue, state: SentenceState) -> Draft | None:
    doc = art.doc
    if cue.kind == "noun" and doc.words[cue.word - 1].norm == IN_FRAME:
        return None  # "في تصريحات لوكالة ...": where a statement was made, not a statement
    end = doc.sentence_end(cue.word)
    run = None if cue.kind == "participle" else run_forward(doc, cue.word + 1, end)
    opening = _opening(doc, cue, run[1] + 1 if run else cue.word + 1)
    content = content_of(doc, opening) if opening is not None else _without_opening(doc, cue, run, art.used)
    if content is None:
        if run is not None:
            state.subjects.append(art.named(run))
        return None
    if run is not None and _object_not_subject(doc, cue, art.memory, state):
        run = None
    nested = _inside_quotation(doc, cue.word)
    if nested and (cue.kind == "noun" or (opening is not None and opening.how in SHORT_OPENINGS)):
        return None  # "... التي تدعو إلى ..."، "تأكيد على أن ..." inside someone's quoted words
    if nested and run is None:
        # "... وقالت إنها ..." inside a quotation: someone the quoted speaker mentions, named there or not at all.
        speaker = _subject_before(doc, cue, doc.sentence_start(cue.word))
        named_here = speaker is not None
    else:
        speaker, named_here = _speaker_of(art, cue, run, state)
    trailing = content.span.end <= doc.words[cue.word].start
    return Draft(_cue_span(doc, cue), content, speaker, state.index, cue.entry.continuation, trailing, named_here)


def _inside_quotation(doc: Doc, i: int) -> bool:
    return any(r.is_quotation and r.open_word < i < r.close_word for r in doc.regions.values())


def _speaker_of(art: ArticleState, cue: Cue, run, state: SentenceState) -> tuple[Speaker | None, bool]:
    """The cue's subject after it, before it (SVO), or recovered; and whether it is named here."""
    if run is not None:
        return art.named(run), True
    subject = _subject_before(art.doc, cue, art.doc.sentence_start(cue.word))
    if subject is not None:
        return art.fuller(subject), True
    return _recovered_subject(art, cue, state)


def _object_not_subject(doc: Doc, cue: Cue, memory: SpeakerMemory, state: SentenceState) -> bool:
    """وصف X بأنه: mid-sentence, after a clause of the same speaker, X is what is described."""
    return cue.entry.bi_only and cue.word > doc.sentence_start(cue.word) + 1 and \
        memory.in_sentence(state.index, cue.entry.gender) is not None


def _overlaps(content: Content, drafts: list[Draft]) -> bool:
    return any(d.content.span.start < content.span.end and content.span.start < d.content.span.end for d in drafts)


def _attributions(doc: Doc, state: SentenceState, memory: SpeakerMemory) -> list[Draft]:
    """Clauses attributed by بحسب/وفق to someone who is not a medium."""
    first, end = doc.sentence_words[state.index]
    found: list[Draft] = []
    for i in range(first, end):
        if not doc.is_form(i, "according"):
            continue
        speaker, _ = according_source(doc, i, memory)
        if speaker is None:
            continue
        content = leading_content(doc, i) if i == first else trailing_content(doc, i)
        if content is not None and not _overlaps(content, state.drafts + found):
            cue_word = doc.words[i]
            found.append(Draft(Span(cue_word.start, cue_word.end), content, speaker, state.index))
    return found


def _colon_statements(art: ArticleState, state: SentenceState) -> list[Draft]:
    found = colon_statement(art.doc, state.index)
    if found is None or _overlaps(found[1], state.drafts):
        return []
    run, content = found
    return [Draft(None, content, art.named(run), state.index)]


def _sentence_state(doc: Doc, index: int) -> SentenceState:
    first, end = doc.sentence_words[index]
    media = media_in(doc, first, end, [])
    sources = [m.source for m in media if m.source is not None]
    return SentenceState(index, media, make_speaker(doc, sources[-1]) if sources else None)


def _assign_media(doc: Doc, drafts: list[Draft], states: list[SentenceState]) -> None:
    """Each quotation gets the media credited in its sentences, outside what anyone said there."""
    for draft in drafts:
        last_sentence = doc.words[draft.content.last_word].sentence
        for state in states[draft.sentence : last_sentence + 1]:
            said = [d.content.span for d in state.drafts]
            draft.via.extend(m for m in state.media if not any(s.contains(m.span) for s in said))


def _inherit_media(drafts: list[Draft]) -> None:
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


def _apply_contexts(doc: Doc, drafts: list[Draft], states: list[SentenceState]) -> None:
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


def _remember(memory: SpeakerMemory, draft: Draft) -> None:
    """Named speakers only: a recovered one is already there, or was a guess."""
    if draft.speaker is not None and draft.explicit:
        memory.add(draft.sentence, draft.speaker)


def find_drafts(doc: Doc) -> list[Draft]:
    art = ArticleState(doc, apposed=appositions(doc))
    states = [_sentence_state(doc, s) for s in range(len(doc.sentence_words))]
    cues_by_sentence: dict[int, list[Cue]] = {}
    for cue in find_cues(doc):
        cues_by_sentence.setdefault(doc.words[cue.word].sentence, []).append(cue)
    drafts: list[Draft] = []
    for state in states:
        for cue in cues_by_sentence.get(state.index, []):
            draft = read_cue(art, cue, state)
            if draft is None or _overlaps_same(draft, state.drafts) or _fragment_of(draft, drafts + state.drafts):
                continue
            if draft.trailing and _overlaps(draft.content, state.drafts):
                continue  # "...، كما أفادت سانا" after quotations of its own: a medium, not a quote
            state.drafts.append(draft)
            if not _inside_direct(draft, drafts + state.drafts):
                _remember(art.memory, draft)
        for draft in _attributions(doc, state, art.memory) + _colon_statements(art, state):
            state.drafts.append(draft)
            _remember(art.memory, draft)
        drafts.extend(state.drafts)
    _assign_media(doc, drafts, states)
    _inherit_media(drafts)
    _apply_contexts(doc, drafts, states)
    return drafts


def _fragment_of(draft: Draft, drafts: list[Draft]) -> bool:
    """A quoted fragment already inside another quotation's content (a mixed quote's words)."""
    if draft.content.kind != "direct":
        return False
    return any(d.content.span.contains(draft.content.span) and d.content.span != draft.content.span for d in drafts)


def _inside_direct(draft: Draft, drafts: list[Draft]) -> bool:
    """Speech reported inside someone's direct quotation: not the article's last speaker."""
    return any(d is not draft and d.content.kind == "direct" and d.content.span.contains(draft.content.span)
               for d in drafts)


def _overlaps_same(draft: Draft, drafts: list[Draft]) -> bool:
    """The same content read twice (a frame verb and its participle)."""
    return any(d.content.span == draft.content.span for d in drafts)


def _to_quote(article: Article, doc: Doc, draft: Draft, index: int) -> Quote:
    speaker = None
    if draft.speaker is not None:
        first, last = doc.words[draft.speaker.first], doc.words[draft.speaker.last]
        start = first.name_start(doc.lex.proclitics)
        speaker = actor_span(article, start, last.end, draft.speaker.anonymous)
    via = [actor_span(article, m.span.start, m.span.end) for m in draft.via]
    return Quote(f"q{index}", draft.content.kind, draft.content.span, draft.cue, speaker, via)  # type: ignore[arg-type]


def find_quotes(article: Article) -> list[Quote]:
    doc = build_doc(article)
    drafts = sorted(find_drafts(doc), key=lambda d: (d.content.span.start, d.content.span.end))
    return [_to_quote(article, doc, d, i) for i, d in enumerate(drafts, 1)]


@register("quotes", needs=("sentences", "tokens", "entities"), adds=("quotes",))
def quotes_stage(settings: Settings):
    def run(article: Article, settings: Settings) -> None:
        article.quotes = find_quotes(article)

    return run
