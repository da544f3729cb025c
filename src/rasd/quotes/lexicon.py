"""The quotation stage's language knowledge, read once from src/rasd/data/quotes/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.resources import read_json, read_table
from rasd.text import normalize_word

CUES_FILE = ("quotes", "cues.tsv")
MARKERS_FILE = ("quotes", "markers.json")
NO_VALUE = "-"
OBJECT_COMPLEMENT = "obj"
CONTINUATION_FLAG = "cont"
BI_ONLY_FLAG = "bi"
WASL_ALEF = "ا"
SHADDA = "\u0651"
# Marker lists whose words can open a medium phrase (في opens في مقابلة مع ...).
VIA_TRIGGER_LISTS = ("media_nouns", "according", "relay_verbs", "channel_prepositions")
IN_WORD = "في"


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One inflected form of a reporting word."""

    lemma: str
    kind: str  # verb | participle | noun | frame
    gender: str  # m | f | p | n
    takes: frozenset[str]  # prepositions (normalised) or "obj" that may open the content
    continuation: bool
    bi_only: bool = False  # the content opens with بأن only
    wasl: bool = False  # spelt with a plain alef (اعتبر): أعتبر in the text is another word
    shadda: bool = False  # written with a shadda (حمّل): without it the word is another (حمل)


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: dict[str, CueEntry]
    proclitics: tuple[str, ...]
    words: dict[str, frozenset[str]]  # marker list name -> normalised single words
    raw: dict[str, frozenset[str]]  # marker list name -> the entries as written
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # marker list name -> multiword phrases, longest first
    max_speaker_words: int
    max_cue_gap_words: int
    max_described_gap_words: int
    min_direct_words: int
    via_triggers: frozenset[str] = frozenset()  # words that can open a medium phrase


def _cue_rows() -> dict[str, CueEntry]:
    cues: dict[str, CueEntry] = {}
    for lemma, kind, takes, flags, forms in read_table(*CUES_FILE):
        complements = frozenset() if takes == NO_VALUE else frozenset(normalize_word(t) for t in takes.split(","))
        flag_set = frozenset(flags.split(","))
        for tagged in forms.split():
            form, _, gender = tagged.partition(":")
            cues[normalize_word(form)] = CueEntry(lemma, kind, gender or "n", complements,
                                                  CONTINUATION_FLAG in flag_set, BI_ONLY_FLAG in flag_set,
                                                  form.startswith(WASL_ALEF), SHADDA in form)
    return cues


def _split_lists(markers: dict) -> tuple[dict[str, frozenset[str]], dict[str, tuple[tuple[str, ...], ...]]]:
    words: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
    for name, value in markers.items():
        if not isinstance(value, dict):
            continue
        forms = [normalize_word(item) for item in value["list"]]
        words[name] = frozenset(forms)
        multi = sorted((tuple(f.split()) for f in forms), key=len, reverse=True)
        phrases[name] = tuple(multi)
    return words, phrases


@cache
def lexicon() -> Lexicon:
    markers = read_json(*MARKERS_FILE)
    words, phrases = _split_lists(markers)
    raw = {name: frozenset(value["list"]) for name, value in markers.items() if isinstance(value, dict)}
    proclitics = tuple(normalize_word(p) for p in markers["cue_proclitics"]["list"])
    triggers = frozenset().union(*(words[name] for name in VIA_TRIGGER_LISTS), {normalize_word(IN_WORD)})
    return Lexicon(_cue_rows(), proclitics, words, raw, phrases, markers["max_speaker_words"],
                   markers["max_cue_gap_words"], markers["max_described_gap_words"], markers["min_direct_words"],
                   triggers)
