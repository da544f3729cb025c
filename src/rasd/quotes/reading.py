"""Reading an article sentence by sentence into quotation drafts: each reporting cue looks
for its speaker and content, attribution markers (بحسب، وفق) without a cue attribute whole
clauses, headlines give "name: «...»"."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from rasd.model import Span
from rasd.pipeline import check_deadline
from rasd.quotes.attribution import according_source, colon_statement, leading_content, trailing_content
from rasd.quotes.chains import apply_contexts, assign_media, inherit_media
from rasd.quotes.content import Content, Opening, content_of, find_opening, object_opening
from rasd.quotes.cues import Cue, find_cues
from rasd.quotes.drafts import ArticleState, Draft, SentenceState
from rasd.quotes.mentions import appositions
from rasd.quotes.speakers import Speaker, SpeakerMemory, make_speaker, run_forward
from rasd.quotes.subjects import object_not_subject, speaker_of, subject_before
from rasd.quotes.via import media_in
from rasd.quotes.words import COMMAS, Doc, quotations

# Frame verbs (علق، غرد) name the speaker; their content comes after a participle, so a
# preposition after them (علق على ...) is not what was said.
FRAME_OPENINGS = frozenset(("colon", "mark", "that"))
# "في تصريحات ..." frames another cue's statement.
IN_FRAME = "في"
# Openings of a short complement: a cue with one inside quoted words is part of the quotation.
SHORT_OPENINGS = frozenset(("prep", "obj"))


def _cue_span(doc: Doc, cue: Cue) -> Span:
    word = doc.words[cue.word]
    return Span(word.start + cue.clitics, word.end)


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
    """The quotation a cue introduces: its content first, then who said it."""
    doc = art.doc
    if cue.kind == "noun" and doc.words[cue.word - 1].norm == IN_FRAME:
        return None  # "في تصريحات لوكالة ...": where a statement was made, not a statement
    run = None if cue.kind == "participle" else run_forward(doc, cue.word + 1, doc.sentence_end(cue.word))
    if cue.kind == "frame" and run is None:
        return None  # لافتات كتب عليها "...": a frame verb speaks only through its subject
    opening = _opening(doc, cue, run[1] + 1 if run else cue.word + 1)
    content = content_of(doc, opening) if opening is not None else _without_opening(doc, cue, run, art.used)
    if content is None:
        if run is not None:
            state.subjects.append(art.named(run))
        return None
    nested = _inside_quotation(doc, cue.word)
    if nested and (cue.kind == "noun" or (opening is not None and opening.how in SHORT_OPENINGS)):
        return None  # "... التي تدعو إلى ..."، "تأكيد على أن ..." inside someone's quoted words
    if doc.is_form(cue.word - 1, "vehicle_nouns"):
        return None  # هتافات تطالب الحكومة بـ...: what a crowd's chants say is no one's quotation
    if run is not None and object_not_subject(doc, cue, art.memory, state):
        run = None
    speaker, named_here = _speaker(art, cue, run, state, nested)
    trailing = content.span.end <= doc.words[cue.word].start
    return Draft(_cue_span(doc, cue), content, speaker, state.index, cue.entry.continuation, trailing, named_here)


def _speaker(art: ArticleState, cue: Cue, run, state: SentenceState, nested: bool) -> tuple[Speaker | None, bool]:
    """Inside a quotation, a dropped subject is someone the quoted speaker mentions: named
    there (SVO) or not at all ("... وقالت إنها ...")."""
    if nested and run is None:
        speaker = subject_before(art.doc, cue, art.doc.sentence_start(cue.word))
        return speaker, speaker is not None
    return speaker_of(art, cue, run, state)


def _inside_quotation(doc: Doc, i: int) -> bool:
    return bool(quotations(doc).enclosing(i))


def _overlaps(content: Content, drafts: list[Draft]) -> bool:
    return any(d.content.span.start < content.span.end and content.span.start < d.content.span.end for d in drafts)


def _attributions(doc: Doc, state: SentenceState, memory: SpeakerMemory) -> list[Draft]:
    """Clauses attributed by بحسب/وفق: to a source (its speaker), or to a medium alone
    (no speaker; the medium becomes the via). A medium after a quotation of the sentence
    is only that quotation's via."""
    first, end = doc.sentence_words[state.index]
    found: list[Draft] = []
    for i in range(first, end):
        if not doc.is_form(i, "according"):
            continue
        speaker, medium = according_source(doc, i, memory)
        if speaker is None and (medium is None or state.drafts):
            continue
        medium_end = medium.last_word if medium is not None and speaker is None else -1
        content = leading_content(doc, i) if i == first else trailing_content(doc, i, medium_end)
        if content is not None and not _overlaps(content, state.drafts + found):
            cue_word = doc.words[i]
            found.append(Draft(Span(cue_word.start, cue_word.end), content, speaker, state.index))
    return found


def _relayed_quotations(art: ArticleState, state: SentenceState) -> list[Draft]:
    """نقلت رويترز عن الرئيس ... "...": a quotation relayed with no cue of its own."""
    doc, found = art.doc, []
    for medium in state.media:
        if medium.source is None:
            continue
        for region in _quotations_after(doc, medium.source[1], doc.sentence_end(medium.marker)):
            content = Content(Span(region.start, region.end), "direct", region.close_word)
            if not _overlaps(content, state.drafts + found):
                found.append(Draft(None, content, art.named(medium.source), state.index))
    return found


def _quotations_after(doc: Doc, i: int, end: int) -> list:
    return [r for r in quotations(doc).opening_between(i, end) if r.word_count >= doc.lex.min_direct_words]


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
    placed = _Placed()  # every draft so far, this sentence's included
    for state in states:
        check_deadline()
        for cue in cues_by_sentence.get(state.index, []):
            draft = read_cue(art, cue, state)
            if draft is None or _overlaps_same(draft, state.drafts) or _fragment_of(draft, placed):
                continue
            if draft.trailing and _overlaps(draft.content, state.drafts):
                continue  # "...، كما أفادت سانا" after quotations of its own: a medium, not a quote
            state.drafts.append(draft)
            placed.add(draft)
            _mark_used(doc, art, draft)
            if not _inside_direct(draft, placed):
                _remember(art.memory, draft)
        for draft in _attributions(doc, state, art.memory) + _colon_statements(art, state) + \
                _relayed_quotations(art, state):
            state.drafts.append(draft)
            placed.add(draft)
            _remember(art.memory, draft)
        drafts.extend(state.drafts)
    assign_media(doc, drafts, states)
    inherit_media(drafts)
    apply_contexts(doc, drafts, states)
    return drafts


def _mark_used(doc: Doc, art: ArticleState, draft: Draft) -> None:
    """A quotation taken as someone's words is not free for a cue after it («...»، قال)."""
    region = doc.closers.get(draft.content.last_word)
    if draft.content.kind == "direct" and region is not None:
        art.used.add(region.open_word)


class _Placed:
    """The drafts placed so far, asked which of their contents contain a span: by bisection
    over the content starts (a pass over every draft per cue was quadratic in the article)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.drafts: list[Draft] = []
        self.longest = 0

    def add(self, draft: Draft) -> None:
        span = draft.content.span
        at = bisect_right(self.starts, span.start)
        self.starts.insert(at, span.start)
        self.drafts.insert(at, draft)
        self.longest = max(self.longest, span.end - span.start)

    def containing(self, span: Span) -> Iterator[Draft]:
        lo = bisect_left(self.starts, span.end - self.longest)
        for k in range(lo, bisect_right(self.starts, span.start)):
            if self.drafts[k].content.span.contains(span):
                yield self.drafts[k]


def _fragment_of(draft: Draft, placed: _Placed) -> bool:
    """A quoted fragment already inside another quotation's content (a mixed quote's words)."""
    if draft.content.kind != "direct":
        return False
    return any(d.content.span != draft.content.span for d in placed.containing(draft.content.span))


def _inside_direct(draft: Draft, placed: _Placed) -> bool:
    """Speech reported inside someone's direct quotation: not the article's last speaker."""
    return any(d is not draft and d.content.kind == "direct" for d in placed.containing(draft.content.span))


def _overlaps_same(draft: Draft, drafts: list[Draft]) -> bool:
    """The same content read twice (a frame verb and its participle)."""
    return any(d.content.span == draft.content.span for d in drafts)
