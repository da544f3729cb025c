from __future__ import annotations

import pytest

from rasd.errors import Code, RasdError
from rasd.ingest.html import declared_charset, decode_html, parse_html
from rasd.settings import Settings

TITLE = "وزير الزراعة يفتتح سوقاً جديدة للخضار في حمص"
MUST_CONTAIN = [
    "افتتح وزير الزراعة صباح أمس سوقاً جديدة لبيع الخضار والفواكه بالجملة في مدينة حمص",
    "«السوق الجديدة ستخفف الضغط عن الأسواق القديمة",
    "وأوضح المحافظ أن السوق تضم مئة وعشرين محلاً",
    "طالب عدد من التجار بتخفيض رسوم الإيجار في السنة الأولى",
]
MUST_NOT_CONTAIN = [
    "الرئيسية", "اتصل بنا", "رياضة", "عاجل", "انقطاع الكهرباء", "فيسبوك", "تويتر", "واتساب",
    "شارك", "طباعة", "اقرأ أيضاً", "ارتفاع أسعار الذهب", "منتخب الناشئين", "جميع الحقوق محفوظة",
    "زر الذهاب إلى الأعلى", "©",
]


@pytest.fixture(params=["precision", "recall", "balanced"])
def page(request, fixtures):
    html = (fixtures / "article.html").read_text(encoding="utf-8")
    return parse_html(html, Settings(html_favor=request.param), "article.html")


@pytest.mark.parametrize("phrase", MUST_CONTAIN)
def test_page_keeps_article_words(page, phrase: str) -> None:
    assert phrase in page.text


@pytest.mark.parametrize("phrase", MUST_NOT_CONTAIN)
def test_page_drops_boilerplate(page, phrase: str) -> None:
    assert phrase not in page.text


def test_page_text_is_title_then_paragraphs(page) -> None:
    lines = page.text.split("\n")
    assert lines[0] == TITLE
    assert len(lines) == 1 + len(MUST_CONTAIN)
    assert lines.count(TITLE) == 1


def test_page_metadata(page) -> None:
    meta = page.meta
    assert meta.title == TITLE
    assert meta.url == "https://example.org/news/2019/market-homs"
    assert meta.outlet == "جريدة الشروق"
    assert meta.byline == "سامر الخطيب"
    assert meta.section == "اقتصاد"
    assert meta.published == "2019-04-05"
    assert meta.source == "article.html" and len(meta.id) == 16


@pytest.mark.parametrize(
    "html",
    ["", "<html><body></body></html>", "<<<>>>", "<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>"],
)
def test_no_extractable_text_is_e005(html: str) -> None:
    with pytest.raises(RasdError) as caught:
        parse_html(html, Settings(), "bad.html")
    assert caught.value.code is Code.E005_BAD_HTML


def test_declared_legacy_charset_is_used() -> None:
    html = '<html><head><meta charset="windows-1256"></head><body><p>خبر قصير</p></body></html>'
    decoded = decode_html(html.encode("cp1256"), Settings(), "x.html")
    assert "خبر قصير" in decoded.text and decoded.encoding == "windows-1256"
    assert [w.code for w in decoded.warnings] == [Code.W102_LEGACY_ENCODING]


def test_declared_utf8_has_no_warning(fixtures) -> None:
    decoded = decode_html((fixtures / "article.html").read_bytes(), Settings(), "x.html")
    assert decoded.warnings == [] and decoded.encoding == "utf-8"


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "windows-1256"),
        (b"<title>x</title>", None),
        (b'<?xml version="1.0" encoding="ISO-8859-6"?>', "iso-8859-6"),
    ],
)
def test_declared_charset(head: bytes, charset: str | None) -> None:
    assert declared_charset(b"<html><head>" + head + b"</head></html>") == charset


def test_page_without_metadata_warns_w104() -> None:
    html = "<html><body><div><p>" + MUST_CONTAIN[0] + "، وقال المحافظ إن العمل سيبدأ قريباً.</p></div></body></html>"
    doc = parse_html(html, Settings(), "bare.html")
    assert doc.meta.title is None and doc.meta.published is None
    assert [w.code for w in doc.warnings] == [Code.W104_NO_METADATA]
    assert doc.text.startswith(MUST_CONTAIN[0])


def test_url_given_wins_over_the_page_url(fixtures) -> None:
    html = (fixtures / "article.html").read_text(encoding="utf-8")
    doc = parse_html(html, Settings(), "x", url="https://example.org/archived")
    assert doc.meta.url == "https://example.org/archived"


def test_utf16_page(fixtures) -> None:
    html = (fixtures / "article.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="utf-16"')
    decoded = decode_html(html.encode("utf-16"), Settings(), "x.html")
    assert parse_html(decoded.text, Settings(), "x.html").meta.title == TITLE
