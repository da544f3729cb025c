from __future__ import annotations

import gzip
import io
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from rasd.errors import Code
from rasd.ingest import IngestFailure, RawDocument, iter_documents
from rasd.ingest.document import Skipped
from rasd.ingest.files import form_of, sniff
from rasd.settings import Settings

MB = 1024 * 1024
LINE = "أعلن المكتب الإعلامي للمحافظة عن افتتاح مركز صحي جديد في الريف الشمالي.\n"


def run(paths: list, settings: Settings | None = None) -> list:
    return list(iter_documents([str(p) for p in paths], settings or Settings()))


def code_of(item) -> Code | None:
    return item.error.code if isinstance(item, IngestFailure) else None


def source_of(item) -> str:
    return item.source if isinstance(item, IngestFailure) else item.meta.source


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.txt", Code.E001_EMPTY),
        ("blank.txt", Code.E001_EMPTY),
        ("binary.txt", Code.E002_BINARY),
        ("scraped.txt", None),
        ("scraped.txt.gz", None),
        ("legacy_cp1256.txt", None),
        ("article.html", None),
    ],
)
def test_single_file(fixtures: Path, name: str, code: Code | None) -> None:
    (item,) = run([fixtures / name])
    assert code_of(item) is code
    source = item.source if isinstance(item, IngestFailure) else item.meta.source
    assert source == str(fixtures / name)


def test_gz_reads_like_plain(fixtures: Path) -> None:
    (plain,) = run([fixtures / "scraped.txt"])
    (packed,) = run([fixtures / "scraped.txt.gz"])
    assert plain.text == packed.text and plain.meta.title == packed.meta.title


def test_legacy_encoding_warns_w102(fixtures: Path) -> None:
    (doc,) = run([fixtures / "legacy_cp1256.txt"])
    assert [w.code for w in doc.warnings] == [Code.W102_LEGACY_ENCODING]
    assert doc.meta.title == "وزير الخارجية يستقبل نظيره الأردني"


def test_undecodable_bytes_are_e003(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Ünïcödé façade naïve résumé".encode("latin-1"))
    assert [code_of(i) for i in run([path])] == [Code.E003_ENCODING]


def test_missing_path_is_e008_and_iteration_goes_on(fixtures: Path, tmp_path: Path) -> None:
    found = run([tmp_path / "nope.txt", fixtures / "scraped.txt"])
    assert [code_of(i) for i in found] == [Code.E008_NOT_FOUND, None]
    assert found[0].source == str(tmp_path / "nope.txt")


def test_folder_is_walked_sorted_by_extension(fixtures: Path) -> None:
    found = run([fixtures])
    sources = [i.source if isinstance(i, IngestFailure) else i.meta.source for i in found]
    files = [s.split(":")[0] for s in sources]
    assert files == sorted(files)
    assert sum(isinstance(i, RawDocument) for i in found) == 8
    assert sorted(c.value for i in found if (c := code_of(i))) == ["E001", "E001", "E002", "E006", "E009"]


def test_folder_recursion_and_ignored_extensions(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "deep.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / "notes.md").write_text(LINE, encoding="utf-8")
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(b'{"text": "' + LINE.strip().encode() + b'"}\n'))
    found = run([tmp_path])
    assert [source_of(i) for i in found] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b" / "c" / "deep.txt"), str(tmp_path / "notes.md"),
        f"{tmp_path / 'x.jsonl.gz'}:1",
    ]
    assert [code_of(i) for i in found] == [None, None, Code.S201_SKIPPED_FILE, None]
    assert isinstance(found[2], Skipped) and ".md" in found[2].error.detail


def test_too_large_is_e004(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(LINE * 2000, encoding="utf-8")
    assert [code_of(i) for i in run([path], Settings(max_bytes=50_000))] == [Code.E004_TOO_LARGE]


def test_too_large_gz_is_e004_on_decompressed_size(tmp_path: Path) -> None:
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress((LINE * 2000).encode()))
    assert path.stat().st_size < 50_000
    assert [code_of(i) for i in run([path], Settings(max_bytes=50_000))] == [Code.E004_TOO_LARGE]


@pytest.mark.slow
def test_fifty_megabytes_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    chunk = (LINE * 1000).encode()
    with path.open("wb") as out:
        while out.tell() < 50 * MB:
            out.write(chunk)
    start = time.perf_counter()
    found = run([path], Settings(max_bytes=40 * MB))
    assert [code_of(i) for i in found] == [Code.E004_TOO_LARGE]
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("data", "form"),
    [
        (b"WARC/1.0\r\n", "warc"),
        (b'\xef\xbb\xbf{"text": "x"}\n', "jsonl"),
        (b"  <!DOCTYPE html><html>", "html"),
        (b"<p>x</p>", "html"),
        ("خبر عاجل\n".encode(), "text"),
        (b"<3 not html", "text"),
    ],
)
def test_sniff(data: bytes, form: str) -> None:
    assert sniff(data) == form


@pytest.mark.parametrize(
    ("name", "form"),
    [("a.txt", "text"), ("a.TXT.gz", "text"), ("a.htm", "html"), ("a.html.gz", "html"),
     ("a.jsonl", "jsonl"), ("a.warc.gz", "warc"), ("a.md", None), ("a.gz", None)],
)
def test_form_of(name: str, form: str | None) -> None:
    assert form_of(Path(name)) == form


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))


@pytest.mark.parametrize("packed", [False, True])
def test_stdin_text(monkeypatch, fixtures: Path, packed: bool) -> None:
    data = (fixtures / "scraped.txt").read_bytes()
    feed_stdin(monkeypatch, gzip.compress(data) if packed else data)
    (doc,) = run(["-"])
    assert doc.meta.source == "<stdin>" and doc.meta.section == "محليات"


def test_stdin_jsonl(monkeypatch, fixtures: Path) -> None:
    feed_stdin(monkeypatch, (fixtures / "articles.jsonl").read_bytes())
    found = run(["-"])
    assert [code_of(i) for i in found] == [None, Code.E006_BAD_JSON, None, Code.E009_BAD_RECORD, None]
    assert found[0].meta.source == "<stdin>:1"


def test_stdin_html(monkeypatch, fixtures: Path) -> None:
    feed_stdin(monkeypatch, (fixtures / "article.html").read_bytes())
    (doc,) = run(["-"])
    assert doc.meta.title == "وزير الزراعة يفتتح سوقاً جديدة للخضار في حمص"


@pytest.mark.parametrize(("data", "code"), [(b"", Code.E001_EMPTY), (b"x" * 200, Code.E004_TOO_LARGE)])
def test_stdin_failures(monkeypatch, data: bytes, code: Code) -> None:
    feed_stdin(monkeypatch, data)
    (item,) = run(["-"], Settings(max_bytes=100))
    assert code_of(item) is code and item.source == "<stdin>"


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(LINE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(LINE, encoding="utf-8")
    found = run([tmp_path])
    # Not read, but never silently: each hidden file, and each hidden folder once.
    assert [(source_of(i), code_of(i)) for i in found] == [
        (str(tmp_path / ".draft.txt"), Code.S201_SKIPPED_FILE),
        (str(tmp_path / ".git"), Code.S201_SKIPPED_FILE),
        (str(tmp_path / "a.txt"), None),
    ]


@pytest.mark.parametrize(
    ("fixture", "title"),
    [("scraped.txt", "بلدية الميناء تطلق حملة لتنظيف الشواطئ قبل موسم الصيف"),
     ("article.html", "وزير الزراعة يفتتح سوقاً جديدة للخضار في حمص")],
)
def test_unknown_extension_given_by_name_is_sniffed(fixtures: Path, tmp_path: Path, fixture: str, title: str) -> None:
    path = tmp_path / "download.dat"
    path.write_bytes((fixtures / fixture).read_bytes())
    (doc,) = run([path])
    assert doc.meta.title == title


def test_truncated_jsonl_gz_keeps_lines_before_damage(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "' + f"{LINE.strip()} {n}".encode() + b'"}\n' for n in range(200))
    packed = gzip.compress(lines, mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    found = run([path])
    docs = found[:-1]
    assert len(docs) > 10 and all(isinstance(i, RawDocument) for i in docs)
    assert [d.meta.source for d in docs] == [f"{path}:{n}" for n in range(1, len(docs) + 1)]
    assert code_of(found[-1]) is Code.E019_TRUNCATED_GZIP and found[-1].source == f"{path}:{len(docs) + 1}"
    # The last document before the cut says so; the others are whole and carry no warning.
    assert [w.code for w in docs[-1].warnings] == [Code.W103_TRUNCATED]
    assert not any(d.warnings for d in docs[:-1])


def test_truncated_text_gz_is_e019(tmp_path: Path, fixtures: Path) -> None:
    packed = (fixtures / "scraped.txt.gz").read_bytes()
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(packed[: len(packed) // 2])
    assert [code_of(i) for i in run([path])] == [Code.E019_TRUNCATED_GZIP]


@pytest.mark.parametrize("name", ["empty.warc", "empty.jsonl"])
def test_empty_stream_file_is_e001(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert [code_of(i) for i in run([path])] == [Code.E001_EMPTY]


def one_page_warc_gz(fixtures: Path) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    payload = io.BytesIO((fixtures / "article.html").read_bytes())
    writer.write_record(writer.create_warc_record("https://example.org/p", "response", payload=payload,
                                                  http_headers=headers))
    return buf.getvalue()


def test_stdin_warc_gz(monkeypatch, fixtures: Path) -> None:
    feed_stdin(monkeypatch, one_page_warc_gz(fixtures))
    (doc,) = run(["-"])
    assert doc.meta.url == "https://example.org/p" and doc.meta.source == "<stdin>#record-1"
    assert doc.meta.title == "وزير الزراعة يفتتح سوقاً جديدة للخضار في حمص"
