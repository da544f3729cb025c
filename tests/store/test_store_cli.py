"""`rasd analyze --store`, `rasd store info|export|import`: output, exit codes, coded errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import store_fixtures as fx  # noqa: E402

from rasd.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main  # noqa: E402
from rasd.store.database import Store  # noqa: E402


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_analyze_into_a_store_prints_nothing_but_the_summary(capsys, tmp_path):
    path = tmp_path / "news.duckdb"
    code, out, err = run(capsys, "analyze", str(fx.FIXTURES), "--store", str(path))
    assert code == EXIT_OK and out == ""
    assert "rasd: 4 documents: 4 analysed, 0 failed, 0 skipped" in err
    assert "3 articles written" in err and "1 repeats kept as sources" in err
    with Store(path, read_only=True) as store:
        assert store.counts()["articles"] == 3
        assert store.load_article("fx-beirut-2").meta.outlet == "جريدة المساء"


def test_analyze_into_a_store_and_out(capsys, tmp_path):
    path, out_file = tmp_path / "news.duckdb", tmp_path / "out.jsonl"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(fx.FIXTURES), str(empty), "--store", str(path),
                         "--out", str(out_file))
    assert code == EXIT_SOME_FAILED and out == ""
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 4
    with Store(path, read_only=True) as store:
        assert store.connection.execute("SELECT source, code FROM failures").fetchall() == [(str(empty), "E001")]
    code, out, _ = run(capsys, "analyze", str(fx.FIXTURES), "--store", str(path))  # again: replaced, not doubled
    with Store(path, read_only=True) as store:
        assert store.counts()["articles"] == 3 and store.counts()["article_sources"] == 1


def test_analyze_into_something_that_is_not_a_store(capsys, tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (a INTEGER)")
    con.close()
    code, out, err = run(capsys, "analyze", str(fx.FIXTURES), "--store", str(other))
    assert code == EXIT_USAGE and "E023" in err and "documents" not in err  # refused before analysing


@pytest.fixture
def filled(capsys, tmp_path) -> Path:
    path = tmp_path / "news.duckdb"
    assert run(capsys, "analyze", str(fx.FIXTURES), "--store", str(path))[0] == EXIT_OK
    return path


def test_store_info(capsys, filled):
    code, out, _ = run(capsys, "store", "info", "--store", str(filled))
    assert code == EXIT_OK and "schema version" in out and "4 = 3 articles + 1 repeats + 0 failed" in out
    code, out, _ = run(capsys, "store", "info", "--store", str(filled), "--format", "json")
    info = json.loads(out)
    assert info["counts"]["articles"] == 3 and info["bytes"] > 0


def test_store_export_and_import(capsys, filled, tmp_path):
    out = tmp_path / "events.csv"
    code, _, err = run(capsys, "store", "export", "--store", str(filled), "--format", "csv", "--out", str(out))
    assert code == EXIT_OK and "exported" in err
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("event_key,event_id,day")
    code, stdout, _ = run(capsys, "store", "export", "--store", str(filled), "--format", "jsonl",
                          "--what", "articles", "--out", "-")
    lines = stdout.splitlines()
    assert code == EXIT_OK and len(lines) == 3 and json.loads(lines[0])["schema"] == "rasd.analysis/1"
    dump = tmp_path / "dump.jsonl"
    dump.write_text(stdout + "{not json\n", encoding="utf-8")
    copy = tmp_path / "copy.duckdb"
    code, _, err = run(capsys, "store", "import", str(dump), "--store", str(copy))
    assert code == EXIT_SOME_FAILED  # one line was not JSON: recorded, reported
    assert "4 records from 1 files: 3 articles stored, 0 repeats kept as sources, 1 failed" in err
    with Store(copy, read_only=True) as store:
        assert store.counts()["article_sources"] == 1  # the exported sources came along


@pytest.mark.parametrize("argv, code", [
    (("store", "export", "--format", "xml", "--out", "x"), "E024"),
    (("store", "export", "--format", "csv", "--what", "tweets", "--out", "x"), "E024"),
    (("store", "export", "--format", "csv", "--what", "quotes", "--per", "cluster", "--out", "x"), "E024"),
    (("store", "info", "--format", "yaml"), "E024"),
    (("store", "import", "missing.jsonl"), "E008"),
    (("store", "import", "missing.jsonl", "--batch-size", "0"), "E024"),
])
def test_bad_arguments_are_coded_usage_errors(capsys, filled, argv, code):
    status, _, err = run(capsys, *argv, "--store", str(filled))
    assert status == EXIT_USAGE and code in err


def test_a_missing_store_is_a_usage_error(capsys, tmp_path):
    status, _, err = run(capsys, "store", "info", "--store", str(tmp_path / "none.duckdb"))
    assert status == EXIT_USAGE and "E008" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_help_lists_the_store_commands(capsys):
    with pytest.raises(SystemExit):
        main(["store", "--help"])
    out = capsys.readouterr().out
    assert "export" in out and "import" in out and "info" in out
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    assert "--store" in capsys.readouterr().out
