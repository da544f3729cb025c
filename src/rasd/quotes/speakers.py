"""Who is speaking: the subject phrase of a cue (after it in VSO, before it in SVO), the
speaker a dropped pronoun stands for, anonymity and gender agreement."""

from __future__ import annotations

from dataclasses import dataclass, field

from rasd.quotes.cues import cue_at
from rasd.quotes.words import NAME_KINDS, Doc

FEMININE_LETTER = "ة"
DEFINITE_ARTICLE = "ال"
HASHTAG = "#"
LAM = "ل"
PERSON = "PER"
PLACE_TYPE = "LOC"  # a country or place named as a speaker
# ل and ب written apart from their noun (لـ"العربية.نت"), as normalisation leaves them.
DETACHED_PREPOSITIONS = frozenset(("ل", "ب"))
HASHTAG_JOINER = "_"
# A short quoted or bracketed name may sit inside a speaker phrase: حركة «حماس»، (فوت ليف).
MAX_NAME_REGION_WORDS = 4
# Cue genders that agree with any speaker.
NEUTRAL_GENDERS = frozenset(("n", "p"))
PLURAL = "p"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker phrase: word indexes [first, last] of the mention it is read from."""

    first: int
    last: int
    anonymous: bool
    gender: str  # m | f | n


@dataclass(slots=True)
class SpeakerMemory:
    """Speakers met so far, latest last: what a dropped subject (وأضاف) refers to."""

    said: list[tuple[int, Speaker]] = field(default_factory=list)  # (sentence, speaker)
    # The same speakers by sentence, so that a sentence's are found without a pass over all.
    by_sentence: dict[int, list[Speaker]] = field(default_factory=dict)

    def add(self, sentence: int, speaker: Speaker) -> None:
        self.said.append((sentence, speaker))
        self.by_sentence.setdefault(sentence, []).append(speaker)

    def in_sentence(self, sentence: int, gender: str) -> Speaker | None:
        for speaker in reversed(self.by_sentence.get(sentence, ())):
            if agrees(gender, speaker.gender):
                return speaker
        return None

    def latest(self, gender: str) -> Speaker | None:
        for _, speaker in reversed(self.said):
            if agrees(gender, speaker.gender):
                return speaker
        return None


def agrees(cue_gender: str, speaker_gender: str) -> bool:
    """A plural verb (دعوا) has no singular feminine subject (حملة); otherwise m/f must match."""
    if cue_gender == PLURAL:
        return speaker_gender != "f"
    if cue_gender in NEUTRAL_GENDERS or speaker_gender in NEUTRAL_GENDERS:
        return True
    return cue_gender == speaker_gender


def _hashtag_part(doc: Doc, i: int) -> bool:
    """#مصرف_لبنان_المركزي comes as '#', 'مصرف', '_لبنان_المركزي': all of it is the name."""
    text = doc.words[i].text
    return text == HASHTAG or text.startswith(HASHTAG_JOINER)


def _stops_speaker(doc: Doc, i: int) -> bool:
    word = doc.words[i]
    if _hashtag_part(doc, i):
        return False
    if word.kind not in NAME_KINDS:
        return True
    if doc.is_form(i, "title_connectors") or word.text in doc.lex.raw["name_homographs"]:
        return False
    if word.norm in doc.lex.words["speaker_stops"] or word.has_conjunction or word.has_preposition:
        return True
    if word.norm[:1] == LAM and doc.phrase_at(i, "known_media"):
        return True  # قالت لبي بي سي: the medium it was said to
    if word.norm in DETACHED_PREPOSITIONS:
        return True  # لـ"العربية.نت": a preposition written apart with a tatweel
    if doc.is_introducer(i) or doc.is_form(i, "according") or doc.is_form(i, "relay_verbs"):
        return True
    return cue_at(doc, i) is not None


def _name_region_end(doc: Doc, i: int, limit: int) -> int:
    """The closing word of a short quoted/bracketed name opening at i, or -1."""
    region = doc.regions.get(i)
    if region is None or region.word_count > MAX_NAME_REGION_WORDS or region.close_word >= limit:
        return -1
    after = region.close_word + 1
    if after < len(doc.words) and doc.words[after].text == ":":
        return -1
    return region.close_word


def _preposition_first(doc: Doc, j: int) -> bool:
    """بيان للجيش: a ل on the first word of an issuer's name, not a stop."""
    word = doc.words[j]
    return word.kind in NAME_KINDS and word.has_preposition and not word.has_conjunction and not (
        word.norm in doc.lex.words["speaker_stops"] or cue_at(doc, j) is not None)


def run_forward(doc: Doc, i: int, limit: int, clitic_first: bool = False) -> tuple[int, int] | None:
    """The name-like words from i on: titles, names, adjectives, short quoted names."""
    last, j = -1, i
    while j < limit and j - i < doc.lex.max_speaker_words:
        if last >= 0 and (close := _name_region_end(doc, j, limit)) >= 0:
            last = j = close
            j += 1
            continue
        if j == i and clitic_first and _preposition_first(doc, j):
            last, j = j, j + 1
            continue
        if _inside_entity(doc, j, i):
            last, j = j, j + 1
            continue
        if _stops_speaker(doc, j) or (j > i and doc.is_form(j, "statement_nouns")) or _second_name(doc, j, i):
            break
        last, j = j, j + 1
    return _trim_to_person(doc, i, last) if last >= 0 else None


def _second_name(doc: Doc, j: int, first: int) -> bool:
    """A name right after a country's or place's name is another actor (اتهمت إيران الولايات
    المتحدة: the accused), not more of the speaker's name."""
    before, here = doc.entity_at.get(j - 1), doc.entity_at.get(j)
    return j > first and here is not None and here[0] == j and before is not None and before[1] == j - 1 \
        and before[2] == PLACE_TYPE


def _inside_entity(doc: Doc, j: int, first: int) -> bool:
    """A word that continues an entity the run already holds (ميشيل بارو: بـ is no preposition)."""
    entity = doc.entity_at.get(j)
    return entity is not None and entity[0] < j and entity[0] >= first


def _trim_to_person(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """With entities: a subject run ends with its person's name (عرض الوزير سامي الخطة → الوزير سامي)."""
    for j in range(last, first - 1, -1):
        entity = doc.entity_at.get(j)
        if entity is not None and entity[2] == PERSON:
            return first, max(entity[1], first) if entity[1] < last else last
    return first, last


def run_backward(doc: Doc, i: int, floor: int) -> tuple[int, int] | None:
    """The name-like words ending just before i (an SVO subject). A subject opens its
    clause: a run that starts with و inside the sentence is the tail of another phrase."""
    first, j = -1, i - 1
    while j >= floor and i - j <= doc.lex.max_speaker_words:
        if doc.is_form(j, "pronoun_particles") or (_stops_speaker(doc, j) and not doc.words[j].has_conjunction):
            break
        first = j
        if doc.words[j].has_conjunction:
            if j > floor:
                return None
            break
        j -= 1
    if first < 0 or doc.phrase_at(first, "platforms") or _holds_plural_verb(doc, first, i - 1):
        return None
    return first, i - 1


def _holds_plural_verb(doc: Doc, first: int, last: int) -> bool:
    """مقاطع فيديو تناقلوا ...: a run with a plural verb in it is not one subject."""
    endings = doc.lex.raw["verb_endings"]
    return any(doc.words[j].text.endswith(e) for j in range(first, last + 1) for e in endings)


def is_anonymous(doc: Doc, first: int, last: int) -> bool:
    """An indefinite unnamed source (مصدر مطلع، مسؤول أميركي); a person entity in it names someone."""
    if not doc.is_form(first, "anonymous_heads") or doc.words[first].has_article:
        return False
    return not any(doc.entity_at.get(j, (0, 0, ""))[2] == PERSON for j in range(first, last + 1))


def gender_of(doc: Doc, first: int) -> str:
    """f for a feminine head (المتحدثة، وزارة، طهران), m for a definite noun without the
    feminine ending (السفير، الجيش), n for a name, whose gender the letters do not tell."""
    word = doc.words[first]
    if doc.phrase_at(first, "feminine_institutions") or word.text.endswith(FEMININE_LETTER):
        return "f"
    return "m" if word.has_article or word.norm.startswith(DEFINITE_ARTICLE) else "n"


def make_speaker(doc: Doc, run: tuple[int, int]) -> Speaker:
    first, last = run
    return Speaker(first, last, is_anonymous(doc, first, last), gender_of(doc, first))
