"""The `quotes` pipeline stage: quotations with their cue, speaker (linked to its actor)
and via chain, in text order with stable ids."""

from __future__ import annotations

from rasd.model import Article, Quote
from rasd.pipeline import register
from rasd.quotes.drafts import Draft
from rasd.quotes.linking import actor_span
from rasd.quotes.outlets import name_key, own_names
from rasd.quotes.reading import find_drafts
from rasd.quotes.words import Doc, build_doc
from rasd.settings import Settings


def _to_quote(article: Article, doc: Doc, draft: Draft, index: int) -> Quote:
    speaker = None
    if draft.speaker is not None:
        first, last = doc.words[draft.speaker.first], doc.words[draft.speaker.last]
        start = first.name_start(doc.lex.proclitics)
        speaker = actor_span(article, start, last.end, draft.speaker.anonymous)
    own = own_names(article.meta.outlet)
    via = [actor_span(article, m.span.start, m.span.end) for m in draft.via
           if name_key(m.span.text_in(article.text)) not in own]
    return Quote(f"q{index}", draft.content.kind, draft.content.span, draft.cue, speaker, via)  # type: ignore[arg-type]


def find_quotes(article: Article) -> list[Quote]:
    doc = build_doc(article)
    drafts = sorted(find_drafts(doc), key=lambda d: (d.content.span.start, d.content.span.end))
    return [_to_quote(article, doc, d, i) for i, d in enumerate(drafts, 1)]


@register("quotes", needs=("sentences", "tokens", "entities"), adds=("quotes",))
def quotes_stage(settings: Settings):
    def run(article: Article, settings: Settings) -> None:
        article.quotes = find_quotes(article)

    return run
