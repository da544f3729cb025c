"""The media a statement passed through: لوكالة «تاس»، بحسب موقع «روسيا اليوم»، نقلت رويترز
عن ...، عبر تطبيق تلغرام، في مقابلة مع صحيفة ... — in the order the sentence gives them."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.model import Span
from rasd.quotes.speakers import run_forward
from rasd.quotes.words import Doc

# A medium's name may come a few words after its noun: موقع شركة الإعلام الأميركية "ماكلاتشي".
MAX_NAME_DISTANCE = 5
MAX_QUOTED_NAME_WORDS = 4
# Words a plain (unquoted) medium name may have after its noun: وكالة ارنا الرسمية.
MAX_PLAIN_NAME_WORDS = 3
# Adjectives between a medium and the عن that names its source: وكالة ارنا الرسمية عن ...
MAX_WORDS_BEFORE_SOURCE = 3
SOURCE_PREPOSITION = "عن"
ON_PREPOSITION = "علي"
LAM = "ل"
WITH_PREPOSITION = "مع"
IN_PREPOSITION = "في"
# Adjectives between an interview noun and its medium: في مقابلة نادرة مع ...
MAX_INTERVIEW_ADJECTIVES = 2


# How a medium is credited.
GIVEN_TO = "to"  # the statement was given to it: لوكالة «تاس»، في مقابلة مع صحيفة ...
ACCORDING = "according"  # بحسب، وفق، نقلا عن
RELAY = "relay"  # نقلت وكالة ... عن
CHANNEL = "channel"  # عبر تطبيق تلغرام: one message's channel


@dataclass(frozen=True, slots=True)
class Medium:
    span: Span
    marker: int  # the word that introduced it
    last_word: int  # the last word the medium phrase covers
    how: str = ACCORDING
    source: tuple[int, int] | None = None  # the speaker after عن (نقلت وكالة X عن Y)

    @property
    def channel(self) -> bool:
        return self.how == CHANNEL


def _quoted_name_after(doc: Doc, i: int, limit: int) -> tuple[Span, int] | None:
    for j in range(i, min(limit, i + MAX_NAME_DISTANCE)):
        region = doc.regions.get(j)
        if region is not None and region.is_quotation and region.word_count <= MAX_QUOTED_NAME_WORDS:
            return Span(region.start, region.end), region.close_word
        if doc.words[j].is_punct and doc.words[j].text != "\"":
            return None
    return None


def _known_name(doc: Doc, i: int) -> tuple[Span, int] | None:
    n = doc.phrase_at(i, "known_media")
    if not n:
        return None
    word = doc.words[i]
    # لبي بي سي: the name starts after the ل the lookup peeled off.
    start = word.start if _known_as_written(doc, i) else word.start + len(LAM)
    return Span(start, doc.words[i + n - 1].end), i + n - 1


def _known_as_written(doc: Doc, i: int) -> bool:
    """Does a known medium's name begin with word i itself (not with it minus a clitic)?"""
    return any(phrase[0] == doc.words[i].norm for phrase in doc.lex.phrases["known_media"])


def _generic_medium(doc: Doc, i: int, limit: int) -> tuple[Span, int] | None:
    """وسائل إعلام أميركية: the phrase and the adjective after it."""
    n = doc.phrase_at(i, "generic_media")
    if not n:
        return None
    last = i + n - 1
    after = last + 1
    if after < limit and doc.words[after].kind == "word" and not doc.is_form(after, "speaker_stops"):
        last = after
    word = doc.words[i]
    start = word.name_start(doc.lex.proclitics) if word.norm[:1] == LAM else word.start
    return Span(start, doc.words[last].end), last


def _name_after_noun(doc: Doc, noun: int, limit: int) -> tuple[Span, int]:
    j = noun + 1
    if j < limit and doc.words[j].norm == ON_PREPOSITION and (known := _known_name(doc, j + 1)):
        return known  # حسابه على تويتر
    found = _quoted_name_after(doc, j, limit) or (_known_name(doc, j) if j < limit else None)
    if found:
        return found
    run = run_forward(doc, j, min(limit, j + MAX_PLAIN_NAME_WORDS)) if j < limit else None
    first, last = (noun, noun) if run is None else run
    return Span(doc.words[first].start, doc.words[last].end), last


def medium_at(doc: Doc, i: int, limit: int) -> tuple[Span, int] | None:
    """The name of a medium starting at word i (its noun, a known name, a quoted name)."""
    if i >= limit:
        return None
    if doc.is_form(i, "media_nouns"):
        return _name_after_noun(doc, i, limit)
    region = doc.regions.get(i)
    if region is not None and region.is_quotation and region.word_count <= MAX_QUOTED_NAME_WORDS:
        return Span(region.start, region.end), region.close_word
    return _known_name(doc, i) or _generic_medium(doc, i, limit)


def _source_after(doc: Doc, i: int, limit: int) -> tuple[int, int] | None:
    for j in range(i, min(limit, i + MAX_WORDS_BEFORE_SOURCE + 1)):
        if doc.words[j].norm == SOURCE_PREPOSITION:
            return run_forward(doc, j + 1, limit)
        if doc.words[j].is_punct:
            return None
    return None


def skip_fillers(doc: Doc, i: int, limit: int) -> int:
    while i < limit and doc.is_form(i, "according_fillers"):
        i += 1
    return i


def _medium_from(doc: Doc, marker: int, at: int, limit: int, how: str) -> Medium | None:
    found = medium_at(doc, at, limit)
    if found is None:
        return None
    span, last = found
    return Medium(span, marker, last, how, _source_after(doc, last + 1, limit))


def _interview_target(doc: Doc, i: int) -> int:
    """في مقابلة (نادرة) مع صحيفة ...، في تصريحات لوكالة ...: the word naming the medium, or -1."""
    if doc.words[i].norm != IN_PREPOSITION or not doc.is_form(i + 1, "interview_markers"):
        return -1
    for j in range(i + 2, min(len(doc.words), i + 3 + MAX_INTERVIEW_ADJECTIVES)):
        if doc.words[j].norm == WITH_PREPOSITION:
            return j + 1
        if doc.is_form(j, "media_nouns") or doc.phrase_at(j, "known_media"):
            return j
    return -1


def _quoted_at(doc: Doc, i: int) -> bool:
    region = doc.regions.get(i)
    return region is not None and region.is_quotation


def _may_mark_medium(doc: Doc, i: int) -> bool:
    """A cheap first test: could word i open a medium phrase at all?"""
    word = doc.words[i]
    return word.kind == "word" and (word.norm[:1] == LAM or any(v in doc.lex.via_triggers for v in word.variants))


def medium_marker_at(doc: Doc, i: int, limit: int) -> Medium | None:
    if not _may_mark_medium(doc, i):
        return None
    word = doc.words[i]
    if "ل" in word.proclitics and doc.is_form(i, "media_nouns"):
        return _medium_from(doc, i, i, limit, GIVEN_TO)
    if word.norm[:1] == LAM and doc.phrase_at(i, "known_media") and not _known_as_written(doc, i):
        return _medium_from(doc, i, i, limit, GIVEN_TO)
    if word.norm == LAM and (_quoted_at(doc, i + 1) or doc.phrase_at(i + 1, "known_media")):
        return _medium_from(doc, i, i + 1, limit, GIVEN_TO)  # لـ"العربية.نت"، لـCNN
    if doc.is_form(i, "according"):
        return _medium_from(doc, i, skip_fillers(doc, i + 1, limit), limit, ACCORDING)
    if doc.is_form(i, "relay_verbs"):
        return _medium_from(doc, i, skip_fillers(doc, i + 1, limit), limit, RELAY)
    if doc.is_form(i, "channel_prepositions"):
        return _medium_from(doc, i, i + 1, limit, CHANNEL)
    target = _interview_target(doc, i)
    return _medium_from(doc, i, target, limit, GIVEN_TO) if target >= 0 else None


def media_in(doc: Doc, first: int, end: int, skip: list[Span]) -> list[Medium]:
    """Every medium credited between words [first, end), outside the `skip` spans."""
    found: list[Medium] = []
    i = first
    while i < end:
        start = doc.words[i].start
        if any(s.start <= start < s.end for s in skip):
            i += 1
            continue
        medium = medium_marker_at(doc, i, end)
        if medium is not None:
            found.append(medium)
            i = max(i, medium.last_word) + 1
        else:
            i += 1
    return found
