"""Reading an article's quotations with the three learned parts: the CRF tagger finds cues
and contents sentence by sentence, the speaker ranker picks who said each one (an earlier
speaker for an implied subject), the via classifier its media chain. Models load once from
src/rasd/models/quotes_* (or a folder given)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.model import ActorSpan, Article, Quote
from rasd.quotes.antecedents import AntecedentLinker, mentions
from rasd.quotes.lexicon import lexicon
from rasd.quotes.linear import LinearModel
from rasd.quotes.linking import actor_span
from rasd.quotes.outlets import name_key, own_names
from rasd.quotes.speakers import Anchor, Earlier, SpeakerRanker, is_anonymous
from rasd.quotes.tagger import QuoteTagger
from rasd.quotes.via import ViaClassifier, credited_medium
from rasd.quotes.view import SentenceView, build_views

TAGGER_FILE = "quotes_tagger.crfsuite"
TAGGER_SETTINGS_FILE = "quotes_tagger.json"
SPEAKER_FILE = "quotes_speaker.json"
VIA_FILE = "quotes_via.json"
LINKER_FILE = "quotes_antecedent.json"
MODEL_FILES = (TAGGER_FILE, TAGGER_SETTINGS_FILE, SPEAKER_FILE, VIA_FILE, LINKER_FILE)


@dataclass(slots=True)
class QuoteModels:
    tagger: QuoteTagger
    speakers: SpeakerRanker
    via: ViaClassifier
    linker: AntecedentLinker

    @classmethod
    def load(cls, folder: str | Path | None = None) -> QuoteModels:
        base = Path(folder) if folder is not None else Path(str(resources.files("rasd").joinpath("models")))
        missing = [name for name in MODEL_FILES if not (base / name).exists()]
        if missing:
            raise RasdError(Code.E014_MODEL_MISSING, f"{base / missing[0]} (rebuild with `rasd train quotes`)")
        settings = json.loads((base / TAGGER_SETTINGS_FILE).read_text(encoding="utf-8"))
        triggers = settings.get("trigger_words")
        tagger = QuoteTagger(str(base / TAGGER_FILE), frozenset(settings["cue_words"]),
                             frozenset(triggers) if triggers is not None else None)
        tagger.open_threshold = float(settings["open_threshold"])
        tagger.cue_threshold = float(settings["cue_threshold"])
        speakers = LinearModel.from_json(json.loads((base / SPEAKER_FILE).read_text(encoding="utf-8")))
        via = LinearModel.from_json(json.loads((base / VIA_FILE).read_text(encoding="utf-8")))
        linker = LinearModel.from_json(json.loads((base / LINKER_FILE).read_text(encoding="utf-8")))
        return cls(tagger, SpeakerRanker(speakers), ViaClassifier(via), AntecedentLinker(linker))


@cache
def shipped_models() -> QuoteModels:
    return QuoteModels.load()


def is_continuation(view: SentenceView, anchor: Anchor) -> bool:
    if anchor.cue_first < 0:
        return False
    cue = view.words[anchor.cue_first]
    entry = lexicon().cues.get(cue.stem) or lexicon().cues.get(cue.norm)
    return entry is not None and entry.continuation


def read_quotes(article: Article, models: QuoteModels) -> list[Quote]:
    own = own_names(article.meta.outlet)
    earlier: list[Earlier] = []
    previous_via: list[ActorSpan] = []  # the last chain named (an older quotation's when `fresh` is False)
    fresh = True
    quotes: list[Quote] = []
    views = build_views(article)
    named = mentions(views, article)
    spoke: set[str] = set()
    for view in views:
        for found in sorted(models.tagger.read(view), key=lambda f: f.content.start):
            anchor = Anchor(found.cue_first, found.cue_last, found.first, found.last)
            best = models.speakers.best(article, view, anchor, earlier)
            speaker = None
            if best is not None and best.previous is not None:
                speaker = ActorSpan(best.previous.start, best.previous.end, best.previous.actor,
                                    best.previous.anonymous)
            elif best is not None:
                speaker = actor_span(article, best.start, best.end, is_anonymous(view, best))
                linked = models.linker.link(article, view, best.first, best.last, named, frozenset(spoke))
                if linked is not None:
                    speaker.actor = linked
            if speaker is not None:
                if speaker.actor:
                    spoke.add(speaker.actor)
                earlier.append(Earlier(speaker, view.index, view.paragraph))
            span = (speaker.start, speaker.end) if speaker is not None else None
            kept = models.via.chain(article, view, anchor, span, previous_via, is_continuation(view, anchor),
                                    own, name_key, fresh)
            via = [ActorSpan(c.inherited.start, c.inherited.end, c.inherited.actor) if c.inherited is not None
                   else actor_span(article, c.start, c.end) for c in kept]
            if not via and best is not None and best.previous is None and speaker is not None \
                    and credited_medium(article, view, best.first):
                via = [ActorSpan(speaker.start, speaker.end, speaker.actor)]
            fresh = bool(via) or not previous_via
            previous_via = via or previous_via
            quotes.append(Quote(f"q{len(quotes) + 1}", found.kind, found.content, found.cue,  # type: ignore[arg-type]
                                speaker, via))
    return quotes
