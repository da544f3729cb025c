"""Speakers and media linked to actors, and entities shaping speaker spans."""

from __future__ import annotations

import pytest

from rasd.model import Article, Entity
from rasd.pipeline import registered
from rasd.quotes.stage import find_quotes
from rasd.settings import Settings
from rasd.text import split_sentences, tokenize


def _article(text: str, spans: list[tuple[str, str, str | None]]) -> Article:
    article = Article(text=text)
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    for surface, kind, actor in spans:
        start = text.index(surface)
        article.entities.append(Entity(start, start + len(surface), kind, actor=actor))  # type: ignore[arg-type]
    return article


def test_speaker_and_via_take_the_actor_of_their_entity():
    text = "وقال وزير الصحة نبيل عودة لوكالة «رويترز» إن اللقاحات وصلت."
    article = _article(text, [("نبيل عودة", "PER", "a-odeh"), ("رويترز", "ORG", "a-reuters")])
    quote = find_quotes(article)[0]
    assert quote.speaker.actor == "a-odeh"
    assert [v.actor for v in quote.via] == ["a-reuters"]


def test_no_entity_no_actor():
    quote = find_quotes(_article("وقال الوزير إن اللقاحات وصلت.", []))[0]
    assert quote.speaker.actor is None


def test_a_person_entity_ends_the_subject():
    text = "ثم عرض الوزير سامي حداد الخطة، ليؤكد أن التنفيذ سيبدأ قريبا."
    article = _article(text, [("سامي حداد", "PER", None)])
    quote = find_quotes(article)[0]
    assert article.span_text(quote.speaker) == "الوزير سامي حداد"


def test_an_entity_keeps_a_name_that_looks_like_a_preposition():
    text = "وقال ميشيل بارو إن المعرض سيفتتح غدا."
    article = _article(text, [("ميشيل بارو", "PER", None)])
    assert article.span_text(find_quotes(article)[0].speaker) == "ميشيل بارو"


def test_anonymous_source_becomes_an_actor_when_the_actors_step_ran():
    if "actors" not in registered():
        pytest.skip("the actors step (rasd.actors) is not installed")
    text = "وأكد مصدر دبلوماسي روسي أن الاجتماع المقبل سيعقد في جنيف."
    article = _article(text, [("جنيف", "LOC", None)])
    settings = Settings()
    registered()["actors"].factory(settings)(article, settings)
    article.done.update({"entities", "actors"})
    quote = find_quotes(article)[0]
    assert quote.speaker.anonymous
    actor = next(a for a in article.actors if a.id == quote.speaker.actor)
    assert actor.country == "RUS"


@pytest.mark.parametrize("text, phrase, expected", [
    ("وقال متحدث باسم (فوت ليف) إن الحملة ستطعن.", "متحدث باسم (فوت ليف", "متحدث باسم (فوت ليف)"),
    ("وقال متحدث باسم (فوت ليف - Vote Leave) إن الحملة ستطعن.", "متحدث باسم (فوت ليف",
     "متحدث باسم (فوت ليف - Vote Leave)"),
    ("وقال رئيس حركة «كفاية» إن الحركة ستتظاهر.", "رئيس حركة «كفاية", "رئيس حركة «كفاية»"),
    ("وقال متحدث باسم الحكومة إن الوزير سيسافر.", "متحدث باسم الحكومة", "متحدث باسم الحكومة"),
    ("وقال متحدث (رفض ذكر اسمه لأنه غير مخول بالحديث إلى الصحافة) إن", "متحدث (رفض", "متحدث (رفض"),
])
def test_a_speaker_phrase_closes_the_mark_it_opens(text, phrase, expected):
    from rasd.quotes.linking import balanced_end

    start = text.index(phrase)
    assert text[start:balanced_end(text, start, start + len(phrase))] == expected


def test_a_name_after_a_country_speaker_is_another_actor():
    text = "واتهمت إيران الولايات المتحدة بأنها تدعم الإرهاب."
    article = _article(text, [("إيران", "LOC", None), ("الولايات المتحدة", "LOC", None)])
    quotes = find_quotes(article)
    assert quotes and article.span_text(quotes[0].speaker) == "إيران"


def test_what_chants_say_is_no_ones_quotation():
    text = "وتظاهر السكان أمام المبنى مرددين هتافات تطالب الحكومة بإيجاد حلول عاجلة."
    article = _article(text, [])
    assert find_quotes(article) == []
