"""`rasd eval events`: GSR detection (ASSAULT, PROTEST) with role agreement, and events of
the seed gold and the news-gold dev set matched on type + sentence (+ actors)."""

from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[4] / "shared"
SEED_GOLD = SHARED / "seed" / "000_6601d6410543281b.gold.json"
DEV_GOLD = SHARED / "data" / "news-gold-dev" / "news_gold_dev.json"
GSR_DIR = SHARED / "data" / "arabic-event-gsr-dev"
EXIT_OK, EXIT_USAGE = 0, 2
PARTS = ("gsr", "seed", "dev")


def register(commands, eval_targets) -> None:
    ev = eval_targets.add_parser("events", help="PLOVER events: GSR detection, seed and dev gold")
    ev.add_argument("--part", choices=(*PARTS, "all"), default="all")
    ev.add_argument("--gsr", default=str(GSR_DIR), help="folder of the Arabic event GSR dev files")
    ev.add_argument("--seed", default=str(SEED_GOLD), help="the seed gold JSON")
    ev.add_argument("--dev", default=str(DEV_GOLD), help="the news-gold dev JSON")
    ev.add_argument("--limit", type=int, default=None, help="GSR: only the first N sentences per file")
    ev.add_argument("--errors", action="store_true", help="list the gold events not matched")
    ev.add_argument("--ner-model", default=None, help="a CRF model folder or file instead of the shipped one")
    ev.set_defaults(handler=cmd_eval_events)


def _gsr(path: Path, analyser, limit: int | None) -> None:
    from rasd.evaluation.events import GSR_FILES, annotator_agreement, evaluate_gsr, read_gsr

    for type_, (counts, agreement) in evaluate_gsr(path, analyser, limit=limit).items():
        print(f"GSR {type_} detection: {counts.format()}")
        humans = annotator_agreement(read_gsr(path / GSR_FILES[type_][0])[:limit])
        print(f"GSR {type_} one annotator against the others (human ceiling): {humans.format()}")
        print(f"GSR {type_} roles on span gold: {agreement.format()}")


def _gold(label: str, path: Path, analyser, errors: bool) -> None:
    from rasd.evaluation.events import evaluate_gold
    from rasd.evaluation.gold import load_gold

    scores = evaluate_gold(load_gold(path), analyser)
    print(f"{label} events: {scores.format()}")
    if errors:
        print("\n".join("  " + m for m in scores.misses))


def cmd_eval_events(args) -> int:
    from rasd.evaluation.events import EventAnalyser
    from rasd.settings import Settings

    analyser = EventAnalyser(Settings(ner_model=args.ner_model) if args.ner_model else None)
    if analyser.degraded:
        print("rasd: the NER model is not available: events from names the knowledge files know", file=sys.stderr)
    parts = PARTS if args.part == "all" else (args.part,)
    paths = {"gsr": Path(args.gsr), "seed": Path(args.seed), "dev": Path(args.dev)}
    for part in parts:
        if not paths[part].exists():
            print(f"{part}: {paths[part]} is not here (../shared is absent); skipped")
            continue
        if part == "gsr":
            _gsr(paths[part], analyser, args.limit)
        else:
            _gold(part, paths[part], analyser, args.errors)
    return EXIT_OK
