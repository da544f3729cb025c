"""Speaker attribution: full mentions for short ones, recovered subjects, agreement."""

from __future__ import annotations

import pytest


def _speakers(article, quotes) -> list[str | None]:
    return [article.span_text(q.speaker) if q.speaker else None for q in quotes]


def test_title_only_mention_resolves_to_the_apposed_name(read_quotes):
    text = ("التقى الوفد مستشار الرئيس التونسي للشؤون الاقتصادية، كريم بلحاج، في العاصمة. "
            "وقال مستشار الرئيس إن المحادثات كانت مثمرة.")
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["كريم بلحاج"]


def test_name_then_title_apposition(read_quotes):
    text = ("وصل سمير حداد، وزير الري الأردني، إلى القاهرة أمس. "
            "وأكد وزير الري أن التعاون المائي سيتوسع.")
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["سمير حداد"]


def test_definite_noun_refers_back_to_the_fuller_mention(read_quotes):
    text = ("وقال تقرير أعدته هيئة الرقابة إن الإنفاق تجاوز الميزانية. "
            "وأضاف التقرير أن الهيئة طلبت توضيحات.")
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["تقرير أعدته هيئة الرقابة"] * 2


def test_subject_before_qad(read_quotes):
    article, quotes = read_quotes("وكان البنك المركزي قد أعلن أن الفائدة لن تتغير هذا العام.")
    assert _speakers(article, quotes) == ["البنك المركزي"]


def test_relative_clause_subject(read_quotes):
    article, quotes = read_quotes("ورد على أحد المشاركين الذي قال إن الخطة غير واقعية.")
    assert _speakers(article, quotes) == ["أحد المشاركين"]


def test_participle_takes_the_subject_of_the_sentence(read_quotes):
    text = "وعلق رئيس النقابة على القرار، قائلا: «هذا يوم حزين للعمال»."
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["رئيس النقابة"]


def test_participle_after_a_quote_keeps_its_speaker(read_quotes):
    text = "وقال السفير إن العلاقات ممتازة، مشيرا إلى أن الزيارة المقبلة ستكون في الخريف."
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["السفير", "السفير"]
    assert article.span_text(quotes[0].content) == "إن العلاقات ممتازة"


def test_titled_person_of_the_sentence(read_quotes):
    text = "وجاء ذلك بعد أن عرض رئيس الوزراء الكندي جان مارتان، أمس، الخطة، ليؤكد أن التنفيذ سيبدأ قريبا."
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["رئيس الوزراء الكندي جان مارتان"]


def test_relayed_statement_names_its_source(read_quotes):
    text = "وبحسب ما نقلت وكالة «الأناضول» عن المتحدث باسم الوزارة، فقد وصلت المساعدات إلى المدينة."
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["المتحدث باسم الوزارة"]
    assert [article.span_text(v) for v in quotes[0].via] == ["الأناضول"]


@pytest.mark.parametrize(("text", "speaker"), [
    # the first person: أعتبر is "I consider", not the cue اعتبر
    ("وقال الوزير: «أعتبر أن المرحلة صعبة».", "الوزير"),
    # آن is a name, not أن
    ("ورحبت آن مارتن بالقرار، وقالت إنها سعيدة.", "آن مارتن"),
])
def test_lookalikes_are_not_cues(read_quotes, text, speaker):
    article, quotes = read_quotes(text)
    assert len(quotes) == 1
    assert _speakers(article, quotes) == [speaker]


def test_statements_given_in_an_interview_carry_that_medium(read_quotes):
    text = ("وجاءت تصريحات الوزير سالم النعيمي في مقابلة مع صحيفة «الشرق» المحلية. "
            "وقال النعيمي إن الموازنة ستعرض على البرلمان.")
    article, quotes = read_quotes(text)
    assert [[article.span_text(v) for v in q.via] for q in quotes] == [["الشرق"]]


def test_continuation_keeps_the_agency_but_not_the_channel(read_quotes):
    text = ("وقال الوزير لوكالة «رويترز» إن الاتفاق جاهز. وأضاف أن التوقيع سيكون الأسبوع المقبل. "
            "وكتب الوزير عبر «تويتر»: «شكرا للجميع». وأضاف: «نلتقي قريبا».")
    article, quotes = read_quotes(text)
    assert [[article.span_text(v) for v in q.via] for q in quotes] == [["رويترز"], ["رويترز"], ["تويتر"], []]


def test_dropped_subject_inside_a_quotation_is_not_the_quoted_speaker(read_quotes):
    text = "وقال اللاعب: «اتصلت بأمي، وقالت إنها فخورة بي»."
    article, quotes = read_quotes(text)
    nested = [q for q in quotes if article.span_text(q.content).startswith("إنها")]
    assert len(nested) == 1 and nested[0].speaker is None


def test_a_plural_verb_does_not_take_a_run_with_a_verb_as_subject(read_quotes):
    text = "ونشر ناشطون مقاطع تناقلوا صورها قالوا إنها من الحفل."
    article, quotes = read_quotes(text)
    assert all(_speakers(article, [q]) != ["تناقلوا صورها"] for q in quotes)


def test_a_named_speaker_is_not_replaced_by_a_title(read_quotes):
    text = ("وأشاد ولي العهد الأردني، الأمير حسين بن عبدالله، بالمبادرة. "
            "ونقلت وكالة «بترا» تصريحات الأمير حسين، إذ قال: «نحن فخورون بشبابنا».")
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["الأمير حسين"]


def test_a_relative_before_a_cue_with_its_object_is_not_the_subject(read_quotes):
    text = "وأشار المسؤول إلى السياسات الإقليمية التي وصفها بأنها \"خطيرة جدا\"."
    article, quotes = read_quotes(text)
    assert _speakers(article, quotes) == ["المسؤول", "المسؤول"]
    assert article.span_text(quotes[0].content) == "إلى السياسات الإقليمية"


@pytest.mark.parametrize("opener", ["من جهته", "من جانبه", "بدوره"])
def test_side_phrase_is_never_the_speaker(read_quotes, opener):
    text = f"وصل الوزير سمير حداد إلى القاهرة أمس. {opener} أكد أن التعاون المائي سيتوسع."
    article, quotes = read_quotes(text)
    speakers = _speakers(article, quotes)
    assert speakers and all(s is None or "جه" not in s and "جانب" not in s and "دور" not in s for s in speakers)
