"""Throughput of the quotation stage alone, on ANT articles already through the earlier stages.

    python bench/bench_quotes.py [--articles 1000] [--repeat 3]

The articles are ingested and run through the stages before `quotes` (sentences, tokens,
and entities/actors when a NER model is installed) outside the clock; then the quote stage
is timed over all of them, on one core. Prints articles/s, CPU ms per article and quotations
found; the best of --repeat runs is reported.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _corpus import ant_records  # noqa: E402
from rasd.api import article_from_document  # noqa: E402
from rasd.evaluation.quotes import QuoteAnalyser  # noqa: E402
from rasd.ingest import document_from_record  # noqa: E402


def prepared_articles(records: list[dict], analyser: QuoteAnalyser) -> list:
    """The articles through every stage before `quotes`."""
    return [analyser.prepare(article_from_document(document_from_record(r, analyser.settings, r["id"])))
            for r in records]


def time_quotes(articles: list, analyser: QuoteAnalyser, repeat: int) -> tuple[float, float, int]:
    """The best wall time and the best CPU time of `repeat` runs (the CPU time moves less on
    a machine shared with other jobs), and the quotations found."""
    best, best_cpu, found = float("inf"), float("inf"), 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for article in articles:
            analyser.quote(article)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        found = sum(len(a.quotes) for a in articles)
    return best, best_cpu, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks
    analyser = QuoteAnalyser()
    articles = prepared_articles(ant_records(args.articles), analyser)
    before = ", ".join(analyser.before.names)
    seconds, cpu, found = time_quotes(articles, analyser, args.repeat)
    print(f"stages before quotes: {before}")
    print(f"quote stage: {len(articles)} articles in {seconds:.2f} s = {len(articles) / seconds:.0f} articles/s "
          f"({found} quotations, {found / len(articles):.1f} per article); "
          f"CPU {cpu:.2f} s = {1000 * cpu / len(articles):.1f} ms per article")


if __name__ == "__main__":
    main()
