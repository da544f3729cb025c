"""The actor knowledge base: countries (CLDR names plus hand-written variants, nisbas and
capitals), places, organisations, institutions, titles and body-type words, all read from
`data/actors/` and indexed by a matching key (letters folded, ال dropped from each word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rasd.errors import Code, RasdError
from rasd.model import ActorKind
from rasd.resources import read_json, read_lines, read_table
from rasd.text.normalize import normalize_word

DATA = "actors"
ARTICLE = "ال"
# ال is dropped from a word only when at least this many letters remain (الله stays).
MIN_LETTERS_AFTER_ARTICLE = 3
# Hashtag links (#مايكل_كوهين), quotes and brackets are not part of a name's key.
NAME_NOISE = re.compile(r"[#_«»\"“”„'‘’()\[\]{}<>«»]")
NONE = "-"
TITLE_MODES = ("fixed", "body", "counterpart")
GIVEN_NAMES_FILE = ("ner", "gaz_per.txt")
GEO_PLACES_FILE = (DATA, "geonames_places.tsv.gz")
REGISTRY_FILE = (DATA, "petrarch_actors.tsv.gz")


def strip_article(word: str) -> str:
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_LETTERS_AFTER_ARTICLE:
        return word[len(ARTICLE):]
    return word


@lru_cache(maxsize=30_000)  # bounded: a long run sees ever more distinct words
def word_key(word: str) -> str:
    """Matching key of one word: folded letters, no diacritics, no ال."""
    return strip_article(normalize_word(word))


def name_key(text: str) -> str:
    """Matching key of a name or phrase: the word keys joined by single spaces."""
    return " ".join(k for k in (word_key(w) for w in NAME_NOISE.sub(" ", text).split()) if k)


@dataclass(frozen=True, slots=True)
class Known:
    """What the knowledge files say about a name."""

    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class Title:
    sector: str | None
    mode: str  # "fixed" | "body" | "counterpart"


@dataclass(slots=True)
class Knowledge:
    countries: dict[str, Known] = field(default_factory=dict)  # name key → country
    capitals: dict[str, str] = field(default_factory=dict)  # capital key → iso3
    places: dict[str, str | None] = field(default_factory=dict)  # place key → iso3 or None
    geo_places: dict[str, tuple[str, int]] = field(default_factory=dict)  # GeoNames town key → (iso3, population)
    # name key → ({country or "-": count}, {sector or "-": count}) from a packaged actor dictionary
    registry: dict[str, tuple[dict[str, int], dict[str, int]]] = field(default_factory=dict)
    organizations: dict[str, Known] = field(default_factory=dict)
    nisbas: dict[str, str] = field(default_factory=dict)  # inflected adjective key → iso3
    institutions: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key → (sector, canonical)
    titles: dict[str, Title] = field(default_factory=dict)  # written without ال: any token
    definite_titles: dict[str, Title] = field(default_factory=dict)  # written with ال: ال tokens only
    body_types: dict[str, str] = field(default_factory=dict)  # حزب → PTY
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 → canonical name
    rules: dict = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()  # single-word keys a role phrase may contain
    given_names: frozenset[str] = frozenset()  # first names (the NER step's list), keys
    case_words: frozenset[str] = frozenset()  # قضية: the case a title holder works on
    max_key_words: int = 1

    def country_name(self, iso3: str) -> str:
        return self.country_names.get(iso3, iso3)

    def title(self, key: str, definite: bool) -> Title | None:
        """The title a word sequence spells; a title written with ال needs a definite word."""
        if definite and key in self.definite_titles:
            return self.definite_titles[key]
        return self.titles.get(key)


def _none(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", NONE) else value


def _forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split(",") if f.strip() and f.strip() != NONE]


def _row(parts: tuple[str, ...], width: int, file: str) -> tuple[str, ...]:
    if len(parts) < width:
        raise RasdError(Code.E015_BAD_DATA_FILE, f"{DATA}/{file}: expected {width} columns in {parts!r}")
    return parts


def _inflections(nisba: str, suffixes: list[str]) -> list[str]:
    """Every inflected form of a (possibly two-word) nisba: each word takes the same suffix."""
    words = nisba.split()
    return [" ".join(w + suffix for w in words) for suffix in suffixes]


def _load_countries(kb: Knowledge) -> None:
    for iso3, _iso2, name in (_row(r, 3, "countries.tsv") for r in read_table(DATA, "countries.tsv")):
        kb.country_names[iso3] = name
    extra = [_row(r, 3, "country_forms.tsv") for r in read_table(DATA, "country_forms.tsv")]
    for iso3, kind, forms in extra:
        if kind == "canonical":
            kb.country_names[iso3] = forms.strip()
    for iso3, name in kb.country_names.items():
        kb.countries.setdefault(name_key(name), Known(name, "country", iso3))
    suffixes = read_json(DATA, "nisba.json")["suffixes"]
    for iso3, kind, forms in extra:
        _add_country_forms(kb, iso3, kind, _forms(forms), suffixes)


def _add_country_forms(kb: Knowledge, iso3: str, kind: str, forms: list[str], suffixes: list[str]) -> None:
    for form in forms:
        if kind == "name":
            kb.countries[name_key(form)] = Known(kb.country_name(iso3), "country", iso3)
        elif kind in ("nisba", "demonym"):
            forms_of = _inflections(normalize_word(form), suffixes) if kind == "nisba" else [form]
            for inflected in forms_of:
                # Keyed with and without ال: a nisba that itself begins with ال (ألماني)
                # loses those letters to the key of its indefinite form.
                kb.nisbas[name_key(inflected)] = iso3
                kb.nisbas[name_key(" ".join(ARTICLE + w for w in inflected.split()))] = iso3
        elif kind == "capital":
            kb.capitals[name_key(form)] = iso3


def _load_places(kb: Knowledge) -> None:
    for names, iso3 in (_row(r, 2, "places.tsv")[:2] for r in read_table(DATA, "places.tsv")):
        for name in _forms(names):
            kb.places[name_key(name)] = _none(iso3)


def _load_geo_places(kb: Knowledge) -> None:
    """Towns and cities of the world (GeoNames): optional, a candidate country for a place
    the hand-written files do not know."""
    try:
        rows = read_table(*GEO_PLACES_FILE)
    except RasdError:
        return
    for key, iso3, population in (_row(r, 3, GEO_PLACES_FILE[1]) for r in rows):
        kb.geo_places[key] = (iso3, int(population))


def _counts(cell: str) -> dict[str, int]:
    out = {}
    for part in cell.split(","):
        value, _, n = part.rpartition(":")
        if value:
            out[value] = int(n)
    return out


def _load_registry(kb: Knowledge) -> None:
    """The packaged actor dictionary (UniversalPetrarch's, MIT): optional evidence."""
    try:
        rows = read_table(*REGISTRY_FILE)
    except RasdError:
        return
    for key, countries, sectors in (_row(r, 3, REGISTRY_FILE[1]) for r in rows):
        kb.registry[key] = (_counts(countries), _counts(sectors))


def _load_organizations(kb: Knowledge) -> None:
    for row in read_table(DATA, "organizations.tsv"):
        canonical, others, kind, country, sector, cameo = _row(row, 6, "organizations.tsv")[:6]
        known = Known(canonical, kind, _none(country), _none(sector), _none(cameo))  # type: ignore[arg-type]
        for name in [canonical, *_forms(others)]:
            kb.organizations.setdefault(name_key(name), known)


def _load_roles(kb: Knowledge) -> None:
    for phrase, sector, canonical in (_row(r, 3, "institutions.tsv")[:3] for r in read_table(DATA, "institutions.tsv")):
        kb.institutions[name_key(phrase)] = (sector, _none(canonical))
    for title, sector, mode in (_row(r, 3, "titles.tsv")[:3] for r in read_table(DATA, "titles.tsv")):
        if mode not in TITLE_MODES:
            raise RasdError(Code.E015_BAD_DATA_FILE, f"{DATA}/titles.tsv: mode {mode!r} for {title}")
        # الفريق is a general, فريق a team; العميد a brigadier, عميد a dean.
        table = kb.definite_titles if title.startswith(ARTICLE) else kb.titles
        table[name_key(title)] = Title(_none(sector), mode)
    for word, sector in (_row(r, 2, "org_types.tsv")[:2] for r in read_table(DATA, "org_types.tsv")):
        kb.body_types[name_key(word)] = sector
    kb.rules = read_json(DATA, "roles.json")
    kb.case_words = frozenset(name_key(w) for w in kb.rules["case_words"])


def _vocabulary(kb: Knowledge) -> frozenset[str]:
    """Words a title phrase is made of: anything from a title, body, country or place name."""
    keys = [*kb.titles, *kb.definite_titles, *kb.institutions, *kb.body_types, *kb.organizations, *kb.countries,
            *kb.capitals, *kb.places, *kb.nisbas, *kb.case_words,
            *(name_key(w) for w in kb.rules["connectors"])]
    breakers = {name_key(w) for w in kb.rules["breakers"]}
    return frozenset(word for key in keys for word in key.split()) - breakers


def _given_names() -> frozenset[str]:
    """First names, from the NER step's gazetteer; without it no first name is guessed."""
    try:
        return frozenset(name_key(n) for n in read_lines(*GIVEN_NAMES_FILE))
    except RasdError:
        return frozenset()


@cache
def knowledge() -> Knowledge:
    """The knowledge base, loaded once per process."""
    kb = Knowledge()
    _load_countries(kb)
    _load_places(kb)
    _load_geo_places(kb)
    _load_registry(kb)
    _load_organizations(kb)
    _load_roles(kb)
    kb.vocabulary = _vocabulary(kb)
    kb.given_names = _given_names()
    all_keys = [*kb.countries, *kb.capitals, *kb.places, *kb.organizations, *kb.institutions, *kb.titles,
                *kb.definite_titles]
    kb.max_key_words = max(len(k.split()) for k in all_keys)
    return kb
