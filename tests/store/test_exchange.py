"""Export and import: Parquet by day, flat CSV of events, contract JSONL, backfill folders."""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import store_fixtures as fx  # noqa: E402

from rasd.errors import Code, RasdError  # noqa: E402
from rasd.output import article_to_dict  # noqa: E402
from rasd.store.database import Store  # noqa: E402
from rasd.store.exchange import ExportRequest, export, import_path  # noqa: E402
from rasd.store.rows import rows_from_article  # noqa: E402

OWN = ("articles", "entities", "actors", "quotes", "events", "article_sources")


@pytest.fixture
def store_path(tmp_path) -> Path:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(fx.analysed())  # three articles and a repeat of the first
    return path


def own(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as store:
        return {k: v for k, v in store.counts().items() if k in OWN}


def test_jsonl_export_import_round_trip(store_path, tmp_path):
    out = tmp_path / "out" / "articles.jsonl"
    with Store(store_path, read_only=True) as store:
        assert export(store, ExportRequest("jsonl", "articles", str(out))).rows == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {r["article"]["id"]: r for r in records}
    for article in fx.analysed()[:3]:
        record = dict(by_id[article.id])
        record.pop("sources", None)
        assert record == article_to_dict(article)
    assert [s["source_id"] for s in by_id["fx-amman-1"]["sources"]] == ["fx-amman-1-repeat"]
    copy = tmp_path / "copy.duckdb"
    with Store(copy) as store:
        report = import_path(store, out)
        assert (report.read, report.articles, report.failures) == (3, 3, 0)
        assert store.sources("fx-amman-1")[0].outlet == "جريدة الغد"
    assert own(copy) == own(store_path)


def _clusters(path: Path) -> list[tuple]:
    with Store(path, read_only=True) as store:
        return store.connection.execute(
            "SELECT r.article_id, r.event_id, c.type, c.source_count, c.report_count, c.canonical_article_id "
            "FROM cluster_reports r JOIN event_clusters c USING (cluster_id) ORDER BY 1, 2").fetchall()


def test_an_import_leaves_every_event_clustered_and_again_the_same(store_path, tmp_path):
    out = tmp_path / "articles.jsonl"
    with Store(store_path, read_only=True) as store:
        export(store, ExportRequest("jsonl", "articles", str(out)))
        if "event_clusters" not in store.counts():
            pytest.skip("rasd.store.dedup is not installed: no clusters")
    copy = tmp_path / "copy.duckdb"
    for _ in range(2):  # a second import of the same file replaces every article: nothing changes
        with Store(copy) as store:
            import_path(store, out, batch_size=1)
            assert store.pending_clusters() == 0
            events = store.connection.execute("SELECT count(*) FROM events").fetchone()[0]
        assert len(_clusters(copy)) == events > 0
        assert _clusters(copy) == _clusters(store_path)


def test_parquet_export_is_partitioned_by_day(store_path, tmp_path):
    out = tmp_path / "pq"
    with Store(store_path, read_only=True) as store:
        n_events = store.counts()["events"]
        assert export(store, ExportRequest("parquet", "events", str(out))).rows == n_events
        export(store, ExportRequest("parquet", "articles", str(tmp_path / "pa")))
    days = sorted(p.name for p in out.iterdir())
    assert "day=2024-03-05" in days and "day=2024-03-06" in days
    con = duckdb.connect()
    rows = con.execute(f"SELECT day, event_type, story_id FROM read_parquet('{out}/*/*.parquet', "
                       "hive_partitioning = false)").fetchall()
    assert len(rows) == n_events
    assert all(str(day) == "2024-03-05" for day, _, story in rows if story == "fx-amman-1")
    texts = con.execute(f"SELECT id, text FROM read_parquet('{tmp_path}/pa/*/*.parquet', "
                        "hive_partitioning = false) ORDER BY id").fetchall()
    assert dict(texts)["fx-beirut-2"] == fx.analysed()[1].text


def test_csv_events_per_report_and_per_cluster(store_path, tmp_path):
    per_report, per_cluster = tmp_path / "r.csv", tmp_path / "c.csv"
    with Store(store_path, read_only=True) as store:
        counts = store.counts()
        export(store, ExportRequest("csv", "events", str(per_report)))
        if "event_clusters" not in counts:
            pytest.skip("rasd.store.dedup is not installed: no clusters")
        export(store, ExportRequest("csv", "events", str(per_cluster), per="cluster"))
    with per_report.open(encoding="utf-8") as f:
        reports = list(csv.DictReader(f))
    assert len(reports) == counts["events"]
    safadi = [r for r in reports if r["actor_name"] == "أيمن الصفدي" and r["event_type"] == "CONSULT"]
    assert safadi and safadi[0]["actor_country"] == "JOR" and safadi[0]["publisher"] == "صحيفة الشروق"
    assert all(r["cluster_id"] for r in reports)
    with per_cluster.open(encoding="utf-8") as f:
        clusters = list(csv.DictReader(f))
    assert len(clusters) == counts["event_clusters"] <= len(reports)
    assert {"cluster_id", "sources", "reports", "event_type", "actor_name", "story_id"} <= set(clusters[0])


@pytest.mark.parametrize("what", ["quotes", "actors", "entities", "articles"])
def test_csv_and_jsonl_of_other_tables(store_path, tmp_path, what):
    with Store(store_path, read_only=True) as store:
        n = store.counts()[what]
        export(store, ExportRequest("csv", what, str(tmp_path / "t.csv")))
        if what != "articles":
            export(store, ExportRequest("jsonl", what, str(tmp_path / "t.jsonl")))
    with (tmp_path / "t.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == n
    if what != "articles":
        lines = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == n and "article_id" in json.loads(lines[0])


def _drop_columns(path: Path, columns: tuple[str, ...]) -> None:
    """Rewrite a Parquet file without some columns (what an older writer left out)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    pq.write_table(table.drop_columns([c for c in columns if c in table.column_names]), path)


def test_import_of_a_backfill_folder(tmp_path):
    from rasd.store.parquet import partition_file, write_failures, write_partition
    from rasd.store.rows import FailureRow

    root = tmp_path / "backfill"
    batch = [rows_from_article(a) for a in fx.analysed()]
    write_partition(batch[:2], root, "part-000")
    write_partition(batch[2:], root, "part-001")
    write_failures([FailureRow("in.jsonl:9", "E001", "E001 the document is empty", False)], root, "part-001")
    for table in ("articles", "actors"):
        _drop_columns(partition_file(root, table, "part-001"), ("chars", "mentions"))
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        report = import_path(store, root)
        assert (report.files, report.read, report.articles, report.repeats, report.failures) == (2, 5, 3, 1, 1)
        for article in fx.analysed()[:3]:
            assert article_to_dict(store.load_article(article.id)) == article_to_dict(article)
        con = store.connection
        assert con.execute("SELECT chars FROM articles WHERE id = 'fx-rabat-3'").fetchone()[0] == len(
            fx.analysed()[2].text)
        assert con.execute("SELECT source, code FROM failures").fetchall() == [("in.jsonl:9", "E001")]
        assert report.orphans == []


def test_import_records_bad_lines_and_reads_gzip(tmp_path):
    records = fx.contract_records()
    lines = [json.dumps(records[0], ensure_ascii=False), "{broken", json.dumps({"text": "نص بلا تحليل"}),
             json.dumps(records[1], ensure_ascii=False)]
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    store_path = tmp_path / "s.duckdb"
    with Store(store_path) as store:
        report = import_path(store, path, batch_size=1)
        assert (report.read, report.articles, report.failures) == (4, 2, 2)
        failures = store.connection.execute("SELECT source, code FROM failures ORDER BY source").fetchall()
    assert failures == [(f"{path}:2", "E006"), (f"{path}:3", "E009")]


def test_import_of_a_folder_of_jsonl(tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    records = fx.contract_records()
    fx.write_jsonl(folder / "a.jsonl", records[:2])
    fx.write_jsonl(folder / "b.jsonl", records[2:])
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        report = import_path(store, folder)
    assert (report.files, report.read, report.articles, report.repeats) == (2, 4, 3, 1)


@pytest.mark.parametrize("args", [
    ("xml", "events", "out"), ("csv", "tweets", "out"), ("csv", "events", "out", "day"),
    ("csv", "quotes", "out", "cluster"), ("parquet", "events", "-"), ("csv", "events", "")])
def test_bad_export_arguments_are_e024(args):
    with pytest.raises(RasdError) as err:
        ExportRequest(*args)
    assert err.value.code == Code.E024_BAD_QUERY


def test_parquet_export_refuses_a_folder_in_use(store_path, tmp_path):
    out = tmp_path / "used"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with Store(store_path, read_only=True) as store, pytest.raises(RasdError) as err:
        export(store, ExportRequest("parquet", "events", str(out)))
    assert err.value.code == Code.E024_BAD_QUERY and (out / "keep.txt").exists()


def test_import_of_nothing(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(RasdError) as err:
            import_path(store, tmp_path / "missing.jsonl")
        assert err.value.code == Code.E008_NOT_FOUND
        with pytest.raises(RasdError) as err:
            import_path(store, tmp_path, batch_size=0)
        assert err.value.code == Code.E024_BAD_QUERY
