"""Actors for spans that are not entities: `resolve_phrase(article, start, end)`.

Later steps call it for a quote's speaker or an event's source or target: an anonymous
source (مصدر دبلوماسي روسي → person, RUS, GOV), a body (وزارة الخارجية → the ministry of
the country the evidence gives, chosen by the assignment model), a title and a name the
tagger missed. A new actor is appended to `article.actors`; an existing one is reused (and
completed with what the phrase adds).
"""

from __future__ import annotations

from rasd.actors.assign import (
    ActorView,
    ArticleContext,
    NameMemory,
    actor_kind,
    article_context,
    country_candidates,
    shipped_model,
)
from rasd.actors.ids import actor_id, cameo_code, to_actor
from rasd.actors.knowledge import Knowledge, knowledge, name_key
from rasd.actors.resolve import Candidate, clean_name
from rasd.actors.roles import DocView, doc_view, phrase_body, phrase_country, role_inside
from rasd.lookup import actors_by_id, entities_overlapping
from rasd.model import Actor, Article


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
    the country the assignment model finds evidence for, else of none). A new actor is
    appended to `article.actors`; an existing one is reused."""
    kb = kb or knowledge()
    by_id = actors_by_id(article)  # shared tables (rasd.lookup): no pass over every actor and entity
    overlapping = [e for e in entities_overlapping(article, start, end) if e.actor in by_id]
    if overlapping:
        # A person in the span is who it names (المتحدثة باسم الخارجية الروسية ماريا ...).
        best = max(overlapping, key=lambda e: (e.type == "PER", min(e.end, end) - max(e.start, start), e.start))
        actor = by_id[best.actor]
        if actor.kind == "person" and not (actor.country and actor.sector and actor.role):
            titled = _titled_name(doc_view(article, kb), _phrase_tokens(article, kb, start, end))
            if titled is not None:
                _fill_missing(actor, titled)
        return actor
    view = doc_view(article, kb)
    idx = _phrase_tokens(article, kb, start, end, view)
    cand = _phrase_candidate(view, article.text[start:end], idx) if idx else None
    if cand is None:
        return None
    same = _same_person(article, cand) if cand.kind == "person" and cand.role != cand.name else None
    if same is not None:
        _fill_missing(same, cand)
        return same
    if cand.country is None and cand.takes_article_country:
        cand.country = _learned_country(view, cand, idx, article.text[start:end])
    ident = actor_id(cand)
    if ident not in by_id:
        article.actors.append(to_actor(cand, ident))
        by_id = actors_by_id(article)
    return by_id[ident]


def _phrase_tokens(article: Article, kb: Knowledge, start: int, end: int, view: DocView | None = None) -> list[int]:
    view = view or doc_view(article, kb)
    return [i for i in view.token_range(start, end) if view.keys[i]]


def _learned_country(view: DocView, cand: Candidate, idx: list[int], text: str) -> str | None:
    """The country the assignment model chooses for the phrase from its evidence (a country
    named near it; the setting for a body), or None: no article-wide guess."""
    model = shipped_model()
    if model is None:
        return None
    words = name_key(text).split()
    if cand.kind != "person" and any(" ".join(words[:n]) in view.kb.institutions for n in range(1, len(words) + 1)):
        cand.institution = cand.institution or words[0]  # وزارة الخارجية: an institution, read as one
    actor = ActorView(actor_kind(cand), cand, [cand], [idx], ["PER" if cand.kind == "person" else "ORG"],
                      [k for k in (name_key(text), name_key(cand.name)) if k])
    # No name memory: a phrase is a common noun (الشرطة, أشخاص), and what the training
    # articles coded such a word as is no evidence here.
    return model.choose_country(country_candidates(actor, _phrase_context(view), NameMemory(), model.setting_kinds,
                                                   model.person_reach))


_CONTEXT: tuple[DocView, ArticleContext] | None = None


def _phrase_context(view: DocView) -> ArticleContext:
    """Where the article names countries, read once per document view, not once per phrase
    (a pass over all tokens per speaker or event party made a long document quadratic)."""
    global _CONTEXT
    if _CONTEXT is None or _CONTEXT[0] is not view:
        _CONTEXT = (view, article_context(view))
    return _CONTEXT[1]
