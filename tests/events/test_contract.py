"""Events in the output contract: valid against the schema, triggers inside their sentence,
every actor reference an entry of `actors`, ids stable across runs."""

from __future__ import annotations

import pytest

TEXT = (
    "قصفت الطائرات الروسية مواقع داعش في حلب أمس.\n"
    "وانطلقت في فيينا مشاورات روسية صينية بشأن التجارة، فيما تظاهر آلاف الطلاب في القاهرة احتجاجا على الغلاء.\n"
    "ودعا الأمين العام للأمم المتحدة إسرائيل إلى وقف الغارات على غزة."
)


def test_events_validate_against_the_schema(events_of, schema):
    jsonschema = pytest.importorskip("jsonschema")
    article, events = events_of(TEXT)
    assert events
    jsonschema.validate(article.to_dict(), schema)


def test_trigger_lies_in_its_sentence_and_actors_exist(events_of):
    article, events = events_of(TEXT)
    ids = {a.id for a in article.actors}
    for event in events:
        assert article.sentences[event.sentence].contains(event.trigger)
        for span in (event.source, event.target):
            assert span is None or span.actor is None or span.actor in ids


def test_ids_are_stable(events_of):
    first = events_of(TEXT)[0].to_dict()["events"]
    second = events_of(TEXT)[0].to_dict()["events"]
    assert first == second and [e["id"] for e in first] == [f"v{i}" for i in range(len(first))]


@pytest.mark.parametrize("text", [
    "", "...", "2016 - 2017 «» ()", "Reuters: attack in Aleppo, 12 killed",
    "قصف", "بين 2016 و Reuters قصف", "بين موسكو و 2016 محادثات بين", "في «» قاعدة « ",
    "هاجم\nهاجم\n\nهاجم", "وقُتل", "غاراتها غاراتها غاراتها على على على",
])
def test_odd_input_does_not_break_the_stage(events_of, text):
    article, events = events_of(text)
    for event in events:
        assert article.sentences[event.sentence].contains(event.trigger)
