from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasd.errors import Code
from rasd.ingest import IngestFailure, RawDocument, iter_documents
from rasd.ingest.warc import iter_warc
from rasd.settings import Settings

WARC_DATE = "2021-06-01T12:00:00Z"
RECORD_SEPARATOR = b"\r\n\r\n"
GZIP_MEMBER_END = 12  # the end of the deflate stream (the separator), then CRC32 and size
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


def fixed(record, number: int):
    """The record with a fixed id and date, so that the archive is the same bytes every run."""
    record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>")
    record.rec_headers.replace_header("WARC-Date", WARC_DATE)
    return record


def build_warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(fixed(writer.create_warcinfo_record("test.warc", {"software": "rasd tests"}), 0))
    for number, (url, title, date) in enumerate(PAGES, 1):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(page(title, date)), http_headers=headers)
        writer.write_record(fixed(record, number))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    logo = writer.create_warc_record("https://example.org/logo.png", "response",
                                     payload=io.BytesIO(b"\x89PNG\x00\x00"), http_headers=image)
    writer.write_record(fixed(logo, len(PAGES) + 1))
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
    found = list(iter_warc(io.BytesIO(b"WARC/1.0\r\nnot a header at all\r\n\r\n"), Settings(), "junk.warc"))
    assert [f.error.code for f in found] == [Code.E007_BAD_WARC]


def test_record_over_limit_is_e004_and_others_go_on(tmp_path: Path) -> None:
    path = tmp_path / "news.warc"
    path.write_bytes(build_warc(False))
    limit = max(len(page(title, date)) for _, title, date in PAGES if date is None) + 5
    assert len(page(PAGES[1][1], PAGES[1][2])) > limit  # only the dated page is over the limit
    found = list(iter_documents([str(path)], Settings(max_bytes=limit)))
    assert [type(f).__name__ for f in found] == ["RawDocument", "IngestFailure", "RawDocument"]
    assert found[1].error.code is Code.E004_TOO_LARGE


def record_starts(data: bytes) -> list[int]:
    records = ArchiveIterator(io.BytesIO(data))
    return [records.get_record_offset() for _ in records]


def at_record_boundary(cut: int, starts: list[int], gz: bool) -> bool:
    """A cut at the start of a record, or inside what ends the one before (the blank separator,
    the gzip member's checksum trailer), loses no byte of any record: nothing can tell it was cut."""
    slack = GZIP_MEMBER_END if gz else len(RECORD_SEPARATOR)
    return any(start - slack <= cut <= start for start in starts[1:])


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_any_cut_keeps_a_prefix_and_reports_the_rest(gz: bool) -> None:
    data = build_warc(gz)
    urls = [url for url, _, _ in PAGES]
    starts = record_starts(data)
    for cut in range(1, len(data), 11):
        found = list(iter_warc(io.BytesIO(data[:cut]), Settings(), "cut.warc"))
        docs = [d.meta.url for d in found if isinstance(d, RawDocument)]
        codes = [f.error.code for f in found if isinstance(f, IngestFailure)]
        assert docs == urls[: len(docs)], cut
        # A cut that leaves only non-page records is reported as an archive without pages.
        allowed = ([], [Code.E007_BAD_WARC]) + (([Code.E005_BAD_HTML],) if not docs else ())
        assert codes in allowed and (not codes or isinstance(found[-1], IngestFailure)), cut
        assert codes or len(docs) == len(urls) or at_record_boundary(cut, starts, gz), cut


def test_archive_is_deterministic() -> None:
    assert build_warc(True) == build_warc(True)


def test_archive_without_html_responses_is_reported(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from rasd.errors import Code
    from rasd.ingest.document import IngestFailure
    from rasd.ingest.warc import iter_warc
    from rasd.settings import Settings

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG...."), http_headers=headers))
    buffer.seek(0)
    items = list(iter_warc(buffer, Settings(), "pictures.warc"))
    assert len(items) == 1 and isinstance(items[0], IngestFailure)
    assert items[0].error.code is Code.E005_BAD_HTML
