"""The JSON output validates against the contract schema and every span matches the text."""

from __future__ import annotations

import pytest

import rasd
from rasd.settings import Settings

OWN_ARTICLES = [
    "اقتصاد\n\nارتفاع أسعار النفط بعد قرار أوبك\n\n| صحيفة المساء – وكالات\n\n"
    "ارتفعت أسعار النفط أمس في الأسواق العالمية. وقال وزير الطاقة السعودي إن «السوق متوازنة». "
    "وأضاف أن المنظمة ستجتمع في فيينا الشهر المقبل.\nزر الذهاب إلى الأعلى",
    "وصل الرئيس الفرنسي إلى الجزائر في زيارة رسمية تستمر يومين، بحسب وكالة «رويترز».",
    "ندد المتحدث باسم الأمم المتحدة بالهجوم الذي استهدف قافلة مساعدات في دارفور.",
]
RECORDS = [
    {"id": "r1", "title": "قمة في عمّان", "text": "اجتمع وزراء خارجية دول عربية في عمّان لبحث الأزمة.",
     "published": "2024-03-05T10:00:00Z", "url": "https://example.org/a"},
    {"html": "<html><head><title>خبر</title></head><body><article><h1>انتخابات بلدية</h1>"
             "<p>أعلنت اللجنة العليا للانتخابات في تونس نتائج الانتخابات البلدية مساء الأحد.</p>"
             "<p>وقالت اللجنة إن نسبة المشاركة بلغت أربعين في المئة.</p></article></body></html>"},
]


def iter_spans(out: dict):
    yield from out["entities"]
    for quote in out["quotes"]:
        yield quote["content"]
        yield from (s for s in (quote["cue"], quote["speaker"]) if s)
        yield from quote["via"]
    for event in out["events"]:
        yield event["trigger"]
        yield from (s for s in (event["source"], event["target"], event["location"]) if s)


def check(out: dict, schema: dict) -> None:
    import jsonschema

    jsonschema.validate(out, schema)
    text = out["article"]["text"]
    for span in iter_spans(out):
        assert text[span["start"] : span["end"]] == span["text"]
    actor_ids = {a["id"] for a in out["actors"]}
    assert len(actor_ids) == len(out["actors"])
    for ref in [e["actor"] for e in out["entities"]] + [q["speaker"]["actor"] for q in out["quotes"] if q["speaker"]]:
        assert ref is None or ref in actor_ids
    for event in out["events"]:
        sent = out["sentences"][event["sentence"]]
        assert sent["start"] <= event["trigger"]["start"] and event["trigger"]["end"] <= sent["end"]


@pytest.mark.parametrize("text", OWN_ARTICLES)
def test_own_articles_validate(text, schema):
    check(rasd.analyze(text).to_dict(), schema)


@pytest.mark.parametrize("record", RECORDS)
def test_records_validate(record, schema):
    check(rasd.analyze(record).to_dict(), schema)


def test_demo_article_validates(schema):
    from rasd.resources import read_text

    check(rasd.analyze(read_text("examples", "demo_article.txt")).to_dict(), schema)


def test_seed_validates(seed_path, schema):
    check(rasd.analyze(seed_path.read_text(encoding="utf-8")).to_dict(), schema)


def test_output_is_stable():
    text = OWN_ARTICLES[0]
    assert rasd.analyze(text).to_dict() == rasd.analyze(text).to_dict()


def test_sentences_and_tokens_lie_in_text():
    article = rasd.analyze(OWN_ARTICLES[0], Settings(stages=("sentences", "tokens")))
    assert article.sentences and article.tokens
    for token in article.tokens:
        assert article.text[token.start : token.end].strip()
        assert token.start <= token.stem_start <= token.stem_end <= token.end
