"""The `entities` pipeline stage: tag each sentence's tokens with the CRF and add `Entity`
spans whose start excludes proclitics (وواشنطن → واشنطن)."""

from __future__ import annotations

from rasd.entities.align import LAM_ARTICLE
from rasd.entities.consistency import propagate_names, restore_split_names
from rasd.entities.quoted import mark_quoted_names
from rasd.entities.tagger import CrfTagger
from rasd.model import Article, Entity, Token
from rasd.pipeline import register
from rasd.settings import Settings

_TAGGER: CrfTagger | None = None
_TAGGER_PATH: str | None = None


def get_tagger(path: str | None = None) -> CrfTagger:
    """The tagger, loaded once per process (and per model path)."""
    global _TAGGER, _TAGGER_PATH
    if _TAGGER is None or path != _TAGGER_PATH:
        _TAGGER = CrfTagger.load(path)
        _TAGGER_PATH = path
    return _TAGGER


def _entity_start(tok: Token) -> int:
    if tok.stem_start < 0:
        return tok.start
    # ل + ال written لل (للحكومة): the span keeps the second ل (لحكومة), as the annotated news do.
    if tok.stem_start > tok.start and tok.has_article and tok.proclitics.endswith(LAM_ARTICLE):
        return tok.stem_start - 1
    return tok.stem_start


def entities_from_labels(tokens: list[Token], labels: list[str], first_index: int = 0) -> list[Entity]:
    """Turn BIO labels over `tokens` into Entity spans (conlleval chunking: an I- that does not
    continue a chunk of its type starts one)."""
    out: list[Entity] = []
    start_i = -1
    kind = ""

    def close(end_i: int) -> None:
        first, last = tokens[start_i], tokens[end_i]
        out.append(Entity(start=_entity_start(first), end=last.end, type=kind,
                          id=f"e{first_index + len(out)}"))  # type: ignore[arg-type]

    for i, lab in enumerate(labels):
        if lab == "O":
            if start_i >= 0:
                close(i - 1)
            start_i, kind = -1, ""
            continue
        prefix, _, typ = lab.partition("-")
        if prefix == "B" or typ != kind or start_i < 0:
            if start_i >= 0:
                close(i - 1)
            start_i, kind = i, typ
    if start_i >= 0:
        close(len(labels) - 1)
    return out


def tag_article(article: Article, tagger: CrfTagger) -> None:
    text = article.text
    entities: list[Entity] = []
    sentences = article.sentences or []
    if sentences:
        groups: list[list[Token]] = [[] for _ in sentences]
        for tok in article.tokens:
            si = article.sentence_of(tok.start)
            if si >= 0:
                groups[si].append(tok)
    else:
        groups = [list(article.tokens)]
    groups = [g for g in groups if g]
    # The whole article at once: the tagger uses how a name was labelled nearby.
    labelled = tagger.tag_document([[text[t.start : t.end] for t in toks] for toks in groups])
    for toks, labels in zip(groups, labelled, strict=True):
        entities.extend(entities_from_labels(toks, labels, first_index=len(entities)))
    article.entities = entities
    restore_split_names(article, [t for toks in groups for t in toks])
    propagate_names(article, groups)
    mark_quoted_names(article, groups)


@register("entities", needs=("sentences", "tokens"), adds=("entities",))
def entities_stage(settings: Settings):
    path = settings.ner_model
    tagger = get_tagger(path)

    def run(article: Article, settings: Settings) -> None:
        tag_article(article, tagger)

    return run
