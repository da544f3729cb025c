from __future__ import annotations

import io
import json

import pytest

from rasd.errors import Code, RasdError
from rasd.ingest import IngestFailure, RawDocument, document_from_record, document_from_text
from rasd.ingest.jsonl import iter_jsonl, read_line
from rasd.settings import Settings

BODY = "افتتح المحافظ صباح اليوم جسراً جديداً فوق النهر.\nوقال إن المشروع استغرق ثلاث سنوات."


def items(fixtures):
    with (fixtures / "articles.jsonl").open("rb") as stream:
        return list(iter_jsonl(stream, Settings(), "articles.jsonl"))


def test_broken_line_fails_and_others_go_on(fixtures) -> None:
    kinds = [(type(i).__name__, i.meta.source if isinstance(i, RawDocument) else i.source) for i in items(fixtures)]
    assert kinds == [
        ("RawDocument", "articles.jsonl:1"),
        ("IngestFailure", "articles.jsonl:2"),
        ("RawDocument", "articles.jsonl:3"),
        ("IngestFailure", "articles.jsonl:4"),
        ("RawDocument", "articles.jsonl:6"),
    ]


@pytest.mark.parametrize(("index", "code"), [(1, Code.E006_BAD_JSON), (3, Code.E009_BAD_RECORD)])
def test_failure_codes(fixtures, index: int, code: Code) -> None:
    failure = items(fixtures)[index]
    assert isinstance(failure, IngestFailure) and failure.error.code is code
    assert failure.source in failure.error.describe()


def test_record_fields_become_metadata(fixtures) -> None:
    doc = items(fixtures)[0]
    assert doc.meta.id == "a1" and doc.meta.url == "https://example.org/a1"
    assert doc.meta.outlet == "الشروق" and doc.meta.section == "محليات" and doc.meta.byline == "ليلى حسن"
    assert doc.meta.published == "2020-03-02T08:00:00+02:00"
    assert doc.text.split("\n")[0] == "افتتاح جسر جديد فوق النهر"


def test_html_record_with_rfc_2822_date(fixtures) -> None:
    doc = items(fixtures)[2]
    assert doc.meta.title == "ارتفاع أسعار الخبز"
    assert doc.meta.published == "2020-03-02T10:15:00+02:00"
    assert "رفع سعر ربطة الخبز" in doc.text


def test_unparsed_date_warns_w105(fixtures) -> None:
    doc = items(fixtures)[4]
    assert doc.meta.published is None
    assert [w.code for w in doc.warnings] == [Code.W105_DATE_UNPARSED]


@pytest.mark.parametrize(
    "record",
    [{}, {"text": ""}, {"text": "   "}, {"html": None}, {"title": "عنوان فقط"}, {"text": 5}],
)
def test_record_without_text_is_e009(record: dict) -> None:
    with pytest.raises(RasdError) as caught:
        document_from_record(record)
    assert caught.value.code is Code.E009_BAD_RECORD


@pytest.mark.parametrize("line", [b"[1, 2]\n", b'"text"\n', b"42\n"])
def test_non_object_line_is_e009(line: bytes) -> None:
    (failure,) = iter_jsonl(io.BytesIO(line), Settings(), "x")
    assert failure.error.code is Code.E009_BAD_RECORD


def test_record_title_is_prepended_once() -> None:
    title = "افتتاح جسر جديد"
    doc = document_from_record({"title": title, "text": f"{title}\n{BODY}"})
    assert doc.text == f"{title}\n{BODY}"


def test_record_id_else_hash_of_url_else_text() -> None:
    by_url = document_from_record({"url": "https://example.org/x", "text": BODY})
    same_url = document_from_record({"url": "https://example.org/x", "text": BODY + "\nسطر آخر."})
    by_text = document_from_record({"text": BODY})
    assert by_url.meta.id == same_url.meta.id != by_text.meta.id
    assert document_from_record({"id": 7, "text": BODY}).meta.id == "7"


def test_document_from_text() -> None:
    doc = document_from_text(BODY)
    assert doc.text == BODY and doc.meta.source == "<text>"


@pytest.mark.parametrize("text", ["", "  \n "])
def test_document_from_empty_text_is_e001(text: str) -> None:
    with pytest.raises(RasdError) as caught:
        document_from_text(text)
    assert caught.value.code is Code.E001_EMPTY


def test_overlong_line_is_e004_and_next_line_read() -> None:
    good = json.dumps({"text": BODY}, ensure_ascii=False).encode()
    data = b'{"text": "' + b"x" * 500 + b'"}\n' + good + b"\n"
    found = list(iter_jsonl(io.BytesIO(data), Settings(max_bytes=300), "big.jsonl"))
    assert found[0].error.code is Code.E004_TOO_LARGE and found[0].source == "big.jsonl:1"
    assert isinstance(found[1], RawDocument) and found[1].meta.source == "big.jsonl:2"


def test_read_line_limit() -> None:
    stream = io.BytesIO(b"abc\n" + b"y" * 20 + b"\nz\n")
    assert read_line(stream, 10) == (b"abc\n", False)
    assert read_line(stream, 10) == (b"", True)
    assert read_line(stream, 10) == (b"z\n", False)


@pytest.mark.parametrize(
    ("record", "published", "byline"),
    [
        ({"content": BODY, "date": "2015-07-21", "author": "مراسلنا"}, "2015-07-21", "مراسلنا"),
        ({"body": BODY, "time": "Sun, 06 May 2018 13:30:28 +0400"}, "2018-05-06T13:30:28+04:00", None),
        ({"text": BODY, "content": "غير هذا", "published": "2020-01-01", "date": "2019-01-01"}, "2020-01-01", None),
    ],
)
def test_field_aliases(record: dict, published: str, byline: str | None) -> None:
    doc = document_from_record(record)
    assert doc.text == BODY and doc.meta.published == published and doc.meta.byline == byline


@pytest.mark.parametrize("make", [document_from_text, lambda t, s: document_from_record({"text": t}, s)])
def test_text_over_limit_is_e004(make) -> None:
    with pytest.raises(RasdError) as caught:
        make(BODY * 20, Settings(max_bytes=1000))
    assert caught.value.code is Code.E004_TOO_LARGE
    assert make(BODY, Settings(max_bytes=1000)).text == BODY


def test_unparsed_record_date_keeps_the_page_date() -> None:
    html = ('<html><head><meta property="article:published_time" content="2019-04-05"></head><body><article>'
            "<p>" + BODY.replace("\n", "</p><p>") + "</p></article></body></html>")
    doc = document_from_record({"html": html, "published": "قريباً"})
    assert doc.meta.published == "2019-04-05"
    assert [w.code for w in doc.warnings] == [Code.W105_DATE_UNPARSED]


def test_ant_corpus_fields_fill_the_contract_fields() -> None:
    record = {"docno": "SKY-world-7-20180508", "source": "skynews", "category": "middleEast",
              "time": "Tue, 08 May 2018 10:00:00 +0400", "author": "دبي - وكالات", "text": BODY}
    meta = document_from_record(record).meta
    assert (meta.id, meta.outlet, meta.section, meta.byline) == (
        "SKY-world-7-20180508", "skynews", "middleEast", "دبي - وكالات")
    assert meta.published.startswith("2018-05-08")


def test_contract_field_wins_over_its_alias() -> None:
    meta = document_from_record({"id": "mine", "docno": "theirs", "outlet": "a", "source": "b", "text": BODY}).meta
    assert (meta.id, meta.outlet) == ("mine", "a")
