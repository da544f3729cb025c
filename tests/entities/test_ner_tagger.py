"""The packaged tagger on sentences written for these tests (not taken from any corpus)."""

from __future__ import annotations

import socket
from importlib import resources

import pytest

from rasd.entities.conll import spans
from rasd.entities.tagger import CLASSES_FILE, MODEL_FILE, CrfTagger


def ents(tagger, sentence: str) -> set[tuple[str, str]]:
    toks = sentence.split()
    labels = tagger.tag(toks)
    assert len(labels) == len(toks)
    return {(" ".join(toks[s:e]), t) for s, e, t in spans(labels)}


def test_model_files_are_in_the_package():
    base = resources.files("rasd").joinpath("models")
    assert base.joinpath(MODEL_FILE).is_file()
    assert base.joinpath(CLASSES_FILE).is_file()
    assert base.joinpath("NER_MODEL_CARD.md").is_file()
    total = sum(f.stat().st_size for f in resources.files("rasd").joinpath("models").iterdir() if f.is_file())
    assert total <= 30 * 1024 * 1024


def test_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the tagger tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    tagger = CrfTagger.load(prewarm=100)
    assert set(tagger.labels) <= {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}
    assert tagger.tag(["زار", "الوزير", "بغداد", "."])


def test_labels_are_bio_with_four_types(tagger):
    labels = tagger.tag(["التقى", "الرئيس", "المصري", "في", "القاهرة", "وفدا", "من", "الأمم", "المتحدة", "."])
    for lab in labels:
        assert lab == "O" or (lab[:2] in ("B-", "I-") and lab[2:] in ("PER", "ORG", "LOC", "MISC"))
    assert tagger.tag([]) == []


def test_fast_path_equals_crfsuite(tagger):
    for s in (
        "وأكد وزير الخارجية سامح شكري أن القاهرة ترفض التدخل .",
        "ارتفعت أسعار الخضار في الأسواق خلال هذا الأسبوع",
        "ووصل الوفد إلى بيروت وعمان قادما من باريس",
    ):
        toks = s.split()
        assert tagger.tag(toks) == tagger.tag_crfsuite(toks)


def test_clitic_bearing_names(tagger):
    got = ents(tagger, "وغادر الوفد بيروت متوجها إلى دمشق وعمان صباح اليوم .")
    assert ("بيروت", "LOC") in got
    assert ("دمشق", "LOC") in got
    assert ("وعمان", "LOC") in got  # the token keeps its clitic; the stage trims it


def test_multi_word_names(tagger):
    got = ents(tagger, "وقال الرئيس الفلسطيني محمود عباس إن السلطة مستعدة للتفاوض .")
    assert ("محمود عباس", "PER") in got
    got = ents(tagger, "وأعلنت الأمم المتحدة أن المساعدات وصلت إلى اليمن .")
    assert ("الأمم المتحدة", "ORG") in got
    assert ("اليمن", "LOC") in got
    got = ents(tagger, "وعقد مجلس الأمن الدولي جلسة طارئة لبحث الأزمة .")
    assert ("مجلس الأمن الدولي", "ORG") in got


def test_entity_at_start_and_end(tagger):
    got = ents(tagger, "القاهرة تستضيف مؤتمرا دوليا للطاقة الشهر المقبل .")
    assert ("القاهرة", "LOC") in got
    got = ents(tagger, "وصل وزير الخارجية الأردني صباح اليوم إلى دمشق")
    assert ("دمشق", "LOC") in got


def test_sentence_without_entities(tagger):
    assert ents(tagger, "ارتفعت أسعار الخضار في الأسواق خلال هذا الأسبوع بسبب الأمطار .") == set()


def test_news_agency_after_clitic(tagger):
    got = ents(tagger, "وقال مسؤول لوكالة رويترز إن المحادثات ستستأنف غدا .")
    assert ("رويترز", "ORG") in got


@pytest.mark.parametrize("sentence", ["", "   "])
def test_empty_input(tagger, sentence):
    assert tagger.tag(sentence.split()) == []
