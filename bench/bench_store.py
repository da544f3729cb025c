"""Load rasd JSONL into fresh stores of growing size; time the load and ten typical queries.

    python bench/bench_store.py --jsonl ant31k.jsonl          # rasd analyze output made before
    python bench/bench_store.py --jsonl ant31k.jsonl --sizes 3000,10000,all
    python bench/bench_store.py                               # a clean checkout: analyses the ANT
                                                              # corpus from ../shared first (slow)

For each size N (the first N lines of the JSONL), in a fresh process (cold caches, as a user's
`rasd store import` is): a new store file, `rasd.store.exchange.import_path` timed — JSON
parsing, rows, the store's inserts, the text index and dedup (analysis excluded) — then the
store's size on disk, and the median and 95th-percentile latency of ten typical queries through
`rasd.store.search` (each run REPEATS times on the read-only store, a page of 20 plus the
total count). The table ends with how each figure grows from the smallest size to the
largest. Nothing may be lost: lines in = articles stored + sources (identical or near-identical
repeats kept as sources of their canonical article) + failures recorded; the benchmark checks it
and exits 1 when it does not add up.

Targets (issue 13): >= 2,000 articles/s load at 31k, each query < 200 ms median at 31k.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "data" / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"
DEFAULT_SIZES = "3000,10000,all"
REPEATS = 15
WARMUP = 2
BATCH = 1000
TARGET_RATE = 2000.0
TARGET_MEDIAN_MS = 200.0
DATE_WINDOW_DAYS = 30
# Words for the text queries: common in Arabic news, not function words.
TEXT_WORD = "القوات"
QUOTE_WORDS = "الحكومة"
ARTICLE_WORD = "الانتخابات"
ARTICLE_PHRASE = "وزير الخارجية"


# --- one size, in a child process --------------------------------------------------------


def _timed(obj, name: str, totals: dict, key: str) -> None:
    """Wrap obj.name so that its time adds up in totals[key]."""
    inner = getattr(obj, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - start

    setattr(obj, name, wrapper)


def _choices(conn) -> dict:
    """Query arguments drawn from the store itself: its commonest type, country, person, ..."""
    def one(sql: str):
        row = conn.execute(sql).fetchall()
        return row[0][0] if row else None

    day = one("SELECT day FROM events WHERE day IS NOT NULL ORDER BY day LIMIT 1 OFFSET "
              "(SELECT count(*) // 2 FROM events WHERE day IS NOT NULL)")
    return {
        "type": one("SELECT type FROM events GROUP BY type ORDER BY count(*) DESC, type LIMIT 1"),
        "country": one("SELECT country FROM actors WHERE country IS NOT NULL GROUP BY country "
                       "ORDER BY count(*) DESC, country LIMIT 1"),
        "person": one("SELECT name FROM actors WHERE kind = 'person' GROUP BY name "
                      "ORDER BY count(*) DESC, name LIMIT 1"),
        "speaker": one("SELECT a.name FROM quotes q JOIN actors a ON a.article_id = q.article_id "
                       "AND a.id = q.speaker_actor WHERE a.kind = 'person' GROUP BY a.name "
                       "ORDER BY count(*) DESC, a.name LIMIT 1"),
        "outlet": one("SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
                      "ORDER BY count(*) DESC, outlet LIMIT 1"),
        "day_from": day,
        "day_to": day + dt.timedelta(days=DATE_WINDOW_DAYS) if day else None,
    }


def _queries(c: dict) -> dict:
    from rasd.store.search import ArticleQuery, EventQuery, QuoteQuery

    span = {"date_from": c["day_from"], "date_to": c["day_to"]}
    return {
        "events: type + 30 days": ("events", EventQuery(types=c["type"], **span)),
        "events: actor country": ("events", EventQuery(country=c["country"])),
        "events: actor name": ("events", EventQuery(actor=c["person"])),
        "events: evidence word": ("events", EventQuery(text=TEXT_WORD)),
        "events: per cluster, type + 30 days": ("events", EventQuery(types=c["type"], per="cluster", **span)),
        "quotes: speaker name": ("quotes", QuoteQuery(speaker=c["speaker"])),
        "quotes: words": ("quotes", QuoteQuery(words=QUOTE_WORDS)),
        "articles: a word": ("articles", ArticleQuery(words=ARTICLE_WORD)),
        "articles: a phrase": ("articles", ArticleQuery(words=ARTICLE_PHRASE, phrase=True)),
        "articles: outlet + 30 days": ("articles", ArticleQuery(outlet=c["outlet"], **span)),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_one(jsonl: Path, store_path: Path, batch: int, repeats: int, reuse: bool = False) -> dict:
    """Load `jsonl` into a new store at `store_path`, then time the queries (child process).
    With `reuse`, a store loaded by an earlier run (and its load figures, STORE.json) is kept
    and only the queries are timed again."""
    from rasd.store import database, search

    saved = store_path.with_name(store_path.name + ".json")
    if reuse and store_path.exists() and saved.exists():
        out = json.loads(saved.read_text(encoding="utf-8"))
    else:
        out = _load(jsonl, store_path, batch)
        saved.write_text(json.dumps(out), encoding="utf-8")
    out["queries"] = {}
    with database.Store(store_path, read_only=True) as store:
        choices = _choices(store.connection)
        out["choices"] = {k: str(v) for k, v in choices.items()}
        has_clusters = bool(store.connection.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'event_clusters'").fetchall())
        for name, (what, query) in _queries(choices).items():
            if getattr(query, "per", None) == "cluster" and not has_clusters:
                continue
            run = getattr(search, f"search_{what}")
            times = []
            for i in range(WARMUP + repeats):
                t0 = time.perf_counter()
                hits = run(store, query)
                if i >= WARMUP:
                    times.append((time.perf_counter() - t0) * 1000)
            out["queries"][name] = {"median_ms": statistics.median(times), "p95_ms": _percentile(times, 0.95),
                                    "total": hits.total}
        out["plan"] = _postings_plan(store.connection)
    return out


def _load(jsonl: Path, store_path: Path, batch: int) -> dict:
    """Import `jsonl` into a new store; the load's figures."""
    from rasd.store import database, exchange, textindex

    with open(jsonl, "rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    totals: dict[str, float] = {}
    _timed(database.Store, "write_rows", totals, "store write")
    _timed(textindex, "index_articles", totals, "text index")
    try:
        from rasd.store import dedup
        _timed(dedup, "canonical_articles", totals, "dedup: articles")
        _timed(dedup, "cluster_events", totals, "dedup: events")
        _timed(dedup, "cluster_chunks", totals, "dedup: events")  # an import's, at its end
    except ImportError:
        pass
    for old in store_path.parent.glob(store_path.name + "*"):
        old.unlink()
    start = time.perf_counter()
    with database.Store(store_path) as store:
        report = exchange.import_path(store, jsonl, batch_size=batch)
        load_s = time.perf_counter() - start
        counts = store.counts()
    size = sum(p.stat().st_size for p in store_path.parent.glob(store_path.name + "*") if p.suffix != ".json")
    return {"lines": lines, "read": report.read, "articles": counts.get("articles", 0),
            "sources": counts.get("article_sources", 0), "failures": counts.get("failures", 0),
            "load_s": load_s, "parts_s": totals, "bytes": size, "postings": counts.get(textindex.POSTINGS_TABLE, 0),
            "events": counts.get("events", 0), "quotes": counts.get("quotes", 0)}


def _postings_plan(conn) -> str:
    """What EXPLAIN ANALYZE says of the postings scan of a one-word lookup: how many of the
    table's row groups the zone maps let it read."""
    import re

    from rasd.store.search import doc_hits_sql

    sql, params = doc_hits_sql(ARTICLE_WORD, False)
    conn.execute("PRAGMA enable_profiling = 'no_output'")
    plan = conn.execute("EXPLAIN ANALYZE " + sql, params).fetchall()[0][1]
    conn.execute("PRAGMA disable_profiling")
    groups = re.findall(r"Row Groups Scanned: (\d+) / (\d+)", plan)
    return ", ".join(f"{a} / {b}" for a, b in groups) or "no row group figure in the plan"


# --- the alternative: SQLite FTS5 -----------------------------------------------------------


def compare_fts5(jsonl: Path, repeats: int) -> dict:
    """The same terms (rasd.store.textindex.index_terms) in an SQLite FTS5 table against the
    DuckDB index tables, both in a file of their own: index time, size, and a word and a phrase
    query (matching documents counted), each timed `repeats` times."""
    import sqlite3

    import duckdb

    from rasd.store import textindex
    from rasd.store.rows import article_from_contract, rows_from_article
    from rasd.store.search import doc_hits_sql

    with open(jsonl, encoding="utf-8") as handle:
        batch = [rows_from_article(article_from_contract(json.loads(line))) for line in handle if line.strip()]
    folder = Path(tempfile.mkdtemp(prefix="rasd-fts5-"))
    out = {"articles": len(batch)}
    textindex._words([r.article.text for r in batch])  # both engines get the clitic analysis warm

    start = time.perf_counter()
    lite = sqlite3.connect(folder / "fts5.sqlite")
    lite.execute("CREATE VIRTUAL TABLE docs USING fts5(article_id UNINDEXED, terms)")
    lite.executemany("INSERT INTO docs VALUES (?, ?)",
                     ((r.article.id, " ".join(textindex.index_terms(r.article.text))) for r in batch))
    lite.commit()
    out["fts5_index_s"] = time.perf_counter() - start
    out["fts5_mb"] = (folder / "fts5.sqlite").stat().st_size / 1e6

    start = time.perf_counter()
    duck = duckdb.connect(str(folder / "index.duckdb"))
    for statement in textindex.DDL:
        duck.execute(statement)
    for i in range(0, len(batch), BATCH):
        duck.execute("BEGIN")
        textindex.index_articles(duck, batch[i:i + BATCH])
        duck.execute("COMMIT")
    duck.execute("CHECKPOINT")
    out["duckdb_index_s"] = time.perf_counter() - start
    out["duckdb_mb"] = (folder / "index.duckdb").stat().st_size / 1e6

    def timed(run) -> tuple[float, int]:
        times, found = [], 0
        for _ in range(repeats):
            t0 = time.perf_counter()
            found = run()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times), found

    for label, words, phrase in (("word", ARTICLE_WORD, False), ("phrase", ARTICLE_PHRASE, True)):
        terms = textindex.index_terms(words)
        match = '"' + " ".join(terms) + '"' if phrase else " AND ".join(terms)
        out[f"fts5_{label}"] = timed(lambda m=match: lite.execute(
            "SELECT count(*) FROM docs WHERE docs MATCH ?", [f"terms: {m}"]).fetchall()[0][0])
        sql, params = doc_hits_sql(words, phrase)
        out[f"duckdb_{label}"] = timed(lambda s=sql, p=params: duck.execute(
            f"SELECT count(*) FROM ({s})", p).fetchall()[0][0])
    lite.close()
    duck.close()
    return out


def _print_fts5(r: dict) -> None:
    print(f"\ntext index engines on the same terms, {r['articles']} articles (clitic analysis warm, excluded)")
    print(f"{'engine':<26} {'index s':>8} {'MB':>7} {'word ms (docs)':>16} {'phrase ms (docs)':>18}")
    for engine, label in (("duckdb", "DuckDB tables (rasd)"), ("fts5", "SQLite FTS5")):
        word, phrase = r[f"{engine}_word"], r[f"{engine}_phrase"]
        print(f"{label:<26} {r[f'{engine}_index_s']:>8.1f} {r[f'{engine}_mb']:>7.1f} "
              f"{word[0]:>8.1f} ({word[1]:>5}) {phrase[0]:>9.1f} ({phrase[1]:>5})")


# --- the driver ---------------------------------------------------------------------------


def analyse_corpus(out: Path) -> tuple[Path, int]:
    """`rasd analyze` of the ANT corpus into a JSONL (slow: the whole pipeline); the number of
    documents that failed, from rasd's summary line."""
    if not ANT.exists():
        raise SystemExit(f"{ANT} not found: give --jsonl, or put ../shared beside the checkout")
    print(f"analysing {ANT} (the whole pipeline; about 15 min a core) ...", file=sys.stderr)
    done = subprocess.run([sys.executable, "-m", "rasd.cli", "analyze", str(ANT), "--out", str(out)],
                          capture_output=True, text=True)
    failed = 0
    for line in done.stderr.splitlines():
        if " documents: " in line and " failed" in line:
            failed = int(line.split(" analysed, ")[1].split(" failed")[0])
    return out, failed


def _slice(jsonl: Path, size: int | None, folder: Path) -> Path:
    if size is None:
        return jsonl
    part = folder / f"first{size}.jsonl"
    with open(jsonl, "rb") as src, open(part, "wb") as dst:
        kept = 0
        for line in src:
            if kept >= size:
                break
            dst.write(line)
            kept += bool(line.strip())
    return part


def _sizes(text: str) -> list[int | None]:
    return [None if s.strip() == "all" else int(s) for s in text.split(",") if s.strip()]


def _print(results: list[dict], analysis_failed: int) -> bool:
    ok = True
    print("\nload (from JSONL, analysis excluded; a fresh process and store per size)")
    print(f"{'lines':>7} {'articles':>8} {'sources':>7} {'failed':>6} {'lost':>4} {'load s':>7} "
          f"{'lines/s':>8} {'MB':>7} {'postings':>10}  parts of the load (s)")
    for r in results:
        lost = r["lines"] - r["articles"] - r["sources"] - r["failures"]
        ok &= lost == 0
        parts = ", ".join(f"{k} {v:.1f}" for k, v in r["parts_s"].items())
        print(f"{r['lines']:>7} {r['articles']:>8} {r['sources']:>7} {r['failures']:>6} {lost:>4} "
              f"{r['load_s']:>7.1f} {r['lines'] / r['load_s']:>8.0f} {r['bytes'] / 1e6:>7.1f} {r['postings']:>10}  {parts}")
    if analysis_failed:
        print(f"(and {analysis_failed} documents failed at analysis, before the JSONL)")
    names = list(results[-1]["queries"])
    header = "".join(f" {r['lines']:>7} med/p95 ms" for r in results)
    print(f"\nqueries (page of 20 + total; median / 95th percentile of {REPEATS} runs)\n{'query':<38}{header}"
          f"  growth  hits at largest")
    for name in names:
        cells, medians = "", []
        for r in results:
            q = r["queries"].get(name)
            if q is None:
                cells += f" {'—':>18}"
                continue
            medians.append(q["median_ms"])
            cells += f" {q['median_ms']:>8.1f} / {q['p95_ms']:>6.1f}"
        growth = f"{medians[-1] / medians[0]:.1f}x" if len(medians) > 1 and medians[0] else "—"
        print(f"{name:<38}{cells}  {growth:>6}  {results[-1]['queries'][name]['total']}")
    largest = results[-1]
    rate = largest["lines"] / largest["load_s"]
    slow = [n for n, q in largest["queries"].items() if q["median_ms"] >= TARGET_MEDIAN_MS]
    print(f"\nat {largest['lines']} lines: load {rate:.0f} lines/s (target {TARGET_RATE:.0f}: "
          f"{'reached' if rate >= TARGET_RATE else 'NOT reached'}); queries under {TARGET_MEDIAN_MS:.0f} ms "
          f"median: {len(largest['queries']) - len(slow)} of {len(largest['queries'])}"
          + (f" (not: {', '.join(slow)})" if slow else ""))
    print("one-word lookup, row groups of text_postings read (EXPLAIN ANALYZE): "
          + "; ".join(f"{r['lines']}: {r.get('plan')}" for r in results))
    print(f"query arguments drawn from the largest store: {json.dumps(largest['choices'], ensure_ascii=False)}")
    print("nothing lost" if ok else "LOST ARTICLES: lines in != stored + sources + failures")
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--jsonl", help="rasd analyze output (contract JSON lines); default: analyse the ANT corpus")
    p.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated line counts; 'all' = the whole file")
    p.add_argument("--batch-size", type=int, default=BATCH, help="articles per write transaction")
    p.add_argument("--repeats", type=int, default=REPEATS, help="runs of each query")
    p.add_argument("--keep", default=None, help="a folder to keep the stores in (default: a temporary one)")
    p.add_argument("--fts5", action="store_true", help="also index the largest size in SQLite FTS5 and compare")
    p.add_argument("--reuse", action="store_true",
                   help="with --keep: reuse the stores (and load figures) of an earlier run; time the queries again")
    p.add_argument("--one", nargs=2, metavar=("JSONL", "STORE"), help=argparse.SUPPRESS)  # the child's job
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(Path(args.one[0]), Path(args.one[1]), args.batch_size, args.repeats, args.reuse)))
        return 0
    with tempfile.TemporaryDirectory(prefix="rasd-bench-store-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        failed = 0
        jsonl = Path(args.jsonl) if args.jsonl else None
        if jsonl is None:
            jsonl, failed = analyse_corpus(folder / "ant.jsonl")
        if not jsonl.exists():
            print(f"{jsonl} not found", file=sys.stderr)
            return 2
        results = []
        for size in _sizes(args.sizes):
            part = _slice(jsonl, size, folder)
            store = folder / f"store-{size or 'all'}.duckdb"
            env = dict(os.environ, PYTHONHASHSEED="0")
            done = subprocess.run([sys.executable, __file__, "--one", str(part), str(store),
                                   "--batch-size", str(args.batch_size), "--repeats", str(args.repeats),
                                   *(["--reuse"] if args.reuse and args.keep else [])],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(f"{result['lines']} lines: {result['load_s']:.1f} s", file=sys.stderr)
        ok = _print(results, failed)
        if args.fts5:
            _print_fts5(compare_fts5(_slice(jsonl, _sizes(args.sizes)[-1], folder), args.repeats))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
