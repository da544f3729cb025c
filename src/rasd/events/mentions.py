"""Who can be an event's source or target in a sentence: the entities (with their actors when
the actor stage ran), and, where no entity covers them, names of countries, capitals and known
organisations, nisba adjectives (روسية → RUS) and actor nouns (القوات, مسلحون, الغرب).

Country and organisation knowledge comes from the actor step's files (rasd.actors.knowledge);
without that module the entities stand alone, with no country.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.lookup import actors_by_id, last_before, via_overlapping
from rasd.model import Actor, Article, Entity, Token
from rasd.pipeline import check_deadline
from rasd.resources import read_json, read_table
from rasd.text.normalize import normalize_word
from rasd.text.spans import overlapping

ACTOR_NOUNS_FILE = ("events", "actor_nouns.tsv")
ARGUMENTS_FILE = ("events", "arguments.json")
NONE = "-"
MAX_NAME_TOKENS = 4  # longest country/organisation name looked up (الدولة الإسلامية في العراق)
BODY_PREPOSITION = "ل"
ARTICLE = "ال"
CONJUNCTION = "و"
NISBA_ENDING = "ي"
KEY_CACHE = 30_000
BODY_KINDS = ("organization", "group")
OWNER_TYPES = ("PER", "ORG")  # what a pronoun suffix on خصومه, أنصاره may stand for


@dataclass(slots=True)
class Mention:
    first: int  # token indices in the sentence's token list, inclusive
    last: int
    start: int
    end: int
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    group: str | None = None  # canonical name of a body with no country (داعش, الأمم المتحدة)
    place: bool = False  # a place named as such, not a government acting
    nisba: bool = False  # a nisba adjective (روسية), which modifies the noun before it
    from_entity: bool = False
    named: bool = False  # a title phrase that has already taken its name
    nation: bool = False  # a country's name (فرنسا): never the personal name closing a title


@cache
def _knowledge():
    try:
        from rasd.actors.knowledge import knowledge
    except ImportError:  # the actor step is not installed: entities alone
        return None
    return knowledge()


@lru_cache(maxsize=KEY_CACHE)
def _key(text: str) -> str:
    from rasd.actors.knowledge import name_key

    return name_key(text)


@cache
def _first_words() -> frozenset[str]:
    """First word of every name the knowledge files and actor nouns hold: a token whose key is
    not among them starts no name, so the longer lookups are skipped."""
    kb = _knowledge()
    if kb is None:
        return frozenset()
    tables = (kb.countries, kb.capitals, kb.organizations, kb.places, actor_nouns())
    return frozenset(key.split(" ", 1)[0] for table in tables for key in table)


@cache
def actor_nouns() -> dict[str, tuple[str | None, str | None]]:
    """Key of an actor noun → (sector, group code)."""
    out: dict[str, tuple[str | None, str | None]] = {}
    if _knowledge() is None:
        return out
    for noun, sector, group in read_table(*ACTOR_NOUNS_FILE):
        out[_key(noun)] = (None if sector == NONE else sector, None if group == NONE else group)
    for key, (sector, _canonical) in _knowledge().institutions.items():
        out.setdefault(key, (sector, None))
    for key, title in (*_knowledge().titles.items(), *_knowledge().definite_titles.items()):
        out.setdefault(key, (title.sector, None))
    return out


def _lookup(key: str) -> Mention | None:
    """What the knowledge files say about a name key, as a Mention without offsets."""
    kb = _knowledge()
    if kb is None or not key:
        return None
    if key in kb.countries:
        return Mention(0, 0, 0, 0, country=kb.countries[key].country)
    if key in kb.capitals:
        return Mention(0, 0, 0, 0, country=kb.capitals[key])
    if key in kb.organizations:
        known = kb.organizations[key]
        return Mention(0, 0, 0, 0, country=known.country, sector=known.sector,
                       group=None if known.country else known.name)
    if key in kb.places:
        return Mention(0, 0, 0, 0, country=kb.places[key], place=True)
    return None


def _stem_start(token: Token) -> int:
    """Token.stem's start without making a Span (called for every token of every sentence)."""
    return token.stem_start if token.stem_start >= 0 else token.start


def _stem_end(token: Token) -> int:
    return token.stem_end if token.stem_start >= 0 else token.end


def _stem_text(text: str, token: Token) -> str:
    return text[_stem_start(token): _stem_end(token)]


def _name_at(text: str, tokens: list[Token], i: int) -> tuple[int, Mention | None]:
    """The longest known name starting at token i: (its last token index, what it is)."""
    kb = _knowledge()
    if kb is None or tokens[i].kind != "word":
        return i, None
    words = [_stem_text(text, tokens[i])]
    if _key(words[0]) not in _first_words():
        return i, None
    best: tuple[int, Mention | None] = (i, None)
    for j in range(i, min(len(tokens), i + MAX_NAME_TOKENS)):
        if j > i:
            if tokens[j].kind != "word":
                break
            words.append(text[tokens[j].start: tokens[j].end])
        found = _lookup(_key(" ".join(words)))
        if found is not None:
            best = (j, found)
    return best


def nisba_country(text: str, token: Token) -> str | None:
    kb = _knowledge()
    if kb is None or token.kind != "word":
        return None
    return kb.nisbas.get(_key(_stem_text(text, token)))


def _actor_index(article: Article) -> dict[str, Actor]:
    """The article's actors by id (a shared, read-only table: built once, not per sentence)."""
    return actors_by_id(article)


def _entity_mention(article: Article, entity: Entity, first: int, last: int,
                    actors: dict[str, Actor]) -> Mention:
    mention = Mention(first, last, entity.start, entity.end, actor=entity.actor, from_entity=True)
    actor = actors.get(entity.actor or "")
    if actor is not None:
        mention.country, mention.sector = actor.country, actor.sector
        mention.group = actor.name if actor.country is None and actor.kind in ("organization", "group") else None
        mention.place = actor.kind == "place"
        mention.nation = actor.kind == "country"
        if actor.country is not None or actor.kind not in ("place", "country"):
            return mention
    known = _lookup(_key(article.span_text(entity))) if _knowledge() else None
    if known is not None:
        mention.country = known.country
        mention.sector, mention.group = mention.sector or known.sector, mention.group or known.group
        mention.place = mention.place or known.place
    return mention


def _token_range(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """First and last index of the tokens overlapping [start, end), found by bisection."""
    first, stop = overlapping(tokens, start, end)
    return (first, stop - 1) if stop > first else None


@cache
def _units() -> frozenset[str]:
    """Names a tagger may give a type that never act: currencies and units (دولار, جنيه)."""
    return frozenset(_key(w) for w in read_json(*ARGUMENTS_FILE)["not_actor_names"])


def _entity_mentions(article: Article, tokens: list[Token], entities: list[Entity]) -> list[Mention]:
    actors = _actor_index(article)
    out = []
    for entity in entities:
        if _key(article.span_text(entity)) in _units():
            continue
        found = _token_range(tokens, entity.start, entity.end)
        if found is not None:
            out.append(_entity_mention(article, entity, *found, actors))
    return out


def _word_mention(text: str, tokens: list[Token], i: int) -> tuple[int, Mention | None]:
    """A known name, nisba or actor noun at token i (no entity there)."""
    last, known = _name_at(text, tokens, i)
    if known is not None:
        known.first, known.last = i, last
        known.start, known.end = _stem_start(tokens[i]), tokens[last].end
        return last, known
    country = nisba_country(text, tokens[i])
    if country is not None:
        return i, Mention(i, i, _stem_start(tokens[i]), tokens[i].end, country=country, nisba=True)
    return _noun_at(text, tokens, i)


@cache
def not_actors() -> frozenset[str]:
    """Words that read like a title once folded but are not one (أمام 'before' = إمام 'imam')."""
    return frozenset(_key(w) for w in read_json(*ARGUMENTS_FILE)["not_actors"])


@cache
def _definite_only() -> frozenset[str]:
    """Actor nouns that are actors only with ال: الغرب is the West, غرب بغداد a direction;
    and the titles the knowledge files write with it (المشير, العقيد)."""
    kb = _knowledge()
    titles = frozenset(kb.definite_titles) - frozenset(kb.titles) if kb is not None else frozenset()
    return frozenset(_key(w) for w in read_json(*ARGUMENTS_FILE)["definite_only"]) | titles


@cache
def _verbal_nouns_before() -> dict[str, frozenset[str]]:
    """Actor nouns that are verbal nouns before certain words (القضاء على: eliminating, not the
    judiciary) → those words."""
    table = read_json(*ARGUMENTS_FILE)["verbal_nouns_before"]
    return {_key(noun): frozenset(_key(w) for w in after) for noun, after in table.items()}


def _is_verbal_noun(text: str, tokens: list[Token], i: int, key: str) -> bool:
    after = _verbal_nouns_before().get(key)
    return after is not None and i + 1 < len(tokens) and _key(text[tokens[i + 1].start: tokens[i + 1].end]) in after


def _noun_at(text: str, tokens: list[Token], i: int) -> tuple[int, Mention | None]:
    """The longest actor noun or title starting at token i (وزير الخارجية, القوات)."""
    nouns, words = actor_nouns(), []
    first = _key(_stem_text(text, tokens[i]))
    if first in not_actors() or first not in _first_words() or _is_verbal_noun(text, tokens, i, first) \
            or (first in _definite_only() and not tokens[i].has_article):
        return i, None
    best: tuple[int, Mention | None] = (i, None)
    for j in range(i, min(len(tokens), i + MAX_NAME_TOKENS)):
        if tokens[j].kind != "word":
            break
        words.append(_stem_text(text, tokens[j]) if j == i else text[tokens[j].start: tokens[j].end])
        noun = nouns.get(_key(" ".join(words)))
        if noun is not None:
            best = (j, Mention(i, j, _stem_start(tokens[i]), tokens[j].end, sector=noun[0], group=noun[1]))
    return best


def _absorb(head: Mention, m: Mention) -> None:
    head.last, head.end = m.last, m.end
    head.country = head.country or m.country
    head.sector = head.sector or m.sector
    head.group = head.group or m.group
    if m.from_entity:
        head.actor, head.from_entity, head.place = m.actor, True, m.place


def _of_body(prev: Mention, m: Mention, tokens: list[Token]) -> bool:
    """A title with the body it serves after ل: الأمين العام للأمم المتحدة."""
    untitled = not prev.from_entity and prev.country is None and prev.group is None
    return untitled and tokens[m.first].proclitics.endswith(BODY_PREPOSITION) and bool(m.group or m.country)


def _construct(prev: Mention, m: Mention, tokens: list[Token], text: str) -> bool:
    """A title in the construct state takes the noun after it: مستشار الرئيس, قائد الجيش."""
    head = text[_stem_start(tokens[prev.first]): _stem_end(tokens[prev.first])]
    untitled = not prev.from_entity and prev.country is None and prev.group is None
    conjunct = tokens[m.first].proclitics.startswith(CONJUNCTION)  # قوات الأمن والجيش: two actors
    # a phrase already made definite by its own genitive (قوات الأمن) takes no second one
    complete = prev.last > prev.first and tokens[prev.last].has_article
    return untitled and not m.nisba and not conjunct and not complete and not tokens[prev.first].has_article \
        and not head.startswith(ARTICLE)


def _ends_untitled(prev: Mention, tokens: list[Token], text: str) -> bool:
    """An entity that is a title with its adjective of origin and no name (الرئيس الشيشاني,
    tagged apart from the name after it): the name completes it."""
    last = tokens[prev.last]
    return prev.last > prev.first and last.has_article and text[_stem_start(last): _stem_end(last)].endswith(NISBA_ENDING)


def _lone_nisba(m: Mention, tokens: list[Token], text: str) -> bool:
    """A one-word entity shaped like an adjective of origin (الشيشاني tagged on its own)."""
    token = tokens[m.first]
    return m.first == m.last and token.has_article and text[_stem_start(token): _stem_end(token)].endswith(NISBA_ENDING)


def _adjective_between(prev: Mention, m: Mention, tokens: list[Token], text: str) -> bool:
    """One adjective of origin the knowledge files lack stands between a title and its name
    (الرئيس الشيشاني رمضان قديروف): a word with the article ending in ي."""
    if prev.last + 2 != m.first:
        return False
    between = tokens[prev.last + 1]
    word = text[_stem_start(between): _stem_end(between)]
    return between.kind == "word" and between.has_article and word.endswith(NISBA_ENDING)


def _describes_name(prev: Mention, m: Mention) -> bool:
    """An adjective of origin after a title the knowledge files lack, right before a name
    (السياسي الهولندي أرنود فان دورن, الناشط المصري ...): it describes the person named."""
    return prev.nisba and prev.sector is None and not prev.from_entity and m.from_entity \
        and not (m.nation or m.place or m.nisba)


def _merge_phrases(mentions: list[Mention], tokens: list[Token], text: str) -> list[Mention]:
    """Adjacent pieces of one noun phrase are one actor: a title or body, its nisba, and the
    name that closes it (وزير الدفاع + الهندي + his name; القوات + الإسرائيلية). A name
    ends the phrase, except for a nisba after it (حزب الله + اللبناني)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        is_nisba = m.nisba
        # A phrase that already took its name takes no second one (السوداني looks like a
        # nisba, but once it closes a title the next entity is someone else).
        names_title = m.from_entity and not m.nation and prev is not None and prev.sector is not None \
            and not prev.named \
            and (not prev.from_entity or _ends_untitled(prev, tokens, text))
        adjacent = prev is not None and not prev.place and (
            prev.last + 1 == m.first or (names_title and _adjective_between(prev, m, tokens, text)))
        if adjacent and ((is_nisba and prev.country is None) or names_title or _of_body(prev, m, tokens)
                         or _construct(prev, m, tokens, text) or _describes_name(prev, m)):
            _absorb(prev, m)
            prev.named = prev.named or (m.from_entity and not _lone_nisba(m, tokens, text))
            continue
        out.append(m)
    return out


@cache
def _anaphoric_heads() -> frozenset[str]:
    return frozenset(_key(w) for w in read_json(*ARGUMENTS_FILE)["anaphoric_heads"])


def _head_key(text: str) -> str:
    words = _key(text).split()
    return words[0] if words else ""


def _anaphor_at(article: Article, tokens: list[Token], i: int) -> Mention | None:
    """A definite head noun standing for a body the article named before (اللجنة after لجنة
    الانتخابات, الحركة after حركة «كفاية»): a mention of that body's actor."""
    token = tokens[i]
    if token.kind != "word" or not token.has_article:
        return None
    head = _key(article.text[_stem_start(token): token.end])
    if head not in _anaphoric_heads():
        return None
    actors = _actor_index(article)

    def body_head(e: Entity) -> str | None:
        actor = actors.get(e.actor or "")
        return _head_key(actor.name) if actor is not None and actor.kind in BODY_KINDS else None

    # The last entity before the token naming a body with this head (by bisection).
    before = last_before(article, "anaphor", body_head).get(head, token.start)
    if before is None:
        return _named_body_before(article, token, i, head)
    actor = actors[before.actor]
    return Mention(i, i, _stem_start(token), token.end, actor=actor.id, country=actor.country, sector=actor.sector,
                   group=actor.name if actor.country is None else None, from_entity=True)


def _named_body_before(article: Article, token: Token, i: int, head: str) -> Mention | None:
    """The body the article named before with an actor noun that opens with the head
    (لجنة الانتخابات ... اللجنة), when the tagger made no entity of it: a mention of its sector."""
    at = bisect_left(article.tokens, token.start, key=_start_of)
    places, named = _bare_heads(article).get(head, ([], []))
    n = bisect_left(places, at)  # the nearest one before
    if n == 0:
        return None
    return Mention(i, i, _stem_start(token), token.end, sector=named[n - 1].sector, group=named[n - 1].group)


_BARE_HEADS: tuple[list[Token], dict[str, tuple[list[int], list[Mention]]]] | None = None


def _bare_heads(article: Article) -> dict[str, tuple[list[int], list[Mention]]]:
    """Anaphoric head → the article's tokens that are that head without the article and with
    its complement (لجنة الانتخابات), with the actor noun they open: found once per article,
    not by a backward scan of the text per anaphor (quadratic in a long document)."""
    global _BARE_HEADS
    if _BARE_HEADS is None or _BARE_HEADS[0] is not article.tokens:
        heads, text, tokens = _anaphoric_heads(), article.text, article.tokens
        out: dict[str, tuple[list[int], list[Mention]]] = {}
        for j, t in enumerate(tokens):
            if t.kind == "word" and not t.has_article:
                key = _key(text[_stem_start(t): t.end])
                if key in heads:
                    _, named = _noun_at(text, tokens, j)
                    if named is not None and named.last > j:  # the head with its complement, not the bare noun
                        places, nouns = out.setdefault(key, ([], []))
                        places.append(j)
                        nouns.append(named)
        _BARE_HEADS = (article.tokens, out)
    return _BARE_HEADS[1]


def _start_of(token: Token) -> int:
    return token.start


@cache
def _own_country_words() -> frozenset[str]:
    return frozenset(normalize_word(w) for w in read_json(*ARGUMENTS_FILE)["own_country_words"])


def _own_country_at(article: Article, tokens: list[Token], i: int, found: list[Mention]) -> Mention | None:
    """بلاده (his country) stands for the country of the actor before it in the sentence
    (أكد وزير الخارجية المصري أن بلاده ترفض ...): a mention of that country."""
    token = tokens[i]
    if token.kind != "word" or normalize_word(article.text[_stem_start(token): token.end]) not in _own_country_words():
        return None
    owner = max((m for m in found if m.last < i and m.country and not m.place), key=lambda m: m.last, default=None)
    if owner is None:
        return None
    return Mention(i, i, _stem_start(token), token.end, country=owner.country)


@cache
def _relational_nouns() -> dict[str, str | None]:
    table = read_json(*ARGUMENTS_FILE)["relational_nouns"]
    return {normalize_word(noun): sector or None for noun, sector in table.items()}


def _owner_country(article: Article, token: Token, found: list[Mention], i: int) -> str | None:
    """The country of who a pronoun suffix stands for: the last actor with a country before it
    in its sentence, else the last person or body with one the article named before."""
    owner = max((m for m in found if m.last < i and m.country and not m.place), key=lambda m: m.last, default=None)
    if owner is not None:
        return owner.country
    actors = _actor_index(article)
    # Countries are filled in as phrases resolve, so the table keys on the actor alone and
    # the walk back goes on past owners still without one.
    owners = last_before(article, "owner", lambda e: True if e.type in OWNER_TYPES and e.actor in actors else None)
    for entity in owners.walk(True, token.start):
        if actors[entity.actor].country:
            return actors[entity.actor].country
    return None


def _relation_at(article: Article, tokens: list[Token], i: int, found: list[Mention]) -> Mention | None:
    """خصومه, أنصاره (his opponents, his supporters): people of the country of the one the suffix
    stands for, of the noun's own sector."""
    token = tokens[i]
    if token.kind != "word" or not token.enclitic:
        return None
    stem = normalize_word(article.text[_stem_start(token): _stem_end(token)])
    if stem not in _relational_nouns():
        return None
    country = _owner_country(article, token, found, i)
    if country is None:
        return None
    return Mention(i, i, _stem_start(token), token.end, country=country, sector=_relational_nouns()[stem])


def sentence_mentions(article: Article, tokens: list[Token], entities: list[Entity]) -> list[Mention]:
    """Mentions of possible actors in a sentence, in text order, without overlaps."""
    check_deadline()  # once per sentence: stops a document past its time budget off the main thread
    mentions = _entity_mentions(article, tokens, entities)
    covered = {i for m in mentions for i in range(m.first, m.last + 1)}
    i = 0
    while i < len(tokens):
        if i in covered:
            i += 1
            continue
        anaphor = _anaphor_at(article, tokens, i) or _own_country_at(article, tokens, i, mentions) \
            or _relation_at(article, tokens, i, mentions)
        if anaphor is not None:
            mentions.append(anaphor)
            i += 1
            continue
        last, found = _word_mention(article.text, tokens, i)
        if found is not None and not covered.intersection(range(i, last + 1)):
            mentions.append(found)
        i = last + 1
    mentions.sort(key=lambda m: m.first)
    return [m for m in _merge_phrases(mentions, tokens, article.text) if not _credited_medium(article, m)]


def _credited_medium(article: Article, m: Mention) -> bool:
    """A medium a statement is credited to (لوكالة «فرانس برس»، حسب رويترز) reports the
    event; it is neither its doer nor its target."""
    return via_overlapping(article, m.start, m.end)
