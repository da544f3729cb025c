"""`rasd eval dedup`: rasd's grouping of articles by their main event against hand-made
story clusters (../shared/data/story-clusters)."""

from __future__ import annotations

import sys
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
DEFAULT_GOLD = SHARED_DATA / "story-clusters" / "2018-05-08_09.json"
EXIT_OK = 0


def register(commands, eval_targets) -> None:
    p = eval_targets.add_parser("dedup", help="articles grouped by main event (store dedup) against story clusters")
    p.add_argument("--gold", default=str(DEFAULT_GOLD), help="a story-clusters JSON file")
    p.add_argument("--store", default=None,
                   help="write the evaluation store to this (new) file and keep it; default: a temporary file")
    p.add_argument("--shared-data", default=str(SHARED_DATA), help="the shared data folder (the ANT corpus)")
    p.set_defaults(handler=cmd_eval_dedup)


def cmd_eval_dedup(args) -> int:
    from rasd.commands import require_data

    gold_path = Path(args.gold)
    shared = Path(args.shared_data)
    require_data(gold_path, "the story-clusters gold file")
    from rasd.evaluation.dedup import ANT_CORPUS, evaluate_dedup, load_gold

    require_data(shared / ANT_CORPUS, "the ANT corpus (the gold's articles)")
    gold = load_gold(gold_path, shared)
    report = evaluate_dedup(gold, Path(args.store) if args.store else None,
                            log=lambda line: print(f"rasd: {line}", file=sys.stderr))
    print(f"dedup {gold_path.name}:")
    print(report.format())
    return EXIT_OK
