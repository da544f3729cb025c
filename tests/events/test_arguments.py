"""Source and target from the sentence's structure: VSO, SVO, objects, prepositions, بين X و Y,
genitives, nisba pairs, coordination and quotation speakers."""

from __future__ import annotations

import pytest
from tests.events.conftest import build_article

from rasd.events.stage import find_events
from rasd.model import ActorSpan, Article, Entity, Quote, Span


def _arguments(article: Article, events, type_: str) -> list[tuple[str | None, str | None]]:
    def text(span):
        return article.span_text(span) if span is not None else None

    return [(text(e.source), text(e.target)) for e in events if e.type == type_]


@pytest.mark.parametrize("sentence, type_, source, target", [
    # VSO: the subject right after the verb, then its object
    ("قصفت الطائرات الروسية مواقع داعش في حلب.", "ASSAULT", "الطائرات الروسية", "داعش"),
    ("اتهمت الحكومة العراقية تركيا بانتهاك سيادتها.", "ACCUSE", "الحكومة العراقية", "تركيا"),
    # SVO: the subject before the verb
    ("الجيش المصري قصف مواقع المسلحين في سيناء.", "ASSAULT", "الجيش المصري", "المسلحين"),
    # a preposition that marks the target for the type
    ("شن الجيش الإسرائيلي غارات على غزة.", "ASSAULT", "الجيش الإسرائيلي", "غزة"),
    ("اجتمع وزير الخارجية المصري مع نظيره الأردني.", "CONSULT", "وزير الخارجية المصري", None),
    ("فرض الاتحاد الأوروبي عقوبات على روسيا.", "SANCTION", "الاتحاد الأوروبي", "روسيا"),
    # بين X و Y
    ("جرت محادثات مكثفة بين موسكو وواشنطن.", "CONSULT", "موسكو", "واشنطن"),
    # the genitive of a verbal noun, with ل after an adjective
    ("أدانت فرنسا غارات التحالف على اليمن.", "ASSAULT", "التحالف", "اليمن"),
    ("وتأتي الزيارة الثالثة لرئيس الوزراء الهندي إلى طوكيو خلال عام.", "CONSULT",
     "رئيس الوزراء الهندي", "طوكيو"),
    # a nisba pair after the noun
    ("بدأت مشاورات روسية صينية بشأن التجارة.", "CONSULT", "روسية", "صينية"),
])
def test_source_and_target(events_of, sentence, type_, source, target):
    article, events = events_of(sentence)
    found = _arguments(article, events, type_)
    assert (source, target) in found or (target is None and any(s == source for s, _ in found)), found


def test_nisba_pair_links_country_actors(events_of):
    article, events = events_of("بدأت مشاورات روسية صينية بشأن التجارة.")
    event = next(e for e in events if e.type == "CONSULT")
    actors = {a.id: a for a in article.actors}
    assert (actors[event.source.actor].country, actors[event.target.actor].country) == ("RUS", "CHN")


def test_every_argument_names_an_actor_of_the_article(events_of):
    article, events = events_of("اعتقلت الشرطة المصرية عشرات المتظاهرين في الإسكندرية.")
    ids = {a.id for a in article.actors}
    refs = [s.actor for e in events for s in (e.source, e.target) if s is not None and s.actor]
    assert refs and all(r in ids for r in refs)


def test_coordinated_targets_give_one_event_each(events_of):
    article, events = events_of("يشن المتمردون هجمات متكررة على الشرطة والجيش قرب الحدود.")
    targets = {t for _, t in _arguments(article, events, "ASSAULT")}
    assert {"الشرطة", "الجيش"} <= targets


@pytest.mark.parametrize("text, source", [
    # the accusation is the speaker's own (first person, or no subject of its own)
    ("وقال المتحدث «إننا نتهم المعارضة بالفوضى».", "المتحدث"),
    # the quotation reports another's act with its own subject: the act is the subject's
    ("وقال المتحدث «إن الحكومة تتهم المعارضة بالفوضى».", "الحكومة"),
])
def test_speaker_is_the_source_of_an_accusation_in_their_words(events_of, text, source):
    article, _ = events_of(text)
    content = text.index("«") + 1
    speaker = ActorSpan(text.index("المتحدث"), text.index("المتحدث") + len("المتحدث"))
    article.quotes = [Quote("q0", "direct", Span(content, text.index("»")), None, speaker)]
    events = find_events(article)
    accuse = next(e for e in events if e.type == "ACCUSE")
    assert article.span_text(accuse.source) == source


def test_subject_of_a_marked_passive_is_the_target(events_of):
    article, events = events_of("وقُتل ثلاثة جنود في الهجوم.")
    assault = next(e for e in events if article.span_text(e.trigger) == "قُتل")
    assert assault.source is None


@pytest.mark.parametrize("sentence, target", [
    ("قال المتحدث إن كوريا الشمالية كذبت بشأن برنامجها.", "كوريا الشمالية"),
    ("وأكد الرئيس أن الحكومة البلجيكية تتحمل مسؤولية ما جرى.", "الحكومة البلجيكية"),
])
def test_the_one_who_lied_is_the_target(events_of, sentence, target):
    article, events = events_of(sentence)
    accuse = next(e for e in events if e.type == "ACCUSE")
    assert article.span_text(accuse.target) == target


def test_a_dropped_subject_is_carried_from_the_event_before(events_of):
    article, events = events_of("اتهمت الحكومة العراقية تركيا بانتهاك سيادتها. وطالبت بسحب قواتها فورا.")
    request = next(e for e in events if e.type == "REQUEST")
    assert article.span_text(request.source) == "الحكومة العراقية"


def test_a_subject_is_not_carried_across_paragraphs_of_sentences(events_of):
    text = "اتهمت الحكومة العراقية تركيا بالعدوان. وارتفعت الأسعار. واستقر الطقس. وطالبت بسحب القوات."
    _, events = events_of(text)
    request = next(e for e in events if e.type == "REQUEST")
    assert request.source is None


def test_pronoun_object_stands_for_the_actor_before(events_of):
    article, events = events_of("حاول أربعة أشخاص دخول المبنى فتم توقيفهم فورا.")
    coerce = next(e for e in events if e.type == "COERCE")
    assert article.span_text(coerce.target) == "أشخاص" and coerce.source is None


def test_a_repeated_act_keeps_its_target(events_of):
    article, events = events_of("التقى وزير الخارجية المصري نظيره الأردني أيمن الصفدي. وعقد الوزيران اجتماعا ثانيا مساء.")
    meetings = [e for e in events if e.type == "CONSULT"]
    assert len(meetings) == 2 and meetings[1].target == meetings[0].target


def test_target_of_an_attack_from_the_verb_that_follows(events_of):
    article, events = events_of("وقع الهجوم مساء السبت واستهدف مدنيين في السوق.")
    assert ("مدنيين" in {t for _, t in _arguments(article, events, "ASSAULT")}
            and "مدنيين" not in {s for s, _ in _arguments(article, events, "ASSAULT")})


def test_spokesman_is_not_a_target(events_of):
    article, events = events_of("واحتجت كندا على لسان وزيرة خارجيتها لدى السفير الصيني.")
    accuse = next(e for e in events if e.type == "ACCUSE")
    assert article.span_text(accuse.target) == "السفير الصيني"


@pytest.mark.parametrize("sentence, type_, source, target", [
    # after a verbal noun: the agent phrase is its source
    ("تعرض مكتب المحامي في نيويورك لمداهمة من جانب الشرطة الأمريكية.", "COERCE", "الشرطة الأمريكية", "المحامي"),
    # after a passive, marked or not, the agent is the source and the subject the target
    ("وقُتل ثلاثة جنود على يد مسلحين قرب الحدود.", "ASSAULT", "مسلحين", "جنود"),
    ("اختطف الصحفي الفرنسي على أيدي مسلحين في المدينة.", "ASSAULT", "مسلحين", "الصحفي الفرنسي"),
    # the subject of a verb of undergoing is the target (تعرض ل, نجا من)
    ("تعرض الوزير لمحاولة اغتيال على يد مسلحين أمس.", "ASSAULT", "مسلحين", "الوزير"),
    ("نجا وزير الداخلية من محاولة اغتيال في العاصمة.", "ASSAULT", None, "وزير الداخلية"),
    # a count after a verb of an act done to people: the unvowelled passive
    ("قتل 15 شخصا في هجوم على الحاجز.", "ASSAULT", None, "شخصا"),
    ("وقتل المئات من أفراد الجيش في هجمات على الحواجز.", "ASSAULT", None, "الجيش"),
    # تم with a verbal noun names no doer; the police in the sentence are whose work an arrest is
    ("وقال الشاهد إن الشرطة وصلت، وتم توقيف الأربعة في الشارع.", "COERCE", "الشرطة", None),
    ("وقال الشاهد إن المتظاهرين وصلوا، وتم توقيف الأربعة في الشارع.", "COERCE", None, None),
    # the giver of support after من
    ("تمارس الحكومة سلطتها على الشرق بدعم من الجيش.", "SUPPORT", "الجيش", None),
    ("تمارس الحكومة سلطتها على الشرق بدعم من وحدات الجيش.", "SUPPORT", "الجيش", None),
])
def test_agent_phrase_names_the_source(events_of, sentence, type_, source, target):
    article, events = events_of(sentence)
    assert (source, target) in _arguments(article, events, type_)


@pytest.mark.parametrize("sentence, type_, source", [
    # a verb joined by و after a comma goes on with the subject of the clause before
    ("قال الوزير إن الاتحاد الأوروبي تجاهل مطالب المزارعين، ويواصل الضغط لفرض عقوبات على الشركات.",
     "SANCTION", "الاتحاد الأوروبي"),
    ("وصلت القوات التركية إلى المدينة، وقصفت مواقع المسلحين.", "ASSAULT", "القوات التركية"),
])
def test_a_coordinated_verb_keeps_the_subject_before(events_of, sentence, type_, source):
    article, events = events_of(sentence)
    assert source in {s for s, _ in _arguments(article, events, type_)}



def test_a_coordinated_subject_found_by_its_last_actor_gives_each_actor(events_of):
    article, events = events_of("وتشن قوات الأمن والجيش في مصر حملة عسكرية في شمال سيناء.")
    sources = {s for s, _ in _arguments(article, events, "ASSAULT")}
    assert {"قوات الأمن", "الجيش"} <= sources


def test_extremists_are_an_armed_group(events_of):
    article, events = events_of("هاجم الجيش المتطرفين في الجبال.")
    assert ("الجيش", "المتطرفين") in _arguments(article, events, "ASSAULT")


def test_a_dual_relative_clause_keeps_its_places(events_of):
    article, events = events_of("ولم يلتق المبعوثان اللذان توجها إلى الأردن ومصر بالرئيس الفلسطيني.")
    meets = [article.span_text(e.target) if e.target else None for e in events
             if e.type == "CONSULT" and article.span_text(e.trigger) == "يلتق"]
    assert meets and "الأردن" not in meets


def test_a_second_subject_is_not_the_object(events_of):
    article, events = events_of("والتقى وزير الخارجية الأمريكي والسفير الفرنسي رئيس الوزراء الإسرائيلي أمس.")
    found = _arguments(article, events, "CONSULT")
    assert found and all(t != "السفير الفرنسي" for _, t in found), found
    assert any(t == "رئيس الوزراء الإسرائيلي" for _, t in found), found


def test_brackets_around_a_name_do_not_end_the_clause():
    from rasd.events.stage import find_events
    from rasd.model import Entity

    from .conftest import build_article

    text = "وغرمت الحكومة البريطانية جماعة (فوت ليف - Vote Leave) أمس."
    article = build_article(text)
    start = text.index("فوت ليف")
    article.entities = [Entity(start, start + len("فوت ليف"), "ORG", id="e0")]
    targets = {t for _, t in _arguments(article, find_events(article), "SANCTION")}
    assert any(t and "فوت ليف" in t for t in targets), targets


def _targets_after_a_named_person(text: str, type_: str) -> list[str | None]:
    """The targets of `type_` in `text`, whose first sentence names سمير حداد (a tagged person)."""
    from rasd.events.stage import find_events
    from rasd.model import Actor, Entity

    from .conftest import build_article

    article = build_article(text)
    start = text.index("سمير حداد")
    article.entities = [Entity(start, start + len("سمير حداد"), "PER", id="e0", actor="a0")]
    article.actors = [Actor(id="a0", name="سمير حداد", kind="person")]
    return [article.span_text(e.target) if e.target else None for e in find_events(article) if e.type == type_]


@pytest.mark.parametrize("text, type_", [
    ("وصل سمير حداد إلى المدينة أمس. ويتهمه خصومه بالفساد.", "ACCUSE"),  # a pronoun object
    ("وصل سمير حداد إلى المدينة أمس. واستهدف مسلحون منزله ليلا.", "ASSAULT"),  # the owner of a thing
])
def test_a_pronoun_stands_for_the_topic_of_the_sentence_before(text, type_):
    assert _targets_after_a_named_person(text, type_)[:1] == ["سمير حداد"]


@pytest.mark.parametrize("sentence, source, target", [
    ("انسحب الجيش الإسرائيلي من غزة أمس.", "الجيش الإسرائيلي", "غزة"),  # the place withdrawn from
    ("انسحبت القوات الأمريكية من العراق.", "القوات الأمريكية", "العراق"),
])
def test_a_withdrawal_is_from_the_place_after_min(events_of, sentence, source, target):
    article, events = events_of(sentence)
    assert (source, target) in _arguments(article, events, "RETREAT")


def test_min_after_a_quantity_is_part_of_the_count(events_of):
    article, events = events_of("اعتقلت الشرطة المصرية العشرات من المتظاهرين في الإسكندرية.")
    assert ("الشرطة المصرية", "المتظاهرين") in _arguments(article, events, "COERCE")


@pytest.mark.parametrize("sentence", [
    "أدانت فرنسا الهجوم على الكنيسة.",
    "وقال الوزير إن بلاده تدين الهجوم على الكنيسة.",
])
def test_who_condemns_an_act_did_not_do_it(events_of, sentence):
    article, events = events_of(sentence)
    assert _arguments(article, events, "ASSAULT") and all(s is None for s, _ in _arguments(article, events, "ASSAULT"))


def test_who_denies_an_act_is_its_denied_doer(events_of):
    article, events = events_of("ونفى الجيش شن غارات على القرية.")
    assert ("الجيش", None) in _arguments(article, events, "ASSAULT")


@pytest.mark.parametrize("sentence, type_, source, target", [
    ("أشاد الرئيس بالاتفاق الذي وقعته الحكومة مع المعارضة.", "AGREE", "الحكومة", "المعارضة"),
    ("وأدان الوزير الهجوم الذي شنه المسلحون على الجيش.", "ASSAULT", "المسلحون", "الجيش"),
])
def test_the_relative_clause_of_the_doer_names_the_target(events_of, sentence, type_, source, target):
    article, events = events_of(sentence)
    assert (source, target) in _arguments(article, events, type_)


def test_a_country_after_a_title_is_not_its_name():
    from rasd.events.stage import find_events
    from rasd.model import Actor, Entity

    from .conftest import build_article

    text = "وحمل الرئيس الشيشاني فرنسا مسؤولية الهجوم."
    article = build_article(text)
    start = text.index("فرنسا")
    article.entities = [Entity(start, start + len("فرنسا"), "LOC", id="e0", actor="a0")]
    article.actors = [Actor(id="a0", name="فرنسا", kind="country", country="FRA")]
    blamed = [e for e in find_events(article) if e.type == "ACCUSE"]
    assert blamed and article.span_text(blamed[0].source) == "الرئيس الشيشاني"
    assert article.span_text(blamed[0].target) == "فرنسا"


@pytest.mark.parametrize("sentence", [
    "وتغادر بريطانيا الاتحاد الأوروبي في مارس المقبل.",
    "وتترك بريطانيا الاتحاد الأوروبي في مارس المقبل.",
])
def test_leaving_a_union_is_a_withdrawal_from_it(events_of, sentence):
    article, events = events_of(sentence)
    assert ("بريطانيا", "الاتحاد الأوروبي") in _arguments(article, events, "RETREAT")


def test_a_relative_clause_after_a_comma_keeps_its_antecedent(events_of):
    article, events = events_of("وانتقد الوزير قائد الحرس الثوري، الذي يدعم الميليشيات المسلحة في سورية.")
    supporters = [s for s, _ in _arguments(article, events, "AID") + _arguments(article, events, "SUPPORT")]
    assert "قائد الحرس الثوري" in supporters, supporters


def test_a_relative_clause_with_a_resumptive_object_keeps_its_subject(events_of):
    article, events = events_of("وأفرج عن الجنود الذين اختطفهم المسلحون العام الماضي.")
    assert ("المسلحون", "الجنود") in _arguments(article, events, "ASSAULT")


@pytest.mark.parametrize("sentence, type_, word", [
    ("تظاهر آلاف الطلاب في القاهرة.", "PROTEST", "القاهرة"),  # where it happened
    ("وقصفت الطائرات مواقع المسلحين غرب المدينة.", "ASSAULT", "غرب"),  # a direction, not the West
    ("والتقى وزير الخارجية الأمريكي في ضواحي بغداد نظيره العراقي.", "CONSULT", "بغداد"),  # a place after a locative
])
def test_a_word_of_place_is_no_argument(events_of, sentence, type_, word):
    article, events = events_of(sentence)
    assert all(word not in (s, t) for s, t in _arguments(article, events, type_))


def test_who_reports_a_death_did_not_cause_it(events_of):
    article, events = events_of("وأعلنت الشرطة مقتل ثلاثة أشخاص في الهجوم.")
    found = _arguments(article, events, "ASSAULT")
    assert found and all(s != "الشرطة" for s, _ in found), found


def test_a_count_after_a_verb_with_its_subject_before_is_no_passive(events_of):
    article, events = events_of("وكان المسلحون قد خطفوا 12 من العمال.")
    assert any(s == "المسلحون" for s, _ in _arguments(article, events, "ASSAULT"))


def test_a_relative_clause_on_the_subject_does_not_hide_the_target(events_of):
    article, events = events_of(
        "ولم يلتق المبعوثان الأمريكيان اللذان توجها إلى الأردن ومصر في إطار جولتهما بالرئيس الفلسطيني.")
    meets = [(s, t) for s, t in _arguments(article, events, "CONSULT")]
    assert ("الأمريكيان", "الرئيس الفلسطيني") in meets or ("المبعوثان الأمريكيان", "الرئيس الفلسطيني") in meets, meets


def test_a_meeting_that_did_not_happen_lends_no_partner_to_the_next(events_of):
    article, events = events_of("والتقى الوزير السفير الفرنسي أمس. ولم يلتق الوزير بعد ذلك أحدا.")
    negated = [e for e in events if e.type == "CONSULT" and e.mode == "negated"]
    assert negated and all(e.target is None for e in negated)


def test_a_definite_head_stands_for_the_body_named_before():
    from rasd.events.stage import find_events
    from rasd.model import Actor, Entity

    from .conftest import build_article

    text = "وفرضت لجنة الانتخابات غرامة على الحملة. وقال المتحدث إن اللجنة لم تلتق بممثلي الحملة."
    article = build_article(text)
    start = text.index("لجنة الانتخابات")
    article.entities = [Entity(start, start + len("لجنة الانتخابات"), "ORG", id="e0", actor="a0")]
    article.actors = [Actor(id="a0", name="لجنة الانتخابات", kind="organization", country="GBR", sector="GOV")]
    meetings = [e for e in find_events(article) if e.type == "CONSULT"]
    assert meetings and meetings[0].source.actor == "a0"
    assert article.span_text(meetings[0].source) == "اللجنة"


def test_an_act_has_no_target_that_is_its_own_source():
    from rasd.events.stage import drop_self_targets
    from rasd.model import ActorSpan, Event, Span

    event = Event(id="v0", type="CONSULT", mode="asserted", trigger=Span(0, 3), sentence=0,
                  source=ActorSpan(4, 8, "a1"), target=ActorSpan(10, 14, "a1"))
    drop_self_targets([event])
    assert event.target is None


def test_a_capital_named_after_its_adjective_is_a_place(events_of):
    article, events = events_of("وسافر المحامي إلى العاصمة التشيكية براغ للاجتماع مع مسؤولين روس.")
    meetings = _arguments(article, events, "CONSULT")
    assert meetings and all(s != "براغ" for s, _ in meetings), meetings


def test_the_clause_after_bi_anna_is_what_the_preposition_governs(events_of):
    article, events = events_of("وأعرب الرئيس الفرنسي عن ثقته بأن الحكومة الألمانية ستدعم الاتفاق.")
    assert ("الرئيس الفرنسي", "الحكومة الألمانية") in _arguments(article, events, "SUPPORT")


def test_a_subject_right_after_the_verb_wins_over_a_distant_one_before(events_of):
    article, events = events_of("وبحسب الحكومة المصرية في بيانها الصادر أمس فقد زار الرئيس الأمريكي المدينة.")
    assert [s for s, _ in _arguments(article, events, "CONSULT")] == ["الرئيس الأمريكي"]


@pytest.mark.parametrize("sentence, type_, source", [
    ("تم توقيف الأربعة خلال العملية، كما أفادت الشرطة البريطانية.", "COERCE", "الشرطة البريطانية"),
    ("وقالت الحكومة المصرية إنه تم فرض غرامة على الشركة.", "SANCTION", "الحكومة المصرية"),
])
def test_a_passive_act_is_done_by_the_body_whose_work_it_is(events_of, sentence, type_, source):
    article, events = events_of(sentence)
    assert any(s == source for s, _ in _arguments(article, events, type_)), _arguments(article, events, type_)


def test_no_agent_is_implied_for_a_passive_attack(events_of):
    article, events = events_of("قتل 15 شخصا في انفجار، كما أفادت الشرطة.")
    assert all(s is None for s, _ in _arguments(article, events, "ASSAULT"))


@pytest.mark.parametrize("sentence, source, target", [
    ("وقمعت قوات الأمن المحتجين في العاصمة.", "قوات الأمن", "المحتجين"),  # a complete construct takes no second genitive
    ("وفرقت الشرطة المتظاهرين بالقوة.", "الشرطة", "المتظاهرين"),
])
def test_coercing_a_crowd(events_of, sentence, source, target):
    article, events = events_of(sentence)
    assert (source, target) in _arguments(article, events, "COERCE")


@pytest.mark.parametrize("sentence", [
    "وقال الوزير إن الهجوم أسفر عن مقتل جنديين.",
    "ونفى مسؤول أن تكون الغارات قد أصابت مدنيين.",
])
def test_who_reports_an_act_in_a_clause_did_not_do_it(events_of, sentence):
    article, events = events_of(sentence)
    found = _arguments(article, events, "ASSAULT")
    assert found and all(s is None for s, _ in found), found


def test_the_doer_named_inside_the_reported_clause_stays(events_of):
    article, events = events_of("وقال الوزير إن الجيش شن هجوما على المسلحين.")
    assert ("الجيش", "المسلحين") in _arguments(article, events, "ASSAULT")


def test_a_denial_has_no_target_inside_the_clause_it_denies(events_of):
    article, events = events_of("ونفى مسؤول أن تكون الغارات قد أصابت مدنيين.")
    assert _arguments(article, events, "REJECT") == [("مسؤول", None)]


@pytest.mark.parametrize("sentence, type_, source, target", [
    ("وكان المحامي قد تعرض مكتبه، الاثنين الماضي، لمداهمة من جانب الشرطة الأمريكية.", "COERCE",
     "الشرطة الأمريكية", "المحامي"),
    ("وقال الوزير إن المسلحين استهدفوا منزله.", "ASSAULT", "المسلحين", "الوزير"),
])
def test_an_act_on_someones_thing_is_done_to_its_owner(events_of, sentence, type_, source, target):
    article, events = events_of(sentence)
    assert (source, target) in _arguments(article, events, type_), _arguments(article, events, type_)


def test_two_triggers_of_one_act_share_their_arguments(events_of):
    article, events = events_of("وقتل العشرات من أفراد الجيش في هجمات شنها المسلحون على الحواجز.")
    found = _arguments(article, events, "ASSAULT")
    assert ("المسلحون", "الجيش") in found, found


def test_siblings_lend_no_argument_that_is_the_events_own_other_side():
    from rasd.events.stage import complete_from_siblings
    from rasd.model import ActorSpan, Event, Span

    one = Event(id="v0", type="ASSAULT", mode="asserted", trigger=Span(0, 3), sentence=0,
                source=None, target=ActorSpan(10, 14, "a1"))
    two = Event(id="v1", type="ASSAULT", mode="asserted", trigger=Span(20, 25), sentence=0,
                source=ActorSpan(10, 14, "a1"), target=None)
    complete_from_siblings([one, two])
    assert one.source is None and two.target is None


@pytest.mark.parametrize("sentence, target", [
    ("وذكر المصدر أن 19 شخصا قتلوا في القصف.", "شخصا"),  # counted people before the verb: its victims
    ("وقال إن عشرات المدنيين قتلوا في القصف.", "المدنيين"),
])
def test_counted_people_before_a_verb_of_killing_are_its_victims(events_of, sentence, target):
    article, events = events_of(sentence)
    found = _arguments(article, events, "ASSAULT")
    assert (None, target) in found, found


def test_a_cause_after_jarraa_is_not_done_by_the_clauses_subject(events_of):
    article, events = events_of("وأصيب المدنيون بجروح جراء انفجار عبوة ناسفة.")
    assert all(s != "المدنيون" for s, _ in _arguments(article, events, "ASSAULT"))


@pytest.mark.parametrize("sentence, target", [
    ("وأصيب المدنيون بجروح جراء انفجار عبوة ناسفة.", "المدنيون"),
    ("وأصيب الجنود في الهجوم على الحاجز.", "الجنود"),
])
def test_a_passive_written_without_vowels_is_done_to_its_subject(events_of, sentence, target):
    article, events = events_of(sentence)
    found = _arguments(article, events, "ASSAULT")
    assert any(t == target for _, t in found) and all(s != target for s, _ in found), found


def test_a_passive_done_to_the_same_one_keeps_the_doer_before(events_of):
    article, events = events_of("وفرضت الحكومة المصرية غرامة كبيرة على المعارضة. وأحيلت المعارضة إلى القضاء.")
    referred = [(s, t) for s, t in _arguments(article, events, "ACCUSE")]
    assert ("الحكومة المصرية", "المعارضة") in referred, (referred, _arguments(article, events, "SANCTION"))


@pytest.mark.parametrize("sentence", [
    "ويحتفظ مجلس الأمن بالقائمة منذ هجمات سبتمبر.",  # a time the clause refers to
    "وتحدث الوزير حول طبيعة المعارك في المدينة.",  # a topic
])
def test_an_act_named_as_a_time_or_topic_is_not_done_by_the_subject(events_of, sentence):
    article, events = events_of(sentence)
    found = _arguments(article, events, "ASSAULT")
    assert all(s is None for s, _ in found), found


@pytest.mark.parametrize("sentence, type_, source", [
    ("ورفع المحتجون لافتات تطالب الحكومة بالاستقالة.", "REQUEST", "المحتجون"),
    ("وأصدرت المعارضة بيانا يدين الحكومة.", "ACCUSE", "المعارضة"),
    ("ورددوا هتافات تطالب الحكومة بالاستقالة.", "REQUEST", None),
])
def test_a_verb_after_a_noun_that_carries_words_has_its_object_after_it(events_of, sentence, type_, source):
    article, events = events_of(sentence)
    assert (source, "الحكومة") in _arguments(article, events, type_), _arguments(article, events, type_)
    assert ("الحكومة", None) not in _arguments(article, events, "PROTEST")


def test_his_country_is_the_country_of_the_actor_before_it(events_of):
    article, events = events_of("وأكد وزير الخارجية المصري أن بلاده مستعدة لتوقيع اتفاق مع الأردن.")
    assert ("بلاده", "الأردن") in _arguments(article, events, "AGREE"), _arguments(article, events, "AGREE")
    source = next(e.source for e in events if e.type == "AGREE")
    assert next(a for a in article.actors if a.id == source.actor).country == "EGY"


def test_a_passive_arrest_is_the_work_of_the_body_that_made_the_last_one(events_of):
    article, events = events_of("أوقفت الشرطة ثلاثة شبان قرب الميناء. وأفاد شهود بأن الشبان كانوا يصورون السفن. "
                                "وقال شاهد إنه تم توقيف الشبان الثلاثة بعد ساعتين.")
    assert ("الشرطة", None) in _arguments(article, events, "COERCE")[1:]


def test_a_passive_arrest_takes_no_doer_from_a_body_whose_work_it_is_not(events_of):
    article, events = events_of("اعتقل مسلحون ثلاثة صحفيين قرب الميناء. وقال شاهد إنه تم توقيف طبيب.")
    assert _arguments(article, events, "COERCE")[-1][0] is None


def test_an_armed_force_s_act_with_no_target_is_part_of_its_campaign(events_of):
    article, events = events_of("قصفت القوات المصرية مواقع المسلحين في سيناء. وقال شهود إن الدخان غطى المنطقة. "
                                "وأعلن الجيش المصري تدمير ثلاثة مخازن للذخيرة.")
    assert _arguments(article, events, "ASSAULT")[-1] == ("الجيش المصري", "المسلحين")


@pytest.mark.parametrize("text", [
    # a body that is no armed force
    "قصفت القوات المصرية مواقع المسلحين في سيناء. وقال شهود إن الدخان غطى المنطقة. "
    "وأعلنت الحكومة المصرية تدمير ثلاثة مخازن للذخيرة.",
    # an armed force of another country
    "قصفت القوات المصرية مواقع المسلحين في سيناء. وقال شهود إن الدخان غطى المنطقة. "
    "وأعلن الجيش الليبي تدمير ثلاثة مخازن للذخيرة.",
])
def test_no_campaign_target_for_another_kind_of_actor(events_of, text):
    article, events = events_of(text)
    assert _arguments(article, events, "ASSAULT")[-1][1] is None


def test_who_blames_someone_for_an_attack_did_not_do_it(events_of):
    article, events = events_of("حمّل وزير الداخلية المصري، الحكومة الليبية، مسؤولية الهجوم الذي وقع أمس.")
    assert _arguments(article, events, "ASSAULT") == [(None, None)]


def test_a_targeting_verb_in_an_attack_s_relative_clause_is_no_act_of_its_own(events_of):
    article, events = events_of("أدانت الحكومة الهجوم الذي وقع أمس، واستهدف مدنيين في السوق.")
    assert [article.span_text(e.trigger) for e in events if e.type == "ASSAULT"] == ["الهجوم"]
    assert _arguments(article, events, "ASSAULT") == [(None, "مدنيين")]


def test_the_same_attack_named_again_lends_its_doer(events_of):
    article, events = events_of("أدانت الحكومة الهجوم الذي استهدف مدنيين في السوق. "
                                "وقال مسؤول إن الهجوم الذي تبناه تنظيم داعش خلف عشرة قتلى.")
    assert _arguments(article, events, "ASSAULT")[0] == ("تنظيم داعش", "مدنيين")


def test_an_act_in_a_relative_clause_takes_no_doer_from_the_sentence_before(events_of):
    article, events = events_of("قصفت الطائرات الروسية مواقع المعارضة. وقال الشهود إن الرجل الذي نفذ هجوم السوق فر.")
    assert _arguments(article, events, "ASSAULT")[-1][0] is None


def test_the_subject_of_a_verb_of_carrying_out_did_the_act_it_names(events_of):
    article, events = events_of("وقصف الجيش القرية أمس. وشهدت المنطقة نشاطا لمسلحين يشنون هجمات على الشرطة.")
    assert ("مسلحين", "الشرطة") in _arguments(article, events, "ASSAULT")


def test_a_denial_inside_a_quotation_is_its_subject_s(events_of):
    text = "وقالت مصادر إن الموقع نشر تقريرا عن لقاء سري، وهو ما نفاه الرئيس الأميركي بقوة."
    article, _ = events_of(text)
    speaker = ActorSpan(text.index("مصادر"), text.index("مصادر") + len("مصادر"))
    article.quotes = [Quote("q0", "indirect", Span(text.index("الموقع"), len(text) - 1), None, speaker)]
    events = find_events(article)
    assert ("الرئيس الأميركي", None) in _arguments(article, events, "REJECT")


def test_an_agreement_between_two_sides_is_one_event(events_of):
    article, events = events_of("وتعهد الرئيس بالإشراف على اتفاق بين الإسرائيليين والفلسطينيين.")
    assert len([e for e in events if e.type == "AGREE"]) == 1


@pytest.mark.parametrize("text, kept", [
    # a subheading repeats what the body reports: one act, one event
    ('"رفضت الحكومة العرض"\nوقال المتحدث إن الحكومة رفضت العرض الأخير.', 1),
    # a heading whose act the body does not report keeps its event
    ("الجيش يقصف مواقع المسلحين\nوقال المتحدث إن الحكومة رفضت العرض الأخير.", 2),
])
def test_a_heading_that_repeats_the_body_adds_no_event(events_of, text, kept):
    _, events = events_of(text)
    assert len(events) == kept


@pytest.mark.parametrize("text, events_wanted", [
    # two officials of one country meet one leader: one meeting of the two parties
    ("التقى وزير الخارجية الأميركي والسفير الأميركي رئيس الوزراء الإسرائيلي أمس.", 1),
    # officials of two countries: two parties on that side, two events
    ("التقى وزير الخارجية الأميركي ووزير الخارجية الفرنسي رئيس الوزراء الإسرائيلي أمس.", 2),
])
def test_coordinated_actors_of_one_party_are_one_side(events_of, text, events_wanted):
    article, events = events_of(text)
    assert len([e for e in events if e.type == "CONSULT"]) == events_wanted


def test_a_pronoun_that_goes_back_to_ma_names_no_actor(events_of):
    article, events = events_of("وقال الوزير إن الحكومة تريد اتفاقا مع الرئيس المصري، وهو ما انتقده البرلمان بشدة.")
    assert _arguments(article, events, "ACCUSE") == [("البرلمان", None)]


def test_a_long_line_without_a_final_mark_is_no_heading():
    from rasd.events.stage import is_heading

    assert is_heading('"رفضت التعاون"')
    assert not is_heading("رفضت التعاون.")
    assert not is_heading(" ".join(["كلمة"] * 16))


@pytest.mark.parametrize("sentence, type_, source, target", [
    # a plural verb carries its subject: the actor right after it is its object
    ("وقال شهود إن مسلحين اقتحموا مقر الشرطة في المدينة.", "ASSAULT", "مسلحين", "الشرطة"),
    ("ثم قصفوا الجيش بالصواريخ.", "ASSAULT", None, "الجيش"),
    # a singular verb before its subject: the actor after it is the subject
    ("ثم قصف الجيش مواقع المسلحين.", "ASSAULT", "الجيش", "المسلحين"),
    # a vowelled passive verb, not the noun written alike; its subject underwent the fine
    ("فرضت السلطات غرامة على الحزب. وغُرم مؤسس الحزب ألف دينار.", "SANCTION", "السلطات", "مؤسس"),
    # the police is where the case goes, not who is referred; coordinated passives share their subject
    ("فرضت السلطات غرامة على الحزب. وغُرم رئيس الحزب ألف دينار، كما أحيل إلى الشرطة.", "ACCUSE", "السلطات", "رئيس الحزب"),
    # a participle of manner goes with the subject before it and takes an object
    ("وقال الرئيس المصري إن الوضع مستقر، منددا بالحكومة الليبية.", "ACCUSE", "الرئيس المصري", "الحكومة الليبية"),
    ("تظاهر مئات الناشطين أمام الوزارة، مطالبين الحكومة بالإفراج عن زملائهم.", "REQUEST", "الناشطين", "الحكومة"),
    # a preposition with its pronoun may stand between a verb and its subject
    ("وقال إن المدنيين اعترفت بهم الحكومة الألمانية.", "SUPPORT", "الحكومة الألمانية", "المدنيين"),
    # the genitive of a transitive verbal noun is the patient; of an event noun, the doer
    ("أدى الانفجار إلى مقتل عشرة أشخاص في السوق.", "ASSAULT", None, "أشخاص"),
    ("أعلن الجيش اعتقال المتمردين في الجبال.", "COERCE", "الجيش", "المتمردين"),
    ("وصلت غارات التحالف إلى المدينة.", "ASSAULT", "التحالف", None),
    # the genitive of a boycott is who is boycotted
    ("واستمرت مقاطعة قطر من قبل السعودية.", "PROTEST", "السعودية", "قطر"),
    # ل before a country after a visit gives where it went, not who went
    ("وتحدث الرئيس الفرنسي في كلمة خلال زيارة لليونان.", "CONSULT", "الرئيس الفرنسي", "يونان"),
    ("وتحدث الرئيس الفرنسي خلال زيارة للعاصمة الدنماركية.", "CONSULT", "الرئيس الفرنسي", None),
])
def test_source_and_target_of_verb_forms_passives_genitives_and_participles(events_of, sentence, type_, source, target):
    article, events = events_of(sentence)
    assert (source, target) in _arguments(article, events, type_)


def test_a_name_set_between_commas_after_its_title_is_no_second_actor(events_of):
    text = "يستضيف الرئيس التركي، رجب أردوغان، اليوم نظيره الروسي."
    article = build_article(text)
    name = "رجب أردوغان"
    article.entities = [Entity(text.index(name), text.index(name) + len(name), "PER")]
    found = _arguments(article, find_events(article), "CONSULT")
    assert found and all(t != name for _, t in found), found
