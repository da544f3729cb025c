"""Training runs end to end on a tiny slice of ../shared, reproducibly."""

from __future__ import annotations

import pytest

from rasd.entities.conll import evaluate_conll
from rasd.entities.tagger import CrfTagger
from rasd.entities.train import CLASSES_FILE, INFO_FILE, MODEL_FILE, VECTORS_FILE, to_bilou, train_ner


def test_to_bilou():
    assert to_bilou(["B-PER", "I-PER", "O", "B-LOC", "I-ORG"]) == ["B-PER", "L-PER", "O", "U-LOC", "U-ORG"]


def _tiny(shared, out):
    data = shared / "data"
    return train_ner(
        data / "anercorp" / "anercorp_train.conll",
        data / "ant-corpus-multisource-full" / "ant_multisource_all.jsonl.gz",
        out,
        seed=7,
        max_sentences=120,
        max_docs=200,
        self_train=True,  # off by default; the option stays tested
        self_train_docs=40,
        granularities=(8, 32),
        max_iterations=15,
        news_file=data / "news-annotated" / "train.json",
        max_news_sentences=30,
    )


@pytest.mark.shared
@pytest.mark.slow
def test_train_tiny_end_to_end_and_reproducible(shared, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    report = _tiny(shared, a)
    for name in (MODEL_FILE, CLASSES_FILE, VECTORS_FILE, INFO_FILE):
        assert (a / name).is_file(), name
    assert report["anercorp_sentences"] == 120 and report["granularities"][:2] == ["8", "32"]
    # a few whole news articles, each sentence given news_weight times
    assert 30 <= report["news_sentences"] < 80
    assert report["sentences"] == 120 + report["news_sentences"] * report["news_weight"]
    tagger = CrfTagger.load(a)
    labels = tagger.tag(["قال", "الرئيس", "في", "بغداد", "."])
    assert len(labels) == 5 and all(lab == "O" or lab[:2] in ("B-", "I-") for lab in labels)
    assert labels == tagger.tag_crfsuite(["قال", "الرئيس", "في", "بغداد", "."])
    scores = evaluate_conll(shared / "data" / "anercorp" / "anercorp_test.conll", tagger)
    assert scores.tokens > 20_000
    # same seed, same data: byte-identical word classes and model
    _tiny(shared, b)
    assert (a / CLASSES_FILE).read_bytes() == (b / CLASSES_FILE).read_bytes()
    assert (a / VECTORS_FILE).read_bytes() == (b / VECTORS_FILE).read_bytes()
    assert (a / MODEL_FILE).read_bytes() == (b / MODEL_FILE).read_bytes()
