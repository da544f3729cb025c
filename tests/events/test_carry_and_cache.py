"""Carried arguments (an actor named a few sentences back) and the per-token feature cache:
behaviour on sentences written for these tests."""

from __future__ import annotations

from rasd.events import features
from rasd.events.stage import by_sentence, quotes_by_sentence
from rasd.events.view import CARRY_SENTENCES, carry_into, sentence_view

from .conftest import build_article

TEXT = ("وصل وزير الخارجية الروسي إلى القاهرة صباح اليوم. والتقى نظيره المصري في مقر الوزارة. "
        "وبحث الجانبان الأوضاع في المنطقة. وأعلن عن اتفاق جديد للتعاون.")


def _views(article):
    tokens = by_sentence(article, article.tokens)
    entities = by_sentence(article, article.entities)
    quotes = quotes_by_sentence(article)
    views = []
    for i in range(len(article.sentences)):
        view = sentence_view(article, i, tokens[i], entities[i], quotes[i])
        carry_into(view, {}, views)
        views.append(view)
    return views


def test_earlier_mentions_come_from_up_to_carry_sentences_back_with_their_distance():
    article = build_article(TEXT)
    views = _views(article)
    last = views[-1]
    assert len(last.earlier) == len(last.earlier_back)
    assert last.earlier_back == sorted(last.earlier_back, reverse=True)  # text order: farthest first
    assert all(1 <= back <= CARRY_SENTENCES for back in last.earlier_back)
    assert CARRY_SENTENCES >= 2
    # the Russian minister of the first sentence is carried into the fourth (three back)
    named = [article.text[m.start: m.end] for m, back in zip(last.earlier, last.earlier_back, strict=True) if back == 3]
    assert any("الروسي" in n for n in named), named
    assert views[0].earlier == [] and views[0].earlier_back == []


def test_the_token_cache_gives_the_features_computed_afresh():
    article = build_article("قصفت الطائرات مواقع المسلحين. وقصفت الطائرات مواقع المسلحين مرة أخرى.")
    views = _views(article)
    cached = [features.sentence_features(v) for v in views]
    features._TOKEN_CACHE.clear()
    fresh = [features.sentence_features(v) for v in views]
    assert cached == fresh
    # a repeated word (الطائرات, second in both sentences) has the same word-level features
    first = {f for f in cached[0][1] if f.startswith(("w=", "s=", "c0=", "c1="))}
    second = {f for f in cached[1][1] if f.startswith(("w=", "s=", "c0=", "c1="))}
    assert first and first == second
