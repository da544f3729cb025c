"""The mode of an event (asserted, negated, intended, demanded, threatened, hypothetical): a
multinomial logistic regression over the trigger's context. The cue words of
data/events/modes.tsv (negation particles, future and modal verbs, verbs of demand and of
threat, conditionals) are features with their distance; the model learns which count."""

from __future__ import annotations

from functools import cache

from rasd.events.linear import Features, LinearModel
from rasd.events.view import SentenceView
from rasd.model import Mode
from rasd.resources import read_table
from rasd.text.normalize import normalize_word

MODES_FILE = ("events", "modes.tsv")
ASSERTED: Mode = "asserted"
MODES: tuple[Mode, ...] = ("asserted", "negated", "intended", "demanded", "threatened", "hypothetical")
AFTER = "+"  # a window written +N: the cue follows the trigger
BEFORE_REACH = 8  # tokens before the trigger whose cues are features
AFTER_REACH = 3  # tokens after it
WORD_REACH = 2  # tokens on each side whose words themselves are features
CLAUSE_MARKS = frozenset("،,.;:؛!?؟")


@cache
def mode_cues() -> dict[str, tuple[Mode, int]]:
    """Normalised cue word before a trigger → (mode, the reach the lexicon gives it)."""
    return {normalize_word(cue): (mode, int(window)) for cue, mode, window in read_table(*MODES_FILE)  # type: ignore[misc]
            if not window.startswith(AFTER)}


@cache
def after_cues() -> dict[str, tuple[Mode, int]]:
    """Normalised cue word after a noun trigger (زيارة محتملة) → (mode, reach)."""
    return {normalize_word(cue): (mode, int(window[1:])) for cue, mode, window in read_table(*MODES_FILE)  # type: ignore[misc]
            if window.startswith(AFTER)}


def _cue(readings: tuple[str, ...], table: dict[str, tuple[Mode, int]]) -> tuple[Mode, int] | None:
    return next((table[r] for r in readings if r in table), None)


def _word(view: SentenceView, i: int) -> str:
    return view.forms[i][0] if view.forms[i] else view.text[view.tokens[i].start: view.tokens[i].end]


def cue_features(view: SentenceView, first: int, last: int) -> Features:
    """Each cue before (and after) the trigger: its mode, how far, within the lexicon's reach,
    and whether a clause mark stands between."""
    out: Features = {}
    crossed, nearest = False, None
    for i in range(first - 1, max(-1, first - 1 - BEFORE_REACH), -1):
        word = view.text[view.tokens[i].start: view.tokens[i].end]
        crossed = crossed or word in CLAUSE_MARKS
        found = _cue(view.forms[i], mode_cues())
        if found is None:
            continue
        mode, reach = found
        distance = first - i
        out[f"cue={mode}"] = 1.0
        out[f"cue={mode}@{min(distance, 4)}"] = 1.0
        if distance <= reach and not crossed:
            out[f"cue_in_reach={mode}"] = 1.0
        if nearest is None:
            nearest = mode
            out[f"nearest_cue={mode}"] = 1.0
    for i in range(last + 1, min(len(view.tokens), last + 1 + AFTER_REACH)):
        found = _cue(view.forms[i], after_cues())
        if found is not None:
            out[f"after_cue={found[0]}"] = 1.0
    return out


def word_features(view: SentenceView, first: int, last: int) -> Features:
    out: Features = {}
    for d in range(1, WORD_REACH + 1):
        if first - d >= 0:
            out[f"b{d}={_word(view, first - d)}"] = 1.0
        if last + d < len(view.tokens):
            out[f"a{d}={_word(view, last + d)}"] = 1.0
    return out


def trigger_features(view: SentenceView, first: int, last: int, type_: str) -> Features:
    out: Features = {f"type={type_}": 1.0, "bias": 1.0}
    m = view.lexicon[first]
    if m is not None:
        out[f"kind={m.entry.kind}"] = 1.0
        if m.future:
            out["future"] = 1.0
        if m.entry.imperfect:
            out["imperfect"] = 1.0
    if view.quoted and view.quoted[first]:
        out["quoted"] = 1.0
    return out


def mode_features(view: SentenceView, first: int, last: int, type_: str) -> Features:
    return {**cue_features(view, first, last), **word_features(view, first, last),
            **trigger_features(view, first, last, type_)}


class ModeClassifier:
    def __init__(self, model: LinearModel):
        self.model = model

    def __call__(self, view: SentenceView, first: int, last: int, type_: str) -> Mode:
        dist = self.model.distribution(mode_features(view, first, last, type_))
        return max(dist, key=dist.get)  # type: ignore[return-value]
