"""`rasd actors import PATH` (a PETRARCH actor dictionary into the registry) and
`rasd eval actors` (country and sector accuracy on the seed and dev gold)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[4] / "shared"
SEED_DIR = SHARED / "seed"
DEV_GOLD = SHARED / "data" / "news-gold-dev" / "news_gold_dev.json"
DEFAULT_REGISTRY = "~/.local/share/rasd/actors.sqlite"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MODES = ("gold", "pipeline")
PIPELINE_STAGES = ("entities", "actors")  # sentences and tokens are made by evaluate.prepare


def register(commands, eval_targets) -> None:
    actors = commands.add_parser("actors", help="the corpus actor registry")
    sub = actors.add_subparsers(dest="actors_command", required=True)
    imp = sub.add_parser("import", help="import a PETRARCH/CAMEO actor dictionary (dated roles)")
    imp.add_argument("path")
    imp.add_argument("--registry", default=DEFAULT_REGISTRY, help=f"SQLite file (default {DEFAULT_REGISTRY})")
    imp.set_defaults(handler=cmd_import)
    show = sub.add_parser("show", help="print what the registry knows about a name")
    show.add_argument("name")
    show.add_argument("--registry", default=DEFAULT_REGISTRY)
    show.add_argument("--date", default=None, help="ISO date the role must hold at")
    show.set_defaults(handler=cmd_show)
    ev = eval_targets.add_parser("actors", help="country/sector accuracy of actors on the seed and dev gold")
    ev.add_argument("--mode", choices=(*MODES, "both"), default="both",
                    help="gold: gold spans as entities (the actor step alone); pipeline: NER first")
    ev.add_argument("--seed-dir", default=str(SEED_DIR))
    ev.add_argument("--dev", default=str(DEV_GOLD))
    ev.add_argument("--errors", action="store_true", help="list every wrong country or sector")
    ev.add_argument("--ner-model", default=None, help="pipeline mode: a CRF model file (default: the shipped one)")
    ev.set_defaults(handler=cmd_eval)


def cmd_import(args) -> int:
    from rasd.actors.petrarch import import_entries, parse_dictionary
    from rasd.store.registry import ActorRegistry

    path = Path(args.path)
    if not path.is_file():
        print(f"rasd: {path} not found", file=sys.stderr)
        return EXIT_USAGE
    with path.open(encoding="utf-8", errors="replace") as lines, ActorRegistry(args.registry) as registry:
        roles = import_entries(parse_dictionary(lines), registry, source=f"petrarch:{path.name}")
        counts = registry.counts()
    print(f"rasd: {roles} dated roles read from {path}; registry {args.registry} now holds "
          f"{counts['actors']} actors, {counts['names']} names, {counts['roles']} roles", file=sys.stderr)
    return EXIT_OK


def cmd_show(args) -> int:
    from rasd.actors.knowledge import name_key
    from rasd.store.registry import ActorRegistry

    with ActorRegistry(args.registry) as registry:
        found = registry.find(name_key(args.name))
        for actor in found:
            role = registry.role_at(actor.id, args.date)
            print(json.dumps({"id": actor.id, "name": actor.name, "kind": actor.kind,
                              "role_at_date": role and {"country": role.country, "sector": role.sector,
                                                        "role": role.role, "code": role.code,
                                                        "from": role.valid_from, "to": role.valid_to,
                                                        "source": role.source, "article": role.article}},
                             ensure_ascii=False))
    return EXIT_OK if found else EXIT_FAILED


def _seed_items(seed_dir: Path):
    """(article, gold entities) for each seed article with a .gold.json."""
    from rasd.actors.evaluate import find_mentions, prepare, seed_gold_values

    for gold_path in sorted(seed_dir.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        yield prepare(text, text_path.stem), find_mentions(text, seed_gold_values(gold["entities"]))


def _dev_items(dev_path: Path):
    from rasd.actors.evaluate import dev_gold_entities, prepare
    from rasd.evaluation.gold import find_bodies
    from rasd.ingest.dates import parse_date

    gold = json.loads(dev_path.read_text(encoding="utf-8"))
    # The dev gold indexes the `text` of ANT articles, read from the shared corpora.
    records = find_bodies({g["docno"] for g in gold}, SHARED / "data")
    for item in gold:
        record = records.get(item["docno"])
        if record is None:
            print(f"rasd: text of {item['docno']} not found in the ANT corpora; skipped", file=sys.stderr)
            continue
        yield prepare(record["text"], item["docno"], parse_date(record.get("time"))), dev_gold_entities(item)


def _run(items, mode: str, ner_model: str | None = None):
    from rasd.actors.evaluate import Scores, score, with_gold_entities

    total = Scores()
    stages = _pipeline_stages(ner_model) if mode == "pipeline" else []
    for article, gold in items:
        if mode == "gold":
            with_gold_entities(article, gold)
        for name, fn, settings in stages:
            fn(article, settings)
            article.done.add(name)
        total.add(score(article, gold))
    return total


def _pipeline_stages(ner_model: str | None = None):
    """The NER and actor stages, built once (loading the NER model may fail: E014)."""
    from rasd.errors import Code, RasdError
    from rasd.pipeline import registered
    from rasd.settings import Settings

    settings = Settings(ner_model=ner_model)
    available = registered()
    missing = [n for n in PIPELINE_STAGES if n not in available]
    if missing:
        raise RasdError(Code.E010_UNKNOWN_STAGE, ", ".join(missing))
    return [(n, available[n].factory(settings), settings) for n in PIPELINE_STAGES]


def cmd_eval(args) -> int:
    from rasd.errors import RasdError

    sets = [("seed", Path(args.seed_dir), _seed_items), ("dev", Path(args.dev), _dev_items)]
    modes = MODES if args.mode == "both" else (args.mode,)
    for mode in modes:
        for label, path, items in sets:
            if not path.exists():
                print(f"{label}: {path} is not here (../shared is absent); skipped")
                continue
            try:
                scores = _run(items(path), mode, args.ner_model)
            except RasdError as exc:
                print(f"{label} {mode}-entity mode: not available ({exc.describe()})")
                continue
            print(scores.format(f"{label} {mode}-entity mode"))
            if args.errors:
                print("\n".join("  " + e for e in scores.errors))
    return EXIT_OK
