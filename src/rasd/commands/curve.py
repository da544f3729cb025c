"""`rasd eval curve`: the learning curve of the learned extraction. The event models
(triggers and arguments: `rasd train events`) and the speaker model (`rasd train quotes`)
are retrained on 25 %, 50 % and 100 % of the annotated training articles (nested seeded
subsets) into temporary folders, loaded from there, and scored on the chosen split with dev
beside it: triggers by type + sentence F1, arguments by type + sentence + source/target F1,
speakers by speaker accuracy over the matched quotations.

Each component is trained by `train(data, args)` of its command module, `data` being a
shared-data folder whose `news-annotated/train.json` holds the subset (the other data
linked, the test split left out) and `args.out` the folder to write the models to; the
trained models are loaded through a `Settings` field naming that folder. A component
without either is reported as missing and left out of the curve.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
NEWS = "news-annotated"
TRAIN_FILE, DEV_FILE = "train.json", "dev.json"
FRACTIONS = (0.25, 0.5, 1.0)
DEFAULT_SEED = 13
EXIT_OK, EXIT_USAGE = 0, 2


@dataclass(frozen=True, slots=True)
class Component:
    name: str  # the `rasd train` target and rasd.commands module
    settings_field: str  # the Settings field that names the folder its trained models load from
    figures: tuple[str, ...]  # what the curve reads off it
    # Where Settings has no such field yet: whether the models can be loaded from a folder
    # by the component's own loader (see FolderQuotes); None: they cannot.
    direct: Callable[[], bool] | None = None


def quotes_load_from_folder() -> bool:
    """rasd.quotes reads its models with QuoteModels.load(folder) and find_quotes(article, models)."""
    try:
        from rasd.quotes.reading import QuoteModels
        from rasd.quotes.stage import find_quotes  # noqa: F401
    except ImportError:
        return False
    return callable(getattr(QuoteModels, "load", None))


COMPONENTS = (Component("events", "events_model_dir", ("triggers", "arguments")),
              Component("quotes", "quotes_model_dir", ("speakers",), quotes_load_from_folder))
FIGURE_LABELS = {"triggers": "triggers type+sentence F1", "arguments": "arguments type+sentence+actors F1",
                 "speakers": "speakers accuracy"}


def register(commands, eval_targets) -> None:
    p = eval_targets.add_parser("curve", help="learning curve: retrain events and speakers on 25/50/100%% of train")
    p.add_argument("--split", choices=("dev", "test"), default="test",
                   help="the split to report (dev is printed beside it)")
    p.add_argument("--fractions", default=",".join(str(f) for f in FRACTIONS),
                   help="shares of the training articles, comma separated")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="draws the subsets and seeds the training")
    p.add_argument("--components", default=",".join(c.name for c in COMPONENTS),
                   help="which trainings to run: events, quotes")
    p.add_argument("--shared-data", default=str(SHARED_DATA), help="the shared data folder")
    p.add_argument("--keep", default=None, help="keep the subsets and trained models in this folder")
    p.add_argument("--no-shipped", action="store_true", help="leave out the row of the shipped models")
    p.set_defaults(handler=cmd_eval_curve)


# --- the subsets ------------------------------------------------------------------------

def subset_order(n: int, seed: int) -> list[int]:
    """One seeded order of the training articles: each subset is a prefix of it, so the
    smaller subsets lie inside the larger (the curve measures more data, not other data)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def subset_size(n: int, fraction: float) -> int:
    return max(1, min(n, round(n * fraction)))


def subset_data(shared_data: Path, folder: Path, fraction: float, seed: int) -> int:
    """A shared-data folder at `folder` whose training split is the seeded `fraction` of the
    real one; every other data folder is linked, and of the annotated splits only dev (to
    choose settings on), never test. Returns the number of training articles."""
    articles = json.loads((shared_data / NEWS / TRAIN_FILE).read_text(encoding="utf-8"))
    keep = sorted(subset_order(len(articles), seed)[: subset_size(len(articles), fraction)])
    folder.mkdir(parents=True, exist_ok=True)
    for entry in shared_data.iterdir():
        if entry.name != NEWS:
            (folder / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    news = folder / NEWS
    news.mkdir()
    for entry in (shared_data / NEWS).iterdir():
        if entry.suffix != ".json" or entry.name == DEV_FILE:  # guides, and dev
            (news / entry.name).symlink_to(entry.resolve())
    (news / TRAIN_FILE).write_text(json.dumps([articles[i] for i in keep], ensure_ascii=False), encoding="utf-8")
    return len(keep)


# --- training and loading ---------------------------------------------------------------

def missing_reason(component: Component) -> str | None:
    """Why a component cannot be on the curve, or None when it can."""
    import importlib

    from rasd.settings import Settings

    try:
        module = importlib.import_module(f"rasd.commands.{component.name}")
    except ImportError as exc:
        return f"rasd.commands.{component.name} does not import ({exc})"
    if not callable(getattr(module, "train", None)):
        return f"rasd.commands.{component.name} has no train(data, args)"
    if component.settings_field not in {f.name for f in fields(Settings)} \
            and not (component.direct is not None and component.direct()):
        return f"Settings has no {component.settings_field} to load its trained models from"
    return None


def train_args(component: Component, data: Path, out: Path, seed: int) -> argparse.Namespace:
    """What `rasd train NAME` would pass (rasd.cli._add_train), with `out` the fold's folder."""
    return argparse.Namespace(what=component.name, data=str(data), out=str(out), seed=seed,
                              max_sentences=None, max_articles=None)


def train_component(component: Component, data: Path, out: Path, seed: int) -> None:
    import importlib

    from rasd.errors import Code, RasdError

    out.mkdir(parents=True, exist_ok=True)
    trainer = importlib.import_module(f"rasd.commands.{component.name}").train
    with contextlib.redirect_stdout(sys.stderr):  # a training's report is progress here: stdout is the table
        status = trainer(data, train_args(component, data, out, seed))
    if status:
        raise RasdError(Code.E012_BAD_SETTING, f"rasd train {component.name} on {data} exited {status}")


# --- measuring --------------------------------------------------------------------------

def measure(model_dirs: dict[str, str], split: str, shared_data: Path, wanted: tuple[str, ...]) -> dict[str, float]:
    """The curve's figures on one split for the models in `model_dirs` (Settings field → folder;
    empty: the shipped models)."""
    from rasd.evaluation.gold import load_split
    from rasd.settings import Settings

    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in model_dirs.items() if k in known})
    docs = load_split(split, shared_data)
    out: dict[str, float] = {}
    if {"triggers", "arguments"} & set(wanted):
        from rasd.evaluation.events import ACTORS, TYPE_SENTENCE, EventAnalyser, evaluate_gold

        scores = evaluate_gold(docs, EventAnalyser(settings))
        out["triggers"], out["arguments"] = scores.f1(TYPE_SENTENCE), scores.f1(ACTORS)
    if "speakers" in wanted:
        from rasd.evaluation.quotes import QuoteAnalyser, analyse_gold_document, evaluate_quotes

        folder = model_dirs.get("quotes_model_dir") if "quotes_model_dir" not in known else None
        analyser = FolderQuotes(settings, folder) if folder else QuoteAnalyser(settings)
        out["speakers"] = evaluate_quotes(docs, lambda d: analyse_gold_document(d, analyser)).speaker_accuracy
    return out


class FolderQuotes:
    """The quotation analyser of rasd.evaluation.quotes with the models of one folder, for
    a quotes stage that reads only its shipped models (no Settings field to point it elsewhere)."""

    def __init__(self, settings, folder: str):
        from rasd.evaluation.quotes import QuoteAnalyser
        from rasd.quotes.reading import QuoteModels

        self.settings = settings
        self.base = QuoteAnalyser(settings)
        self.models = QuoteModels.load(folder)

    def prepare(self, article):
        return self.base.prepare(article)

    def quote(self, article):
        from rasd.quotes.stage import find_quotes

        article.quotes = find_quotes(article, self.models)
        article.done.add("quotes")
        return article

    def __call__(self, article):
        return self.quote(self.prepare(article))


@dataclass(slots=True)
class Row:
    label: str
    articles: int | None
    figures: dict[str, dict[str, float]]  # split → figure → value


def format_table(rows: list[Row], wanted: tuple[str, ...], splits: tuple[str, ...]) -> str:
    heads = [f"{FIGURE_LABELS[w]} ({' / '.join(splits)})" for w in wanted]
    lines = ["  ".join([f"{'models':<10}", f"{'articles':>8}", *heads])]
    for row in rows:
        cells = []
        for w, head in zip(wanted, heads, strict=True):
            values = [row.figures.get(s, {}).get(w) for s in splits]
            cells.append(f"{' / '.join('-' if v is None else f'{v:.3f}' for v in values):>{len(head)}}")
        articles = "-" if row.articles is None else str(row.articles)
        lines.append("  ".join([f"{row.label:<10}", f"{articles:>8}", *cells]))
    return "\n".join(lines)


def _fractions(text: str) -> tuple[float, ...]:
    from rasd.errors import Code, RasdError

    try:
        values = tuple(float(f) for f in text.split(",") if f.strip())
    except ValueError:
        values = ()
    if not values or any(not 0 < f <= 1 for f in values):
        raise RasdError(Code.E012_BAD_SETTING, f"--fractions must be shares in (0, 1], got {text!r}")
    return values


def run_curve(args, measure_fn: Callable[..., dict[str, float]] = measure, out=sys.stdout) -> int:
    from rasd.commands.events import have_data
    from rasd.evaluation.gold import split_path

    shared = Path(args.shared_data)
    splits = (args.split,) if args.split == "dev" else (args.split, "dev")
    needed = [(shared / NEWS / TRAIN_FILE, "the annotated news training split")]
    needed += [(split_path(s, shared), f"the annotated news split {s}") for s in splits]
    if not all([have_data(path, what) for path, what in needed]):
        return EXIT_USAGE
    chosen = [c for c in COMPONENTS if c.name in {n.strip() for n in args.components.split(",")}]
    usable = []
    for component in chosen:
        reason = missing_reason(component)
        if reason:
            print(f"curve: {component.name} ({', '.join(component.figures)}) is missing: {reason}", file=out)
        else:
            usable.append(component)
    wanted = tuple(f for c in usable for f in c.figures)
    if not wanted:
        print("curve: no component can be retrained; nothing to measure", file=out)
        return EXIT_OK
    fractions = _fractions(args.fractions)
    rows = []
    if not args.no_shipped:
        rows.append(Row("shipped", None, {s: measure_fn({}, s, shared, wanted) for s in splits}))
    with tempfile.TemporaryDirectory(prefix="rasd-curve-") as scratch:
        root = Path(args.keep) if args.keep else Path(scratch)
        for fraction in fractions:
            fold = root / f"fraction-{fraction:g}"
            articles = subset_data(shared, fold / "data", fraction, args.seed)
            dirs = {}
            for component in usable:
                print(f"curve: training {component.name} on {articles} articles ({fraction:.0%})", file=sys.stderr)
                train_component(component, fold / "data", fold / component.name, args.seed)
                dirs[component.settings_field] = str(fold / component.name)
            rows.append(Row(f"{fraction:.0%}", articles, {s: measure_fn(dirs, s, shared, wanted) for s in splits}))
    print(f"learning curve (seed {args.seed}; nested subsets of {NEWS}/{TRAIN_FILE}):", file=out)
    print(format_table(rows, wanted, splits), file=out)
    return EXIT_OK


def cmd_eval_curve(args) -> int:
    return run_curve(args)
