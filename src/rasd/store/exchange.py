"""Export a store's contents, and import analyses made elsewhere.

Export (`export`): `--what` articles, events, clusters, quotes, actors or entities, as
Parquet (a folder partitioned by day: `day=2024-03-05/data_0.parquet`, written by DuckDB's
`COPY ... PARTITION_BY`, the `day` column kept in the files), CSV (one flat table with a
header) or JSON Lines. Events are flat, POLECAT-like rows: one per report (an event of one
article, with its cluster) or, with `--per cluster`, one per event cluster (its canonical
report, the number of reports and of independent sources). Articles as JSON Lines are rasd's
contract JSON (`rasd.analysis/1`), one per stored article, with a `sources` list of the
other reports of the same text; importing that file into another store rebuilds it.

Import (`import_path`): rasd JSON Lines (what `rasd analyze` prints; `.gz` too), a folder of
them, or a backfill's output folder `DIR/<table>/*.parquet` whose columns are the fields of
`rasd.store.rows` (files of one partition share their name across the table folders).
A line that is not contract JSON is recorded as a failure (E006 / E009) and the import goes on.
The batches' event clustering is left to the import's end (`Store.cluster_pending`): once
over all the imported days instead of each batch against the stored clusters of its days.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

from rasd.errors import Code, RasdError
from rasd.output import article_to_dict
from rasd.store.rows import (
    TABLE_ROWS,
    ArticleRows,
    FailureRow,
    SourceRow,
    article_from_rows,
    column_names,
    content_hash,
    rows_from_contract,
)

FORMATS = ("parquet", "csv", "jsonl")
WHATS = ("articles", "events", "clusters", "quotes", "actors", "entities")
PERS = ("report", "cluster")
STDOUT = "-"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIX = ".parquet"
DEFAULT_IMPORT_BATCH = 1000  # articles per transaction of an import
EXPORT_CHUNK = 5000  # articles read at once when writing contract JSON (each chunk scans the tables once)
# Fields a backfill Parquet file may lack (an older writer): their value when missing.
MISSING_DEFAULTS = {"sentences": "[]", "warnings": "[]", "stages": "", "via": "[]", "ids": "{}",
                    "roles": "[]", "mentions": 0}


@dataclass(frozen=True)
class ExportRequest:
    """What to export; validated here so that a bad argument is E024 (exit 2)."""

    format: str
    what: str
    out: str
    per: str = "report"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise RasdError(Code.E024_BAD_QUERY, f"--format must be one of {', '.join(FORMATS)}, got {self.format!r}")
        if self.what not in WHATS:
            raise RasdError(Code.E024_BAD_QUERY, f"--what must be one of {', '.join(WHATS)}, got {self.what!r}")
        if self.per not in PERS:
            raise RasdError(Code.E024_BAD_QUERY, f"--per must be report or cluster, got {self.per!r}")
        if self.per == "cluster" and self.what not in ("events", "clusters"):
            raise RasdError(Code.E024_BAD_QUERY, "--per cluster applies to --what events")
        if not self.out:
            raise RasdError(Code.E024_BAD_QUERY, "--out is empty")
        if self.format == "parquet" and self.out == STDOUT:
            raise RasdError(Code.E024_BAD_QUERY, "Parquet is a folder: give --out a folder path")

    @property
    def by_cluster(self) -> bool:
        return self.what == "clusters" or self.per == "cluster"


@dataclass
class ExportReport:
    rows: int
    out: str


# -- export ----------------------------------------------------------------------------------

def _has_clusters(con) -> bool:
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return {"event_clusters", "cluster_reports"} <= names


def _actor_cols(alias: str, prefix: str) -> str:
    return (f"{alias}.name AS {prefix}_name, {alias}.country AS {prefix}_country, {alias}.sector AS {prefix}_sector, "
            f"{alias}.kind AS {prefix}_kind, {alias}.cameo AS {prefix}_cameo, "
            f"{alias}.registry_id AS {prefix}_registry_id")


def events_sql(con, by_cluster: bool) -> str:
    """Flat event rows (POLECAT-like names): one per report, or per cluster (its canonical report)."""
    clusters = _has_clusters(con)
    if by_cluster and not clusters:
        raise RasdError(Code.E023_STORE_INVALID, "this store has no event clusters (rasd.store.dedup did not run)")
    cluster_cols = ("cr.cluster_id AS cluster_id, ec.source_count AS cluster_sources, "
                    "ec.report_count AS cluster_reports" if clusters else
                    "NULL AS cluster_id, NULL AS cluster_sources, NULL AS cluster_reports")
    cluster_join = ("LEFT JOIN cluster_reports cr ON cr.article_id = e.article_id AND cr.event_id = e.id "
                    "LEFT JOIN event_clusters ec ON ec.cluster_id = cr.cluster_id" if clusters else "")
    report = f"""
        SELECT e.article_id || '/' || e.id AS event_key, e.id AS event_id, e.day AS day, e.date AS event_date,
               e.type AS event_type, e.mode AS event_mode, e.confidence AS confidence,
               e.source_text AS actor_text, {_actor_cols('sa', 'actor')},
               e.target_text AS recipient_text, {_actor_cols('ta', 'recipient')},
               e.location_text AS placename, e.location_country AS place_country,
               e.trigger_text AS trigger_text, e.trigger_start AS trigger_start, e.trigger_end AS trigger_end,
               e.sentence AS sentence_number,
               a.id AS story_id, a.outlet AS publisher, a.published AS publication_date, a.title AS headline,
               a.url AS url, a.language AS language, {cluster_cols}
        FROM events e JOIN articles a ON a.id = e.article_id
        LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.id = e.source_actor
        LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.id = e.target_actor
        {cluster_join}"""
    if not by_cluster:
        return f"SELECT * FROM ({report}) ORDER BY day NULLS LAST, story_id, event_id"
    return f"""
        SELECT ec.cluster_id AS cluster_id, ec.day AS day, ec.first_day AS first_day, ec.last_day AS last_day,
               ec.source_count AS sources, ec.report_count AS reports, ec.article_count AS articles,
               ec.outlets AS outlets, r.* EXCLUDE (day, cluster_id, cluster_sources, cluster_reports)
        FROM event_clusters ec
        JOIN ({report}) r ON r.story_id = ec.canonical_article_id AND r.event_id = ec.canonical_event_id
        ORDER BY ec.day NULLS LAST, ec.cluster_id"""


def table_sql(con, what: str, by_cluster: bool = False) -> str:
    """The SELECT of one export (the flat rows of CSV, Parquet and non-article JSON Lines)."""
    if what in ("events", "clusters"):
        return events_sql(con, by_cluster)
    if what == "articles":
        return "SELECT * FROM articles ORDER BY day NULLS LAST, id"
    if what == "quotes":
        return ("SELECT q.*, sp.name AS speaker_name, sp.country AS speaker_country, sp.sector AS speaker_sector, "
                "sp.registry_id AS speaker_registry_id, a.outlet AS outlet, a.title AS headline, a.url AS url "
                "FROM quotes q JOIN articles a ON a.id = q.article_id "
                "LEFT JOIN actors sp ON sp.article_id = q.article_id AND sp.id = q.speaker_actor "
                "ORDER BY q.day NULLS LAST, q.article_id, q.id")
    # actors, entities: the article's day beside them (for the date partitions)
    return (f"SELECT t.*, a.day AS day, a.outlet AS outlet FROM {what} t JOIN articles a ON a.id = t.article_id "
            "ORDER BY a.day NULLS LAST, t.article_id")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def export(store, request: ExportRequest) -> ExportReport:
    con = store.connection
    if request.format == "jsonl" and request.what == "articles":
        return _export_contract(store, request.out)
    sql = table_sql(con, request.what, request.by_cluster)
    rows = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    out = request.out
    if request.format == "parquet":
        target = Path(out)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise RasdError(Code.E024_BAD_QUERY, "--out exists and is not an empty folder", out)
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({sql}) TO {_sql_string(str(target))} "
                    "(FORMAT parquet, PARTITION_BY (day), WRITE_PARTITION_COLUMNS true, OVERWRITE_OR_IGNORE true)")
        return ExportReport(rows, out)
    options = "FORMAT csv, HEADER true" if request.format == "csv" else "FORMAT json"
    if out == STDOUT:
        _copy_to_stdout(con, sql, options)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({sql}) TO {_sql_string(out)} ({options})")
    return ExportReport(rows, out)


def _copy_to_stdout(con, sql: str, options: str) -> None:
    import os
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out")
        con.execute(f"COPY ({sql}) TO {_sql_string(path)} ({options})")
        with open(path, encoding="utf-8") as f:
            for line in f:
                sys.stdout.write(line)


def iter_article_rows(store, chunk: int = EXPORT_CHUNK) -> Iterator[ArticleRows]:
    """Every stored article as rows, in (day, id) order, reading `chunk` articles at a time."""
    con = store.connection
    ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY day NULLS LAST, id").fetchall()]
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        grouped: dict[str, dict[str, list]] = {aid: {} for aid in part}
        for name, row_type in TABLE_ROWS.items():
            key = "id" if name == "articles" else "article_id"
            cols = ", ".join(column_names(row_type))
            for r in con.execute(f"SELECT {cols} FROM {name} WHERE {key} IN (SELECT unnest(?))", [part]).fetchall():
                row = row_type(*r)
                grouped[getattr(row, key)].setdefault(name, []).append(row)
        for aid in part:
            tables = grouped[aid]
            yield ArticleRows(tables["articles"][0], *(tables.get(n, []) for n in TABLE_ROWS if n != "articles"))


def _sources_by_article(con) -> dict[str, list[dict]]:
    cols = column_names(SourceRow)
    out: dict[str, list[dict]] = {}
    for r in con.execute(f"SELECT {', '.join(cols)} FROM article_sources ORDER BY article_id, source_id").fetchall():
        row = dict(zip(cols, r, strict=True))
        out.setdefault(row.pop("article_id"), []).append(row)
    return out


def _export_contract(store, out: str) -> ExportReport:
    import sys

    sources = _sources_by_article(store.connection)
    stream = sys.stdout if out == STDOUT else _open_write(out)
    count = 0
    with contextlib.ExitStack() as stack:
        stack.enter_context(gc_paused())
        if stream is not sys.stdout:
            stack.callback(stream.close)
        for rows in iter_article_rows(store):
            record = article_to_dict(article_from_rows(rows))
            if rows.article.id in sources:
                record["sources"] = sources[rows.article.id]
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return ExportReport(count, out)


def _open_write(path: str):
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise RasdError(Code.E008_NOT_FOUND, f"cannot write --out: {exc.strerror or exc}", path) from exc


# -- import ----------------------------------------------------------------------------------

@dataclass
class ImportReport:
    """Records read, and what became of them: read = articles + repeats + failures."""

    read: int = 0
    articles: int = 0
    repeats: int = 0
    failures: int = 0
    files: int = 0
    orphans: list[str] = field(default_factory=list)  # Parquet files of no articles file

    def add_write(self, report) -> None:
        self.articles += report.articles
        self.repeats += report.repeats

    def format(self) -> str:
        return (f"{self.read} records from {self.files} files: {self.articles} articles stored, "
                f"{self.repeats} repeats kept as sources, {self.failures} failed")


def import_path(store, path: str | Path, batch_size: int = DEFAULT_IMPORT_BATCH) -> ImportReport:
    """Import a JSON Lines file (.gz too), a folder of them, or a backfill Parquet folder."""
    path = Path(path)
    if not path.exists():
        raise RasdError(Code.E008_NOT_FOUND, "nothing to import there", str(path))
    if batch_size <= 0:
        raise RasdError(Code.E024_BAD_QUERY, f"--batch-size must be positive, got {batch_size}")
    report = ImportReport()
    if path.is_dir() and (path / "articles").is_dir():
        _import_parquet_dir(store, path, report)
        store.cluster_pending()
        return report
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(JSONL_SUFFIXES))
    with gc_paused():
        for file in files:
            _import_jsonl(store, file, batch_size, report)
        store.cluster_pending()
    return report


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection while records are parsed into rows: a batch makes
    hundreds of thousands of small objects and no cycles, and the collector's passes over
    them took half the import's time (3,000 ANT records: 0.28 s to parse with it off,
    0.45-0.51 s with it on; rows 0.32 s against 0.63-0.70 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _lines(file: Path) -> Iterator[bytes]:
    opener = gzip.open if file.name.lower().endswith(".gz") else open
    with opener(file, "rb") as stream:
        yield from stream


def _import_jsonl(store, file: Path, batch_size: int, report: ImportReport) -> None:
    report.files += 1
    batch: list[ArticleRows] = []
    sources: list[SourceRow] = []
    failures: list[FailureRow] = []

    def flush() -> None:
        if batch or failures:
            report.add_write(store.write_rows(batch, failures, sources=sources, cluster=False))
        report.failures += len(failures)
        batch.clear(), sources.clear(), failures.clear()

    try:
        for number, line in enumerate(_lines(file), 1):
            if not line.strip():
                continue
            report.read += 1
            where = f"{file}:{number}"
            try:
                record = json.loads(line)
                rows = rows_from_contract(record)
            except (ValueError, UnicodeDecodeError) as exc:
                failures.append(FailureRow(where, Code.E006_BAD_JSON.value,
                                           RasdError(Code.E006_BAD_JSON, str(exc)[:200], where).describe(), False))
                continue
            except RasdError as exc:
                failures.append(FailureRow(where, exc.code.value, RasdError(exc.code, exc.detail, where).describe(),
                                           False))
                continue
            rows.article.source = rows.article.source or where
            batch.append(rows)
            sources.extend(_record_sources(record, rows))
            if len(batch) >= batch_size:
                flush()
    except (OSError, EOFError) as exc:  # a truncated .gz: what was read is kept
        failures.append(FailureRow(str(file), Code.E019_TRUNCATED_GZIP.value,
                                   RasdError(Code.E019_TRUNCATED_GZIP, str(exc), str(file)).describe(), False))
    flush()


def _record_sources(record: dict, rows: ArticleRows) -> list[SourceRow]:
    """The `sources` list of an exported article, as SourceRows of it."""
    out = []
    for s in record.get("sources") or ():
        if isinstance(s, dict) and s.get("source_id"):
            out.append(SourceRow(rows.article.id, s["source_id"], s.get("outlet"), s.get("url"), s.get("published"),
                                 s.get("title"), s.get("section"), s.get("source"), s.get("similarity")))
    return out


def _from_dict(row_type: type, data: dict):
    values = {}
    for f in fields(row_type):
        if f.name in data:
            values[f.name] = data[f.name]
        elif f.name == "chars":
            values[f.name] = len(data.get("text") or "")
        elif f.name == "content_hash":
            values[f.name] = content_hash(data.get("text") or "")
        else:
            values[f.name] = MISSING_DEFAULTS.get(f.name)
    return row_type(**values)


def _read_parquet(file: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(file).to_pylist()


def _import_parquet_dir(store, root: Path, report: ImportReport) -> None:
    """DIR/<table>/NAME.parquet: the files named NAME of all tables are one batch."""
    names = sorted(p.name for p in (root / "articles").glob(f"*{PARQUET_SUFFIX}"))
    for table in [*TABLE_ROWS, "failures", "article_sources"]:
        folder = root / table
        if table != "articles" and folder.is_dir():
            report.orphans += [str(p) for p in sorted(folder.glob(f"*{PARQUET_SUFFIX}")) if p.name not in names]
    for name in names:
        report.files += 1
        try:
            articles = [_from_dict(TABLE_ROWS["articles"], d) for d in _read_parquet(root / "articles" / name)]
            children: dict[str, dict[str, list]] = {}
            for table in TABLE_ROWS:
                if table == "articles" or not (root / table / name).exists():
                    continue
                for d in _read_parquet(root / table / name):
                    row = _from_dict(TABLE_ROWS[table], d)
                    children.setdefault(row.article_id, {}).setdefault(table, []).append(row)
            failures = [_from_dict(FailureRow, d) for d in _read_parquet(root / "failures" / name)] \
                if (root / "failures" / name).exists() else []
            sources = [_from_dict(SourceRow, d) for d in _read_parquet(root / "article_sources" / name)] \
                if (root / "article_sources" / name).exists() else []
        except Exception as exc:  # pyarrow's errors for a damaged file are of several types
            where = str(root / "articles" / name)
            failure = RasdError(Code.E025_BACKFILL, f"unreadable partition: {type(exc).__name__} {exc}", where)
            store.write_rows([], [FailureRow(where, failure.code.value, failure.describe(), False)])
            report.failures += 1
            continue
        batch = [ArticleRows(a, *(children.get(a.id, {}).get(t, []) for t in TABLE_ROWS if t != "articles"))
                 for a in articles]
        report.read += len(batch) + len(failures)
        report.failures += len(failures)
        report.add_write(store.write_rows(batch, failures, sources=sources, cluster=False))
