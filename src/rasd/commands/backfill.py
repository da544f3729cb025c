"""`rasd backfill INPUT... --out DIR`: the pipeline over a Dask cluster (rasd.backfill)."""

from __future__ import annotations

import sys

from rasd.errors import Code, RasdError

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# Errors about what was asked (no dask, stdin, another backfill's folder, a bad setting).
USAGE_CODES = frozenset({Code.E025_BACKFILL, Code.E012_BAD_SETTING, Code.E010_UNKNOWN_STAGE,
                         Code.E011_STAGE_ORDER, Code.E008_NOT_FOUND})


def register(commands, eval_targets) -> None:
    from rasd.backfill import DEFAULT_PARTITION_SIZE

    p = commands.add_parser(
        "backfill", help="analyse a large input on a Dask cluster into Parquet (resumable; needs rasd[dask])")
    p.add_argument("paths", nargs="+", help="files and folders (text, HTML, JSON Lines, .gz, WARC)")
    p.add_argument("--out", required=True,
                   help="output folder: DIR/<table>/<partition>.parquet, DIR/failures/, DIR/manifest.json; "
                        "rerun into the same folder to resume")
    p.add_argument("--scheduler", default=None,
                   help="a running Dask scheduler (tcp://host:8786); default: a LocalCluster on this machine")
    p.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE,
                   help=f"documents per partition: one task, one Parquet file per table (default {DEFAULT_PARTITION_SIZE})")
    p.add_argument("--workers", type=int, default=0,
                   help="LocalCluster worker processes (default 0: all cores); ignored with --scheduler")
    p.add_argument("--max-bytes", type=int, default=None, help="refuse documents larger than this")
    p.add_argument("--stages", default=None, help="comma-separated stage names (default: all)")
    p.set_defaults(handler=cmd_backfill)


def cmd_backfill(args) -> int:
    from rasd.backfill import require_dask, run_backfill
    from rasd.cli import _settings_from
    from rasd.parallel import worker_count
    from rasd.progress import Progress

    progress = Progress()
    try:
        require_dask()
        settings = _settings_from(args)
        workers = None if args.scheduler else worker_count(args.workers)

        def on_result(result) -> None:
            for _ in range(result.analysed):
                progress.advance()
            for _ in range(result.failed + result.skipped):
                progress.advance(failed=True)

        report = run_backfill(args.paths, args.out, settings, scheduler=args.scheduler,
                              partition_size=args.partition_size, workers=workers, on_result=on_result)
    except RasdError as exc:
        progress.close()
        print(f"rasd: {exc.describe()}", file=sys.stderr)
        return EXIT_USAGE if exc.code in USAGE_CODES else EXIT_SOME_FAILED
    progress.close()
    for line in describe(report, args.out):
        print(f"rasd: {line}", file=sys.stderr)
    if report.interrupted:
        return EXIT_INTERRUPTED
    totals = report.totals
    if not totals.complete:
        return EXIT_SOME_FAILED
    return EXIT_SOME_FAILED if totals.failed else EXIT_OK


def describe(report, out: str) -> list[str]:
    """The closing lines: what ran, the counts that add up, and what is left to do."""
    t = report.totals
    lines = [f"backfill {out}: {report.partitions} partitions: {len(report.ran)} run now, "
             f"{report.skipped_done} finished before, {len(report.unfinished)} unfinished"]
    lines.append(f"{t.documents} documents in the finished partitions: {t.analysed} analysed, "
                 f"{t.failed} failed, {t.skipped} skipped; sources in the files {t.sources}, "
                 f"distinct {t.distinct_sources}")
    if t.rows:
        lines.append("rows: " + ", ".join(f"{table} {n}" for table, n in t.rows.items()))
    if t.codes:
        lines.append("failures by code: " + ", ".join(f"{code} {n}" for code, n in sorted(t.codes.items())))
    if report.ran and report.overhead_share is not None:
        lines.append(f"{report.workers} workers: tasks {report.task_s:.1f} s in {report.wall_s:.1f} s of wall "
                     f"(scheduler and idle share {100 * report.overhead_share:.1f} %), run {report.run_s:.1f} s")
    for problem in t.problems:
        lines.append(f"E025 check failed: {problem}")
    for name, why in list(report.unfinished.items())[:10]:
        lines.append(f"{name} did not finish: {why}")
    if report.interrupted:
        lines.append(f"interrupted after {t.done} of {report.partitions} partitions; rerun the same command to resume")
    elif report.unfinished:
        lines.append("rerun the same command to resume: finished partitions are kept, only the rest run")
    elif t.complete:
        lines.append(f"complete: documents = analysed + failed + skipped ({t.documents} = {t.analysed} + "
                     f"{t.failed} + {t.skipped}), every document once; load it with rasd store import {out}")
    return lines
