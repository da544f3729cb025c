"""Mentions: a titled name takes no second name; credited media are no event arguments."""

from __future__ import annotations

import rasd


def _events(text: str):
    article = rasd.analyze(text)
    span = lambda s: article.span_text(s) if s else None  # noqa: E731
    return [(e.type, span(e.source), span(e.target)) for e in article.events]


def test_titled_name_with_nisba_shaped_surname_does_not_swallow_the_next_entity():
    events = _events("ودعا رئيس الوزراء العراقي محمد شياع السوداني الأمم المتحدة إلى إرسال خبراء.")
    request = [e for e in events if e[0] == "REQUEST"]
    assert request and request[0][2] == "الأمم المتحدة"
    assert "الأمم المتحدة" not in (request[0][1] or "")


def test_medium_credited_with_a_statement_is_not_an_argument():
    events = _events("ونفى مسؤول في وزارة الدفاع لوكالة «رويترز» أن تكون الغارات قد أصابت مدنيين.")
    assert events
    for _, source, target in events:
        assert "رويترز" not in (source or "") and "رويترز" not in (target or "")


def _modes(text: str) -> dict[str, str]:
    article = rasd.analyze(text)
    return {e.type: e.mode for e in article.events}


def test_readiness_and_wishes_are_intended():
    assert _modes("وأكد الوزير أن بلاده مستعدة لتوقيع اتفاق جديد مع جيرانها.").get("AGREE") == "intended"


def test_any_attack_is_hypothetical():
    assert _modes("وحذر الجيش من أنه سيرد بقوة على أي هجوم على قواعده.").get("ASSAULT") == "hypothetical"


def test_speech_act_cue_belongs_to_its_speaker_whole():
    events = _events("وحذر المتحدث باسم وزارة الدفاع سامي الكردي من أن الجيش سيرد على أي اعتداء.")
    threats = [e for e in events if e[0] == "THREATEN"]
    assert threats and threats[0][1].endswith("سامي الكردي")
    assert threats[0][2] is None or "سامي الكردي" not in threats[0][2]
