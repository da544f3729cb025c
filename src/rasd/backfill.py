"""Backfills: the pipeline as Dask tasks, one task per partition of the input.

`plan` cuts the ordered document stream of the inputs (what `rasd analyze` would read, in
the same order) into partitions of about `partition_size` documents. A partition is a list
of pieces, each naming where its documents are, never the documents themselves: a whole file
(text, HTML, JSON, WARC, `.gz` of one), a range of lines of a JSON Lines file (`.jsonl`,
`.jsonl.gz`: the first line's number and byte offset, and how many lines), a path that does
not exist (E008) or an entry of a folder that is not read (S201). The worker running a
partition's task reads its own slice (the files must be visible to the workers at the same
paths: one machine, or a shared file system), analyses it with the pipeline it loaded once,
and writes one Parquet file per table (`rasd.store.parquet`) plus the partition's failures;
then, last, its done marker `DIR/_done/<name>.json` with its counts. The last piece of a file
always reads to the file's end, so damage after the last counted line (a cut `.gz`) is still
reported.

Resuming: a rerun plans again, checks that the plan is the one in `DIR/manifest.json` (same
inputs, sizes and modification times, settings and partition size: anything else is E025),
and runs only the partitions without a done marker. A partition cut short left no marker (or
only some of its files): it is written again whole, each file replaced atomically.

At the end `verify` proves the output complete: for every partition its marker's counts
(documents = analysed + failed + skipped) match the rows in its Parquet files, and across all
partitions each document's source (`path`, `path:LINE`, `path#record-N`) appears exactly once.

Only `run_backfill` needs Dask (`pip install 'rasd[dask]'`); planning, running one partition
and verifying do not, and nothing here imports Dask at module level.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rasd.errors import Code, RasdError
from rasd.settings import Settings

FORMAT = "rasd.backfill/1"
MANIFEST = "manifest.json"
DONE_DIR = "_done"
DONE_SUFFIX = ".json"
# Documents a partition holds (lines of a JSON Lines file, files otherwise). A task then runs
# ~12 s at 40 articles/s: the scheduler's few milliseconds per task and the five Parquet
# writes (~50 ms) are under 1 % of it, while 10,000 articles still make 20 tasks to balance
# over the workers (see docs/capacity.md, bench/bench_backfill.py).
DEFAULT_PARTITION_SIZE = 500
PARTITION_NAME = "part-{:06d}"
PIECE_FILE, PIECE_LINES, PIECE_MISSING, PIECE_SKIPPED = "file", "lines", "missing", "skipped"
INSTALL_HINT = "dask is not installed; install it with: pip install 'rasd[dask]'"
STDIN = "-"
CONNECT_TIMEOUT_S = 30  # to reach a --scheduler (Dask's own default)
NEWLINE = b"\n"


@dataclass(frozen=True)
class Piece:
    """Where some consecutive documents of the input are (see the module's note)."""

    kind: str
    path: str
    first_line: int = 1
    offset: int = 0  # byte offset of first_line in the (decompressed) file
    lines: int | None = None  # None: to the end of the file
    units: int = 1  # documents it stands for in the plan (lines for a range)
    reason: str = ""  # why an entry is skipped
    size: int | None = None  # the file's size and modification time when planned
    mtime_ns: int | None = None


@dataclass(frozen=True)
class Partition:
    name: str
    pieces: tuple[Piece, ...]

    def fingerprint(self) -> str:
        return _hash([asdict(p) for p in self.pieces])


@dataclass
class PartitionResult:
    """What a partition's task did; documents = analysed + failed + skipped."""

    name: str
    fingerprint: str
    documents: int = 0
    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    started: float = 0.0  # wall clock (time.time) on the worker
    ended: float = 0.0
    worker: str = ""

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def settings_hash(settings: Settings) -> str:
    return _hash(asdict(settings))


# ---------------------------------------------------------------------------------------------
# Planning


def plan(paths: Iterable[str], partition_size: int = DEFAULT_PARTITION_SIZE,
         settings: Settings | None = None) -> list[Partition]:
    """The partitions of the inputs, in input order (the order `rasd analyze` reads them)."""
    settings = settings or Settings()
    if partition_size <= 0:
        raise RasdError(Code.E012_BAD_SETTING, f"--partition-size must be positive, got {partition_size}")
    builder = _Builder(partition_size)
    for path in paths:
        for piece in _pieces_of_path(str(path), settings, builder):
            builder.add(piece)
    return builder.finish()


class _Builder:
    """Fills partitions of `size` units with pieces (a file's line ranges are cut to fit)."""

    def __init__(self, size: int):
        self.size = size
        self.partitions: list[Partition] = []
        self.current: list[Piece] = []
        self.units = 0

    def add(self, piece: Piece) -> None:
        self.current.append(piece)
        self.units += piece.units
        if self.units >= self.size:
            self._close()

    def _close(self) -> None:
        if self.current:
            self.partitions.append(Partition(PARTITION_NAME.format(len(self.partitions)), tuple(self.current)))
        self.current, self.units = [], 0

    def room(self) -> int:
        return self.size - self.units

    def finish(self) -> list[Partition]:
        self._close()
        return self.partitions


def _pieces_of_path(path: str, settings: Settings, builder: _Builder) -> Iterator[Piece]:
    from rasd.ingest.files import walk

    if path == STDIN:
        raise RasdError(Code.E025_BACKFILL, "standard input cannot be partitioned; give files or folders", STDIN)
    target = Path(path)
    if target.is_dir():
        for entry, reason in walk(target):
            if reason:
                yield Piece(PIECE_SKIPPED, str(entry), reason=reason)
            else:
                yield from _pieces_of_file(entry, settings, builder)
    elif target.is_file():
        yield from _pieces_of_file(target, settings, builder)
    else:
        yield Piece(PIECE_MISSING, path)


def _pieces_of_file(path: Path, settings: Settings, builder: _Builder) -> Iterator[Piece]:
    """A JSON Lines file as ranges of lines, the first filling the partition begun, the next
    ones a partition each, the last open-ended; any other file whole."""
    from rasd.ingest.files import JSONL, form_of

    stat = path.stat()
    stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    if form_of(path) != JSONL or stat.st_size == 0:
        yield Piece(PIECE_FILE, str(path), **stamp)
        return
    starts = _line_starts(path, settings.max_bytes, builder.room(), builder.size)
    for index, (first_line, offset, lines) in enumerate(starts):
        last = index == len(starts) - 1
        yield Piece(PIECE_LINES, str(path), first_line, offset, None if last else lines, max(lines, 1), **stamp)


def _line_starts(path: Path, max_bytes: int, first: int, chunk: int) -> list[tuple[int, int, int]]:
    """(first line, byte offset, lines) of consecutive ranges, `first` lines then `chunk`
    lines each, counted as
    `rasd.ingest.jsonl` numbers them (a line over max_bytes is one line). Damage part-way
    ends the count: the last range reads on to the end and reports it."""
    from rasd.ingest.jsonl import GZIP_DAMAGE, read_line

    ranges = [(1, 0, 0)]
    with _open_stream(path) as stream:
        number = 0
        cut = first
        try:
            while True:
                if number == cut:
                    ranges.append((number + 1, stream.tell(), 0))
                    cut += chunk
                line, too_long = read_line(stream, max_bytes)
                if not line and not too_long:
                    break
                number += 1
                first, offset, lines = ranges[-1]
                ranges[-1] = (first, offset, lines + 1)
        except GZIP_DAMAGE:
            pass
    if len(ranges) > 1 and ranges[-1][2] == 0:  # the file ended on a range boundary
        ranges.pop()
    return ranges


class _open_stream:
    """A file's bytes, decompressed when they start like gzip (as rasd.ingest reads them)."""

    def __init__(self, path: Path):
        from rasd.ingest.files import GZ_MAGIC

        self.raw = path.open("rb")
        packed = self.raw.read(len(GZ_MAGIC)) == GZ_MAGIC
        self.raw.seek(0)
        self.stream = gzip.GzipFile(fileobj=self.raw) if packed else self.raw

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc) -> None:
        if self.stream is not self.raw:
            self.stream.close()
        self.raw.close()


# ---------------------------------------------------------------------------------------------
# Running one partition (on a worker; no Dask needed)


class _LineLimit:
    """A stream that ends after `lines` lines (a line over the size limit is read in parts
    by `read_line`; it ends with the part that ends in a newline)."""

    def __init__(self, stream, lines: int):
        self.stream, self.left = stream, lines

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        line = self.stream.readline(size)
        if line.endswith(NEWLINE):
            self.left -= 1
        return line


def iter_piece(piece: Piece, settings: Settings) -> Iterator[Any]:
    """The ingested items of a piece: RawDocuments, IngestFailures, Skipped, as `rasd analyze`
    would read them (same sources, same order)."""
    from rasd.ingest.document import failure, skipped
    from rasd.ingest.files import guarded, iter_file

    if piece.kind == PIECE_MISSING:
        yield failure(Code.E008_NOT_FOUND, piece.path)
    elif piece.kind == PIECE_SKIPPED:
        yield skipped(piece.path, piece.reason)
    elif piece.kind == PIECE_FILE or (piece.first_line == 1 and piece.lines is None):
        yield from guarded(iter_file(Path(piece.path), settings), piece.path)
    else:
        yield from guarded(_iter_line_range(piece, settings), piece.path)


def _iter_line_range(piece: Piece, settings: Settings) -> Iterator[Any]:
    from rasd.ingest.document import failure
    from rasd.ingest.jsonl import iter_jsonl

    try:
        with _open_stream(Path(piece.path)) as stream:
            stream.seek(piece.offset)
            limited = stream if piece.lines is None else _LineLimit(stream, piece.lines)
            yield from iter_jsonl(limited, settings, piece.path, first_line=piece.first_line)
    except OSError as exc:
        yield failure(Code.E008_NOT_FOUND, piece.path, str(exc))


def iter_partition(partition: Partition, settings: Settings) -> Iterator[Any]:
    for piece in partition.pieces:
        yield from iter_piece(piece, settings)


def done_path(out_dir: Path, name: str) -> Path:
    return Path(out_dir) / DONE_DIR / f"{name}{DONE_SUFFIX}"


def run_partition(partition: Partition, settings: Settings, out_dir: str | Path) -> PartitionResult:
    """Analyse one partition and write its files, the done marker last. The pipeline is the
    process's own (`pipeline_for`, loaded once per worker process and kept)."""
    from rasd.api import analyze_document, pipeline_for
    from rasd.ingest.document import IngestFailure, Skipped, internal_failure
    from rasd.store.parquet import write_failures, write_partition
    from rasd.store.rows import FailureRow, rows_from_article

    out_dir = Path(out_dir)
    result = PartitionResult(partition.name, partition.fingerprint(), started=time.time(),
                             worker=f"{socket.gethostname()}:{os.getpid()}")
    pipeline = pipeline_for(settings)
    batch, failures = [], []
    for item in iter_partition(partition, settings):
        if not isinstance(item, IngestFailure):
            item = analyze_document(item, pipeline)
        if not isinstance(item, IngestFailure):
            try:
                batch.append(rows_from_article(item))
            except Exception as exc:  # one article that cannot become rows must not lose the partition
                item = internal_failure(item.meta.source or partition.name, exc, "making its rows")
        if isinstance(item, IngestFailure):
            is_skipped = isinstance(item, Skipped)
            failures.append(FailureRow(item.source, item.code.value, item.describe(), is_skipped))
            result.codes[item.code.value] = result.codes.get(item.code.value, 0) + 1
            result.skipped += is_skipped
            result.failed += not is_skipped
        else:
            result.analysed += 1
        result.documents += 1
    result.rows = {"failures": write_failures(failures, out_dir, partition.name)}
    result.rows.update(write_partition(batch, out_dir, partition.name))
    result.ended = time.time()
    _write_json(done_path(out_dir, partition.name), asdict(result))
    return result


def _write_json(path: Path, value: Any) -> None:
    """Written whole or not at all: to a temporary name, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temp.write_text(json.dumps(value, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(temp, path)


def load_done(out_dir: Path, partition: Partition) -> PartitionResult | None:
    """The partition's result when it finished (marker present, same plan, files whole)."""
    from rasd.store.parquet import FAILURES_TABLE, count_rows, partition_file
    from rasd.store.rows import TABLE_ROWS

    marker = done_path(out_dir, partition.name)
    if not marker.is_file():
        return None
    try:
        result = PartitionResult(**json.loads(marker.read_text(encoding="utf-8")))
        if result.fingerprint != partition.fingerprint():
            return None
        for table in (*TABLE_ROWS, FAILURES_TABLE):
            if count_rows(partition_file(out_dir, table, partition.name)) != result.rows.get(table):
                return None
    except Exception:  # a damaged marker or file: the partition is run again
        return None
    return result


# ---------------------------------------------------------------------------------------------
# The manifest and the final check


@dataclass
class Totals:
    partitions: int = 0
    done: int = 0
    documents: int = 0
    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    sources: int = 0  # sources in the Parquet files (articles + failures)
    distinct_sources: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.done == self.partitions and not self.problems

    def add(self, result: PartitionResult) -> None:
        self.done += 1
        self.documents += result.documents
        self.analysed += result.analysed
        self.failed += result.failed
        self.skipped += result.skipped
        for table, n in result.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n
        for code, n in result.codes.items():
            self.codes[code] = self.codes.get(code, 0) + n


def verify(out_dir: Path, partitions: list[Partition],
           known: dict[str, PartitionResult] | None = None) -> Totals:
    """Counts of the finished partitions, checked against their files, and the proof that no
    document is missing or written twice: each partition's documents = analysed + failed +
    skipped = rows of its articles and failures files, and every source appears once.
    `known`: results already checked by `load_done` or just returned by their tasks (their
    files' footers are not read again; 20,000 partitions are 120,000 footers)."""
    totals = Totals(partitions=len(partitions))
    for partition in partitions:
        result = known.get(partition.name) if known is not None else load_done(out_dir, partition)
        if result is None:
            continue
        if result.documents != result.analysed + result.failed + result.skipped:
            totals.problems.append(f"{partition.name}: {result.documents} documents != analysed + failed + skipped")
        if result.rows.get("articles") != result.analysed or \
                result.rows.get("failures") != result.failed + result.skipped:
            totals.problems.append(f"{partition.name}: rows {result.rows} do not match its counts")
        totals.add(result)
    totals.sources, totals.distinct_sources = _source_counts(out_dir, partitions)
    if totals.sources != totals.documents:
        totals.problems.append(f"{totals.sources} sources in the files for {totals.documents} documents")
    if totals.distinct_sources != totals.sources:
        totals.problems.append(f"{totals.sources - totals.distinct_sources} documents written more than once")
    return totals


def _source_counts(out_dir: Path, partitions: list[Partition]) -> tuple[int, int]:
    """(sources, distinct sources) in the finished partitions' articles and failures files."""
    import duckdb

    from rasd.store.parquet import FAILURES_TABLE, partition_file

    files = [str(partition_file(out_dir, table, p.name)) for p in partitions
             if done_path(out_dir, p.name).is_file() for table in ("articles", FAILURES_TABLE)]
    files = [f for f in files if Path(f).is_file()]
    if not files:
        return 0, 0
    con = duckdb.connect()
    try:
        listing = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
        # union_by_name: an empty failures file and a full articles file have different columns
        n, distinct = con.execute(
            f"SELECT count(*), count(DISTINCT source) FROM read_parquet({listing}, union_by_name = true)").fetchone()
    finally:
        con.close()
    return int(n), int(distinct)


def plan_hash(partitions: list[Partition], settings: Settings, partition_size: int) -> str:
    return _hash({"partitions": [[p.name, p.fingerprint()] for p in partitions],
                  "settings": settings_hash(settings), "partition_size": partition_size})


def check_manifest(out_dir: Path, expected: str) -> dict | None:
    """The existing manifest, if any; E025 when it is another backfill's (other inputs,
    settings, partition size or rasd output format)."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RasdError(Code.E025_BACKFILL, f"unreadable manifest: {exc}", str(path)) from exc
    if manifest.get("format") != FORMAT or manifest.get("plan_hash") != expected:
        raise RasdError(Code.E025_BACKFILL,
                        "this folder holds a backfill of other inputs, settings or partition size "
                        "(inputs changed since?); give a new --out to start another", str(path))
    return manifest


def write_manifest(out_dir: Path, *, inputs: list[str], partitions: list[Partition], settings: Settings,
                   partition_size: int, results: dict[str, PartitionResult], totals: Totals | None,
                   run: dict[str, Any]) -> None:
    from rasd import __version__

    manifest = {
        "format": FORMAT,
        "rasd_version": __version__,
        "inputs": inputs,
        "partition_size": partition_size,
        "settings": asdict(settings),
        "settings_hash": settings_hash(settings),
        "plan_hash": plan_hash(partitions, settings, partition_size),
        "complete": bool(totals and totals.complete),
        "totals": asdict(totals) if totals else None,
        "run": run,
        "partitions": [
            {"name": p.name, "pieces": [asdict(piece) for piece in p.pieces],
             "done": p.name in results,
             **({k: v for k, v in asdict(results[p.name]).items() if k not in ("name", "fingerprint")}
                if p.name in results else {})}
            for p in partitions],
    }
    _write_json(Path(out_dir) / MANIFEST, manifest)


# ---------------------------------------------------------------------------------------------
# The Dask side


@dataclass
class BackfillReport:
    partitions: int
    skipped_done: int  # partitions finished by an earlier run, not run again
    ran: list[str]  # partitions run (and finished) now
    unfinished: dict[str, str]  # partition -> why its task did not finish
    totals: Totals
    wall_s: float  # from the first task submitted to the last result
    task_s: float  # task time summed over the partitions run now
    workers: int
    interrupted: bool = False
    load_s: dict[str, float] = field(default_factory=dict)  # worker -> seconds to load the pipeline
    run_s: float = 0.0  # the whole run: planning, cluster start, tasks, checks

    @property
    def overhead_share(self) -> float | None:
        """The share of the workers' time not spent inside partition tasks (scheduling,
        transfers, waiting for the last task); None without a task run."""
        capacity = self.wall_s * self.workers
        return max(0.0, 1.0 - self.task_s / capacity) if self.ran and capacity > 0 else None


def require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise RasdError(Code.E025_BACKFILL, INSTALL_HINT) from exc


def preload_pipeline(settings: Settings) -> float:
    """Load the pipeline in this worker process before its first task (run on every worker by
    `Client.run`), so that the first partitions are not slower; the seconds it took. A worker
    that joins later loads it in its first task (`pipeline_for` keeps it)."""
    from rasd.api import pipeline_for

    started = time.perf_counter()
    pipeline_for(settings)
    return time.perf_counter() - started


def run_backfill(paths: list[str], out_dir: str | Path, settings: Settings | None = None, *,
                 scheduler: str | None = None, partition_size: int = DEFAULT_PARTITION_SIZE,
                 workers: int | None = None, processes: bool = True,
                 on_result: Callable[[PartitionResult], None] | None = None) -> BackfillReport:
    """Run (or resume) a backfill of `paths` into `out_dir` on a Dask cluster: the one at
    `scheduler` (tcp://host:8786), else a LocalCluster of `workers` processes (all cores by
    default; `processes=False`: threads of this process, for tests)."""
    require_dask()
    settings = settings or Settings()
    out_dir = Path(out_dir)
    partitions = plan(paths, partition_size, settings)
    expected = plan_hash(partitions, settings, partition_size)
    check_manifest(out_dir, expected)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {p.name: r for p in partitions if (r := load_done(out_dir, p)) is not None}
    todo = [p for p in partitions if p.name not in results]
    skipped_done = len(results)
    manifest_args = {"inputs": [str(p) for p in paths], "partitions": partitions, "settings": settings,
                     "partition_size": partition_size}
    write_manifest(out_dir, results=results, totals=None, run={"status": "running"}, **manifest_args)
    ran: list[str] = []
    unfinished: dict[str, str] = {}
    started = time.time()
    loads: dict[str, float] = {}
    timing: dict[str, float] = {}
    interrupted = False
    if todo:
        try:
            _compute(todo, settings, out_dir, scheduler, workers, processes,
                     results, ran, unfinished, on_result, loads, timing)
        except KeyboardInterrupt:
            interrupted = True
            unfinished.update({p.name: "interrupted" for p in todo if p.name not in results})
    wall = timing.get("last", 0.0) - timing.get("submitted", 0.0)
    totals = verify(out_dir, partitions, results)
    task_s = sum(results[name].seconds for name in ran)
    n_workers = len(loads) or (workers or 0)
    report = BackfillReport(len(partitions), skipped_done, ran, unfinished, totals, wall, task_s,
                            n_workers, interrupted, loads, time.time() - started)
    run = {"status": "complete" if totals.complete else "incomplete", "ran": len(ran),
           "skipped_done": skipped_done, "unfinished": unfinished, "wall_s": round(wall, 3), "run_s": round(report.run_s, 3),
           "task_s": round(task_s, 3), "workers": n_workers, "scheduler": scheduler or "LocalCluster",
           "overhead_share": report.overhead_share, "pipeline_load_s": loads}
    write_manifest(out_dir, results=results, totals=totals, run=run, **manifest_args)
    return report


def _compute(todo: list[Partition], settings: Settings, out_dir: Path, scheduler: str | None,
             workers: int | None, processes: bool, results: dict[str, PartitionResult],
             ran: list[str], unfinished: dict[str, str],
             on_result: Callable[[PartitionResult], None] | None, loads: dict[str, float],
             timing: dict[str, float]) -> None:
    """Submit the partitions' tasks and collect them as they finish (into `results`, `ran`,
    `unfinished`); `loads` gets each worker's pipeline load time."""
    import logging

    from distributed import Client, LocalCluster, as_completed

    from rasd.parallel import available_cores

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            raise RasdError(Code.E025_BACKFILL, f"cannot reach the Dask scheduler: {exc}", scheduler) from exc
    else:
        cluster = LocalCluster(n_workers=workers or available_cores(), threads_per_worker=1,
                               processes=processes, dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        loads.update(client.run(preload_pipeline, settings))  # {worker address: seconds}
        timing["submitted"] = timing["last"] = time.time()
        futures = {client.submit(run_partition, p, settings, str(out_dir), pure=False,
                                 key=f"rasd-backfill-{p.name}-{p.fingerprint()[:12]}"): p for p in todo}
        try:
            for future in as_completed(futures):
                partition = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # the task raised, or its worker died too often
                    unfinished[partition.name] = f"{type(exc).__name__}: {exc}"
                    continue
                timing["last"] = time.time()
                results[partition.name] = result
                ran.append(partition.name)
                if on_result is not None:
                    on_result(result)
        except BaseException:
            client.cancel(list(futures))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
