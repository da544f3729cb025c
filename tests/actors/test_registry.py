"""The corpus registry: dated roles, evidence, the same id across articles, PETRARCH import."""

from __future__ import annotations

import pytest

from rasd.actors.petrarch import import_entries, parse_code, parse_dictionary, split_code
from rasd.actors.stage import RegistryLink
from rasd.store.registry import ActorRegistry, RoleRecord

# Hand-written lines in the PETRARCH actor dictionary format (invented names).
DICTIONARY = """\
# a comment line
سامر_الخطيب_
\t[JORGOV 20100101-20141231]
\t[JORLEG 20150101-18000101]
منظمة_الأفق_  [NGO]
ليلى_منصور_  [LBNMED]
"""


@pytest.mark.parametrize(("block", "code", "start", "end"), [
    ("IRQGOV 20101221-20140908", "IRQGOV", "2010-12-21", "2014-09-08"),
    ("PSECVLELI 19840502-18000101", "PSECVLELI", "1984-05-02", None),
    ("SAUGOV > 20130101", "SAUGOV", "2013-01-01", None),
    ("SAU >20130101", "SAU", "2013-01-01", None),
    ("RUSGOV <20000101", "RUSGOV", None, "2000-01-01"),
    ("IGO", "IGO", None, None),
])
def test_parse_code(block, code, start, end):
    coded = parse_code(block)
    assert (coded.code, coded.valid_from, coded.valid_to) == (code, start, end)


@pytest.mark.parametrize(("code", "country", "sector"), [
    ("IRQGOV", "IRQ", "GOV"), ("PSECVLELI", "PSE", "CVL"), ("IGO", None, "IGO"), ("MIL", None, "MIL"),
    ("ISRELI", "ISR", None), ("SYR", "SYR", None),
])
def test_split_code(code, country, sector):
    assert split_code(code) == (country, sector)


def test_import_honours_date_ranges(tmp_path):
    entries = list(parse_dictionary(DICTIONARY.splitlines()))
    assert [e.name for e in entries] == ["سامر الخطيب", "منظمة الأفق", "ليلى منصور"]
    with ActorRegistry(tmp_path / "r.sqlite") as registry:
        assert import_entries(entries, registry, "petrarch:test") == 4
        (actor,) = registry.find("سامر خطيب")
        assert actor.kind == "person"
        assert registry.role_at(actor.id, "2012-06-01").sector == "GOV"
        assert registry.role_at(actor.id, "2019-06-01").sector == "LEG"
        assert registry.role_at(actor.id, "2005-01-01") is None
        assert registry.find("منظمه افق")[0].kind == "organization"


def test_registry_survives_reopening(tmp_path):
    path = tmp_path / "r.sqlite"
    with ActorRegistry(path) as registry:
        ident = registry.add_actor("سامر خطيب", "سامر الخطيب", "person")
        registry.add_role(ident, RoleRecord("JOR", "GOV", "وزير", source="article", article="a1", start=3, end=7))
        registry.add_role(ident, RoleRecord("JOR", "GOV", "وزير", source="article", article="a1", start=3, end=7))
    with ActorRegistry(path) as registry:
        assert registry.find("سامر خطيب")[0].id == ident
        assert len(registry.roles(ident)) == 1


def test_stage_keeps_ids_and_roles_across_articles(tmp_path, build, actor_of):
    link = RegistryLink(ActorRegistry(tmp_path / "r.sqlite"))
    first = build("وقال وزير الخارجية الأردني سامر الخطيب إن الحوار مستمر.", [("سامر الخطيب", "PER")],
                  registry=link, article_id="one", published="2016-03-01")
    second = build("والتقى سامر الخطيب وفدا زائرا.", [("سامر الخطيب", "PER")],
                   registry=link, article_id="two", published="2016-03-05")
    known, later = actor_of(first, "سامر الخطيب"), actor_of(second, "سامر الخطيب")
    assert known.id == later.id
    assert (later.country, later.sector) == ("JOR", "GOV")
    (evidence,) = link.registry.roles(known.id)
    assert (evidence.article, first.text[evidence.start : evidence.end]) == ("one", "وزير الخارجية الأردني")


def test_registry_role_must_hold_at_the_article_date(tmp_path, build, actor_of):
    link = RegistryLink(ActorRegistry(tmp_path / "r.sqlite"))
    import_entries(parse_dictionary(DICTIONARY.splitlines()), link.registry, "petrarch:test")
    early = build("والتقى سامر الخطيب وفدا زائرا.", [("سامر الخطيب", "PER")], registry=link, published="2012-01-01")
    late = build("والتقى سامر الخطيب وفدا زائرا.", [("سامر الخطيب", "PER")], registry=link, published="2016-01-01")
    assert actor_of(early, "سامر الخطيب").sector == "GOV"
    assert actor_of(late, "سامر الخطيب").sector == "LEG"


def test_petrarch_dictionary_imports(shared_data, tmp_path):
    path = shared_data / "universalpetrarch-arabic" / "dictionaries" / "actor_dict_ar_v4.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as lines, ActorRegistry(tmp_path / "r.sqlite") as registry:
        roles = import_entries(parse_dictionary(lines), registry, "petrarch:v4")
        assert roles > 5000
        (putin,) = registry.find("فلاديمير بوتين", "person")
        assert registry.role_at(putin.id, "2016-09-22").country == "RUS"
