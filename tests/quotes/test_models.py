"""The learned parts: the shipped models load without ../shared, the linear scorer learns
and round-trips, a title phrase finds the person it names, training runs end to end."""

from __future__ import annotations

import json

import pytest

from rasd.errors import Code, RasdError
from rasd.evaluation.gold import GoldDocument
from rasd.model import Article, Entity
from rasd.quotes.linear import LinearModel
from rasd.quotes.reading import MODEL_FILES, QuoteModels, read_quotes
from rasd.quotes.titles import person_for_title, titled_names
from rasd.quotes.view import build_views
from rasd.text import split_sentences, tokenize


def test_shipped_models_load():
    models = QuoteModels.load()
    assert models.tagger.cue_words and models.speakers.model.weights and models.via.model.weights


def test_a_missing_model_is_a_coded_error(tmp_path):
    with pytest.raises(RasdError) as caught:
        QuoteModels.load(tmp_path)
    assert caught.value.code == Code.E014_MODEL_MISSING


def test_linear_model_learns_and_round_trips(tmp_path):
    rows = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]] * 5
    labels = [1, 1, 0, 0] * 5
    model = LinearModel.fit(rows, labels, seed=3)
    assert model.probability(["a"]) > 0.5 > model.probability(["b"])
    model.save(tmp_path / "m.json")
    again = LinearModel.from_json(json.loads((tmp_path / "m.json").read_text(encoding="utf-8")))
    assert again.score(["a", "x"]) == pytest.approx(model.score(["a", "x"]))


def _article(text: str, people: list[str]) -> Article:
    article = Article(text=text)
    article.sentences = split_sentences(text)
    article.tokens = tokenize(text)
    for name in people:
        start = text.index(name)
        article.entities.append(Entity(start, start + len(name), "PER", actor=f"actor-{name}"))
    return article


def test_a_title_phrase_names_the_person_it_titles():
    text = ("التقى الرئيس الفرنسي إيمانويل ماكرون نظيره الغاني. "
            "وقال الرئيس الفرنسي إن الزيارة ناجحة.")
    article = _article(text, ["إيمانويل ماكرون"])
    views = build_views(article)
    words = views[1].words
    first = next(i for i, w in enumerate(words) if w.text == "الرئيس")
    assert person_for_title(article, words, first, first + 1, titled_names(views)) == "actor-إيمانويل ماكرون"
    other = next(i for i, w in enumerate(words) if w.text == "الزيارة")
    assert person_for_title(article, words, other, other, titled_names(views)) is None


def _gold_document(n: int) -> tuple[GoldDocument, Article]:
    said = f"وقال وزير المالية سمير حداد إن العجز تراجع {n} بالمئة، بحسب وكالة «الأنباء»."
    plain = "وارتفعت أسعار الخبز في الأسواق."
    text = said + " " + plain
    content = text.index("إن العجز")
    record = {"docno": f"T-{n}", "text": text, "quotes": [{
        "kind": "indirect", "content_start": content, "content_end": text.index("،"),
        "content": text[content : text.index("،")], "cue": "قال", "cue_start": 1, "cue_end": 4,
        "speaker": "سمير حداد", "speaker_anonymous": False, "via": ["الأنباء"],
        "speaker_text": "سمير حداد", "speaker_start": text.index("سمير"), "speaker_end": text.index(" إن")}]}
    article = _article(text, ["سمير حداد"])
    return GoldDocument(record["docno"], text, True, record, ()), article


def test_training_writes_models_that_read_quotations(tmp_path):
    from rasd.quotes.train import train_quotes

    report = train_quotes([_gold_document(n) for n in range(1, 9)], tmp_path, seed=5)
    assert "trained" in report
    assert all((tmp_path / name).exists() for name in MODEL_FILES)
    models = QuoteModels.load(tmp_path)
    _, article = _gold_document(42)
    quotes = read_quotes(article, models)
    assert quotes and "العجز" in article.span_text(quotes[0].content)
