"""`rasd eval entities [--split dev|test] [--gold FILE]`: exact span + type P/R/F1 of the
entities stage on the annotated news articles (../shared/data/news-annotated)."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_SPLIT = "dev"


def register(commands, eval_targets) -> None:
    from rasd.evaluation.entities import MISC_DROP, MISC_POLICIES
    from rasd.evaluation.gold import SPLITS

    ev = eval_targets.add_parser("entities", help="exact span + type P/R/F1 of the entities on annotated news")
    ev.add_argument("--split", choices=SPLITS, default=DEFAULT_SPLIT,
                    help="which split of ../shared/data/news-annotated (default: dev)")
    ev.add_argument("--gold", default=None, help="a file in the news-annotated format (overrides --split)")
    ev.add_argument("--shared-data", default=None, help="the shared data folder (default: ../shared/data)")
    ev.add_argument("--misc", choices=MISC_POLICIES, default=MISC_DROP,
                    help="MISC predictions (no such type in the news gold): drop them (default) or score them")
    ev.add_argument("--model", default=None, help="a NER model folder or file (default: the shipped one)")
    ev.set_defaults(handler=cmd_eval_entities)


def _missing(path: Path) -> int:
    """Say what is missing (with the shared `require_data` where it exists) and give exit 2."""
    from rasd.errors import RasdError

    what = "the annotated news articles (news-annotated format)"
    try:
        from rasd.commands import require_data  # type: ignore[attr-defined]
    except ImportError:  # an older checkout without the shared helper
        print(f"rasd: {what} expected at {path}; it is in ../shared beside the checkout", file=sys.stderr)
        return EXIT_USAGE
    try:
        require_data(path, what)
    except RasdError as exc:
        print(f"rasd: {exc.describe()}", file=sys.stderr)
    return EXIT_USAGE


def cmd_eval_entities(args) -> int:
    from rasd.evaluation.entities import analyser, evaluate_entities
    from rasd.evaluation.gold import SHARED_DATA, load_gold, split_path
    from rasd.settings import Settings

    shared = Path(args.shared_data) if args.shared_data else SHARED_DATA
    path = Path(args.gold) if args.gold else split_path(args.split, shared)
    if not path.exists():
        return _missing(path)
    documents = load_gold(path, shared)
    scores = evaluate_entities(documents, analyser(Settings(ner_model=args.model)), misc=args.misc)
    print(f"== {path.name}")
    print(scores.format())
    return EXIT_OK
