"""A readable summary of an analysed article for a person at a terminal.

Bidi. The table is written in *logical* order (the order the text is stored in, the order a
file written with `--out` must have) and every cell that holds right-to-left text is wrapped
in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068 … U+2069, UAX #9 §2.4-2.7). A
bidi-aware terminal (VTE/GNOME Terminal, Konsole, mlterm, any editor or browser showing the
file) then lays each Arabic cell out right to left on its own, while the Latin labels and the
column order of the row stay left to right: brackets, diacritics and word order come out
right because nothing was pre-reversed.

Visual order (the cell reordered here with the bidi algorithm, for a terminal that lays every
character left to right, e.g. xterm or a tmux pane) is only used when asked for
(`--bidi visual` or RASD_BIDI=visual) AND the output is a terminal: a file or a pipe always
gets logical order. Measured in tmux 3.3a (`rasd demo` in a 100-column pane, then
`tmux capture-pane -p`): tmux does no bidi itself and keeps the cells in the order written;
FSI, PDI and harakat take no column (a row of 64 display columns holding them does not wrap
in a 64-column pane), so in isolate mode the column after each Arabic cell starts at the same
place on every row and the captured text is the logical Arabic, which reads right wherever it
is pasted; in visual mode the pane shows the cells right to left in a non-bidi terminal, but
the captured text is reversed, i.e. backwards anywhere bidi-aware. The old pre-reversed table
was also 110 columns wide at most (5 of 90 rows over 80: wrapped and scrambled), and
python-bidi's get_display put a shadda on the wrong letter (مُحَمَّد → دَّمَحُم) and left the
brackets unmirrored. Hence logical + isolates by default, visual as an explicit opt-in.

Widths are display widths: combining marks (harakat, shadda) and format characters take no
column, East Asian wide characters two; cells are cut on grapheme boundaries, so a mark is
never separated from its letter, and every row fits the width, so rows never wrap.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence

from rasd.model import Article

BIDI_ISOLATE = "isolate"  # logical order, RTL cells in FSI … PDI (the default)
BIDI_VISUAL = "visual"  # RTL cells reordered for a left-to-right-only terminal
BIDI_OFF = "off"  # logical order, no isolation marks (for tools that choke on them)
BIDI_MODES = (BIDI_ISOLATE, BIDI_VISUAL, BIDI_OFF)
BIDI_ENV = "RASD_BIDI"
FSI, PDI = "\u2068", "\u2069"
ELLIPSIS = "…"
EMPTY = "—"
GAP = "  "  # between columns
DEFAULT_WIDTH = 100  # columns of a row when the output is not a terminal
MIN_LAST = 8  # columns the last cell of a row keeps however narrow the row
MIN_WIDTH = 60  # below this the columns stop making sense; rows are cut to it instead
RTL_CLASSES = frozenset({"R", "AL"})
ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
WIDE = frozenset({"W", "F"})
# Embeddings, overrides and isolates inside a cell would leak into the rest of the row; a
# cell's own text never needs them, so they are removed before the cell is isolated.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def resolve_bidi(requested: str | None, stream) -> str:
    """The bidi mode for `stream`: the flag, else RASD_BIDI, else isolate; never visual into a file."""
    mode = requested or os.environ.get(BIDI_ENV, "").strip().lower() or BIDI_ISOLATE
    if mode not in BIDI_MODES:
        mode = BIDI_ISOLATE
    if mode == BIDI_VISUAL and not _is_terminal(stream):
        return BIDI_ISOLATE
    return mode


def terminal_width(stream) -> int:
    """Columns rows may use: the terminal's width, or DEFAULT_WIDTH for files and pipes."""
    if not _is_terminal(stream):
        return DEFAULT_WIDTH
    import shutil

    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns - 1)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- widths -------------------------------------------------------------------------------


def char_width(ch: str) -> int:
    if unicodedata.category(ch) in ZERO_WIDTH_CATEGORIES:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in WIDE else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clusters(text: str) -> list[str]:
    """Base characters each with the zero-width marks that follow it (what a terminal cell holds)."""
    out: list[str] = []
    for ch in text:
        if out and char_width(ch) == 0 and unicodedata.category(ch) != "Cf":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def fit(text: str, width: int) -> str:
    """`text` on one line, cut to `width` columns (with …) on a grapheme boundary."""
    text = " ".join(text.translate(BIDI_CONTROLS).split())
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for cluster in clusters(text):
        w = display_width(cluster)
        if used + w > width - 1:
            break
        kept.append(cluster)
        used += w
    return "".join(kept).rstrip() + ELLIPSIS


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in RTL_CLASSES for ch in text)


# --- bidi ---------------------------------------------------------------------------------


def visual_order(text: str) -> str:
    """One line reordered for a terminal that lays every cell left to right.

    The levels come from python-bidi's UBA; the reordering (L2) is done here on grapheme
    clusters, so a haraka stays after its own letter (UAX #9 L3), and brackets at RTL levels
    are mirrored (L4): python-bidi's own get_display does neither for combining marks.
    """
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = algorithm.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    units: list[tuple[int, str]] = []  # (level, cluster)
    for _ch in storage["chars"]:
        ch, level = _ch["ch"], _ch["level"]
        if level % 2 and ch in algorithm.MIRRORED:
            ch = algorithm.MIRRORED[ch]
        if units and char_width(ch) == 0 and unicodedata.category(ch) != "Cf":
            units[-1] = (units[-1][0], units[-1][1] + ch)
        else:
            units.append((level, ch))
    if not units:
        return text
    highest = max(level for level, _ in units)
    lowest_odd = min((level for level, _ in units if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(units):
            if units[i][0] >= level:
                j = i
                while j < len(units) and units[j][0] >= level:
                    j += 1
                units[i:j] = units[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(cluster for _, cluster in units)


def cell(text: str | None, width: int, bidi: str, pad: bool = True) -> str:
    """One table cell: fitted to `width` columns, bidi-treated, padded outside any isolate."""
    value = fit(text, width) if text else EMPTY
    used = display_width(value)
    if has_rtl(value):
        if bidi == BIDI_ISOLATE:
            value = FSI + value + PDI
        elif bidi == BIDI_VISUAL:
            value = visual_order(value)
    return value + " " * (width - used) if pad else value


def row(values: Sequence[str | None], widths: Sequence[int], bidi: str, total: int, indent: str = "  ") -> str:
    """A row of cells; the last one gets the rest of `total`, so the row never exceeds it."""
    fixed = list(widths[:-1])
    budget = total - len(indent) - len(GAP) * (len(values) - 1)
    # On a narrow terminal the widest fixed column gives way, until the last one has room.
    while sum(fixed) + MIN_LAST > budget and max(fixed, default=1) > 1:
        widest = fixed.index(max(fixed))
        fixed[widest] = max(1, fixed[widest] - (sum(fixed) + MIN_LAST - budget))
    rest = max(1, budget - sum(fixed))
    cells = [cell(v, w, bidi) for v, w in zip(values[:-1], fixed, strict=True)]
    cells.append(cell(values[-1], rest, bidi, pad=False))
    return indent + GAP.join(cells)


# --- the article table --------------------------------------------------------------------

LABEL = 11
ENTITY_COLUMNS = (5, 0)  # type, text
ACTOR_COLUMNS = (12, 4, 4, 30, 0)  # kind, country, sector, name, role
QUOTE_COLUMNS = (8, 22, 0, 18)  # kind, speaker, content, via (content gets the rest)
EVENT_COLUMNS = (10, 12, 20, 20, 14, 0)  # type, mode (hypothetical), source, target, trigger, date


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"{title} ({len(lines)})", "-" * (len(title) + 6), *lines]


def _header(article: Article, bidi: str, width: int) -> list[str]:
    meta = article.meta

    def line(label: str, value: str | None) -> str:
        return row([label, value], (LABEL, 0), bidi, width, indent="")

    size = f"{len(article.text)} chars, {len(article.sentences)} sentences, {len(article.tokens)} tokens"
    return ["=" * width, line("id", meta.id), line("title", meta.title), line("section", meta.section),
            line("outlet", meta.outlet), line("byline", meta.byline), line("published", meta.published),
            line("language", article.language), line("size", size)]


def _names(article: Article) -> dict[str, str]:
    return {a.id: a.name for a in article.actors}


def _who(article: Article, span, names: dict[str, str]) -> str | None:
    if span is None:
        return None
    return (names.get(span.actor) if span.actor else None) or article.span_text(span)


def _quote_row(article: Article, q, names: dict[str, str], bidi: str, width: int) -> str:
    via = " ← ".join(article.span_text(v) for v in q.via) or None
    widths = QUOTE_COLUMNS
    # content is the wide column but not the last: give it what the others leave.
    content = max(10, width - 2 - widths[0] - widths[1] - widths[3] - len(GAP) * 3)
    values = [q.kind, _who(article, q.speaker, names) or "?", article.span_text(q.content), via]
    return row(values, (widths[0], widths[1], content, widths[3]), bidi, width)


def render_table(article: Article, bidi: str = BIDI_ISOLATE, width: int = DEFAULT_WIDTH) -> str:
    """The article as a table of `width` columns; `bidi` is one of BIDI_MODES."""
    width = max(MIN_WIDTH, width)
    names = _names(article)
    entities = [row([e.type, article.span_text(e)], ENTITY_COLUMNS, bidi, width) for e in article.entities]
    actors = [row([a.kind, a.country, a.sector, a.name, a.role], ACTOR_COLUMNS, bidi, width) for a in article.actors]
    quotes = [_quote_row(article, q, names, bidi, width) for q in article.quotes]
    events = [row([e.type, e.mode, _who(article, e.source, names), _who(article, e.target, names),
                   article.span_text(e.trigger), e.date], EVENT_COLUMNS, bidi, width) for e in article.events]
    warnings = [row([w.code.value, w.message], (5, 0), bidi, width) for w in article.warnings]
    lines = _header(article, bidi, width)
    lines += _section("entities", entities)
    lines += _section("actors", actors)
    lines += _section("quotations", quotes)
    lines += _section("events", events)
    lines += _section("warnings", warnings)
    return "\n".join(lines) + "\n"
