"""Source and target of a trigger: a learned ranker over the candidate mentions of its
sentence (mentions.py: entities with their actors, nisba adjectives, actor nouns) plus "none".

Each (trigger, candidate, role) is one example of a binary logistic regression whose features
are the structural cues a hand grammar would test — which side of the trigger the mention
stands on and how far (VSO / SVO), the mentions between, the preposition before it, whether it
follows a noun trigger directly (the genitive: غارات التحالف), a nisba, a passive, a relative
pronoun between, the kind of actor, the quotation and its speaker. The pair of source and
target with the highest joint probability wins; "none" competes as a candidate of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.events.linear import Features, LinearModel
from rasd.events.mentions import Mention
from rasd.events.view import SentenceView
from rasd.model import ActorSpan
from rasd.resources import read_json
from rasd.text.normalize import normalize_word

SOURCE, TARGET = "source", "target"
ROLES = (SOURCE, TARGET)
ARGUMENTS_FILE = ("events", "arguments.json")
PREPOSITIONS = frozenset({"على", "ضد", "مع", "من", "الى", "في", "بين", "عن", "لدى", "عبر", "تجاه", "حول", "بحق",
                          "امام", "نحو", "عند", "بعد", "قبل", "منذ", "خلال", "بواسطه", "بيد", "جانب"})
PREPOSITION_PROCLITICS = "بلك"
DISTANCE_BUCKETS = (1, 2, 3, 5, 8, 12)
CLAUSE_MARKS = frozenset("،,.;:؛!?؟")
NONE_KEY = "none"
CONJUNCTION = "و"


@cache
def relative_pronouns() -> frozenset[str]:
    return frozenset(normalize_word(w) for w in read_json(*ARGUMENTS_FILE)["relative_pronouns"])


def _bucket(n: int) -> int:
    return next((b for b in DISTANCE_BUCKETS if n <= b), DISTANCE_BUCKETS[-1] + 1)


def _word(view: SentenceView, i: int) -> str:
    return view.forms[i][0] if view.forms[i] else view.text[view.tokens[i].start: view.tokens[i].end]


def _preposition(view: SentenceView, m: Mention) -> str | None:
    """The preposition that governs the mention: a word before it, or a joined ب/ل/ك."""
    proclitics = view.tokens[m.first].proclitics.replace("و", "").replace("ف", "")
    if proclitics and proclitics[-1] in PREPOSITION_PROCLITICS:
        return proclitics[-1]
    if m.first > 0:
        before = _word(view, m.first - 1)
        if before in PREPOSITIONS:
            return before
    return None


@dataclass(frozen=True, slots=True)
class Trigger:
    first: int
    last: int
    type: str
    verbal: bool
    passive: bool
    speaker: ActorSpan | None  # who speaks the quotation holding the trigger


def _between(view: SentenceView, a: int, b: int) -> tuple[int, bool, bool]:
    """Mentions strictly between token a and b, whether a clause mark and whether a relative
    pronoun stands between them."""
    lo, hi = min(a, b), max(a, b)
    mentions = sum(1 for m in view.mentions if lo < m.first and m.last < hi)
    words = [_word(view, i) for i in range(lo + 1, hi)]
    return mentions, any(w in CLAUSE_MARKS for w in words), any(w in relative_pronouns() for w in words)


def candidate_features(view: SentenceView, trigger: Trigger, m: Mention, role: str) -> Features:
    after = m.first > trigger.last
    side = "after" if after else "before"
    distance = m.first - trigger.last if after else trigger.first - m.last
    between, clause, relative = _between(view, trigger.first if not after else trigger.last, m.first if after else m.last)
    prep = _preposition(view, m)
    kind = ("nisba" if m.nisba else "entity" if m.from_entity else "noun") + ("_place" if m.place else "")
    ctype = "group" if m.group else ("sector" if m.sector else ("country" if m.country else "bare"))
    head = f"{role}|{trigger.type}"
    out: Features = {
        f"{role}|bias": 1.0,
        f"{head}|bias": 1.0,
        f"{role}|{side}": 1.0,
        f"{head}|{side}": 1.0,
        f"{role}|{side}|d{_bucket(distance)}": 1.0,
        f"{role}|{side}|between{min(between, 3)}": 1.0,
        f"{head}|{side}|between{min(between, 2)}": 1.0,
        f"{role}|kind={kind}": 1.0,
        f"{role}|ctype={ctype}": 1.0,
        f"{role}|prep={prep}": 1.0,
        f"{head}|prep={prep}": 1.0,
        f"{role}|{side}|prep={prep}": 1.0,
        f"{role}|verbal={trigger.verbal}|{side}|between{min(between, 2)}": 1.0,
    }
    if m.sector:
        out[f"{role}|sector={m.sector}"] = 1.0
        out[f"{head}|sector={m.sector}"] = 1.0
    akind = view.kinds.get(m.actor) if m.actor else None
    out[f"{role}|akind={akind}"] = 1.0
    out[f"{head}|akind={akind}"] = 1.0
    out[f"{role}|{side}|akind={akind}"] = 1.0
    if m.nation:
        out[f"{role}|nation"] = 1.0
    out[f"{role}|head={_word(view, m.first)}"] = 1.0
    if clause:
        out[f"{role}|{side}|clause_mark"] = 1.0
    if relative:
        out[f"{role}|{side}|relative"] = 1.0
    if trigger.passive:
        out[f"{role}|passive|{side}"] = 1.0
    if after and distance == 1:
        out[f"{role}|adjacent|verbal={trigger.verbal}|kind={kind}"] = 1.0
        if not view.tokens[trigger.last].has_article:
            out[f"{role}|construct"] = 1.0
    if view.quoted:
        out[f"{role}|quoted={view.quoted[m.first]}|{view.quoted[trigger.first]}"] = 1.0
    if trigger.speaker is not None and trigger.speaker.start < m.end and m.start < trigger.speaker.end:
        out[f"{role}|speaker"] = 1.0
        out[f"{head}|speaker"] = 1.0
    if m.first > 0:
        out[f"{role}|{side}|w-1={_word(view, m.first - 1)}"] = 1.0
    out[f"{head}|{side}|d{_bucket(distance)}"] = 1.0
    out[f"{role}|verbal={trigger.verbal}|{side}|between{min(between, 2)}|bare={prep is None}"] = 1.0
    if m.first <= 1:  # the sentence opens with it: the topic or subject of an SVO sentence
        out[f"{role}|opens|{side}"] = 1.0
    if _coordinated(view, m):
        out[f"{role}|coordinated|{side}"] = 1.0
    return out


def _coordinated(view: SentenceView, m: Mention) -> bool:
    """The mention is the second of X و Y: the mention before it ends right before it."""
    return view.tokens[m.first].proclitics.startswith(CONJUNCTION) and any(
        o.last + 1 == m.first for o in view.mentions)


def carried_features(view: SentenceView, trigger: Trigger, m: Mention, role: str, rank: int, back: int = 1
                     ) -> Features:
    """A mention of an earlier sentence, `rank` the mentions between it and this sentence,
    `back` the sentences between (1: the one just before)."""
    head = f"{role}|{trigger.type}"
    kind = "nisba" if m.nisba else "entity" if m.from_entity else "noun"
    ctype = "group" if m.group else ("sector" if m.sector else "country")
    out: Features = {f"{role}|carried": 1.0, f"{head}|carried": 1.0, f"{role}|carried|kind={kind}": 1.0,
                     f"{role}|carried|ctype={ctype}": 1.0, f"{role}|carried|rank{min(rank, 4)}": 1.0,
                     f"{role}|carried|verbal={trigger.verbal}": 1.0,
                     f"{role}|carried|sentence_mentions{min(len(view.mentions), 3)}": 1.0}
    if m.sector:
        out[f"{role}|carried|sector={m.sector}"] = 1.0
    if trigger.passive:
        out[f"{role}|carried|passive"] = 1.0
    out[f"{role}|carried|back{back}"] = 1.0
    out[f"{head}|carried|back{min(back, 2)}"] = 1.0
    akind = view.kinds.get(m.actor) if m.actor else None
    out[f"{role}|carried|akind={akind}"] = 1.0
    if m.first <= 1:
        out[f"{role}|carried|opened"] = 1.0
    if m.actor and any(o.actor == m.actor for o in view.mentions):  # named here too: the nearer one counts
        out[f"{role}|carried|also_here"] = 1.0
    if trigger.speaker is not None and trigger.speaker.actor is not None and trigger.speaker.actor == m.actor:
        out[f"{role}|carried|speaker"] = 1.0
    return out


def none_features(view: SentenceView, trigger: Trigger, role: str) -> Features:
    head = f"{role}|{trigger.type}"
    before = sum(1 for m in view.mentions if m.last < trigger.first)
    after = sum(1 for m in view.mentions if m.first > trigger.last)
    out: Features = {f"{role}|{NONE_KEY}": 1.0, f"{head}|{NONE_KEY}": 1.0,
                     f"{role}|{NONE_KEY}|verbal={trigger.verbal}": 1.0,
                     f"{role}|{NONE_KEY}|before{min(before, 2)}": 1.0,
                     f"{role}|{NONE_KEY}|after{min(after, 2)}": 1.0}
    if trigger.passive:
        out[f"{role}|{NONE_KEY}|passive"] = 1.0
    if trigger.speaker is not None:
        out[f"{role}|{NONE_KEY}|spoken"] = 1.0
    return out


@dataclass(frozen=True, slots=True)
class Arguments:
    source: Mention | None
    target: Mention | None
    source_probability: float
    target_probability: float


class ArgumentRanker:
    def __init__(self, model: LinearModel):
        self.model = model

    def probabilities(self, view: SentenceView, trigger: Trigger, role: str) -> list[tuple[Mention | None, float]]:
        """Each candidate's probability of the role, "none" (None) first, normalised over them."""
        found = [(None, self.model.probability(none_features(view, trigger, role)))]
        for m in view.mentions:
            if m.last < trigger.first or m.first > trigger.last:  # a mention is never its own trigger
                found.append((m, self.model.probability(candidate_features(view, trigger, m, role))))
        for rank, (m, back) in enumerate(zip(reversed(view.earlier), reversed(view.earlier_back), strict=True)):
            found.append((m, self.model.probability(carried_features(view, trigger, m, role, rank, back))))
        total = sum(p for _, p in found) or 1.0
        return [(m, p / total) for m, p in found]

    def __call__(self, view: SentenceView, trigger: Trigger) -> Arguments:
        sources = self.probabilities(view, trigger, SOURCE)
        targets = self.probabilities(view, trigger, TARGET)
        best = (0.0, None, None, 0.0, 0.0)
        for s, ps in sources:
            for t, pt in targets:
                if s is not None and s is t:
                    continue
                if ps * pt > best[0]:
                    best = (ps * pt, s, t, ps, pt)
        return Arguments(best[1], best[2], best[3], best[4])
