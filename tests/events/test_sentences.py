"""The sentence model (rasd.events.sentences): which types a whole sentence reports, as a
feature of the events' calibrated confidence. Behaviour on features and sentences written
here, not the shipped model's exact numbers."""

from __future__ import annotations

import rasd
from rasd.events.models import load_models
from rasd.events.sentences import (
    LEXICON_PREFIX,
    MIN_TYPE_SENTENCES,
    WORD_PREFIX,
    SentenceTypes,
    fit_sentence_types,
    sentence_type_features,
)
from rasd.events.stage import by_sentence, quotes_by_sentence
from rasd.events.view import sentence_view


def _toy_data():
    """Sentences as features: غارات/قصف mark an attack, تظاهر a protest, the rest neither."""
    attack = [{f"{WORD_PREFIX}غارات": 1.0, f"{WORD_PREFIX}مدينه": 1.0}, {f"{WORD_PREFIX}قصف": 1.0},
              {f"{WORD_PREFIX}غارات": 1.0, f"{WORD_PREFIX}قصف": 1.0}, {f"{WORD_PREFIX}غارات": 1.0}]
    protest = [{f"{WORD_PREFIX}تظاهر": 1.0}, {f"{WORD_PREFIX}تظاهر": 1.0, f"{WORD_PREFIX}مدينه": 1.0},
               {f"{WORD_PREFIX}تظاهر": 1.0}]
    other = [{f"{WORD_PREFIX}مدينه": 1.0}, {f"{WORD_PREFIX}اقتصاد": 1.0}, {f"{WORD_PREFIX}اقتصاد": 1.0},
             {f"{WORD_PREFIX}مدينه": 1.0, f"{WORD_PREFIX}اقتصاد": 1.0}]
    rare = [{f"{WORD_PREFIX}اقتصاد": 1.0}]
    examples = attack + protest + other + rare
    labels = [{"ASSAULT"}] * 4 + [{"PROTEST"}] * 3 + [set()] * 4 + [{"AID"}]
    return examples, labels


def test_a_type_is_more_likely_where_its_words_are():
    model = fit_sentence_types(*_toy_data(), seed=13)
    attack = {f"{WORD_PREFIX}غارات": 1.0}
    calm = {f"{WORD_PREFIX}اقتصاد": 1.0}
    assert model.probability(attack, "ASSAULT") > 0.5 > model.probability(calm, "ASSAULT")
    assert model.probability(attack, "PROTEST") < model.probability({f"{WORD_PREFIX}تظاهر": 1.0}, "PROTEST")


def test_a_type_seen_in_too_few_sentences_gets_no_model():
    model = fit_sentence_types(*_toy_data(), seed=13)
    assert MIN_TYPE_SENTENCES > 1
    assert model.probability({f"{WORD_PREFIX}اقتصاد": 1.0}, "AID") is None
    assert model.probability({}, "THREATEN") is None


def test_save_and_load_keep_the_decisions(tmp_path):
    model = fit_sentence_types(*_toy_data(), seed=13)
    path = tmp_path / "sentences.json"
    model.save(path)
    again = SentenceTypes.load(path)
    features = {f"{WORD_PREFIX}غارات": 1.0, f"{WORD_PREFIX}مدينه": 1.0}
    assert abs(again.probability(features, "ASSAULT") - model.probability(features, "ASSAULT")) < 1e-3


def test_features_are_the_words_and_the_lexicon_types_of_the_sentence():
    article = rasd.analyze("وشنت الطائرات غارات عنيفة على مواقع المسلحين في المدينة.")
    tokens, entities = by_sentence(article, article.tokens), by_sentence(article, article.entities)
    view = sentence_view(article, 0, tokens[0], entities[0], quotes_by_sentence(article)[0])
    features = sentence_type_features(view)
    assert any(name.startswith(WORD_PREFIX) for name in features)
    assert f"{LEXICON_PREFIX}ASSAULT" in features  # the trigger lexicon knows غارات
    shipped = load_models().sentences
    calm = sentence_view(*_view_args("وقال الوزير إن الاقتصاد ينمو هذا العام بنسبة جيدة."))
    assert shipped.probability(features, "ASSAULT") > shipped.probability(sentence_type_features(calm), "ASSAULT")


def _view_args(text: str):
    article = rasd.analyze(text)
    tokens, entities = by_sentence(article, article.tokens), by_sentence(article, article.entities)
    return article, 0, tokens[0], entities[0], quotes_by_sentence(article)[0]
