"""Via chains, learned: which media mentions a quotation is credited to (بحسب وكالة ...,
نقلت ... عن, لوكالة, في مقابلة مع قناة ...). Candidates are the media of the quotation's
sentence (entities whose actor is a medium, phrases headed by a media noun, known media
names) and the chain of the quotation before (a continuation keeps its medium); a logistic
regression keeps or drops each. The article's own outlet is never a via."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.lookup import actors_by_id
from rasd.model import ActorSpan, Article
from rasd.quotes.linear import LinearModel
from rasd.quotes.speakers import Anchor, _bucket, _phrase_forward
from rasd.quotes.view import SentenceView, Word

MEDIA_SECTOR = "MED"
MEDIA_LISTS = frozenset(("media_nouns", "generic_media", "known_media", "platforms"))
KEEP_PROBABILITY = 0.5
# Lists whose words just before a medium credit it (بحسب، نقلا عن، في مقابلة مع، لـ).
MARKER_LISTS = frozenset(("according", "taken_from", "channel_prepositions", "interview_markers", "relay_verbs"))


@dataclass(slots=True)
class MediaCandidate:
    source: str  # entity | noun | inherited
    start: int
    end: int
    first: int = -1
    last: int = -1
    inherited: ActorSpan | None = None
    fresh: bool = True  # the inherited chain is the previous quotation's (not an older one's)


def _is_medium_entity(article: Article, w: Word) -> bool:
    if w.entity_at < 0:
        return False
    actor_id = article.entities[w.entity_at].actor
    actor = actors_by_id(article).get(actor_id) if actor_id else None  # by id, not a pass over all actors
    return actor is not None and actor.sector == MEDIA_SECTOR


def media_candidates(article: Article, view: SentenceView, anchor: Anchor,
                     previous_via: list[ActorSpan], fresh: bool = True) -> list[MediaCandidate]:
    words = view.words
    found: dict[tuple[int, int], MediaCandidate] = {}
    inside = range(anchor.first, anchor.last + 1)
    for i, w in enumerate(words):
        if w.entity.startswith("B-") and (_is_medium_entity(article, w) or MEDIA_LISTS & set(w.lists)):
            last = i
            while last + 1 < len(words) and words[last + 1].entity.startswith("I-"):
                last += 1
            found.setdefault((w.stem_start, words[last].end),
                             MediaCandidate("entity", w.stem_start, words[last].end, i, last))
        elif w.entity == "O" and MEDIA_LISTS & set(w.lists):
            run = _phrase_forward(words, i, inside if i not in inside else range(0))
            if run is not None:
                key = (words[run[0]].stem_start, words[run[1]].end)
                found.setdefault(key, MediaCandidate("noun", key[0], key[1], run[0], run[1]))
    # A name inside a media phrase (رويترز in وكالة «رويترز») is the same medium: one candidate.
    spans = list(found.values())
    out = [c for c in spans if not any(o is not c and o.start <= c.start and c.end <= o.end for o in spans)]
    out.extend(MediaCandidate("inherited", v.start, v.end, inherited=v, fresh=fresh) for v in previous_via)
    return out


def features(view: SentenceView, anchor: Anchor, c: MediaCandidate, speaker: tuple[int, int] | None,
             continuation: bool) -> list[str]:
    words = view.words
    cue = words[anchor.cue_first] if anchor.cue_first >= 0 else None
    cue_stem = cue.stem if cue else "-"
    if c.source == "inherited":
        explicit_media = False
        return [f"src={c.source}", f"inh|cue={cue_stem}", f"inh|cont={continuation:d}",
                f"inh|proc={cue.proclitics if cue else '-'}", f"inh|media_here={explicit_media:d}",
                f"inh|fresh={c.fresh:d}", f"inh|fresh|cont={c.fresh:d}|{continuation:d}"]
    head = words[c.first]
    where = "inside" if anchor.first <= c.first <= anchor.last else ("after" if c.first > anchor.last else "before")
    f = [f"src={c.source}", f"where={where}",
         f"h={head.stem}", f"proc={head.proclitics}", f"cue={cue_stem}", f"q={head.quoted:d}",
         f"where|src={where}|{c.source}"]
    f.extend(f"hl={name}" for name in head.lists)
    gap = c.first - anchor.last if where == "after" else (anchor.first - c.last if where == "before" else 0)
    f.append(f"gap={_bucket(gap)}|{where}")
    marks = {name for d in (1, 2, 3) if c.first - d >= 0 for name in words[c.first - d].lists
             if name in MARKER_LISTS}
    f.extend(f"marked={name}|{where}" for name in sorted(marks))
    for d in (1, 2, 3):
        if c.first - d >= 0:
            w = words[c.first - d]
            f.append(f"p{d}={w.stem}")
            f.append(f"p{d}|where={w.stem}|{where}")
            f.extend(f"pl{d}={name}" for name in w.lists)
    if speaker is not None and speaker[0] < c.end and c.start < speaker[1]:
        f.append("is_speaker")
    return f


def credited_medium(article: Article, view: SentenceView, first: int) -> bool:
    """A speaker phrase that is a medium credited with بحسب/وفق (…، بحسب وكالة «رويترز»): the
    annotation puts that medium in the via chain whether or not it is also the speaker."""
    if first <= 0 or first >= len(view.words):
        return False
    head, before = view.words[first], view.words[first - 1]
    medium = bool(MEDIA_LISTS & set(head.lists)) or _is_medium_entity(article, head)
    return medium and "according" in before.lists


class ViaClassifier:
    def __init__(self, model: LinearModel):
        self.model = model

    def chain(self, article: Article, view: SentenceView, anchor: Anchor, speaker: tuple[int, int] | None,
              previous_via: list[ActorSpan], continuation: bool, own: frozenset[str], key,
              fresh: bool = True) -> list[MediaCandidate]:
        kept, names = [], set()
        for c in media_candidates(article, view, anchor, previous_via, fresh):
            name = key(article.text[c.start : c.end])
            if name in own or name in names:
                continue
            if self.model.probability(features(view, anchor, c, speaker, continuation)) >= KEEP_PROBABILITY:
                kept.append(c)
                names.add(name)
        if any(c.source != "inherited" for c in kept):
            kept = [c for c in kept if c.source != "inherited"]  # a medium named here replaces the old chain
        return kept
