from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasd.errors import Code
from rasd.ingest import IngestFailure, RawDocument, iter_documents
from rasd.ingest.warc import iter_warc
from rasd.settings import Settings

WARC_DATE = "2021-06-01T12:00:00Z"
PARAGRAPH = "عقد مجلس النواب جلسة طارئة لمناقشة أزمة المياه في المحافظات الجنوبية، واستمع إلى شرح من وزير الموارد المائية حول خطة الطوارئ. "
PAGES = [
    ("https://example.org/one", "أزمة المياه أمام مجلس النواب", None),
    ("https://example.org/two", "وزير الموارد المائية يعرض خطة الطوارئ", "2021-05-30"),
    ("https://example.org/three", "المحافظات الجنوبية تنتظر الحلول", None),
]


def page(title: str, date: str | None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(3))
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()


def build_warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "rasd tests"}))
    for url, title, date in PAGES:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(page(title, date)),
                                           http_headers=headers, warc_headers_dict={"WARC-Date": WARC_DATE})
        writer.write_record(record)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG\x00\x00"), http_headers=image))
    return buf.getvalue()


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def warc_file(request, tmp_path: Path) -> Path:
    path = tmp_path / ("news.warc.gz" if request.param else "news.warc")
    path.write_bytes(build_warc(request.param))
    return path


def test_each_html_response_is_a_document(warc_file: Path) -> None:
    docs = list(iter_documents([str(warc_file)], Settings()))
    assert all(isinstance(d, RawDocument) for d in docs)
    assert [d.meta.url for d in docs] == [url for url, _, _ in PAGES]
    assert [d.meta.title for d in docs] == [title for _, title, _ in PAGES]
    assert [d.meta.source for d in docs] == [f"{warc_file}#record-{n}" for n in (2, 3, 4)]


def test_date_from_page_else_warc_date(warc_file: Path) -> None:
    docs = list(iter_documents([str(warc_file)], Settings()))
    assert [d.meta.published for d in docs] == ["2021-06-01T12:00:00+00:00", "2021-05-30", "2021-06-01T12:00:00+00:00"]


def test_document_text_has_title_and_paragraphs(warc_file: Path) -> None:
    doc = next(iter(iter_documents([str(warc_file)], Settings())))
    lines = doc.text.split("\n")
    assert lines[0] == PAGES[0][1] and len(lines) == 4 and PARAGRAPH.strip() in lines[1]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("share", [0.5, 0.7, 0.9])
def test_truncated_warc_keeps_records_before_damage(tmp_path: Path, gz: bool, share: float) -> None:
    data = build_warc(gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: int(len(data) * share)])
    found = list(iter_documents([str(path)], Settings()))
    docs = [d for d in found if isinstance(d, RawDocument)]
    failures = [f for f in found if isinstance(f, IngestFailure)]
    assert len(docs) < len(PAGES) or share > 0.8  # a late cut may only hit the image record
    assert [f.error.code for f in failures] == [Code.E007_BAD_WARC]
    assert found[-1] is failures[0] and failures[0].source.startswith(f"{path}#record-")
    assert [d.meta.url for d in docs] == [url for url, _, _ in PAGES[: len(docs)]]


def test_garbage_is_e007() -> None:
    found = list(iter_warc(io.BytesIO(b"WARC/1.0\r\nnot a header at all\r\n\r\n"), Settings(), "junk.warc", size=40))
    assert [f.error.code for f in found] == [Code.E007_BAD_WARC]


def test_record_over_limit_is_e004_and_others_go_on(tmp_path: Path) -> None:
    path = tmp_path / "news.warc"
    path.write_bytes(build_warc(False))
    limit = max(len(page(title, date)) for _, title, date in PAGES if date is None) + 5
    assert len(page(PAGES[1][1], PAGES[1][2])) > limit  # only the dated page is over the limit
    found = list(iter_documents([str(path)], Settings(max_bytes=limit)))
    assert [type(f).__name__ for f in found] == ["RawDocument", "IngestFailure", "RawDocument"]
    assert found[1].error.code is Code.E004_TOO_LARGE
