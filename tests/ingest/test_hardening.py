"""Ingestion that loses nothing: unencodable code points, every folder entry accounted for,
`.json` files, standard input streamed like a file, truncated gzip, deeply nested HTML."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from rasd.errors import Code, RasdError
from rasd.ingest import IngestFailure, RawDocument, document_from_record, document_from_text, iter_documents
from rasd.ingest.document import Skipped, stable_id
from rasd.ingest.html import MAX_HTML_DEPTH, html_depth, parse_html
from rasd.settings import Settings

SENTENCE = "افتتحت البلدية حديقة عامة جديدة قرب محطة القطار، وقال رئيسها إن العمل استمر عامين."
TITLE = "حديقة جديدة قرب محطة القطار"
PARAGRAPH = "أكد مدير المستشفى الجامعي أن الجناح الجديد سيستقبل المرضى ابتداءً من الشهر المقبل، وأن عدد الأسرة سيرتفع إلى ثلاثمئة."


def run(paths: list, settings: Settings | None = None) -> list:
    return list(iter_documents([str(p) for p in paths], settings or Settings()))


def code_of(item) -> Code | None:
    return item.error.code if isinstance(item, IngestFailure) else None


def source_of(item) -> str:
    return item.source if isinstance(item, IngestFailure) else item.meta.source


def record_line(n: int, **extra) -> str:
    return json.dumps({"id": f"r{n}", "text": f"{SENTENCE} ({n})", **extra}, ensure_ascii=True)


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))


# --- lone surrogates (valid JSON escapes, not encodable as UTF-8) -------------------------------

def test_surrogate_in_text_is_replaced_with_w107() -> None:
    doc = document_from_record(json.loads('{"text": "' + SENTENCE + ' \\ud800 وانتهى."}'))
    assert "\ud800" not in doc.text and "\ufffd" in doc.text
    assert [w.code for w in doc.warnings] == [Code.W107_UNENCODABLE]
    doc.text.encode("utf-8")  # would raise before the fix
    assert doc.meta.id


def test_surrogates_in_title_and_metadata_are_replaced() -> None:
    record = json.loads(json.dumps({"text": SENTENCE, "title": TITLE + "\udc00", "outlet": "\ud83dالوطن",
                                    "url": "https://example.org/\udfff"}))
    doc = document_from_record(record)
    for value in (doc.text, doc.meta.title, doc.meta.outlet, doc.meta.url, doc.meta.id):
        value.encode("utf-8")
    assert doc.meta.title == TITLE + "\ufffd" and doc.meta.outlet == "\ufffdالوطن"
    assert "3" in doc.warnings[-1].message  # three replaced


def test_surrogate_in_plain_text_api() -> None:
    doc = document_from_text(SENTENCE + "\ud800")
    assert doc.text.endswith("\ufffd") and doc.warnings[-1].code is Code.W107_UNENCODABLE


def test_stable_id_never_raises_on_a_surrogate() -> None:
    assert len(stable_id("\ud800" + SENTENCE)) == 16


def test_jsonl_with_surrogate_lines_loses_nothing(tmp_path: Path) -> None:
    lines = [record_line(n, title=TITLE + ("\ud800" if n % 7 == 0 else "")) for n in range(1, 101)]
    lines[49] = json.dumps({"text": SENTENCE + "\udc01"}, ensure_ascii=True)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    found = run([path])
    assert len(found) == 100 and all(isinstance(d, RawDocument) for d in found)
    warned = [d.meta.source for d in found if any(w.code is Code.W107_UNENCODABLE for w in d.warnings)]
    assert len(warned) == 14 + 1 and f"{path}:50" in warned


def test_surrogate_in_a_file_name_is_replaced(tmp_path: Path) -> None:
    name = os.fsdecode(b"news-\xff.txt")  # an undecodable byte: a lone surrogate in the str
    try:
        (tmp_path / name).write_text(SENTENCE, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses undecodable names")
    (doc,) = run([tmp_path])
    doc.meta.source.encode("utf-8")
    assert doc.warnings[-1].code is Code.W107_UNENCODABLE


def test_an_unexpected_error_in_one_record_is_e017_and_the_file_goes_on(tmp_path: Path, monkeypatch) -> None:
    import rasd.ingest.jsonl as jsonl

    real = jsonl.parse_plaintext

    def fragile(text, *args, **kwargs):
        if "(3)" in text:
            raise ValueError("a parser bug")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(jsonl, "parse_plaintext", fragile)
    path = tmp_path / "five.jsonl"
    path.write_text("\n".join(record_line(n) for n in range(1, 6)) + "\n", encoding="utf-8")
    found = run([path])
    assert [code_of(i) for i in found] == [None, None, Code.E017_INTERNAL, None, None]
    assert found[2].source == f"{path}:3" and "ValueError: a parser bug" in found[2].error.detail


def test_an_unexpected_error_in_a_file_is_e017_and_the_folder_goes_on(tmp_path: Path, monkeypatch) -> None:
    import rasd.ingest.files as files

    real = files.text_document

    def fragile(data, settings, source):
        if source.endswith("b.txt"):
            raise KeyError("boom")
        return real(data, settings, source)

    monkeypatch.setattr(files, "text_document", fragile)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(SENTENCE, encoding="utf-8")
    found = run([tmp_path])
    assert [code_of(i) for i in found] == [None, Code.E017_INTERNAL, None]
    assert found[1].source == str(tmp_path / "b.txt")


# --- folder walks: every entry accounted for ----------------------------------------------------

def test_folder_walk_accounts_for_every_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "README").write_text(SENTENCE, encoding="utf-8")  # no extension: sniffed, read
    (tmp_path / "notes.md").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (tmp_path / "sub" / "one.json").write_text(json.dumps({"text": SENTENCE, "title": TITLE}), encoding="utf-8")
    (tmp_path / "sub" / "config.json").write_text(json.dumps({"theme": "dark"}), encoding="utf-8")
    (tmp_path / "sub" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    found = run([tmp_path])
    by_name = {Path(source_of(i).split("#")[0]).name: i for i in found}
    assert len(found) == 7 and set(by_name) == {
        "a.txt", "README", "notes.md", "photo.jpg", "one.json", "config.json", "dangling.txt"}
    assert isinstance(by_name["README"], RawDocument) and isinstance(by_name["one.json"], RawDocument)
    assert by_name["one.json"].meta.title == TITLE
    for name in ("notes.md", "photo.jpg", "config.json", "dangling.txt"):
        assert isinstance(by_name[name], Skipped) and code_of(by_name[name]) is Code.S201_SKIPPED_FILE
        assert by_name[name].error.detail  # each with its reason
    assert "S201" in by_name["notes.md"].describe() and ".md" in by_name["notes.md"].describe()


def test_link_to_a_folder_is_reported_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = run([tmp_path])
    assert [(Path(source_of(i)).name, code_of(i)) for i in found] == [
        ("loop", Code.S201_SKIPPED_FILE), ("a.txt", None)]


def test_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": SENTENCE}, {"title": "بلا نص"}, {"text": PARAGRAPH}]), encoding="utf-8")
    found = run([path])
    assert [code_of(i) for i in found] == [None, Code.E009_BAD_RECORD, None]
    assert [source_of(i) for i in found] == [f"{path}#record-{n}" for n in (1, 2, 3)]


def test_json_lines_under_a_json_name(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text("\n".join(record_line(n) for n in range(1, 4)) + "\n", encoding="utf-8")
    assert [source_of(i) for i in run([path])] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_broken_json_file_is_e006(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"text": "' + SENTENCE, encoding="utf-8")
    assert [code_of(i) for i in run([path])] == [Code.E006_BAD_JSON]


# --- truncated gzip -----------------------------------------------------------------------------

def test_truncated_html_gz_is_e019(tmp_path: Path) -> None:
    page = f"<html><body><article><h1>{TITLE}</h1><p>{PARAGRAPH}</p></article></body></html>" * 20
    packed = gzip.compress(page.encode("utf-8"))
    path = tmp_path / "page.html.gz"
    path.write_bytes(packed[: len(packed) - 30])
    assert [code_of(i) for i in run([path])] == [Code.E019_TRUNCATED_GZIP]


def test_misnamed_plain_file_with_gz_name_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt.gz"
    path.write_text(SENTENCE, encoding="utf-8")
    (doc,) = run([path])
    assert doc.text == SENTENCE


# --- standard input, streamed like a file -------------------------------------------------------

def test_stdin_jsonl_bigger_than_the_limit_is_streamed(monkeypatch) -> None:
    lines = "".join(record_line(n) + "\n" for n in range(1, 201)).encode()
    settings = Settings(max_bytes=2_000)  # each line fits, the whole input is 10x the limit
    assert len(lines) > 10 * settings.max_bytes
    feed_stdin(monkeypatch, lines)
    found = run(["-"], settings)
    assert len(found) == 200 and all(isinstance(d, RawDocument) for d in found)
    assert found[-1].meta.source == "<stdin>:200"


def test_stdin_gzipped_jsonl_streamed_and_truncated(monkeypatch) -> None:
    lines = "".join(record_line(n) + "\n" for n in range(1, 301)).encode()
    packed = gzip.compress(lines)
    feed_stdin(monkeypatch, packed[: len(packed) * 2 // 3])
    found = run(["-"], Settings(max_bytes=2_000))
    assert len(found) > 50 and all(isinstance(d, RawDocument) for d in found[:-1])
    assert code_of(found[-1]) is Code.E019_TRUNCATED_GZIP
    assert found[-2].warnings[-1].code is Code.W103_TRUNCATED


def test_stdin_over_limit_line_is_e004_for_that_line_only(monkeypatch) -> None:
    big = json.dumps({"text": PARAGRAPH * 50}, ensure_ascii=False)
    feed_stdin(monkeypatch, (record_line(1) + "\n" + big + "\n" + record_line(3) + "\n").encode())
    found = run(["-"], Settings(max_bytes=2_000))
    assert [code_of(i) for i in found] == [None, Code.E004_TOO_LARGE, None]
    assert found[1].source == "<stdin>:2"


def warc_gz(pages: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(1, pages + 1):
        html = (f"<html><head><title>{TITLE} {n}</title></head><body><article><h1>{TITLE} {n}</h1>"
                f"<p>{PARAGRAPH}</p><p>{SENTENCE}</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    return buffer.getvalue()


def test_stdin_truncated_warc_gz_keeps_pages_before_damage(monkeypatch, tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    data = warc_gz(10)
    records = ArchiveIterator(io.BytesIO(data))
    starts = [records.get_record_offset() for _ in records]
    cut = data[: (starts[6] + starts[7]) // 2]  # inside the seventh page's record
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(cut)
    by_path = [i.meta.url for i in run([path]) if isinstance(i, RawDocument)]
    feed_stdin(monkeypatch, cut)
    found = run(["-"])
    by_stdin = [i.meta.url for i in found if isinstance(i, RawDocument)]
    assert by_stdin == by_path == [f"https://example.org/{n}" for n in range(1, 7)]
    assert code_of(found[-1]) is Code.E007_BAD_WARC


def test_stdin_json_list_of_records(monkeypatch) -> None:
    feed_stdin(monkeypatch, json.dumps([{"text": SENTENCE}, {"text": PARAGRAPH}], ensure_ascii=False).encode())
    found = run(["-"])
    assert [source_of(i) for i in found] == ["<stdin>#record-1", "<stdin>#record-2"]
    assert found[1].text == PARAGRAPH


def test_text_starting_with_a_bracket_is_still_text(monkeypatch) -> None:
    feed_stdin(monkeypatch, f"[عاجل] {SENTENCE}".encode())
    (doc,) = run(["-"])
    assert isinstance(doc, RawDocument) and SENTENCE in doc.text


def test_stdin_big_text_is_e004_but_small_text_read(monkeypatch) -> None:
    feed_stdin(monkeypatch, (SENTENCE + "\n").encode() * 100)
    assert [code_of(i) for i in run(["-"], Settings(max_bytes=1_000))] == [Code.E004_TOO_LARGE]
    feed_stdin(monkeypatch, SENTENCE.encode())
    (doc,) = run(["-"])
    assert doc.text == SENTENCE


# --- deeply nested HTML -------------------------------------------------------------------------

def deep_page(levels: int) -> str:
    body = f"<article><h1>{TITLE}</h1><p>{PARAGRAPH}</p><p>{SENTENCE}</p></article>"
    return (f"<html><head><title>{TITLE}</title></head><body>" + "<div class='w'>" * levels + body
            + "</div>" * levels + "</body></html>")


def test_html_depth_counts_nesting() -> None:
    assert html_depth(deep_page(10)) == 10 + 4  # html, body, the divs, article, p
    assert html_depth("<p>a<br>b<img src=x></p>") == 1


@pytest.mark.parametrize("levels", [MAX_HTML_DEPTH + 50, 600, 5000, 50_000])
def test_deeply_nested_html_keeps_its_text(levels: int) -> None:
    doc = parse_html(deep_page(levels), Settings(), "deep.html")
    assert PARAGRAPH in doc.text and SENTENCE in doc.text
    assert doc.meta.title == TITLE


def test_html_too_deep_even_flattened_is_e018() -> None:
    levels = 2 * MAX_HTML_DEPTH  # blockquotes are kept by flattening: they stay this deep
    html = "<html><body>" + "<blockquote>" * levels + f"<p>{PARAGRAPH}</p>" + "</blockquote>" * levels + "</body></html>"
    with pytest.raises(RasdError) as caught:
        parse_html(html, Settings(), "quotes.html")
    assert caught.value.code in (Code.E018_HTML_TOO_DEEP,)


def test_html_without_text_stays_e005_however_deep() -> None:
    html = "<html><body>" + "<div>" * 400 + "</div>" * 400 + "</body></html>"
    with pytest.raises(RasdError) as caught:
        parse_html(html, Settings(), "empty.html")
    assert caught.value.code is Code.E005_BAD_HTML
