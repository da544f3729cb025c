"""The actors stage on hand-written sentences with hand-placed entities."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "name", "country", "sector"), [
    ("التقى وزير الدفاع البريطاني جيمس هوبر بنظرائه أمس.", "جيمس هوبر", "GBR", "MIL"),
    ("وصرح وزير الخارجية المصري سامح فؤاد للصحفيين.", "سامح فؤاد", "EGY", "GOV"),
    ("وقالت المتحدثة باسم الخارجية الصينية لي وانغ إن بلادها ترفض ذلك.", "لي وانغ", "CHN", "GOV"),
    ("وأعلن رئيس مجلس النواب الأردني سالم الحديد موعد الجلسة.", "سالم الحديد", "JOR", "LEG"),
    ("وحضر الاجتماع كمال العتيبي، وزير الدفاع الكويتي، بعد وصوله.", "كمال العتيبي", "KWT", "MIL"),
    ("وقالت هالة منصور، المتحدثة باسم البيت الأبيض، إن الرد قريب.", "هالة منصور", "USA", "GOV"),
    ("وأكد قائد الحرس الثوري الجنرال مراد كاظمي أن قواته مستعدة.", "مراد كاظمي", "IRN", "MIL"),
])
def test_title_gives_country_and_sector(build, actor_of, text, name, country, sector):
    actor = actor_of(build(text, [(name, "PER")]), name)
    assert (actor.kind, actor.country, actor.sector) == ("person", country, sector)
    assert actor.role


def test_unknown_person_without_title_keeps_no_country(build, actor_of):
    actor = actor_of(build("وكتب سمير الدباغ مقالا طويلا عن الرحلة.", [("سمير الدباغ", "PER")]), "سمير الدباغ")
    assert actor.country is None and actor.sector is None and actor.role is None


@pytest.mark.parametrize(("text", "name", "country", "sector"), [
    ("وقالت وزيرة الدفاع الألمانية كلارا فيبر إن الخطة جاهزة.", "كلارا فيبر", "DEU", "MIL"),
    ("وأوضحت المتحدثة باسم الخارجية التركية آيلا دمير الموقف.", "آيلا دمير", "TUR", "GOV"),
    ("وقالت نورا حداد، الناطقة باسم الحكومة اللبنانية، إن الجلسة أرجئت.", "نورا حداد", "LBN", "GOV"),
])
def test_feminine_titles(build, actor_of, text, name, country, sector):
    actor = actor_of(build(text, [(name, "PER")]), name)
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(("text", "surface", "kind", "country", "sector"), [
    ("وأعلنت موسكو رفضها للخطة الجديدة.", "موسكو", "country", "RUS", "GOV"),
    ("وردت طهران على الاتهامات ببيان.", "طهران", "country", "IRN", "GOV"),
    ("وعقد الاجتماع في موسكو أمس.", "موسكو", "place", "RUS", None),
    ("ووصل الوفد إلى بغداد صباحا.", "بغداد", "country", "IRQ", "GOV"),
    ("وشهدت حلب معارك عنيفة.", "حلب", "place", "SYR", None),
    ("واستقبلت سوريا وفدا رسميا.", "سوريا", "country", "SYR", None),
    ("ورحبت الولايات المتحدة بالقرار.", "الولايات المتحدة", "country", "USA", None),
])
def test_capitals_stand_for_governments_unless_a_place(build, actor_of, text, surface, kind, country, sector):
    actor = actor_of(build(text, [(surface, "LOC")]), surface)
    assert (actor.kind, actor.country, actor.sector) == (kind, country, sector)


@pytest.mark.parametrize(("text", "surface", "name", "country", "sector"), [
    ("ونقلت وكالة «تاس» الخبر.", "تاس", "وكالة تاس", "RUS", "MED"),
    ("وذكرت الخارجية الروسية في بيان أن الوفد وصل.", "الخارجية الروسية", "وزارة الخارجية الروسية", "RUS", "GOV"),
    ("وأعلن حلف الناتو تعزيز قواته.", "الناتو", "حلف شمال الأطلسي", None, "IGO"),
    ("وتبنى تنظيم الدولة الهجوم.", "تنظيم الدولة", "داعش", None, "REB"),
    ("وقال الجيش المصري إن العملية انتهت.", "الجيش المصري", "الجيش المصري", "EGY", "MIL"),
    ("وصوت مجلس النواب العراقي على القانون.", "مجلس النواب العراقي", "مجلس النواب العراقي", "IRQ", "LEG"),
])
def test_bodies(build, actor_of, text, surface, name, country, sector):
    actor = actor_of(build(text, [(surface, "ORG")]), surface)
    assert (actor.name, actor.country, actor.sector) == (name, country, sector)


def test_generic_institution_takes_the_article_country(build, actor_of):
    text = "وقالت الحكومة الأردنية إن الوضع مستقر. وأضافت الشرطة أن التحقيق مستمر في الأردن."
    article = build(text, [("الحكومة الأردنية", "ORG"), ("الشرطة", "ORG"), ("الأردن", "LOC")], learned=True)
    assert (actor_of(article, "الشرطة").country, actor_of(article, "الشرطة").sector) == ("JOR", "COP")


def test_ids_are_stable_and_actors_listed_once(build):
    text = "وقال وزير الخارجية الروسي سيرغي بتروف إن موسكو مستعدة. وأضاف بتروف أن موسكو تنتظر الرد."
    spans = [("سيرغي بتروف", "PER"), ("موسكو", "LOC"), ("بتروف", "PER"), ("موسكو", "LOC")]
    first, second = build(text, spans), build(text, spans)
    assert [a.id for a in first.actors] == [a.id for a in second.actors]
    assert len({a.id for a in first.actors}) == len(first.actors) == 2
    assert all(e.actor in {a.id for a in first.actors} for e in first.entities)


@pytest.mark.parametrize(("text", "surface", "typ", "cameo"), [
    ("وقال وزير الدفاع الأميركي جون ديفيس إن القوات جاهزة.", "جون ديفيس", "PER", "USAMIL"),
    ("وأعلنت موسكو رفضها.", "موسكو", "LOC", "RUSGOV"),
    ("وحذرت الأمم المتحدة من المجاعة.", "الأمم المتحدة", "ORG", "IGOUNO"),
])
def test_cameo_codes(build, actor_of, text, surface, typ, cameo):
    assert actor_of(build(text, [(surface, typ)]), surface).ids["cameo"] == cameo


def test_leader_of_a_named_party(build, actor_of):
    text = "وتحالف مع حزب «النهضة» العراقي الذي يرأسه كريم الساعدي."
    actor = actor_of(build(text, [("النهضة", "ORG"), ("كريم الساعدي", "PER")]), "كريم الساعدي")
    assert (actor.country, actor.sector) == ("IRQ", "PTY")


def test_output_is_valid_against_the_contract(build, schema):
    import jsonschema

    text = "وقال وزير الخارجية الفرنسي بيار دوبون في باريس إن الأمم المتحدة ستجتمع. وأضاف دوبون أن موسكو ترفض."
    spans = [("بيار دوبون", "PER"), ("باريس", "LOC"), ("الأمم المتحدة", "ORG"), ("دوبون", "PER"), ("موسكو", "LOC")]
    article = build(text, spans)
    article.language = "ar"
    jsonschema.validate(article.to_dict(), schema)


def test_counterpart_takes_the_office_of_the_person_before(build, actor_of):
    text = "واستقبل وزير الدفاع الإيطالي ماركو بيانكي نظيره الإسباني خوان غارسيا في روما."
    article = build(text, [("ماركو بيانكي", "PER"), ("خوان غارسيا", "PER"), ("روما", "LOC")])
    actor = actor_of(article, "خوان غارسيا")
    assert (actor.country, actor.sector) == ("ESP", "MIL")


@pytest.mark.parametrize(("surface", "typ", "name", "kind"), [
    ("داعش", "PER", "داعش", "group"),
    ("موسكو", "PER", "روسيا", "country"),
    ("رويترز", "LOC", "رويترز", "organization"),
])
def test_known_names_win_over_a_wrong_entity_type(build, actor_of, surface, typ, name, kind):
    actor = actor_of(build(f"وقالت {surface} إن الوضع تغير.", [(surface, typ)]), surface)
    assert (actor.name, actor.kind) == (name, kind)


def test_envoy_of_the_un_gets_no_country(build, actor_of):
    text = "وزار العراق مبعوث الأمم المتحدة إلى اليمن مارتن هيل. وقال العراق إن العراق يرحب."
    spans = [("العراق", "LOC"), ("الأمم المتحدة", "ORG"), ("اليمن", "LOC"), ("مارتن هيل", "PER"),
             ("العراق", "LOC"), ("العراق", "LOC")]
    actor = actor_of(build(text, spans), "مارتن هيل")
    assert (actor.country, actor.sector) == (None, "IGO")


def test_role_stops_at_function_words(build, actor_of):
    text = "وقال ليام برايس المسؤول في شبكة سي إن إن إن القرار خاطئ."
    actor = actor_of(build(text, [("ليام برايس", "PER")]), "ليام برايس")
    assert actor.role == "المسؤول في شبكة سي"


@pytest.mark.parametrize(("text", "surface", "typ", "country", "sector"), [
    ("وقال المحامي الأميركي، #جورج_ميلر، إن موكله بريء.", "جورج_ميلر", "PER", "USA", "CVL"),
    ("وتم تعيين قائد جديد لجيش في مصر ومصر ومصر.", "لجيش", "ORG", "EGY", "MIL"),
    ("وتحالف مع حزب النور وكتلة «الأمل» في العراق.", "الأمل", "ORG", "IRQ", "PTY"),
])
def test_written_forms(build, actor_of, text, surface, typ, country, sector):
    spans = [(surface, typ)] + [(w, "LOC") for w in ("مصر", "العراق") if w in text]
    actor = actor_of(build(text, spans, learned=True), surface)
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(("text", "span", "name", "country", "sector"), [
    ("وقال الرئيس الروسي فلاديمير بوتين إن الحوار ممكن.", "الرئيس الروسي فلاديمير بوتين", "فلاديمير بوتين", "RUS", "GOV"),
    ("وقال وزير الدفاع هانز كلاين إن الجيش جاهز في ألمانيا.", "وزير الدفاع هانز كلاين", "هانز كلاين", "DEU", "MIL"),
    ("وقال أمير عبد الكريم إن الرحلة انتهت.", "أمير عبد الكريم", "أمير عبد الكريم", None, None),
])
def test_title_inside_the_person_span(build, actor_of, text, span, name, country, sector):
    spans = [(span, "PER")] + ([("ألمانيا", "LOC")] if "ألمانيا" in text else [])
    actor = actor_of(build(text, spans, learned=True), span)
    assert (actor.name, actor.country, actor.sector)[:2] == (name, country)
    assert sector is None or actor.sector == sector


@pytest.mark.parametrize(("text", "surface", "typ", "name", "country", "sector"), [
    # a known body whose name the tagger cut
    ("وتأجل اجتماع مجموعة دعم سورية إلى الشهر المقبل.", "سورية", "LOC", "المجموعة الدولية لدعم سورية", None, "IGO"),
    ("وقال قائد فيلق القدس إن قواته مستعدة.", "القدس", "LOC", "فيلق القدس", "IRN", "MIL"),
    ("وبث موقع «روسيا اليوم» الخبر.", "روسيا", "LOC", "روسيا اليوم", "RUS", "MED"),
    # a place that names a body
    ("وقالت شرطة لندن إنها اعتقلت رجلين.", "لندن", "LOC", "شرطة لندن", "GBR", "COP"),
    ("وقالت صحيفة «الأيام» التونسية إن الوزير استقال.", "الأيام", "LOC", "صحيفة الأيام", "TUN", "MED"),
])
def test_names_the_tagger_cut(build, actor_of, text, surface, typ, name, country, sector):
    actor = actor_of(build(text, [(surface, typ)]), surface)
    assert (actor.name, actor.country, actor.sector) == (name, country, sector)


def test_a_name_spoken_for_is_a_body_everywhere(build, actor_of):
    text = "وقال متحدث باسم نادي الشروق في مصر إن نادي الشروق سيطعن. وأكد نادي الشروق ذلك."
    article = build(text, [("نادي الشروق", "PER"), ("مصر", "LOC"), ("نادي الشروق", "PER"), ("نادي الشروق", "PER")],
                    learned=True)
    actors = {actor_of(article, "نادي الشروق", n).id for n in range(3)}
    assert len(actors) == 1
    actor = actor_of(article, "نادي الشروق")
    assert (actor.kind, actor.country) == ("organization", "EGY")


def test_title_with_a_pronoun_takes_the_country_named_before(build, actor_of):
    text = "واحتجت تركيا على لسان نائب وزيرها للخارجية أحمد يلماز على القرار في بريطانيا وبريطانيا."
    spans = [("تركيا", "LOC"), ("أحمد يلماز", "PER"), ("بريطانيا", "LOC"), ("بريطانيا", "LOC")]
    actor = actor_of(build(text, spans), "أحمد يلماز")
    assert (actor.country, actor.sector) == ("TUR", "GOV")


def test_words_before_the_first_title_do_not_give_the_country(build, actor_of):
    text = "ولفقت له تهمة التعامل مع إسرائيل للممثل سامي عيد في لبنان ولبنان."
    actor = actor_of(build(text, [("سامي عيد", "PER"), ("لبنان", "LOC"), ("لبنان", "LOC")]), "سامي عيد")
    assert (actor.country, actor.sector) == (None, "CVL")  # the rules: a title, no country of its own


def test_institution_named_after_a_person_takes_their_country(build, actor_of):
    text = ("وقال الرئيس الأميركي جيمس هنتر إن المفاوضات مستمرة. ورفض الفلسطينيون الخطة الفلسطينية "
            "والفلسطينيون، واتهموا إدارة هنتر بالانحياز.")
    article = build(text, [("جيمس هنتر", "PER"), ("إدارة هنتر", "ORG")])
    assert (actor_of(article, "إدارة هنتر").country, actor_of(article, "إدارة هنتر").sector) == ("USA", "GOV")


def test_an_organisation_tag_on_a_capital(build, actor_of):
    actor = actor_of(build("وأعلنت كابول الحداد.", [("كابول", "ORG")]), "كابول")
    assert (actor.country, actor.sector) == ("AFG", "GOV")


@pytest.mark.parametrize(("text", "spans", "surface", "name", "country", "sector"), [
    # the tagger left the first name out
    ("وقال رئيس البرلمان العراقي محمد الكربولي إن الجلسة انتهت.", [("الكربولي", "PER")], "الكربولي",
     "محمد الكربولي", "IRQ", "LEG"),
    # the tagger called a nisba a person
    ("وقال الرئيس الشيشاني كريم داودوف إن الحادث مؤسف.", [("الشيشاني", "PER"), ("كريم داودوف", "PER")],
     "كريم داودوف", "كريم داودوف", "RUS", "GOV"),
    # a body's name the knowledge files do not know, inside the title
    ("وقال الأمين العام لحزب النهضة الوطني العراقي سالم الدوري إن الحزب سيشارك.", [("سالم الدوري", "PER")],
     "سالم الدوري", "سالم الدوري", "IRQ", "PTY"),
])
def test_tagger_slips_around_a_person(build, actor_of, text, spans, surface, name, country, sector):
    actor = actor_of(build(text, spans), surface)
    assert (actor.name, actor.country, actor.sector) == (name, country, sector)


def test_quoted_name_after_a_type_word_is_a_body_even_if_tagged_a_person(build, actor_of):
    text = "وغرمت اللجنة جماعة (صوت الغد - Voice) في كندا. وقال متحدث إن (صوت الغد) ستطعن في كندا."
    article = build(text, [("صوت الغد -", "PER"), ("كندا", "LOC"), ("صوت الغد", "PER"), ("كندا", "LOC")],
                    learned=True)
    first, later = actor_of(article, "صوت الغد -"), actor_of(article, "صوت الغد")
    assert first.id == later.id
    assert (first.name, first.kind, first.country, first.sector) == ("صوت الغد", "organization", "CAN", "CVL")
