"""The command line: output forms, exit codes, and bad input in a batch."""

from __future__ import annotations

import gzip
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main

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


FSI, PDI = "\u2068", "\u2069"
TITLE = "زيارة رسمية إلى الرباط"


def test_table_format_keeps_arabic_in_logical_order_isolated(capsys, article_file):
    code, out, _ = run(capsys, "analyze", str(article_file), "--format", "table", *TEXT_STAGES)
    assert code == EXIT_OK
    assert f"{FSI}{TITLE}{PDI}" in out  # logical order; a bidi-aware terminal lays it out
    assert TITLE[::-1] not in out
    code, out, _ = run(capsys, "analyze", str(article_file), "--format", "table", "--no-bidi", *TEXT_STAGES)
    assert TITLE in out and FSI not in out


def test_table_into_a_file_is_logical_even_when_visual_is_asked(capsys, tmp_path, article_file):
    target = tmp_path / "table.txt"
    code, _, _ = run(capsys, "analyze", str(article_file), "--format", "table", "--bidi", "visual",
                     "--out", str(target), *TEXT_STAGES)
    text = target.read_text(encoding="utf-8")
    assert code == EXIT_OK and f"{FSI}{TITLE}{PDI}" in text and TITLE[::-1] not in text


def test_out_into_missing_folders_makes_them(capsys, tmp_path, article_file):
    target = tmp_path / "runs" / "today" / "out.jsonl"
    code, _, err = run(capsys, "analyze", str(article_file), "--out", str(target), *TEXT_STAGES)
    assert code == EXIT_OK, err
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "rasd.analysis/1"


def test_out_that_cannot_be_written_is_a_coded_usage_error(capsys, tmp_path, article_file):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(article_file), "--out", str(blocker / "out.jsonl"), *TEXT_STAGES)
    assert code == EXIT_USAGE and "E008" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["0", "-5"])
def test_max_bytes_not_positive_is_refused(capsys, article_file, value):
    code, out, err = run(capsys, "analyze", str(article_file), "--max-bytes", value, *TEXT_STAGES)
    assert code == EXIT_USAGE and "E012" in err and out == ""


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
    assert status == EXIT_USAGE and "E010" in err  # a usage error, like argparse's (exit 2)


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


# --- tables of the other commands ---------------------------------------------------------

QUOTING = "وقال وزير الخارجية المغربي ناصر بوريطة للصحفيين: «العلاقات مع إسبانيا ممتازة».\n"


def test_quotes_table_is_logical_isolated_and_fits(capsys, tmp_path):
    from rasd.render import DEFAULT_WIDTH, display_width

    path = tmp_path / "q.txt"
    path.write_text(QUOTING, encoding="utf-8")
    code, out, _ = run(capsys, "quotes", str(path), "--format", "table")
    assert code == EXIT_OK and out.strip()
    assert "العلاقات مع إسبانيا ممتازة" in out and FSI in out and "\t" not in out
    assert "ممتازة"[::-1] not in out
    assert max(display_width(line) for line in out.splitlines()) <= DEFAULT_WIDTH


# --- actors show: found, not found, no registry ---------------------------------------------

EXAMPLE_DICTIONARY = "src/rasd/data/actors/example_dictionary.txt"


@pytest.fixture
def registry(capsys, tmp_path):
    path = tmp_path / "actors.sqlite"
    dictionary = ROOT / EXAMPLE_DICTIONARY
    code, _, _ = run(capsys, "actors", "import", str(dictionary), "--registry", str(path))
    assert code == EXIT_OK
    return path


def test_actors_show_prints_the_dated_role(capsys, registry):
    code, out, _ = run(capsys, "actors", "show", "جون كيري", "--registry", str(registry), "--date", "2016-07-21")
    record = json.loads(out)
    assert code == EXIT_OK and record["role_at_date"]["country"] == "USA"
    assert record["role_at_date"]["sector"] == "GOV"


def test_actors_show_says_not_found(capsys, registry):
    code, out, err = run(capsys, "actors", "show", "سمير حداد", "--registry", str(registry))
    assert code != EXIT_OK and out == ""
    assert "not found" in err and "سمير حداد" in err and str(registry) in err


def test_actors_show_without_a_registry_creates_none(capsys, tmp_path):
    path = tmp_path / "none.sqlite"
    code, _, err = run(capsys, "actors", "show", "جون كيري", "--registry", str(path))
    assert code == EXIT_USAGE and str(path) in err and not path.exists()


# --- every eval without its data: says what is missing, exit 2 ---------------------------


@pytest.mark.parametrize("argv", [
    ["eval", "ner", "--data", "{missing}"],
    ["eval", "actors", "--gold", "{missing}"],
    ["eval", "quotes", "--gold", "{missing}"],
    ["eval", "events", "--part", "seed", "--seed", "{missing}"],
    ["eval", "entities", "--gold", "{missing}"],
])
def test_eval_without_its_data_says_what_is_missing(capsys, tmp_path, argv):
    missing = tmp_path / "not-here" / "gold.json"
    code, _, err = run(capsys, *[a.replace("{missing}", str(missing)) for a in argv])
    assert code == EXIT_USAGE
    assert str(missing) in err and "Traceback" not in err


def test_require_data_raises_a_usage_error(tmp_path):
    from rasd.commands import MissingData, require_data

    assert require_data(tmp_path) is None
    with pytest.raises(MissingData) as caught:
        require_data(tmp_path / "x.json", "the dev gold")
    assert "the dev gold" in str(caught.value) and "E008" in str(caught.value)


# --- progress on stderr, only for a person at a terminal ----------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_has_rate_failures_and_eta():
    from rasd.progress import Progress

    ticks = iter([0.0, 1.0, 2.0, 3.0, 4.0])
    stream = Tty()
    progress = Progress(total=10, stream=stream, clock=lambda: next(ticks))
    progress.advance()
    progress.advance(failed=True)
    assert progress.line(4.0) == "rasd: 2/10 documents, 1 failed, 0.5 articles/s, ETA 0:00:16"
    progress.close()
    assert "1/10 documents" in stream.getvalue()


def test_progress_is_silent_when_stderr_is_not_a_terminal():
    from rasd.progress import Progress

    stream = io.StringIO()
    progress = Progress(total=3, stream=stream)
    progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_analyze_shows_progress_on_a_terminal_only(monkeypatch, capsys, tmp_path, article_file):
    (tmp_path / "two.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(tmp_path), *TEXT_STAGES)
    assert code == EXIT_OK and "\r" not in err and "articles/s" not in err
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(["analyze", str(tmp_path), *TEXT_STAGES]) == EXIT_OK
    shown = tty.getvalue()
    assert "/2 documents" in shown and "articles/s" in shown
    assert shown.rstrip().endswith("2 analysed, 0 failed, 0 skipped")


def test_no_progress_when_the_output_scrolls_on_the_same_terminal(monkeypatch, tmp_path, article_file):
    tty, out = Tty(), Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["analyze", str(article_file), *TEXT_STAGES]) == EXIT_OK
    assert "articles/s" not in tty.getvalue() and json.loads(out.getvalue())


def test_count_documents(tmp_path):
    from rasd.cli import _count_documents

    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "أ"}\n{"text": "ب"}\n\n{"text": "ج"}\n', encoding="utf-8")
    assert _count_documents([str(tmp_path)]) == 4
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n'))
    assert _count_documents([str(tmp_path)]) is None
    assert _count_documents(["-"]) is None


# --- start-up: `rasd --help` imports nothing heavy ----------------------------------------

HEAVY = ("numpy", "pycrfsuite", "trafilatura", "lingua", "lxml", "warcio", "bidi", "rasd.stages",
         "rasd.api", "rasd.entities.tagger")


def test_help_imports_no_heavy_module():
    probe = ("import sys, rasd.cli; rasd.cli.build_parser(); "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"imported by `rasd --help`: {done.stdout.strip()}"


def test_help_starts_fast():
    best = min(_seconds([sys.executable, "-m", "rasd.cli", "--help"]) for _ in range(3))
    assert best < 1.5


def _seconds(argv) -> float:
    import time

    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True)
    return time.perf_counter() - start


# --- the README: two set-up commands, every usage line runnable as written ------------------

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _sh_lines(section: str) -> list[str]:
    """The command lines of the ```sh blocks of a README section (comments stripped)."""
    text = README.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", body, re.DOTALL):
        for line in block.splitlines():
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one():
    setup = _sh_lines("Set up")
    assert len(setup) == 2
    demo, tests = setup
    assert demo.endswith("rasd demo") and "pytest" in tests
    for line in setup:  # each leaves the venv active, so the usage lines' `rasd` is found
        assert line.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_usage_line_is_one_runnable_command():
    from rasd.cli import build_parser

    parser = build_parser()
    lines = _sh_lines("Usage")
    assert len(lines) >= 10
    written: set[str] = set()  # what an earlier line writes (--out) a later one may read
    for line in lines:
        words = shlex.split(line)
        if "|" in words:  # only a real pipe into rasd: `cat FILE | rasd ... -`
            head, tail = line.split(" | ")
            assert head.startswith("cat ") and (ROOT / head.split()[1]).exists(), line
            words = shlex.split(tail)
        assert words[0] in ("rasd", "python"), line
        if words[0] == "python":
            assert len(words) == 2 and (ROOT / words[1]).is_file(), line
            continue
        try:
            args = parser.parse_args(words[1:])
        except SystemExit:
            pytest.fail(f"the README line does not parse: {line}")
        for path in getattr(args, "paths", None) or []:
            assert path == "-" or (ROOT / path).exists() or path in written, line
        if getattr(args, "out", None):
            written.add(args.out)
        if getattr(args, "actors_command", None) == "import":
            assert (ROOT / args.path).is_file(), line


def test_readme_actors_example_works_as_written(capsys, tmp_path, monkeypatch):
    """The README's `actors import` then `actors show "جون كيري"` lines, run in order."""
    monkeypatch.chdir(ROOT)
    lines = [shlex.split(line)[1:] for line in _sh_lines("Usage")
             if line.startswith(("rasd actors import", "rasd actors show"))]
    assert [words[1] for words in lines] == ["import", "show"]
    registry = str(tmp_path / "actors.sqlite")
    results = []
    for words in lines:
        words[words.index("--registry") + 1] = registry
        results.append(run(capsys, *words))
    code, out, _ = results[-1]
    assert code == EXIT_OK and json.loads(out)["role_at_date"]["country"] == "USA"
