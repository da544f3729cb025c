"""Quotation cues and contents, learned: a linear-chain CRF (CRFsuite) labels the words of a
sentence B/I-CUE (the reporting word: قال، بحسب، مشددا، في بيان), B/I-CON (what was said)
or O. Lexicon lists of src/rasd/data/quotes/ are features, as are the entities under a word
and the quotation marks around it. Only sentences with a possible cue or a quotation mark
are tagged: the others hold no quotation, and skipping them keeps the stage fast."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasd.model import Span
from rasd.quotes.lexicon import CueEntry, lexicon
from rasd.quotes.view import CLOSING_MARKS, SentenceView, Word
from rasd.text.marks import QUOTE_PAIRS

CUE, CONTENT = "CUE", "CON"
BEGIN, INSIDE, OUTSIDE = "B-", "I-", "O"
WINDOW = 3  # words either side whose forms are features
ENTITY_WINDOW = 1
AFFIX = 3
COLON = ":"
CLAUSE_ENDS = frozenset(("،", ",", ".", "؛", ";", "؟", "?", "!", ":"))
# The least marginal of B-CON that opens a content the best path left out (tuned on dev).
OPEN_THRESHOLD = 0.02
# The least marginal of I-CON that carries a content on past where the best path ends it
# (dev detection F1: off 0.795, 0.4 0.795, 0.2 0.800, 0.1 0.802, 0.05 0.807, 0.02 0.805).
EXTEND_THRESHOLD = 0.05
# The least marginal of B-CUE that makes a word outside the best path a cue (tuned on dev).
CUE_THRESHOLD = 0.5
HALF = 0.5
ACCORDING = "according"  # the lexicon list of بحسب، وفق، نقلا عن
DISTANCE_BUCKETS = (1, 2, 3, 6, 12)
# CRFsuite settings (L-BFGS); every one explicit.
CRF_PARAMS = {"c1": 0.1, "c2": 0.1, "max_iterations": 300, "feature.possible_transitions": True}
# A content boundary on a conjunction-prefixed word (وأن) starts after the conjunction, the
# way the annotators write it.
CONJUNCTIONS = frozenset(("و", "ف"))


@dataclass(frozen=True, slots=True)
class Found:
    """A quotation the tagger read: its content, cue (None when it tagged none) and kind."""

    sentence: int
    content: Span
    cue: Span | None
    kind: str
    first: int  # word indexes of the content in its sentence
    last: int
    cue_first: int = -1
    cue_last: int = -1


def may_quote(view: SentenceView, cue_words: frozenset[str]) -> bool:
    """A sentence worth tagging: a quotation mark, a colon, or a word that can be a cue."""
    for w in view.words:
        if w.kind == "punct":
            if w.text in QUOTE_PAIRS or w.text in CLOSING_MARKS or w.text == COLON:
                return True
        elif w.stem in cue_words or w.norm in cue_words or any(n.startswith("cue:") or n == "according"
                                                               for n in w.lists):
            return True
    return False


def _may_open(words: Sequence[Word], j: int) -> bool:
    """Where a content the best path missed may open: أن/إن, a preposition (شدد على ...،
    اتهم ... بـ), a quotation mark or the word after one or after a colon."""
    w = words[j]
    if w.text in QUOTE_PAIRS or "introducers" in w.lists or "prepositions" in w.lists or w.proclitics.endswith("ب"):
        return True
    return j > 0 and (words[j - 1].text in QUOTE_PAIRS or words[j - 1].text == COLON)


def _shape(w: Word) -> str:
    return w.text if w.kind == "punct" else w.kind


def _bucket(distance: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if distance <= limit:
            return str(limit)
    return "far"


def _opens_complement(w: Word, takes: frozenset[str]) -> bool:
    """The word is a preposition the last cue takes (اتهم ... بـ، شدد على): nominal content."""
    return w.stem in takes or any(p in takes for p in w.proclitics)


@dataclass(frozen=True, slots=True)
class _Static:
    """A word's features that do not depend on its place in the sentence: its own, and the
    ones it gives each neighbour at offset d (window[d + WINDOW])."""

    own: tuple[str, ...]
    window: tuple[tuple[str, ...], ...]
    cue: CueEntry | None
    is_cue_word: bool
    introducer: bool


# Words seen by a tagger: their static features, built once (the features are most of the
# stage's time, and news repeats its words). Bounded: cleared when it grows past this.
STATIC_CACHE_WORDS = 5_000  # ~4 KB a word (200,000 grew a worker past 1.3 GB; 5,000 is as fast as 20,000)


def _static(w: Word, cue_words: frozenset[str]) -> _Static:
    shape = _shape(w)
    is_cue_word = w.stem in cue_words
    own = ["b", "s=" + w.stem, "p=" + w.proclitics, "k=" + shape, "e=" + w.entity,
           "pre=" + w.stem[:AFFIX], "suf=" + w.stem[-AFFIX:], "q=" + ("1" if w.quoted else "0")]
    if is_cue_word:
        own.append("cw")
    own.extend("L=" + name for name in w.lists)
    window = []
    for d in range(-WINDOW, WINDOW + 1):
        if d == 0:
            window.append(())
            continue
        f = [f"s{d}={w.stem}", f"k{d}={shape}"]
        f.extend(f"L{d}={name}" for name in w.lists)
        if is_cue_word:
            f.append(f"cw{d}")
        if abs(d) <= ENTITY_WINDOW:
            f.append(f"e{d}={w.entity}")
            f.append(f"q{d}={w.quoted:d}")
        window.append(tuple(f))
    cues = lexicon().cues
    return _Static(tuple(own), tuple(window), cues.get(w.stem) or cues.get(w.norm), is_cue_word,
                   "introducers" in w.lists)


# The state features as strings, made once: seen=<cue><intro><colon>, dc=<distance bucket>.
_SEEN = tuple(tuple(tuple(f"seen={a}{b}{c}" for c in (0, 1)) for b in (0, 1)) for a in (0, 1))
NO_CUE_YET = "dc=none"


@lru_cache(maxsize=256)
def _distance_feature(distance: int) -> str:
    return "dc=" + _bucket(distance)


def word_features(words: Sequence[Word], cue_words: frozenset[str],
                  cache: dict | None = None) -> list[list[str]]:
    """The CRF's features of each word of a sentence. `cache` (word key -> static features)
    makes repeated words cheap; the features are the same with or without it."""
    n = len(words)
    if cache is None:
        cache = {}
    elif len(cache) > STATIC_CACHE_WORDS:
        cache.clear()
    static = []
    for w in words:
        key = (w.stem, w.norm, w.proclitics, w.kind, w.text if w.kind == "punct" else "", w.entity, w.quoted, w.lists)
        found = cache.get(key)
        if found is None:
            found = cache[key] = _static(w, cue_words)
        static.append(found)
    out: list[list[str]] = []
    seen_cue = seen_intro = seen_colon = False
    last_cue, takes = -1, frozenset()
    for i, w in enumerate(words):
        st = static[i]
        f = list(st.own)
        f.append(_SEEN[seen_cue][seen_intro][seen_colon])
        f.append(_distance_feature(i - last_cue) if last_cue >= 0 else NO_CUE_YET)
        if last_cue >= 0 and _opens_complement(w, takes):
            f.append("takes")
        if st.introducer:
            # The first أن/إن after a cue opens its content however long the subject between.
            f.append(f"intro|cue={seen_cue:d}|again={seen_intro:d}")
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        for d in range(max(-WINDOW, -i), min(WINDOW, n - 1 - i) + 1):
            if d:
                f.extend(static[i + d].window[d + WINDOW])
        out.append(f)
        entry = st.cue
        if entry is not None or st.is_cue_word:
            last_cue, takes = i, entry.takes if entry is not None else frozenset()
            seen_intro = False
        seen_cue = seen_cue or last_cue >= 0
        seen_intro = seen_intro or st.introducer
        seen_colon = seen_colon or w.text == COLON
    return out


def _segments(labels: Sequence[str], kind: str) -> list[tuple[int, int]]:
    """(first, last) word indexes of each run labelled `kind` (an I- without a B- opens one)."""
    runs, start = [], -1
    for i, label in enumerate(labels):
        if label == BEGIN + kind or (label == INSIDE + kind and start < 0):
            if start >= 0:
                runs.append((start, i - 1))
            start = i
        elif label != INSIDE + kind and start >= 0:
            runs.append((start, i - 1))
            start = -1
    if start >= 0:
        runs.append((start, len(labels) - 1))
    return runs


def _trim(words: Sequence[Word], first: int, last: int) -> tuple[int, int] | None:
    """Without punctuation at either end (the content excludes its marks and final stop)."""
    while first <= last and words[first].kind == "punct":
        first += 1
    while last >= first and words[last].kind == "punct":
        last -= 1
    return (first, last) if first <= last else None


def _unbalanced(words: Sequence[Word], first: int, last: int) -> bool:
    texts = [words[i].text for i in range(first, last + 1)]
    return texts.count("«") > texts.count("»") or texts.count("“") > texts.count("”") or texts.count('"') % 2 == 1


def _balanced(words: Sequence[Word], first: int, last: int, stop: int) -> int:
    """A content that opens a quotation mark runs past its closing mark to the end of the
    clause (the CRF's path often stops at the mark, leaving a mixed quote's tail out)."""
    if words[first].quoted or not _unbalanced(words, first, last):
        return last
    i, closed = last + 1, False
    while i < stop:
        w = words[i]
        if closed and w.kind == "punct" and w.text in CLAUSE_ENDS:
            break
        closed = closed or w.text in CLOSING_MARKS
        i += 1
    return i - 1


def _kind(words: Sequence[Word], first: int, last: int) -> str:
    before = words[first - 1].text if first > 0 else ""
    after = words[last + 1].text if last + 1 < len(words) else ""
    if before in QUOTE_PAIRS and after in CLOSING_MARKS:
        return "direct"
    if any(words[i].text in QUOTE_PAIRS or words[i].text in CLOSING_MARKS for i in range(first, last + 1)):
        return "mixed"
    return "indirect"


def content_start(w: Word) -> int:
    return w.stem_start if w.proclitics in CONJUNCTIONS else w.start


def _nearest_cue(cues: list[tuple[int, int]], contents: list[tuple[int, int]], first: int, last: int):
    """The cue of a content: the nearest one before it with no other content between, else
    the nearest after it (…، بحسب وكالة ...)."""
    before = [c for c in cues if c[1] < first and not any(c[1] < o[0] and o[1] < first for o in contents)]
    if before:
        return before[-1]
    after = [c for c in cues if c[0] > last and not any(last < o[0] and o[1] < c[0] for o in contents)]
    return after[0] if after else None


def decode(view: SentenceView, labels: Sequence[str]) -> list[Found]:
    words = view.words
    cues = [c for c in (_trim(words, a, b) for a, b in _segments(labels, CUE)) if c is not None]
    contents = [c for c in (_trim(words, a, b) for a, b in _segments(labels, CONTENT)) if c is not None]
    found = []
    for n, (first, last) in enumerate(contents):
        stop = min([c[0] for c in cues if c[0] > last] + [o[0] for o in contents[n + 1 :]] + [len(words)])
        last = _balanced(words, first, last, stop)
        trimmed = _trim(words, first, last)
        if trimmed is None:
            continue
        first, last = trimmed
        cue = _nearest_cue(cues, contents, first, last)
        cue_span = Span(words[cue[0]].stem_start, words[cue[1]].end) if cue else None
        span = Span(content_start(words[first]), words[last].end)
        found.append(Found(view.index, span, cue_span, _kind(words, first, last), first, last,
                           cue[0] if cue else -1, cue[1] if cue else -1))
    return found


def gold_labels(view: SentenceView, quotes: Sequence[dict]) -> list[str]:
    """The labels of a sentence from gold quotes (content and cue offsets); a content that
    overlaps one already labelled (a fragment inside a mixed quote) is left out."""
    labels = [OUTSIDE] * len(view.words)
    for q in sorted(quotes, key=lambda q: q["content_start"]):
        _label_span(view.words, labels, q["content_start"], q["content_end"], CONTENT)
        if q.get("cue_start") is not None:
            _label_span(view.words, labels, q["cue_start"], q["cue_end"], CUE)
    return labels


def _label_span(words: Sequence[Word], labels: list[str], start: int, end: int, kind: str) -> None:
    inside = [i for i, w in enumerate(words) if w.start < end and start < w.end and w.kind != "punct"]
    if not inside or any(labels[i] != OUTSIDE for i in inside):
        return
    for n, i in enumerate(range(inside[0], inside[-1] + 1)):
        labels[i] = (BEGIN if n == 0 else INSIDE) + kind


class QuoteTagger:
    """The CRF: `tag` labels one sentence; `fit` trains from (features, labels) sequences."""

    def __init__(self, model_path: str, cue_words: frozenset[str], trigger_words: frozenset[str] | None = None):
        import pycrfsuite

        self.cue_words = cue_words
        # The words that make a sentence worth tagging (all cue words when not given).
        self.trigger_words = cue_words if trigger_words is None else trigger_words
        self.open_threshold = OPEN_THRESHOLD
        self.cue_threshold = CUE_THRESHOLD
        self._cache: dict = {}
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(model_path)

    def read(self, view: SentenceView) -> list[Found]:
        if not view.words or not may_quote(view, self.trigger_words):
            return []
        labels = self._tagger.tag(word_features(view.words, self.cue_words, self._cache))
        return decode(view, self._complete(view.words, labels))

    def _complete(self, words: Sequence[Word], labels: list[str]) -> list[str]:
        """A cue the best path leaves without content: the content opens where the CRF's
        marginal of B-CON after it is highest (when high enough) and runs to the next cue
        or the sentence end. The Viterbi path alone misses contents far from their cue."""
        marginal = self._tagger.marginal
        labels = list(labels)
        if self.cue_threshold < HALF:  # at one half or more the best path has them already
            for i, label in enumerate(labels):
                if label == OUTSIDE and marginal(BEGIN + CUE, i) >= self.cue_threshold:
                    labels[i] = BEGIN + CUE
        cues = [i for i, label in enumerate(labels) if label == BEGIN + CUE]
        for n, cue in enumerate(cues):
            stop = cues[n + 1] if n + 1 < len(cues) else len(labels)
            if any(label.endswith(CONTENT) for label in labels[cue + 1 : stop]):
                continue
            if any(label.endswith(CONTENT) for label in labels[:cue]) and n == 0:
                continue  # «...»، قال: the cue follows its content
            if ACCORDING in words[cue].lists and self._content_before(words, labels, cues[n - 1] + 1 if n else 0, cue):
                continue
            # An opening word (أن، على، «) first; any word when none is likely enough.
            openings = [j for j in range(cue + 1, stop) if _may_open(words, j)]
            best = max(openings, key=lambda j: marginal(BEGIN + CONTENT, j), default=None)
            if best is None or marginal(BEGIN + CONTENT, best) < self.open_threshold:
                best = max(range(cue + 1, stop), key=lambda j: marginal(BEGIN + CONTENT, j), default=None)
            if best is None or marginal(BEGIN + CONTENT, best) < self.open_threshold:
                continue
            labels[best] = BEGIN + CONTENT
            for j in range(best + 1, stop):
                if labels[j] != OUTSIDE:
                    break
                labels[j] = INSIDE + CONTENT
        return self._extend(labels)

    def _content_before(self, words: Sequence[Word], labels: list[str], start: int, cue: int) -> bool:
        """«…، بحسب ...»: an attribution after its content; the content opens where the
        marginal of B-CON before the cue is highest (when high enough) and runs to the cue."""
        marginal = self._tagger.marginal
        end = cue - 1
        while end >= start and words[end].kind == "punct":
            end -= 1
        if end < start or any(lab != OUTSIDE for lab in labels[start: end + 1]):
            return False
        best = max(range(start, end + 1), key=lambda j: marginal(BEGIN + CONTENT, j))
        if marginal(BEGIN + CONTENT, best) < self.open_threshold:
            return False
        labels[best] = BEGIN + CONTENT
        for j in range(best + 1, end + 1):
            labels[j] = INSIDE + CONTENT
        return True

    def _extend(self, labels: list[str]) -> list[str]:
        """A content the best path ends early (at a comma, before the clause that completes
        it) runs on over each next word whose marginal of I-CON reaches EXTEND_THRESHOLD."""
        marginal = self._tagger.marginal
        for j in range(1, len(labels)):
            if (labels[j] == OUTSIDE and labels[j - 1].endswith(CONTENT)
                    and marginal(INSIDE + CONTENT, j) >= EXTEND_THRESHOLD):
                labels[j] = INSIDE + CONTENT
        return labels

    @staticmethod
    def fit(sequences: list[tuple[list[list[str]], list[str]]], model_path: str) -> None:
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for features, labels in sequences:
            trainer.append(features, labels)
        trainer.set_params(CRF_PARAMS)
        trainer.train(model_path)
