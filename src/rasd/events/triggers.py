"""The trigger lexicon (data/events/triggers.tsv) and finding its words in a sentence.

A token is looked up under every reading of its clitics (وبالغارات → غارات, غارتها →
غارة), the reading with the least peeled off first, so a word that is itself in the
lexicon (بحث) is never read as a clitic plus another entry (ب + حث).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.model import Token
from rasd.resources import read_json, read_table
from rasd.text.marks import QUOTE_PAIRS
from rasd.text.normalize import lexical_form, normalize_word

TRIGGERS_FILE = ("events", "triggers.tsv")
AFFIXES_FILE = ("events", "affixes.json")
ARGUMENTS_FILE = ("events", "arguments.json")
NAME_QUOTES = QUOTE_PAIRS  # a word alone between these is a name
WORD_JOINER = "_"
VERB_PAST, VERB_PRESENT, NOUN, PARTICIPANT, CIRCUMSTANTIAL = "v", "p", "n", "a", "c"
VERB, EVENT_NOUN = "verb", "noun"
KIND_OF_MARKER = {VERB_PAST: VERB, VERB_PRESENT: VERB, NOUN: EVENT_NOUN, PARTICIPANT: "participant",
                  CIRCUMSTANTIAL: "participant"}
IMPERFECT_PREFIX = "ي"
TAA_MARBUTA = "ة"
TAA_BEFORE_SUFFIX = "ت"
FORM_CACHE = 30_000  # distinct forms whose readings are kept (bounded for long runs)
DAMMA = "\u064f"
PURPOSE_LAM = "ل"
QUOTE_MARKS = frozenset('"«»“”')


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One surface form of a lexicon row: all its words, normalised."""

    type: str
    lemma: str
    prior: float
    words: tuple[str, ...]
    kind: str  # verb (its subject and object are arguments), noun (the act), participant
    imperfect: bool = False  # an imperfect verb, the only form the future prefix س goes on
    carries_subject: bool = False  # its subject is in its affixes (قصفوا): no subject after it
    circumstantial: bool = False  # a participle of manner (منددا, شاكرا): it takes an object like a verb

    @property
    def verbal(self) -> bool:
        return self.kind == VERB


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    entry: TriggerEntry
    first: int  # index of the first token (in the sentence's token list)
    last: int  # index of the last token, inclusive
    future: bool  # the first token carries the future proclitic س
    passive: bool = False  # a verb written with the passive's damma (غُرمت, قُتل)
    whole: bool = False  # the first token matched as written, nothing peeled before it (فجرت)


@cache
def affixes() -> dict:
    return read_json(*AFFIXES_FILE)


def _expand(marker: str, form: str) -> list[tuple[str, bool]]:
    """Surface forms (normalised) of one FORMS item, each with whether it carries its subject
    (a plural, dual or first person verb form: قصفوا, نقصف)."""
    rules = affixes()
    form = normalize_word(form)
    if marker == VERB_PAST:
        carrying = rules["pronominal_past_suffixes"]
        return [(form + s, s in carrying) for s in rules["past_suffixes"]]
    if marker == VERB_PRESENT:
        stem = form[1:] if form.startswith(IMPERFECT_PREFIX) else form
        prefixes, suffixes = rules["pronominal_present_prefixes"], rules["pronominal_present_suffixes"]
        return [(p + stem + s, p in prefixes or s in suffixes)
                for p in rules["present_prefixes"] for s in rules["present_suffixes"]]
    if WORD_JOINER in form or marker == PARTICIPANT:
        return [(form, False)]
    if marker == CIRCUMSTANTIAL:  # منددا: its subject is the sentence's; it has an object
        return [(form, True)]
    return [(form + s, False) for s in rules["noun_suffixes"]]


def _row_entries(row: tuple[str, ...]) -> list[TriggerEntry]:
    type_, lemma, prior, forms = row[0], row[1], float(row[2]), row[3].split()
    out = []
    for item in forms:
        marker, _, form = item.partition(":")
        for surface, carries_subject in _expand(marker, form):
            out.append(TriggerEntry(type_, lemma, prior, tuple(surface.split(WORD_JOINER)),
                                    KIND_OF_MARKER[marker], marker == VERB_PRESENT, carries_subject,
                                    marker == CIRCUMSTANTIAL))
    return out


@cache
def lexicon() -> dict[str, tuple[TriggerEntry, ...]]:
    """First word → entries starting with it, longest first."""
    table: dict[str, list[TriggerEntry]] = {}
    for row in read_table(*TRIGGERS_FILE):
        for entry in _row_entries(row):
            bucket = table.setdefault(entry.words[0], [])
            if entry not in bucket:
                bucket.append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in table.items()}


@lru_cache(maxsize=FORM_CACHE)
def readings(form: str) -> tuple[str, ...]:
    """Normalised readings of a word with clitics peeled, the fewest letters peeled first."""
    rules = affixes()
    found = {form: 0}
    for prefix in [""] + rules["proclitics"]:
        if not form.startswith(prefix):
            continue
        for suffix in [""] + rules["enclitics"]:
            stem = form[len(prefix): len(form) - len(suffix)] if suffix else form[len(prefix):]
            if len(stem) < 2 or (suffix and not form.endswith(suffix)):
                continue
            peeled = len(prefix) + len(suffix)
            found.setdefault(stem, peeled)
            if suffix and stem.endswith(TAA_BEFORE_SUFFIX):
                found.setdefault(stem[:-1] + TAA_MARBUTA, peeled)
    return tuple(sorted(found, key=lambda s: found[s]))


@lru_cache(maxsize=FORM_CACHE)
def word_readings(word: str) -> tuple[str, ...]:
    """Readings of a word as written. Clitics are peeled from its lexical form, where ة is
    still ة, so a final ة is never taken for the pronoun ه (أسلحة is not أسلح + ه); the
    readings are then normalised like the lexicon."""
    out: dict[str, None] = {}
    for reading in readings(lexical_form(word)):
        out.setdefault(normalize_word(reading), None)
    return tuple(out)


def token_readings(text: str, token: Token) -> tuple[str, ...]:
    return word_readings(text[token.start: token.end])


def has_future_prefix(form: str, stem: str) -> bool:
    """The word is stem with the future proclitic س (ستقصف → تقصف)."""
    return any(form == p + stem for p in affixes()["future_proclitics"])


def is_marked_passive(text: str, token: Token) -> bool:
    """The stem's first letter carries a damma: the vowelled passive (غُرمت, قُتل, أُصيب)."""
    stem = text[token.stem.start: token.stem.end]
    return len(stem) > 1 and stem[1] == DAMMA


def verb_reading_allowed(form: str, stem: str, imperfect: bool) -> bool:
    """A verb carries only conjunctions, the future س, and (before an imperfect) purpose ل."""
    if form == stem:
        return True
    prefix = form[: len(form) - len(stem)] if form.endswith(stem) else None
    if prefix is None:
        return True  # an enclitic was peeled too: the object pronoun of a verb (قتلوه)
    if prefix not in affixes()["verb_proclitics"]:
        return False
    return imperfect or not prefix.endswith(PURPOSE_LAM)


@cache
def _passive_signs() -> tuple[frozenset[str], frozenset[str]]:
    """(lemmas of acts done to someone, quantity words) from arguments.json."""
    rules = read_json(*ARGUMENTS_FILE)
    return (frozenset(normalize_word(w) for w in rules["patient_genitive"]),
            frozenset(normalize_word(w) for w in rules["quantity_words"]))


@cache
def passive_forms() -> frozenset[str]:
    """Verb forms that are passive without vowels (أصيب, اغتيل, أحيل): their subject underwent
    the act."""
    return frozenset(normalize_word(w) for w in read_json(*ARGUMENTS_FILE)["passive_forms"])


def counted_victims_after(entry: TriggerEntry, tokens: list[Token], forms: list[tuple[str, ...]], i: int) -> bool:
    """A perfect verb of an act done to someone, followed by a count (قتل 15 شخصا, وقتل المئات
    من أفراد الجيش): the unvowelled passive; the counted people underwent it."""
    lemmas, quantities = _passive_signs()
    if not entry.verbal or entry.imperfect or normalize_word(entry.lemma) not in lemmas or i + 1 >= len(tokens):
        return False
    return tokens[i + 1].kind == "number" or (bool(forms[i + 1]) and forms[i + 1][0] in quantities)


def _counted(tokens: list[Token], i: int) -> bool:
    """A word right after a number is the noun it counts (16250 طالب لجوء), not a verb."""
    return i > 0 and tokens[i - 1].kind == "number"


def match_at(text: str, tokens: list[Token], i: int, forms: list[tuple[str, ...]]) -> TriggerMatch | None:
    """The longest lexicon entry starting at token i, if any."""
    table = lexicon()
    marked = is_marked_passive(text, tokens[i])
    for reading in forms[i]:
        form = forms[i][0]
        entries = table.get(reading, ())
        if marked:  # the writer vowelled a passive verb (وغُرم): not the noun written alike (غرم)
            entries = sorted(entries, key=lambda e: not e.verbal)
        for entry in entries:
            future = has_future_prefix(form, reading)
            if (entry.verbal and not verb_reading_allowed(form, reading, entry.imperfect)) \
                    or (future and not entry.imperfect) or (entry.verbal and _counted(tokens, i)):
                continue
            last = _rest_matches(entry, text, tokens, forms, i)
            if last is not None:
                passive = entry.verbal and (marked or reading in passive_forms()
                                            or counted_victims_after(entry, tokens, forms, last))
                return TriggerMatch(entry, i, last, future, passive, form.startswith(reading))
    return None


def _rest_matches(entry: TriggerEntry, text: str, tokens: list[Token], forms: list[tuple[str, ...]],
                  i: int) -> int | None:
    """Index of the last token of the entry's words from token i on, or None. A quotation mark
    may stand between them (ضرورة "القضاء" على المتطرفين)."""
    j = i
    for word in entry.words[1:]:
        j += 1
        while j < len(tokens) and not forms[j] and text[tokens[j].start: tokens[j].end] in QUOTE_MARKS:
            j += 1
        if j >= len(tokens) or word not in forms[j]:
            return None
    return j


def find_triggers(text: str, tokens: list[Token]) -> list[TriggerMatch]:
    """Non-overlapping trigger matches over a sentence's tokens, left to right."""
    forms = [token_readings(text, t) if t.kind == "word" else () for t in tokens]
    out: list[TriggerMatch] = []
    i = 0
    while i < len(tokens):
        match = match_at(text, tokens, i, forms) if forms[i] else None
        if match is None:
            i += 1
            continue
        if not _quoted_alone(text, tokens, match):
            out.append(match)
        i = match.last + 1
    return out


def _quoted_alone(text: str, tokens: list[Token], match: TriggerMatch) -> bool:
    """A trigger word alone between quotation marks (نظام «ساند», حملة "تحدي") is a name."""
    before, after = match.first - 1, match.last + 1
    if before < 0 or after >= len(tokens):
        return False
    opening, closing = text[tokens[before].start: tokens[before].end], text[tokens[after].start: tokens[after].end]
    return NAME_QUOTES.get(opening) == closing
