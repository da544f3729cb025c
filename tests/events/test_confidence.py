"""Confidence rules that tell a reported act from one named in passing (confidence.py)."""

from __future__ import annotations

import pytest

from rasd.events.confidence import report_threshold


def _confidence(events_of, sentence: str, type_: str, trigger: str) -> float:
    article, events = events_of(sentence)
    found = [e.confidence for e in events if e.type == type_ and article.span_text(e.trigger) == trigger]
    return max(found, default=0.0)


@pytest.mark.parametrize("background, reported, trigger", [
    # a verb in a relative clause describes its antecedent
    ("الصحفي الذي اغتاله مجهولون في المدينة كان معروفا.", "الصحفي اغتاله مجهولون في المدينة وكان معروفا.", "اغتاله"),
    ("الزعيم والذي اغتالته الجماعة في المدينة كان معروفا.", "الزعيم اغتالته الجماعة في المدينة وكان معروفا.", "اغتالته"),
    # a bare verb form after a preposition is the verbal noun (إلى قتل), though أدى is a cue of result
    ("أدى ذلك إلى قتل ثلاثة رجال في السوق.", "قتل ثلاثة رجال في السوق.", "قتل"),
])
def test_background_verb_is_less_sure(events_of, background, reported, trigger):
    assert _confidence(events_of, background, "ASSAULT", trigger) < _confidence(events_of, reported, "ASSAULT", trigger)


@pytest.mark.parametrize("sentence, trigger", [
    ("تحدث الكاتب في مقاله عن اغتيال الزعيم.", "اغتيال"),
    ("اتهمت النيابة الرجل بتفجير سيارة قرب المحكمة.", "تفجير"),
    ("الخيار الآخر هو شن غارات على معسكرات المسلحين.", "غارات"),
    ("قال الوزير تعليقا على اغتيال النائب إن التحقيق مستمر.", "اغتيال"),
    ("وقصف الجيش القرية عام 1982 وقتل فيها العشرات.", "قصف"),
    ("وتراجعت الهجمات بالسيارات المفخخة بنسبة كبيرة.", "الهجمات"),
])
def test_an_act_named_in_passing_is_not_reported(events_of, sentence, trigger):
    assert _confidence(events_of, sentence, "ASSAULT", trigger) < report_threshold("ASSAULT")


@pytest.mark.parametrize("sentence, trigger", [
    ("قام مئات الطلاب في جامعة المدينة بالاحتجاج على رفع الرسوم.", "بالاحتجاج"),
    ("قام مئات من طلاب الجامعة الأهلية في ضواحي المدينة الساحلية بالاحتجاج على رفع الرسوم.", "بالاحتجاج"),
    ("اعتصم عشرات العمال أمام مقر الشركة مطالبين برواتبهم.", "اعتصم"),
])
def test_a_protest_predicated_is_reported(events_of, sentence, trigger):
    article, events = events_of(sentence)
    found = [e for e in events if e.type == "PROTEST" and trigger.endswith(article.span_text(e.trigger))]
    assert found and max(e.confidence for e in found) >= report_threshold("PROTEST")


@pytest.mark.parametrize("type_, anaphoric, introduced, trigger_given, trigger_new", [
    # participants named with the article were introduced before
    ("PROTEST", "وهتف المتظاهرون بشعارات ضد الوزير أمام المبنى.", "وهتف متظاهرون بشعارات ضد الوزير أمام المبنى.",
     "هتف", "هتف"),
    # so was an act named with the article
    ("ASSAULT", "وأسفر الهجوم عن مقتل خمسة جنود قرب الحدود.", "وأسفر هجوم عن مقتل خمسة جنود قرب الحدود.",
     "الهجوم", "هجوم"),
])
def test_what_was_named_before_adds_detail(events_of, type_, anaphoric, introduced, trigger_given, trigger_new):
    assert _confidence(events_of, anaphoric, type_, trigger_given) < _confidence(events_of, introduced, type_, trigger_new)


@pytest.mark.parametrize("sentence, trigger", [
    ("تحدث التقرير عن الهجمات المفترضة على المدينة.", "الهجمات"),
    ("ولم يكن لمنفذ الهجوم أي سوابق لدى الشرطة.", "الهجوم"),
])
def test_an_alleged_act_or_its_doer_is_no_report(events_of, sentence, trigger):
    assert _confidence(events_of, sentence, "ASSAULT", trigger) < report_threshold("ASSAULT")


def test_a_participle_with_the_article_describes_a_noun(events_of):
    article, events = events_of("أطلقت الحملة الداعية إلى المقاطعة موقعا جديدا.")
    assert "الداعية" not in {article.span_text(e.trigger) for e in events if e.type == "REQUEST"}


def test_protests_that_set_out_are_reported(events_of):
    sentence = "وانطلقت مظاهرات غاضبة في المدينة الساحلية."
    assert _confidence(events_of, sentence, "PROTEST", "مظاهرات") >= report_threshold("PROTEST")


def test_a_governor_with_a_clitic_still_governs(events_of):
    assert _confidence(events_of, "وكان لمنفذ هجوم الأمس سوابق كثيرة.", "ASSAULT", "هجوم") \
        < _confidence(events_of, "وكان هجوم الأمس مفاجئا للجميع.", "ASSAULT", "هجوم")


def test_a_governed_verbal_noun_with_the_article_is_an_infinitive_not_a_known_act(events_of):
    # في التوصل: the article on a verbal noun after a preposition says nothing of the reader
    assert _confidence(events_of, "فشلت الحكومة في التوصل إلى اتفاق مع النقابات.", "AGREE", "التوصل") \
        == _confidence(events_of, "فشلت الحكومة في توصل إلى اتفاق مع النقابات.", "AGREE", "توصل")
