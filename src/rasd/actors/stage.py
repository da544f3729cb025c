"""The `actors` stage: every entity linked to a coded actor (kind, canonical Arabic name,
country, sector, role, external ids), each actor listed once per article.

Steps: what each mention says (resolve), which mentions are one actor (coref), the
article's main country for institutions and titled people that name none, the corpus
registry when one is configured (the same person keeps one id and, where the article is
silent, the role the registry knows for the article's date), then ids.

`resolve_phrase(article, start, end)` does the same for any span (a quote's anonymous
source, a noun phrase an event names) and adds the actor it finds to `article.actors`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from rasd.actors.coref import coreference_groups, gloss_pairs, merge_group
from rasd.actors.knowledge import Knowledge, knowledge, name_key
from rasd.actors.resolve import Candidate, clean_name, resolve_entity
from rasd.actors.roles import DocView, phrase_body, phrase_country, role_inside
from rasd.model import Actor, Article
from rasd.pipeline import register
from rasd.settings import Settings
from rasd.store.registry import ActorRegistry, RoleRecord

ID_PREFIX = "a"
ID_HEX_CHARS = 12
# Single words (كوهين, مبارك) are too ambiguous to look up in the corpus registry.
MIN_REGISTRY_NAME_WORDS = 2
ISO_DATE_CHARS = 10
IGO = "IGO"


def actor_id(cand: Candidate) -> str:
    """Stable id: a person by kind and name; other actors also by country and sector, so the
    police of two countries stay apart."""
    parts = [cand.kind, name_key(cand.name)]
    if cand.kind != "person":
        parts += [cand.country or "", cand.sector or ""]
    return ID_PREFIX + hashlib.sha1("|".join(parts).encode()).hexdigest()[:ID_HEX_CHARS]


def cameo_code(cand: Candidate) -> str | None:
    """The CAMEO actor code a country and sector spell (USA + MIL → USAMIL), unless the
    knowledge files gave one."""
    if "cameo" in cand.ids:
        return cand.ids["cameo"]
    if cand.country:
        return cand.country + (cand.sector or "")
    return cand.sector if cand.sector == IGO else None


def to_actor(cand: Candidate, ident: str) -> Actor:
    ids = dict(cand.ids)
    code = cameo_code(cand)
    if code:
        ids["cameo"] = code
    return Actor(ident, cand.name, cand.kind, cand.country, cand.sector, cand.role, ids)


@dataclass(slots=True)
class Group:
    mentions: list[int]
    actor: Candidate
    explicit_country: bool


def article_country(groups: list[Group]) -> str | None:
    """The country most mentions state explicitly; the earliest wins a tie."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for group in groups:
        if group.actor.country and group.explicit_country:
            counts[group.actor.country] += len(group.mentions)
            first.setdefault(group.actor.country, group.mentions[0])
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first[c]))


def copy_counterpart_sectors(article: Article, cands: list[Candidate]) -> None:
    """ونظيره الأمريكي NAME: NAME holds the office of the last titled person before him in
    the sentence."""
    for i, cand in enumerate(cands):
        if not cand.counterpart or cand.sector:
            continue
        sentence = article.sentence_of(article.entities[i].start)
        for j in range(i - 1, -1, -1):
            if article.sentence_of(article.entities[j].start) != sentence:
                break
            if cands[j].kind == "person" and cands[j].sector:
                cand.sector = cands[j].sector
                break


def bodies_stay_bodies(cands: list[Candidate]) -> None:
    """A name the article shows to be a body (المتحدث باسم «فوت ليف») is that body wherever a
    tagger called it a person without a title."""
    bodies = {name_key(c.name): c for c in cands if c.kind == "organization" and not c.known}
    for i, cand in enumerate(cands):
        body = bodies.get(name_key(cand.name))
        if cand.kind == "person" and body is not None and cand.role is None:
            cands[i] = Candidate(body.name, body.kind, cand.country, body.sector, takes_article_country=True)


def resolve_groups(article: Article, kb: Knowledge) -> list[Group]:
    view = DocView(article, kb)
    cands = [resolve_entity(view, ent) for ent in article.entities]
    copy_counterpart_sectors(article, cands)
    bodies_stay_bodies(cands)
    groups = []
    for members in coreference_groups(cands, gloss_pairs(article)):
        merged = merge_group([cands[i] for i in members])
        groups.append(Group(members, merged, merged.country is not None))
    main = article_country(groups)
    for group in groups:
        if group.actor.country is None and group.actor.takes_article_country:
            group.actor.country = main
    return groups


class RegistryLink:
    """The stage's use of the corpus registry: look people up, remember what articles say."""

    def __init__(self, registry: ActorRegistry):
        self.registry = registry

    def link(self, article: Article, cand: Candidate) -> str | None:
        key = name_key(cand.name)
        if cand.kind != "person" or len(key.split()) < MIN_REGISTRY_NAME_WORDS:
            return None
        date = (article.meta.published or "")[:ISO_DATE_CHARS] or None
        found = self.registry.find(key, "person")
        ident = found[0].id if found else self.registry.add_actor(key, cand.name, "person")
        if found and (cand.country is None or cand.sector is None):
            _fill_from_role(cand, self.registry.role_at(ident, date))
        if cand.evidence and (cand.role or cand.country):
            self.registry.add_role(ident, _evidence_role(article, cand, date))
        return ident


def _fill_from_role(cand: Candidate, role: RoleRecord | None) -> None:
    if role is None:
        return
    cand.country = cand.country or role.country
    cand.sector = cand.sector or role.sector
    cand.role = cand.role or role.role


def _evidence_role(article: Article, cand: Candidate, date: str | None) -> RoleRecord:
    span = cand.evidence[0]
    return RoleRecord(cand.country, cand.sector, cand.role, valid_from=date, valid_to=date,
                      source="article", article=article.id or None, start=span.start, end=span.end)


def resolve_actors(article: Article, kb: Knowledge | None = None, registry: RegistryLink | None = None) -> None:
    """Fill `article.actors` and link every entity to its actor."""
    kb = kb or knowledge()
    actors: dict[str, Actor] = {}
    for group in resolve_groups(article, kb):
        ident = (registry.link(article, group.actor) if registry else None) or actor_id(group.actor)
        actors.setdefault(ident, to_actor(group.actor, ident))
        for i in group.mentions:
            article.entities[i].actor = ident
    article.actors = list(actors.values())
    if registry:
        registry.registry.commit()


def _phrase_candidate(view: DocView, text: str, idx: list[int]) -> Candidate | None:
    """What a free phrase names: a known body, an institution, a titled or anonymous person,
    a country."""
    kb = view.kb
    key = " ".join(view.keys[i] for i in idx if view.keys[i])
    country, _ = phrase_country(view, idx)
    if key in kb.organizations:
        known = kb.organizations[key]
        return Candidate(known.name, known.kind, known.country, known.sector, known=True)
    if key in kb.countries:
        return Candidate(kb.countries[key].name, "country", kb.countries[key].country)
    named = _titled_name(view, idx)
    if named is not None:
        return named
    body = phrase_body(view, idx)
    title = _first_title(view, idx)
    anonymous = view.keys[idx[0]] in {name_key(w) for w in kb.rules["anonymous"]}
    if title is None and not anonymous and body is None:
        return None
    kind = "person" if title is not None or anonymous else "organization"
    sector = (body.sector if body and body.sector else None) or (title.sector if title else None)
    return Candidate(clean_name(text), kind, country, sector, role=clean_name(text) if kind == "person" else None,
                     takes_article_country=not anonymous)


def _titled_name(view: DocView, idx: list[int]) -> Candidate | None:
    """A title then a name the tagger missed (رئيس مجلس الشورى الإيراني علي لاريجاني): the
    person, with the title as role."""
    role, name_at = role_inside(view, idx)
    if role is None or role.title is None or name_at == 0:
        return None
    text = view.article.text
    name = clean_name(text[view.tokens[idx[name_at]].start : view.tokens[idx[-1]].end])
    return Candidate(name, "person", role.country, role.sector, role=role.text, takes_article_country=True)


def _same_person(article: Article, cand: Candidate) -> Actor | None:
    """An actor of the article that is this person (the full name, or a name it ends with)."""
    words = name_key(cand.name).split()
    for actor in article.actors:
        other = name_key(actor.name).split()
        if actor.kind == "person" and words and other and (other[-len(words):] == words or words[-len(other):] == other):
            return actor
    return None


def _fill_missing(actor: Actor, cand: Candidate) -> None:
    """What the phrase says about a person the article left bare (its title) is kept."""
    actor.country = actor.country or cand.country
    actor.sector = actor.sector or cand.sector
    actor.role = actor.role or cand.role
    code = cameo_code(Candidate(actor.name, actor.kind, actor.country, actor.sector))
    if code and "cameo" not in actor.ids:
        actor.ids["cameo"] = code


def _first_title(view: DocView, idx: list[int]):
    for pos in range(len(idx)):
        for n in range(min(len(idx) - pos, view.kb.max_key_words), 0, -1):
            key = " ".join(view.keys[i] for i in idx[pos : pos + n])
            title = view.kb.title(key, view.tokens[idx[pos]].has_article)
            if title is not None:
                return title
    return None


def resolve_phrase(article: Article, start: int, end: int, kb: Knowledge | None = None) -> Actor | None:
    """The actor the text span [start, end) refers to, or None when it names none.

    An entity overlapping the span gives its own actor (a person first, else the one it
    overlaps most); otherwise the phrase is read like a
    role (مصدر دبلوماسي روسي → an anonymous person, RUS, GOV; وزارة الخارجية → the ministry of
    the article's country). A new actor is appended to `article.actors`; an existing one is
    reused."""
    kb = kb or knowledge()
    by_id = {a.id: a for a in article.actors}
    overlapping = [e for e in article.entities if e.actor in by_id and e.start < end and start < e.end]
    if overlapping:
        # A person in the span is who it names (المتحدثة باسم الخارجية الروسية ماريا ...).
        best = max(overlapping, key=lambda e: (e.type == "PER", min(e.end, end) - max(e.start, start), e.start))
        actor = by_id[best.actor]
        if actor.kind == "person" and not (actor.country and actor.sector and actor.role):
            titled = _titled_name(DocView(article, kb), _phrase_tokens(article, kb, start, end))
            if titled is not None:
                _fill_missing(actor, titled)
        return actor
    view = DocView(article, kb)
    idx = _phrase_tokens(article, kb, start, end, view)
    cand = _phrase_candidate(view, article.text[start:end], idx) if idx else None
    if cand is None:
        return None
    same = _same_person(article, cand) if cand.kind == "person" and cand.role != cand.name else None
    if same is not None:
        _fill_missing(same, cand)
        return same
    if cand.country is None and cand.takes_article_country:
        cand.country = _main_country(article)
    ident = actor_id(cand)
    if ident not in by_id:
        article.actors.append(to_actor(cand, ident))
        by_id[ident] = article.actors[-1]
    return by_id[ident]


def _phrase_tokens(article: Article, kb: Knowledge, start: int, end: int, view: DocView | None = None) -> list[int]:
    view = view or DocView(article, kb)
    return [i for i in view.token_range(start, end) if view.keys[i]]


def _main_country(article: Article) -> str | None:
    counts = Counter(a.country for e in article.entities for a in article.actors if a.id == e.actor and a.country)
    return counts.most_common(1)[0][0] if counts else None


def _open_registry(settings: Settings) -> RegistryLink | None:
    return RegistryLink(ActorRegistry(settings.registry_path)) if settings.registry_path else None


@register("actors", needs=("entities",), adds=("actors",))
def actors_stage(settings: Settings):
    kb = knowledge()
    registry = _open_registry(settings)

    def run(article: Article, settings: Settings) -> None:
        resolve_actors(article, kb, registry)

    return run
