"""`rasd actors import PATH` (a PETRARCH actor dictionary into the registry) and
`rasd eval actors` (country and sector accuracy on the annotated news articles)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

SPLITS = ("train", "dev", "test")
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
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
    ev = eval_targets.add_parser("actors", help="country/sector accuracy of actors on the annotated news articles")
    ev.add_argument("--split", choices=SPLITS, default="dev", help="which split of ../shared/data/news-annotated")
    ev.add_argument("--gold", default=None, help="a gold file instead of a split (news-annotated or seed format)")
    ev.add_argument("--mode", choices=(*MODES, "both"), default="both",
                    help="gold: gold spans as entities (the actor step alone); pipeline: NER first")
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

    path = Path(args.registry).expanduser()
    if not path.is_file():  # opening it would create an empty registry and find nothing
        print(f"rasd: no actor registry at {path}: fill one first with `rasd actors import FILE "
              f"--registry {args.registry}` or `rasd analyze ... --registry {args.registry}`", file=sys.stderr)
        return EXIT_USAGE
    with ActorRegistry(path) as registry:
        key = name_key(args.name)
        found = registry.find(key)
        if not found:
            counts = registry.counts()
            print(f"rasd: {args.name!r} not found (searched the name key {key!r}) in the registry {path} "
                  f"({counts['actors']} actors, {counts['names']} names)", file=sys.stderr)
        for actor in found:
            role = registry.role_at(actor.id, args.date)
            print(json.dumps({"id": actor.id, "name": actor.name, "kind": actor.kind,
                              "role_at_date": role and {"country": role.country, "sector": role.sector,
                                                        "role": role.role, "code": role.code,
                                                        "from": role.valid_from, "to": role.valid_to,
                                                        "source": role.source, "article": role.article}},
                             ensure_ascii=False))
    return EXIT_OK if found else EXIT_FAILED


def _gold_items(docs):
    """(article, gold entities) for each gold document: offsets into the body where the
    gold gives them, else (the seed) every occurrence of each gold text in the page."""
    from rasd.actors.evaluate import find_mentions, prepare, record_gold_entities, seed_gold_values
    from rasd.ingest.dates import parse_date

    for doc in docs:
        entities = doc.record.get("entities", [])
        if entities and "start" in entities[0]:
            gold = record_gold_entities(doc.record)
        else:
            gold = find_mentions(doc.raw, seed_gold_values(entities))
        yield prepare(doc.raw, doc.id, parse_date(doc.record.get("published"))), gold


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
    from rasd.commands import require_data
    from rasd.errors import RasdError
    from rasd.evaluation.gold import load_gold, split_path

    path = Path(args.gold) if args.gold else split_path(args.split)
    require_data(path, "the annotated news articles (gold entities with countries and sectors)")
    docs = load_gold(path)
    label = args.gold or args.split
    for mode in MODES if args.mode == "both" else (args.mode,):
        try:
            scores = _run(_gold_items(docs), mode, args.ner_model)
        except RasdError as exc:
            print(f"{label} {mode}-entity mode: not available ({exc.describe()})")
            continue
        print(scores.format(f"{label} {mode}-entity mode"))
        if args.errors:
            print("\n".join("  " + e for e in scores.errors))
    return EXIT_OK


def train(data: Path, args) -> int:
    """`rasd train actors`: rebuild the country/sector assignment model from the train split
    of the annotated news (fixed seed; --max-articles trains on a slice)."""
    from rasd.actors.assign import MODEL_FILE
    from rasd.actors.train import TrainConfig
    from rasd.actors.train import train as fit_model
    from rasd.commands import require_data
    from rasd.evaluation.gold import load_split, split_path

    require_data(split_path("train", data), "the train split of the annotated news articles")
    docs = load_split("train", data)
    if args.max_articles:
        docs = docs[: args.max_articles]
    model = fit_model(docs, TrainConfig(seed=args.seed))
    out = Path(args.out) / MODEL_FILE[-1] if args.out else PACKAGE_DATA.joinpath(*MODEL_FILE)
    model.save(out)
    meta = model.meta
    print(f"rasd: actor assignment model trained on {meta['articles']} articles "
          f"({meta['country_cases']} country cases, {meta['sector_cases']} sector cases); written to {out}",
          file=sys.stderr)
    return EXIT_OK
