"""Scoring: actor codes against gold codes, detection counts, one-to-one gold matching, and the
`rasd eval events` command on ../shared (skipped where it is absent)."""

from __future__ import annotations

import pytest

from rasd.cli import build_parser, main
from rasd.evaluation.events import (
    ActorCode,
    AnnotatorAgreement,
    Counts,
    EventAnalyser,
    GoldEvent,
    actor_code,
    code_matches,
    evaluate_gsr,
    score_events,
)
from rasd.model import Actor, ActorSpan, Article
from rasd.pipeline import registered


@pytest.mark.parametrize("gold, predicted, ok", [
    ("USA", ActorCode(country="USA"), True),
    ("USA-MIL", ActorCode(country="USA", sector="GOV"), True),  # the country is what is compared
    ("RUS", ActorCode(country="USA"), False),
    ("ISIS", ActorCode(group="تنظيم داعش"), True),
    ("ISIS", ActorCode(country="IRQ"), False),
    ("WST", ActorCode(group="الغرب"), True),
    ("ARAB-LEAGUE", ActorCode(group="جامعة الدول العربية"), True),
    (None, ActorCode(), True),  # unknown in the gold: anything goes
    ("EGY", ActorCode(), False),
])
def test_code_matches(gold, predicted, ok):
    assert code_matches(gold, predicted) is ok


@pytest.mark.parametrize("kind, country, gold, ok", [
    ("group", "EGY", "ISIS", True),  # «ولاية سيناء» fights in Egypt and is ISIS's
    ("group", None, "ISIS", True),
    ("country", "EGY", "ISIS", False),  # a country is no group
    ("group", "EGY", "EGY-REB", True),
])
def test_a_group_keeps_its_name_when_it_has_a_country(kind, country, gold, ok):
    article = Article(text="هاجمت ولاية سيناء")
    article.actors = [Actor("a1", "ولاية سيناء", kind, country, "REB")]
    assert code_matches(gold, actor_code(article, ActorSpan(6, 17, "a1"))) is ok


def test_annotator_agreement_leaves_one_out():
    agreement = AnnotatorAgreement()
    for accept, total in [(3, 3), (1, 3), (2, 3), (0, 4), (5, 5), (1, 1)]:  # (1, 1): nobody left to judge
        agreement.add(accept, total)
    # 3/3 and 5/5 are hits; 1/3 a false alarm a third of the time; 2/3 a false alarm two
    # thirds of the time (the one left out accepts, the rejecter remains) and a miss a third
    assert (agreement.tp, agreement.fp, agreement.fn) == pytest.approx((2, 1, 1 / 3))
    assert agreement.f1 == pytest.approx(4 / (4 + 1 + 1 / 3))


def test_counts():
    counts = Counts()
    for predicted, gold in [(True, True), (True, False), (False, True), (False, False), (True, True)]:
        counts.add(predicted, gold)
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)
    assert counts.precision == pytest.approx(2 / 3) and counts.f1 == pytest.approx(2 / 3)


def test_score_events_matches_type_sentence_and_actors(events_of):
    text = "قصفت الطائرات الروسية مواقع داعش في حلب. واجتمع وزير الخارجية المصري مع نظيره في القاهرة."
    article, _ = events_of(text)
    first = article.sentences[0]
    gold = [GoldEvent("ASSAULT", "RUS", "ISIS", first.start, first.end, "قصفت"),
            GoldEvent("ASSAULT", "USA", "ISIS", first.start, first.end, "قصفت"),
            GoldEvent("PROTEST", None, None, first.start, first.end, "-")]
    scores = score_events(article, gold, "doc")
    assert (scores.gold, scores.type_sentence, scores.full) == (3, 2, 1)


def test_events_stage_is_registered_after_entities():
    stage = registered()["events"]
    assert stage.needs == ("sentences", "tokens", "entities") and stage.adds == ("events",)


def test_eval_events_command_is_registered():
    args = build_parser().parse_args(["eval", "events", "--part", "seed"])
    assert args.part == "seed" and callable(args.handler)


@pytest.mark.shared
def test_gsr_detection_runs_on_shared_data(shared_data):
    results = evaluate_gsr(shared_data / "arabic-event-gsr-dev", EventAnalyser(), limit=40)
    counts, _ = results["ASSAULT"]
    assert counts.tp + counts.fn > 0 and counts.tp > 0


@pytest.mark.shared
def test_eval_events_seed_prints_scores(seed_path, capsys):
    assert main(["eval", "events", "--part", "seed"]) == 0
    assert "seed events: gold 9" in capsys.readouterr().out


@pytest.mark.parametrize("predicted, gold, ok", [
    ("intended", "intend", True), ("demanded", "demand", True), ("asserted", "asserted", True),
    ("negated", "intend", False),
])
def test_modes_agree(predicted, gold, ok):
    from rasd.evaluation.events import modes_agree

    assert modes_agree(predicted, gold) is ok


def test_counts_false_alarms_by_gold_label():
    counts = Counts()
    for predicted, label in [(True, "easy no"), (True, "difficult no"), (True, "easy no"), (False, "easy no")]:
        counts.add(predicted, False, label)
    assert counts.fp_by_label == {"easy no": 2, "difficult no": 1}
    assert "easy no 2" in counts.format()
