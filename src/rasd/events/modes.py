"""The mode of an event (asserted, negated, intended, demanded, threatened, hypothetical)
from cue words before its trigger in the same clause (data/events/modes.tsv)."""

from __future__ import annotations

from functools import cache

from rasd.model import Mode
from rasd.resources import read_table
from rasd.text.normalize import normalize_word

MODES_FILE = ("events", "modes.tsv")
ASSERTED: Mode = "asserted"
INTENDED: Mode = "intended"
AFTER = "+"  # a window written +N: the cue follows the trigger
OUTRANK_INTENTION: frozenset[Mode] = frozenset(("demanded", "threatened"))


@cache
def mode_cues() -> dict[str, tuple[Mode, int]]:
    """Normalised cue word → (mode, how many tokens before the trigger it reaches); cues that
    follow the trigger (window written +N) are in `after_cues`."""
    return {normalize_word(cue): (mode, int(window)) for cue, mode, window in read_table(*MODES_FILE)  # type: ignore[misc]
            if not window.startswith(AFTER)}


@cache
def after_cues() -> dict[str, tuple[Mode, int]]:
    """Normalised cue word → (mode, how many tokens after a noun trigger it may stand):
    adjectives that qualify the act (زيارة محتملة: a possible visit)."""
    return {normalize_word(cue): (mode, int(window[1:])) for cue, mode, window in read_table(*MODES_FILE)  # type: ignore[misc]
            if window.startswith(AFTER)}


@cache
def _after_reach() -> int:
    return max((window for _, window in after_cues().values()), default=0)


def _mode_after(forms: list[tuple[str, ...]], last: int) -> Mode | None:
    cues = after_cues()
    for i in range(last + 1, min(len(forms), last + 1 + _after_reach())):
        found = next((cues[r] for r in forms[i] if r in cues), None)
        if found is not None and i - last <= found[1]:
            return found[0]
    return None


def _cue_mode(readings: tuple[str, ...], distance: int) -> Mode | None:
    cues = mode_cues()
    for reading in readings:
        found = cues.get(reading)
        if found and distance <= found[1]:
            return found[0]
    return None


def event_mode(forms: list[tuple[str, ...]], first: int, clause_start: int, future: bool,
               last: int | None = None) -> Mode:
    """The nearest cue before the trigger decides, except that a demand or a threat within
    reach outranks a nearer intention (يواصل الضغط على الأمم المتحدة لمواصلة فرض عقوبات: the
    sanctions are demanded); a future prefix on the trigger means intended."""
    found = [m for i in range(first - 1, clause_start - 1, -1) if (m := _cue_mode(forms[i], first - i))]
    if not found:
        after = _mode_after(forms, last) if last is not None else None
        return after or (INTENDED if future else ASSERTED)
    if found[0] == INTENDED:
        return next((m for m in found[1:] if m in OUTRANK_INTENTION), INTENDED)
    return found[0]
