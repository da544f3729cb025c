"""Statements attributed without a verb of saying: "وبحسب بيان للجيش، ..." and
"...، وفقا للبيان" / "...، كما أفادت الشرطة" — the clause is the content, the source speaks."""

from __future__ import annotations

from rasd.model import Span
from rasd.quotes.content import Content, clause_end
from rasd.quotes.speakers import Speaker, SpeakerMemory, make_speaker, run_forward
from rasd.quotes.via import Medium, medium_at, skip_fillers
from rasd.quotes.words import COLONS, COMMAS, Doc, quotations

# How far a leading attribution may run before the comma that opens its clause.
MAX_LEADING_WORDS = 12
# An attribution may follow its clause without a comma when it is this short and ends the sentence.
MAX_UNSEPARATED_SOURCE_WORDS = 3
# "الكرملين: «...»" — a headline's speaker before a colon is a short name or title.
MAX_COLON_SPEAKER_WORDS = 5


def _has_quotation(doc: Doc, first: int, last: int) -> bool:
    return bool(quotations(doc).within(first, last))


def _content(doc: Doc, first: int, last: int) -> Content | None:
    if last < first:
        return None
    word = doc.words[first]
    start = word.start + len(word.proclitics) if word.has_conjunction else word.start
    kind = "mixed" if _has_quotation(doc, first, last) else "indirect"
    return Content(Span(start, doc.words[last].end), kind, last)


def _closes_sentence(doc: Doc, marker: int) -> bool:
    """Does a source that points back end the sentence (... بحسب المصدر ذاته. / بحسب الجمعية.)?
    Other short phrases there are rarely sources (بحسب التقويم العبري)."""
    words = [i for i in range(marker + 1, doc.sentence_end(marker)) if not doc.words[i].is_punct]
    if not words or len(words) > MAX_UNSEPARATED_SOURCE_WORDS:
        return False
    return _is_anaphoric(doc, words[0]) or (len(words) == 1 and doc.words[words[0]].has_article)


def trailing_content(doc: Doc, marker: int, medium_end: int = -1) -> Content | None:
    """The clause before "، <marker>": from the sentence start to the comma (or to the
    marker, when a short attribution, or a medium ending at `medium_end`, ends the
    sentence without one)."""
    comma = marker - 1
    while comma >= 0 and doc.is_form(comma, "clause_boundaries"):
        comma -= 1
    first = doc.sentence_start(marker)
    if comma <= first:
        return None
    if doc.words[comma].text in COMMAS:
        resumes = _resumes_after(doc, marker)
        return _content(doc, first, comma - 1 if resumes < 0 else clause_end(doc, resumes))
    ends_sentence = _closes_sentence(doc, marker) or _nothing_after(doc, medium_end)
    return _content(doc, first, marker - 1) if comma == marker - 1 and ends_sentence else None


def _resumes_after(doc: Doc, marker: int) -> int:
    """Where the clause resumes after an attribution set off by commas (اتفق الطرفان، بحسب
    بيان مشترك، على ...), or -1 when the attribution ends the sentence."""
    end = min(doc.sentence_end(marker), marker + MAX_LEADING_WORDS)
    for i in range(marker + 1, end):
        if doc.words[i].text in COMMAS:
            return i + 1 if i + 1 < doc.sentence_end(marker) and not doc.words[i + 1].is_punct else -1
    return -1


def _nothing_after(doc: Doc, last: int) -> bool:
    """Is word `last` the sentence's last word (punctuation aside)?"""
    if last < 0:
        return False
    return all(doc.words[i].is_punct for i in range(last + 1, doc.sentence_end(last)))


def leading_content(doc: Doc, marker: int) -> Content | None:
    """The clause after "<marker> ...، ": from after the comma to the clause end."""
    end = min(doc.sentence_end(marker), marker + MAX_LEADING_WORDS)
    for i in range(marker + 1, end):
        if doc.words[i].text in COMMAS and i + 1 < doc.sentence_end(marker):
            return _content(doc, i + 1, clause_end(doc, i + 1))
    return None


def _is_anaphoric(doc: Doc, i: int) -> bool:
    if not doc.is_form(i, "anaphoric_sources"):
        return False
    return doc.words[i].has_article or doc.is_form(i + 1, "anaphoric_trailers")


def issuer(doc: Doc, i: int, limit: int, memory: SpeakerMemory) -> Speaker | None:
    """Who issued what an attribution marker points at (بيان نقله الناطق ...، للبيان)."""
    if i >= limit:
        return None
    if _is_anaphoric(doc, i):
        return memory.latest("n")
    while i < limit and (doc.is_form(i, "statement_nouns") or doc.is_form(i, "statement_relatives")):
        i += 1
    run = run_forward(doc, i, limit, clitic_first=True) if i < limit else None
    return make_speaker(doc, run) if run else None


def according_source(doc: Doc, marker: int, memory: SpeakerMemory) -> tuple[Speaker | None, Medium | None]:
    """The speaker an attribution marker names, and the medium it names on the way."""
    limit = doc.sentence_end(marker)
    at = skip_fillers(doc, marker + 1, limit)
    found = medium_at(doc, at, limit)
    if found is None:
        return issuer(doc, at, limit, memory), None
    span, last = found
    for j in range(last + 1, min(limit, last + 4)):
        if doc.words[j].norm == "عن":
            run = run_forward(doc, j + 1, limit)
            return (make_speaker(doc, run) if run else None), Medium(span, marker, last)
    return None, Medium(span, marker, last)



def colon_statement(doc: Doc, sentence: int) -> tuple[tuple[int, int], Content] | None:
    """Headline style, "لافروف: «لا حل عسكريا»": a name, a colon, a quotation."""
    first, end = doc.sentence_words[sentence]
    run = run_forward(doc, first, end) if first < end else None
    if run is None or run[1] - run[0] + 1 > MAX_COLON_SPEAKER_WORDS:
        return None
    colon, opening = run[1] + 1, run[1] + 2
    if colon >= end or doc.words[colon].text not in COLONS:
        return None
    region = doc.regions.get(opening)
    if region is None or not region.is_quotation:
        return None
    return run, Content(Span(region.start, region.end), "direct", region.close_word)
