"""Each mode from its cue before the trigger."""

from __future__ import annotations

import pytest


def _mode_of(events, article, trigger: str) -> str:
    found = [e for e in events if article.span_text(e.trigger) == trigger]
    assert found, f"no event on {trigger!r}: {[article.span_text(e.trigger) for e in events]}"
    return found[0].mode


@pytest.mark.parametrize("sentence, trigger, mode", [
    ("قصفت الطائرات مواقع المسلحين قرب الموصل.", "قصفت", "asserted"),
    ("لم تقصف الطائرات مواقع المسلحين قرب الموصل.", "تقصف", "negated"),
    ("لن تنسحب القوات من المدينة.", "تنسحب", "negated"),
    ("نفى الجيش أنه قصف المستشفى.", "قصف", "negated"),
    ("ستنسحب القوات الأميركية من العراق.", "تنسحب", "intended"),
    ("سوف تفرض الحكومة عقوبات على الشركات.", "عقوبات", "intended"),
    ("تعتزم الحكومة الفرنسية إرسال مساعدات إلى لبنان.", "مساعدات", "intended"),
    ("من المقرر أن يلتقي الرئيسان في القاهرة.", "يلتقي", "intended"),
    ("دعا المتحدث إلى وقف الغارات على المدنيين.", "الغارات", "demanded"),
    ("طالب النواب الحكومة بالانسحاب من الاتفاق.", "الانسحاب", "demanded"),
    ("هدد الرئيس بفرض عقوبات على الشركات.", "فرض عقوبات", "threatened"),
    ("توعد القائد بقصف المدينة.", "قصف", "threatened"),
    ("إذا هاجمت القوات المدينة فسيرد الجيش.", "هاجمت", "hypothetical"),
    ("لو انسحبت القوات لانهار الاتفاق.", "انسحبت", "hypothetical"),
    ("فشلت الحكومة في التوصل إلى اتفاق مع النقابات.", "التوصل", "negated"),
    ("أخفق المجلس في فرض عقوبات على الشركات.", "فرض عقوبات", "negated"),
    # a demand reaches over a nearer intention: the continuing is what is asked for
    ("دعا الوزير إلى مواصلة فرض عقوبات على الشركات.", "فرض عقوبات", "demanded"),
    ("تعتزم الحكومة مواصلة فرض عقوبات على الشركات.", "فرض عقوبات", "intended"),
    # an adjective after the noun of the act: only possible
    ("وتحدثت الصحيفة عن زيارة محتملة للوزير إلى دمشق.", "زيارة", "hypothetical"),
    ("وشدد القائد على ضرورة القضاء على المتطرفين.", "القضاء على", "intended"),
])
def test_mode_from_cue(events_of, sentence, trigger, mode):
    article, events = events_of(sentence)
    assert _mode_of(events, article, trigger) == mode


def test_cue_beyond_its_reach_does_not_count(events_of):
    # لا reaches one word only: here it negates the first verb, not the attack after it.
    article, events = events_of("قال إنه لا يعرف شيئا عن المسلحين الذين هاجموا القرية.")
    assert _mode_of(events, article, "هاجموا") == "asserted"


@pytest.mark.parametrize("sentence, type_", [
    # a noun completing a trigger of its type names the same act, in its mode
    ("لم يتم التوصل إلى اتفاق بين الطرفين.", "AGREE"),
    # refusing an act
    ("رفضت الحكومة التعاون مع اللجنة.", "COOPERATE"),
])
def test_negated_acts(events_of, sentence, type_):
    _, events = events_of(sentence)
    modes = {e.mode for e in events if e.type == type_}
    assert modes == {"negated"}


def test_an_intention_is_intended(events_of):
    article, events = events_of("وقال إن في نية المسلحين تفجير السيارات في وقت واحد.")
    assert _mode_of(events, article, "تفجير") == "intended"
