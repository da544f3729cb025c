"""The `events` pipeline stage: PLOVER events per sentence from learned components.

Per sentence (one SentenceView, view.py): the trigger tagger (a CRF, tagger.py) finds the
words that name an act and their type; the mode classifier (modes.py) reads the context;
the argument ranker (roles.py) picks source and target among the sentence's candidate
mentions (mentions.py) or none; the linker (linking.py) ties them to `article.actors`; place
(where.py) and date (when.py) follow. Each event's confidence is the calibrated probability
(models.py) of the trigger and its arguments being right, which also weighs the sentence
model's (sentences.py) probability that the sentence reports the type; below the reporting threshold an
event is not output. All models ship in src/rasd/models/ (rebuild: `rasd train events`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from rasd.events.linking import ActorLinker
from rasd.events.models import EventModels, confidence_features, load_from, load_models
from rasd.events.roles import Trigger
from rasd.events.sentences import sentence_type_features
from rasd.events.tagger import TriggerSpan
from rasd.events.triggers import TriggerEntry, TriggerMatch
from rasd.events.view import SentenceView, carry_into, sentence_view
from rasd.events.when import event_date
from rasd.events.where import event_location
from rasd.model import ActorSpan, Article, Event, Quote, Span
from rasd.pipeline import register
from rasd.settings import Settings

EVENT_ID_PREFIX = "v"
CONFIDENCE_DIGITS = 3


@dataclass(slots=True)
class Candidate:
    """An event before the reporting threshold, with what its confidence is computed from."""

    event: Event
    features: dict[str, float]


def by_sentence(article: Article, items: list) -> list[list]:
    """Items (tokens, entities: anything with .start) grouped by sentence, in one sweep."""
    groups: list[list] = [[] for _ in article.sentences]
    starts = [s.start for s in article.sentences]
    for item in items:
        si = bisect_left(starts, item.start + 1) - 1
        if 0 <= si < len(groups) and item.start < article.sentences[si].end:
            groups[si].append(item)
    return groups


def quotes_by_sentence(article: Article) -> list[list[Quote]]:
    groups: list[list[Quote]] = [[] for _ in article.sentences]
    starts = [s.start for s in article.sentences]
    for q in article.quotes:
        first = max(0, bisect_left(starts, q.content.start + 1) - 1)
        for si in range(first, len(starts)):
            if article.sentences[si].start >= q.content.end:
                break
            groups[si].append(q)
    return groups


def speaker_of(quotes: list[Quote], trigger: Span) -> ActorSpan | None:
    """Who speaks the trigger: the speaker of the quotation that holds it, or whose cue it is."""
    for quote in quotes:
        cue = quote.cue
        if quote.speaker is not None and (quote.content.contains(trigger)
                                          or (cue is not None and cue.start < trigger.end and trigger.start < cue.end)):
            return quote.speaker
    return None


def _match_for_place(view: SentenceView, span: TriggerSpan) -> TriggerMatch:
    """where.py reads a trigger as a lexicon match (its lemma tells a visit); a trigger the
    lexicon does not know gets a bare one."""
    found = view.lexicon[span.first]
    if found is not None:
        return TriggerMatch(found.entry, span.first, span.last, found.future, found.passive, found.whole)
    word = view.forms[span.first][0] if view.forms[span.first] else ""
    return TriggerMatch(TriggerEntry(span.type, word, 0.0, (word,), "noun"), span.first, span.last, False)


def trigger_span(view: SentenceView, span: TriggerSpan) -> Span:
    """The trigger's characters: its first word without proclitics (as the annotation writes
    it: يتوجه of وسيتوجه), up to the end of its last word (pronoun suffixes kept)."""
    first = view.tokens[span.first]
    start = first.start + len(first.proclitics) if first.proclitics else first.start
    return Span(min(start, first.end - 1), view.tokens[span.last].end)


def sentence_candidates(article: Article, view: SentenceView, quotes: list[Quote], models: EventModels,
                        linker: ActorLinker, when: str | None) -> list[Candidate]:
    out = []
    sentence = models.sentences.probabilities(sentence_type_features(view))
    for span in models.tagger.tag(view, sentence_levels=models.sentences.levels(sentence)):
        trigger = trigger_span(view, span)
        lex = view.lexicon[span.first]
        info = Trigger(span.first, span.last, span.type, lex is not None and lex.entry.verbal,
                       lex is not None and lex.passive, speaker_of(quotes, trigger))
        mode = models.mode(view, span.first, span.last, span.type)
        args = models.arguments(view, info)
        source = linker.span(args.source, view.mentions, args.target)
        target = linker.span(args.target, view.mentions, args.source)
        location = event_location(view, _match_for_place(view, span))
        event = Event(id="", type=span.type, mode=mode, trigger=trigger, sentence=view.index, source=source,
                      target=target, location=location, date=when)
        out.append(Candidate(event, confidence_features(span, args, sentence.get(span.type))))
    return out


def article_candidates(article: Article, models: EventModels) -> list[Candidate]:
    tokens = by_sentence(article, article.tokens)
    entities = by_sentence(article, article.entities)
    quotes = quotes_by_sentence(article)
    linker = ActorLinker(article, models.country)
    actors = {a.id: a for a in article.actors}
    kinds = {a.id: a.kind for a in article.actors}
    out: list[Candidate] = []
    views: list[SentenceView | None] = []
    for index, sentence in enumerate(article.sentences):
        if not tokens[index]:
            views.append(None)
            continue
        view = sentence_view(article, index, tokens[index], entities[index], quotes[index])
        carry_into(view, actors, views)
        view.kinds = kinds
        views.append(view)
        when = event_date(sentence.text_in(article.text), view.forms, article.meta.published)
        out.extend(sentence_candidates(article, view, quotes[index], models, linker, when))
    return out


def _key(event: Event) -> tuple:
    side = lambda s: None if s is None else (s.actor or (s.start, s.end))  # noqa: E731
    return event.sentence, event.type, side(event.source), side(event.target)


def reported(candidates: list[Candidate], models: EventModels) -> list[Event]:
    """The candidates at or above the reporting threshold, one per (sentence, type, source,
    target) — the annotation's unit — the surest kept, ids in text order."""
    best: dict[tuple, Event] = {}
    for c in candidates:
        c.event.confidence = round(models.confidence(c.features), CONFIDENCE_DIGITS)
        if c.event.confidence < models.threshold:
            continue
        key = _key(c.event)
        if key not in best or c.event.confidence > best[key].confidence:
            best[key] = c.event
    kept = sorted(best.values(), key=lambda e: e.trigger.start)
    for n, event in enumerate(kept):
        event.id = f"{EVENT_ID_PREFIX}{n}"
    return kept


def find_events(article: Article, models: EventModels | None = None) -> list[Event]:
    models = models or load_models()
    return reported(article_candidates(article, models), models)


@register("events", needs=("sentences", "tokens", "entities"), adds=("events",))
def events_stage(settings: Settings):
    models = load_from(Path(settings.events_model_dir)) if settings.events_model_dir else load_models()

    def run(article: Article, settings: Settings) -> None:
        article.events = find_events(article, models)

    return run
