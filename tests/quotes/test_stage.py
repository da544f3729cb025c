"""The quotation stage on hand-written sentences, one construction per case."""

from __future__ import annotations

import pytest

from rasd.model import Quote


def _only(article, quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [article.span_text(q.content) for q in quotes]
    return quotes[0]


def _speaker(article, quote: Quote) -> str | None:
    return article.span_text(quote.speaker) if quote.speaker else None


@pytest.mark.parametrize(("text", "content", "speaker", "kind"), [
    # direct, colon, VSO with a title between the verb and the name
    ("وقال وزير المالية المغربي سعيد بنعلي: «سنخفض الضرائب على الشركات الصغيرة».",
     "سنخفض الضرائب على الشركات الصغيرة", "وزير المالية المغربي سعيد بنعلي", "direct"),
    # indirect after أن, with the cue carrying و
    ("وأكد رئيس البلدية أن أعمال الصيانة ستنتهي قبل الشتاء.",
     "أن أعمال الصيانة ستنتهي قبل الشتاء", "رئيس البلدية", "indirect"),
    # اعتبر ... أن, a comma-delimited apposition and a weekday in between
    ("اعتبر النائب خالد حمدان، رئيس لجنة الطاقة، الثلاثاء، أن الأسعار مرتفعة جدا.",
     "أن الأسعار مرتفعة جدا", "النائب خالد حمدان", "indirect"),
    # نفى ... أن
    ("ونفى المتحدث باسم الشركة أن تكون المصانع قد توقفت عن العمل.",
     "أن تكون المصانع قد توقفت عن العمل", "المتحدث باسم الشركة", "indirect"),
    # an institution as the speaker, feminine verb
    ("وأعلنت وزارة الصحة أن عدد الإصابات تراجع هذا الأسبوع.",
     "أن عدد الإصابات تراجع هذا الأسبوع", "وزارة الصحة", "indirect"),
    # SVO: the subject before the cue
    ("والوزارة أكدت أن المدارس ستفتح أبوابها في موعدها.",
     "أن المدارس ستفتح أبوابها في موعدها", None, "indirect"),
    # mixed: indirect speech with a quoted fragment
    ("وقال المدير إن المشروع \"يسير وفق الخطة\" رغم التأخير في التمويل.",
     "إن المشروع \"يسير وفق الخطة\" رغم التأخير في التمويل", "المدير", "mixed"),
    # a preposition the cue governs opens the content
    ("وشدد المدرب على ضرورة الالتزام بالتمارين اليومية.",
     "على ضرورة الالتزام بالتمارين اليومية", "المدرب", "indirect"),
])
def test_one_quotation(read_quotes, text, content, speaker, kind):
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert article.span_text(quote.content) == content
    assert quote.kind == kind
    if speaker is not None:
        assert _speaker(article, quote) == speaker


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # a headline: name, colon, quotation
    ("الكرملين: «لا نية لدينا لتصعيد الموقف»\nوتتواصل الاتصالات بين العاصمتين.",
     "لا نية لدينا لتصعيد الموقف", "الكرملين"),
    # a partial quotation in a headline, after a cue
    ("الحكومة تتعهد «بإصلاح شامل للقطاع العام» خلال عامين\nأعلنت الحكومة خطتها أمس.",
     "بإصلاح شامل للقطاع العام", "الحكومة"),
    # the cue after the quotation
    ("«لن نقبل بأي تسوية على حساب شعبنا»، قال رئيس الوفد المفاوض.",
     "لن نقبل بأي تسوية على حساب شعبنا", "رئيس الوفد المفاوض"),
])
def test_quotations_outside_the_cue_first_order(read_quotes, text, content, speaker):
    article, quotes = read_quotes(text)
    quote = quotes[0]
    assert speaker in _speaker(article, quote)
    assert content in article.span_text(quote.content)


def test_svo_subject_is_found(read_quotes):
    article, quotes = read_quotes("والوزارة أكدت أن المدارس ستفتح أبوابها في موعدها.")
    assert _speaker(article, _only(article, quotes)) == "الوزارة"


@pytest.mark.parametrize("text", [
    # a title in quotation marks used as a name
    "وشارك الوفد في اجتماع «مجموعة أصدقاء البحر» الذي عقد في المدينة أمس.",
    # a scare-quoted single word
    "ووصف المقال الخطة \"الشاملة\" للحكومة دون أن يذكر تفاصيلها.",
    # a heading in quotation marks on its own line
    "\"موجة حر\"\nارتفعت درجات الحرارة في المدينة.",
    # بعد أن is a time clause, not reported speech
    "وصل الوزير إلى المطار بعد أن أنهى زيارته للعاصمة.",
    # "according to" something that is not a source
    "وأقيم الاحتفال في الذكرى السبعين للتأسيس بحسب التقويم الهجري.",
    # a frame verb without a subject is no speech: لافتات كتب عليها "..."
    "ورفع المشاركون لافتات كتب عليها \"لا للحرب\" في الساحة.",
    # a question: أم أن is "or is it that"
    "هل يضيف الفريق لقبا جديدا أم أن الوقت حان لمنافسه؟",
])
def test_not_a_quotation(read_quotes, text):
    article, quotes = read_quotes(text)
    assert quotes == [], [article.span_text(q.content) for q in quotes]


def test_dropped_subject_continues_the_last_speaker(read_quotes):
    text = ("وقال وزير الزراعة حسن يوسف: «سندعم المزارعين». "
            "وأضاف: «سنوفر البذور بأسعار مناسبة».")
    article, quotes = read_quotes(text)
    assert [_speaker(article, q) for q in quotes] == ["وزير الزراعة حسن يوسف"] * 2
    assert article.span_text(quotes[1].cue) == "أضاف"


def test_feminine_cue_skips_a_masculine_speaker(read_quotes):
    text = ("وقالت المتحدثة باسم الوزارة إن الاجتماع انتهى. "
            "وقال السفير إن بلاده راضية. "
            "وأوضحت أن اجتماعا آخر سيعقد الأسبوع المقبل.")
    article, quotes = read_quotes(text)
    assert _speaker(article, quotes[-1]) == "المتحدثة باسم الوزارة"


@pytest.mark.parametrize(("text", "speaker", "anonymous"), [
    ("وقال مصدر أمني مطلع إن الحدود أغلقت مساء أمس.", "مصدر أمني مطلع", True),
    ("وأكد مسؤول فرنسي أن المفاوضات ستستأنف قريبا.", "مسؤول فرنسي", True),
    ("وأكد الوزير الفرنسي أن المفاوضات ستستأنف قريبا.", "الوزير الفرنسي", False),
])
def test_anonymous_sources(read_quotes, text, speaker, anonymous):
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert _speaker(article, quote) == speaker
    assert quote.speaker.anonymous is anonymous


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("وبحسب بيان أصدره الجيش، فقد سقطت القذائف على منطقة خالية.",
     "فقد سقطت القذائف على منطقة خالية", "الجيش"),
    ("وأغلقت المحال التجارية أبوابها في وسط المدينة، وفق بيان للبلدية.",
     "أغلقت المحال التجارية أبوابها في وسط المدينة", "بلدية"),
])
def test_attribution_without_a_verb(read_quotes, text, content, speaker):
    """Attribution markers with a source that is not a medium."""
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert article.span_text(quote.content) == content
    assert speaker in _speaker(article, quote)


def test_quotation_across_sentences(read_quotes):
    text = "وقال الوزير: «انتهينا من المرحلة الأولى. وسنبدأ الثانية غدا». وغادر القاعة."
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert article.span_text(quote.content) == "انتهينا من المرحلة الأولى. وسنبدأ الثانية غدا"


def test_offsets_and_ids_are_stable(read_quotes):
    text = "وقال الوزير: «نعم للحوار». وأكد السفير أن الزيارة ناجحة."
    article, first = read_quotes(text)
    _, second = read_quotes(text)
    assert first == second
    assert [q.id for q in first] == ["q1", "q2"]
    for quote in first:
        assert 0 <= quote.content.start < quote.content.end <= len(text)


def test_a_name_like_van_is_no_complementiser(read_quotes):
    article, quotes = read_quotes("وقال فان دورن لصحيفة «الرأي» إنه سعيد بالقرار.")
    quote = _only(article, quotes)
    assert _speaker(article, quote) == "فان دورن"
    assert article.span_text(quote.content) == "إنه سعيد بالقرار"


def test_a_quoted_name_before_the_clause_is_no_quotation(read_quotes):
    text = "وأكدت المصادر، في تصريح نقله موقع الجيش \"درع نت\"، أن المعارك توقفت."
    article, quotes = read_quotes(text)
    assert article.span_text(_only(article, quotes).content) == "أن المعارك توقفت"


@pytest.mark.parametrize("text", [
    "",
    "«««",
    "قال",
    "وقال الوزير: «",
    "وقال الوزير إن",
    "» قال الوزير «",
    "\"\"\"",
    "وقال: " + "كلمة " * 3000,
])
def test_odd_inputs_do_not_break_the_stage(read_quotes, text):
    article, quotes = read_quotes(text)
    for quote in quotes:
        assert 0 <= quote.content.start <= quote.content.end <= len(text)


def test_parenthetical_attribution_covers_the_whole_clause(read_quotes):
    text = "واتفق الجانبان، بحسب بيان للرئاسة، على استئناف المفاوضات الشهر المقبل."
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert article.span_text(quote.content).endswith("على استئناف المفاوضات الشهر المقبل")
    assert "رئاسة" in _speaker(article, quote)


def test_claim_credited_to_a_medium_alone(read_quotes):
    article, quotes = read_quotes("وارتفع عدد الضحايا إلى عشرين، بحسب وكالة «الأناضول».")
    quote = _only(article, quotes)
    assert quote.speaker is None
    assert [article.span_text(v) for v in quote.via] == ["الأناضول"]
    assert article.span_text(quote.content) == "ارتفع عدد الضحايا إلى عشرين"


def test_relayed_quotation_without_a_cue(read_quotes):
    text = "ونقلت وكالة «الأناضول» عن وزير الخارجية ردا على سؤال \"لن نتخلى عن حلفائنا\"."
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert _speaker(article, quote) == "وزير الخارجية"
    assert article.span_text(quote.content) == "لن نتخلى عن حلفائنا"
