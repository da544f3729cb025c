"""Short mentions to full ones: "محامي ترمب" is the person the article introduced as
"محامي الرئيس الأميركي دونالد ترمب، مايكل كوهين"; "التحقيق" is the "تحقيق أجرته لجنة
الانتخابات" named before. The gold and the analyst want the full name."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from rasd.quotes.cues import cue_at
from rasd.quotes.speakers import Speaker, run_forward
from rasd.quotes.words import COMMAS, NAME_KINDS, Doc

DEFINITE_ARTICLE = "ال"
MIN_STEM = 2
HASHTAG = "#"
HASHTAG_JOINER = "_"
# An apposited name is short: مايكل كوهين، ثامر السبهان.
MAX_NAME_WORDS = 3
# Of a name before a comma (ثامر السبهان، وزير الدولة ...) the last words are taken.
NAME_TAIL_WORDS = 2


@dataclass(frozen=True, slots=True)
class Apposition:
    """A title phrase and the name it is apposed to, as word ranges."""

    title: tuple[int, int]
    name: tuple[int, int]


def word_key(doc: Doc, i: int) -> str:
    norm = doc.words[i].norm.strip(HASHTAG + HASHTAG_JOINER)
    if norm.startswith(DEFINITE_ARTICLE) and len(norm) - len(DEFINITE_ARTICLE) >= MIN_STEM:
        return norm[len(DEFINITE_ARTICLE):]
    return norm


def keys(doc: Doc, first: int, last: int) -> frozenset[str]:
    return frozenset(k for i in range(first, last + 1) if doc.words[i].kind in NAME_KINDS and (k := word_key(doc, i)))


def _segments(doc: Doc, first: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated stretches of a sentence, as [first, last] word ranges."""
    out, start = [], first
    for i in range(first, end + 1):
        if i == end or doc.words[i].text in COMMAS:
            if i > start:
                out.append((start, i - 1))
            start = i + 1
    return out


def _short_name(doc: Doc, segment: tuple[int, int]) -> tuple[int, int] | None:
    """A segment that is only a name (hashtag form allowed: #مايكل_كوهين)."""
    first, last = segment
    while first <= last and doc.words[first].text == HASHTAG:
        first += 1
    if first > last or doc.words[first].has_conjunction:
        return None
    count = 0
    for i in range(first, last + 1):
        word = doc.words[i]
        if word.text.startswith(HASHTAG_JOINER):
            continue
        if word.kind not in NAME_KINDS or doc.is_form(i, "speaker_stops") or doc.is_form(i, "title_words") \
                or cue_at(doc, i) is not None:
            return None
        count += 1
    return (first, last) if 0 < count <= MAX_NAME_WORDS else None


def _name_tail(doc: Doc, segment: tuple[int, int]) -> tuple[int, int] | None:
    first, last = segment
    if last - first + 1 < NAME_TAIL_WORDS:
        return None
    tail = (last - NAME_TAIL_WORDS + 1, last)
    words = range(tail[0], tail[1] + 1)
    if not all(doc.words[i].kind in NAME_KINDS and not doc.is_form(i, "speaker_stops") for i in words):
        return None
    # A personal name has a word without the article (ثامر السبهان), a title's tail has not (ولي العهد السعودي).
    return tail if any(not doc.words[i].has_article and not doc.words[i].norm.startswith("ال") for i in words) else None


def _title_tail(doc: Doc, segment: tuple[int, int]) -> tuple[int, int] | None:
    """The title phrase that ends a segment (التقى الوفد مستشار الرئيس التونسي ...)."""
    first, last = segment
    for i in range(first, last + 1):
        if doc.is_form(i, "title_words") and (run := run_forward(doc, i, last + 1)) and run[1] == last:
            return i, last
    return None


def appositions(doc: Doc) -> list[Apposition]:
    """Title phrases with the name next to them: "TITLE، NAME،" or "NAME، TITLE،"."""
    found: list[Apposition] = []
    for first, end in doc.sentence_words:
        segments = _segments(doc, first, end)
        for k, segment in enumerate(segments):
            title = _title_tail(doc, segment)
            name = _short_name(doc, segments[k + 1]) if title and k + 1 < len(segments) else None
            if name is None and k > 0 and doc.is_form(segment[0], "title_words"):
                title, name = segment, _name_tail(doc, segments[k - 1])
            if title is not None and name is not None:
                found.append(Apposition(title, name))
    return found


def _names_nobody(doc: Doc, speaker: Speaker, within: tuple[int, int]) -> bool:
    return keys(doc, speaker.first, speaker.last) <= keys(doc, *within)


class KeyIndex:
    """Word ranges, in the order added (each with an order key), by the name keys they hold:
    which of them hold every key of a phrase (what `_names_nobody` asks), found through the
    rarest key instead of a test of every range, which made a long article quadratic."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.keys: list[frozenset[str]] = []
        self.by_key: dict[str, list[tuple[int, int]]] = {}  # key → (order, position), sorted
        self.sorted = True

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, first: int, last: int, order: int | None = None) -> None:
        position = len(self.keys)
        found = keys(self.doc, first, last)
        self.keys.append(found)
        entry = (position if order is None else order, position)
        for key in found:
            bucket = self.by_key.setdefault(key, [])
            if bucket and bucket[-1] > entry:
                self.sorted = False
            bucket.append(entry)

    def holding(self, wanted: frozenset[str], below: int) -> Iterator[tuple[int, int]]:
        """(order, position) of the ranges with an order below `below` that hold every key
        of `wanted` (not empty), the latest first."""
        if not self.sorted:
            for bucket in self.by_key.values():
                bucket.sort()
            self.sorted = True
        rarest = min(wanted, key=lambda k: len(self.by_key.get(k, ())))
        bucket = self.by_key.get(rarest, [])
        for n in range(bisect_left(bucket, (below, -1)) - 1, -1, -1):
            order, position = bucket[n]
            if wanted <= self.keys[position]:
                yield order, position


def apposition_index(doc: Doc, apposed: list[Apposition]) -> KeyIndex:
    """The titles of the appositions, ordered by where each title starts."""
    index = KeyIndex(doc)
    for app in apposed:
        index.add(*app.title, order=app.title[0])
    return index


def speaker_index(doc: Doc, speakers: list[Speaker]) -> KeyIndex:
    index = KeyIndex(doc)
    for other in speakers:
        index.add(other.first, other.last)
    return index


def fuller_mention(doc: Doc, speaker: Speaker, earlier: list[Speaker], apposed: list[Apposition],
                   earlier_index: KeyIndex | None = None, apposed_index: KeyIndex | None = None) -> Speaker:
    """The full mention a title-only or shortened speaker phrase stands for, or itself.
    The indexes (of `earlier` and of `apposed`, kept by a caller that asks many times) are
    built here when not given."""
    wanted = keys(doc, speaker.first, speaker.last)
    if doc.is_form(speaker.first, "title_words"):
        if not wanted:  # names nobody: the nearest earlier apposition (the first of a tie)
            earlier_apps = sorted((a for a in apposed if a.title[0] < speaker.first), key=lambda a: -a.title[0])
            if earlier_apps:
                return Speaker(earlier_apps[0].name[0], earlier_apps[0].name[1], False, speaker.gender)
        else:
            index = apposed_index if apposed_index is not None else apposition_index(doc, apposed)
            nearest, first = None, None  # the nearest title; of a tie, the first in the list
            for order, position in index.holding(wanted, speaker.first):
                if nearest is not None and order != nearest:
                    break
                nearest, first = order, position
            if first is not None:
                app = apposed[first]
                return Speaker(app.name[0], app.name[1], False, speaker.gender)
    size = speaker.last - speaker.first
    if not wanted:
        return next((o for o in reversed(earlier) if o.last - o.first > size), speaker)
    index = earlier_index if earlier_index is not None else speaker_index(doc, earlier)
    for _, position in index.holding(wanted, len(earlier)):
        other = earlier[position]
        if other.last - other.first > size:
            return other
    return speaker
