"""The `rasd` command: a thin layer over the importable API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rasd.commands import add_table_options, require_data
from rasd.errors import Code, RasdError
from rasd.settings import Settings

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
# RasdErrors that reach main() come from what was asked (a bad setting, stage list, path or
# registry), not from a document (those are IngestFailures and never raised): exit 2 like
# argparse's own usage errors. A missing or damaged model file is a broken install: exit 1.
USAGE_CODES = frozenset({Code.E008_NOT_FOUND, Code.E010_UNKNOWN_STAGE, Code.E011_STAGE_ORDER,
                         Code.E012_BAD_SETTING, Code.E016_REGISTRY, Code.E023_STORE_INVALID,
                         Code.E024_BAD_QUERY})
# Counting the documents of an uncompressed .jsonl for the progress ETA reads it once more;
# above this size the rate is shown without a total instead.
MAX_COUNTED_BYTES = 256 * 1024 * 1024
DEMO_ARTICLE = ("examples", "demo_article.txt")
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _add_analyze(sub) -> None:
    p = sub.add_parser("analyze", help="analyse articles (files, folders, .gz, - for stdin)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument("--out", help="write the output to this file instead of stdout (missing folders are made)")
    add_table_options(p)
    p.add_argument("--max-bytes", type=int, default=None, help="refuse documents larger than this")
    p.add_argument("--stages", default=None, help="comma-separated stage names (default: all)")
    p.add_argument("--registry", default=None,
                   help="actor registry file (SQLite) kept across runs: same person, same id")
    p.add_argument("--store", default=None,
                   help="also write the analyses into this store (DuckDB file, made if missing), in "
                        "transactions of Settings.store_batch_size articles, failures included; with "
                        "--store and no --out nothing is printed (give --out to keep the JSON too)")
    p.add_argument("--workers", type=int, default=1,
                   help="processes analysing in parallel (0: all cores); the output is that of one worker")


def _add_train(sub) -> None:
    p = sub.add_parser("train", help="rebuild a shipped model from ../shared/data")
    # ner and lexicon are trained here; every other target by `train(data, args)` in
    # rasd.commands.NAME, so each learned component keeps its training beside its commands.
    p.add_argument("what", choices=("ner", "lexicon", *MODULE_TRAIN_TARGETS))
    p.add_argument("--data", default=str(SHARED_DATA), help="the shared data folder")
    p.add_argument("--out", default=None, help="output folder (default: the package's own)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--max-sentences", type=int, default=None, help="train on a slice (tests)")
    p.add_argument("--max-articles", type=int, default=None, help="unlabeled articles to read")


def _add_eval(sub) -> argparse._SubParsersAction:
    p = sub.add_parser("eval", help="measure a stage against gold data")
    targets = p.add_subparsers(dest="what", required=True)
    ner = targets.add_parser("ner", help="conlleval-style P/R/F1 of the NER tagger")
    ner.add_argument("--data", required=True, help="a CoNLL file: TOKEN TAG per line")
    ner.add_argument("--context-bias", type=float, default=None,
                     help="bonus of the document-context step (default: the shipped one; 0 tags each sentence alone)")
    ner.set_defaults(handler=cmd_eval_ner)
    return targets


# Later pipeline steps add their own subcommands: a module rasd.commands.NAME with
# `register(commands, eval_targets)` (argparse subparser groups; set_defaults(handler=...)).
COMMAND_MODULES = ("actors", "quotes", "events", "entities", "store", "search", "dedup", "backfill", "serve")
MODULE_TRAIN_TARGETS = ("events", "quotes", "actors")


def _add_step_commands(sub, eval_targets) -> None:
    import importlib

    for name in COMMAND_MODULES:
        module_name = f"rasd.commands.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name in (module_name, "rasd.commands"):
                continue
            raise
        module.register(sub, eval_targets)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rasd", description="Arabic news to evidence-linked event data.")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_analyze(sub)
    demo = sub.add_parser("demo", help="analyse the bundled example article and print the table")
    demo.add_argument("--format", choices=("json", "table"), default="table")
    add_table_options(demo)
    _add_train(sub)
    eval_targets = _add_eval(sub)
    _add_step_commands(sub, eval_targets)
    return parser


def _open_out(path: str | None):
    """The --out file, its missing parent folders made (as `mkdir -p`: `--out runs/today.jsonl`
    on a fresh checkout is what a user means); anything else unwritable is E008, exit 2."""
    if not path:
        return sys.stdout
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise RasdError(Code.E008_NOT_FOUND, f"cannot write --out: {exc.strerror or exc}", source=path) from exc


def _emit(article, fmt: str, args, out) -> None:
    from rasd.commands import table_style
    from rasd.render import render_table

    if fmt == "json":
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    else:
        bidi, width = table_style(args, out)
        out.write(render_table(article, bidi=bidi, width=width))


def _progress(args):
    """Progress on stderr for a person watching a terminal, unless the output itself scrolls
    on that terminal (the status line would be torn by the records printed under it)."""
    from rasd.progress import Progress

    progress = Progress()
    if progress.enabled and not args.out and not getattr(args, "store", None) and _is_terminal(sys.stdout):
        progress.enabled = False
    if progress.enabled:  # counting costs a walk of the inputs: only for a person watching
        progress.total = _count_documents(args.paths)
    return progress


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _count_documents(paths: Sequence[str]) -> int | None:
    """Documents in `paths` when that is cheap to know: one per text or HTML file, one per
    line of an uncompressed .jsonl. None with stdin, .gz or WARC (counting means reading)."""
    from rasd.ingest.files import GZ_SUFFIX, JSONL, STDIN, WARC, form_of

    total = 0
    for name in paths:
        path = Path(name)
        if name == STDIN:
            return None
        if not path.exists():  # one E008 failure
            total += 1
            continue
        files = [path] if path.is_file() else [
            p for p in path.rglob("*")
            if p.is_file() and form_of(p) and not any(part.startswith(".") for part in p.relative_to(path).parts)]
        for file in files:
            form = form_of(file)
            if file.name.lower().endswith(GZ_SUFFIX) or form == WARC:
                return None
            if form == JSONL:
                if file.stat().st_size > MAX_COUNTED_BYTES:
                    return None
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            else:
                total += 1
    return total


def _settings_from(args) -> Settings:
    options = {}
    if getattr(args, "max_bytes", None) is not None:  # 0 is passed on, for Settings to refuse (E012)
        options["max_bytes"] = args.max_bytes
    if getattr(args, "registry", None):
        options["registry_path"] = args.registry
    if getattr(args, "stages", None):
        options["stages"] = tuple(n.strip() for n in args.stages.split(",") if n.strip())
    return Settings(**options)


def cmd_analyze(args) -> int:
    from rasd.api import BatchSummary, analyze_paths, rendered
    from rasd.ingest import IngestFailure

    settings = _settings_from(args)
    items = _analysed_items(args, settings, analyze_paths)  # lazy: nothing read or started yet
    summary = BatchSummary()  # documents in = analysed + failed + skipped, always
    out = _open_out(args.out) if not getattr(args, "store", None) or args.out else None
    store = _store_writer(args, settings)  # None without --store; E022/E023 before any analysis
    progress = _progress(args)
    interrupted = False
    try:
        for item in items:
            if out is not None and not isinstance(item, IngestFailure):  # rendered whole first: a line is all there or absent
                item, text = rendered(item, lambda article, buffer: _emit(article, args.format, args, buffer), out)
            progress.advance(failed=isinstance(item, IngestFailure))
            summary.add(item)
            if store is not None:
                store.add(item)
            if isinstance(item, IngestFailure):
                print(f"rasd: {item.error.describe()}", file=sys.stderr)
                continue
            if out is not None:
                out.write(text)
        if store is not None:
            store.flush()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        items.close()  # stops the worker processes, also on Ctrl-C or an error
        progress.close()
        if store is not None:
            store.close()
        if out is not None and out is not sys.stdout:
            out.close()
    if interrupted:
        total = progress.total if progress.total is not None else _count_documents(args.paths)
        of = f" of {total}" if total is not None else ""
        print(f"rasd: interrupted after {summary.documents}{of} documents ({summary.format()})", file=sys.stderr)
        if store is not None:  # the batch being gathered is not written; the store is as after the last one
            print(f"rasd: {store.describe()}", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"rasd: {summary.format()}", file=sys.stderr)
    if store is not None:
        print(f"rasd: {store.describe()}", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _analysed_items(args, settings: Settings, analyze_paths):
    """The analysed items of the inputs, in input order: in this process for one worker,
    from worker processes (rasd.parallel) for more; either has close()."""
    from rasd.parallel import ParallelAnalysis, check_parallel_settings, worker_count

    workers = worker_count(getattr(args, "workers", 1))
    check_parallel_settings(settings, workers)
    if workers == 1:
        return analyze_paths(args.paths, settings)
    return ParallelAnalysis(args.paths, settings, workers)


def _store_writer(args, settings: Settings):
    if not getattr(args, "store", None):
        return None
    from rasd.store.database import BatchWriter

    return BatchWriter(args.store, settings)


def cmd_demo(args) -> int:
    from rasd.api import analyze
    from rasd.resources import read_text

    article = analyze(read_text(*DEMO_ARTICLE))
    _emit(article, args.format, args, sys.stdout)
    return EXIT_OK


def cmd_train(args) -> int:
    data = Path(args.data)
    if not data.is_dir():
        print(f"rasd: training data folder {data} not found (it is ../shared/data in a checkout)", file=sys.stderr)
        return EXIT_USAGE
    if args.what == "lexicon":
        return _train_lexicon(data, args)
    if args.what in MODULE_TRAIN_TARGETS:
        import importlib

        return importlib.import_module(f"rasd.commands.{args.what}").train(data, args)
    return _train_ner(data, args)


def _package_dir(*parts: str) -> Path:
    return Path(__file__).resolve().parent.joinpath(*parts)


def _train_lexicon(data: Path, args) -> int:
    import gzip

    from rasd.ingest.corpus import iter_corpus_texts
    from rasd.text.lexicon import count_words, format_counts

    corpus = data / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz"
    counts = count_words(iter_corpus_texts(corpus, limit=args.max_articles))
    out = Path(args.out) if args.out else _package_dir("data", "text")
    out.mkdir(parents=True, exist_ok=True)
    target = out / "word_counts.tsv.gz"
    target.write_bytes(gzip.compress(format_counts(counts).encode("utf-8"), mtime=0))
    print(f"rasd: {len(counts)} word forms counted; wrote {target}", file=sys.stderr)
    return EXIT_OK


def _train_ner(data: Path, args) -> int:
    from rasd.entities.train import train_ner

    out = Path(args.out) if args.out else _package_dir("models")
    report = train_ner(
        data / "anercorp" / "anercorp_train.conll",
        data / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz",
        out, seed=args.seed, max_sentences=args.max_sentences,
        news_file=data / "news-annotated" / "train.json",
    )
    print(report, file=sys.stderr)
    return EXIT_OK


def cmd_eval_ner(args) -> int:
    from rasd.entities.conll import evaluate_conll
    from rasd.entities.tagger import CrfTagger

    require_data(args.data, "the CoNLL file to score (--data)")
    tagger = CrfTagger.load()
    if args.context_bias is not None:
        tagger.context_bias = args.context_bias
    scores = evaluate_conll(Path(args.data), tagger)
    print(scores.format())
    return EXIT_OK


COMMANDS = {"analyze": cmd_analyze, "demo": cmd_demo, "train": cmd_train}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        handler = getattr(args, "handler", None) or COMMANDS[args.command]
        return handler(args)
    except RasdError as exc:
        print(f"rasd: {exc.describe()}", file=sys.stderr)
        return EXIT_USAGE if exc.code in USAGE_CODES else EXIT_SOME_FAILED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
