"""Document-context features: how a word's bare form was labelled in nearby sentences."""

from __future__ import annotations

import pytest

from rasd.entities.context import document_features

SENTENCES = [
    ["وصل", "سمير", "إلى", "دمشق"],
    ["وقال", "وسمير", "كلاما"],
    ["غادر", "الوفد", "دمشق"],
]
LABELS = [
    ["O", "B-PER", "O", "B-LOC"],
    ["O", "O", "O"],
    ["O", "O", "O"],
]


@pytest.fixture(scope="module")
def fx(tagger):
    """The shipped model's extractor: its word-frequency table decides that و in وسمير is a
    proclitic."""
    return tagger.features


@pytest.mark.parametrize(
    ("si", "ti", "expected"),
    [
        (1, 1, ["dn=PER", "dnf=PER1"]),  # وسمير: سمير labelled PER a sentence earlier
        (2, 2, ["dn=LOC", "dnf=LOC1"]),  # دمشق: labelled LOC two sentences earlier
        (0, 1, []),  # its own label is not evidence
        (1, 2, []),  # a word never labelled as an entity
    ],
)
def test_features_from_nearby_labels(fx, si, ti, expected):
    assert document_features(fx, SENTENCES, LABELS)[si][ti] == expected


def test_window_limits_the_evidence(fx):
    assert document_features(fx, SENTENCES, LABELS, window=1)[2][2] == []
    assert document_features(fx, SENTENCES, LABELS, window=2)[2][2] == ["dn=LOC", "dnf=LOC1"]


def test_repeated_evidence_is_strong(fx):
    sents = [["سمير"], ["سمير"], ["سمير"]]
    labels = [["B-PER"], ["B-PER"], ["O"]]
    assert document_features(fx, sents, labels)[2][0] == ["dn=PER", "dnf=PER2"]


def test_shape_follows_the_input(fx):
    feats = document_features(fx, SENTENCES, LABELS)
    assert [len(r) for r in feats] == [len(s) for s in SENTENCES]
    assert document_features(fx, [], []) == []


def test_tag_document_without_context_model_tags_sentence_by_sentence(tagger):
    if tagger.uses_context:
        pytest.skip("the shipped model reads document context")
    assert tagger.tag_document(SENTENCES) == [tagger.tag(s) for s in SENTENCES]


def test_tag_document_keeps_shape(tagger):
    got = tagger.tag_document([*SENTENCES, []])
    assert [len(r) for r in got] == [4, 3, 3, 0]
