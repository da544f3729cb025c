"""Throughput of the whole pipeline (ingest to events) on ANT articles, one core, against the
text layer alone on the same articles in the same run.

    python bench/bench_pipeline.py [--articles 1000] [--repeat 2] [--ner-model PATH]

Prints articles/s, tokens/s and the ratio of the two passes, plus the process's peak
resident memory after each pass (ru_maxrss; it only grows, so the second figure is the
pipeline's peak). Events found are counted so the work cannot be skipped. The best of
--repeat runs is kept, so a noisy neighbour costs less. Without a NER model (none shipped
yet), pass --ner-model or the stages after tokens cannot start.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _corpus import ant_records  # noqa: E402
from rasd.api import article_from_document  # noqa: E402
from rasd.ingest import document_from_record  # noqa: E402
from rasd.pipeline import Pipeline  # noqa: E402
from rasd.settings import Settings  # noqa: E402

TEXT_LAYER = ("language", "sentences", "tokens")
KIB_PER_MIB = 1024


def run_pass(records: list[dict], pipeline: Pipeline, settings: Settings) -> tuple[int, int]:
    """(tokens, events) over all records: ingest, then the pipeline."""
    tokens = events = 0
    for record in records:
        article = pipeline(article_from_document(document_from_record(record, settings, record["id"])))
        tokens += len(article.tokens)
        events += len(article.events)
    return tokens, events


def best_time(records: list[dict], pipeline: Pipeline, settings: Settings, repeat: int) -> tuple[float, int, int]:
    best, counts = float("inf"), (0, 0)
    for _ in range(repeat):
        start = time.perf_counter()
        counts = run_pass(records, pipeline, settings)
        best = min(best, time.perf_counter() - start)
    return best, *counts


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--ner-model", default=None, help="a CRF model folder instead of the shipped one")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks
    settings = Settings(ner_model=args.ner_model) if args.ner_model else Settings()
    records = ant_records(args.articles)
    text_only, full = Pipeline(TEXT_LAYER, settings), Pipeline(settings=settings)
    run_pass(records[:20], full, settings)  # load models and lexicons outside the timing
    rows = []
    for name, pipeline in (("text layer (baseline)", text_only), ("ingest to events", full)):
        seconds, tokens, events = best_time(records, pipeline, settings, args.repeat)
        rows.append((name, seconds, tokens, events, peak_mib()))
    print(f"{len(records)} ANT articles, one core, best of {args.repeat}; stages: {' '.join(full.names)}")
    print(f"{'pass':<24}{'seconds':>9}{'articles/s':>12}{'tokens/s':>11}{'events':>8}{'x baseline':>12}{'peak MiB':>10}")
    base = rows[0][1]
    for name, seconds, tokens, events, peak in rows:
        print(f"{name:<24}{seconds:>9.2f}{len(records) / seconds:>12,.1f}{tokens / seconds:>11,.0f}"
              f"{events:>8}{seconds / base:>12.1f}{peak:>10.0f}")


if __name__ == "__main__":
    main()
