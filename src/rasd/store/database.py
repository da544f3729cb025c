"""The store of analysed articles: one embedded DuckDB file, nothing to start.

`Store(path)` opens or creates a store (and migrates an older one); `write(articles,
failures)` stores one batch in one transaction: a crash, a kill or Ctrl-C in the middle of
it leaves the store as it was before the batch (DuckDB's write-ahead log replays committed
transactions only). An article written again (the same id) has all its rows replaced in
every table; an article whose text is already stored under another id (the same content
hash: a wire story under a second outlet), or that `rasd.store.dedup` finds near-identical
to a stored one, is kept only as an `article_sources` row of that canonical article, never
as duplicate rows.

Event clustering (`rasd.store.dedup`) runs in each write's transaction too, except in a bulk
import (`write_rows(..., cluster=False)`, what `rasd store import` does): its articles are
marked pending (`dedup_pending`, in the batch's transaction) and `cluster_pending` clusters
them all at the end, day by day, in transactions of `CLUSTER_TRANSACTION_ARTICLES` (31,523
ANT articles: 123 -> 347 articles/s with the text index and dedup). A killed import leaves
every committed batch stored and its articles pending; the next `cluster_pending`, or the
next clustered write, finishes them.

Rows go in columnar (a pyarrow table registered with the connection, then one
`INSERT ... BY NAME SELECT`): a row-by-row executemany is orders of magnitude slower in
DuckDB.

DuckDB lets one process write a file; a second process that opens it while the first holds
it waits `Settings.store_lock_wait_s`, then gets E022 ("store is busy"), never a corrupt
file. A file that is not a rasd store, or one of a newer schema, is E023.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from rasd.errors import Code, RasdError
from rasd.model import Article
from rasd.settings import Settings
from rasd.store import schema
from rasd.store.rows import (
    TABLE_ROWS,
    ArticleRow,
    ArticleRows,
    FailureRow,
    SourceRow,
    arrow_table,
    article_from_rows,
    column_names,
    rows_from_article,
)

LOCK_MESSAGES = ("Could not set lock", "Conflicting lock")
NOT_A_DATABASE = ("not a valid DuckDB database", "Serialization Error", "file is not a valid")
LOCK_RETRY_S = 0.1
# DuckDB checkpoints (moves the write-ahead log into the file) when the log passes 16 MB by
# default, and each checkpoint rewrites the tables' last, partly filled row groups: loading
# the 31,523 ANT articles in batches of 1,000 cost 20.9 CPU-s and made a 273 MB file; with
# checkpoints left to the close, 17.0 CPU-s and 180 MB. A crash still loses nothing
# committed: the log is replayed on the next open.
WRITER_CHECKPOINT_THRESHOLD = "1GB"
# Pending articles clustered per transaction by `cluster_pending`: a kill loses at most
# this many articles' clustering (they stay pending), and each transaction recomputes its
# clusters' event_clusters rows once (a join over the events table, which grows with the
# store: per chunk of days it was a fifth of the clustering's time).
CLUSTER_TRANSACTION_ARTICLES = 10_000
IDENTICAL = 1.0  # SourceRow.similarity of a repeat with the same content hash
ARTICLE_TABLES = tuple(TABLE_ROWS)  # articles, entities, actors, quotes, events
CHILD_TABLES = tuple(name for name in TABLE_ROWS if name != "articles")


def _hook(name: str) -> ModuleType | None:
    """rasd.store.textindex / rasd.store.dedup where installed (they are other components:
    the store works without them and calls them inside its write transaction when present)."""
    module_name = f"rasd.store.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise


@dataclass
class WriteReport:
    """What one `Store.write` did. articles + repeats = the distinct articles of the batch."""

    articles: int = 0  # stored with their rows
    replaced: int = 0  # of those, how many replaced an article of the same id
    repeats: int = 0  # stored as a source of an identical or near-identical article
    failures: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, other: WriteReport) -> None:
        self.articles += other.articles
        self.replaced += other.replaced
        self.repeats += other.repeats
        self.failures += other.failures
        for name, count in other.rows.items():
            self.rows[name] = self.rows.get(name, 0) + count


def failure_row(item: Any) -> FailureRow:
    """A FailureRow from an `IngestFailure` (or `Skipped`), or the FailureRow itself."""
    if isinstance(item, FailureRow):
        return item
    from rasd.ingest.document import Skipped

    error = item.error
    return FailureRow(item.source, error.code.value, error.describe(), isinstance(item, Skipped))


class Store:
    """A rasd store: articles, entities, actors, quotes, events, sources, failures, and the
    text index's and dedup's tables, in one DuckDB file."""

    def __init__(self, path: str | Path, *, read_only: bool = False, settings: Settings | None = None):
        self.path = Path(path).expanduser()
        self.settings = settings or Settings()
        self.read_only = read_only
        self.textindex = _hook("textindex")
        self.dedup = _hook("dedup")
        self.connection = self._connect(read_only)
        try:
            if not read_only:
                self.connection.execute(f"SET checkpoint_threshold = '{WRITER_CHECKPOINT_THRESHOLD}'")
            version = self._version()
            if version is None and read_only:
                raise RasdError(Code.E023_STORE_INVALID, "an empty file, not a rasd store", str(self.path))
            if version is None:
                self._create()
            elif version < schema.SCHEMA_VERSION:
                self._migrate_from(version)
            if not self.read_only:
                self._extension_ddl()
        except BaseException:
            self.connection.close()
            raise

    # -- opening ---------------------------------------------------------------------------

    def _connect(self, read_only: bool):
        import duckdb

        if read_only and not self.path.exists():
            raise RasdError(Code.E008_NOT_FOUND, "no store there", str(self.path))
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RasdError(Code.E008_NOT_FOUND, f"cannot make the store's folder: {exc}", str(self.path)) from exc
        deadline = time.monotonic() + self.settings.store_lock_wait_s
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.ConnectionException as exc:
                # This process already has the file open for writing: share that database
                # (DuckDB allows one configuration per file and process); a reader still
                # never writes through this Store.
                if read_only and "different configuration" in str(exc):
                    return duckdb.connect(str(self.path))
                if "different configuration" in str(exc):  # open read-only here: no writer can join
                    raise RasdError(Code.E022_STORE_BUSY, "this process has it open read-only",
                                    str(self.path)) from exc
                raise RasdError(Code.E023_STORE_INVALID, str(exc), str(self.path)) from exc
            except duckdb.IOException as exc:
                message = str(exc)
                if any(m in message for m in LOCK_MESSAGES):
                    if time.monotonic() < deadline:
                        time.sleep(LOCK_RETRY_S)
                        continue
                    raise RasdError(Code.E022_STORE_BUSY, "another process holds the file", str(self.path)) from exc
                raise RasdError(Code.E023_STORE_INVALID, message, str(self.path)) from exc
            except duckdb.Error as exc:
                raise RasdError(Code.E023_STORE_INVALID, str(exc), str(self.path)) from exc

    def _tables(self) -> set[str]:
        rows = self.connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
        return {r[0] for r in rows}

    def _version(self) -> int | None:
        """The schema version of the open file; None for an empty database; E023 for a file
        that is some other database or of a newer schema."""
        tables = self._tables()
        if not tables:
            return None
        if schema.META_TABLE not in tables:
            raise RasdError(Code.E023_STORE_INVALID, "a DuckDB file without rasd's meta table", str(self.path))
        meta = dict(self.connection.execute(f"SELECT key, value FROM {schema.META_TABLE}").fetchall())
        if meta.get("kind") != schema.STORE_KIND:
            raise RasdError(Code.E023_STORE_INVALID, f"meta kind is {meta.get('kind')!r}", str(self.path))
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise RasdError(Code.E023_STORE_INVALID, "no schema version", str(self.path)) from None
        if version > schema.SCHEMA_VERSION:
            raise RasdError(Code.E023_STORE_INVALID, f"schema version {version}, this rasd reads up to "
                            f"{schema.SCHEMA_VERSION}; upgrade rasd", str(self.path))
        return version

    @property
    def schema_version(self) -> int:
        return self._version() or schema.SCHEMA_VERSION

    def _create(self) -> None:
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in schema.current_ddl():
                con.execute(statement)
            con.executemany(f"INSERT INTO {schema.META_TABLE} VALUES (?, ?)", schema.meta_rows())
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _migrate_from(self, version: int) -> None:
        if self.read_only:  # migrating needs the file for writing, once
            self.connection.close()
            Store(self.path, settings=self.settings).close()
            self.connection = self._connect(True)
            return
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            for step in schema.migration_path(version):
                for statement in step.statements:
                    con.execute(statement)
            con.execute(f"UPDATE {schema.META_TABLE} SET value = ? WHERE key = 'schema_version'",
                        [str(schema.SCHEMA_VERSION)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _extension_ddl(self) -> None:
        """The text index's and dedup's tables (CREATE ... IF NOT EXISTS: also for a store made
        before those components were installed)."""
        for module in (self.textindex, self.dedup):
            for statement in getattr(module, "DDL", ()) if module else ():
                self.connection.execute(statement)

    # -- writing ---------------------------------------------------------------------------

    def write(self, articles: Iterable[Article], failures: Iterable[Any] = ()) -> WriteReport:
        """Store one batch in one transaction (see the module docstring); `failures` are
        `IngestFailure`s (or FailureRows) kept in the failures table."""
        batch = [rows_from_article(a) for a in articles]
        if self.settings.registry_path:
            self._add_registry_roles(batch)
        return self.write_rows(batch, failures)

    def write_rows(self, batch: Iterable[ArticleRows], failures: Iterable[Any] = (),
                   sources: Iterable[SourceRow] = (), *, cluster: bool = True) -> WriteReport:
        """`write` for articles already made rows (imports of JSONL and backfill Parquet);
        `sources` are source rows known beforehand (an exported store's repeats).
        `cluster=False` (a bulk import) stores the batch's articles as pending for event
        clustering instead of clustering them now; `cluster_pending` clusters them all at
        once, which costs what their events cost, where clustering each batch against the
        stored clusters of all its days grew with the store (see `rasd.store.dedup`)."""
        if self.read_only:
            raise RasdError(Code.E023_STORE_INVALID, "opened read-only", str(self.path))
        unique: dict[str, ArticleRows] = {}
        for rows in batch:  # the same id twice in one batch: the later one wins
            unique.pop(rows.article.id, None)
            unique[rows.article.id] = rows
        failure_rows = [failure_row(f) for f in failures]
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            report = self._write(list(unique.values()), failure_rows, list(sources), cluster)
            con.execute("COMMIT")
        except BaseException:  # KeyboardInterrupt too: nothing of the batch stays
            con.execute("ROLLBACK")
            raise
        return report

    def _write(self, batch: list[ArticleRows], failures: list[FailureRow], known: list[SourceRow],
               cluster: bool = True) -> WriteReport:
        con = self.connection
        report = WriteReport(failures=len(failures))
        ids = [rows.article.id for rows in batch]
        replaced = self._existing(ids)
        if replaced:
            self._delete(replaced)
        if ids:
            self._drop_as_sources(ids)
        repeats = self._identical(batch)  # id -> (canonical id, similarity)
        remaining = [rows for rows in batch if rows.article.id not in repeats]
        if self.dedup is not None and remaining:
            found = self.dedup.canonical_articles(con, remaining)
            similarity = getattr(found, "similarity", {})
            for repeat, canonical in found.items():
                if repeat != canonical:
                    repeats[repeat] = (canonical, similarity.get(repeat))
        resolved = {rid: (_follow(repeats, canonical), sim) for rid, (canonical, sim) in repeats.items()}
        stored = [rows for rows in batch if rows.article.id not in resolved]
        for name in ARTICLE_TABLES:
            rows = [r for b in stored for r in b.table(name)]
            report.rows[name] = len(rows)
            self._insert(name, TABLE_ROWS[name], rows)
        by_id = {rows.article.id: rows.article for rows in batch}
        sources = [_source_row(canonical, by_id[rid], sim) for rid, (canonical, sim) in resolved.items()]
        if known:
            self._with_ids([s.source_id for s in known],
                           "DELETE FROM article_sources WHERE source_id IN (SELECT id FROM _rasd_ids)")
            for row in known:
                row.article_id = _follow(resolved, row.article_id)
            sources += [row for row in known if row.source_id not in by_id]
        self._insert("article_sources", SourceRow, sources)
        if resolved:  # what repeated an article that is now a repeat itself follows it
            self._repoint_sources({rid: canonical for rid, (canonical, _) in resolved.items()})
        report.rows["article_sources"] = len(sources)
        self._record_failures(failures, [rows.article.source for rows in batch if rows.article.source])
        report.articles, report.repeats = len(stored), len(resolved)
        report.replaced = len(set(replaced) & {rows.article.id for rows in stored})
        if self.textindex is not None and stored:
            self.textindex.index_articles(con, stored)
        if self.dedup is not None and stored:
            self._cluster([rows.article.id for rows in stored], cluster)
        return report

    def _cluster(self, ids: list[str], now: bool) -> None:
        """Cluster the events of these just-stored articles, or mark them pending; a batch
        clustered now also clusters what an interrupted bulk import left pending."""
        con = self.connection
        if now and not self.dedup.pending_count(con):
            self.dedup.cluster_events(con, ids)
            return
        self.dedup.mark_pending(con, ids)
        if now:
            self.dedup.cluster_pending(con)

    def pending_clusters(self) -> int:
        """Stored articles whose events wait for `cluster_pending`."""
        return self.dedup.pending_count(self.connection) if self.dedup is not None else 0

    def cluster_pending(self) -> int:
        """Cluster the events of the articles written with `cluster=False`, a few days at a
        time, one transaction per chunk: a kill in the middle leaves the chunks done
        clustered and the others pending (the next call, or the next clustered write,
        finishes them). Returns the number of articles clustered."""
        if self.dedup is None or self.read_only:
            return 0
        con = self.connection
        done = 0
        for group in _groups(self.dedup.pending_chunks(con), CLUSTER_TRANSACTION_ARTICLES):
            with self._transaction():
                self.dedup.cluster_chunks(con, group)
            done += sum(map(len, group))
        with self._transaction():  # marks of articles no longer stored
            con.execute(f"DELETE FROM {self.dedup.PENDING_TABLE}")
        return done

    @contextlib.contextmanager
    def _transaction(self):
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            yield
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _repoint_sources(self, canonical: dict[str, str]) -> None:
        import pyarrow as pa

        con = self.connection
        con.register("_rasd_map", pa.table({"rid": pa.array(list(canonical), pa.string()),
                                            "canonical": pa.array(list(canonical.values()), pa.string())}))
        try:
            con.execute("UPDATE article_sources SET article_id = m.canonical FROM _rasd_map m "
                        "WHERE article_sources.article_id = m.rid")
        finally:
            con.unregister("_rasd_map")

    def _insert(self, table: str, row_type: type, rows: list) -> None:
        if not rows:
            return
        con = self.connection
        view = f"_rasd_batch_{table}"
        con.register(view, arrow_table(row_type, rows))
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
        finally:
            con.unregister(view)

    def _with_ids(self, ids: list[str], sql: str) -> list[tuple]:
        """Run `sql`, which reads the view _rasd_ids(id), over `ids`."""
        import pyarrow as pa

        con = self.connection
        con.register("_rasd_ids", pa.table({"id": pa.array(ids, pa.string())}))
        try:
            return con.execute(sql).fetchall()
        finally:
            con.unregister("_rasd_ids")

    def _existing(self, ids: list[str]) -> list[str]:
        if not ids:
            return []
        return [r[0] for r in self._with_ids(ids, "SELECT id FROM articles WHERE id IN (SELECT id FROM _rasd_ids)")]

    def _delete(self, ids: list[str]) -> None:
        """Every row of these articles, in every table (the text index's and dedup's too)."""
        if self.textindex is not None:
            self.textindex.delete_articles(self.connection, ids)
        if self.dedup is not None:
            self.dedup.forget_articles(self.connection, ids)
        self._with_ids(ids, "DELETE FROM articles WHERE id IN (SELECT id FROM _rasd_ids)")
        for name in CHILD_TABLES:
            self._with_ids(ids, f"DELETE FROM {name} WHERE article_id IN (SELECT id FROM _rasd_ids)")

    def _drop_as_sources(self, ids: list[str]) -> None:
        """An article written again is judged a repeat (or not) afresh."""
        self._with_ids(ids, "DELETE FROM article_sources WHERE source_id IN (SELECT id FROM _rasd_ids)")

    def _identical(self, batch: list[ArticleRows]) -> dict[str, tuple[str, float]]:
        """Articles of the batch whose text is stored already, or is earlier in the batch."""
        import pyarrow as pa

        if not batch:
            return {}
        con = self.connection
        hashes = [rows.article.content_hash for rows in batch]
        con.register("_rasd_hashes", pa.table({"h": pa.array(hashes, pa.string())}))
        try:
            stored = dict(con.execute(
                "SELECT content_hash, min(id) FROM articles WHERE content_hash IN (SELECT h FROM _rasd_hashes) "
                "GROUP BY content_hash").fetchall())
        finally:
            con.unregister("_rasd_hashes")
        repeats = {}
        for rows in batch:
            article = rows.article
            canonical = stored.setdefault(article.content_hash, article.id)
            if canonical != article.id:
                repeats[article.id] = (canonical, IDENTICAL)
        return repeats

    def _record_failures(self, failures: list[FailureRow], analysed_sources: list[str]) -> None:
        """The latest word on each source: a failure replaces an older one of the same source,
        and an article analysed from a source clears the failure it had before."""
        sources = [f.source for f in failures] + analysed_sources
        if sources:
            self._with_ids(sources, "DELETE FROM failures WHERE source IN (SELECT id FROM _rasd_ids)")
        self._insert("failures", FailureRow, failures)

    def _add_registry_roles(self, batch: list[ArticleRows]) -> None:
        """Each registry actor's dated roles, from the registry the run used."""
        from dataclasses import asdict

        from rasd.store.registry import ActorRegistry

        with ActorRegistry(self.settings.registry_path) as registry:
            for rows in batch:
                for actor in rows.actors:
                    if actor.registry_id:
                        actor.roles = json.dumps([asdict(r) for r in registry.roles(actor.registry_id)],
                                                 ensure_ascii=False)

    # -- reading ---------------------------------------------------------------------------

    def canonical_id(self, article_id: str) -> str | None:
        """The id under which an article's rows are stored: its own, or the canonical
        article's when it was stored as a repeat; None when unknown."""
        con = self.connection
        if con.execute("SELECT 1 FROM articles WHERE id = ? LIMIT 1", [article_id]).fetchone():
            return article_id
        row = con.execute("SELECT article_id FROM article_sources WHERE source_id = ? LIMIT 1",
                          [article_id]).fetchone()
        return row[0] if row else None

    def load_article(self, article_id: str) -> Article | None:
        """The stored article (for a repeat: the canonical article it repeats), or None."""
        rows = self.load_rows(article_id)
        return article_from_rows(rows) if rows else None

    def load_rows(self, article_id: str) -> ArticleRows | None:
        canonical = self.canonical_id(article_id)
        if canonical is None:
            return None
        con = self.connection

        def select(table: str, key: str) -> list:
            row_type = TABLE_ROWS[table]
            cols = ", ".join(column_names(row_type))
            return [row_type(*r) for r in con.execute(f"SELECT {cols} FROM {table} WHERE {key} = ?",
                                                       [canonical]).fetchall()]

        article: list[ArticleRow] = select("articles", "id")
        return ArticleRows(article[0], *(select(name, "article_id") for name in CHILD_TABLES))

    def sources(self, article_id: str) -> list[SourceRow]:
        """The other reports of an article stored once (repeats), oldest first."""
        cols = ", ".join(column_names(SourceRow))
        rows = self.connection.execute(f"SELECT {cols} FROM article_sources WHERE article_id = ? "
                                       "ORDER BY published NULLS LAST, source_id", [article_id]).fetchall()
        return [SourceRow(*r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table, the store's own and the text index's and dedup's."""
        return {name: self.connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                for name in sorted(self._tables())}

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing twice, or after the database went away
            self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _groups(chunks: list[list[str]], size: int) -> list[list[list[str]]]:
    """Consecutive chunks gathered into groups of about `size` articles (the last chunk of a
    group may take it over `size`)."""
    groups: list[list[list[str]]] = []
    count = size
    for chunk in chunks:
        if count >= size:
            groups.append([])
            count = 0
        groups[-1].append(chunk)
        count += len(chunk)
    return groups


def _follow(repeats: dict[str, tuple[str, Any]], canonical: str) -> str:
    """The end of a chain of repeats (a repeats b, b repeats c: a is stored under c)."""
    seen = set()
    while canonical in repeats and canonical not in seen:
        seen.add(canonical)
        canonical = repeats[canonical][0]
    return canonical


def _source_row(canonical: str, article: ArticleRow, similarity: float | None) -> SourceRow:
    return SourceRow(canonical, article.id, article.outlet, article.url, article.published, article.title,
                     article.section, article.source, similarity)


def store_info(store: Store) -> dict[str, Any]:
    """What `rasd store info` prints: path, schema version, rows per table, bytes on disk
    (the file and its write-ahead log), and the documents the store accounts for."""
    counts = store.counts()
    wal = store.path.with_name(store.path.name + ".wal")
    size = store.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    documents = sum(counts.get(name, 0) for name in ("articles", "article_sources", "failures"))
    return {"path": str(store.path), "schema_version": store.schema_version, "bytes": size,
            "documents": documents, "counts": counts}


class BatchWriter:
    """`rasd analyze --store`: analysed articles and failures written in batches of
    `settings.store_batch_size`, one transaction each. The store is opened for each batch
    and closed after it, so that readers (rasd search, rasd serve) get in between batches;
    opening it once at the start reports a busy (E022) or invalid (E023) store before any
    analysis. An interruption loses at most the batch not yet written; the store stays as
    after the last batch."""

    def __init__(self, path: str | Path, settings: Settings):
        self.path = Path(path)
        self.settings = settings
        self.articles: list[Article] = []
        self.failures: list[Any] = []
        self.report = WriteReport()
        Store(self.path, settings=settings).close()

    def add(self, item: Any) -> None:
        if isinstance(item, Article):
            self.articles.append(item)
        else:
            self.failures.append(item)
        if len(self.articles) + len(self.failures) >= self.settings.store_batch_size:
            self.flush()

    def flush(self) -> None:
        if not (self.articles or self.failures):
            return
        with Store(self.path, settings=self.settings) as store:
            self.report.add(store.write(self.articles, self.failures))
        self.articles, self.failures = [], []

    def close(self) -> None:
        """Drop what was not flushed (after an error: it is not written half)."""
        self.articles, self.failures = [], []

    def describe(self) -> str:
        r = self.report
        return (f"store {self.path}: {r.articles} articles written ({r.replaced} replaced), "
                f"{r.repeats} repeats kept as sources, {r.failures} failures recorded")
