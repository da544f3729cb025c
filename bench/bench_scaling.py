"""How time and memory grow with the size of one document: the whole pipeline (ingest to
events) on articles of 10 KB, 100 KB, 1 MB and 5 MB (UTF-8 bytes), each as normal paragraphed
text and as one single long line.

    python bench/bench_scaling.py [--sizes 10K,100K,1M,5M] [--shapes paragraphs,line]
                                  [--budget 600] [--profile SIZE:SHAPE]

Each (size, shape) runs in a fresh subprocess, so its peak resident memory (ru_maxrss) is its
own; "warm MiB" is the resident memory after loading the models on a small article, "peak MiB"
the peak after analysing the big one, so their difference is what the document itself cost.
The growth ratio is time (and memory over warm) divided by that of the next smaller size,
normalised per 10x of size: linear work reads ~10x.

The inputs are ANT corpus articles read at run time from ../shared (never copied), repeated
until the size is reached; without ../shared, a few sentences written for this benchmark.
`--profile 1M:line` prints a cProfile of that one run instead (the top 25 by cumulative time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANT_FULL = ROOT.parent / "shared" / "data" / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"
UNITS = {"K": 1000, "M": 1000 * 1000}
KIB_PER_MIB = 1024
# Enough distinct articles that the document is not one text repeated a thousand times (the
# entity and name lookups would see an unrealistically small vocabulary).
SOURCE_ARTICLES = 3000
WARM_TEXT = "قال وزير الخارجية الفرنسي جان إيف لودريان في باريس إن فرنسا ستدعم الأمم المتحدة."
FALLBACK_SENTENCES = (
    "قال وزير الخارجية الأردني أيمن الصفدي في عمان يوم الأحد إن بلاده ترفض أي تغيير في القدس.",
    "وأضاف أن الحكومة ستواصل العمل مع الأمم المتحدة والاتحاد الأوروبي من أجل السلام، وأن الحوار هو الطريق الوحيد.",
    "وهاجم مسلحون مركزا للشرطة في مدينة الموصل شمال العراق، مما أسفر عن مقتل ثلاثة أشخاص وإصابة خمسة آخرين.",
    "وتظاهر آلاف الطلاب أمام مبنى البرلمان في القاهرة للمطالبة بإصلاح نظام التعليم، بحسب وكالة الأنباء الرسمية.",
    "من جهته، أكد الرئيس التونسي أن بلاده لن تقبل بأي تدخل أجنبي في شؤونها الداخلية.",
)


def parse_size(text: str) -> int:
    text = text.strip().upper()
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1] in UNITS else int(text)


def source_paragraphs() -> list[str]:
    """Paragraphs of ANT articles (read at run time), or the fallback sentences."""
    if not ANT_FULL.exists():
        return list(FALLBACK_SENTENCES)
    sys.path.insert(0, str(ROOT / "src"))
    from rasd.ingest.boilerplate import is_boilerplate
    from rasd.ingest.corpus import iter_corpus_texts

    paragraphs = []
    for text in iter_corpus_texts(ANT_FULL, limit=SOURCE_ARTICLES, fields=("text",)):
        # A boilerplate paragraph (a copyright line) would make ingestion drop the whole
        # single-line document, whose one line then matches the rule: leave those out.
        paragraphs.extend(p.strip() for p in text.split("\n") if p.strip() and not is_boilerplate(p))
    return paragraphs


def build_text(size: int, shape: str) -> str:
    """About `size` UTF-8 bytes of article text: paragraphs one a line, or all on one line."""
    paragraphs, out, total, i = source_paragraphs(), [], 0, 0
    while total < size:
        paragraph = paragraphs[i % len(paragraphs)]
        out.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 1
        i += 1
    return ("\n" if shape == "paragraphs" else " ").join(out)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB


def child(size: int, shape: str, budget: float, profile: bool) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from rasd.api import analyze
    from rasd.settings import Settings

    text = build_text(size, shape)
    settings = Settings(max_bytes=max(size * 2, 1 << 20), time_budget_s=budget)
    analyze(WARM_TEXT, settings)  # models and lexicons load outside the timing
    warm = rss_mib()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        analyze(text, settings)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    start = time.perf_counter()
    article = analyze(text, settings)
    seconds = time.perf_counter() - start
    print(json.dumps({"size": size, "shape": shape, "seconds": seconds, "warm": warm, "peak": rss_mib(),
                      "chars": len(text), "tokens": len(article.tokens), "sentences": len(article.sentences),
                      "events": len(article.events), "entities": len(article.entities)}))


def run_child(size: int, shape: str, budget: float) -> dict:
    cmd = [sys.executable, __file__, "--child", f"{size}:{shape}", "--budget", str(budget)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"size": size, "shape": shape, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def human(size: int) -> str:
    return f"{size // UNITS['M']} MB" if size >= UNITS["M"] else f"{size // UNITS['K']} KB"


def report(rows: Iterable[dict]) -> None:
    """One line per run as it finishes (a 5 MB run takes minutes)."""
    print(f"{'shape':<11}{'size':>7}{'chars':>10}{'tokens':>9}{'sents':>7}{'seconds':>9}{'warm MiB':>10}"
          f"{'peak MiB':>10}{'time x/10x':>12}{'mem x/10x':>11}", flush=True)
    previous: dict[str, dict] = {}
    for row in rows:
        if "error" in row:
            print(f"{row['shape']:<11}{human(row['size']):>7}  failed: {row['error']}", flush=True)
            continue
        time_ratio = mem_ratio = ""
        before = previous.get(row["shape"])
        if before is not None:
            decades = _log10(row["size"] / before["size"])
            time_ratio = f"{(row['seconds'] / before['seconds']) ** (1 / decades):.1f}"
            grown, was = row["peak"] - row["warm"], before["peak"] - before["warm"]
            mem_ratio = f"{(grown / was) ** (1 / decades):.1f}" if was > 1 and grown > 0 else "-"
        print(f"{row['shape']:<11}{human(row['size']):>7}{row['chars']:>10,}{row['tokens']:>9,}{row['sentences']:>7,}"
              f"{row['seconds']:>9.2f}{row['warm']:>10.0f}{row['peak']:>10.0f}{time_ratio:>12}{mem_ratio:>11}", flush=True)
        previous[row["shape"]] = row


def _log10(x: float) -> float:
    import math

    return math.log10(x)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10K,100K,1M,5M")
    parser.add_argument("--shapes", default="paragraphs,line")
    parser.add_argument("--budget", type=float, default=600.0, help="time budget per document, seconds")
    parser.add_argument("--profile", default=None, metavar="SIZE:SHAPE")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    if args.child or args.profile:
        size, shape = (args.child or args.profile).split(":")
        child(parse_size(size), shape, args.budget, profile=bool(args.profile))
        return
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    source = "ANT corpus articles" if ANT_FULL.exists() else "the fallback sentences (../shared absent)"
    print(f"one document per run, built from {source}; whole pipeline, one core, budget {args.budget:.0f} s")
    report(run_child(size, shape, args.budget) for shape in args.shapes.split(",") for size in sizes)


if __name__ == "__main__":
    main()
