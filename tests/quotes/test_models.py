"""The learned parts: the shipped models load without ../shared, the linear scorer learns
and round-trips, a title phrase's antecedents are the article's named actors, training runs
end to end."""

from __future__ import annotations

import json

import pytest

from rasd.errors import Code, RasdError
from rasd.evaluation.gold import GoldDocument
from rasd.model import Article, Entity
from rasd.quotes.antecedents import candidates, mentions
from rasd.quotes.linear import LinearModel
from rasd.quotes.reading import MODEL_FILES, QuoteModels, read_quotes
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


def test_a_title_phrase_competes_among_the_named_actors_and_keep():
    text = ("التقى الرئيس الفرنسي إيمانويل ماكرون نظيره الغاني جون ماهاما. "
            "وقال الرئيس الفرنسي إن الزيارة ناجحة. ثم رحب ماكرون بالاتفاق.")
    article = _article(text, ["إيمانويل ماكرون", "جون ماهاما", "ماكرون"])
    article.entities[2].actor = article.entities[0].actor  # one person, two mentions
    views = build_views(article)
    found = mentions(views, article)
    assert "رئيس" in found[0].around and "فرنسي" in found[0].around  # the title before the name, bare
    phrase_start = text.index("الرئيس الفرنسي إن")
    pool = candidates(found, 1, phrase_start)
    assert pool[0].mention is None  # keeping the phrase always competes
    actors = [c.mention.actor for c in pool[1:]]
    assert sorted(actors) == sorted({"actor-إيمانويل ماكرون", "actor-جون ماهاما"})  # each actor once
    assert all(not c.after for c in pool[1:])  # both named before the phrase: their mention before wins


def test_the_shipped_linker_gives_a_titled_speaker_the_person(analyse):
    article = analyse("استقبل الرئيس الفرنسي إيمانويل ماكرون وفدا من رجال الأعمال في باريس يوم الاثنين. "
                      "وقال الرئيس الفرنسي إن بلاده ستزيد استثماراتها في القارة خلال العام المقبل.")
    said = [q for q in article.quotes if "استثماراتها" in article.span_text(q.content)]
    assert said and said[0].speaker is not None
    names = {a.name for a in article.actors if a.id == said[0].speaker.actor}
    assert any("ماكرون" in name for name in names)


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


def test_features_are_the_same_with_the_word_cache():
    from rasd.quotes.tagger import word_features

    text = "وقال الوزير إن الحكومة «ستعمل» على حل الأزمة، مشيرا إلى أن الوزير سيزور المدينة."
    words = build_views(_article(text, []))[0].words
    cue_words = QuoteModels.load().tagger.cue_words
    cache: dict = {}
    plain = word_features(words, cue_words)
    assert word_features(words, cue_words, cache) == plain
    assert cache and word_features(words, cue_words, cache) == plain  # again, from the cache


def test_a_sentence_with_only_a_rare_cue_word_is_not_tagged():
    from rasd.quotes.tagger import may_quote

    tagger = QuoteModels.load().tagger
    view = build_views(_article("وصل الوفد إلى المدينة في الصباح الباكر.", []))[0]
    assert "في" in tagger.cue_words and "في" not in tagger.trigger_words  # في بيان: a cue once in a thousand
    assert may_quote(view, tagger.cue_words) and not may_quote(view, tagger.trigger_words)
    assert tagger.read(view) == []


def test_a_title_of_a_body_may_be_linked_but_a_named_person_is_not():
    from rasd.quotes.antecedents import needs_link

    text = "وقال المتحدث باسم الشرطة إن التحقيق مستمر. وقال سمير حداد إن العجز تراجع."
    article = _article(text, ["سمير حداد"])
    start = text.index("الشرطة")
    article.entities.insert(0, Entity(start, start + len("الشرطة"), "ORG", actor="actor-police"))
    first, second = build_views(article)
    spokesman = next(w.index for w in first.words if w.text == "المتحدث")
    assert needs_link(first.words, spokesman, spokesman + 2)  # المتحدث باسم الشرطة: who is he?
    name = next(w.index for w in second.words if w.text == "سمير")
    assert not needs_link(second.words, name, name + 1)  # a person named: nothing to resolve
