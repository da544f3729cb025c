"""rasd backfill: partitions, Parquet output equal to rasd analyze, failures, resume, no dask."""

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

from rasd import backfill
from rasd.cli import main
from rasd.ingest import IngestFailure, iter_documents
from rasd.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("articles", "entities", "actors", "quotes", "events")


def sources_of(items) -> list[str]:
    return [item.source if isinstance(item, IngestFailure) else item.meta.source for item in items]


def parquet_records(out: Path) -> list[str]:
    """The contract JSON of every article in a backfill's Parquet files, partition by partition."""
    import pyarrow.parquet as pq

    from rasd.output import article_to_dict
    from rasd.store.rows import TABLE_ROWS, ArticleRows, article_from_rows

    records = []
    for file in sorted((out / "articles").glob("*.parquet")):
        children: dict[str, dict[str, list]] = {}
        for table in TABLES[1:]:
            for data in pq.read_table(out / table / file.name).to_pylist():
                row = TABLE_ROWS[table](**data)
                children.setdefault(row.article_id, {}).setdefault(table, []).append(row)
        for data in pq.read_table(file).to_pylist():
            article = TABLE_ROWS["articles"](**data)
            rows = ArticleRows(article, *(children.get(article.id, {}).get(t, []) for t in TABLES[1:]))
            records.append(json.dumps(article_to_dict(article_from_rows(rows)), ensure_ascii=False))
    return records


def failure_rows(out: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return [row for file in sorted((out / "failures").glob("*.parquet")) for row in pq.read_table(file).to_pylist()]


def analyze_records(inputs: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "analyze.jsonl"
    main(["analyze", str(inputs), "--out", str(out)])
    return out.read_text(encoding="utf-8").splitlines()


# -- planning: no dask needed -------------------------------------------------------------------

def test_partitions_are_slices_of_the_document_stream_in_order(inputs):
    settings = Settings()
    partitions = backfill.plan([str(inputs)], partition_size=4, settings=settings)
    assert [p.name for p in partitions] == [f"part-{i:06d}" for i in range(len(partitions))]
    assert partitions == backfill.plan([str(inputs)], partition_size=4, settings=settings)  # deterministic
    pieces = [piece for p in partitions for piece in p.pieces]
    ranges = [(x.first_line, x.lines) for x in pieces if x.path.endswith("a.jsonl")]
    assert ranges == [(1, 4), (5, 4), (9, 4), (13, None)]  # 16 lines; the last range reads to the end
    read = [item for p in partitions for item in backfill.iter_partition(p, settings)]
    assert sources_of(read) == sources_of(iter_documents([str(inputs)], settings))


def test_a_partition_reads_only_its_own_lines_of_a_gzipped_file(tmp_path):
    import gzip

    plain = write_jsonl(tmp_path / "x.jsonl", range(10))
    packed = tmp_path / "x.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes(), mtime=0))
    settings = Settings()
    partitions = backfill.plan([str(packed)], partition_size=3, settings=settings)
    assert len(partitions) == 4
    third = list(backfill.iter_partition(partitions[2], settings))
    assert [d.meta.id for d in third] == ["fixture-6", "fixture-7", "fixture-8"]
    assert [d.meta.source for d in third] == [f"{packed}:{n}" for n in (7, 8, 9)]


def test_stdin_and_a_bad_partition_size_are_refused(tmp_path):
    from rasd.errors import Code, RasdError

    with pytest.raises(RasdError) as info:
        backfill.plan(["-"])
    assert info.value.code == Code.E025_BACKFILL
    with pytest.raises(RasdError) as info:
        backfill.plan([str(tmp_path)], partition_size=0)
    assert info.value.code == Code.E012_BAD_SETTING


# -- on a LocalCluster (threads of this process: a few seconds) ---------------------------------

def local_backfill(inputs, out, **options):
    options.setdefault("partition_size", 5)
    return backfill.run_backfill([str(inputs)], out, Settings(), workers=1, processes=False, **options)


def test_backfill_equals_rasd_analyze_record_for_record(inputs, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "bf"
    report = local_backfill(inputs, out)
    totals = report.totals
    assert totals.complete and not report.unfinished
    assert parquet_records(out) == analyze_records(inputs, tmp_path)
    # bad input files are in the failures file, with their code and source; the rest finished
    failures = {(row["code"], Path(row["source"].split(":")[0]).name) for row in failure_rows(out)}
    assert {("E002", "d.txt"), ("E006", "a.jsonl"), ("S201", "notes.md")} <= failures
    assert any(code == "E019" for code, _ in failures)
    assert totals.documents == totals.analysed + totals.failed + totals.skipped == totals.distinct_sources
    assert totals.skipped == 1 and totals.failed == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["totals"]["documents"] == totals.documents
    assert manifest["settings_hash"] == backfill.settings_hash(Settings())
    assert all(p["done"] and p["documents"] == p["analysed"] + p["failed"] + p["skipped"]
               for p in manifest["partitions"])


def test_resume_redoes_only_the_partition_whose_task_died(inputs, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import rasd.api

    out = tmp_path / "bf"
    partitions = backfill.plan([str(inputs)], partition_size=5)
    victim = partitions[2]
    victim_sources = {s for s in sources_of(backfill.iter_partition(victim, Settings()))}
    real = rasd.api.analyze_document
    seen = []

    def dies_midway(document, pipeline):  # the second document of the victim kills its task
        if document.meta.source in victim_sources:
            seen.append(document.meta.source)
            if len(seen) == 2:
                raise RuntimeError("the worker running this partition died")
        return real(document, pipeline)

    monkeypatch.setattr(rasd.api, "analyze_document", dies_midway)
    first = local_backfill(inputs, out)
    assert list(first.unfinished) == [victim.name] and not first.totals.complete
    assert not backfill.done_path(out, victim.name).exists()
    stamps = {p.name: backfill.done_path(out, p.name).stat().st_mtime_ns for p in partitions if p is not victim}

    monkeypatch.setattr(rasd.api, "analyze_document", real)
    second = local_backfill(inputs, out)
    assert second.ran == [victim.name] and second.skipped_done == len(partitions) - 1
    assert {p: backfill.done_path(out, p).stat().st_mtime_ns for p in stamps} == stamps  # not redone
    totals = second.totals
    assert totals.complete
    expected = analyze_records(inputs, tmp_path)
    assert parquet_records(out) == expected  # nothing lost, nothing twice
    assert totals.analysed == len(expected) and totals.sources == totals.distinct_sources == totals.documents


def test_a_rerun_with_another_partition_size_is_refused(inputs, tmp_path, capsys):
    pytest.importorskip("distributed")
    out = tmp_path / "bf"
    local_backfill(inputs, out, partition_size=50)
    code = main(["backfill", str(inputs), "--out", str(out), "--partition-size", "7", "--workers", "1"])
    assert code == 2 and "E025" in capsys.readouterr().err


def test_without_dask_backfill_says_how_to_install_it(inputs, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask -> ImportError
    monkeypatch.setitem(sys.modules, "distributed", None)
    code = main(["backfill", str(inputs), "--out", str(tmp_path / "bf")])
    err = capsys.readouterr().err
    assert code == 2 and "E025" in err and "pip install 'rasd[dask]'" in err
    assert not (tmp_path / "bf").exists()


def test_the_core_package_does_not_import_dask():
    probe = ("import sys, rasd, rasd.cli, rasd.backfill, rasd.parallel, rasd.store.parquet; "
             "rasd.cli.build_parser(); print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- a real crash: the whole run killed, then resumed (worker processes) -------------------------

def test_resume_after_the_run_is_killed(inputs, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "bf"
    command = [sys.executable, "-m", "rasd.cli", "backfill", str(inputs), "--out", str(out),
               "--partition-size", "2", "--workers", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 180
    while not any((out / "_done").glob("*.json")) and process.poll() is None:
        assert time.monotonic() < deadline, "no partition finished after 180 s"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # scheduler, workers and all: a crash
    process.communicate(timeout=60)
    partitions = backfill.plan([str(inputs)], partition_size=2)
    done_before = [p.name for p in partitions if backfill.load_done(out, p) is not None]
    assert 0 < len(done_before) < len(partitions), "the kill came too late to leave work undone"

    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1, rerun.stderr  # the fixture's bad files failed; everything else done
    assert f"{len(partitions) - len(done_before)} run now, {len(done_before)} finished before, 0 unfinished" in rerun.stderr
    assert "every document once" in rerun.stderr
    assert parquet_records(out) == analyze_records(inputs, tmp_path)


def test_a_file_fills_the_partition_begun_before_it(tmp_path):
    first = write_jsonl(tmp_path / "1.jsonl", range(3))
    second = write_jsonl(tmp_path / "2.jsonl", range(10, 20))
    partitions = backfill.plan([str(first), str(second)], partition_size=4)
    units = [sum(piece.units for piece in p.pieces) for p in partitions]
    assert units == [4, 4, 4, 1]  # 3 + 1 line of the second file, then 4, 4, and the last line
    assert [(x.first_line, x.lines) for x in partitions[0].pieces] == [(1, None), (1, 1)]
    read = [d.meta.id for p in partitions for d in backfill.iter_partition(p, Settings())]
    assert read == [f"fixture-{n}" for n in (*range(3), *range(10, 20))]
