"""What was said: where a cue's content opens (أن/إن, a colon, a quotation mark, the
preposition the cue governs) and where the reported clause ends."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.model import Span
from rasd.quotes.cues import Cue, is_clause_cue
from rasd.quotes.lexicon import OBJECT_COMPLEMENT
from rasd.quotes.words import COLONS, COMMAS, SENTENCE_FINAL, Doc, Region, quotations

# Bare complementisers: "قال إن «...»" reports the quoted words themselves (a direct quote).
BARE_INTRODUCERS = frozenset(("ان", "بان"))
BI_PREFIX = "ب"
DETACHED_LAM = "ل"
# Stop words that may still open an object (تكذيب هذه المزاعم).
OBJECT_DETERMINERS = frozenset(("هذه", "هذا", "تلك", "ذلك"))
CLAUSE_PROCLITICS = frozenset(("و", "ف", "ل"))
# Content words that may stand between a cue's subject and the preposition it governs (شدد
# حفتر في تصريحاته على ...); further away, the preposition belongs to an object of its own
# (أكدت المحكمة حكما بالسجن على ...).
MAX_PREPOSITION_GAP = 1
# A cue in a relative clause has its content right after its subject, or none.
MAX_EMBEDDED_GAP = 1
CLOSING_MARKS = ")»”\""


@dataclass(frozen=True, slots=True)
class Opening:
    how: str  # that | colon | mark | prep | obj
    word: int


@dataclass(frozen=True, slots=True)
class Content:
    span: Span
    kind: str  # direct | indirect | mixed
    last_word: int


def _is_name_region(doc: Doc, region: Region) -> bool:
    """A short quoted name (لوكالة «تاس»، موقع "بازفيد"، لـ"العربية.نت") rather than quoted words."""
    before = region.open_word - 1
    if doc.is_form(before, "media_nouns") or doc.phrase_at(region.open_word + 1, "known_media"):
        return True
    if before >= 0 and doc.words[before].norm == DETACHED_LAM:
        return True
    after = region.close_word + 1
    if region.word_count < doc.lex.min_direct_words:
        return True  # إعصار "مكونو": one quoted word is a name or a scare quote
    if region.word_count > doc.lex.min_direct_words or after >= len(doc.words):
        return False
    follower = doc.words[after]
    if follower.is_punct and follower.text in COMMAS:
        # موقع الجيش "سبتمبر نت"، أن ...: a name set off before the clause it interrupts
        return doc.is_introducer(after + 1)
    return not (follower.is_punct and follower.text in SENTENCE_FINAL)


def _takes_preposition(doc: Doc, cue: Cue, i: int) -> bool:
    takes = cue.entry.takes
    word = doc.words[i]
    if not takes or word.kind != "word":
        return False
    return word.norm in takes or (word.proclitics[:1] in takes and word.proclitics[:1] != "")


def _opens_that_clause(doc: Doc, cue: Cue, i: int) -> bool:
    if not doc.is_introducer(i) or doc.is_form(i - 1, "introducer_blockers"):
        return False
    return not cue.entry.bi_only or doc.words[i].norm.startswith(BI_PREFIX)


def embedded(doc: Doc, i: int) -> bool:
    """A cue in a relative clause (الضربات التي أعلنت إسرائيل شنها): it reports in passing."""
    return doc.is_form(i - 1, "relatives")


def _content_words_between(doc: Doc, start: int, i: int) -> int:
    """Words between, not counting punctuation, particles and adverbs of time (speaker stops)."""
    return sum(1 for j in range(start, i) if not doc.words[j].is_punct and not doc.is_form(j, "speaker_stops"))


def find_opening(doc: Doc, cue: Cue, start: int, limit: int) -> Opening | None:
    """The first word that opens `cue`'s content in [start, limit), or None. A preposition
    opens it only close to the cue (أكد ... على), a clause cue on the way ends the search
    unless it is embedded in a relative clause."""
    if embedded(doc, cue.word):
        limit = min(limit, start + MAX_EMBEDDED_GAP + 1)
    i = start
    while i < limit:
        word = doc.words[i]
        if _opens_that_clause(doc, cue, i):
            return Opening("that", i)
        if word.text in COLONS:
            return Opening("colon", i + 1) if i + 1 < len(doc.words) else None
        region = doc.regions.get(i)
        if region is not None and region.is_quotation:
            if not _is_name_region(doc, region) and (cue.kind != "noun" or i == start):
                return Opening("mark", i)
            i = region.close_word + 1
            continue
        if _takes_preposition(doc, cue, i) and _content_words_between(doc, start, i) <= MAX_PREPOSITION_GAP:
            return Opening("prep", i)
        if word.text in SENTENCE_FINAL or (i > start and is_clause_cue(doc, i) and not embedded(doc, i)):
            return None
        i += 1
    return None


def object_opening(doc: Doc, cue: Cue, start: int, limit: int) -> Opening | None:
    """For cues with a direct object (نفى، تكذيب): the first word after commas, unless
    that word opens a clause of its own (أن، a colon, a quotation)."""
    if OBJECT_COMPLEMENT not in cue.entry.takes:
        return None
    i = start
    while i < limit and (doc.words[i].text in COMMAS or doc.is_form(i, "time_words")):
        i += 1
    word = doc.words[i] if i < limit else None
    if word is None or word.kind != "word" or word.has_preposition or word.has_conjunction:
        return None
    if word.norm == DETACHED_LAM or doc.is_form(i, "media_nouns"):
        return None  # لـ"الغد.نت"، لوكالة ...: whom it was said to
    if doc.is_form(i, "speaker_stops") and word.norm not in OBJECT_DETERMINERS:
        return None
    if doc.is_form(i, "title_words"):
        return None  # أكد مقتدى الصدر، زعيم التيار ...، أن: an apposition, not the object
    return None if doc.is_introducer(i) else Opening("obj", i)


def _starts_new_clause(doc: Doc, i: int) -> bool:
    if i >= len(doc.words):
        return True
    if is_clause_cue(doc, i) or doc.is_form(i, "according") or doc.is_form(i, "relay_verbs"):
        return True
    if doc.phrase_at(i, "clause_boundaries"):
        return True
    return doc.is_form(i, "pronoun_particles") and is_clause_cue(doc, i + 1)


def _ends_after_quotation(doc: Doc, i: int) -> bool:
    """A word with a conjunction or ل right after a closing quotation mark starts a new
    clause: أنه "بصحة جيدة" لينفي ...، بأنه سيكون "الأمثل" وكلف ..."""
    if i >= len(doc.words) or doc.words[i].kind != "word" or doc.is_introducer(i):
        return False
    return doc.words[i].proclitics[:1] in CLAUSE_PROCLITICS


def _breaks_clause(doc: Doc, i: int, first: int, stop_at_cue: bool) -> bool:
    text = doc.words[i].text
    if text in SENTENCE_FINAL or (text in COMMAS and _starts_new_clause(doc, i + 1)):
        return True
    return stop_at_cue and i > first and (is_clause_cue(doc, i) or doc.is_form(i, "complement_ends"))


def _enclosing_close(doc: Doc, i: int) -> int | None:
    """The closing mark of a quotation around word i: speech reported inside a quotation
    ends with it."""
    inside = [r.close_word for r in quotations(doc).enclosing(i)]
    return min(inside) if inside else None


def clause_end(doc: Doc, first: int, stop_at_cue: bool = False) -> int:
    """The last word of the reported clause that starts at word `first`."""
    i, last, end = first, first, doc.sentence_end(first)
    enclosing = _enclosing_close(doc, first)
    if enclosing is not None:
        end = min(end, enclosing)
    while i < end:
        region = doc.regions.get(i)
        if region is not None:
            last = i = region.close_word
            end = max(end, doc.sentence_end(i)) if enclosing is None else end
            if region.is_quotation and _ends_after_quotation(doc, i + 1):
                break
        elif _breaks_clause(doc, i, first, stop_at_cue):
            break
        elif not doc.words[i].is_punct or doc.words[i].text in CLOSING_MARKS:
            last = i
        i += 1
    while last > first and doc.is_form(last, "relatives"):
        last -= 1  # "... السياسات التي | وصفها": the relative belongs to the clause cut off
    return last


def _regions_inside(doc: Doc, first: int, last: int) -> list[Region]:
    return quotations(doc).within(first, last)


def _direct(region: Region) -> Content:
    return Content(Span(region.start, region.end), "direct", region.close_word)


def _continues_after(doc: Doc, region: Region) -> bool:
    """Does the reported clause go on after the quotation (ووجد التحقيق "..." بين ...)?"""
    after = region.close_word + 1
    if after >= len(doc.words) or doc.words[after].kind != "word":
        return False
    return not _starts_new_clause(doc, after) and not _ends_after_quotation(doc, after)


def content_of(doc: Doc, opening: Opening) -> Content | None:
    i = opening.word
    if i >= len(doc.words):
        return None
    region = doc.regions.get(i)
    quoted = region is not None and region.is_quotation
    if quoted and (opening.how == "colon" or (opening.how == "mark" and not _continues_after(doc, region))):
        return _direct(region)
    # A preposition before أن (أشار إلى أن، شدد على أن) opens a whole clause, not a short complement.
    short = opening.how == "obj" or (opening.how == "prep" and not doc.is_introducer(i + 1))
    last = clause_end(doc, i, stop_at_cue=short)
    if opening.how == "that" and doc.words[i].norm in BARE_INTRODUCERS:
        quoted = doc.regions.get(i + 1)
        if quoted is not None and quoted.is_quotation and quoted.close_word == last:
            return _direct(quoted)
    inner = _regions_inside(doc, i, last)
    kind = "direct" if opening.how == "colon" else ("mixed" if inner else "indirect")
    return Content(Span(doc.words[i].start, doc.words[last].end), kind, last)
