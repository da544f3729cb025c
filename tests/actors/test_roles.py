"""Nisba adjectives and role phrases."""

from __future__ import annotations

import pytest

from rasd.actors.knowledge import knowledge, name_key
from rasd.actors.roles import nisba_mentions, nisba_runs


@pytest.mark.parametrize(("word", "country"), [
    ("الأميركي", "USA"), ("الأمريكية", "USA"), ("الأميركيين", "USA"), ("أميركيون", "USA"),
    ("أميركية", "USA"), ("الأميركيتين", "USA"), ("الأميركان", "USA"), ("الروسيات", "RUS"),
    ("السوري", "SYR"), ("ألمانية", "DEU"), ("الألمانيان", "DEU"), ("الإيرانيون", "IRN"),
])
def test_nisba_inflections(word, country):
    assert knowledge().nisbas.get(name_key(word)) == country


@pytest.mark.parametrize(("word", "country"), [
    ("سوريا", "SYR"), ("سورية", "SYR"), ("أمريكا", "USA"), ("أميركا", "USA"),
    ("الولايات المتحدة", "USA"), ("المملكة المتحدة", "GBR"), ("فرنسا", "FRA"), ("اليابان", "JPN"),
])
def test_country_names(word, country):
    assert knowledge().countries[name_key(word)].country == country


def test_two_nisbas_name_two_countries(build):
    article = build("وانطلقت مشاورات روسية أميركية حول التهدئة.", [], resolve=False)
    runs = nisba_runs(article, knowledge())
    assert [[m.country for m in run] for run in runs] == [["RUS", "USA"]]
    assert [article.text[m.start : m.end] for m in runs[0]] == ["روسية", "أميركية"]


def test_single_nisba_is_no_pair(build):
    article = build("وقالت مصادر روسية إن الاتفاق قريب.", [], resolve=False)
    assert nisba_runs(article, knowledge()) == []
    assert [m.country for m in nisba_mentions(article, knowledge())] == ["RUS"]


@pytest.mark.parametrize(("text", "name", "role"), [
    ("وقال وزير الخارجية القطري حمد العلي إن الوساطة مستمرة.", "حمد العلي", "وزير الخارجية القطري"),
    ("وقال حمد العلي، وزير الخارجية القطري، إن الوساطة مستمرة.", "حمد العلي", "وزير الخارجية القطري"),
    ("وقال محامي الرئيس الأميركي جيم كار إن موكله بريء.", "جيم كار", "الرئيس الأميركي"),
])
def test_role_text(build, actor_of, text, name, role):
    assert actor_of(build(text, [(name, "PER")]), name).role == role


@pytest.mark.parametrize(("text", "spans", "name", "expected"), [
    # a case named after the title (a hashtag, unknown words) stays inside the title phrase
    ("وقال المحقق الأميركي الخاص في قضية #تمويل_الحملة، جون هارت، إن التحقيق مستمر.",
     [("جون هارت", "PER")], "جون هارت", ("USA", "JUD")),
    # a hashtag mark made the tagger cut the name in two: the title is the whole name's
    ("وقال المحقق الأميركي الخاص جون #هارت إن التحقيق مستمر.",
     [("جون", "PER"), ("هارت", "PER")], "هارت", ("USA", "JUD")),
    # a relational title in the construct state names the person after the comma
    ("والتقى محامي الرئيس الفرنسي جان مارتان، بيير دوبون، بالصحفيين.",
     [("جان مارتان", "PER"), ("بيير دوبون", "PER")], "بيير دوبون", ("FRA", "CVL")),
    ("والتقى محامي الرئيس الفرنسي جان مارتان، بيير دوبون، بالصحفيين.",
     [("جان مارتان", "PER"), ("بيير دوبون", "PER")], "جان مارتان", ("FRA", "GOV")),
    # a definite title before another person is that person's own, not the next name's
    ("واستقبل الرئيس الفرنسي جان مارتان، بيير دوبون، في القصر.",
     [("جان مارتان", "PER"), ("بيير دوبون", "PER")], "بيير دوبون", (None, None)),
    # a title leading into the next person is not an apposition of the name before it
    ("وطالب جون هارت، محامي الرئيس الفرنسي جان مارتان، بيير دوبون، بالحضور.",
     [("جون هارت", "PER"), ("جان مارتان", "PER"), ("بيير دوبون", "PER")], "جون هارت", (None, None)),
])
def test_title_reach(build, actor_of, text, spans, name, expected):
    actor = actor_of(build(text, spans), name)
    assert (actor.country, actor.sector) == expected


def test_split_name_gets_whole_name(build, actor_of):
    article = build("وقال المحقق الأميركي الخاص جون #هارت إن التحقيق مستمر.", [("جون", "PER"), ("هارت", "PER")])
    assert actor_of(article, "هارت").name == "جون هارت"


@pytest.mark.parametrize(("text", "name", "expected"), [
    # the leader cue may stand before words describing the leader
    ("وتحالف مع حزب «النهضة» العراقي الذي يرأسه رجل الأعمال البارز كريم الساعدي.", "كريم الساعدي", ("IRQ", "PTY")),
    # a former office yields to the body led now
    ("وتحالف مع حزب «النهضة» العراقي الذي يرأسه وزير الدفاع السابق كريم الساعدي.", "كريم الساعدي", ("IRQ", "PTY")),
    # a current office stays (its title names no country: the rules leave it to the learned step)
    ("وتحالف مع حزب «النهضة» العراقي الذي يرأسه وزير الدفاع كريم الساعدي.", "كريم الساعدي", (None, "MIL")),
    # a comma ends the reach of the cue
    ("وتحالف مع حزب «النهضة» الذي يرأسه أخوه، وزير الدفاع السابق كريم الساعدي.", "كريم الساعدي", (None, "MIL")),
])
def test_leader_reach(build, actor_of, text, name, expected):
    actor = actor_of(build(text, [(name, "PER")]), name)
    assert (actor.country, actor.sector) == expected


@pytest.mark.parametrize(("text", "spans", "name", "sector"), [
    # a body named through a naming verb after its type word
    ("وتعاونت الجمعية مع منظمة صغيرة، تسمى (غد أخضر)، في جمع التبرعات.", [("غد أخضر", "ORG")], "غد أخضر", "CVL"),
    ("وتعاونت الجمعية مع حزب جديد يدعى «غد أخضر» في الانتخابات.", [("غد أخضر", "ORG")], "غد أخضر", "PTY"),
    # without a type word the naming verb says nothing
    ("وتعاونت الجمعية مع جهة تسمى (غد أخضر) في جمع التبرعات.", [("غد أخضر", "ORG")], "غد أخضر", None),
    # a product of a known medium speaks for it
    ("ويمكنكم متابعة الأخبار على تطبيق بي بي سي في هواتفكم.", [("تطبيق بي بي سي", "ORG")], "تطبيق بي بي سي", "MED"),
])
def test_body_type_reach(build, actor_of, text, spans, name, sector):
    assert actor_of(build(text, spans), name).sector == sector


def test_latin_gloss_is_the_same_body(build, actor_of):
    text = "وغرمت جمعية (غد أخضر - Green Tomorrow) ألف جنيه."
    article = build(text, [("غد أخضر", "ORG"), ("Green Tomorrow", "ORG")])
    gloss, name = actor_of(article, "Green Tomorrow"), actor_of(article, "غد أخضر")
    assert gloss.sector == name.sector == "CVL"
    assert gloss.name == name.name == "غد أخضر"


@pytest.mark.parametrize(("text", "expected"), [
    ("والتقى حليف الرئيس الفرنسي جان مارتان، بيير دوبون، بالصحفيين.", ("FRA", None)),
    ("والتقى بيير دوبون بالصحفيين.", (None, None)),  # no title: no country guessed
])
def test_ally_shares_country(build, actor_of, text, expected):
    spans = [(n, "PER") for n in ("جان مارتان", "بيير دوبون") if n in text]
    actor = actor_of(build(text, spans), "بيير دوبون")
    assert (actor.country, actor.sector) == expected
