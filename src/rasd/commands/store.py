"""`rasd store info|export|import`: the store of analysed articles (a DuckDB file).

Light at import time (rasd --help imports every command module): duckdb, pyarrow and the
store are imported inside the handlers.
"""

from __future__ import annotations

import sys
import time

from rasd.errors import Code, RasdError

EXPORT_HELP = {
    "format": "parquet (a folder, partitioned by day), csv (one flat table), jsonl "
              "(contract JSON per article for --what articles, else one JSON object per row)",
    "what": "articles, events, clusters, quotes, actors or entities",
    "per": "events: one row per report (an event of one article, default) or per cluster "
           "(one row per real-world event: its canonical report and source count)",
}


def register(sub, eval_targets) -> None:
    p = sub.add_parser("store", help="the store of analysed articles: info, export, import")
    commands = p.add_subparsers(dest="store_command", required=True)

    info = commands.add_parser("info", help="schema version, rows per table, size on disk")
    _store_option(info)
    info.add_argument("--format", default="table", help="table (default) or json")
    info.set_defaults(handler=cmd_info)

    export = commands.add_parser("export", help="write the store's articles, events, ... as Parquet, CSV or JSONL")
    _store_option(export)
    export.add_argument("--format", required=True, help=EXPORT_HELP["format"])
    export.add_argument("--what", default="events", help=EXPORT_HELP["what"] + " (default: events)")
    export.add_argument("--per", default="report", help=EXPORT_HELP["per"])
    export.add_argument("--out", required=True, help="the output file (csv, jsonl; - for stdout) or folder (parquet)")
    export.set_defaults(handler=cmd_export)

    imp = commands.add_parser("import", help="load rasd JSONL output (.gz too) or a backfill Parquet folder")
    imp.add_argument("paths", nargs="+", help="JSONL files, folders of them, or backfill output folders "
                                              "(DIR/<table>/*.parquet)")
    _store_option(imp)
    imp.add_argument("--batch-size", type=int, default=None,
                     help="articles per transaction (default 1000)")
    imp.set_defaults(handler=cmd_import)


def _store_option(parser) -> None:
    parser.add_argument("--store", required=True, help="the store file (DuckDB), e.g. news.duckdb")


def _open(args, read_only: bool):
    from rasd.store.database import Store

    return Store(args.store, read_only=read_only)


def cmd_info(args) -> int:
    import json

    from rasd.store.database import store_info

    if args.format not in ("table", "json"):
        raise RasdError(Code.E024_BAD_QUERY, f"--format must be table or json, got {args.format!r}")
    with _open(args, read_only=True) as store:
        info = store_info(store)
    if args.format == "json":
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return 0
    print(f"store           {info['path']}")
    print(f"schema version  {info['schema_version']}")
    print(f"size on disk    {info['bytes'] / 1e6:.1f} MB")
    print(f"documents       {info['documents']} = {info['counts'].get('articles', 0)} articles "
          f"+ {info['counts'].get('article_sources', 0)} repeats + {info['counts'].get('failures', 0)} failed")
    for table, count in info["counts"].items():
        print(f"  {table:<22} {count:>10}")
    return 0


def cmd_export(args) -> int:
    from rasd.store.exchange import ExportRequest, export

    request = ExportRequest(args.format, args.what, args.out, args.per)  # E024 before opening anything
    with _open(args, read_only=True) as store:
        report = export(store, request)
    print(f"rasd: exported {report.rows} {args.what} rows to {report.out}", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    from rasd.store.database import Store
    from rasd.store.exchange import DEFAULT_IMPORT_BATCH, ImportReport, import_path

    batch = DEFAULT_IMPORT_BATCH if args.batch_size is None else args.batch_size
    if batch <= 0:
        raise RasdError(Code.E024_BAD_QUERY, f"--batch-size must be positive, got {batch}")
    total = ImportReport()
    started = time.perf_counter()
    with Store(args.store) as store:
        for path in args.paths:
            report = import_path(store, path, batch)
            for name in ("read", "articles", "repeats", "failures", "files"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.orphans += report.orphans
    for orphan in total.orphans:
        print(f"rasd: {orphan}: no articles file of that name; not imported", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"rasd: {total.format()} in {seconds:.1f} s ({total.read / max(seconds, 1e-9):,.0f} records/s)",
          file=sys.stderr)
    return 1 if total.failures else 0
