"""The quotation stage on our own sentences: behaviour, not the exact output of a retrainable
model (who speaks, which medium relays, offsets that slice the text)."""

from __future__ import annotations

import pytest

from rasd.model import Article
from rasd.quotes.reading import read_quotes, shipped_models

MINISTER = "وقال وزير الخارجية الأردني أيمن الصفدي: «نريد حلا سياسيا عادلا ينهي معاناة المدنيين»."
# The attribution after its content, with no verb of saying: «…، بحسب وكالة ...».
ACCORDING = "وأصيب ثلاثة أشخاص في انفجار قرب السوق المركزي صباح اليوم، بحسب وكالة «رويترز»."


def speaker_names(article: Article, quote) -> list[str]:
    """What a speaker goes by: its surface form and the name of its actor."""
    if quote.speaker is None:
        return []
    names = [article.span_text(quote.speaker)]
    names.extend(a.name for a in article.actors if a.id == quote.speaker.actor)
    return names


def _quote_with(article, words: str):
    found = [q for q in article.quotes if words in article.span_text(q.content)]
    assert found, [article.span_text(q.content) for q in article.quotes]
    return found[0]


def test_a_quoted_statement_of_a_named_minister_is_his(analyse):
    article = analyse(MINISTER)
    quote = _quote_with(article, "حلا سياسيا")
    assert quote.kind == "direct"
    assert any("الصفدي" in name for name in speaker_names(article, quote))
    assert article.span_text(quote.cue) == "قال"


def test_according_to_an_agency_gives_a_via(analyse):
    article = analyse(ACCORDING)
    quote = _quote_with(article, "ثلاثة أشخاص")
    assert any("رويترز" in article.span_text(v) for v in quote.via)
    assert "بحسب" not in article.span_text(quote.content)


def test_the_publishing_outlet_is_no_via(analyse):
    text = "وقال رئيس البلدية لبي بي سي إن أعمال الترميم ستنتهي قبل الصيف المقبل."
    article = analyse(text, outlet="bbc")
    quote = _quote_with(article, "الترميم")
    assert quote.via == []


def test_an_implied_subject_continues_the_last_speaker(analyse):
    text = ("وقال وزير الزراعة المصري علاء فاروق إن محصول القمح تضاعف هذا العام. "
            "وأضاف أن الحكومة ستشتري كامل المحصول من المزارعين بأسعار عادلة.")
    article = analyse(text)
    second = _quote_with(article, "ستشتري")
    assert any("فاروق" in name for name in speaker_names(article, second))


def test_spans_slice_the_text_and_ids_are_stable(analyse):
    text = MINISTER + " " + ACCORDING
    first, again = analyse(text), analyse(text)
    assert [q.id for q in first.quotes] == [f"q{i}" for i in range(1, len(first.quotes) + 1)]
    assert [(q.content.start, q.content.end) for q in first.quotes] == \
        [(q.content.start, q.content.end) for q in again.quotes]
    for quote in first.quotes:
        sentence = next(s for s in first.sentences if s.start <= quote.content.start < s.end)
        assert quote.content.end <= sentence.end
        assert first.span_text(quote.content).strip() == first.span_text(quote.content)
        if quote.cue is not None:
            assert first.span_text(quote.cue).strip()


@pytest.mark.parametrize("text", ["", ".", "«»", "قال", "«نعم» قال:", "\n\n", "قال: «"])
def test_odd_inputs_do_not_break_the_stage(analyse, text):
    article = analyse(text)
    assert all(0 <= q.content.start < q.content.end <= len(text) for q in article.quotes)


def test_a_sentence_without_speech_has_no_quotation(analyse):
    article = analyse("وارتفعت درجات الحرارة في العاصمة إلى أربعين درجة أمس.")
    assert article.quotes == []


def test_reading_needs_only_the_shipped_models(analyse):
    article = analyse(MINISTER)
    assert read_quotes(article, shipped_models())
