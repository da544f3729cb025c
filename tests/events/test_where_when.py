"""Where (a place after a locative, a facility with its name) and when (relative words,
weekdays, explicit dates in both month series) against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from rasd.events.when import explicit_date, resolve

PUBLISHED = "2016-07-21"  # a Thursday


def _first(events, type_):
    return next(e for e in events if e.type == type_)


@pytest.mark.parametrize("sentence, type_, place, country", [
    ("اجتمع الوزيران في جنيف لبحث الأزمة.", "CONSULT", "جنيف", "CHE"),
    ("قصفت الطائرات مواقع في حلب أمس.", "ASSAULT", "حلب", "SYR"),
    ("التقى الوزراء في قاعدة «النخيل» الجوية قرب المدينة.", "CONSULT", "قاعدة «النخيل» الجوية", None),
])
def test_location(events_of, sentence, type_, place, country):
    article, events = events_of(sentence, PUBLISHED)
    location = _first(events, type_).location
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
def test_date(events_of, sentence, type_, iso):
    _, events = events_of(sentence, PUBLISHED)
    assert _first(events, type_).date == iso


def test_no_date_without_a_time_word(events_of):
    _, events = events_of("اجتمع الوزيران في القاهرة.", PUBLISHED)
    assert _first(events, "CONSULT").date is None


def test_relative_words_need_a_publication_date(events_of):
    _, events = events_of("قصفت الطائرات مواقع المسلحين أمس.", None)
    assert _first(events, "ASSAULT").date is None


@pytest.mark.parametrize("unit, offset, iso", [
    ("day", -1, "2016-07-20"), ("week", -1, "2016-07-14"), ("month", -1, "2016-06"),
    ("month", -7, "2015-12"), ("year", -1, "2015"), ("weekday", 3, "2016-07-21"), ("weekday", 4, "2016-07-15"),
])
def test_resolve(unit, offset, iso):
    assert resolve(unit, offset, date(2016, 7, 21)) == iso


def test_explicit_date_with_arabic_digits():
    assert explicit_date("في ٥ آذار ٢٠١٧", None) == "2017-03-05"


def test_a_visit_takes_place_where_it_goes(events_of):
    article, events = events_of("وتأتي الزيارة الثالثة لرئيس الوزراء الهندي إلى طوكيو خلال عام.", PUBLISHED)
    visit = _first(events, "CONSULT")
    assert article.span_text(visit.location) == "طوكيو" and visit.location.country == "JPN"


def test_a_destination_is_no_place_for_other_acts(events_of):
    article, events = events_of("أرسلت السعودية مساعدات إلى اليمن.", PUBLISHED)
    assert _first(events, "AID").location is None
