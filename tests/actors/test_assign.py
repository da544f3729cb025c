"""The learned choice of each actor's country and sector (rasd.actors.assign), on invented
sentences: evidence gives a country, a story's setting never gives one to a person."""

from __future__ import annotations

import pytest

from rasd.actors.assign import NULL, AssignModel, NameMemory, shipped_model
from rasd.cli import main

# A story set in Turkey: Turkey named in every paragraph but the one about the person.
TURKEY = "أعلنت تركيا إغلاق حدودها. وقالت أنقرة إن تركيا لن تتراجع، وأكدت الحكومة التركية موقفها.\n"
TURKEY_SPANS = [("تركيا", "LOC"), ("أنقرة", "LOC"), ("تركيا", "LOC")]
END = "\nوتشهد تركيا أزمة اقتصادية."


@pytest.fixture(autouse=True)
def _need_model():
    if shipped_model() is None:
        pytest.skip("no assignment model in the package (rasd train actors)")


def _learned(build, text, spans):
    return build(text, spans, learned=True)


def test_a_foreign_leader_keeps_his_own_country(build, actor_of):
    text = TURKEY + "وقال الرئيس البرازيلي جواو سيلفا إن الأمر مقلق، وأضاف سيلفا أن بلاده تتابع." + END
    article = _learned(build, text, [*TURKEY_SPANS, ("جواو سيلفا", "PER"), ("سيلفا", "PER"), ("تركيا", "LOC")])
    assert actor_of(article, "جواو سيلفا").country == "BRA"
    assert actor_of(article, "سيلفا").country == "BRA"  # the short name joins the full one


def test_a_titled_stranger_in_a_story_about_another_country_gets_no_country(build, actor_of):
    text = TURKEY + "ومن جهته قال الرئيس جون ستيفنسون إن الأمر مقلق." + END
    article = _learned(build, text, [*TURKEY_SPANS, ("جون ستيفنسون", "PER"), ("تركيا", "LOC")])
    actor = actor_of(article, "جون ستيفنسون")
    assert actor.country is None
    assert actor.sector == "GOV"  # the title still gives the office


def test_a_known_leader_keeps_his_country_in_a_story_about_another(build, actor_of):
    text = TURKEY + "ومن جهته قال الرئيس دونالد ترامب إن بلاده تراقب الوضع." + END
    article = _learned(build, text, [*TURKEY_SPANS, ("دونالد ترامب", "PER"), ("تركيا", "LOC")])
    assert actor_of(article, "دونالد ترامب").country in ("USA", None)


def test_an_unknown_name_stays_null(build, actor_of):
    text = "شهد لبنان احتجاجات واسعة في بيروت.\nوكتب سمير الدباغ مقالا طويلا عن الرحلة.\nوتتواصل الأزمة في لبنان."
    article = _learned(build, text, [("لبنان", "LOC"), ("بيروت", "LOC"), ("سمير الدباغ", "PER"), ("لبنان", "LOC")])
    assert actor_of(article, "سمير الدباغ").country is None


@pytest.mark.parametrize(("text", "spans", "surface", "name", "country", "sector"), [
    # a title joined to the name beside it: one person, the nisba's country, the title's sector
    ("وصل وزير الخارجية الروسي سيرغي لافروف إلى القاهرة.", [("سيرغي لافروف", "PER"), ("القاهرة", "LOC")],
     "سيرغي لافروف", "سيرغي لافروف", "RUS", "GOV"),
    # the tagger took the title into the person's span
    ("وصل وزير الخارجية الروسي سيرغي لافروف إلى القاهرة.",
     [("وزير الخارجية الروسي سيرغي لافروف", "PER"), ("القاهرة", "LOC")],
     "وزير الخارجية الروسي سيرغي لافروف", "سيرغي لافروف", "RUS", "GOV"),
    # a nisba after an institution
    ("وقالت الشرطة الفرنسية إنها اعتقلت رجلين في ليون.", [("الشرطة الفرنسية", "ORG"), ("ليون", "LOC")],
     "الشرطة الفرنسية", "الشرطة الفرنسية", "FRA", "COP"),
    ("وقالت وزيرة الدفاع الألمانية كلارا فيبر إن الخطة جاهزة.", [("كلارا فيبر", "PER")],
     "كلارا فيبر", "كلارا فيبر", "DEU", "MIL"),
])
def test_nisba_and_title_evidence(build, actor_of, text, spans, surface, name, country, sector):
    actor = actor_of(_learned(build, text, spans), surface)
    assert (actor.name, actor.country, actor.sector) == (name, country, sector)


def test_a_body_of_no_country_stays_null(build, actor_of):
    article = _learned(build, "وقالت الأمم المتحدة إن الوضع في اليمن خطير.", [("الأمم المتحدة", "ORG"), ("اليمن", "LOC")])
    assert (actor_of(article, "الأمم المتحدة").country, actor_of(article, "الأمم المتحدة").sector) == (None, "IGO")


def test_a_place_of_a_gazetteer_gets_its_country(build, actor_of):
    article = _learned(build, "وقع انفجار في ليون صباح اليوم.", [("ليون", "LOC")])
    assert actor_of(article, "ليون").country == "FRA"


def test_the_model_picks_the_best_scored_candidate_and_null_wins_alone():
    model = AssignModel({"rule": 2.0, "null": -1.0}, 0.0, [NULL, "GOV"], {"w=وزير": [0.0, 1.0]}, [0.5, 0.0],
                        NameMemory())
    assert model.choose_country({"RUS": {"rule": 1.0}, NULL: {"null": 1.0}}) == "RUS"
    assert model.choose_country({NULL: {"null": 1.0}}) is None
    assert model.choose_sector({"w=وزير": 1.0}) == "GOV"
    assert model.choose_sector({}) is None


def test_the_model_survives_a_round_trip(tmp_path):
    from rasd.actors.assign import load_model

    model = AssignModel({"rule": 2.0}, 0.1, [NULL, "GOV"], {"w=وزير": [0.0, 1.0]}, [0.5, 0.0],
                        NameMemory({"ترامب": {"USA": 3}}, {}), {"seed": 13})
    model.save(tmp_path / "m.json.gz")
    again = load_model(tmp_path / "m.json.gz")
    assert again.to_json() == model.to_json()


def test_eval_of_a_split_without_the_data_exits_2(tmp_path, monkeypatch, capsys):
    import rasd.evaluation.gold as gold

    monkeypatch.setattr(gold, "SHARED_DATA", tmp_path / "absent")
    assert main(["eval", "actors", "--split", "dev"]) == 2
    assert "dev.json" in capsys.readouterr().err


@pytest.mark.shared
def test_train_on_a_tiny_slice_writes_a_model_that_runs(shared_data, tmp_path, build, actor_of):
    from rasd.actors.assign import MODEL_FILE, load_model

    assert main(["train", "actors", "--data", str(shared_data), "--out", str(tmp_path), "--max-articles", "6"]) == 0
    model = load_model(tmp_path / MODEL_FILE[-1])
    assert model.meta["articles"] == 6 and model.country_weights
    article = build("وصل وزير الخارجية الروسي سيرغي لافروف إلى القاهرة.", [("سيرغي لافروف", "PER")], resolve=False)
    from rasd.actors.stage import resolve_actors

    resolve_actors(article, model=model)
    assert actor_of(article, "سيرغي لافروف").name == "سيرغي لافروف"
