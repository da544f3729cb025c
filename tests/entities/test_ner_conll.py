"""conlleval logic on hand-made examples."""

from __future__ import annotations

import pytest

from rasd.entities.conll import normalise_label, read_conll, score, spans


def test_spans_bio_and_stray_inside():
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "O"]
    assert spans(labels) == {(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG")}


def test_spans_type_change_inside_starts_new_chunk():
    assert spans(["B-PER", "I-ORG", "I-ORG"]) == {(0, 1, "PER"), (1, 3, "ORG")}
    assert spans(["B-MISC"]) == {(0, 1, "MISC")}
    assert spans([]) == set()


def test_score_exact_span_matching():
    gold = [
        ["B-PER", "I-PER", "O", "B-LOC", "O"],
        ["B-ORG", "I-ORG", "I-ORG", "O"],
        ["O", "O"],
    ]
    pred = [
        ["B-PER", "I-PER", "O", "B-ORG", "O"],  # PER right, LOC mistyped
        ["B-ORG", "I-ORG", "O", "O"],  # ORG boundary wrong: no credit
        ["B-MISC", "O"],  # spurious
    ]
    s = score(gold, pred)
    assert (s.per_type["PER"].tp, s.per_type["PER"].n_gold, s.per_type["PER"].n_pred) == (1, 1, 1)
    assert (s.per_type["LOC"].tp, s.per_type["LOC"].n_gold, s.per_type["LOC"].n_pred) == (0, 1, 0)
    assert (s.per_type["ORG"].tp, s.per_type["ORG"].n_gold, s.per_type["ORG"].n_pred) == (0, 1, 2)
    assert (s.per_type["MISC"].tp, s.per_type["MISC"].n_pred) == (0, 1)
    o = s.overall
    assert (o.tp, o.n_gold, o.n_pred) == (1, 3, 4)
    assert s.precision == pytest.approx(25.0)
    assert s.recall == pytest.approx(100 / 3)
    assert s.f1 == pytest.approx(2 * 25 * (100 / 3) / (25 + 100 / 3))
    assert s.per_type["PER"].f1 == pytest.approx(100.0)
    assert s.per_type["LOC"].f1 == 0.0
    assert s.tokens == 11 and s.correct_tokens == 8
    table = s.format()
    assert "micro" in table and "PER" in table and "FB1" in table


def test_score_rejects_length_mismatch():
    with pytest.raises(ValueError):
        score([["O", "O"]], [["O"]])


def test_normalise_label():
    assert normalise_label("B-PERS") == "B-PER"
    assert normalise_label("I-PERS") == "I-PER"
    assert normalise_label("B-MIS1") == "B-MISC"
    assert normalise_label("I-MIS3") == "I-MISC"
    assert normalise_label("B-MIS-2") == "B-MISC"
    assert normalise_label("B-MIS1`") == "B-MISC"
    assert normalise_label("I--ORG") == "I-ORG"
    assert normalise_label("OO") == "O"
    assert normalise_label("IO") == "O"
    assert normalise_label("O") == "O"


def test_read_conll_blank_lines_and_raw(tmp_path):
    f = tmp_path / "a.conll"
    f.write_text("زار O\nالوزير O\nعمان B-LOC\n\nقال O\nسمير B-PERS\nكريم I-PERS\n.\tO\n", encoding="utf-8")
    sents = read_conll(f)
    assert [len(t) for t, _ in sents] == [3, 4]
    assert sents[1][1] == ["O", "B-PER", "I-PER", "O"]
    raw = tmp_path / "raw.txt"
    raw.write_text("زار O\nعمان B-LOC\n. O\n O\nقال O\nسمير B-PERS\n. O\n", encoding="utf-8")
    sents = read_conll(raw)
    assert [t for t, _ in sents] == [["زار", "عمان", "."], ["قال", "سمير", "."]]
    assert read_conll(raw, max_sentences=1) == sents[:1]


def test_scores_restricted_to_types():
    s = score([["B-PER", "O", "B-MISC"]], [["B-PER", "O", "O"]])
    assert s.f1 == pytest.approx(2 * 100 * 50 / 150)
    only = s.only(["PER"])
    assert only.f1 == pytest.approx(100.0) and set(only.per_type) == {"PER"}
