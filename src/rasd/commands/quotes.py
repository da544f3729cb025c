"""`rasd quotes PATH...` (the quotations of articles: who said what, according to whom) and
`rasd eval quotes [--gold FILE]` (detection P/R/F1, speaker and via accuracy on gold)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasd.commands import add_table_options, require_data

SHARED = Path(__file__).resolve().parents[4] / "shared"
SEED_GOLD = SHARED / "seed" / "000_6601d6410543281b.gold.json"
DEV_GOLD = SHARED / "data" / "news-gold-dev" / "news_gold_dev.json"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Table columns (display widths): id, kind, speaker, cue, via; the content takes the rest.
TABLE_COLUMNS = (4, 8, 22, 12, 18, 0)


def register(commands, eval_targets) -> None:
    show = commands.add_parser("quotes", help="list the quotations of articles (speaker, cue, via chain)")
    show.add_argument("paths", nargs="+", help="files or folders, as for `rasd analyze`; - for stdin")
    show.add_argument("--format", choices=("json", "table"), default="table")
    add_table_options(show)
    show.set_defaults(handler=cmd_quotes)
    ev = eval_targets.add_parser("quotes", help="quotation detection, speakers and via chains against gold")
    ev.add_argument("--gold", action="append", default=None,
                    help="a gold file, seed or news-gold format (detected); repeatable. "
                         "Default: the seed gold and the news-gold dev set")
    ev.add_argument("--split", choices=("train", "dev", "test"), default=None,
                    help="an annotated news split of ../shared/data/news-annotated (tune on dev; test once)")
    ev.add_argument("--shared-data", default=str(SHARED / "data"),
                    help="where the ANT corpus the news-gold format points into lies")
    ev.add_argument("--errors", action="store_true", help="list every missed, spurious or wrong quotation")
    ev.set_defaults(handler=cmd_eval_quotes)


def _quote_record(article, quote) -> dict:
    def text(span):
        return article.span_text(span) if span is not None else None

    return {"article": article.id, "id": quote.id, "kind": quote.kind, "content": text(quote.content),
            "cue": text(quote.cue), "speaker": text(quote.speaker),
            "anonymous": bool(quote.speaker and quote.speaker.anonymous),
            "speaker_actor": quote.speaker.actor if quote.speaker else None,
            "via": [text(v) for v in quote.via]}


def _table_line(record: dict, bidi: str, width: int) -> str:
    """One quotation as a table row, laid out like `rasd analyze --format table` (rasd.render)."""
    from rasd.render import row

    speaker = record["speaker"] or "?"
    if record["anonymous"]:
        speaker = f"{speaker} (anonymous)"
    via = " ← ".join(v for v in record["via"] if v) or None
    values = [record["id"], record["kind"], speaker, record["cue"], via, record["content"]]
    return row(values, TABLE_COLUMNS, bidi, width, indent="")


def train(data: Path, args) -> int:
    """`rasd train quotes`: the tagger, speaker ranker and via classifier from
    news-annotated/train.json, into the package's models folder (or --out)."""
    from rasd.evaluation.gold import load_split, split_path
    from rasd.evaluation.quotes import QuoteAnalyser, prepare_gold_document
    from rasd.quotes.train import train_quotes

    require_data(split_path("train", data), "the annotated news articles (train split)")
    docs = load_split("train", data)
    if args.max_articles:
        docs = docs[: args.max_articles]
    analyser = QuoteAnalyser()
    prepared, sentences = [], 0
    for doc in docs:
        article = prepare_gold_document(doc, analyser)
        sentences += len(article.sentences)
        if args.max_sentences and sentences > args.max_sentences and prepared:
            break
        prepared.append((doc, article))
    out = Path(args.out) if args.out else MODELS_DIR
    print(train_quotes(prepared, out, args.seed), file=sys.stderr)
    return EXIT_OK


def cmd_quotes(args) -> int:
    from rasd.api import article_from_document
    from rasd.commands import table_style
    from rasd.evaluation.quotes import QuoteAnalyser
    from rasd.ingest import IngestFailure, iter_documents

    analyser = QuoteAnalyser()
    bidi, width = table_style(args, sys.stdout)
    failed = 0
    for item in iter_documents(list(args.paths), analyser.settings):
        if isinstance(item, IngestFailure):
            failed += 1
            print(f"rasd: {item.error.describe()}", file=sys.stderr)
            continue
        article = analyser(article_from_document(item))
        for quote in article.quotes:
            record = _quote_record(article, quote)
            print(json.dumps(record, ensure_ascii=False) if args.format == "json"
                  else _table_line(record, bidi, width))
    return EXIT_FAILED if failed else EXIT_OK


def _print_errors(scores) -> None:
    for miss in scores.misses:
        print(f"  {miss.document}\t{miss.what}\tgold: {miss.gold or '-'}\tpredicted: {miss.predicted or '-'}")


def _split_paths(args) -> list[Path]:
    from rasd.evaluation.gold import split_path

    path = split_path(args.split, Path(args.shared_data))
    require_data(path, f"the annotated news articles ({args.split} split)")
    return [path]


def cmd_eval_quotes(args) -> int:
    from rasd.evaluation.gold import load_gold
    from rasd.evaluation.quotes import evaluate_quotes

    if getattr(args, "split", None):
        paths = _split_paths(args)
    else:
        paths = [Path(p) for p in args.gold] if args.gold else [SEED_GOLD, DEV_GOLD]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"rasd: gold file {missing[0]} not found (the default ones live in ../shared)", file=sys.stderr)
        return EXIT_USAGE
    for path in paths:
        scores = evaluate_quotes(load_gold(path, Path(args.shared_data)))
        print(f"== {path.name}")
        print(scores.format())
        if args.errors:
            _print_errors(scores)
    return EXIT_OK
