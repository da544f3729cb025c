"""A batch loses nothing: every document in comes out analysed, failed (with a code and its
source) or skipped (with a reason), the summary adds up, and output lines are whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rasd import pipeline as pipeline_module
from rasd.api import BatchSummary, analyze_paths, pipeline_for
from rasd.cli import EXIT_OK, EXIT_SOME_FAILED, main
from rasd.errors import Code, RasdError
from rasd.ingest import IngestFailure
from rasd.ingest.document import Skipped
from rasd.model import Article
from rasd.pipeline import Stage
from rasd.settings import Settings

SENTENCE = "استقبل وزير التربية وفداً من المعلمين، وقال إن الرواتب سترتفع مطلع العام الدراسي المقبل."
TITLE = "وزير التربية يستقبل المعلمين"
TEXT_STAGES = ("language", "sentences", "tokens")
SUMMARY = re.compile(r"rasd: (\d+) documents?: (\d+) analysed, (\d+) failed, (\d+) skipped")


def record(n: int, **extra) -> str:
    return json.dumps({"id": f"d{n}", "text": f"{SENTENCE} ({n})", **extra}, ensure_ascii=True)


def surrogate_jsonl(path: Path, count: int = 100) -> Path:
    lines = []
    for n in range(1, count + 1):
        if n % 10 == 3:  # lone surrogates in text, title and metadata (valid JSON escapes)
            lines.append(json.dumps({"text": f"{SENTENCE}\ud800 ({n})", "title": TITLE + "\udc00",
                                     "outlet": "\ud83d"}, ensure_ascii=True))
        else:
            lines.append(record(n))
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


@pytest.fixture
def stage_that(monkeypatch):
    """Add a last stage `probe` that runs `fn(article)`; returns the Settings that use it."""

    def install(fn):
        def factory(settings):
            return lambda article, settings: fn(article)

        monkeypatch.setitem(pipeline_module._REGISTRY, "probe", Stage("probe", (), (), factory))
        pipeline_for.cache_clear()
        return Settings(stages=(*TEXT_STAGES, "probe"))

    yield install
    pipeline_for.cache_clear()


def test_surrogate_records_all_analysed(tmp_path: Path) -> None:
    items = list(analyze_paths([str(surrogate_jsonl(tmp_path / "s.jsonl"))], Settings(stages=TEXT_STAGES)))
    assert len(items) == 100 and all(isinstance(i, Article) for i in items)
    warned = [i for i in items if any(w.code is Code.W107_UNENCODABLE for w in i.warnings)]
    assert len(warned) == 10
    for article in items:
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_an_exception_in_a_stage_is_e017_and_the_batch_goes_on(tmp_path: Path, stage_that) -> None:
    def fragile(article):
        if "(4)" in article.text:
            raise IndexError("list index out of range")

    settings = stage_that(fragile)
    path = tmp_path / "six.jsonl"
    path.write_text("\n".join(record(n) for n in range(1, 7)) + "\n", encoding="utf-8")
    items = list(analyze_paths([str(path)], settings))
    assert [type(i).__name__ for i in items] == ["Article"] * 3 + ["IngestFailure"] + ["Article"] * 2
    failure = items[3]
    assert failure.code is Code.E017_INTERNAL and failure.source == f"{path}:4"
    assert "stage probe" in failure.error.detail and "IndexError" in failure.error.detail


def test_a_coded_error_of_a_stage_keeps_its_code(tmp_path: Path, stage_that) -> None:
    def over_budget(article):
        if "(2)" in article.text:
            raise RasdError(Code.E020_TIME_BUDGET, "took 301 s")

    settings = stage_that(over_budget)
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(record(n) for n in range(1, 4)) + "\n", encoding="utf-8")
    items = list(analyze_paths([str(path)], settings))
    assert [getattr(i, "code", None) for i in items] == [None, Code.E020_TIME_BUDGET, None]
    assert items[1].source == f"{path}:2" and f"{path}:2" in items[1].describe()


def test_summary_adds_up() -> None:
    summary = BatchSummary()
    for item in [Article(text="x"), IngestFailure("a", RasdError(Code.E001_EMPTY)),
                 Skipped("b", RasdError(Code.S201_SKIPPED_FILE)), Article(text="y")]:
        summary.add(item)
    assert (summary.documents, summary.analysed, summary.failed, summary.skipped) == (4, 2, 1, 1)
    assert summary.format() == "4 documents: 2 analysed, 1 failed, 1 skipped"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def summary_of(err: str) -> tuple[int, ...]:
    (found,) = SUMMARY.findall(err)
    return tuple(int(n) for n in found)


def test_cli_surrogate_file_all_accounted(capsys, tmp_path: Path) -> None:
    path = surrogate_jsonl(tmp_path / "s.jsonl")
    target = tmp_path / "out.jsonl"
    code, _, err = cli(capsys, "analyze", str(path), "--out", str(target), "--stages", ",".join(TEXT_STAGES))
    assert code == EXIT_OK and summary_of(err) == (100, 100, 0, 0)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 100 and all(json.loads(line)["schema"] == "rasd.analysis/1" for line in lines)


def test_cli_mixed_folder_every_file_accounted(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"good-{n}.txt").write_text(f"{SENTENCE} {n}", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text(SENTENCE, encoding="utf-8")
    (folder / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "LICENSE").write_text(SENTENCE, encoding="utf-8")
    (folder / "records.json").write_text(json.dumps([{"text": SENTENCE}, {"text": SENTENCE + "!"}]), encoding="utf-8")
    surrogate_jsonl(folder / "lines.jsonl", 10)
    code, out, err = cli(capsys, "analyze", str(folder), "--stages", ",".join(TEXT_STAGES))
    # 5 + LICENSE + 2 records + 10 lines analysed; empty.txt failed; .md and .csv skipped
    assert summary_of(err) == (21, 18, 1, 2)
    assert code == EXIT_SOME_FAILED and len(out.strip().split("\n")) == 18
    assert re.search(r"notes\.md: S201 .*\(extension \.md", err) and "data.csv: S201" in err


def test_cli_skipped_only_is_not_a_failure(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.md").write_text(SENTENCE, encoding="utf-8")
    code, _, err = cli(capsys, "analyze", str(tmp_path), "--stages", ",".join(TEXT_STAGES))
    assert code == EXIT_OK and summary_of(err) == (2, 1, 0, 1)


def test_cli_output_line_is_whole_or_absent(capsys, tmp_path: Path, monkeypatch) -> None:
    import rasd.cli as cli_module

    real = cli_module._emit

    def half_then_fail(article, fmt, args, out):
        if "(2)" in article.text:
            out.write('{"schema": "rasd.analysis/1", "article": ')
            raise ValueError("cannot serialise")
        real(article, fmt, args, out)

    monkeypatch.setattr(cli_module, "_emit", half_then_fail)
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(record(n) for n in range(1, 4)) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, err = cli(capsys, "analyze", str(path), "--out", str(target), "--stages", ",".join(TEXT_STAGES))
    assert code == EXIT_SOME_FAILED and summary_of(err) == (3, 2, 1, 0)
    assert f"{path}:2: E017" in err and "ValueError: cannot serialise" in err
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["d1", "d3"]


def test_cli_stage_exception_is_counted_as_failed(capsys, tmp_path: Path, stage_that, monkeypatch) -> None:
    import rasd.cli as cli_module

    def fragile(article):
        if "(1)" in article.text:
            raise ZeroDivisionError("division by zero")

    settings = stage_that(fragile)
    monkeypatch.setattr(cli_module, "_settings_from", lambda args: settings)
    path = tmp_path / "two.jsonl"
    path.write_text(record(1) + "\n" + record(2) + "\n", encoding="utf-8")
    code, out, err = cli(capsys, "analyze", str(path))
    assert code == EXIT_SOME_FAILED and summary_of(err) == (2, 1, 1, 0)
    assert f"rasd: {path}:1: E017" in err and json.loads(out)["article"]["id"] == "d2"
