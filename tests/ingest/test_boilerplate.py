from __future__ import annotations

import pytest

from rasd.errors import Code, RasdError
from rasd.ingest.boilerplate import clean_lines, fold, is_boilerplate, make_rule, rules


@pytest.mark.parametrize(
    "line",
    ["زر الذهاب إلى الأعلى", "شارك", "طباعة", "اقرأ أيضا", "اقرأ أيضاً:", "إقرأ أيضا: عنوان خبر آخر",
     "جميع الحقوق محفوظة © 2020", "فيسبوك تويتر واتساب", "Facebook | Twitter", "الرئيسية > أخبار > محليات",
     "https://example.org/news/1", "  شارك  "],
)
def test_boilerplate_anywhere(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["شارك مئات المتطوعين في الحملة.", "وقال الوزير إن الحقوق يجب أن تحفظ.", "صحيفة الوطن",
     "اقرأ الخبر كاملاً في العدد القادم من المجلة الشهرية للنقابة", ""],
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
    assert len(rules()) > 20 and {r.scope for r in rules()} <= {"any", "head", "tail"}


@pytest.mark.parametrize(("scope", "kind", "pattern"), [("some", "line", "x"), ("any", "glob", "x"), ("any", "regex", "(")])
def test_bad_rule_is_e015(scope: str, kind: str, pattern: str) -> None:
    with pytest.raises(RasdError) as caught:
        make_rule(scope, kind, pattern)
    assert caught.value.code is Code.E015_BAD_DATA_FILE
