"""The working records of the quotation stage: a quotation being read (`Draft`), and what
the reading carries across an article and within a sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from rasd.model import Span
from rasd.quotes.content import Content
from rasd.quotes.mentions import Apposition, KeyIndex, apposition_index, fuller_mention
from rasd.quotes.speakers import Speaker, SpeakerMemory, agrees, make_speaker
from rasd.quotes.via import Medium
from rasd.quotes.words import Doc


@dataclass(slots=True)
class Draft:
    cue: Span | None
    content: Content
    speaker: Speaker | None
    sentence: int
    continuation: bool = False
    trailing: bool = False  # the cue follows its content (...، كما أفادت الشرطة)
    explicit: bool = True  # the speaker is named here, not recovered from a dropped subject
    via: list[Medium] = field(default_factory=list)


@dataclass(slots=True)
class ArticleState:
    """What the reading of one article carries from sentence to sentence."""

    doc: Doc
    memory: SpeakerMemory = field(default_factory=SpeakerMemory)
    apposed: list[Apposition] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # quotation regions already taken as content
    # Indexes of memory.said and of apposed by name keys (see _indexes).
    _said: list | None = None
    _earlier: list[Speaker] = field(default_factory=list)
    _earlier_index: KeyIndex | None = None
    _apposed_for: list | None = None
    _apposed_index: KeyIndex | None = None

    def named(self, run: tuple[int, int]) -> Speaker:
        """A speaker named here, as the fullest mention of it the article has."""
        return self.fuller(make_speaker(self.doc, run))

    def fuller(self, speaker: Speaker) -> Speaker:
        return fuller_mention(self.doc, speaker, self._earlier, self.apposed, *self._indexes())

    def _indexes(self) -> tuple[KeyIndex, KeyIndex]:
        """The name-key indexes of the speakers met so far and of the appositions, kept up to
        date as speakers are added (rebuilt whole, not per call, when a list is replaced)."""
        said = self.memory.said
        if self._said is not said or len(self._earlier) > len(said):
            self._said, self._earlier = said, []
            self._earlier_index = KeyIndex(self.doc)
        for _, other in said[len(self._earlier):]:
            self._earlier.append(other)
            self._earlier_index.add(other.first, other.last)
        if self._apposed_index is None or self._apposed_for is not self.apposed:
            self._apposed_index, self._apposed_for = apposition_index(self.doc, self.apposed), self.apposed
        return self._earlier_index, self._apposed_index


@dataclass(slots=True)
class SentenceState:
    index: int
    media: list[Medium]
    relay_source: Speaker | None
    drafts: list[Draft] = field(default_factory=list)
    # Subjects of cues that said nothing quotable here (علق الوزير على ...، قائلا): the
    # participles of the sentence may still be theirs.
    subjects: list[Speaker] = field(default_factory=list)

    def subject(self, gender: str) -> Speaker | None:
        return next((s for s in reversed(self.subjects) if agrees(gender, s.gender)), None)
