"""How sure an event is: the trigger's prior, what kind of word it is, and the words around
it that tell a report of an act that happened from a mention of one (data/events/confidence.*)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from rasd.events.triggers import TriggerMatch
from rasd.model import Token
from rasd.resources import read_json, read_table
from rasd.text.normalize import normalize_word

CUES_FILE = ("events", "confidence.tsv")
SETTINGS_FILE = ("events", "confidence.json")
NEAR, SENTENCE = "near", "sentence"
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.05, 0.99
SOFT_KNEE = 0.7
LIGHT_VERB_REACH = 3  # قام ملثمون مجهولون بخطف
LIGHT_VERB_FAR_REACH = 10  # قام متظاهرون في ضواحي المدينة بالاحتجاج: when the noun carries its ب or ل
LIGHT_VERB_PREPOSITIONS = ("ب", "ل")
ARTICLE, CONJUNCTION = "ال", "و"
BARE_READINGS = 2  # the word as written and with one clitic letter off (والذي → الذي, لمنفذ → منفذ)
CROWD_REACH = 2  # آلاف من المتظاهرين
ANAPHORIC_SUBJECT_REACH = 2  # هتف أمس المتظاهرون


@dataclass(frozen=True, slots=True)
class Cue:
    weight: float
    near: bool


@cache
def cues() -> dict[str, Cue]:
    return {normalize_word(w): Cue(float(weight), scope == NEAR) for w, weight, scope in read_table(*CUES_FILE)}


@cache
def weights() -> dict:
    return read_json(*SETTINGS_FILE)


def report_threshold(type_: str) -> float:
    thresholds = weights()["report_threshold"]
    return float(thresholds.get(type_, thresholds["default"]))


def min_confidence() -> float:
    return float(weights()["min_confidence"])


@cache
def _opinion_words() -> frozenset[str]:
    return frozenset(normalize_word(w) for w in weights()["opinion_words"])


def opinion_only(match: TriggerMatch, type_: str, forms: list[tuple[str, ...]]) -> bool:
    """A material act named by a noun under a verb of opinion (يرى أن الهجوم ... خطأ): the
    sentence reports a view, and no event is made of it."""
    if match.entry.verbal or type_ not in weights()["material_types"]:
        return False
    words = _opinion_words()
    return any(not words.isdisjoint(readings) for readings in forms[: match.first])


def _cue_sum(match: TriggerMatch, forms: list[tuple[str, ...]]) -> float:
    table, window = cues(), weights()["near_window"]
    seen: dict[str, float] = {}
    for i, readings in enumerate(forms):
        if match.first <= i <= match.last:
            continue
        distance = match.first - i if i < match.first else i - match.last
        for reading in readings:
            cue = table.get(reading)
            if cue is not None and (not cue.near or distance <= window):
                seen[reading] = cue.weight
                break
    cap = weights()["cue_cap"]
    return max(-cap, min(cap, sum(seen.values())))


def names_past_century(tokens: list[Token], text: str) -> bool:
    """A year of the last century in the sentence (عام 1988, في 1997): the act is history."""
    prefix, digits = weights()["historical_year_prefix"], weights()["year_digits"]
    years = (text[t.start: t.end] for t in tokens if t.kind == "number")
    return any(len(year) == digits and year.startswith(prefix) for year in years)


def _number_near(match: TriggerMatch, tokens: list[Token]) -> bool:
    window = weights()["near_window"]
    lo, hi = max(0, match.first - window), min(len(tokens), match.last + 1 + window)
    return any(t.kind == "number" for t in tokens[lo:hi])


@cache
def _governors() -> frozenset[str]:
    return frozenset(normalize_word(w) for w in weights()["governors"])


@cache
def _light_verbs() -> frozenset[str]:
    return frozenset(normalize_word(v) for v in weights()["light_verbs"])


def after_light_verb(match: TriggerMatch, forms: list[tuple[str, ...]]) -> bool:
    """قام مسلحون بخطف, تعرضت لهجوم: the noun carries the verb's action. The verb's own
    preposition on the noun lets a longer subject stand between them."""
    written, stem = forms[match.first][0], match.entry.words[0]
    marked = written != stem and written.removeprefix("و").startswith(LIGHT_VERB_PREPOSITIONS)
    window = forms[max(0, match.first - (LIGHT_VERB_FAR_REACH if marked else LIGHT_VERB_REACH)): match.first]
    return any(not _light_verbs().isdisjoint(readings[:1]) for readings in window)


def _governed(match: TriggerMatch, forms: list[tuple[str, ...]], tokens: list[Token]) -> bool:
    """A noun trigger that is the complement of a preposition or of a backgrounding noun."""
    w = weights()
    if after_light_verb(match, forms):
        return False
    proclitics = tokens[match.first].proclitics
    if proclitics and proclitics[-1] in w["governing_proclitics"]:
        return True
    window = forms[max(0, match.first - w["governed_window"]): match.first]
    governors = _governors()
    return any(not governors.isdisjoint(readings[:BARE_READINGS]) for readings in window)


@cache
def _gathering_verbs() -> frozenset[str]:
    return frozenset(normalize_word(v) for v in weights()["gathering_verbs"])


def _gathered(match: TriggerMatch, forms: list[tuple[str, ...]]) -> bool:
    """The participants are the subject of a verb of gathering: the act is reported."""
    window = forms[max(0, match.first - weights()["gathering_window"]): match.first]
    return any(not _gathering_verbs().isdisjoint(readings[:2]) for readings in window)


@cache
def _word_set(key: str) -> frozenset[str]:
    return frozenset(normalize_word(w) for w in weights()[key])


def read_as_verbal_noun(match: TriggerMatch, forms: list[tuple[str, ...]]) -> bool:
    """A bare perfect verb form right after a preposition or a noun that takes a verbal noun
    (أدت إلى قتل, عمليات خطف, محاولة قتل) is the verbal noun, which Arabic writes alike."""
    if not match.entry.verbal or match.entry.imperfect or match.first == 0:
        return False
    return not _word_set("verbal_noun_heads").isdisjoint(forms[match.first - 1][:1])


def in_relative_clause(match: TriggerMatch, forms: list[tuple[str, ...]]) -> bool:
    """A verb just after a relative pronoun (الذي اغتال, التي خطفت) describes the noun before
    it: the act is background to what the sentence reports."""
    window = forms[max(0, match.first - weights()["relative_window"]): match.first]
    return any(not _word_set("relative_pronouns").isdisjoint(readings[:BARE_READINGS]) for readings in window)


def _refers_back_at(forms: list[tuple[str, ...]], i: int) -> bool:
    """Token i names the participants with the article and no crowd size (المتظاهرون, not
    آلاف المتظاهرين): people the article has already introduced."""
    if i >= len(forms) or _word_set("anaphoric_participants").isdisjoint(forms[i][:BARE_READINGS]):
        return False
    before = forms[max(0, i - CROWD_REACH): i]
    return all(_word_set("crowd_words").isdisjoint(readings) for readings in before)


def refers_back(match: TriggerMatch, forms: list[tuple[str, ...]]) -> bool:
    """The act is done by, or is, participants already introduced (وهتف المتظاهرون, ورفع
    المتظاهرون): the sentence adds detail to an act reported before it."""
    span = range(match.first, match.last + 1 + (ANAPHORIC_SUBJECT_REACH if match.entry.verbal else 0))
    return any(_refers_back_at(forms, i) for i in span)


def _attributive(match: TriggerMatch, forms: list[tuple[str, ...]]) -> bool:
    """A participle with the article describes a noun (الحملة الداعية إلى): unlike the
    circumstantial داعيا, it reports no act of its own."""
    return forms[match.first][0].removeprefix(CONJUNCTION).startswith(ARTICLE)


def _kind_score(match: TriggerMatch, forms: list[tuple[str, ...]], verbal: bool) -> float:
    """What the trigger's kind of word adds: a predicated act more than a named one."""
    w = weights()
    if verbal or (match.entry.kind == "noun" and after_light_verb(match, forms)):
        relative = w["relative_penalty"] if verbal and in_relative_clause(match, forms) else 0.0
        bonus = w["verb_bonus"] + w["type_verb_bonus"].get(match.entry.type, 0.0)
        return bonus - (w["imperfect_penalty"] if match.entry.imperfect else 0.0) - relative
    if match.entry.kind == "participant" and not _gathered(match, forms) \
            and (match.entry.type in w["material_types"] or _attributive(match, forms)):
        return -w["participant_penalty"]
    return 0.0


def _background(match: TriggerMatch, forms: list[tuple[str, ...]], tokens: list[Token], named: bool,
                history: bool) -> float:
    """What says the act is background to the sentence: a noun it names (`named`: an asserted
    noun, or a verbal noun read off a verb form) governed by another word, participants the
    article introduced before, a year of the last century."""
    w = weights()
    governed = named and (match.entry.verbal or _governed(match, forms, tokens))
    penalty = w["governed_penalty"] if governed else 0.0
    penalty += w["anaphoric_penalty"] if refers_back(match, forms) else 0.0
    penalty += w["definite_act_penalty"] if _definite_act(match, forms, tokens) else 0.0
    return penalty + (w["history_penalty"] if history else 0.0)


def _definite_act(match: TriggerMatch, forms: list[tuple[str, ...]], tokens: list[Token]) -> bool:
    """A noun of an act with the article (الهجوم, التفجيرين, المظاهرة) names an act the reader
    already knows: the sentence adds to a report made before it. Not so after a light verb
    (قاموا بالاحتجاج: the predicate) or a preposition (فشلت في التوصل إلى: the article on a
    verbal noun there is that of the infinitive)."""
    token = tokens[match.first]
    if match.entry.kind != "noun" or not token.has_article or after_light_verb(match, forms):
        return False
    before = forms[match.first - 1][:1] if match.first else ()
    joined = token.proclitics[-1:] in weights()["governing_proclitics"]
    return not joined and _word_set("infinitive_prepositions").isdisjoint(before)


def event_confidence(match: TriggerMatch, same_type: int, forms: list[tuple[str, ...]],
                     tokens: list[Token], asserted: bool, history: bool = False) -> float:
    """Confidence in [MIN, MAX]; `same_type` counts the sentence's other triggers of its type;
    `history`: the sentence names a year of the last century (names_past_century)."""
    w = weights()
    verbal = match.entry.verbal and not read_as_verbal_noun(match, forms)
    score = match.entry.prior + _cue_sum(match, forms) + _kind_score(match, forms, verbal)
    score -= _background(match, forms, tokens, asserted and not verbal, history)
    if _number_near(match, tokens):
        score += w["number_bonus"]
    if same_type:
        score += w["corroboration_bonus"]
    if not asserted:
        score *= w["non_asserted_factor"]
    return _bounded(score)


def _bounded(score: float) -> float:
    """Scores above SOFT_KNEE approach MAX_CONFIDENCE without reaching it, so that more
    evidence still ranks higher instead of all ending at the cap."""
    if score <= SOFT_KNEE:
        return max(MIN_CONFIDENCE, score)
    room = MAX_CONFIDENCE - SOFT_KNEE
    return SOFT_KNEE + room * (1 - math.exp(-(score - SOFT_KNEE) / room))
