"""The learned events stage: behaviour on sentences written for these tests (not exact model
outputs), the shipped models, and `rasd train events` end to end on a tiny slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rasd
from rasd.events.linear import LinearModel
from rasd.events.models import MODEL_FILES, default_model_dir, load_from, load_models
from rasd.events.tagger import bio_labels, decode


def _events(text: str):
    article = rasd.analyze(text)
    return article, article.events


def _span(article, s):
    return article.span_text(s) if s is not None else None


def test_shipped_models_are_in_the_package_and_load():
    folder = default_model_dir()
    for name in MODEL_FILES:
        assert (folder / name).is_file(), name
        assert (folder / name).stat().st_size < 20_000_000
    models = load_from(folder)
    assert models.calibration is not None and 0.0 < models.threshold < 1.0


def test_a_clear_attack_is_an_assault_by_the_attacker():
    article, events = _events("وشنت الطائرات الروسية غارات عنيفة على مواقع المعارضة السورية في إدلب أمس.")
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert assaults, [(e.type, _span(article, e.trigger)) for e in events]
    actors = {a.id: a for a in article.actors}
    source = assaults[0].source
    assert source is not None and actors[source.actor].country == "RUS"


def test_a_negated_attack_is_negated():
    _, events = _events("ولم تقصف الطائرات الروسية المستشفى الميداني في إدلب أمس.")
    assert any(e.type == "ASSAULT" and e.mode == "negated" for e in events)


def test_a_sentence_without_an_act_has_no_event():
    _, events = _events("وارتفعت درجات الحرارة في العاصمة إلى أربعين درجة مئوية خلال النهار.")
    assert events == []


def test_every_event_is_reported_above_the_threshold_with_a_probability():
    article, events = _events("واعتقلت الشرطة التركية عشرة أشخاص في إسطنبول. ودعت الأمم المتحدة إلى ضبط النفس.")
    threshold = load_models().threshold
    assert events
    for e in events:
        assert threshold <= e.confidence <= 1.0
        sentence = article.sentences[e.sentence]
        assert sentence.start <= e.trigger.start < e.trigger.end <= sentence.end


def test_bio_labels_round_trip():
    spans = [(0, 1, "ASSAULT"), (3, 3, "ACCUSE")]
    assert decode(bio_labels(5, spans)) == spans


def test_linear_model_round_trips(tmp_path: Path):
    model = LinearModel(["yes"], {"a": [2.0], "b": [-1.0]}, [0.5])
    model.save(tmp_path / "m.json")
    again = LinearModel.load(tmp_path / "m.json")
    assert again.probability({"a": 1.0}) > 0.9 > again.probability({"b": 1.0})


@pytest.mark.shared
@pytest.mark.slow
def test_train_events_end_to_end_on_a_slice(shared_data: Path, tmp_path: Path):
    from rasd.cli import main

    out = tmp_path / "models"
    assert main(["train", "events", "--data", str(shared_data), "--out", str(out), "--max-articles", "5"]) == 0
    for name in MODEL_FILES:
        assert (out / name).is_file(), name
    assert "threshold" in json.loads((out / "events_confidence.json").read_text(encoding="utf-8"))
    assert load_from(out).tagger is not None
