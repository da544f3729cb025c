"""What one mention says about its actor, before coreference: a `Candidate` per entity.

People get their country, sector and role from the title next to them; countries,
capitals, places and organisations from the knowledge files; institutions (الخارجية
الروسية, الشرطة) from their own words plus a nisba or country name; other bodies from a
type word (حزب, وكالة) and a nisba after the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rasd.actors.knowledge import ARTICLE, Known, name_key, word_key
from rasd.actors.roles import (
    DocView,
    Role,
    nisba_at,
    phrase_country,
    role_after,
    role_as_leader,
    role_before,
    role_inside,
    type_sector,
)
from rasd.model import ActorKind, Entity, Span

GOV = "GOV"
MED = "MED"
PREPOSITION_LAM = "ل"
EDGE_PUNCTUATION = " -–—/،,:؛;."  # a tagger's span may end on a dash or comma
NAME_MARKS = re.compile(r"[_#«»\"“”()]")
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'&-]*")
GLOSS_DASHES = frozenset({"-", "–", "—", "/"})
LATIN_GLOSS = re.compile(r"(?<=[\u0600-\u06FF])\s*[-–—/]\s*[A-Za-z][A-Za-z .'&-]*$")


@dataclass(slots=True)
class Candidate:
    """An actor as one mention describes it."""

    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    # May a phrase's missing country be looked for in its context (rasd.actors.phrase asks
    # the assignment model)? Institutions, titled people, unknown bodies and places; never
    # an untitled person, never a known body. (Entities' countries are all chosen by
    # rasd.actors.assign.)
    takes_article_country: bool = False
    institution: str | None = None  # key of the institution noun, for coreference
    evidence: list[Span] = field(default_factory=list)  # what fixed country or role
    known: bool = False  # from the knowledge files
    counterpart: bool = False  # holds the office of the person named before (نظيره)


def clean_name(text: str) -> str:
    """A name as written, without hashtag marks, quotes and a Latin gloss a tagger kept in
    the span: #مايكل_كوهين → مايكل كوهين; فوت ليف - Vote Leave → فوت ليف."""
    text = NAME_MARKS.sub(" ", LATIN_GLOSS.sub("", text))
    return " ".join(text.split()).strip(EDGE_PUNCTUATION)


def from_known(known: Known) -> Candidate:
    ids = {"cameo": known.cameo} if known.cameo else {}
    return Candidate(known.name, known.kind, known.country, known.sector, ids=ids, known=True)


def _known_name(view: DocView, ent: Entity) -> bool:
    key = name_key(view.article.text[ent.start : ent.end])
    kb = view.kb
    return key in kb.organizations or key in kb.countries or key in kb.capitals


def resolve_entity(view: DocView, ent: Entity) -> Candidate:
    """What one entity mention says about its actor. Beyond the entity's own words: a known
    body whose name the tagger cut (مجموعة دعم [سورية], فيلق [القدس]) and a place named
    as part of a body (شرطة [لندن], صحيفة «[القدس]») come first."""
    glossed = _glossed_entity(view, ent)
    if glossed is not None:
        return resolve_entity(view, glossed)
    around = known_around(view, ent) or (body_of_place(view, ent) if ent.type == "LOC" else None)
    if around is not None:
        return around
    # A tagger may call داعش or موسكو a person; a known body or country name wins over the type.
    if ent.type == "PER" and not (_known_name(view, ent) or _spoken_for(view, ent) or _type_word_before(view, ent)):
        return resolve_person(view, ent)
    if ent.type in ("PER", "LOC"):
        return resolve_place(view, ent) or resolve_body(view, ent, prefer_body=True) or _unknown_body(view, ent)
    # An organisation first; a tagger's ORG may still be a place (كابول) before it is unknown.
    return resolve_body(view, ent, prefer_body=True) or resolve_place(view, ent) or _unknown_body(view, ent)


def _glossed_entity(view: DocView, ent: Entity) -> Entity | None:
    """(فوت ليف - Vote Leave): a name in Latin letters after a dash is the gloss of the
    Arabic name before it, and names the same actor: that entity, else None."""
    if not LATIN_NAME.fullmatch(view.article.text[ent.start : ent.end]):
        return None
    idx = view.token_range(ent.start, ent.end)
    dash = _token_before(view, idx[0]) if idx else None
    if dash is None or view.text(dash) not in GLOSS_DASHES:
        return None
    name = _token_before(view, dash)
    other = view.entity_at[name] if name is not None else None
    return other if other is not None and other is not ent else None


def _spoken_for(view: DocView, ent: Entity) -> bool:
    """المتحدث باسم NAME: NAME is the body spoken for, not a person."""
    idx = view.token_range(ent.start, ent.end)
    before = _token_before(view, idx[0]) if idx else None
    cues = {word_key(w) for w in view.kb.rules["spoken_for"]}
    return before is not None and word_key(view.text(before)) in cues


def _type_word_before(view: DocView, ent: Entity) -> bool:
    """جماعة «فوت ليف», صحيفة "القدس": a quoted name right after a body-type word is that
    body's. (Unquoted, موقع الصدر is more often the site of a person.)"""
    idx = view.token_range(ent.start, ent.end)
    if not idx or idx[0] == 0 or not view.is_wrapper(idx[0] - 1):
        return False
    before = _token_before(view, idx[0])
    return before is not None and type_sector(view, before) is not None


def _window_key(view: DocView, first: int, last: int) -> str | None:
    """Key of tokens first..last when they are all words of one sentence, else None."""
    if first < 0 or last >= len(view.tokens) or not view.same_sentence(first, last):
        return None
    if any(not view.keys[i] for i in range(first, last + 1)):
        return None
    return " ".join(view.keys[i] for i in range(first, last + 1))


def known_around(view: DocView, ent: Entity) -> Candidate | None:
    """A known organisation whose name ends with the entity (مجموعة دعم + سورية), or, when the
    name is quoted («روسيا اليوم»), one that also runs on after it."""
    idx = view.token_range(ent.start, ent.end)
    if not idx:
        return None
    kb = view.kb
    for extra in range(kb.max_key_words - len(idx), 0, -1):
        for before in range(extra, -1, -1):
            after = extra - before
            if after and not _quoted(view, idx[0] - before, idx[-1] + after):
                continue
            key = _window_key(view, idx[0] - before, idx[-1] + after)
            if key in kb.organizations:
                return from_known(kb.organizations[key])
    return None


def _quoted(view: DocView, first: int, last: int) -> bool:
    return first > 0 and last + 1 < len(view.tokens) and view.is_wrapper(first - 1) and view.is_wrapper(last + 1)


def body_of_place(view: DocView, ent: Entity) -> Candidate | None:
    """A place named after an institution or type word is part of a body's name: شرطة لندن
    (the London police, GBR COP), صحيفة «القدس» الفلسطينية (a paper, PSE MED)."""
    idx = view.token_range(ent.start, ent.end)
    before = _token_before(view, idx[0]) if idx else None
    if before is None or view.tokens[before].has_article:
        return None
    sector = view.kb.institutions.get(view.keys[before], (None, None))[0] or type_sector(view, before)
    if sector is None:
        return None
    place = resolve_place(view, ent)
    start = view.tokens[before].stem.start
    cand = Candidate(clean_name(view.article.text[start : ent.end]), "organization", None, sector,
                     takes_article_country=True)
    _country_from_context(view, ent, cand)
    cand.country = cand.country or (place.country if place else None)
    return cand


def resolve_person(view: DocView, ent: Entity) -> Candidate:
    idx = list(view.token_range(ent.start, ent.end))
    cand = Candidate(clean_name(view.article.text[ent.start : ent.end]), "person")
    if not idx:
        return cand
    inner, name_at = role_inside(view, idx)
    if inner:
        cand.name = clean_name(view.article.text[view.tokens[idx[name_at]].start : ent.end])
    before = (role_before(view, idx[0]) or _role_past_first_name(view, ent, idx[0], cand)
              or _role_past_split_name(view, ent, idx[0], cand))
    roles = [r for r in (inner, before, role_after(view, idx[-1])) if r]
    for role in roles:
        _apply_role(cand, role)
    leader = role_as_leader(view, idx[0]) if all(_former(view, r) for r in roles) else None
    if leader:
        if roles:
            cand.sector = None  # a body led now outranks an office held before
        _apply_role(cand, leader)
        cand.role = cand.role or leader.text
        cand.takes_article_country = True
    return cand


def _former(view: DocView, role: Role) -> bool:
    """Is the role one held before (وزير الدفاع السابق)?"""
    former = {word_key(w) for w in view.kb.rules["former"]}
    return any(word_key(w) in former for w in role.text.split())


def _role_past_first_name(view: DocView, ent: Entity, first: int, cand: Candidate) -> Role | None:
    """رئيس مجلس الشورى الإيراني علي [لاريجاني]: a tagger left a first name out of the span;
    the title before it is still the person's, and the name gets its first name back."""
    gap = first - 1
    if gap < 0 or view.entity_at[gap] is not None or view.keys[gap] not in view.kb.given_names:
        return None
    role = role_before(view, gap)
    if role is None or role.title is None:
        return None
    cand.name = clean_name(view.article.text[view.tokens[gap].start : ent.end])
    return role


def _role_past_split_name(view: DocView, ent: Entity, first: int, cand: Candidate) -> Role | None:
    """جيم #كار: a hashtag mark inside a name made the tagger cut it in two; the title before
    the first part is the whole name's, and the name gets its first part back."""
    gap = first - 1
    while gap >= 0 and view.is_wrapper(gap):
        gap -= 1
    head = view.entity_at[gap] if gap >= 0 and gap < first - 1 else None
    if head is None or head.type != "PER" or not view.same_sentence(gap, first):
        return None
    role = role_before(view, view.token_range(head.start, head.end)[0])
    if role is None or role.title is None:
        return None
    cand.name = clean_name(view.article.text[head.start : ent.end])
    return role


def _apply_role(cand: Candidate, role: Role) -> None:
    cand.counterpart = cand.counterpart or role.counterpart
    if role.title and cand.role is None:
        cand.role = role.text
        cand.takes_article_country = not role.stateless
        cand.evidence.append(Span(role.start, role.end))
    if cand.sector is None:
        cand.sector = role.sector
    if cand.country is None and role.country:
        cand.country = role.country
        if role.country_evidence:
            cand.evidence.append(role.country_evidence)


def _locative_before(view: DocView, first: int) -> bool:
    """في موسكو / بموسكو: the capital is where something happens, not who acts."""
    rules = view.kb.rules
    if view.tokens[first].proclitics in rules["locative_proclitics"]:
        return True
    prev = first - 1
    while prev >= 0 and view.is_wrapper(prev):
        prev -= 1
    return prev >= 0 and view.same_sentence(prev, first) and view.text(prev) in rules["locatives"]


def resolve_place(view: DocView, ent: Entity) -> Candidate | None:
    kb = view.kb
    key = _place_key(view, ent)
    text = clean_name(view.article.text[ent.start : ent.end])
    if key in kb.countries:
        return from_known(kb.countries[key])
    if key in kb.capitals:
        return _capital(view, ent, kb.capitals[key], text)
    if key in kb.places:
        return Candidate(text, "place", kb.places[key], known=True)
    return None


def _place_key(view: DocView, ent: Entity) -> str:
    """The key of a place name, without a leading compass word (شمال سيناء → سيناء) when the
    whole name is unknown."""
    kb = view.kb
    key = name_key(view.article.text[ent.start : ent.end])
    if key in kb.countries or key in kb.capitals or key in kb.places:
        return key
    words = key.split()
    compass = {name_key(w) for w in kb.rules["compass"]}
    if len(words) > 1 and words[0] in compass:
        return " ".join(words[1:])
    if key.startswith(PREPOSITION_LAM) and word_key(ARTICLE + key[1:]) in kb.countries:
        return word_key(ARTICLE + key[1:])  # للعراق written with its ل kept: لعراق
    return key


def _capital(view: DocView, ent: Entity, iso3: str, text: str) -> Candidate:
    idx = view.token_range(ent.start, ent.end)
    if idx and _locative_before(view, idx[0]):
        return Candidate(text, "place", iso3, known=True)
    return Candidate(view.kb.country_name(iso3), "country", iso3, GOV, known=True)


def resolve_body(view: DocView, ent: Entity, prefer_body: bool = False) -> Candidate | None:
    kb = view.kb
    key = _without_lam(kb, name_key(view.article.text[ent.start : ent.end]))
    if key in kb.organizations:
        return from_known(kb.organizations[key])
    return (_institution(view, ent, key) or _owned_medium(view, key)
            or (_typed_body(view, ent) if prefer_body else None))


def _without_lam(kb, key: str) -> str:
    """لجيش (للجيش with one ل kept, as some annotators and taggers cut it) → جيش, when only
    the shorter form is known."""
    if not key.startswith(PREPOSITION_LAM) or key in kb.organizations:
        return key
    rest = key[len(PREPOSITION_LAM):]
    first = rest.split()[0] if rest else ""
    return rest if rest in kb.organizations or first in kb.institutions else key


def _split_institution(view: DocView, key: str) -> tuple[str, int] | None:
    """The longest institution phrase that starts `key`: (institution key, its word count)."""
    words = key.split()
    for n in range(min(len(words), view.kb.max_key_words), 0, -1):
        head = " ".join(words[:n])
        if head in view.kb.institutions:
            return head, n
    return None


def _institution(view: DocView, ent: Entity, key: str) -> Candidate | None:
    split = _split_institution(view, key)
    if split is None:
        return None
    head, n = split
    sector, canonical = view.kb.institutions[head]
    written = clean_name(view.article.text[ent.start : ent.end])
    name = written if canonical is None else " ".join([canonical, *written.split()[n:]])
    cand = Candidate(name, "organization", None, sector, takes_article_country=True, institution=head)
    _country_from_context(view, ent, cand)
    return cand


def _country_from_context(view: DocView, ent: Entity, cand: Candidate) -> None:
    """A nisba or country inside the name, else a nisba right after it («تاس» الروسية)."""
    idx = list(view.token_range(ent.start, ent.end))
    country, evidence = phrase_country(view, idx)
    if country is None:
        after = _token_after(view, idx[-1]) if idx else None
        if after is not None and nisba_at(view, after):
            country = nisba_at(view, after)
            evidence = view.tokens[after].stem
    if country:
        cand.country = country
        cand.evidence.append(Span(evidence.start, evidence.end))


def _token_after(view: DocView, last: int) -> int | None:
    i = last + 1
    while i < len(view.tokens) and view.is_wrapper(i):
        i += 1
    return i if view.same_sentence(i, last) else None


def _token_before(view: DocView, first: int) -> int | None:
    i = first - 1
    while i >= 0 and view.is_wrapper(i):
        i -= 1
    return i if view.same_sentence(i, first) else None


def _typed_body(view: DocView, ent: Entity) -> Candidate | None:
    """A body named with a type word: its own first word (حزب المشروع) or the word before
    it (صحيفة «القدس»)."""
    idx = list(view.token_range(ent.start, ent.end))
    if not idx:
        return None
    before = _token_before(view, idx[0])
    sector = type_sector(view, idx[0])
    if sector is None and before is not None:
        sector = type_sector(view, before) or _called_by(view, before)
    if sector is None:
        return None
    cand = Candidate(clean_name(view.article.text[ent.start : ent.end]), "organization", None, sector,
                     takes_article_country=True)
    _country_from_context(view, ent, cand)
    return cand


def _called_by(view: DocView, verb: int) -> str | None:
    """منظمة أخرى تسمى «NAME»: a body named through a naming verb after its type word (and a
    word or two describing it) has that type's sector."""
    if word_key(view.text(verb)) not in {word_key(w) for w in view.kb.rules["naming_verbs"]}:
        return None
    words, i = 0, verb - 1
    while i >= 0 and words < view.kb.rules["max_naming_words"]:
        if not view.same_sentence(i, verb) or view.entity_at[i] is not None:
            return None
        if view.tokens[i].kind == "word":
            if type_sector(view, i):
                return type_sector(view, i)
            words += 1
        i -= 1
    return None


def _owned_medium(view: DocView, key: str) -> Candidate | None:
    """تطبيق بي بي سي, موقع «الجزيرة»: a product of a known medium (its app, site, page)
    speaks for that medium."""
    words = key.split()
    products = {name_key(w) for w in view.kb.rules["media_products"]}
    if len(words) < 2 or words[0] not in products:
        return None
    known = view.kb.organizations.get(" ".join(words[1:]))
    return from_known(known) if known is not None and known.sector == MED else None


def _unknown_body(view: DocView, ent: Entity) -> Candidate:
    kind: ActorKind = "place" if ent.type == "LOC" else "organization"
    cand = Candidate(clean_name(view.article.text[ent.start : ent.end]), kind, takes_article_country=True)
    _country_from_context(view, ent, cand)
    return cand
