"""A per-article view of the tokens the quotation rules read: matching forms, sentences,
and the quotation-mark regions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from rasd.model import Article, Token
from rasd.quotes.lexicon import Lexicon, lexicon
from rasd.text import normalize_word
from rasd.text.marks import WRAPPING_PAIRS

OPENING_MARKS = WRAPPING_PAIRS
QUOTATION_OPENERS = frozenset("«“\"")
COMMAS = frozenset("،,")
SENTENCE_FINAL = frozenset(".!?؟…")
COLONS = frozenset(":")
NAME_KINDS = frozenset(("word", "latin"))
PREPOSITION_CLITICS = ("ل", "ب")
CONJUNCTION_CLITICS = ("و", "ف")
# The tokenizer peels ل + ال as one clitic; the word keeps its article.
DEFINITE_AFTER_LAM = "لل"
MADDA_ALEF = "آ"
HAMZA_ALEFS = "أإ"
FORMS_CACHE_SIZE = 1 << 16


@dataclass(slots=True)
class Word:
    start: int
    end: int
    kind: str
    text: str
    norm: str  # the whole word, normalised
    stem: str  # normalised, without the clitics the tokenizer peeled off
    variants: tuple[str, ...]  # the forms a lexicon lookup tries
    proclitics: str
    has_article: bool
    sentence: int

    @property
    def is_punct(self) -> bool:
        return self.kind in ("punct", "symbol")

    def name_start(self, clitics: tuple[str, ...]) -> int:
        """Where a name written in this word begins: after و/ل/ب (entities exclude clitics),
        keeping the article of لل (للبلدية → البلدية)."""
        peeled = normalize_word(self.proclitics)
        if peeled == DEFINITE_AFTER_LAM:
            return self.start + 1
        return self.start + len(self.proclitics) if peeled in clitics else self.start

    @property
    def has_preposition(self) -> bool:
        return any(c in self.proclitics for c in PREPOSITION_CLITICS)

    @property
    def has_conjunction(self) -> bool:
        return self.proclitics[:1] in CONJUNCTION_CLITICS


@dataclass(slots=True)
class Region:
    """A pair of quotation marks (or brackets): word indexes of the marks, content chars."""

    open_word: int
    close_word: int
    start: int
    end: int
    mark: str

    @property
    def is_quotation(self) -> bool:
        return self.mark in QUOTATION_OPENERS

    @property
    def word_count(self) -> int:
        return self.close_word - self.open_word - 1


@dataclass(slots=True)
class Doc:
    text: str
    words: list[Word]
    lex: Lexicon
    sentence_words: list[tuple[int, int]]  # [first, last+1) word index per sentence
    regions: dict[int, Region] = field(default_factory=dict)  # by opening word index
    closers: dict[int, Region] = field(default_factory=dict)  # by closing word index
    # Named entities by word: (first word, last word, type) of the entity each word is in.
    entity_at: dict[int, tuple[int, int, str]] = field(default_factory=dict)

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.words[first].start : self.words[last].end]

    def sentence_end(self, i: int) -> int:
        return self.sentence_words[self.words[i].sentence][1]

    def sentence_start(self, i: int) -> int:
        return self.sentence_words[self.words[i].sentence][0]

    def is_form(self, i: int, name: str) -> bool:
        """Is word i (in any of its matching forms) on the marker list `name`?"""
        if i < 0 or i >= len(self.words):
            return False
        bag = self.lex.words[name]
        return any(v in bag for v in self.words[i].variants)

    def is_introducer(self, i: int) -> bool:
        """أن/إن and their forms; آن (a name, "now") normalises the same but is not one, and
        after a clitic only a written hamza makes one (فإن، وأن — not the name فان)."""
        if not self.is_form(i, "introducers"):
            return False
        word = self.words[i]
        if word.norm in self.lex.words["introducers"]:
            return MADDA_ALEF not in word.text[:2]
        return any(ch in HAMZA_ALEFS for ch in word.text[1:3])

    def phrase_at(self, i: int, name: str) -> int:
        """Words of the longest phrase of list `name` starting at word i (0: none)."""
        for phrase in self.lex.phrases[name]:
            n = len(phrase)
            if i + n > len(self.words):
                continue
            if all(phrase[k] in self.words[i + k].variants for k in range(n)):
                return n
        return 0


def _variants(norm: str, peeled: str, proclitics: tuple[str, ...]) -> tuple[str, ...]:
    """The whole word, and the word without the proclitics a cue or marker can carry.
    Enclitics stay: وجدنا (we found) is not وجد (he found)."""
    forms = [norm]
    peeled = normalize_word(peeled)
    if peeled == DEFINITE_AFTER_LAM:
        forms.append("ال" + norm[len(peeled):])  # للبيان → البيان
    elif peeled in proclitics:
        forms.append(norm[len(peeled):])
    for clitic in proclitics:
        if norm.startswith(clitic) and len(norm) > len(clitic) + 1:
            forms.append(norm[len(clitic):])
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=FORMS_CACHE_SIZE)
def _forms(raw: str, peeled: str, proclitics: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Matching form and lookup variants of a word (cached: news repeats its words)."""
    norm = normalize_word(raw)
    return norm, _variants(norm, peeled, proclitics)


def _word(text: str, tok: Token, sentence: int, lex: Lexicon) -> Word:
    raw = text[tok.start : tok.end]
    norm, variants = _forms(raw, tok.proclitics, lex.proclitics)
    stem = normalize_word(text[tok.stem_start : tok.stem_end]) if tok.stem_start >= 0 else norm
    return Word(tok.start, tok.end, tok.kind, raw, norm, stem, variants, tok.proclitics, tok.has_article, sentence)


def _sentence_ranges(article: Article, words: list[Word]) -> list[tuple[int, int]]:
    ranges = [[len(words), len(words)] for _ in article.sentences] or [[0, len(words)]]
    for i, w in enumerate(words):
        lo, hi = ranges[w.sentence]
        ranges[w.sentence] = [min(lo, i), i + 1]
    return [(lo, max(lo, hi)) for lo, hi in ranges]


def _pair_marks(doc: Doc) -> None:
    """Pair opening and closing marks within a paragraph; a straight quote toggles."""
    stack: list[int] = []
    for i, w in enumerate(doc.words):
        if stack and "\n" in doc.text[doc.words[stack[-1]].end : w.start]:
            stack.clear()
        ch = w.text if w.is_punct and len(w.text) == 1 else ""
        if stack and ch == OPENING_MARKS[doc.words[stack[-1]].text]:
            opener = stack.pop()
            region = Region(opener, i, doc.words[opener].end, w.start, doc.words[opener].text)
            doc.regions[opener] = region
            doc.closers[i] = region
        elif ch in OPENING_MARKS:
            stack.append(i)


def _sentence_indexes(article: Article) -> list[int]:
    """The sentence of each token, in one pass (tokens and sentences are both in order)."""
    out, s, sentences = [], 0, article.sentences
    for tok in article.tokens:
        while s + 1 < len(sentences) and tok.start >= sentences[s + 1].start:
            s += 1
        out.append(s)
    return out


def build_doc(article: Article) -> Doc:
    lex = lexicon()
    words = [_word(article.text, tok, sentence, lex)
             for tok, sentence in zip(article.tokens, _sentence_indexes(article), strict=True)]
    doc = Doc(article.text, words, lex, [])
    doc.sentence_words = _sentence_ranges(article, words)
    _pair_marks(doc)
    _index_entities(doc, article)
    return doc


def _index_entities(doc: Doc, article: Article) -> None:
    """Which words each entity covers (an entity's start skips clitics: it lies inside a word)."""
    if not article.entities:
        return
    starts = [w.start for w in doc.words]
    for entity in article.entities:
        first = bisect_right(starts, entity.start) - 1
        last = bisect_left(starts, entity.end) - 1
        if 0 <= first <= last:
            for i in range(first, last + 1):
                doc.entity_at[i] = (first, last, entity.type)
            if entity.start == doc.words[first].start:
                # The tagger read the whole word as the name: what the clitic analysis took
                # for a proclitic is its first letter (فيدان is no ف + يدان).
                doc.words[first].proclitics = ""


class Quotations:
    """A document's quotation regions (not brackets), asked by word index by bisection
    instead of a pass over all of them per cue, which made a long document quadratic. Answers
    keep the order of `doc.regions`."""

    def __init__(self, regions: dict[int, Region]):
        self.regions = [r for r in regions.values() if r.is_quotation]
        self.order = sorted(range(len(self.regions)), key=lambda k: self.regions[k].open_word)
        self.opens = [self.regions[k].open_word for k in self.order]
        self.longest = max((r.close_word - r.open_word for r in self.regions), default=0)

    def _opening(self, low: int, high: int) -> list[Region]:
        """Regions whose opening word is in [low, high), in the order of doc.regions."""
        lo, hi = bisect_left(self.opens, low), bisect_left(self.opens, high)
        return [self.regions[k] for k in sorted(self.order[lo:hi])]

    def enclosing(self, i: int) -> list[Region]:
        """Regions with open_word < i < close_word."""
        return [r for r in self._opening(i - self.longest, i) if i < r.close_word]

    def within(self, first: int, last: int) -> list[Region]:
        """Regions with first <= open_word and close_word <= last."""
        return [r for r in self._opening(first, last + 1) if r.close_word <= last]

    def opening_between(self, after: int, before: int) -> list[Region]:
        """Regions with after < open_word < before."""
        return self._opening(after + 1, before)


_QUOTATIONS: tuple[Doc, int, Quotations] | None = None


def quotations(doc: Doc) -> Quotations:
    """The document's Quotations, built once (the last document's is kept, no other)."""
    global _QUOTATIONS
    cached = _QUOTATIONS
    if cached is None or cached[0] is not doc or cached[1] != len(doc.regions):
        cached = _QUOTATIONS = (doc, len(doc.regions), Quotations(doc.regions))
    return cached[2]
