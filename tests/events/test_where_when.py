"""Where (a place after a locative, a facility with its name) and when (relative words,
weekdays, explicit dates in both month series) against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from rasd.events.view import sentence_view
from rasd.events.when import event_date, explicit_date, resolve
from rasd.events.where import event_location
from rasd.model import Article, Metadata
from rasd.text import split_sentences, tokenize

PUBLISHED = "2016-07-21"  # a Thursday


def _view(sentence: str, published: str | None = PUBLISHED):
    article = Article(text=sentence, meta=Metadata(published=published))
    article.sentences = split_sentences(sentence)
    article.tokens = tokenize(sentence)
    return article, sentence_view(article, 0, article.tokens, [], [])


def _location(sentence: str, type_: str):
    """The place of the lexicon's first trigger of the type (where.py alone, no model)."""
    article, view = _view(sentence)
    match = next(m for m in view.lexicon if m is not None and m.entry.type == type_)
    return article, event_location(view, match)


def _date(sentence: str, published: str | None = PUBLISHED) -> str | None:
    _, view = _view(sentence, published)
    return event_date(sentence, view.forms, published)


@pytest.mark.parametrize("sentence, type_, place, country", [
    ("اجتمع الوزيران في جنيف لبحث الأزمة.", "CONSULT", "جنيف", "CHE"),
    ("قصفت الطائرات مواقع في حلب أمس.", "ASSAULT", "حلب", "SYR"),
    ("التقى الوزراء في قاعدة «النخيل» الجوية قرب المدينة.", "CONSULT", "قاعدة «النخيل» الجوية", None),
])
def test_location(sentence, type_, place, country):
    article, location = _location(sentence, type_)
    assert location is not None and article.span_text(location) == place
    if country is not None:
        assert location.country == country


@pytest.mark.parametrize("sentence, type_, iso", [
    ("قصفت الطائرات مواقع المسلحين أمس.", "ASSAULT", "2016-07-20"),
    ("ومساء أمس اجتمع الوزيران في القاهرة.", "CONSULT", "2016-07-20"),
    ("اجتمع الوزيران اليوم في القاهرة.", "CONSULT", "2016-07-21"),
    ("اجتمع الوزيران أول أمس في القاهرة.", "CONSULT", "2016-07-19"),
    ("اجتمع الوزيران الأسبوع الماضي في القاهرة.", "CONSULT", "2016-07-14"),
    ("اجتمع الوزيران يوم الاثنين في القاهرة.", "CONSULT", "2016-07-18"),
    ("اجتمع الوزيران في 3 تموز في القاهرة.", "CONSULT", "2016-07-03"),
    ("اجتمع الوزيران في 3 يوليو 2015 في القاهرة.", "CONSULT", "2015-07-03"),
    ("اجتمع الوزيران في 27 كانون الأول في القاهرة.", "CONSULT", "2015-12-27"),
])
def test_date(sentence, type_, iso):
    assert _date(sentence) == iso


def test_no_date_without_a_time_word():
    assert _date("اجتمع الوزيران في القاهرة.") is None


def test_relative_words_need_a_publication_date():
    assert _date("قصفت الطائرات مواقع المسلحين أمس.", None) is None


@pytest.mark.parametrize("unit, offset, iso", [
    ("day", -1, "2016-07-20"), ("week", -1, "2016-07-14"), ("month", -1, "2016-06"),
    ("month", -7, "2015-12"), ("year", -1, "2015"), ("weekday", 3, "2016-07-21"), ("weekday", 4, "2016-07-15"),
])
def test_resolve(unit, offset, iso):
    assert resolve(unit, offset, date(2016, 7, 21)) == iso


def test_explicit_date_with_arabic_digits():
    assert explicit_date("في ٥ آذار ٢٠١٧", None) == "2017-03-05"


def test_a_visit_takes_place_where_it_goes():
    article, location = _location("وتأتي الزيارة الثالثة لرئيس الوزراء الهندي إلى طوكيو خلال عام.", "CONSULT")
    assert article.span_text(location) == "طوكيو" and location.country == "JPN"


def test_a_destination_is_no_place_for_other_acts():
    _, location = _location("أرسلت السعودية مساعدات إلى اليمن.", "AID")
    assert location is None
