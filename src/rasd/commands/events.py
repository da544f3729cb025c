"""`rasd eval events`: events of the pipeline's output scored against the annotated news
splits (or any gold file), the seed gold and the GSR detection sample."""

from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[4] / "shared"
SEED_GOLD = SHARED / "seed" / "000_6601d6410543281b.gold.json"
GSR_DIR = SHARED / "data" / "arabic-event-gsr-dev"
EXIT_OK, EXIT_USAGE = 0, 2
PARTS = ("gsr", "seed", "news")
DEFAULT_SPLIT = "dev"  # tune on dev; test only for the final figure


def register(commands, eval_targets) -> None:
    ev = eval_targets.add_parser("events", help="PLOVER events of the output: news splits, seed gold, GSR detection")
    ev.add_argument("--part", choices=(*PARTS, "all"), default="all")
    ev.add_argument("--split", choices=("train", "dev", "test"), default=DEFAULT_SPLIT,
                    help="news part: an annotated news split of ../shared/data/news-annotated")
    ev.add_argument("--gold", default=None, help="news part: a gold file (news-gold or seed format) instead of --split")
    ev.add_argument("--shared-data", default=str(SHARED / "data"), help="the shared data folder")
    ev.add_argument("--gsr", default=str(GSR_DIR), help="folder of the Arabic event GSR dev files")
    ev.add_argument("--seed", default=str(SEED_GOLD), help="the seed gold JSON")
    ev.add_argument("--limit", type=int, default=None, help="GSR: only the first N sentences per file")
    ev.add_argument("--reliability", action="store_true",
                    help="print the reliability table of Event.confidence (always on for --split dev)")
    ev.add_argument("--errors", action="store_true", help="list the gold events not matched")
    ev.add_argument("--ner-model", default=None, help="a CRF model folder or file instead of the shipped one")
    ev.add_argument("--models", default=None,
                    help="a folder written by `rasd train events --out DIR` instead of the shipped event models")
    ev.set_defaults(handler=cmd_eval_events)
    from rasd.commands import curve  # `rasd eval curve`: the learning curve of the event and speaker models

    curve.register(commands, eval_targets)


def have_data(path: Path, what: str) -> bool:
    """Whether `path` is here; if not, says on stderr what is missing and where it was looked for
    (through rasd.commands.require_data, the check every eval shares, where it exists)."""
    from rasd.errors import RasdError

    try:
        from rasd.commands import require_data
    except ImportError:  # an older rasd.commands: the same message, made here
        if path.exists():
            return True
        print(f"rasd: {what} is missing: {path} is not here (it is in ../shared beside the checkout)",
              file=sys.stderr)
        return False
    try:
        require_data(path, what)
    except RasdError as exc:
        print(f"rasd: {exc.describe()}", file=sys.stderr)
        return False
    return True


def _news_path(args) -> tuple[Path, str]:
    if args.gold:
        return Path(args.gold), f"gold file {args.gold}"
    from rasd.evaluation.gold import split_path

    return split_path(args.split, Path(args.shared_data)), f"the annotated news split {args.split}"


def _needed(args, parts) -> list[tuple[Path, str]]:
    needs = {"gsr": (Path(args.gsr), "the Arabic event GSR dev sample"),
             "seed": (Path(args.seed), "the seed gold"),
             "news": _news_path(args)}
    return [needs[p] for p in parts]


def _gsr(path: Path, analyser, limit: int | None) -> None:
    from rasd.evaluation.events import evaluate_gsr

    for type_, result in evaluate_gsr(path, analyser, limit=limit).items():
        print(f"GSR {type_} detection on the output's events: {result.detection.format()}")
        print(f"GSR {type_} detection, asserted events only: {result.asserted.format()}")
        print(f"GSR {type_} one annotator against the others (human ceiling): {result.human.format()}")
        print(f"GSR {type_} roles on span gold: {result.roles.format()}")


def _gold(label: str, path: Path, analyser, args, reliability: bool) -> None:
    from rasd.evaluation.events import evaluate_gold
    from rasd.evaluation.gold import load_gold

    scores = evaluate_gold(load_gold(path, Path(args.shared_data)), analyser)
    print(f"{label} events: {scores.format()}")
    print(f"{label} events per type:\n{scores.format_types()}")
    if reliability:
        print(f"{label} reliability of Event.confidence:\n{scores.reliability.format()}")
    if args.errors:
        print("\n".join("  " + m for m in scores.misses))


def cmd_eval_events(args) -> int:
    from rasd.evaluation.events import EventAnalyser
    from rasd.settings import Settings

    parts = PARTS if args.part == "all" else (args.part,)
    missing = [(path, what) for path, what in _needed(args, parts) if not have_data(path, what)]
    if missing:
        return EXIT_USAGE
    analyser = EventAnalyser(Settings(ner_model=args.ner_model, events_model_dir=args.models))
    if analyser.degraded:
        print(f"rasd: {', '.join(analyser.left_out)} left out (a model is missing): the events are scored without them",
              file=sys.stderr)
    for part in parts:
        if part == "gsr":
            _gsr(Path(args.gsr), analyser, args.limit)
        elif part == "seed":
            _gold("seed", Path(args.seed), analyser, args, reliability=args.reliability)
        else:
            label = f"news {Path(args.gold).name}" if args.gold else f"news {args.split}"
            _gold(label, _news_path(args)[0], analyser, args,
                  reliability=args.reliability or (not args.gold and args.split == DEFAULT_SPLIT))
    return EXIT_OK


def train(data: Path, args) -> int:
    """`rasd train events`: the trigger CRF, mode and argument models from the annotated news
    train split, calibrated (confidence, reporting threshold) on its dev split."""
    from rasd.evaluation.gold import load_split
    from rasd.events.models import default_model_dir
    from rasd.events.train import train_events

    if not have_data(data / "news-annotated" / "train.json", "the annotated news train split"):
        return EXIT_USAGE
    train_docs = load_split("train", data)[: args.max_articles]
    dev_docs = load_split("dev", data)[: args.max_articles]
    out = Path(args.out) if args.out else default_model_dir()
    report = train_events(train_docs, dev_docs, out, args.seed, args.max_sentences,
                          log=lambda line: print(line, file=sys.stderr))
    print(f"events models written to {out}: reporting threshold {report['threshold']:.2f}, dev type+sentence F1 "
          f"{report['dev'][0]:.3f}, type+sentence+actors F1 {report['dev'][1]:.3f}")
    return EXIT_OK
