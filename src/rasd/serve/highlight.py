"""The article text as HTML with every fact marked at its exact characters.

Entities, quotation contents, speakers, cues and event triggers are spans of the article
text that may nest (an entity inside a quotation) or cross (a quotation ending inside a
name). HTML elements must nest, so the text is cut at every span boundary and, for each
piece, the spans covering it are opened outermost first; a span crossed by another is closed
and reopened, and each element says which characters it covers (`data-start`, `data-end`),
so that its text in the browser can be checked against the article. Every string is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from rasd.model import Actor, Article

# Nesting order of spans that start and end at the same characters: the quotation holds its
# speaker and cue, a speaker is usually also an entity, a trigger sits innermost.
KIND_ORDER = {"quote": 0, "speaker": 1, "cue": 2, "entity": 3, "trigger": 4}
CONFIDENCE_DIGITS = 2


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: its kind, a key unique in the article, and what to show."""

    start: int
    end: int
    kind: str
    key: str
    css: str
    info: tuple[tuple[str, str], ...]  # (label, value) pairs shown on hover / selection
    anchor: str | None = None  # the element id its list entry links to

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.start, -self.end, KIND_ORDER[self.kind])


@dataclass(slots=True)
class _Node:
    mark: Mark | None
    start: int
    end: int = -1
    children: list[_Node | tuple[int, int]] = field(default_factory=list)
    first: bool = True


def actor_label(actor: Actor | None) -> str:
    if actor is None:
        return ""
    parts = [p for p in (actor.kind, actor.country, actor.sector, actor.role) if p]
    return f"{actor.name} ({', '.join(parts)})" if parts else actor.name


def article_marks(article: Article) -> list[Mark]:
    actors = {a.id: a for a in article.actors}

    def actor_of(actor_id: str | None) -> str:
        return actor_label(actors.get(actor_id)) if actor_id else ""

    marks: list[Mark] = []
    for i, entity in enumerate(article.entities):
        key = f"ent-{entity.id or i}"
        marks.append(Mark(entity.start, entity.end, "entity", key, f"ent ent-{entity.type}",
                          (("النوع", entity.type), ("الفاعل", actor_of(entity.actor)),
                           ("الثقة", _confidence(entity.confidence))), anchor=key))
    for quote in article.quotes:
        speaker = actor_of(quote.speaker.actor) if quote.speaker else ""
        marks.append(Mark(quote.content.start, quote.content.end, "quote", f"q-{quote.id}", "quote",
                          (("اقتباس", quote.kind), ("المتحدث", speaker or _span_text(article, quote.speaker))),
                          anchor=f"q-{quote.id}"))
        if quote.cue is not None:
            marks.append(Mark(quote.cue.start, quote.cue.end, "cue", f"cue-{quote.id}", "cue",
                              (("فعل القول", quote.kind),)))
        if quote.speaker is not None and quote.speaker.end > quote.speaker.start:
            label = speaker or ("مجهول" if quote.speaker.anonymous else "")
            marks.append(Mark(quote.speaker.start, quote.speaker.end, "speaker", f"sp-{quote.id}", "speaker",
                              (("المتحدث", label),)))
    for event in article.events:
        marks.append(Mark(event.trigger.start, event.trigger.end, "trigger", f"ev-{event.id}", "trigger",
                          (("الحدث", event.type), ("الصيغة", event.mode),
                           ("المصدر", actor_of(event.source.actor) if event.source else ""),
                           ("الهدف", actor_of(event.target.actor) if event.target else ""),
                           ("الثقة", _confidence(event.confidence))), anchor=f"ev-{event.id}"))
    size = len(article.text)
    return sorted((m for m in marks if 0 <= m.start < m.end <= size), key=lambda m: m.order)


def _confidence(value: float) -> str:
    return f"{value:.{CONFIDENCE_DIGITS}f}"


def _span_text(article: Article, span) -> str:
    return article.span_text(span) if span is not None else ""


def _tree(text: str, marks: list[Mark]) -> _Node:
    """The nested elements of the text: pieces of text and open/close of marks."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    root = _Node(None, 0, len(text))
    stack: list[_Node] = [root]
    seen: set[str] = set()
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [m for m in marks if m.start <= left and right <= m.end]  # marks are sorted: outermost first
        keep = 1
        while keep < len(stack) and keep - 1 < len(active) and stack[keep].mark is active[keep - 1]:
            keep += 1
        for node in stack[keep:]:
            node.end = left
        del stack[keep:]
        for mark in active[keep - 1:]:
            node = _Node(mark, left, first=mark.key not in seen)
            seen.add(mark.key)
            stack[-1].children.append(node)
            stack.append(node)
        stack[-1].children.append((left, right))
    for node in stack[1:]:
        node.end = len(text)
    return root


def _render(node: _Node, text: str, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, tuple):
            out.append(str(escape(text[child[0]:child[1]])))
            continue
        mark = child.mark
        assert mark is not None
        title = " · ".join(f"{label}: {value}" for label, value in mark.info if value)
        attrs = [("class", f"hl {mark.css}"), ("data-kind", mark.kind), ("data-key", mark.key),
                 ("data-start", str(child.start)), ("data-end", str(child.end)), ("title", title),
                 ("tabindex", "0")]
        attrs.append(("data-info", "\n".join(f"{label}: {value}" for label, value in mark.info if value)))
        if mark.anchor and child.first:
            attrs.append(("id", mark.anchor))
        out.append("<span " + " ".join(f'{name}="{escape(value)}"' for name, value in attrs) + ">")
        _render(child, text, out)
        out.append("</span>")


def highlighted_text(article: Article) -> Markup:
    """The article text as escaped HTML, every mark of `article_marks` a <span>."""
    out: list[str] = []
    _render(_tree(article.text, article_marks(article)), article.text, out)
    return Markup("".join(out))
