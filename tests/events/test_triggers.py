"""Each PLOVER type from its triggers, in verb and verbal-noun forms, and the false friends."""

from __future__ import annotations

import pytest

from rasd.events.triggers import lexicon, word_readings
from rasd.model import Article

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def _types(events) -> set[str]:
    return {e.type for e in events}


def _trigger_words(article: Article, events, type_: str) -> list[str]:
    return [article.span_text(e.trigger) for e in events if e.type == type_]


@pytest.mark.parametrize("type_", TYPES)
def test_every_type_has_triggers(type_):
    assert any(entry.type == type_ for entries in lexicon().values() for entry in entries)


@pytest.mark.parametrize("sentence, type_, trigger", [
    # the verb and its noun name one act: either may carry it
    ("وقعت مصر والأردن اتفاقية للتعاون في مجال الطاقة.", "AGREE", "اتفاقية"),
    ("اتفقت مصر والأردن على تبادل الخبرات في مجال الطاقة.", "AGREE", "اتفقت"),
    ("اجتمع وزير الخارجية المصري مع نظيره الأردني في عمان.", "CONSULT", "اجتمع"),
    ("أجرى الرئيس الفرنسي اتصالا هاتفيا مع المستشارة الألمانية.", "CONSULT", "اتصالا هاتفيا"),
    ("أشاد الرئيس التونسي بجهود الجزائر في حماية الحدود.", "SUPPORT", "أشاد"),
    ("أفرجت السلطات الإيرانية عن صحفي بريطاني.", "CONCEDE", "أفرجت"),
    ("اتفق البلدان على تعزيز التنسيق الأمني بينهما.", "COOPERATE", "التنسيق"),
    ("أرسلت السعودية مساعدات إنسانية إلى اليمن.", "AID", "مساعدات إنسانية"),
    ("انسحبت القوات التركية من المنطقة الحدودية.", "RETREAT", "انسحبت"),
    ("طالبت الجامعة العربية إسرائيل بالإفراج عن الأسرى.", "REQUEST", "طالبت"),
    ("اتهمت الحكومة العراقية تركيا بانتهاك سيادتها.", "ACCUSE", "اتهمت"),
    ("رفضت الحكومة اللبنانية الشروط الإسرائيلية.", "REJECT", "رفضت"),
    ("هددت كوريا الشمالية الولايات المتحدة بضربة نووية.", "THREATEN", "هددت"),
    ("تظاهر الآلاف في الرباط احتجاجا على ارتفاع الأسعار.", "PROTEST", "تظاهر"),
    ("فرض الاتحاد الأوروبي عقوبات جديدة على روسيا.", "SANCTION", "عقوبات"),
    ("حشدت إثيوبيا قواتها على الحدود مع إريتريا.", "MOBILIZE", "حشدت"),
    ("اعتقلت الشرطة التركية عشرات الصحفيين في إسطنبول.", "COERCE", "اعتقلت"),
    ("قصفت الطائرات السورية مواقع المعارضة في إدلب.", "ASSAULT", "قصفت"),
    ("شنت الطائرات الإسرائيلية غارات على قطاع غزة.", "ASSAULT", "غارات"),
    ("اندلعت اشتباكات عنيفة بين الجيش والمسلحين في بنغازي.", "ASSAULT", "اشتباكات"),
    ("قتل جندي أمس في انفجار عبوة ناسفة محلية الصنع زرعها مسلحون على الطريق.", "ASSAULT", "قتل"),
    ("أطلقت الطائرة المسيرة فجر أمس صاروخا على السيارة.", "ASSAULT", "أطلقت"),
    ("واعتدت الشرطة على المصلين بالضرب.", "ASSAULT", "اعتدت"),
    # a circumstantial participle of a speech act reports it like a verb
    ("وقدم الوزير وثائق إلى الصحيفة نافيا الحصول على أموال.", "REJECT", "نافيا"),
    ("وختم الرئيس كلمته شاكرا الجنود على تضحياتهم.", "SUPPORT", "شاكرا"),
    # the one blamed may stand between حمّل and the responsibility
    ("حمّل الرئيس الشيشاني رئيس الوزراء، فرنسا، مسؤولية الحادث.", "ACCUSE", "حمّل"),
])
def test_sentence_yields_type(events_of, sentence, type_, trigger):
    article, events = events_of(sentence)
    assert trigger in _trigger_words(article, events, type_)


@pytest.mark.parametrize("sentence, wanted, unwanted", [
    ("هاجم الوزير المعارضة في خطابه أمام البرلمان.", "ACCUSE", "ASSAULT"),
    ("شن النائب هجوما حادا على الحكومة في جلسة البرلمان.", "ACCUSE", "ASSAULT"),
    ("هاجم مسلحون حاجزا للجيش في سيناء.", "ASSAULT", "ACCUSE"),
    ("تواصل روسيا دعم الميليشيات المسلحة بالسلاح.", "AID", "SUPPORT"),
    ("أعلن الوزير دعم بلاده لقرار مجلس الأمن.", "SUPPORT", "AID"),
    ("اتهم التاجر منافسه باغتصاب حقه في السوق.", "ACCUSE", "ASSAULT"),
])
def test_sense_is_told_by_context(events_of, sentence, wanted, unwanted):
    _, events = events_of(sentence)
    assert wanted in _types(events) and unwanted not in _types(events)


@pytest.mark.parametrize("sentence", [
    "وقال إن لديه نقاط الحوار نفسها منذ سنوات.",
    "وعلى الطرفين أن يلتقيا في نقطة ما بين موقفيهما.",
])
def test_figures_of_speech_are_no_meeting(events_of, sentence):
    _, events = events_of(sentence)
    assert "CONSULT" not in _types(events)


@pytest.mark.parametrize("sentence, type_, present", [
    # allying needs a partner; alone تحالف names an alliance
    ("وتحالف الحزب مع حركة النهضة قبل الانتخابات.", "COOPERATE", True),
    ("وأظهرت النتائج تقدم تحالف الصدر في بغداد.", "COOPERATE", False),
    # calling someone a pejorative is an accusation
    ("ووصفت الحكومة المعارضين بأنهم مرتزقة يعملون لصالح الخارج.", "ACCUSE", True),
    ("وقال الوزير إن الوضع هادئ، واصفا المحتجين بأنهم متطرفون.", "ACCUSE", True),
    ("ووصف الطبيب الدواء للمريض بعد الفحص.", "ACCUSE", False),
    ("ووصفت الحكومة الاتفاق بأنه خطوة مهمة.", "ACCUSE", False),
    # an attack in words on a newspaper
    ("وشن الرئيس هجوما جديدا على الصحيفة، ووصف تقريرها بأنه مزيف.", "ASSAULT", False),
    # قاطع is also the adjective 'decisive'
    ("ونفى المتحدث الخبر بشكل قاطع.", "PROTEST", False),
    ("وقاطع الطلاب الامتحانات احتجاجا على الرسوم.", "PROTEST", True),
    # a word right after a number is the noun it counts
    ("وقال الوزير إن 1600 طالب لجوء سيبقون في البلاد.", "REQUEST", False),
])
def test_a_sense_needs_its_cue(events_of, sentence, type_, present):
    _, events = events_of(sentence)
    assert (type_ in _types(events)) is present


@pytest.mark.parametrize("sentence", [
    "نشرت الصحيفة مقالا عن الاقتصاد.",
    "صلى المؤمنون الفجر في المسجد.",
    "استيقظ الفلاح قبيل فجر الجمعة ليسقي أرضه.",
    "يتناول الكتاب تاريخ المدينة القديمة.",
    "فككت قوات الأمن عبوة ناسفة قرب السوق.",
    "غادر الوزير القاهرة متوجها إلى عمان.",  # leaving a city is a journey, not a withdrawal
    "ترك اللاعب النادي بعد موسم واحد.",
    "وتتنافس فرق كرة القدم على اللقب.",  # فرق: teams, not dispersing
    "وصلى في فجر الجمعة في المسجد الكبير.",  # فجر: dawn
    "ويعرض البرنامج يوميا في تمام الساعة الواحدة فجرا.",
    "وكان منذ صغره متشددا في تدينه.",  # تدين: religiosity, after a preposition
    "وقبل أن يصل عمره إلى عشرين سنة سافر.",  # an age reaching a number
    "وختم كلمته داعيا الله أن يحفظ البلاد.",  # a prayer
    "وقطعت الشركة الكهرباء والاتصالات عن الحي.",  # the telephone network
    "ووصل عدد حالات الإصابة إلى مئة حالة.",  # cases of a disease
    "وسجلت المكاتب في نظام «ساند» الإلكتروني.",  # a trigger word alone in quotes is a name
    "وهو شعار دقيق وصادق.",  # صادق without على: truthful
])
def test_no_event_without_an_act(events_of, sentence):
    _, events = events_of(sentence)
    assert events == []


@pytest.mark.parametrize("word, reading", [
    ("وبالغارات", "غارات"), ("غارتها", "غاره"), ("فقصفوا", "قصفوا"), ("بحث", "بحث"),
])
def test_readings_peel_clitics(word, reading):
    assert reading in word_readings(word)


def test_whole_word_is_read_before_its_clitic_split():
    assert word_readings("بحث")[0] == "بحث"


@pytest.mark.parametrize("sentence", [
    "يرى المحللون أن الهجوم على إيران سيكون خطأ كبيرا.",
    "يعتقد الخبراء أن العقوبات لن تغير سياسة البلاد.",
    "اعتبر الكاتب أن ثقافة الاحتجاج ظاهرة صحية.",
])
def test_an_opinion_alone_is_no_event(events_of, sentence):
    _, events = events_of(sentence)
    assert events == []


def test_an_act_reported_with_an_opinion_is_an_event(events_of):
    _, events = events_of("اعتبر الوزير أن الجيش قصف المدينة أمس.")
    assert "ASSAULT" in {e.type for e in events}


@pytest.mark.parametrize("word, not_reading", [("أسلحة", "اسلح"), ("سلامة", "لام"), ("الفجر", "")])
def test_final_taa_marbuta_is_not_a_pronoun(word, not_reading):
    assert not_reading not in word_readings(word)


@pytest.mark.parametrize("sentence, trigger", [
    ("وفي الخليل قام ملثمون بخطف تاجر معروف صباحا.", "خطف"),
    ("تعرضت دورية للجيش لهجوم قرب الحدود.", "هجوم"),
])
def test_a_noun_after_a_light_verb_is_reported_like_a_verb(events_of, sentence, trigger):
    from rasd.events.confidence import report_threshold

    article, events = events_of(sentence)
    event = next(e for e in events if article.span_text(e.trigger) == trigger)
    assert event.confidence >= report_threshold("ASSAULT")


def test_trigger_span_keeps_a_letter_that_is_not_a_clitic(events_of):
    # فجرت is one word (blew up); the tokenizer may read its ف as a conjunction.
    article, events = events_of("فجرت المجموعة عبوة على طريق المطار.")
    assert "فجرت" in {article.span_text(e.trigger) for e in events if e.type == "ASSAULT"}


@pytest.mark.parametrize("sentence", [
    "ويسري في القطاع وقف هش لإطلاق النار منذ العام الماضي.",
    "تحطمت طائرة صغيرة في الجبال مما أدى إلى مقتل جميع ركابها.",
    "خطف اللاعب الشاب الأضواء في المباراة.",
    "ذكر تقرير جديد صادر عن المنظمة أن البطالة ارتفعت.",
    "انتقد الوزير بنود الاتفاق في مؤتمر صحفي.",
    "اعترفت الشركة بتلاعبها في الفحوص.",
    "جلس الزوار في مكتب الاستقبال بالفندق.",
    "ارتفعت الليرة مقارنة بسعر الإغلاق أمس.",
    "عثرت الشرطة في المنزل على كميات كبيرة من المتفجرات وقذائف الهاون.",
    "أطلقت الصين صاروخا يحمل قمرا صناعيا إلى الفضاء.",
    "وكان اللاعب تعرض لإصابة في الكتف خلال نهائي البطولة.",
    "وقال المسؤول إن السيارة المفخخة تم اكتشاف وجودها في أرض خالية.",
    "فجر رئيس الهيئة العامة للرياضة، تركي الشيخ، مفاجأة من العيار الثقيل.",
    "وأصيب أربعة من رجال الإطفاء في حريق شب في برج بالمدينة.",
    "تخوض تركيا وألمانيا معركة شرسة للفوز بحق تنظيم البطولة.",
    "أطلقت الوزارة حملة للتوعية بمخاطر التدخين.",
    "وقد شاهدت منتخب البرازيل يهاجم بضراوة في المباراة.",
    "سجل اللاعب هدفا من ضربة جزاء في الشوط الثاني.",
    "اصطدمت طائرة صغيرة من طراز قديم بمحرك واحد بجبل مرتفع في شمال البلاد صباح الأحد ما أسفر عن مقتل جميع ركابها.",
])
def test_false_friends_are_no_events_of_their_type(events_of, sentence):
    _, events = events_of(sentence)
    wrong = {"ASSAULT", "COERCE", "AGREE", "SUPPORT", "CONSULT"}
    assert not wrong & {e.type for e in events}


def test_a_deal_concluded_is_an_agreement(events_of):
    article, events = events_of("وتم الاتفاق بين الحكومة والنقابات على رفع الأجور.")
    assert "الاتفاق" in _trigger_words(article, events, "AGREE")


def test_a_summit_blown_up_is_no_assault(events_of):
    _, events = events_of("قال الكاتب إن الرئيس فجر قمة مجموعة السبع بتغريدة.")
    assert "ASSAULT" not in {e.type for e in events}


def test_a_quotation_mark_inside_a_trigger_phrase(events_of):
    article, events = events_of('وشدد القائد على ضرورة "القضاء" على المتطرفين في المدينة.')
    assert any(article.span_text(e.trigger).startswith("القضاء") for e in events if e.type == "ASSAULT")


def test_for_the_security_of_is_no_blame(events_of):
    _, events = events_of("وقال إنها تؤكد استمرار تهديد الانقلاب لأمن المنطقة.")
    assert "ACCUSE" not in {e.type for e in events}


def test_a_newspaper_named_opinion_is_no_verb_of_opinion(events_of):
    _, events = events_of("وقالت صحيفة الرأي إن العمال يشاركون في الإضراب منذ أسبوع.")
    assert "PROTEST" in {e.type for e in events}


def test_an_attack_online_is_verbal(events_of):
    _, events = events_of("تعرضت المديرة لهجوم في بعض المواقع على شبكة الإنترنت.")
    assert {e.type for e in events} == {"ACCUSE"}


def test_chants_of_football_fans_are_no_protest(events_of):
    _, events = events_of("وقال اللاعب إنه تعرض لهتافات عدائية من المشجعين خلال اللقاء.")
    assert "PROTEST" not in {e.type for e in events}
