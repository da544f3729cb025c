"""Sense rules (data/events/senses.tsv): words near a trigger that retype it (هاجم in a
speech is ACCUSE), or that a trigger needs (نشر deploys only forces) or must not have."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.resources import read_table
from rasd.text.normalize import normalize_word

SENSES_FILE = ("events", "senses.tsv")
RETYPE, REQUIRE, FORBID = "retype", "require", "forbid"


@dataclass(frozen=True, slots=True)
class SenseRule:
    action: str
    new_type: str
    before: int
    after: int
    cues: frozenset[str]


@cache
def sense_rules() -> dict[str, tuple[SenseRule, ...]]:
    """Lemma (normalised) → its rules in file order."""
    rules: dict[str, list[SenseRule]] = {}
    for lemma, action, before, after, cues in read_table(*SENSES_FILE):
        kind, _, new_type = action.partition(":")
        rule = SenseRule(kind, new_type, int(before), int(after),
                         frozenset(normalize_word(c) for c in cues.split()))
        rules.setdefault(normalize_word(lemma), []).append(rule)
    return {k: tuple(v) for k, v in rules.items()}


def _cue_near(rule: SenseRule, forms: list[tuple[str, ...]], first: int, last: int) -> bool:
    lo, hi = max(0, first - rule.before), min(len(forms), last + 1 + rule.after)
    window = forms[lo:first] + forms[last + 1: hi]
    return any(not rule.cues.isdisjoint(readings) for readings in window)


def resolve_sense(lemma: str, type_: str, forms: list[tuple[str, ...]], first: int, last: int) -> str | None:
    """The trigger's type after its sense rules, or None when they drop it."""
    for rule in sense_rules().get(normalize_word(lemma), ()):
        near = _cue_near(rule, forms, first, last)
        if rule.action == FORBID and near:
            return None
        if rule.action == REQUIRE and not near:
            return None
        if rule.action == RETYPE and near:
            type_ = rule.new_type
    return type_
