"""Who said it, learned: candidate mentions around a quotation's cue in its sentence (the
entities of the earlier stages, noun phrases after the cue or before it, title and
anonymous-source phrases such as مصدر دبلوماسي, the phrase after بحسب/عن) and the speakers
of the quotations before it (for وأضاف with an implied subject) are scored by a logistic
regression; the best one speaks."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.model import ActorSpan, Article
from rasd.quotes.linear import LinearModel
from rasd.quotes.view import CLOSING_MARKS, SentenceView, Word
from rasd.text.marks import QUOTE_PAIRS

MAX_PHRASE_WORDS = 6
QUOTED_NAME_WORDS = 5
PREVIOUS_SPEAKERS = 2  # how many earlier speakers compete for an implied subject
DISTANCE_BUCKETS = (1, 2, 3, 5, 8, 13)
# Lists whose words stop a noun phrase (a preposition, أن, a time word: the phrase is over).
STOP_LISTS = frozenset(("introducers", "prepositions", "time_words", "clause_boundaries", "relatives",
                        "speaker_stops", "according", "channel_prepositions", "relay_verbs", "taken_from"))
# Lists whose word heads a phrase that can speak (وزير، مصدر، البيان، وكالة).
HEAD_LISTS = frozenset(("title_words", "anonymous_heads", "statement_nouns", "media_nouns", "generic_media",
                        "anaphoric_sources"))
# Words after which the next phrase is a source: بحسب X، نقلا عن X.
SOURCE_MARKERS = frozenset(("according", "taken_from"))
ANONYMOUS_LIST = "anonymous_heads"
PREPOSITION_CLITICS = frozenset("لبك")
ACCUSATIVE_ENDINGS = ("اً", "ًا", "ً")


@dataclass(slots=True)
class Candidate:
    """A possible speaker: words [first, last] of the sentence, or an earlier quote's speaker."""

    source: str  # entity | after | before | head | marker | previous
    start: int
    end: int
    first: int = -1
    last: int = -1
    entity_type: str = ""
    previous: ActorSpan | None = None
    back: int = 0  # quotations back, for a previous speaker
    sentences_back: int = 0


@dataclass(slots=True)
class Anchor:
    """Where a quotation sits in its sentence: cue and content word indexes (cue -1: none)."""

    cue_first: int
    cue_last: int
    first: int
    last: int


@dataclass(slots=True)
class Earlier:
    speaker: ActorSpan
    sentence: int
    paragraph: int


def _is_cue(w: Word) -> bool:
    return any(name.startswith("cue:") for name in w.lists)


def _stops(w: Word) -> bool:
    """Where a speaker's noun phrase ends: punctuation, quoted words, a cue, a preposition
    (separate or a clitic ل/ب: لوسائل الإعلام), an accusative (بيانا، مرسوما: an object)."""
    if w.kind != "word" or w.quoted or _is_cue(w) or any(name in STOP_LISTS for name in w.lists):
        return True
    return any(p in PREPOSITION_CLITICS for p in w.proclitics) or w.text.endswith(ACCUSATIVE_ENDINGS)


def _phrase_forward(words: list[Word], i: int, inside: range) -> tuple[int, int] | None:
    if i >= len(words) or i in inside or _stops(words[i]):
        return None
    last = i
    while last + 1 < len(words) and last + 1 - i < MAX_PHRASE_WORDS and last + 1 not in inside \
            and not _stops(words[last + 1]):
        last += 1
    return i, quoted_name_end(words, last)


def quoted_name_end(words: list[Word], last: int) -> int:
    """وكالة «الأناضول»: a name in quotation marks right after a phrase belongs to it."""
    if last + 1 < len(words) and words[last + 1].text in QUOTE_PAIRS:
        for i in range(last + 2, min(len(words), last + 2 + QUOTED_NAME_WORDS)):
            if words[i].text in CLOSING_MARKS:
                return i
    return last


def _phrase_backward(words: list[Word], i: int, inside: range) -> tuple[int, int] | None:
    if i < 0 or i in inside or _stops(words[i]):
        return None
    first = i
    while first - 1 >= 0 and i - (first - 1) < MAX_PHRASE_WORDS and first - 1 not in inside \
            and not _stops(words[first - 1]):
        first -= 1
    return first, i


def candidates(article: Article, view: SentenceView, anchor: Anchor, earlier: list[Earlier]) -> list[Candidate]:
    words = view.words
    inside = range(anchor.first, anchor.last + 1)
    found: dict[tuple[int, int], Candidate] = {}

    def add(source: str, run: tuple[int, int] | None, entity_type: str = "") -> None:
        if run is None:
            return
        first, last = run
        key = (words[first].stem_start, words[last].end)
        if key not in found:
            found[key] = Candidate(source, key[0], key[1], first, last, entity_type)

    i = 0
    while i < len(words):
        w = words[i]
        if w.entity.startswith("B-") and i not in inside:
            last = i
            while last + 1 < len(words) and words[last + 1].entity.startswith("I-"):
                last += 1
            add("entity", (i, last), w.entity[2:])
            i = last + 1
            continue
        if any(name in HEAD_LISTS for name in w.lists) and i not in inside:
            add("head", _phrase_forward(words, i, inside))
        if any(name in SOURCE_MARKERS for name in w.lists):
            add("marker", _phrase_forward(words, i + 1, inside))
        i += 1
    if anchor.cue_first >= 0:
        add("after", _phrase_forward(words, anchor.cue_last + 1, inside))
        add("before", _phrase_backward(words, anchor.cue_first - 1, inside))
    out = list(found.values())
    seen: list[str] = []
    for e in reversed(earlier):
        key = article.text[e.speaker.start : e.speaker.end]
        if key in seen:
            continue
        seen.append(key)
        out.append(Candidate("previous", e.speaker.start, e.speaker.end, previous=e.speaker, back=len(seen),
                             sentences_back=view.index - e.sentence))
        if len(seen) >= PREVIOUS_SPEAKERS:
            break
    return out


def _bucket(distance: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if distance <= limit:
            return str(limit)
    return "far"


def features(article: Article, view: SentenceView, anchor: Anchor, candidate: Candidate,
             all_candidates: list[Candidate]) -> list[str]:
    words = view.words
    cue = words[anchor.cue_first] if anchor.cue_first >= 0 else None
    cue_stem = cue.stem if cue else "-"
    cue_kinds = [n for n in cue.lists if n.startswith("cue:")] if cue else ["nocue"]
    src = candidate.source
    f = [f"src={src}", f"cue={cue_stem}", f"cue|src={cue_stem}|{src}"]
    f.extend(f"ck|src={k}|{src}" for k in cue_kinds)
    explicit = [c for c in all_candidates if c.source != "previous"]
    adjacent_after = any(c.first == anchor.cue_last + 1 for c in explicit) if cue else False
    if src == "previous":
        f.append(f"back={candidate.back}")
        f.append(f"sback={_bucket(candidate.sentences_back)}")
        f.append(f"prev|adjacent_after={adjacent_after:d}")
        f.append(f"prev|explicit={min(len(explicit), 3)}")
        f.extend(f"prev|ck={k}" for k in cue_kinds)
        f.append(f"prev|cue={cue_stem}")
        f.append(f"prev|proc={cue.proclitics if cue else '-'}")
        return f
    head, tail = words[candidate.first], words[candidate.last]
    anchor_at = anchor.cue_first if cue else anchor.first
    direction = "after" if candidate.first > anchor_at else "before"
    distance = candidate.first - anchor.cue_last if direction == "after" and cue else anchor_at - candidate.last
    in_content_side = anchor.first <= candidate.first <= anchor.last
    before_word = words[candidate.first - 1] if candidate.first > 0 else None
    f += [f"dir={direction}", f"dir|src={direction}|{src}", f"dist={_bucket(distance)}",
          f"dist|dir={_bucket(distance)}|{direction}", f"h={head.stem}", f"t={tail.stem}",
          f"et={candidate.entity_type or '-'}", f"et|dir={candidate.entity_type}|{direction}",
          f"len={min(candidate.last - candidate.first + 1, 4)}", f"incontent={in_content_side:d}",
          f"q={head.quoted:d}"]
    f.extend(f"hl={name}" for name in head.lists)
    f.extend(f"hl|dir={name}|{direction}" for name in head.lists)
    if before_word is not None:
        f.append(f"pw={before_word.stem}")
        f.append(f"pw|dir={before_word.stem}|{direction}")
        f.extend(f"pl={name}" for name in before_word.lists)
        f.append(f"pk={before_word.text if before_word.kind == 'punct' else before_word.kind}")
    f.append(f"proc={head.proclitics}")
    side = [c for c in explicit if (c.first > anchor_at) == (direction == "after")]
    side.sort(key=lambda c: abs(c.first - anchor_at))
    rank = next((n for n, c in enumerate(side) if c is candidate), 0)
    f.append(f"rank|dir={min(rank, 3)}|{direction}")
    f.append(f"rank|src={min(rank, 3)}|{src}")
    sector = _sector(article, head)
    if sector:
        f.append(f"sector={sector}")
    return f


def _sector(article: Article, w: Word) -> str | None:
    if w.entity_at < 0:
        return None
    actor_id = article.entities[w.entity_at].actor
    return next((a.sector for a in article.actors if a.id == actor_id), None) if actor_id else None


def is_anonymous(view: SentenceView, candidate: Candidate) -> bool:
    if candidate.previous is not None:
        return candidate.previous.anonymous
    head = view.words[candidate.first]
    return head.entity == "O" and ANONYMOUS_LIST in head.lists


class SpeakerRanker:
    def __init__(self, model: LinearModel):
        self.model = model

    def best(self, article: Article, view: SentenceView, anchor: Anchor,
             earlier: list[Earlier]) -> Candidate | None:
        pool = candidates(article, view, anchor, earlier)
        if not pool:
            return None
        return max(pool, key=lambda c: self.model.score(features(article, view, anchor, c, pool)))
