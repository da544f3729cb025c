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
