"""`rasd search events|quotes|articles --store FILE [filters]`: query a store.

Filters map one to one onto the fields of `rasd.store.search.EventQuery`, `QuoteQuery` and
`ArticleQuery`; every value is checked there, so a bad one (an unknown PLOVER type, a date
that is not YYYY-MM-DD, a reversed range, a limit that is not a number ...) is a coded
error (E024) and exit status 2, like a store file that is missing (E008) or is no rasd store
(E023). Output: a table (rasd's renderer: logical order, each Arabic cell in bidi isolates)
or one JSON object `{"total", "offset", "limit", "hits": [...]}`.

Light at import time (rasd --help imports every command module): the store is imported in
the handlers.
"""

from __future__ import annotations

import json
import sys

from rasd.commands import add_table_options
from rasd.errors import Code, RasdError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
USAGE_CODES = frozenset({Code.E008_NOT_FOUND, Code.E023_STORE_INVALID, Code.E024_BAD_QUERY})
# Table columns (display widths); the last column takes the rest of the row. Each hit is two
# rows: its fields, then its text (evidence, quotation, snippet) indented on a row of its own.
EVENT_COLUMNS = (10, 9, 10, 22, 22, 0)  # day, type, mode, source, target, place
QUOTE_COLUMNS = (10, 8, 28, 12, 0)  # day, kind, speaker, outlet, article id
ARTICLE_COLUMNS = (10, 12, 26, 0)  # day, outlet, article id, title
TEXT_INDENT = "    "


def register(sub, eval_targets) -> None:
    p = sub.add_parser("search", help="search a store: events, quotations or articles")
    what = p.add_subparsers(dest="search_what", required=True)

    ev = what.add_parser("events", help="events by type, mode, actor, place, date and evidence words")
    _common(ev)
    ev.add_argument("--type", dest="types", action="append", default=None,
                    help="PLOVER type (ASSAULT, PROTEST, ...); repeat or comma-separate for several")
    ev.add_argument("--mode", dest="modes", action="append", default=None,
                    help="asserted, negated, intended, demanded, threatened, hypothetical")
    ev.add_argument("--actor", help="words of an actor's name (ترامب, وزارة الخارجية)")
    ev.add_argument("--actor-id", help="an actor's registry id, article-local id or CAMEO code")
    ev.add_argument("--country", help="the actor's country, ISO alpha-3 (USA, EGY)")
    ev.add_argument("--sector", help="the actor's sector (GOV, MIL, REB, CVL, ...)")
    ev.add_argument("--role", default="either", help="the side the actor filters apply to: source, target, either")
    ev.add_argument("--place", help="a country code (USA) or the words of a place name")
    ev.add_argument("--text", help="words of the evidence (the trigger's sentence)")
    ev.add_argument("--min-confidence", help="only events at least this confident (0-1)")
    ev.add_argument("--article", help="only the events of this article id")
    ev.add_argument("--per", default="report", help="report (every report, default) or cluster "
                                                    "(one per real-world event)")
    ev.add_argument("--sort", default="date", help="date (newest first, default), oldest, confidence, relevance")
    ev.set_defaults(handler=cmd_search_events)

    qt = what.add_parser("quotes", help="quotations by speaker or by their words")
    _common(qt)
    qt.add_argument("--speaker", help="words of the speaker's name")
    qt.add_argument("--speaker-id", help="the speaker's registry id or article-local actor id")
    qt.add_argument("--words", help="words of the quotation")
    qt.add_argument("--kind", dest="kinds", action="append", default=None, help="direct, indirect, mixed")
    qt.add_argument("--outlet", help="only quotations of this outlet")
    qt.add_argument("--article", help="only the quotations of this article id")
    qt.add_argument("--sort", default="date", help="date (default), oldest, relevance")
    qt.set_defaults(handler=cmd_search_quotes)

    ar = what.add_parser("articles", help="articles by words, outlet, section and date")
    _common(ar)
    ar.add_argument("words", nargs="?", default=None, help="words to find (all of them; --phrase: in order)")
    ar.add_argument("--outlet", help="only articles of this outlet")
    ar.add_argument("--section", help="only articles of this section")
    ar.add_argument("--sort", default="date", help="date (default), oldest, relevance")
    ar.set_defaults(handler=cmd_search_articles)


def _common(parser) -> None:
    parser.add_argument("--store", required=True, help="the store file (DuckDB), e.g. news.duckdb")
    parser.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
    parser.add_argument("--phrase", action="store_true", help="the words one after the other, not just all of them")
    parser.add_argument("--format", default="table", help="table (default) or json")
    parser.add_argument("--limit", default="20", help="hits per page (1-1000, default 20)")
    parser.add_argument("--offset", default="0", help="hits to skip (paging)")
    add_table_options(parser)


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise RasdError(Code.E024_BAD_QUERY, f"--{name} must be a whole number, got {value!r}") from None


def _float(value: str | None, name: str) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise RasdError(Code.E024_BAD_QUERY, f"--{name} must be a number, got {value!r}") from None


def _format(args) -> str:
    if args.format not in ("table", "json"):
        raise RasdError(Code.E024_BAD_QUERY, f"--format must be table or json, got {args.format!r}")
    return args.format


def _paging(args) -> dict:
    return {"limit": _int(args.limit, "limit"), "offset": _int(args.offset, "offset"),
            "date_from": args.date_from, "date_to": args.date_to, "sort": args.sort}


def _joined(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v for value in values or () for v in value.split(","))


def _run(args, make_query, search, table) -> int:
    """Check the arguments, open the store read-only, search, print; coded errors exit 2."""
    from rasd.store.database import Store

    try:
        fmt = _format(args)
        query = make_query()
        with Store(args.store, read_only=True) as store:
            hits = search(store, query)
    except RasdError as exc:
        if exc.code not in USAGE_CODES:
            raise
        print(f"rasd: {exc.describe()}", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout
    if fmt == "json":
        from rasd.store.search import hits_to_dict

        out.write(json.dumps(hits_to_dict(hits), ensure_ascii=False) + "\n")
    else:
        out.write(table(hits, args, out))
    return EXIT_OK


def cmd_search_events(args) -> int:
    from rasd.store.search import EventQuery, search_events

    def make():
        return EventQuery(types=_joined(args.types), modes=_joined(args.modes), actor=args.actor,
                          actor_id=args.actor_id, country=args.country, sector=args.sector, role=args.role,
                          place=args.place, text=args.text, phrase=args.phrase,
                          min_confidence=_float(args.min_confidence, "min-confidence"), article_id=args.article,
                          per=args.per, **_paging(args))

    return _run(args, make, search_events, events_table)


def cmd_search_quotes(args) -> int:
    from rasd.store.search import QuoteQuery, search_quotes

    def make():
        return QuoteQuery(speaker=args.speaker, speaker_id=args.speaker_id, words=args.words, phrase=args.phrase,
                          kinds=_joined(args.kinds), outlet=args.outlet, article_id=args.article, **_paging(args))

    return _run(args, make, search_quotes, quotes_table)


def cmd_search_articles(args) -> int:
    from rasd.store.search import ArticleQuery, search_articles

    def make():
        return ArticleQuery(words=args.words, phrase=args.phrase, outlet=args.outlet, section=args.section,
                            **_paging(args))

    return _run(args, make, search_articles, articles_table)


# --- tables -------------------------------------------------------------------------------


def _header(what: str, hits) -> str:
    if not hits:
        return f"{what}: none of {hits.total}\n" if hits.total else f"{what}: none\n"
    first = hits.offset + 1
    return f"{what} {first}-{hits.offset + len(hits)} of {hits.total}\n"


def _table(what: str, hits, args, stream, columns, values) -> str:
    """Two rows per hit: `values(hit)` gives the fields and, last, the text for the second row."""
    from rasd.commands import table_style
    from rasd.render import row

    bidi, width = table_style(args, stream)
    lines = [_header(what, hits).rstrip("\n")]
    for hit in hits:
        *fields, text = values(hit)
        lines.append(row(fields, columns, bidi, width, indent=""))
        if text:
            lines.append(row([text], (0,), bidi, width, indent=TEXT_INDENT))
    return "\n".join(lines) + "\n"


def _who(ref) -> str | None:
    if ref is None:
        return None
    return ref.name or ref.mention.text


def _day(value) -> str | None:
    return value.isoformat() if value else None


def events_table(hits, args, stream) -> str:
    def values(h):
        evidence = h.evidence.text if h.evidence else h.trigger.text
        if h.cluster and h.cluster.reports > 1:
            evidence = f"[{h.cluster.sources} sources, {h.cluster.reports} reports] {evidence}"
        place = h.place.text if h.place else h.place_country
        return [_day(h.day), h.type, h.mode, _who(h.source), _who(h.target), place, evidence]

    return _table("events", hits, args, stream, EVENT_COLUMNS, values)


def quotes_table(hits, args, stream) -> str:
    def values(h):
        return [_day(h.day), h.kind, _who(h.speaker) or "?", h.article.outlet, h.article.article_id, h.content.text]

    return _table("quotes", hits, args, stream, QUOTE_COLUMNS, values)


def articles_table(hits, args, stream) -> str:
    def values(h):
        snippet = h.snippet.text if h.snippet else None
        return [_day(h.day), h.article.outlet, h.article.article_id, h.article.title, snippet]

    return _table("articles", hits, args, stream, ARTICLE_COLUMNS, values)
