"""Via chains: the media a statement passed through, in order from the speaker outward."""

from __future__ import annotations

import pytest

from rasd.model import Quote


def _only(article, quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [article.span_text(q.content) for q in quotes]
    return quotes[0]


def _speaker(article, quote: Quote) -> str | None:
    return article.span_text(quote.speaker) if quote.speaker else None


@pytest.mark.parametrize(("text", "via"), [
    ("وقال مصدر حكومي لوكالة «الأناضول» إن الاتفاق جاهز.", ["الأناضول"]),
    ("وقال الوزير إن الاتفاق جاهز، حسب وكالة «رويترز».", ["رويترز"]),
    ("وأكد مسؤول عسكري لوكالة «سبوتنيك»، بحسب موقع «روسيا اليوم»، أن القوات انسحبت.",
     ["سبوتنيك", "روسيا اليوم"]),
    ("ونقلت وكالة «فرانس برس» عن الوزير قوله إن الاتفاق جاهز.", ["فرانس برس"]),
    ("وقال الرئيس عبر حسابه على تويتر: «لن نتراجع».", ["تويتر"]),
    ("وقال الوزير إن الاتفاق جاهز.", []),
])
def test_via_chain(read_quotes, text, via):
    article, quotes = read_quotes(text)
    quote = _only(article, quotes)
    assert [article.span_text(v) for v in quote.via] == via


def test_relayed_source_is_the_speaker(read_quotes):
    article, quotes = read_quotes("ونقلت وكالة «فرانس برس» عن الوزير قوله إن الاتفاق جاهز.")
    assert _speaker(article, _only(article, quotes)) == "الوزير"



@pytest.mark.parametrize(("text", "via"), [
    ("وقال الوزير في مقابلة مع صحيفة «الأيام» إن الانتخابات ستجرى في موعدها.", ["الأيام"]),
    ("وأكد الوزير أن الانتخابات ستجرى في موعدها، نقلا عن وسائل إعلام محلية.", ["وسائل إعلام محلية"]),
    ("وقال الوزير إن الانتخابات ستجرى في موعدها، وفق ما نقل موقع «الخبر».", ["الخبر"]),
    ("وقال الوزير لقناة «المملكة» إن الانتخابات ستجرى في موعدها، بحسب وكالة «بترا».", ["المملكة", "بترا"]),
    ("وأكد مصدر أمني لـ\"الغد.نت\" أن الطريق أعيد فتحه.", ["الغد.نت"]),
    ("وتعتقد مصادر، حسب BBC، أن المبلغ سلم نقدا.", ["BBC"]),
    # نقلا عن names the medium closer to the speaker
    ("وقال الوزير إن الحدود ستفتح، بحسب موقع «الخبر» نقلا عن وكالة «الأناضول».", ["الأناضول", "الخبر"]),
])
def test_more_via_chains(read_quotes, text, via):
    article, quotes = read_quotes(text)
    assert [article.span_text(v) for v in _only(article, quotes).via] == via


def test_a_title_in_quotation_marks_is_no_medium(read_quotes):
    text = "وقال الوزير في ختام مؤتمر «أصدقاء الشعب» إن الدعم سيستمر."
    article, quotes = read_quotes(text)
    assert _only(article, quotes).via == []


@pytest.mark.parametrize(("outlet", "via"), [
    ("bbc", []),  # said to the outlet that publishes the article: its own voice
    ("بي بي سي", []),
    ("cnn", ["بي بي سي"]),
    (None, ["بي بي سي"]),
])
def test_the_publishing_outlet_is_no_via(outlet, via):
    from rasd.model import Article
    from rasd.quotes.stage import find_quotes
    from rasd.text import split_sentences, tokenize

    text = "وقالت الطالبة لبي بي سي إن الامتحان كان صعبا."
    article = Article(text=text)
    article.meta.outlet = outlet
    article.sentences, article.tokens = split_sentences(text), tokenize(text)
    quote = _only(article, find_quotes(article))
    assert [article.span_text(v) for v in quote.via] == via
