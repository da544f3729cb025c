"""resolve_phrase: actors for spans that are not entities (anonymous sources, bodies)."""

from __future__ import annotations

import pytest

from rasd.actors.stage import resolve_phrase

TEXT = ("وقال وزير الخارجية الروسي أندريه سميرنوف إن الحوار مستمر في روسيا. "
        "وأكد مصدر دبلوماسي روسي أن اللقاء قريب، فيما قال مسؤول أميركي إن واشنطن تدرس العرض. "
        "وذكرت وزارة الخارجية في بيان أن الوفد غادر. وقال شاهد عيان إن الطريق مغلق.")


@pytest.fixture
def article(build):
    return build(TEXT, [("أندريه سميرنوف", "PER"), ("روسيا", "LOC"), ("واشنطن", "LOC")])


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize(("phrase", "kind", "country", "sector"), [
    ("مصدر دبلوماسي روسي", "person", "RUS", "GOV"),
    ("مسؤول أميركي", "person", "USA", "GOV"),
    ("وزارة الخارجية", "organization", "RUS", "GOV"),
])
def test_phrases_become_actors(article, phrase, kind, country, sector):
    before = len(article.actors)
    actor = resolve_phrase(article, *span(phrase))
    assert (actor.kind, actor.country, actor.sector) == (kind, country, sector)
    assert article.actors[-1] is actor and len(article.actors) == before + 1


def test_phrase_over_an_entity_reuses_its_actor(article):
    actor = resolve_phrase(article, *span("وزير الخارجية الروسي أندريه سميرنوف"))
    assert actor.name == "أندريه سميرنوف"
    assert len(article.actors) == 3


def test_same_phrase_twice_adds_one_actor(article):
    first = resolve_phrase(article, *span("مصدر دبلوماسي روسي"))
    again = resolve_phrase(article, *span("مصدر دبلوماسي روسي"))
    assert first is again and article.actors.count(first) == 1


def test_unrecognised_phrase_gives_none(article):
    assert resolve_phrase(article, *span("شاهد عيان")) is None


def test_phrase_with_a_body_and_a_person_names_the_person(build):
    text = "وقالت المتحدثة باسم الخارجية الروسية يلينا سوكولوفا إن الحوار مستمر."
    article = build(text, [("الخارجية الروسية", "ORG"), ("يلينا سوكولوفا", "PER")])
    start = text.index("المتحدثة")
    end = text.index(" إن")
    assert resolve_phrase(article, start, end).name == "يلينا سوكولوفا"


def test_title_and_missed_name_become_the_person(build):
    text = "وقال رئيس البرلمان الإيراني حسين رضائي إن الجلسة انتهت. وأضاف رضائي أن التصويت غدا."
    article = build(text, [("رضائي", "PER")])  # the tagger left out the first name
    span_start = text.index("رئيس")
    actor = resolve_phrase(article, span_start, text.index(" إن"))
    assert actor is article.actors[0]  # the article's own actor for him, reused
    assert actor.name == "حسين رضائي"
    assert (actor.country, actor.sector, actor.role) == ("IRN", "LEG", "رئيس البرلمان الإيراني")
    assert len(article.actors) == 1
    fresh = build(text, [])
    actor = resolve_phrase(fresh, span_start, text.index(" إن"))
    assert (actor.name, actor.country, actor.sector, actor.role) == ("حسين رضائي", "IRN", "LEG", "رئيس البرلمان الإيراني")


def test_phrase_completes_a_bare_person(build):
    text = "وأعلن المتحدث باسم الجيش الأردني ماجد الزعبي أن الحدود مغلقة. وأضاف الزعبي أن الوضع هادئ."
    article = build(text, [("الزعبي", "PER")])
    assert article.actors[0].role is None
    start = text.index("المتحدث")
    actor = resolve_phrase(article, start, text.index(" أن"))
    assert actor is article.actors[0]
    assert (actor.country, actor.sector, actor.role) == ("JOR", "MIL", "المتحدث باسم الجيش الأردني")
