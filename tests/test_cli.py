"""The command line: output forms, exit codes, and bad input in a batch."""

from __future__ import annotations

import gzip
import json

import pytest

from rasd.cli import EXIT_OK, EXIT_SOME_FAILED, main

ARTICLE = "سياسة\n\nزيارة رسمية إلى الرباط\n\n| الأخبار – وكالات\n\nوصل وزير الخارجية الإسباني إلى الرباط أمس. وقال إن العلاقات «ممتازة».\n"
TEXT_STAGES = ["--stages", "language,sentences,tokens"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_analyze_json(capsys, article_file):
    code, out, err = run(capsys, "analyze", str(article_file), *TEXT_STAGES)
    assert code == EXIT_OK
    record = json.loads(out)
    assert record["article"]["title"] == "زيارة رسمية إلى الرباط"
    assert record["article"]["outlet"] == "الأخبار"
    assert "1 analysed, 0 failed" in err


def test_analyze_many_gives_json_lines(capsys, tmp_path, article_file):
    other = tmp_path / "more.txt.gz"
    other.write_bytes(gzip.compress(ARTICLE.replace("الرباط", "مدريد").encode("utf-8")))
    code, out, _ = run(capsys, "analyze", str(tmp_path), *TEXT_STAGES)
    lines = out.strip().split("\n")
    assert code == EXIT_OK and len(lines) == 2
    assert {json.loads(line)["article"]["id"] for line in lines}.__len__() == 2


def test_table_format_shows_arabic_in_visual_order(capsys, article_file):
    code, out, _ = run(capsys, "analyze", str(article_file), "--format", "table", *TEXT_STAGES)
    assert code == EXIT_OK
    title = "زيارة رسمية إلى الرباط"
    assert title[::-1] in out  # bidi-reordered for a left-to-right terminal
    code, out, _ = run(capsys, "analyze", str(article_file), "--format", "table", "--no-bidi", *TEXT_STAGES)
    assert title in out


def test_out_file(capsys, tmp_path, article_file):
    target = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "analyze", str(article_file), "--out", str(target), *TEXT_STAGES)
    assert code == EXIT_OK and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "rasd.analysis/1"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E001"),
        ("blank.txt", b"  \n\n ", "E001"),
        ("binary.txt", bytes(range(256)) * 20, "E002"),
        ("broken.jsonl", b'{"text": "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"}\n{not json\n', "E006"),
        ("truncated.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\n<html>", "E007"),
    ],
)
def test_bad_input_in_a_batch(capsys, tmp_path, article_file, name, content, code):
    bad = tmp_path / name
    bad.write_bytes(content)
    status, out, err = run(capsys, "analyze", str(article_file), str(bad), *TEXT_STAGES)
    assert status == EXIT_SOME_FAILED
    assert code in err and name in err
    assert json.loads(out.strip().split("\n")[0])["article"]["title"] == "زيارة رسمية إلى الرباط"


def test_missing_path(capsys, tmp_path):
    status, _, err = run(capsys, "analyze", str(tmp_path / "nope.txt"), *TEXT_STAGES)
    assert status == EXIT_SOME_FAILED and "E008" in err


def test_too_large(capsys, article_file):
    status, _, err = run(capsys, "analyze", str(article_file), "--max-bytes", "50", *TEXT_STAGES)
    assert status == EXIT_SOME_FAILED and "E004" in err


def test_legacy_encoding_is_read_with_warning(capsys, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(ARTICLE.encode("cp1256"))
    status, out, _ = run(capsys, "analyze", str(path), *TEXT_STAGES)
    record = json.loads(out)
    assert status == EXIT_OK
    assert "الرباط" in record["article"]["text"]
    assert "W102" in {w["code"] for w in record["warnings"]}


def test_non_arabic_is_flagged(capsys, tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("The minister arrived in Rabat yesterday for talks on trade and migration.\n", encoding="utf-8")
    status, out, _ = run(capsys, "analyze", str(path), *TEXT_STAGES)
    record = json.loads(out)
    assert status == EXIT_OK and record["article"]["language"] == "en"
    assert "W101" in {w["code"] for w in record["warnings"]}


def test_stdin(capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8"))
    status, out, _ = run(capsys, "analyze", "-", *TEXT_STAGES)
    assert status == EXIT_OK and json.loads(out)["article"]["outlet"] == "الأخبار"


def test_unknown_stage_is_a_coded_error(capsys, article_file):
    status, _, err = run(capsys, "analyze", str(article_file), "--stages", "sentences,bogus")
    assert status == EXIT_SOME_FAILED and "E010" in err


def test_demo_prints_table(capsys):
    status, out, _ = run(capsys, "demo", "--no-bidi")
    assert status == EXIT_OK
    assert "بغداد وأنقرة تبحثان ملف المياه" in out
    assert "entities (" in out and "events (" in out


def test_registry_keeps_ids_across_runs(capsys, tmp_path):
    registry = tmp_path / "actors.sqlite"
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("وقال وزير الخارجية الإسباني خوسيه مانويل ألباريس إن العلاقات ممتازة.\n", encoding="utf-8")
    second.write_text("واستقبل الملك محمد السادس خوسيه مانويل ألباريس في الرباط.\n", encoding="utf-8")
    found = []
    for path in (first, second):
        code, out, _ = run(capsys, "analyze", str(path), "--registry", str(registry))
        assert code == EXIT_OK
        record = json.loads(out)
        found.append({a["name"]: a for a in record["actors"]}.get("خوسيه مانويل ألباريس"))
    assert registry.exists()
    assert found[0] and found[1] and found[0]["id"] == found[1]["id"]
    # The second article names no title: what the first one said carries over.
    assert found[1]["country"] == "ESP" and found[1]["sector"] == "GOV"


CONLL = """التقى O
سمير B-PERS
حداد I-PERS
في O
عمان B-LOC
. O

وقال O
حداد B-PERS
إن O
اللقاء O
مثمر O
. O
"""


@pytest.mark.parametrize("bias", [None, "0"])
def test_eval_ner_prints_conlleval_scores(capsys, tmp_path, bias):
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    code, out, _ = run(capsys, "eval", "ner", "--data", str(path), *(["--context-bias", bias] if bias else []))
    assert code == EXIT_OK
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert {"PER", "LOC", "micro"} <= set(lines)
    assert lines["micro"][4] == "3"  # gold entities counted: سمير حداد, عمان, حداد
