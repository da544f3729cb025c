"""Where an event happened: a place after a locative (في جنيف), or a facility noun with its
name (في قاعدة «النخيل» الجوية), the nearest to the trigger in its sentence."""

from __future__ import annotations

from functools import cache

from rasd.events.mentions import Mention
from rasd.events.triggers import TriggerMatch
from rasd.events.view import SentenceView
from rasd.model import Location
from rasd.resources import read_table
from rasd.text.normalize import normalize_word

PLACES_FILE = ("events", "places.tsv")
QUOTE_OPEN, QUOTE_CLOSE = "«", "»"
ADJECTIVE_ENDINGS = ("يه", "ي")  # a nisba-like adjective closing a facility name (الجوية)
ARTICLE = "ال"
MAX_NAME_WORDS = 4  # a facility name runs at most this far past its noun
LOCATION_REACH = 15  # tokens from the trigger a location may be
LOCATIVE_PROCLITIC = "ب"


@cache
def place_words() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for kind, word in read_table(*PLACES_FILE):
        out.setdefault(kind, set()).add(normalize_word(word))
    return {k: frozenset(v) for k, v in out.items()}


def _after_locative(view: SentenceView, i: int, visit: bool = False) -> bool:
    """Token i follows a locative word (or, for a visit, a word of destination), or carries a
    locative proclitic (بجنيف)."""
    locatives = place_words()["locative"] | (place_words()["destination"] if visit else frozenset())
    if i > 0 and view.forms[i - 1] and view.forms[i - 1][0] in locatives:
        return True
    return view.tokens[i].proclitics.endswith(LOCATIVE_PROCLITIC)


def _facility_end(view: SentenceView, i: int) -> int:
    """Last token of the facility name that starts at noun i."""
    j, words = i, 0
    while j + 1 < len(view.tokens) and words < MAX_NAME_WORDS:
        nxt = view.text[view.tokens[j + 1].start: view.tokens[j + 1].end]
        if nxt == QUOTE_OPEN or (words and nxt == QUOTE_CLOSE):
            j += 1
            continue
        inside_quotes = any(view.text[t.start: t.end] == QUOTE_OPEN for t in view.tokens[i + 1: j + 1]) and \
            not any(view.text[t.start: t.end] == QUOTE_CLOSE for t in view.tokens[i + 1: j + 1])
        form = view.forms[j + 1][0] if view.forms[j + 1] else ""
        adjective = form.startswith(ARTICLE) and form.endswith(ADJECTIVE_ENDINGS)
        if not (inside_quotes or (adjective and words)):
            break
        j, words = j + 1, words + 1
    return j


def _facility(view: SentenceView, i: int) -> Location | None:
    facility = place_words()["facility"]
    if not view.forms[i] or not facility.intersection(view.forms[i]) or not _after_locative(view, i):
        return None
    end = _facility_end(view, i)
    if end == i:
        return None
    return Location(view.tokens[i].stem.start, view.tokens[end].end)


def _place(view: SentenceView, m: Mention, visit: bool) -> Location | None:
    # A named body with a country after a locative is a place (في موسكو, though Moscow also
    # stands for the Russian government); a body without a name (في الحكومة) is not.
    named_seat = m.from_entity and m.country is not None
    if m.group is not None or (m.sector is not None and not named_seat) or not _after_locative(view, m.first, visit):
        return None
    if m.country is None and not m.from_entity:
        return None
    return Location(m.start, m.end, m.country)


_FACILITIES: tuple[SentenceView, list, list[tuple[int, Location]]] | None = None


def _facilities(view: SentenceView) -> list[tuple[int, Location]]:
    """The facility names of the sentence, found once per sentence, not once per event (which
    made a sentence with many triggers quadratic in its tokens)."""
    global _FACILITIES
    if _FACILITIES is None or _FACILITIES[0] is not view or _FACILITIES[1] is not view.tokens:
        found = [(i, loc) for i in range(len(view.tokens)) if (loc := _facility(view, i)) is not None]
        _FACILITIES = (view, view.tokens, found)
    return _FACILITIES[2]


def _candidates(view: SentenceView, visit: bool) -> list[tuple[int, Location]]:
    found = [(m.first, loc) for m in view.mentions if (loc := _place(view, m, visit)) is not None]
    return found + _facilities(view)


def _with_country(view: SentenceView, loc: Location, first: int) -> Location:
    if loc.country is not None:
        return loc
    later = [m for m in view.mentions if m.first > first and m.country and m.start < loc.end + 40]
    return Location(loc.start, loc.end, later[0].country if later else None)


def event_location(view: SentenceView, match: TriggerMatch) -> Location | None:
    """The place nearest the trigger (after it preferred on a tie)."""
    best: tuple[int, Location, int] | None = None
    visit = normalize_word(match.entry.lemma) in place_words()["visit"]
    for first, loc in _candidates(view, visit):
        distance = first - match.last if first > match.last else match.first - first + 1
        if distance <= LOCATION_REACH and (best is None or distance < best[0]):
            best = (distance, loc, first)
    return _with_country(view, best[1], best[2]) if best else None
