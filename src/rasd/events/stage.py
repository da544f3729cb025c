"""The `events` pipeline stage: PLOVER events per sentence, each with its trigger, mode,
source and target, place, date and confidence.

Per sentence: triggers (triggers.py) → sense rules (senses.py) → mode (modes.py) →
confidence, dropping opinion-only mentions (confidence.py) → source and target
(mentions.py, arguments.py, linked to actors by linking.py) → place (where.py) and date
(when.py). Then, over the article, a subject or target Arabic leaves unsaid is carried from
the event just before (not to a passive, a تم + noun or an act undergone: their doer is not
said), a trigger that completes one of its type (التوصل إلى اتفاق) takes its mode, and an act
named twice in a sentence is kept once.

It works from entities alone; when the actor stage ran, arguments carry its actor ids
(arguments that are no entity, such as nisbas and institution nouns, get actors of their
own in `article.actors`), and when the quote stage ran, a speech act inside a quotation
(an accusation in the speaker's words) gets the speaker as its source. Carried arguments
point at their words in the earlier sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from rasd.events.arguments import (
    SentenceView,
    clause_breaks,
    comment_types,
    conjuncts,
    event_arguments,
    impersonal,
    implied_agent,
    in_reported_clause,
    inside_relative_clause,
    judged_act,
    name_brackets,
    possessed_patient,
    relative_antecedent,
    rules,
    subject_breaks,
    takes_pronoun_object,
    targets_for_noun,
    undergone,
)
from rasd.events.confidence import event_confidence, min_confidence, names_past_century, opinion_only
from rasd.events.linking import PLOVER_CODE, ActorLinker
from rasd.events.mentions import Mention, sentence_mentions
from rasd.events.modes import ASSERTED, event_mode
from rasd.events.senses import resolve_sense
from rasd.events.triggers import TriggerMatch, find_triggers, token_readings
from rasd.events.when import event_date
from rasd.events.where import event_location
from rasd.model import Actor, ActorSpan, Article, Entity, Event, Quote, Span, Token
from rasd.pipeline import register
from rasd.settings import Settings
from rasd.text.normalize import normalize_word

EVENT_ID_PREFIX = "v"
SUBJECT_CARRY = 1  # sentences a dropped subject may reach back
CAMPAIGN_REACH = 8  # sentences back an armed force's act may take the target of its campaign
AGENT_CARRY = 3  # sentences back the body that made an arrest or a fine may do the next one
COMPLEMENT_GAP = 8  # characters between a trigger and the noun that completes it (التوصل إلى اتفاق)
COMPLEMENT_WORDS = 1  # words between them (a preposition)
TOPIC_TYPES = ("PER", "ORG")  # what a pronoun in the next sentence may stand for (not places)
ARTICLE, CONJUNCTION = "ال", "و"
SENTENCE_FINALS = ".!?؟…"
HEADING_MAX_WORDS = 15  # a longer line without a final mark is a sentence the page left unpunctuated
HEADING_WRAPPERS = "\"'«»“”()[]"


@cache
def implied_agents() -> dict[str, frozenset[str]]:
    return {type_: frozenset(sectors) for type_, sectors in rules()["implied_agents"].items()}


@cache
def rule_set(key: str) -> frozenset[str]:
    """A list of arguments.json as a set (speaker_types, symmetric_types, campaign_types ...)."""
    return frozenset(rules()[key])


def symmetric_types() -> frozenset[str]:
    return rule_set("symmetric_types")


def _by_sentence(article: Article, items: list) -> list[list]:
    """Items (tokens, entities: anything with .start) grouped by sentence, in one sweep."""
    groups: list[list] = [[] for _ in article.sentences]
    starts = [s.start for s in article.sentences]
    for item in items:
        si = bisect_left(starts, item.start + 1) - 1
        if 0 <= si < len(groups) and item.start < article.sentences[si].end:
            groups[si].append(item)
    return groups


def _speaker_of(quotes: list[Quote], trigger: Span) -> ActorSpan | None:
    """Who speaks the trigger: the speaker of the quotation that holds it, or whose cue it is
    (حذر المتحدث باسم الوزارة فلان من ...: the warning is the spokesman's)."""
    for quote in quotes:
        if quote.speaker is None:
            continue
        cue = quote.cue
        if quote.content.contains(trigger) or (cue is not None and cue.start < trigger.end and trigger.start < cue.end):
            return quote.speaker
    return None


def _said_inside(quotes: list[Quote], trigger: Span, subject: Mention | None) -> bool:
    """The verb's own subject stands inside the quotation that holds it (وأشار إلى أن الجماعة
    رفضت التعاون): the act is the subject's; the speaker reports it."""
    return subject is not None and any(q.content.contains(trigger) and q.content.start <= subject.start < q.content.end
                                       for q in quotes)


def _is_cue(quotes: list[Quote], trigger: Span) -> bool:
    return any(q.cue is not None and q.cue.start < trigger.end and trigger.start < q.cue.end for q in quotes)


def _overlaps(a: ActorSpan | None, b: ActorSpan | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _clause_start(view: SentenceView, first: int) -> int:
    for i in range(first - 1, -1, -1):
        if view.breaks[i]:
            return i + 1
    return 0


class SentenceEvents:
    """Events of one sentence."""

    def __init__(self, article: Article, index: int, tokens: list[Token], entities: list[Entity],
                 linker: ActorLinker):
        self.article, self.index = article, index
        self.tokens, self.entities, self.linker = tokens, entities, linker
        self.forms = [token_readings(article.text, t) if t.kind == "word" else () for t in tokens]
        self.pronoun_objects: list[Event] = []  # events whose target is a pronoun with no antecedent here
        self.agentless: list[Event] = []  # passives that name no doer

    def _view(self, matches: list[tuple[TriggerMatch, str]]) -> SentenceView:
        text = self.article.text
        mentions = sentence_mentions(self.article, self.tokens, self.entities)
        wrapping = name_brackets(text, self.tokens, mentions)
        breaks = [b and i not in wrapping for i, b in enumerate(clause_breaks(text, self.tokens, self.forms))]
        comments = frozenset(m.first for m, t in matches if m.entry.verbal and t in comment_types())
        passives = frozenset(m.first for m, _ in matches if m.passive)
        verbs = frozenset(m.first for m, _ in matches if m.entry.verbal)
        return SentenceView(text, self.tokens, self.forms, mentions, breaks, subject_breaks(text, self.tokens, breaks),
                            comments, passives, verbs)

    def _typed(self, matches: list[TriggerMatch]) -> list[tuple[TriggerMatch, str]]:
        typed = [(m, resolve_sense(m.entry.lemma, m.entry.type, self.forms, m.first, m.last)) for m in matches]
        return [(m, t) for m, t in typed if t is not None and not opinion_only(m, t, self.forms)]

    def events(self) -> list[tuple[Event, bool]]:
        """Events, each with whether it lacks a subject one may carry over."""
        matches = self._typed(find_triggers(self.article.text, self.tokens))
        if not matches:
            return []
        view = self._view(matches)
        sentence = self.article.sentences[self.index]
        when = event_date(sentence.text_in(self.article.text), self.forms, self.article.meta.published)
        self.history = names_past_century(self.tokens, self.article.text)
        nouns: dict[str, list[TriggerMatch]] = {}
        for m, t in matches:
            if not m.entry.verbal:
                nouns.setdefault(t, []).append(m)
        out = []
        for match, type_ in matches:
            if targets_for_noun(view, match, nouns.get(type_, [])):
                continue
            same = sum(1 for _, t in matches if t == type_) - 1
            out.extend(self._events(view, match, type_, same, when))
        return out

    def _events(self, view: SentenceView, match: TriggerMatch, type_: str, same: int,
                when: str | None) -> list[tuple[Event, bool]]:
        """The trigger's events: one per coordinated source and target (X و Y)."""
        mode = event_mode(self.forms, match.first, _clause_start(view, match.first), match.future,
                          None if match.entry.verbal else match.last)
        confidence = event_confidence(match, same, self.forms, self.tokens, mode == ASSERTED, self.history)
        if confidence < min_confidence():
            return []
        first = self.tokens[match.first]
        trigger = Span(first.start if match.whole else first.stem.start, self.tokens[match.last].end)
        args = event_arguments(view, match, type_)
        if args.source is None and (match.passive or impersonal(view, match)):
            args.source = implied_agent(view, match, type_, args.target)
        relative = relative_antecedent(view, match) is not None
        location = event_location(view, match)
        where = location.country if location is not None else None
        events = [Event(id="", type=type_, mode=mode, trigger=trigger, sentence=self.index,
                        source=self._source(view, source, target, type_, trigger, where,
                                            relative or (match.entry.verbal and _said_inside(self.article.quotes, trigger, source))),
                        target=self.linker.span(target, view.mentions, source, where),
                        location=location, date=when, confidence=round(confidence, 3))
                  for source in conjuncts(view, args.source) for target in conjuncts(view, args.target)]
        events = self._one_per_party(events)
        if args.target is None and (takes_pronoun_object(view, match) or possessed_patient(view, match)):
            self.pronoun_objects.extend(events)  # its antecedent lies in the sentence before
        doer_unsaid = match.passive or undergone(view, match) or impersonal(view, match)
        if doer_unsaid:
            self.agentless.extend(e for e in events if e.source is None)
        subjectless = not (doer_unsaid or judged_act(view, match) or in_reported_clause(view, match)
                           or inside_relative_clause(view, match))  # doer dropped
        if _is_cue(self.article.quotes, trigger):
            for event in events:
                if _overlaps(event.source, event.target):
                    event.target = None  # the speaker's title and name are one actor, not two
        return [(e, subjectless and e.source is None) for e in events]

    def _party(self, span: ActorSpan | None) -> tuple | None:
        actor = self.linker.by_id.get(span.actor) if span is not None and span.actor else None
        if actor is None or actor.country is None:
            return None  # an unknown party is nobody's double
        return actor.country, actor.sector, actor.ids.get(PLOVER_CODE)

    def _one_per_party(self, events: list[Event]) -> list[Event]:
        """Coordinated actors of one party (التقى كوشنير وغرينبلات نتنياهو: two US officials)
        take part in one act as one side: one event per pair of parties (country, sector),
        the first named standing for the side."""
        seen, kept = set(), []
        for event in events:
            key = (self._party(event.source), self._party(event.target))
            if None in key or key not in seen:
                kept.append(event)
            seen.add(key)
        return kept

    def _source(self, view: SentenceView, source: Mention | None, target: Mention | None, type_: str,
                trigger: Span, where: str | None, own: bool = False) -> ActorSpan | None:
        """A speech act in a quotation is its speaker's, unless it has a doer of its own
        (`own`): a relative clause's (سليماني الذي يدعم العمليات: the support is Soleimani's),
        or a verb's subject inside the quotation (_said_inside)."""
        if type_ in rule_set("speaker_types") and not own:
            speaker = _speaker_of(self.article.quotes, trigger)
            if speaker is not None:
                return speaker
        return self.linker.span(source, view.mentions, target, where)


def _argument_key(span: ActorSpan | None, text: str) -> str:
    if span is None:
        return ""
    return span.actor or text[span.start: span.end]


def _actors_of(event: Event, text: str) -> frozenset[str]:
    return frozenset(k for k in (_argument_key(event.source, text), _argument_key(event.target, text)) if k)


def _subsumed(event: Event, other: Event, text: str, other_first: bool = False) -> bool:
    """`other` says all `event` says about the same act (same sentence, type and mode) and more.
    Of two with the same actors and as sure, the first stays when the type's two sides play
    the same part (اتفاق بين الإسرائيليين والفلسطينيين read both ways is one agreement)."""
    if other is event or (other.sentence, other.type, other.mode) != (event.sentence, event.type, event.mode):
        return False
    mine, theirs = _actors_of(event, text), _actors_of(other, text)
    if mine != theirs:
        return mine < theirs
    ours, their = (event.confidence, -event.trigger.start), (other.confidence, -other.trigger.start)
    return their > ours or (their == ours and other_first and event.type in symmetric_types())


def share_modes(events: list[Event], text: str) -> None:
    """A trigger that completes one of its type just before it (لم يتم التوصل إلى اتفاق,
    وقعت اتفاقية) names the same act: it takes that one's mode."""
    for event in events:
        head = next((o for o in events if o is not event and (o.sentence, o.type) == (event.sentence, event.type)
                     and 0 <= event.trigger.start - o.trigger.end <= COMPLEMENT_GAP
                     and len(text[o.trigger.end: event.trigger.start].split()) <= COMPLEMENT_WORDS), None)
        if head is not None:
            event.mode = head.mode


def deduplicate(events: list[Event], text: str) -> list[Event]:
    """One event per act in a sentence: of the same type and mode, an event whose actors are
    all named by another (or the same actors, less sure) is dropped."""
    kept = []
    for n, event in enumerate(events):
        by = next((o for m, o in enumerate(events) if _subsumed(event, o, text, m < n)), None)
        if by is None:
            kept.append(event)
        else:  # the surviving event is as sure of the act as the surest that named it
            by.confidence = max(by.confidence, event.confidence)
    kept.sort(key=lambda e: e.trigger.start)
    for n, event in enumerate(kept):
        event.id = f"{EVENT_ID_PREFIX}{n}"
    return kept


def is_heading(text: str) -> bool:
    """A short line with no sentence-final mark (its quotation marks and brackets aside): a
    title or subheading, such as a news page puts between paragraphs ("رفضت التعاون")."""
    stripped = text.rstrip().rstrip(HEADING_WRAPPERS).rstrip()
    return bool(stripped) and stripped[-1] not in SENTENCE_FINALS and len(stripped.split()) <= HEADING_MAX_WORDS


def drop_heading_repeats(events: list[Event], article: Article) -> list[Event]:
    """An event of a heading whose type and mode the body reports too is the body's event told
    again: one act, one event. A heading is a line of its own among other sentences."""
    if len(article.sentences) < 2:
        return events
    headings = {i for i, s in enumerate(article.sentences) if is_heading(article.text[s.start: s.end])}
    told = {(e.type, e.mode) for e in events if e.sentence not in headings}
    return [e for e in events if e.sentence not in headings or (e.type, e.mode) not in told]


def carry_subjects(events: list[Event], dropped: set[int]) -> None:
    """Arabic drops a subject the reader already knows (وأحيلت إلى الشرطة, ويواصل الضغط): an
    event with no subject of its own (a passive aside) takes the source of the event before
    it, when that one is at most SUBJECT_CARRY sentences back."""
    previous: Event | None = None
    for n, event in enumerate(events):
        if n in dropped and previous is not None and previous.source is not None \
                and event.sentence - previous.sentence <= SUBJECT_CARRY:
            event.source = ActorSpan(previous.source.start, previous.source.end, previous.source.actor,
                                     previous.source.anonymous)
        if event.source is not None:
            previous = event


def carry_agents(events: list[Event], agentless: list[Event], sectors: dict[str, str | None] | None = None) -> None:
    """غرمت اللجنة الجماعة ... كما أحيلت إلى الشرطة: a passive that names no doer, done to the
    one the act just before was done to, has that act's doer (at most SUBJECT_CARRY sentences
    back); a passive with no subject either, after such a one in its sentence, shares its
    subject too. Failing that, a passive arrest or fine (the types of implied_agents) is the work of
    the body that made the article's last one, when that body is of a sector whose work it is
    (أوقفت الشرطة أربعة أشخاص ... تم توقيف الأربعة), at most AGENT_CARRY sentences back."""
    waiting = {id(e) for e in agentless}
    sectors = sectors or {}
    previous: Event | None = None
    last_doer: dict[str, Event] = {}
    for event in events:
        if id(event) in waiting and event.target is None and previous is not None and id(previous) in waiting \
                and previous.sentence == event.sentence:  # وغرمت الجماعة ... كما أحيلت: one subject, one doer
            event.target = _copy(previous.target)
        if id(event) in waiting and event.source is None and previous is not None \
                and event.sentence - previous.sentence <= SUBJECT_CARRY and _same_actor(previous.target, event.target):
            event.source = _copy(previous.source)
        if id(event) in waiting and event.source is None:
            event.source = _institutional_doer(last_doer.get(event.type), event)
        if event.source is not None and event.target is not None:
            previous = event
        if event.source is not None and sectors.get(event.source.actor or "") in implied_agents().get(event.type, ()):
            last_doer[event.type] = event


def _institutional_doer(before: Event | None, event: Event) -> ActorSpan | None:
    if before is None or event.sentence - before.sentence > AGENT_CARRY or _same_actor(before.source, event.target):
        return None
    return _copy(before.source)


def carry_targets(events: list[Event], actors: dict[str, Actor] | None = None) -> None:
    """A repeated act (عقدوا اجتماعا ثانيا) with no target of its own has the one of the
    event of its type and mode just before, at most SUBJECT_CARRY sentences back (a meeting
    that did not happen was with someone else). A material act (campaign_types) with no
    target, by an armed force (campaign_sectors) of the country of an earlier one of its type
    and mode, is part of the same campaign and has its target, at most CAMPAIGN_REACH sentences
    back (قصفت القوات الجوية مواقع المسلحين ... وأعلن الجيش تدمير ثلاثة مخازن)."""
    actors = actors or {}
    last: dict[str, Event] = {}
    campaign: dict[tuple[str, str, str], Event] = {}
    for event in events:
        before = last.get(event.type)
        if event.target is None and before is not None and before.target is not None and event.mode == before.mode \
                and event.sentence - before.sentence <= SUBJECT_CARRY and event.sentence != before.sentence:
            event.target = _copy(before.target)
        key = _campaign_key(event, actors)
        if event.target is None and key in campaign and not _same_actor(campaign[key].target, event.source) \
                and event.sentence - campaign[key].sentence <= CAMPAIGN_REACH:
            event.target = _copy(campaign[key].target)
        if event.target is not None:
            last[event.type] = event
            if key is not None:
                campaign[key] = event


def _campaign_key(event: Event, actors: dict[str, Actor]) -> tuple[str, str, str] | None:
    actor = actors.get(event.source.actor or "") if event.source is not None else None
    if actor is None or actor.country is None or actor.sector not in rule_set("campaign_sectors") \
            or event.type not in rule_set("campaign_types"):
        return None
    return event.type, event.mode, actor.country


def complete_from_siblings(events: list[Event]) -> None:
    """Two triggers of one type and mode in a sentence mostly name one act from two sides
    (وقتل المئات من أفراد الجيش ... ضحايا هجمات شنتها جماعة «ولاية سيناء»): an argument one of
    them lacks is the other's."""
    for event in events:
        siblings = [o for o in events if o is not event and (o.sentence, o.type, o.mode) == (event.sentence, event.type, event.mode)]
        if event.source is None:
            giver = next((o for o in siblings if o.source is not None and not _same_actor(o.source, event.target)), None)
            event.source = _copy(giver.source) if giver is not None else None
        if event.target is None:
            giver = next((o for o in siblings if o.target is not None and not _same_actor(o.target, event.source)), None)
            event.target = _copy(giver.target) if giver is not None else None


def _act_key(event: Event, text: str) -> str:
    return normalize_word(text[event.trigger.start: event.trigger.end]).removeprefix(CONJUNCTION)


def share_with_definite_mentions(events: list[Event], text: str) -> None:
    """The same noun of an act with the article in the next sentence (... مسؤولية الهجوم.
    ... مرتكب الهجوم الذي تبناه تنظيم داعش) names the act again: the two lend each other the
    source or target one of them lacks."""
    keys = {id(e): _act_key(e, text) for e in events}
    definite = [e for e in events if keys[id(e)].startswith(ARTICLE)]
    for event in events:
        later = next((o for o in definite if o.sentence == event.sentence + 1 and (o.type, o.mode) == (event.type, event.mode)
                      and keys[id(o)] == keys[id(event)]), None)
        if later is None:
            continue
        for a, b in ((event, later), (later, event)):
            if a.source is None and b.source is not None and not _same_actor(b.source, a.target):
                a.source = _copy(b.source)
            if a.target is None and b.target is not None and not _same_actor(b.target, a.source):
                a.target = _copy(b.target)


def _same_actor(a: ActorSpan | None, b: ActorSpan | None) -> bool:
    return a is not None and b is not None and ((a.actor is not None and a.actor == b.actor) or (a.start, a.end) == (b.start, b.end))


def _copy(span: ActorSpan) -> ActorSpan:
    return ActorSpan(span.start, span.end, span.actor, span.anonymous)


def drop_self_targets(events: list[Event]) -> None:
    """An act has two parties: a target that is the source's own actor (found twice, or
    carried over) is no target."""
    for event in events:
        if event.source is not None and event.target is not None and event.source.actor \
                and event.source.actor == event.target.actor:
            event.target = None


def _topic(entities: list[Entity]) -> Entity | None:
    """The actor a sentence is about, as a pronoun in the next one refers to it: its first
    person or body (the subject in both VSO and SVO news sentences)."""
    return next((e for e in entities if e.type in TOPIC_TYPES and e.actor), None)


def resolve_pronoun_objects(events: list[Event], entities: list[list[Entity]]) -> None:
    """يتهمه خصومه: with no actor before it in its own sentence, a pronoun object stands for
    the topic of the sentence before."""
    for event in events:
        if event.target is not None or event.sentence == 0:
            continue
        topic = _topic(entities[event.sentence - 1])
        if topic is not None and (event.source is None or event.source.actor != topic.actor):
            event.target = ActorSpan(topic.start, topic.end, topic.actor)


def find_events(article: Article) -> list[Event]:
    tokens = _by_sentence(article, article.tokens)
    entities = _by_sentence(article, article.entities)
    linker = ActorLinker(article)
    events: list[Event] = []
    dropped: set[int] = set()
    pronoun_objects: list[Event] = []
    agentless: list[Event] = []
    for index in range(len(article.sentences)):
        if tokens[index]:
            found = SentenceEvents(article, index, tokens[index], entities[index], linker)
            for event, subjectless in found.events():
                if subjectless:
                    dropped.add(len(events))
                events.append(event)
            pronoun_objects.extend(found.pronoun_objects)
            agentless.extend(found.agentless)
    resolve_pronoun_objects(pronoun_objects, entities)
    carry_subjects(events, dropped)
    carry_agents(events, agentless, {a.id: a.sector for a in article.actors})
    complete_from_siblings(events)
    share_with_definite_mentions(events, article.text)
    carry_targets(events, {a.id: a for a in article.actors})
    drop_self_targets(events)
    share_modes(events, article.text)
    return deduplicate(drop_heading_repeats(events, article), article.text)


@register("events", needs=("sentences", "tokens", "entities"), adds=("events",))
def events_stage(settings: Settings):
    def run(article: Article, settings: Settings) -> None:
        article.events = find_events(article)

    return run
