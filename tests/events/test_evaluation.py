"""Scoring: actor codes against gold codes (with and without the sector), one-to-one
matching under the three criteria, per-type counts, the reliability table, the analyser
scoring the pipeline's output, and `rasd eval events` (data from ../shared where it is here;
without it the command says what is missing and exits 2)."""

from __future__ import annotations

import pytest

import rasd.pipeline as pipeline_module
from rasd.cli import build_parser, main
from rasd.evaluation.events import (
    ACTORS,
    STRICT,
    TYPE_SENTENCE,
    ActorCode,
    AnnotatorAgreement,
    Counts,
    EventAnalyser,
    GoldEvent,
    Reliability,
    actor_code,
    code_matches,
    evaluate_gsr,
    maximum_matching,
    modes_agree,
    score_events,
    split_code,
)
from rasd.model import Actor, ActorSpan, Article, Event, Sentence, Span
from rasd.pipeline import Pipeline, Stage, registered


@pytest.mark.parametrize("gold, predicted, ok", [
    ("USA", ActorCode(country="USA"), True),
    ("USA-MIL", ActorCode(country="USA", sector="GOV"), True),  # the country is what is compared
    ("RUS", ActorCode(country="USA"), False),
    ("ISIS", ActorCode(group="تنظيم داعش"), True),
    ("ISIS", ActorCode(country="IRQ"), False),
    ("WST", ActorCode(group="الغرب"), True),
    ("ARAB-LEAGUE", ActorCode(group="جامعة الدول العربية"), True),
    ("HOUTHI", ActorCode(country="YEM", group="جماعة الحوثي"), True),
    ("HOUTHI", ActorCode(country="YEM", sector="GOV"), False),  # Yemen's government is not the Houthis
    (None, ActorCode(), True),  # unknown in the gold: anything goes
    ("EGY", ActorCode(), False),
])
def test_code_matches(gold, predicted, ok):
    assert code_matches(gold, predicted) is ok


@pytest.mark.parametrize("gold, predicted, ok", [
    ("USA-GOV", ActorCode(country="USA", sector="GOV"), True),
    ("USA-GOV", ActorCode(country="USA", sector="MIL"), False),
    ("USA-GOV", ActorCode(country="USA"), False),  # no sector predicted: not the government
    ("USA", ActorCode(country="USA", sector="MIL"), True),  # the gold names no sector: any goes
    ("RUS-GOV", ActorCode(country="USA", sector="GOV"), False),
    ("ARAB-LEAGUE", ActorCode(group="الجامعة العربية", sector="IGO"), True),  # a group code, no sector in it
    (None, ActorCode(sector="MIL"), True),
])
def test_strict_code_matches_need_the_gold_sector(gold, predicted, ok):
    assert code_matches(gold, predicted, strict=True) is ok


@pytest.mark.parametrize("code, parts", [
    ("USA-GOV", ("USA", "GOV")), ("ISIS", ("ISIS", None)), ("ARAB-LEAGUE", ("ARAB-LEAGUE", None)),
    ("HOUTHI-MIL", ("HOUTHI", "MIL")), ("SYR", ("SYR", None)),
])
def test_split_code(code, parts):
    assert split_code(code) == parts


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


def test_counts_false_alarms_by_gold_label():
    counts = Counts()
    for predicted, label in [(True, "easy no"), (True, "difficult no"), (True, "easy no"), (False, "easy no")]:
        counts.add(predicted, False, label)
    assert counts.fp_by_label == {"easy no": 2, "difficult no": 1}
    assert "easy no 2" in counts.format()


@pytest.mark.parametrize("predicted, gold, ok", [
    ("intended", "intend", True), ("demanded", "demand", True), ("asserted", "asserted", True),
    ("negated", "intend", False),
])
def test_modes_agree(predicted, gold, ok):
    assert modes_agree(predicted, gold) is ok


# --- matching on a hand-made article ---------------------------------------------------------

# Two sentences of my own; the words only give the spans somewhere to point.
FIRST = "هاجمت القوات الأمريكية مواقع روسية واجتمع الوزير الروسي مع نظيره."
SECOND = "وتظاهر مدنيون في موسكو."
TEXT = f"{FIRST} {SECOND}"
S1, S2 = Span(0, len(FIRST)), Span(len(FIRST) + 1, len(TEXT))
ACTORS_TABLE = [Actor("usa-gov", "الحكومة الأمريكية", "organization", "USA", "GOV"),
                Actor("usa-mil", "القوات الأمريكية", "organization", "USA", "MIL"),
                Actor("rus-gov", "الحكومة الروسية", "organization", "RUS", "GOV"),
                Actor("rus-cvl", "مدنيون", "other", "RUS", "CVL")]


def _event(i: int, type_: str, source: str | None, target: str | None, in_second: bool = False,
           mode: str = "asserted", confidence: float = 0.5) -> Event:
    at = S2.start + 2 if in_second else 2 + i  # a trigger offset inside the sentence
    return Event(f"e{i}", type_, mode, Span(at, at + 1), int(in_second),
                 ActorSpan(0, 5, source) if source else None, ActorSpan(6, 10, target) if target else None,
                 confidence=confidence)


def _article(events: list[Event]) -> Article:
    article = Article(text=TEXT, sentences=[Sentence(S1.start, S1.end), Sentence(S2.start, S2.end)])
    article.actors = list(ACTORS_TABLE)
    article.events = events
    return article


def _gold(type_: str, source: str | None, target: str | None, in_second: bool = False, mode: str = "asserted"):
    span = S2 if in_second else S1
    return GoldEvent(type_, source, target, span.start, span.end, type_, mode)


def test_one_gold_is_matched_at_most_once():
    article = _article([_event(0, "ASSAULT", "usa-mil", "rus-gov"), _event(1, "ASSAULT", "usa-mil", "rus-gov")])
    scores = score_events(article, [_gold("ASSAULT", "USA", "RUS")], "doc")
    counts = scores.counts(ACTORS)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)


def test_one_predicted_event_matches_one_gold_only():
    article = _article([_event(0, "ASSAULT", "usa-mil", "rus-gov")])
    scores = score_events(article, [_gold("ASSAULT", "USA", "RUS"), _gold("ASSAULT", "USA", "RUS")], "doc")
    counts = scores.counts(ACTORS)
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 1)


def test_matching_finds_the_largest_one_to_one_pairing():
    # the first gold (actors unknown) fits both predictions, the second only the first
    # prediction: a first-fit in gold order would pair one; the matching pairs both
    article = _article([_event(0, "ASSAULT", "usa-mil", "rus-gov"), _event(1, "ASSAULT", "rus-gov", "usa-mil")])
    scores = score_events(article, [_gold("ASSAULT", None, None), _gold("ASSAULT", "USA", "RUS")], "doc")
    assert scores.matched(ACTORS) == 2


def test_maximum_matching_directly():
    fits = {(0, 0), (0, 1), (1, 0), (2, 2)}
    pairs = maximum_matching(3, 3, lambda g, p: (g, p) in fits)
    assert len(pairs) == 3 and len(set(pairs.values())) == 3 and pairs[1] == 0


def test_three_criteria():
    events = [_event(0, "ASSAULT", "usa-mil", "rus-gov"),  # right actors, wrong sector for USA-GOV
              _event(1, "CONSULT", "usa-gov", "rus-gov"),  # right in every way, if read either way round
              _event(2, "ASSAULT", "rus-gov", "usa-mil", in_second=True),  # the wrong sentence
              _event(3, "PROTEST", "rus-cvl", None, in_second=True)]  # type and sentence, wrong actors
    gold = [_gold("ASSAULT", "USA-GOV", "RUS"), _gold("CONSULT", "RUS-GOV", "USA-GOV"),
            _gold("PROTEST", "USA-CVL", None, in_second=True)]
    scores = score_events(_article(events), gold, "doc")
    assert scores.matched(ACTORS) == 2  # the ASSAULT and the CONSULT (symmetric)
    assert scores.matched(STRICT) == 1  # only the CONSULT has the gold's sectors
    assert scores.matched(TYPE_SENTENCE) == 3
    assert (scores.gold, scores.predicted) == (3, 4)
    assert scores.counts(ACTORS).precision == pytest.approx(2 / 4)
    assert scores.counts(TYPE_SENTENCE).recall == pytest.approx(1.0)


def test_an_asymmetric_type_read_the_wrong_way_round_does_not_match():
    article = _article([_event(0, "ASSAULT", "rus-gov", "usa-mil")])
    scores = score_events(article, [_gold("ASSAULT", "USA", "RUS")], "doc")
    assert scores.matched(ACTORS) == 0 and scores.matched(TYPE_SENTENCE) == 1


def test_per_type_counts():
    events = [_event(0, "ASSAULT", "usa-mil", "rus-gov", mode="intended"),
              _event(1, "ASSAULT", "usa-mil", "rus-gov"),
              _event(2, "REQUEST", "usa-gov", "rus-gov")]
    gold = [_gold("ASSAULT", "USA", "RUS", mode="intended"), _gold("SANCTION", "USA", "RUS")]
    scores = score_events(_article(events), gold, "doc")
    assault, sanction, request = (scores.by_type[t] for t in ("ASSAULT", "SANCTION", "REQUEST"))
    assert (assault.gold, assault.predicted, assault.matched[ACTORS]) == (1, 2, 1)
    assert (sanction.gold, sanction.predicted, sanction.counts(ACTORS).recall) == (1, 0, 0.0)
    assert (request.gold, request.predicted, request.counts(ACTORS).precision) == (0, 1, 0.0)
    assert scores.matched(ACTORS) == 1
    assert "SANCTION" in scores.format_types() and len(scores.misses) == 1


def test_mode_accuracy_counts_the_matched_events_mode():
    article = _article([_event(0, "ASSAULT", "usa-mil", "rus-gov", mode="negated")])
    scores = score_events(article, [_gold("ASSAULT", "USA", "RUS", mode="asserted")], "doc")
    assert scores.matched(ACTORS) == 1 and scores.mode_right == 0 and scores.mode_right_typed == 0
    right = score_events(article, [_gold("ASSAULT", "USA", "RUS", mode="negated")], "doc")
    assert right.mode_right == 1 and right.mode_right_typed == 1


def test_scores_add_up_over_documents():
    one = score_events(_article([_event(0, "ASSAULT", "usa-mil", "rus-gov")]), [_gold("ASSAULT", "USA", "RUS")], "a")
    two = score_events(_article([_event(0, "AID", "usa-gov", "rus-gov")]), [_gold("ASSAULT", "USA", "RUS")], "b")
    one.add(two)
    assert (one.documents, one.gold, one.predicted, one.matched(ACTORS)) == (2, 2, 2, 1)
    assert one.by_type["ASSAULT"].gold == 2 and len(one.reliability.points) == 2


def test_reliability_points_record_matches_per_event():
    events = [_event(0, "ASSAULT", "usa-mil", "rus-gov", confidence=0.95),  # matched with actors
              _event(1, "ASSAULT", "rus-gov", "usa-mil", confidence=0.15)]  # unmatched (the gold is used)
    scores = score_events(_article(events), [_gold("ASSAULT", "USA", "RUS")], "doc")
    assert sorted(scores.reliability.points) == [(0.15, False, False), (0.95, True, True)]


def test_reliability_bins_and_calibration_error():
    reliability = Reliability([(0.05, False, False), (0.15, False, True), (0.95, True, True), (0.92, False, True),
                               (1.0, True, True)])
    bins = {round(b[0], 1): b for b in reliability.bins()}
    assert set(bins) == {0.0, 0.1, 0.9}  # empty bins left out; a confidence of 1.0 in the last
    low, high, size, mean, actors, typed = bins[0.9]
    assert (size, actors, typed) == (3, pytest.approx(2 / 3), 1.0)
    assert mean == pytest.approx((0.95 + 0.92 + 1.0) / 3)
    expected = (1 * 0.05 + 1 * 0.15 + 3 * abs((0.95 + 0.92 + 1.0) / 3 - 2 / 3)) / 5
    assert reliability.ece() == pytest.approx(expected)
    assert reliability.ece(type_sentence=True) == pytest.approx((0.05 + 0.85 + 3 * abs(2.87 / 3 - 1)) / 5)
    assert "expected calibration error" in reliability.format()


def test_a_perfectly_calibrated_table_has_no_error():
    points = [(0.25, i < 1, True) for i in range(4)] + [(0.75, i < 3, True) for i in range(4)]
    assert Reliability(points).ece() == pytest.approx(0.0)


# --- the analyser scores the pipeline's output ----------------------------------------------

def test_the_analyser_runs_what_rasd_analyze_runs():
    assert EventAnalyser().names == Pipeline().names and EventAnalyser().names[-1] == "events"


def test_the_analyser_scores_the_events_stage_output(monkeypatch):
    # an events stage that outputs one fixed event: the analyser must hand back exactly that,
    # not candidates of its own
    marker = Event("x1", "AID", "asserted", Span(0, 3), 0, confidence=0.42)

    def factory(settings):
        def run(article, settings):
            article.events = [marker]
        return run

    real = registered()["events"]
    monkeypatch.setitem(pipeline_module._REGISTRY, "events", Stage("events", real.needs, real.adds, factory))
    article = EventAnalyser().text("هاجمت القوات مواقع المسلحين.")
    assert article.events == [marker]


# --- the command ----------------------------------------------------------------------------

def test_eval_events_command_is_registered():
    args = build_parser().parse_args(["eval", "events", "--part", "news", "--split", "test"])
    assert (args.part, args.split) == ("news", "test") and callable(args.handler)
    assert build_parser().parse_args(["eval", "events"]).split == "dev"


@pytest.mark.parametrize("extra", [["--part", "news", "--split", "dev"], ["--part", "gsr"], ["--part", "seed"]])
def test_eval_events_without_data_exits_2_and_says_what_is_missing(tmp_path, capsys, extra):
    absent = tmp_path / "absent"
    argv = ["eval", "events", *extra, "--shared-data", str(absent), "--gsr", str(absent / "gsr"),
            "--seed", str(absent / "seed.json")]
    assert main(argv) == 2
    assert str(absent) in capsys.readouterr().err  # where the data was looked for


def test_eval_events_with_a_missing_gold_file_exits_2(tmp_path, capsys):
    assert main(["eval", "events", "--part", "news", "--gold", str(tmp_path / "none.json")]) == 2
    assert "none.json" in capsys.readouterr().err


@pytest.mark.shared
def test_gsr_detection_runs_on_shared_data(shared_data):
    results = evaluate_gsr(shared_data / "arabic-event-gsr-dev", EventAnalyser(), limit=40)
    result = results["ASSAULT"]
    assert result.detection.tp + result.detection.fn > 0 and result.human.tp > 0


@pytest.mark.shared
def test_eval_events_seed_prints_scores(seed_path, capsys):
    assert main(["eval", "events", "--part", "seed"]) == 0
    out = capsys.readouterr().out
    assert "seed events: 1 articles, gold 9" in out and "per type" in out
