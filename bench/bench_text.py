"""Throughput of ingestion + the Arabic text layer, one process, against a str.split() baseline.

    python bench/bench_text.py [--articles 2000] [--repeat 3]

Prints articles/s, tokens/s and characters/s for: the baseline (a bare str.split() pass
over the same texts), the text layer alone (normalisation, sentences, tokens with clitic
analysis) and ingestion + text layer. The ratio to the baseline is what to compare across
machines; the best of --repeat runs is reported, so a noisy neighbour costs less.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _corpus import ant_records  # noqa: E402
from rasd.ingest import document_from_record  # noqa: E402
from rasd.settings import Settings  # noqa: E402
from rasd.text import normalize, split_sentences, tokenize  # noqa: E402


def baseline(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def text_layer(texts: list[str]) -> int:
    tokens = 0
    for text in texts:
        normalize(text)
        split_sentences(text)
        tokens += len(tokenize(text))
    return tokens


def ingest_and_text(records: list[dict], settings: Settings) -> int:
    return text_layer([document_from_record(r, settings, r["id"]).text for r in records])


def best_time(fn, arg, repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = fn(arg)
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks
    records = ant_records(args.articles)
    settings = Settings()
    texts = [document_from_record(r, settings, r["id"]).text for r in records]
    chars = sum(len(t) for t in texts)
    text_layer(texts[:50])  # warm the lexicon and caches outside the timing
    rows = [("str.split() baseline", *best_time(baseline, texts, args.repeat)),
            ("text layer", *best_time(text_layer, texts, args.repeat)),
            ("ingest + text layer", *best_time(lambda rs: ingest_and_text(rs, settings), records, args.repeat))]
    base = rows[0][1]
    print(f"{len(records)} ANT articles, {chars:,} characters, one core, best of {args.repeat}")
    print(f"{'pass':<24}{'seconds':>10}{'articles/s':>12}{'tokens/s':>12}{'M chars/s':>11}{'x baseline':>12}")
    for name, seconds, tokens in rows:
        print(f"{name:<24}{seconds:>10.3f}{len(records) / seconds:>12,.0f}{tokens / seconds:>12,.0f}"
              f"{chars / seconds / 1e6:>11.2f}{seconds / base:>12.1f}")


if __name__ == "__main__":
    main()
