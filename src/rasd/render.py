"""A readable summary of an analysed article for a person at a terminal.

Terminals lay text out left to right; Arabic lines are reordered with the Unicode bidi
algorithm (python-bidi) so they read correctly, unless the terminal does bidi itself.
"""

from __future__ import annotations

from rasd.model import Article

MAX_CELL = 70


def visual(text: str, bidi: bool) -> str:
    if not bidi:
        return text
    from bidi import get_display

    return get_display(text)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _row(label: str, value: str | None, bidi: bool) -> str:
    return f"{label:<12} {visual(_clip(value), bidi) if value else '—'}"


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"{title} ({len(lines)})", "-" * (len(title) + 6), *lines]


def _header(article: Article, bidi: bool) -> list[str]:
    meta = article.meta
    return [
        "=" * 78,
        _row("id", meta.id, False),
        _row("title", meta.title, bidi),
        _row("section", meta.section, bidi),
        _row("outlet", meta.outlet, bidi),
        _row("byline", meta.byline, bidi),
        _row("published", meta.published, False),
        _row("language", article.language, False),
        f"{'size':<12} {len(article.text)} chars, {len(article.sentences)} sentences, {len(article.tokens)} tokens",
    ]


def _entity_lines(article: Article, bidi: bool) -> list[str]:
    return [f"  {e.type:<5} {visual(article.span_text(e), bidi)}" for e in article.entities]


def _actor_lines(article: Article, bidi: bool) -> list[str]:
    return [f"  {a.kind:<12} {a.country or '—':<4} {a.sector or '—':<4} {visual(a.name, bidi)}"
            + (f"  [{visual(a.role, bidi)}]" if a.role else "") for a in article.actors]


def _quote_lines(article: Article, bidi: bool) -> list[str]:
    names = {a.id: a.name for a in article.actors}
    lines = []
    for q in article.quotes:
        who = names.get(q.speaker.actor) if q.speaker and q.speaker.actor else None
        who = who or (article.span_text(q.speaker) if q.speaker else "?")
        via = " ← ".join(article.span_text(v) for v in q.via)
        lines.append(f"  {q.kind:<8} {visual(who, bidi)}: {visual(_clip(article.span_text(q.content)), bidi)}"
                     + (f"  via {visual(via, bidi)}" if via else ""))
    return lines


def _event_lines(article: Article, bidi: bool) -> list[str]:
    names = {a.id: a.name for a in article.actors}

    def who(span) -> str:
        return visual(names.get(span.actor) or article.span_text(span), bidi) if span else "—"

    return [f"  {e.type:<10} {e.mode:<10} {who(e.source)} → {who(e.target)}  "
            f"[{visual(article.span_text(e.trigger), bidi)}] {e.date or ''}" for e in article.events]


def render_table(article: Article, bidi: bool = True) -> str:
    lines = _header(article, bidi)
    lines += _section("entities", _entity_lines(article, bidi))
    lines += _section("actors", _actor_lines(article, bidi))
    lines += _section("quotations", _quote_lines(article, bidi))
    lines += _section("events", _event_lines(article, bidi))
    lines += _section("warnings", [f"  {w.code.value} {w.message}" for w in article.warnings])
    return "\n".join(lines) + "\n"
