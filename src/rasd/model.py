"""The typed document model. One `Article` owns the cleaned text; everything else is
character offsets into it (Unicode code points), so every fact points at its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from rasd.errors import Code

SCHEMA_ID = "rasd.analysis/1"

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
TokenKind = Literal["word", "number", "latin", "punct", "url", "symbol"]
ActorKind = Literal["person", "organization", "country", "place", "group", "other"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Mode = Literal["asserted", "negated", "intended", "demanded", "threatened", "hypothetical"]


@dataclass(slots=True, frozen=True)
class Span:
    """A half-open [start, end) range of the article text."""

    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(slots=True, frozen=True)
class Sentence(Span):
    paragraph: int = 0


@dataclass(slots=True)
class Token:
    """A token; `stem_start`/`stem_end` exclude the clitics the analyser peeled off.

    Not a frozen Span subclass: tokens are made by the hundred thousand, and frozen
    dataclasses pay for `object.__setattr__` on every field.
    """

    start: int
    end: int
    kind: TokenKind = "word"
    stem_start: int = -1
    stem_end: int = -1
    proclitics: str = ""
    enclitic: str = ""
    has_article: bool = False

    @property
    def stem(self) -> Span:
        if self.stem_start < 0:
            return Span(self.start, self.end)
        return Span(self.stem_start, self.stem_end)


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    type: EntityType
    id: str = ""
    actor: str | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    ids: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ActorSpan:
    """A span that refers to an actor: a quote's speaker, a via element, an event's source."""

    start: int
    end: int
    actor: str | None = None
    anonymous: bool = False


@dataclass(slots=True)
class Quote:
    id: str
    kind: QuoteKind
    content: Span
    cue: Span | None
    speaker: ActorSpan | None
    via: list[ActorSpan] = field(default_factory=list)


@dataclass(slots=True)
class Location:
    start: int
    end: int
    country: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    type: str
    mode: Mode
    trigger: Span
    sentence: int
    source: ActorSpan | None = None
    target: ActorSpan | None = None
    location: Location | None = None
    date: str | None = None
    confidence: float = 0.5


@dataclass(slots=True, frozen=True)
class Warning:
    code: Code
    message: str


@dataclass(slots=True)
class Metadata:
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    section: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None  # where the document came from: path, path:line, WARC record


@dataclass(slots=True)
class Article:
    """The cleaned text and every layer of analysis over it."""

    text: str
    meta: Metadata = field(default_factory=Metadata)
    language: str = "und"
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    done: set[str] = field(default_factory=set)  # names of the stages that ran
    # Set when the text layer folded presentation forms (ﻻ → لا): the text as ingested, and
    # for each character of `text` the offset in it it came from (None: one for one).
    ingested_text: str | None = None
    ingested_offsets: list[int] | None = None

    def ingested_span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) of `text` as offsets into the text as ingested."""
        if self.ingested_offsets is None:
            return start, end
        if start >= len(self.ingested_offsets):
            size = len(self.ingested_text or "")
            return size, size
        return self.ingested_offsets[start], self.ingested_offsets[end - 1] + 1 if end > start else self.ingested_offsets[start]

    @property
    def id(self) -> str:
        return self.meta.id

    def span_text(self, span: Span | Entity | ActorSpan | Location) -> str:
        return self.text[span.start : span.end]

    def warn(self, code: Code, message: str) -> None:
        self.warnings.append(Warning(code, message))

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset`, or -1."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if offset < sent.start:
                hi = mid - 1
            elif offset >= sent.end:
                lo = mid + 1
            else:
                return mid
        return -1

    def tokens_in(self, span: Span) -> list[Token]:
        return [t for t in self.tokens if span.start <= t.start and t.end <= span.end]

    def to_dict(self) -> dict[str, Any]:
        from rasd.output import article_to_dict

        return article_to_dict(self)
