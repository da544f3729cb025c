"""Backfill throughput: N articles with 1 and 2 workers, locally (`rasd analyze --workers`) and
through a Dask LocalCluster (`rasd backfill`), plus the scheduler's per-task overhead.

    python bench/bench_backfill.py                    # 10,000 ANT articles (repeated if needed)
    python bench/bench_backfill.py --articles 600     # a quick check
    python bench/bench_backfill.py --simulate-tasks 2000 --small-partition-size 5

For each run: wall time of the whole command (start-up and model loading included),
articles/s, the speed-up over the single-worker run of the same kind in the same bench run,
and the peak resident memory of each worker process (sampled every 0.1 s with psutil). For
the Dask runs also the task phase (first task submitted to last result), the task time summed
over partitions and the scheduler's share: 1 - task time / (task-phase wall x workers), i.e.
the workers' time spent outside partition tasks (scheduling, transfers, the tail where one
worker waits for the last task). The outputs are checked: `--workers 2` must write the bytes
of `--workers 1`, and every backfill must hold every document once.

The simulation measures what a task costs the scheduler apart from any work: K empty tasks
on a LocalCluster of 2 workers (tasks/s, ms per task), and a real backfill with partitions
of `--small-partition-size` documents, whose overhead share shows where partitions get too
small (docs/capacity.md uses both).

The input is written to a temporary folder (JSON Lines; a repeated article gets an id suffix
so that ids stay unique); nothing from the corpus is kept.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"
SAMPLE_EVERY_S = 0.1
MIB = 1024 * 1024


def write_input(corpus: Path, n: int, target: Path) -> int:
    """n records of the corpus (repeated from the start if it has fewer) as plain JSON Lines."""
    written = 0
    with target.open("w", encoding="utf-8") as out:
        round_ = 0
        while written < n:
            with gzip.open(corpus, "rt", encoding="utf-8") as lines:
                for line in lines:
                    if written >= n:
                        break
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    if round_:
                        record["docno"] = f"{record.get('docno', written)}-r{round_}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
            round_ += 1
    return written


class MemorySampler:
    """Peak RSS of a process and of each of its descendants, sampled in a thread."""

    def __init__(self, pid: int):
        import psutil

        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.root_cpu_s = 0.0  # CPU seconds of the root process (the parent), at the last sample
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            try:
                cpu = self.root.cpu_times()
                self.root_cpu_s = cpu.user + cpu.system
            except psutil.Error:
                pass
            for process in processes:
                try:
                    rss = process.memory_info().rss
                    name = " ".join(process.cmdline()[1:4])
                except psutil.Error:
                    continue
                if rss > self.peaks.get(process.pid, ("", 0))[1]:
                    self.peaks[process.pid] = (name, rss)
            self._stop.wait(SAMPLE_EVERY_S)

    def stop(self) -> dict[int, tuple[str, int]]:
        self._stop.set()
        self._thread.join()
        return self.peaks


def run_command(command: list[str]) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(process.pid)
    _, err = process.communicate()
    wall = time.perf_counter() - started
    peaks = sampler.stop()
    parent = peaks.pop(process.pid, ("", 0))[1]
    # workers: the big children (a forkserver or a nanny holds no models: under 100 MiB)
    workers = sorted((rss for _, rss in peaks.values() if rss > 100 * MIB), reverse=True)
    return {"wall_s": wall, "rc": process.returncode, "stderr": err, "parent_peak_mib": parent / MIB,
            "parent_cpu_s": sampler.root_cpu_s,
            "worker_peaks_mib": [rss / MIB for rss in workers]}


def local_run(source: Path, out: Path, workers: int, n: int) -> dict:
    result = run_command([sys.executable, "-m", "rasd.cli", "analyze", str(source), "--out", str(out),
                          "--workers", str(workers)])
    if workers == 1:  # the parent analyses
        result["worker_peaks_mib"] = [result["parent_peak_mib"]]
    result.update(kind="local", workers=workers, rate=n / result["wall_s"])
    return result


def dask_run(source: Path, out: Path, workers: int, n: int, partition_size: int) -> dict:
    result = run_command([sys.executable, "-m", "rasd.cli", "backfill", str(source), "--out", str(out),
                          "--workers", str(workers), "--partition-size", str(partition_size)])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run, totals = manifest["run"], manifest["totals"]
    result.update(kind="dask", workers=workers, rate=n / result["wall_s"], partition_size=partition_size,
                  partitions=len(manifest["partitions"]), task_wall_s=run["wall_s"], task_s=run["task_s"],
                  overhead_share=run["overhead_share"], load_s=list(run["pipeline_load_s"].values()),
                  task_rate=n / run["wall_s"] if run["wall_s"] else None,
                  complete=manifest["complete"] and totals["distinct_sources"] == totals["documents"],
                  documents=totals["documents"],
                  output_mib=sum(f.stat().st_size for f in out.rglob("*.parquet")) / MIB)
    return result


def simulate_tasks(tasks: int, workers: int = 2) -> dict:
    """K empty tasks through a LocalCluster: the scheduler's cost per task, apart from work."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # connection noise at shutdown
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.gather(client.map(_noop, range(workers * 4), pure=False))  # warm the connections
        started = time.perf_counter()
        client.gather(client.map(_noop, range(tasks), pure=False))
        wall = time.perf_counter() - started
    return {"tasks": tasks, "workers": workers, "wall_s": wall, "tasks_per_s": tasks / wall,
            "ms_per_task": 1000 * wall / tasks, "worker_ms_per_task": 1000 * wall * workers / tasks}


def _noop(x: int) -> int:
    return x


def line(result: dict, base: dict | None) -> str:
    speedup = f"{result['rate'] / base['rate']:.2f}x" if base else "1.00x"
    peaks = ", ".join(f"{p:.0f}" for p in result["worker_peaks_mib"]) or "?"
    text = (f"{result['kind']:5} workers={result['workers']}: {result['wall_s']:7.1f} s, "
            f"{result['rate']:6.1f} articles/s, speed-up {speedup}, peak MiB per worker [{peaks}], "
            f"parent CPU {result['parent_cpu_s']:.1f} s")
    if result["kind"] == "dask":
        share = result["overhead_share"]
        text += (f"; {result['partitions']} partitions of {result['partition_size']}: tasks {result['task_s']:.1f} s "
                 f"in {result['task_wall_s']:.1f} s wall, scheduler share "
                 f"{100 * share:.1f} %" if share is not None else "")
        text += f", model load {max(result['load_s'] or [0]):.1f} s, Parquet {result['output_mib']:.1f} MiB"
        if base and result.get("task_rate") and base.get("task_rate"):
            text += f"; task-phase speed-up {result['task_rate'] / base['task_rate']:.2f}x"
    return text


def main() -> int:
    from rasd.backfill import DEFAULT_PARTITION_SIZE

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE)
    parser.add_argument("--skip-local", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--simulate-tasks", type=int, default=0, help="empty tasks to time on a LocalCluster")
    parser.add_argument("--small-partition-size", type=int, default=0,
                        help="also a backfill with partitions this small (2 workers)")
    parser.add_argument("--json", default=None, help="write all results to this file")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_file():
        print(f"bench_backfill: {corpus} not found (../shared/data beside the checkout)", file=sys.stderr)
        return 2
    counts = [int(w) for w in args.workers.split(",")]
    results: dict = {"articles": args.articles, "cores": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench_backfill_") as tmp:
        tmp_path = Path(tmp)
        source = tmp_path / "input.jsonl"
        n = write_input(corpus, args.articles, source)
        print(f"input: {n} articles, {source.stat().st_size / MIB:.1f} MiB of JSON Lines; {os.cpu_count()} cores")
        for kind in ("local", "dask"):
            if (kind == "local" and args.skip_local) or (kind == "dask" and args.skip_dask):
                continue
            base = None
            for workers in counts:
                out = tmp_path / f"{kind}-{workers}"
                result = (local_run(source, out.with_suffix(".jsonl"), workers, n) if kind == "local"
                          else dask_run(source, out, workers, n, args.partition_size))
                if result["rc"] not in (0, 1):
                    print(result["stderr"][-2000:], file=sys.stderr)
                    return 1
                print(line(result, base), flush=True)
                base = base or result
                result.pop("stderr")
                results["runs"].append(result)
            if kind == "local" and len(counts) > 1:
                outputs = {(tmp_path / f"local-{w}.jsonl").read_bytes() for w in counts}
                print(f"local outputs identical across worker counts: {len(outputs) == 1}")
            if kind == "dask":
                print(f"backfills complete, every document once: "
                      f"{all(r['complete'] for r in results['runs'] if r['kind'] == 'dask')}")
        if args.small_partition_size:
            small = dask_run(source, tmp_path / "dask-small", 2, n, args.small_partition_size)
            small.pop("stderr")
            small["kind"] = "dask"
            print("small partitions: " + line(small, None))
            results["small_partitions"] = small
    if args.simulate_tasks:
        sim = simulate_tasks(args.simulate_tasks)
        print(f"simulated: {sim['tasks']} empty tasks on {sim['workers']} workers in {sim['wall_s']:.2f} s: "
              f"{sim['tasks_per_s']:.0f} tasks/s, {sim['ms_per_task']:.2f} ms of wall per task "
              f"({sim['worker_ms_per_task']:.2f} worker-ms per task)")
        results["simulated"] = sim
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
