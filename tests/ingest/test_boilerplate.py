from __future__ import annotations

import pytest

from rasd.errors import Code, RasdError
from rasd.ingest.boilerplate import clean_lines, fold, is_boilerplate, make_rule, rules


@pytest.mark.parametrize(
    "line",
    ["زر الذهاب إلى الأعلى", "شارك", "طباعة", "اقرأ أيضا", "اقرأ أيضاً:", "إقرأ أيضا: عنوان خبر آخر",
     "جميع الحقوق محفوظة © 2020", "فيسبوك تويتر واتساب", "Facebook | Twitter", "الرئيسية > أخبار > محليات",
     "  شارك  "],
)
def test_boilerplate_anywhere(line: str) -> None:
    assert is_boilerplate(line, ("any", "lead"))


@pytest.mark.parametrize(
    "line",
    ["شارك مئات المتطوعين في الحملة.", "وقال الوزير إن الحقوق يجب أن تحفظ.", "صحيفة الوطن",
     "اقرأ الخبر كاملاً في العدد القادم من المجلة الشهرية للنقابة", "https://example.org/jobs", ""],
)
def test_not_boilerplate_anywhere(line: str) -> None:
    assert not is_boilerplate(line)


def test_tail_rules_only_at_the_end() -> None:
    lines = ["صحيفة الوطن", "نص الخبر.", "", "صحيفة الوطن", "زر الذهاب إلى الأعلى", ""]
    assert clean_lines(lines) == ["صحيفة الوطن", "نص الخبر."]


def test_blank_lines_inside_are_kept() -> None:
    assert clean_lines(["أ.", "", "ب."]) == ["أ.", "", "ب."]


@pytest.mark.parametrize(("line", "folded"), [("  اقرأ   أيضاً: ", "اقرا ايضا"), ("إلى الأعلى…", "الى الاعلى")])
def test_fold(line: str, folded: str) -> None:
    assert fold(line) == folded


def test_rules_load() -> None:
    assert len(rules()) > 20 and {r.scope for r in rules()} <= {"any", "head", "tail", "lead"}


@pytest.mark.parametrize(("scope", "kind", "pattern"), [("some", "line", "x"), ("any", "glob", "x"), ("any", "regex", "(")])
def test_bad_rule_is_e015(scope: str, kind: str, pattern: str) -> None:
    with pytest.raises(RasdError) as caught:
        make_rule(scope, kind, pattern)
    assert caught.value.code is Code.E015_BAD_DATA_FILE


TEASER_BODY = "وأضاف المتحدث أن الوفد سيعود إلى العاصمة مساء الغد بعد انتهاء جولة المباحثات الثانية مع الجانب الآخر."


@pytest.mark.parametrize("teaser", ["اقرأ أيضاً:", "أقرأ أيضا", "أخبار ذات صلة", "الأكثر قراءة"])
def test_teaser_heading_goes_with_its_headlines(teaser: str) -> None:
    lines = ["نص الخبر الأول.", teaser, "الحكومة تقر موازنة العام المقبل", "هل تنجح المفاوضات؟", TEASER_BODY]
    assert clean_lines(lines) == ["نص الخبر الأول.", TEASER_BODY]


def test_teaser_takes_at_most_a_few_headlines_and_stops_at_a_blank() -> None:
    heads = ["عنوان أول", "عنوان ثان", "عنوان ثالث", "عنوان رابع"]
    assert clean_lines(["نص.", "اقرأ أيضا:", *heads]) == ["نص.", "عنوان رابع"]
    assert clean_lines(["نص.", "اقرأ أيضا:", "", "عنوان فرعي", "نص."]) == ["نص.", "", "عنوان فرعي", "نص."]


def test_a_long_line_is_never_boilerplate() -> None:
    from rasd.ingest.boilerplate import is_boilerplate

    notice = "جميع حقوق النشر محفوظة"
    article_line = "قال وزير الاقتصاد إن الحكومة ستدعم المصانع الصغيرة هذا العام. " * 10 + notice
    assert is_boilerplate(notice)
    assert not is_boilerplate(article_line)
