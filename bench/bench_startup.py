"""Start-up time of the `rasd` command, best of N runs, against `python -c pass` in the same run.

    python bench/bench_startup.py [--runs 3] [--article PATH]

Prints, for each command, the best wall-clock time of a fresh subprocess (what a user waits
for): `rasd --help` (argument parsing only: nothing heavy may be imported for it) and
`rasd analyze ARTICLE` (the whole pipeline loaded for one article: models, lexicons). The
article defaults to the seed article in ../shared, else the bundled example.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "000_6601d6410543281b.txt"
DEMO_ARTICLE = ROOT / "src" / "rasd" / "data" / "examples" / "demo_article.txt"
DEFAULT_RUNS = 3


def best_seconds(argv: list[str], runs: int) -> float:
    """The fastest of `runs` fresh subprocesses: the least disturbed by other jobs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--article", default=None, help="the article for `rasd analyze`")
    args = parser.parse_args()
    article = Path(args.article) if args.article else SEED_ARTICLE if SEED_ARTICLE.exists() else DEMO_ARTICLE
    rasd = [sys.executable, "-m", "rasd.cli"]
    rows = [("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
            ("rasd --help", [*rasd, "--help"]),
            (f"rasd analyze {article.name}", [*rasd, "analyze", str(article)])]
    baseline = None
    print(f"best of {args.runs} fresh processes")
    print(f"{'command':<44} {'seconds':>8} {'minus baseline':>15}")
    for label, argv in rows:
        seconds = best_seconds(argv, args.runs)
        baseline = seconds if baseline is None else baseline
        print(f"{label:<44} {seconds:>8.3f} {seconds - baseline:>15.3f}")


if __name__ == "__main__":
    main()
