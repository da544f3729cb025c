"""The store: transactional batches, replacement, repeats, failures, locks, migration."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import store_fixtures as fx  # noqa: E402

from rasd.errors import Code, RasdError  # noqa: E402
from rasd.ingest.document import IngestFailure, Skipped  # noqa: E402
from rasd.output import article_to_dict  # noqa: E402
from rasd.settings import Settings  # noqa: E402
from rasd.store import schema  # noqa: E402
from rasd.store.database import BatchWriter, Store, store_info  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
STORE_TABLES = ("articles", "entities", "actors", "quotes", "events", "article_sources", "failures")


def counts(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as store:
        return store.counts()


def own_counts(path: Path) -> dict[str, int]:
    return {k: v for k, v in counts(path).items() if k in STORE_TABLES}


def test_write_then_load_gives_the_same_contract_json(tmp_path):
    first, second, third, _ = fx.analysed()
    with Store(tmp_path / "s.duckdb") as store:
        report = store.write([first, second, third])
        assert (report.articles, report.repeats, report.replaced) == (3, 0, 0)
        for article in (first, second, third):
            assert article_to_dict(store.load_article(article.id)) == article_to_dict(article)
        assert store.load_article("no-such-id") is None
        assert report.rows["events"] == sum(len(a.events) for a in (first, second, third)) > 0


def test_same_id_again_replaces_every_row(tmp_path):
    articles = fx.analysed()[:3]
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(articles)
    before = counts(path)
    with Store(path) as store:
        report = store.write(articles)
        assert report.replaced == 3 and report.articles == 3
    assert counts(path) == before  # text index and clusters too: nothing doubled
    changed = fx.variants(fx.contract_records()[:1], 1)[0]
    changed.meta.id = articles[0].id
    changed.events = changed.events[:1]
    with Store(path) as store:
        store.write([changed])
        assert store.connection.execute("SELECT count(*) FROM events WHERE article_id = ?",
                                        [articles[0].id]).fetchone()[0] == 1
        assert store.load_article(articles[0].id).text == changed.text


def test_same_text_under_another_id_is_a_source_not_a_copy(tmp_path):
    first, _, _, repeat = fx.analysed()
    assert first.text == repeat.text and first.id != repeat.id
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        assert store.write([first]).articles == 1
        report = store.write([repeat])
        assert (report.articles, report.repeats) == (0, 1)
        assert store.write([repeat]).repeats == 1  # again: still one source row
        [source] = store.sources(first.id)
        assert (source.source_id, source.outlet, source.similarity) == (repeat.id, "جريدة الغد", 1.0)
        assert store.canonical_id(repeat.id) == first.id
        assert store.load_article(repeat.id).id == first.id
    c = own_counts(path)
    assert c["articles"] == 1 and c["article_sources"] == 1


def test_repeat_in_the_same_batch(tmp_path):
    first, second, _, repeat = fx.analysed()
    with Store(tmp_path / "s.duckdb") as store:
        report = store.write([first, repeat, second])
        assert (report.articles, report.repeats) == (2, 1)
        assert store.counts()["articles"] == 2


def test_failures_are_kept_and_cleared_by_a_later_success(tmp_path):
    first = fx.analysed()[0]
    failure = IngestFailure("in.jsonl:1", RasdError(Code.E006_BAD_JSON, "x", "in.jsonl:1"))
    skipped = Skipped("notes.md", RasdError(Code.S201_SKIPPED_FILE, "", "notes.md"))
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        assert store.write([], [failure, skipped]).failures == 2
        store.write([], [failure])  # the same source again: one row
        rows = store.connection.execute("SELECT source, code, skipped FROM failures ORDER BY source").fetchall()
        assert rows == [("in.jsonl:1", "E006", False), ("notes.md", "S201", True)]
        first.meta.source, saved = "in.jsonl:1", first.meta.source
        try:
            store.write([first])
        finally:
            first.meta.source = saved
        assert store.connection.execute("SELECT source FROM failures").fetchall() == [("notes.md",)]


def test_an_interrupted_batch_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(fx.analysed()[:1])
    before = counts(path)
    calls = []

    def interrupted(self, table, row_type, rows):
        calls.append(table)
        if len(calls) == 3:  # articles and entities are in; Ctrl-C
            raise KeyboardInterrupt
        return original(self, table, row_type, rows)

    original = Store._insert
    monkeypatch.setattr(Store, "_insert", interrupted)
    with Store(path) as store, pytest.raises(KeyboardInterrupt):
        store.write(fx.analysed()[1:3])
    monkeypatch.setattr(Store, "_insert", original)
    assert counts(path) == before
    with Store(path) as store:  # and the store takes the batch afterwards
        assert store.write(fx.analysed()[1:3]).articles == 2


WRITER = """
import json, sys, time
sys.path.insert(0, {tests!r})
import store_fixtures as fx
from rasd.store.database import Store
records = [json.loads(line) for line in open({jsonl!r}, encoding="utf-8")]
articles = fx.variants(records, {count})
mode = {mode!r}
store = Store({store!r})
if mode == "hang":
    original = Store._insert
    def slow(self, table, row_type, rows):
        original(self, table, row_type, rows)
        if table == "quotes":
            print("MID-BATCH", flush=True)
            time.sleep(600)
    Store._insert = slow
print("WRITING", flush=True)
store.write(articles)
print("DONE", flush=True)
store.close()
"""


def _writer(tmp_path, store: Path, count: int, mode: str) -> subprocess.Popen:
    jsonl = fx.write_jsonl(tmp_path / "fx.jsonl", fx.contract_records()[:3])
    code = WRITER.format(tests=str(Path(__file__).parent), jsonl=str(jsonl), count=count, mode=mode,
                         store=str(store))
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)


def _wait_for(proc: subprocess.Popen, marker: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip() == marker:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"writer exited ({proc.returncode}) before {marker}")
    raise AssertionError(f"no {marker} from the writer")


@pytest.mark.slow
def test_a_writer_killed_mid_batch_leaves_the_store_as_before(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(fx.analysed()[:2])
    before = counts(path)
    proc = _writer(tmp_path, path, 300, "hang")
    try:
        _wait_for(proc, "MID-BATCH")  # articles, entities, actors and quotes rows are written
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert counts(path) == before
    with Store(path) as store:
        assert store.connection.execute("SELECT count(*) FROM articles WHERE id LIKE 'variant-%'").fetchone()[0] == 0
        assert store.write(fx.variants(fx.contract_records()[:3], 5)).articles == 5


@pytest.mark.slow
def test_a_writer_killed_at_any_moment_leaves_before_or_after(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    before = own_counts(path)
    proc = _writer(tmp_path, path, 400, "run")
    try:
        _wait_for(proc, "WRITING")
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    after = own_counts(path)
    if after != before:  # the batch made it: whole
        assert after["articles"] == 400
        with Store(path, read_only=True) as store:
            ids = store.connection.execute("SELECT count(DISTINCT article_id) FROM events").fetchone()[0]
            assert ids == store.connection.execute(
                "SELECT count(*) FROM articles WHERE id IN (SELECT article_id FROM events)").fetchone()[0]


IMPORTER = """
import json, sys, time
sys.path.insert(0, {tests!r})
import store_fixtures as fx
from rasd.output import article_to_dict
from rasd.store import dedup
from rasd.store.database import Store
from rasd.store.exchange import import_path
records = [json.loads(line) for line in open({jsonl!r}, encoding="utf-8")]
with open({bulk!r}, "w", encoding="utf-8") as out:
    for article in fx.variants(records, {count}):
        out.write(json.dumps(article_to_dict(article), ensure_ascii=False) + "\\n")
original = dedup.cluster_chunks
def hang(conn, chunks, *args):
    original(conn, chunks, *args)  # clustered, not committed
    print("CLUSTERED", flush=True)
    time.sleep(600)
dedup.cluster_chunks = hang
with Store({store!r}) as store:
    import_path(store, {bulk!r}, batch_size=25)
"""


@pytest.mark.slow
def test_an_import_killed_while_clustering_leaves_its_articles_pending(tmp_path):
    path = tmp_path / "s.duckdb"
    jsonl = fx.write_jsonl(tmp_path / "fx.jsonl", fx.contract_records()[:3])
    code = IMPORTER.format(tests=str(Path(__file__).parent), jsonl=str(jsonl), bulk=str(tmp_path / "bulk.jsonl"),
                           count=100, store=str(path))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        _wait_for(proc, "CLUSTERED")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    with Store(path, read_only=True) as store:  # every batch is in, no event clustered yet
        con = store.connection
        assert store.counts()["articles"] == store.pending_clusters() == 100
        assert con.execute("SELECT count(*) FROM cluster_reports").fetchone()[0] == 0
    with Store(path) as store:  # the next writer finishes the clustering
        assert store.cluster_pending() == 100
        con = store.connection
        assert store.pending_clusters() == 0
        assert con.execute("SELECT count(*) FROM cluster_reports").fetchone()[0] == \
            con.execute("SELECT count(*) FROM events").fetchone()[0] > 0


READER = """
import sys, json
from rasd.errors import RasdError
from rasd.settings import Settings
from rasd.store.database import Store
try:
    with Store({store!r}, read_only=True, settings=Settings(store_lock_wait_s=0.05)) as s:
        con = s.connection
        con.execute("BEGIN TRANSACTION")
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
        missing = con.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                              "(SELECT 1 FROM entities e WHERE e.article_id = a.id)").fetchone()[0]
        print(json.dumps({{"articles": n, "orphans": orphans, "missing": missing}}))
except RasdError as exc:
    print(json.dumps({{"error": exc.code.value}}))
"""


@pytest.mark.slow
def test_a_reader_beside_a_writer_sees_whole_batches_or_is_told_busy(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    batch, batches = 20, 6
    jsonl = fx.write_jsonl(tmp_path / "fx.jsonl", fx.contract_records()[:3])
    writer = f"""
import json, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import store_fixtures as fx
from rasd.settings import Settings
from rasd.store.database import Store
records = [json.loads(line) for line in open({str(jsonl)!r}, encoding="utf-8")]
articles = fx.variants(records, {batch * batches})
for i in range(0, len(articles), {batch}):
    with Store({str(path)!r}, settings=Settings(store_lock_wait_s=30)) as store:
        store.write(articles[i:i + {batch}])
"""
    proc = subprocess.Popen([sys.executable, "-c", writer], cwd=ROOT)
    seen = []
    try:
        while proc.poll() is None and len(seen) < 40:
            out = subprocess.run([sys.executable, "-c", READER.format(store=str(path))], capture_output=True,
                                 text=True, cwd=ROOT, timeout=120)
            seen.append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        proc.wait(300)
    assert proc.returncode == 0
    assert seen
    for view in seen:
        assert view.get("error") == "E022" or (
            view["articles"] % batch == 0 and view["orphans"] == 0 and view["missing"] == 0), view
    assert own_counts(path)["articles"] == batch * batches


def test_a_store_held_by_another_process_is_busy(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); "
                               "print('HELD', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        started = time.monotonic()
        with pytest.raises(RasdError) as err:
            Store(path, read_only=True, settings=Settings(store_lock_wait_s=0.3))
        assert err.value.code == Code.E022_STORE_BUSY
        assert time.monotonic() - started >= 0.3  # it retried before giving up
    finally:
        holder.kill()
        holder.wait()


def test_not_a_store_is_e023(tmp_path):
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database at all " * 200, encoding="utf-8")
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (a INTEGER)")
    con.close()
    for path in (text, other):
        with pytest.raises(RasdError) as err:
            Store(path)
        assert err.value.code == Code.E023_STORE_INVALID
    assert text.read_text(encoding="utf-8").startswith("not a database")  # left as it was


def test_a_newer_schema_is_e023(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                                 [str(schema.SCHEMA_VERSION + 1)])
    with pytest.raises(RasdError) as err:
        Store(path)
    assert err.value.code == Code.E023_STORE_INVALID and "upgrade" in err.value.detail


def test_a_missing_store_read_only_is_e008(tmp_path):
    with pytest.raises(RasdError) as err:
        Store(tmp_path / "none.duckdb", read_only=True)
    assert err.value.code == Code.E008_NOT_FOUND
    assert not (tmp_path / "none.duckdb").exists()


def _v1_store(path: Path) -> None:
    con = duckdb.connect(str(path))
    for statement in schema.FROZEN_DDL[1]:
        con.execute(statement)
    con.executemany("INSERT INTO meta VALUES (?, ?)", schema.meta_rows(1))
    con.execute("INSERT INTO articles VALUES ('old-1', 'h1', NULL, 'جريدة', NULL, 'عنوان', NULL, '2020-01-02', "
                "DATE '2020-01-02', 'ar', 'قال الوزير محمد علي إن الحكومة مستعدة', 'old.txt', '[[0,36,0]]', '[]', "
                "'sentences')")
    con.execute("INSERT INTO entities VALUES ('old-1', 'e0', 'PER', 11, 19, 'محمد علي', 'a1', 1.0)")
    con.execute("INSERT INTO actors VALUES ('old-1', 'a1', 'محمد علي', 'person', NULL, 'GOV', 'الوزير', "
                "DATE '2020-01-02', NULL, NULL, '{}')")
    con.execute("INSERT INTO article_sources VALUES ('old-1', 'old-2', 'أخرى', NULL, NULL, NULL, NULL, NULL)")
    con.close()


def test_an_older_store_is_migrated_with_its_data(tmp_path):
    old, fresh = tmp_path / "old.duckdb", tmp_path / "fresh.duckdb"
    _v1_store(old)
    with Store(old) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
        article = store.load_article("old-1")
        assert article.text == "قال الوزير محمد علي إن الحكومة مستعدة" and article.meta.outlet == "جريدة"
        assert [article.span_text(e) for e in article.entities] == ["محمد علي"]
        con = store.connection
        assert con.execute("SELECT chars FROM articles").fetchone()[0] == len(article.text)
        assert con.execute("SELECT mentions, roles FROM actors").fetchone() == (1, "[]")
        assert store.sources("old-1")[0].source_id == "old-2"
        store.write(fx.analysed()[:1])  # a migrated store takes new articles
    Store(fresh).close()

    def columns(path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            return con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                               "ORDER BY table_name, ordinal_position").fetchall()
        finally:
            con.close()

    assert columns(old) == columns(fresh)


def test_a_version_2_store_gets_the_pending_table_and_nothing_pending(tmp_path):
    old, fresh = tmp_path / "old.duckdb", tmp_path / "fresh.duckdb"
    con = duckdb.connect(str(old))
    for statement in schema.FROZEN_DDL[2]:
        con.execute(statement)
    con.executemany("INSERT INTO meta VALUES (?, ?)", schema.meta_rows(2))
    con.close()
    with Store(old) as store:
        assert store.schema_version == schema.SCHEMA_VERSION == 3
        assert store.pending_clusters() == 0
        store.write(fx.analysed()[:1])
        assert store.pending_clusters() == 0
    Store(fresh).close()
    tables = "SELECT table_name FROM information_schema.tables ORDER BY table_name"
    with duckdb.connect(str(old), read_only=True) as a, duckdb.connect(str(fresh), read_only=True) as b:
        assert a.execute(tables).fetchall() == b.execute(tables).fetchall()


def test_an_older_store_opened_read_only_is_migrated_too(tmp_path):
    old = tmp_path / "old.duckdb"
    _v1_store(old)
    with Store(old, read_only=True) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
        assert store.load_article("old-1") is not None


def test_batch_writer_writes_in_batches_and_reports(tmp_path):
    path = tmp_path / "s.duckdb"
    first, second, third, repeat = fx.analysed()
    writer = BatchWriter(path, Settings(store_batch_size=2))
    failure = IngestFailure("x.txt", RasdError(Code.E001_EMPTY, "", "x.txt"))
    for item in (first, failure):
        writer.add(item)
    assert own_counts(path)["articles"] == 1  # the first batch of two is written
    for item in (second, third, repeat):
        writer.add(item)
    writer.flush()
    assert "3 articles written" in writer.describe() and "1 repeats" in writer.describe()
    c = own_counts(path)
    assert (c["articles"], c["article_sources"], c["failures"]) == (3, 1, 1)
    with Store(path, read_only=True) as store:
        info = store_info(store)
    assert info["documents"] == 5 and info["schema_version"] == schema.SCHEMA_VERSION and info["bytes"] > 0


def test_settings_validate_store_options():
    for bad in ({"store_batch_size": 0}, {"store_lock_wait_s": -1.0}):
        with pytest.raises(RasdError) as err:
            Settings(**bad)
        assert err.value.code == Code.E012_BAD_SETTING


def test_same_process_reader_beside_an_open_writer(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as writer:
        writer.write(fx.analysed()[:1])
        with Store(path, read_only=True) as reader:
            assert reader.counts()["articles"] == 1
            with pytest.raises(RasdError):
                reader.write(fx.analysed()[1:2])
    assert os.path.exists(path)


def test_registry_actors_get_their_dated_roles(tmp_path):
    from rasd.store.registry import ActorRegistry, RoleRecord

    registry_path = tmp_path / "actors.sqlite"
    with ActorRegistry(registry_path) as registry:
        rid = registry.add_actor("ايمن الصفدي", "أيمن الصفدي", "person")
        registry.add_role(rid, RoleRecord("JOR", "GOV", "وزير الخارجية", valid_from="2017-01-15"))
    article = fx.variants(fx.contract_records()[:1], 1)[0]
    safadi = next(a for a in article.actors if a.name == "أيمن الصفدي")
    old_id, safadi.id = safadi.id, rid
    for entity in article.entities:
        entity.actor = rid if entity.actor == old_id else entity.actor
    with Store(tmp_path / "s.duckdb", settings=Settings(registry_path=str(registry_path))) as store:
        store.write([article])
        registry_id, roles, mentions = store.connection.execute(
            "SELECT registry_id, roles, mentions FROM actors WHERE id = ?", [rid]).fetchone()
    assert registry_id == rid and mentions == 2
    [role] = json.loads(roles)
    assert (role["country"], role["role"], role["valid_from"]) == ("JOR", "وزير الخارجية", "2017-01-15")


def test_a_writer_beside_a_same_process_reader_is_busy(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as reader:
        with pytest.raises(RasdError) as err:
            Store(path)
        assert err.value.code == Code.E022_STORE_BUSY
        assert reader.counts()["articles"] == 0


def test_repeats_follow_an_article_that_becomes_a_repeat(tmp_path):
    first, second, _, repeat = fx.analysed()
    with Store(tmp_path / "s.duckdb") as store:
        store.write([first, repeat, second])
        assert [s.source_id for s in store.sources(first.id)] == [repeat.id]
        rewritten = fx.analysed()[1]  # the Beirut text, now under the first article's id
        rewritten.meta.id = first.id
        report = store.write([rewritten])
        assert (report.articles, report.repeats, report.replaced) == (0, 1, 0)
        assert sorted(s.source_id for s in store.sources(second.id)) == sorted([first.id, repeat.id])
        assert store.counts()["articles"] == 1
        assert store.load_article(first.id).id == second.id
