"""rasd analyze --workers N: the output of several worker processes is that of one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backfill_fixtures import write_jsonl

from rasd.cli import main
from rasd.errors import Code, RasdError
from rasd.parallel import available_cores, worker_count

ROOT = Path(__file__).resolve().parents[2]


def run_cli(args, capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def test_two_workers_write_the_output_of_one_byte_for_byte(inputs, tmp_path, capsys):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    code_one, err_one = run_cli(["analyze", str(inputs), "--out", str(one)], capsys)
    code_two, err_two = run_cli(["analyze", str(inputs), "--out", str(two), "--workers", "2"], capsys)
    assert code_one == code_two == 1  # the bad files failed, in both
    assert one.read_bytes() == two.read_bytes()
    # 14 + 6 records and the text article, plus what the cut e.jsonl.gz kept (W103 on its last)
    assert len(one.read_text(encoding="utf-8").splitlines()) > 14 + 6 + 1 and "W103" in one.read_text(encoding="utf-8")
    # failures reported in the same order, and the same summary
    assert [row for row in err_one.splitlines() if row.startswith("rasd: ")] == \
           [row for row in err_two.splitlines() if row.startswith("rasd: ")]
    assert all(code in err_two for code in ("E002", "E006", "E019", "S201"))


def test_one_document_chunks_come_back_in_input_order(inputs, tmp_path):
    from rasd.ingest import IngestFailure
    from rasd.parallel import ParallelAnalysis
    from rasd.settings import Settings

    settings = Settings()
    with ParallelAnalysis([str(inputs)], settings, workers=2, chunk_documents=1) as run:
        sources = [item.source if isinstance(item, IngestFailure) else item.meta.source for item in run]
    from rasd.ingest import iter_documents

    expected = [item.source if isinstance(item, IngestFailure) else item.meta.source
                for item in iter_documents([str(inputs)], settings)]
    assert sources == expected
    assert run.read == len(expected)


def test_worker_count():
    assert worker_count(0) == available_cores() >= 1
    assert worker_count(3) == 3
    with pytest.raises(RasdError) as info:
        worker_count(-1)
    assert info.value.code == Code.E012_BAD_SETTING


def test_a_registry_needs_one_worker(inputs, tmp_path, capsys):
    code, err = run_cli(["analyze", str(inputs), "--out", str(tmp_path / "o.jsonl"), "--workers", "2",
                         "--registry", str(tmp_path / "r.sqlite")], capsys)
    assert code == 2 and "E012" in err and "one worker" in err


def test_ctrl_c_stops_the_workers_and_says_how_far_it_got(tmp_path):
    source = write_jsonl(tmp_path / "many.jsonl", range(600))
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "rasd.cli", "analyze", str(source), "--out", str(out), "--workers", "2"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while (not out.exists() or out.stat().st_size < 50_000) and process.poll() is None:
        assert time.monotonic() < deadline, "no output after 120 s"
        time.sleep(0.05)
    assert process.poll() is None, "finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    last = err.strip().splitlines()[-1]
    assert last.startswith("rasd: interrupted after ") and " of 600 documents" in last
    done = int(last.split("interrupted after ")[1].split()[0])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) == done < 600
    assert all(json.loads(line)["article"]["id"] == f"fixture-{i}" for i, line in enumerate(lines))
    with pytest.raises(ProcessLookupError):  # no worker process of the group is left
        for _ in range(50):
            os.killpg(process.pid, 0)
            time.sleep(0.1)
