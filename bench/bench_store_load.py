"""Load rate of `rasd store import` from rasd JSONL (analysis excluded): the store core alone
(rows, transactions, columnar inserts) and, with --hooks, with the text index and dedup that
the store calls inside each write transaction.

    python bench/bench_store_load.py /work/cache/ant31k.jsonl [--hooks] [--limit 3000]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from rasd.store.database import Store
from rasd.store.exchange import import_path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("jsonl", help="rasd analyze output (contract JSON lines)")
    p.add_argument("--hooks", action="store_true", help="with rasd.store.textindex and rasd.store.dedup")
    p.add_argument("--limit", type=int, default=None, help="only the first N lines")
    p.add_argument("--batch-size", type=int, default=1000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.jsonl)
        if args.limit:
            source = Path(tmp) / "input.jsonl"
            with open(args.jsonl, "rb") as src, source.open("wb") as dst:
                dst.writelines(itertools.islice(src, args.limit))
        store = Store(Path(tmp) / "bench.duckdb")
        if not args.hooks:
            store.textindex = store.dedup = None
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_path(store, source, args.batch_size)
        store.close()  # the checkpoint is part of the load
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = (Path(tmp) / "bench.duckdb").stat().st_size
    label = "with text index and dedup" if args.hooks else "store core"
    print(f"{label}: {report.format()} in {wall:.1f} s = {report.read / wall:,.0f} articles/s "
          f"({report.read / cpu:,.0f} per CPU-second); file {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
