"""Training the quotation models from the annotated news articles (../shared/data/
news-annotated/train.json): the CRF tagger on gold cue and content offsets, the speaker
ranker on candidates around each gold quotation (gold cue and content, the gold speakers of
the quotations before), the via classifier on the media candidates of each gold quotation."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rasd.evaluation.gold import GoldDocument
from rasd.evaluation.quotes import names_match
from rasd.lookup import actors_by_id
from rasd.model import ActorSpan, Article
from rasd.quotes import antecedents
from rasd.quotes import tagger as tagging
from rasd.quotes.linear import LinearModel
from rasd.quotes.linking import entity_under
from rasd.quotes.reading import (
    LINKER_FILE,
    SPEAKER_FILE,
    TAGGER_FILE,
    TAGGER_SETTINGS_FILE,
    VIA_FILE,
    is_continuation,
)
from rasd.quotes.speakers import Anchor, Earlier, candidates
from rasd.quotes.speakers import features as speaker_features
from rasd.quotes.via import features as via_features
from rasd.quotes.via import media_candidates
from rasd.quotes.view import SentenceView, build_views
from rasd.text import normalize_word

# A cue word of the training articles that is a cue at least this share of the times it occurs
# makes a sentence worth tagging (chosen on dev: the sentences it skips held no dev quotation).
MIN_TRIGGER_RATE = 0.05


@dataclass(slots=True)
class Examples:
    sequences: list[tuple[list[list[str]], list[str]]] = field(default_factory=list)
    speaker_rows: list[list[str]] = field(default_factory=list)
    speaker_labels: list[int] = field(default_factory=list)
    via_rows: list[list[str]] = field(default_factory=list)
    via_labels: list[int] = field(default_factory=list)
    link_rows: list[list[str]] = field(default_factory=list)
    link_labels: list[int] = field(default_factory=list)


def cue_vocabulary(docs: Sequence[tuple[GoldDocument, Article]]) -> tuple[frozenset[str], frozenset[str]]:
    """The words the training articles use as cues (a feature of the tagger), and those of
    them that make a sentence worth tagging: the ones a cue at least MIN_TRIGGER_RATE of the
    times they occur (في of في بيان is a cue 3 times in 3,000 and would make every sentence one)."""
    cues: Counter[str] = Counter()
    for doc, _ in docs:
        for q in doc.record.get("quotes", []):
            if q.get("cue_start") is not None:
                cues.update(normalize_word(w) for w in doc.raw[q["cue_start"] : q["cue_end"]].split())
    seen: Counter[str] = Counter()
    for _, article in docs:
        seen.update(w for w in (normalize_word(article.text[t.start : t.end]) for t in article.tokens) if w in cues)
    triggers = frozenset(w for w, n in cues.items() if n >= MIN_TRIGGER_RATE * seen[w])
    return frozenset(cues), triggers


def _words_over(view: SentenceView, start: int, end: int) -> list[int]:
    return [w.index for w in view.words if w.start < end and start < w.end and w.kind != "punct"]


def _view_of(views: list[SentenceView], offset: int) -> SentenceView | None:
    return next((v for v in views if v.start <= offset < v.end), None)


def _names(article: Article, span: ActorSpan) -> list[str]:
    names = [article.text[span.start : span.end]]
    names.extend(a.name for a in article.actors if span.actor is not None and a.id == span.actor)
    return names


def _speaker_examples(article: Article, view: SentenceView, anchor: Anchor, q: dict, earlier: list[Earlier],
                      gold_names: dict[tuple[int, int], str], out: Examples) -> None:
    pool = candidates(article, view, anchor, earlier)
    labels = []
    for c in pool:
        if c.previous is not None:
            right = q.get("speaker_start") is None and q.get("speaker") is not None and \
                gold_names.get((c.start, c.end)) == q["speaker"]
        else:
            right = q.get("speaker_start") is not None and c.start < q["speaker_end"] and q["speaker_start"] < c.end
        labels.append(int(right))
    if not any(labels):
        return  # the gold speaker is not among the candidates: nothing to learn from here
    for c, label in zip(pool, labels, strict=True):
        out.speaker_rows.append(speaker_features(article, view, anchor, c, pool))
        out.speaker_labels.append(label)


def _link_examples(article: Article, view: SentenceView, q: dict, found: list[antecedents.Mention],
                   spoke: set[str], out: Examples) -> None:
    """A gold speaker phrase with no name in it: keep it, or which named actor it stands for."""
    span = _words_over(view, q["speaker_start"], q["speaker_end"])
    gold = q.get("speaker")
    if not span or not gold or not antecedents.needs_link(view.words, span[0], span[-1]):
        return
    first, last = span[0], span[-1]
    pool = antecedents.candidates(found, view.index, view.words[first].start)
    by_id = actors_by_id(article)
    labels = []
    for c in pool:
        if c.mention is None:
            names = [article.text[q["speaker_start"] : q["speaker_end"]]]
        else:
            actor = by_id.get(c.mention.actor)
            e = article.entities[c.mention.entity]
            names = [article.text[e.start : e.end]] + ([actor.name] if actor is not None else [])
        labels.append(int(names_match(names, gold)))
    if not any(labels):
        return
    for c, label in zip(pool, labels, strict=True):
        out.link_rows.append(antecedents.features(article, view.words, first, last, view.index, c,
                                                  frozenset(spoke), pool))
        out.link_labels.append(label)


def _via_examples(article: Article, view: SentenceView, anchor: Anchor, q: dict, previous_via: list[ActorSpan],
                  out: Examples, fresh: bool) -> list[ActorSpan]:
    speaker = (q["speaker_start"], q["speaker_end"]) if q.get("speaker_start") is not None else None
    kept = []
    for c in media_candidates(article, view, anchor, previous_via, fresh):
        span = c.inherited or ActorSpan(c.start, c.end)
        right = any(names_match(_names(article, span), g) for g in q.get("via") or ())
        out.via_rows.append(via_features(view, anchor, c, speaker, is_continuation(view, anchor)))
        out.via_labels.append(int(right))
        if right:
            kept.append(span)
    return kept


def _document_examples(doc: GoldDocument, article: Article, cue_words: frozenset[str], out: Examples) -> None:
    views = build_views(article)
    quotes = sorted(doc.record.get("quotes", []), key=lambda q: q["content_start"])
    older = bool(doc.record.get("older_format"))
    for view in views:
        if not view.words or not tagging.may_quote(view, cue_words):
            continue
        inside = [q for q in quotes if view.start <= q["content_start"] < view.end]
        if older:
            inside = [{**q, "cue_start": None} for q in inside]
        out.sequences.append((tagging.word_features(view.words, cue_words), tagging.gold_labels(view, inside)))
    if older:
        return  # no cue or speaker offsets to learn speakers from
    earlier: list[Earlier] = []
    found = antecedents.mentions(views, article)
    spoke: set[str] = set()
    gold_names: dict[tuple[int, int], str] = {}
    previous_via: list[ActorSpan] = []
    fresh = True
    for q in quotes:
        view = _view_of(views, q["content_start"])
        if view is None:
            continue
        content = _words_over(view, q["content_start"], q["content_end"])
        cue = _words_over(view, q["cue_start"], q["cue_end"]) if q.get("cue_start") is not None else []
        if not content:
            continue
        anchor = Anchor(cue[0] if cue else -1, cue[-1] if cue else -1, content[0], content[-1])
        _speaker_examples(article, view, anchor, q, earlier, gold_names, out)
        via = _via_examples(article, view, anchor, q, previous_via, out, fresh)
        fresh = bool(via) or not previous_via
        previous_via = via or previous_via
        if q.get("speaker_start") is not None:
            _link_examples(article, view, q, found, spoke, out)
            entity = entity_under(article, q["speaker_start"], q["speaker_end"])
            if entity is not None and entity.actor:
                spoke.add(entity.actor)
            span = ActorSpan(q["speaker_start"], q["speaker_end"])
            gold_names[(span.start, span.end)] = q.get("speaker") or ""
            earlier.append(Earlier(span, view.index, view.paragraph))
        else:
            again = next((e for e in reversed(earlier) if gold_names.get((e.speaker.start, e.speaker.end))
                          == q.get("speaker")), None)
            if again is not None:
                earlier.append(Earlier(again.speaker, view.index, view.paragraph))


def train_quotes(docs: Sequence[tuple[GoldDocument, Article]], out: Path, seed: int) -> str:
    """Fits the three models on prepared (gold, article) pairs and writes them to `out`."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    cue_words, trigger_words = cue_vocabulary(docs)
    examples = Examples()
    for doc, article in docs:
        _document_examples(doc, article, cue_words, examples)
    tagging.QuoteTagger.fit(examples.sequences, str(out / TAGGER_FILE))
    settings = {"cue_words": sorted(cue_words), "trigger_words": sorted(trigger_words), "open_threshold": tagging.OPEN_THRESHOLD,
                "cue_threshold": tagging.CUE_THRESHOLD}
    (out / TAGGER_SETTINGS_FILE).write_text(json.dumps(settings, ensure_ascii=False, indent=0), encoding="utf-8")
    LinearModel.fit(examples.speaker_rows, examples.speaker_labels, seed).save(out / SPEAKER_FILE)
    LinearModel.fit(examples.via_rows, examples.via_labels, seed).save(out / VIA_FILE)
    LinearModel.fit(examples.link_rows, examples.link_labels, seed).save(out / LINKER_FILE)
    seconds = time.perf_counter() - started
    return (f"quotes: {len(docs)} articles, {len(examples.sequences)} tagged sentences, "
            f"{len(examples.speaker_rows)} speaker candidates ({sum(examples.speaker_labels)} right), "
            f"{len(examples.via_rows)} via candidates ({sum(examples.via_labels)} right), "
            f"{len(examples.link_rows)} antecedent candidates ({sum(examples.link_labels)} right); "
            f"trained in {seconds:.0f} s; wrote {out}")

