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


def _with_bias(tagger, bias: float):
    from rasd.entities.tagger import CrfTagger

    return CrfTagger(tagger.model_path, features=tagger.features, context_bias=bias)


def test_without_the_bias_step_a_document_is_tagged_sentence_by_sentence(tagger):
    if tagger.uses_context:
        pytest.skip("the shipped model reads document context")
    plain = _with_bias(tagger, 0.0)
    assert plain.tag_document(SENTENCES) == [plain.tag(s) for s in SENTENCES]


NAMED_THEN_BARE = [
    ["التقى", "الرئيس", "سمير", "حداد", "وزير", "الخارجية", "أمس", "."],
    ["ثم", "غادر", "حداد", "المكان", "."],
]


@pytest.mark.parametrize(("bias", "second"), [(0.0, "O"), (100.0, "B-PER")])
def test_a_name_tagged_nearby_is_pushed_towards_its_type(tagger, bias, second):
    """The second sentence alone does not show حداد is a name; with the bias step the first
    sentence's PER reaches it (a huge bias makes the push certain)."""
    if tagger.uses_context:
        pytest.skip("the shipped model reads document context")
    labels = _with_bias(tagger, bias).tag_document(NAMED_THEN_BARE)
    assert labels[0][2:4] == ["B-PER", "I-PER"]
    assert labels[1][2] == second


def test_batched_viterbi_gives_each_sentence_its_own_path(tagger):
    import numpy as np

    rng = np.random.default_rng(7)
    emits = [rng.normal(size=(n, len(tagger.labels))) for n in (1, 5, 2, 9, 3, 0, 7)]
    assert tagger._viterbi_many(emits) == [tagger._viterbi(e) if e.shape[0] else [] for e in emits]


def test_evidence_leaves_out_the_tokens_own_label():
    from rasd.entities.context import document_evidence

    keys = [["سمير", "دمشق"], ["سمير"], ["سمير"]]
    labels = [["B-PER", "B-LOC"], ["O"], ["B-LOC"]]
    found = document_evidence(keys, labels)
    assert found[1] == ["PER"]  # one PER, one LOC elsewhere: a tie goes to the later type name, as in document_features
    assert found[0] == ["LOC", None]  # its own PER left out, a LOC remains; دمشق has no other
    assert document_evidence(keys, labels, window=0) == [[None, None], [None], [None]]


def test_tag_document_keeps_shape(tagger):
    got = tagger.tag_document([*SENTENCES, []])
    assert [len(r) for r in got] == [4, 3, 3, 0]
