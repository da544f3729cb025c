"""In-document coreference: short names, ministries, institutions without a country."""

from __future__ import annotations

import pytest

from rasd.actors.coref import coreference_groups
from rasd.actors.resolve import Candidate


def test_short_name_joins_full_mention(build, actor_of):
    text = ("وقال وزير الدفاع الأميركي روبرت كولمان إن القوات جاهزة. "
            "وأضاف كولمان أن الخطة تمضي. وذكرت ليلى فارس أن كولمان غادر.")
    article = build(text, [("روبرت كولمان", "PER"), ("كولمان", "PER"), ("ليلى فارس", "PER"), ("كولمان", "PER")])
    full, short, later = (actor_of(article, "روبرت كولمان"), actor_of(article, "كولمان"),
                          actor_of(article, "كولمان", 1))
    assert full.id == short.id == later.id
    assert (short.country, short.sector, short.name) == ("USA", "MIL", "روبرت كولمان")
    assert actor_of(article, "ليلى فارس").id != full.id


def test_short_name_before_full_mention(build, actor_of):
    text = "وصل المشير داود إلى المدينة. وكان المشير علي داود قد غاب أسابيع."
    article = build(text, [("داود", "PER"), ("علي داود", "PER")])
    assert actor_of(article, "داود").id == actor_of(article, "علي داود").id


def test_feminine_short_name(build, actor_of):
    text = "وقالت المتحدثة باسم الخارجية الروسية يلينا سوكولوفا إن الحوار مستمر. وأكدت سوكولوفا ذلك."
    article = build(text, [("يلينا سوكولوفا", "PER"), ("الخارجية الروسية", "ORG"), ("سوكولوفا", "PER")])
    short = actor_of(article, "سوكولوفا")
    assert short.id == actor_of(article, "يلينا سوكولوفا").id
    assert (short.country, short.sector) == ("RUS", "GOV")


def test_ministry_mentions_are_one_actor(build, actor_of):
    text = "وقالت وزارة الخارجية الروسية إن الوفد وصل. وأضافت الخارجية الروسية أن المحادثات بدأت."
    article = build(text, [("وزارة الخارجية الروسية", "ORG"), ("الخارجية الروسية", "ORG")])
    assert actor_of(article, "وزارة الخارجية الروسية").id == actor_of(article, "الخارجية الروسية").id
    assert len(article.actors) == 1


def test_institution_without_country_joins_one_with_it(build, actor_of):
    text = "وأوقفت الشرطة رجلين. وقالت الشرطة الفرنسية إنهما مطلوبان. وتحدث مسؤول في ألمانيا وألمانيا وألمانيا."
    spans = [("الشرطة", "ORG"), ("الشرطة الفرنسية", "ORG"), ("ألمانيا", "LOC"), ("ألمانيا", "LOC"), ("ألمانيا", "LOC")]
    article = build(text, spans)
    assert actor_of(article, "الشرطة").id == actor_of(article, "الشرطة الفرنسية").id
    assert actor_of(article, "الشرطة").country == "FRA"  # not the article's main country


@pytest.mark.parametrize(("names", "expected"), [
    (["جون سميث", "سميث"], [[0, 1]]),
    (["سميث", "جون سميث"], [[0, 1]]),
    (["جون سميث", "جون"], [[0, 1]]),
    (["جون سميث", "بيتر براون", "براون", "سميث"], [[0, 3], [1, 2]]),
    (["جون سميث", "ماري سميث", "سميث"], [[0], [1, 2]]),  # the nearest one before
])
def test_person_groups(names, expected):
    cands = [Candidate(n, "person") for n in names]
    assert coreference_groups(cands) == expected


def test_latin_gloss_is_the_same_body(build, actor_of):
    text = "وغرمت اللجنة جماعة (صوت الشباب - Youth Voice) مبلغا كبيرا في كندا."
    article = build(text, [("صوت الشباب", "ORG"), ("Youth Voice", "ORG"), ("كندا", "LOC")])
    assert actor_of(article, "Youth Voice").id == actor_of(article, "صوت الشباب").id


def test_bracketed_outlet_after_a_dateline_stays_apart(build, actor_of):
    text = "دبي، الإمارات العربية المتحدة (CNN)-- أعلن الوزير القرار."
    article = build(text, [("دبي", "LOC"), ("الإمارات العربية المتحدة", "LOC"), ("CNN", "ORG")])
    assert actor_of(article, "CNN").country == "USA"
