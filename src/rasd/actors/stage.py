"""The `actors` stage: every entity linked to a coded actor (kind, canonical Arabic name,
country, sector, role, external ids), each actor listed once per article.

Steps: what each mention says (resolve), which mentions are one actor (coref), the corpus
registry when one is configured (the same person keeps one id and, where the article is
silent, the role the registry knows for the article's date), the learned choice of each
actor's country and sector among the candidates the evidence gives (assign), then ids.

`resolve_phrase(article, start, end)` (from rasd.actors.phrase, re-exported here) does the
same for any span (a quote's anonymous source, a noun phrase an event names) and adds the
actor it finds to `article.actors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasd.actors.assign import AssignModel, assign, shipped_model
from rasd.actors.coref import coreference_groups, gloss_pairs, merge_group
from rasd.actors.ids import actor_id, to_actor
from rasd.actors.knowledge import Knowledge, knowledge, name_key
from rasd.actors.phrase import resolve_phrase
from rasd.actors.resolve import Candidate, resolve_entity
from rasd.actors.roles import DocView
from rasd.model import Actor, Article
from rasd.pipeline import register
from rasd.settings import Settings
from rasd.store.registry import ActorRegistry, RoleRecord

# Single words (كوهين, مبارك) are too ambiguous to look up in the corpus registry.
MIN_REGISTRY_NAME_WORDS = 2
__all__ = ["actors_stage", "resolve_actors", "resolve_phrase"]
ISO_DATE_CHARS = 10


@dataclass(slots=True)
class Group:
    mentions: list[int]
    actor: Candidate
    registry_id: str | None = None
    registry_country: bool = False  # the country came from the corpus registry
    registry_sector: bool = False


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
    bodies: dict[str, Candidate] = {}
    for cand in cands:
        key = name_key(cand.name)
        if cand.kind == "organization" and not cand.known and (key not in bodies or not bodies[key].sector):
            bodies[key] = cand
    for i, cand in enumerate(cands):
        body = bodies.get(name_key(cand.name))
        if cand.kind == "person" and body is not None and cand.role is None:
            cands[i] = Candidate(body.name, body.kind, cand.country, body.sector, takes_article_country=True)


def owners_give_country(groups: list[Group]) -> None:
    """إدارة ترمب, حكومة نتنياهو: an institution named after a person is of that person's
    country."""
    people = [g.actor for g in groups if g.actor.kind == "person" and g.actor.country]
    for group in groups:
        actor = group.actor
        if actor.institution is None or actor.country is not None:
            continue
        owner = name_key(actor.name).split()[len(actor.institution.split()):]
        match = next((p for p in people if owner and name_key(p.name).split()[-len(owner):] == owner), None)
        if match is not None:
            actor.country = match.country


def build_groups(article: Article, kb: Knowledge, registry: RegistryLink | None = None
                 ) -> tuple[DocView, list[Candidate], list[Group]]:
    """The rules' reading: mentions resolved and grouped by actor, completed from the
    registry; each actor's country and sector only where some evidence states them."""
    view = DocView(article, kb)
    cands = [resolve_entity(view, ent) for ent in article.entities]
    copy_counterpart_sectors(article, cands)
    bodies_stay_bodies(cands)
    groups = []
    for members in coreference_groups(cands, gloss_pairs(article)):
        merged = merge_group([cands[i] for i in members])
        groups.append(Group(members, merged))
    for group in groups:
        stated = (group.actor.country, group.actor.sector)
        group.registry_id = registry.link(article, group.actor) if registry else None
        # What the corpus registry filled in (the role earlier articles stated) stands.
        group.registry_country = group.actor.country != stated[0]
        group.registry_sector = group.actor.sector != stated[1]
    owners_give_country(groups)
    return view, cands, groups


def resolve_groups(article: Article, kb: Knowledge, registry: RegistryLink | None = None,
                   model: AssignModel | None = None, learned: bool = True) -> list[Group]:
    """Mentions resolved, grouped by actor, and each actor's country and sector chosen by
    the assignment model (rasd.actors.assign) from the evidence; without a model (or with
    `learned` off), the rules' values stand."""
    view, cands, groups = build_groups(article, kb, registry)
    model = (model or shipped_model()) if learned else None
    if model is not None:
        assign(groups, cands, view, model)
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


def resolve_actors(article: Article, kb: Knowledge | None = None, registry: RegistryLink | None = None,
                   model: AssignModel | None = None, learned: bool = True) -> None:
    """Fill `article.actors` and link every entity to its actor (`learned` off: the rules'
    countries and sectors only)."""
    kb = kb or knowledge()
    actors: dict[str, Actor] = {}
    for group in resolve_groups(article, kb, registry, model, learned):
        ident = group.registry_id or actor_id(group.actor)
        actors.setdefault(ident, to_actor(group.actor, ident))
        for i in group.mentions:
            article.entities[i].actor = ident
    article.actors = list(actors.values())
    if registry:
        registry.registry.commit()


def _open_registry(settings: Settings) -> RegistryLink | None:
    return RegistryLink(ActorRegistry(settings.registry_path)) if settings.registry_path else None


@register("actors", needs=("entities",), adds=("actors",))
def actors_stage(settings: Settings):
    kb = knowledge()
    registry = _open_registry(settings)

    def run(article: Article, settings: Settings) -> None:
        resolve_actors(article, kb, registry)

    return run
