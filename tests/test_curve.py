"""`rasd eval curve`: nested seeded training subsets (test split never linked), training each
component into its own folder and measuring with the models loaded from there, components
that cannot be retrained reported, and exit 2 without the data. The trainings here are fakes
on made-up records; the real ones are measured by the command itself."""

from __future__ import annotations

import argparse
import io
import json
import sys
import types

import pytest

from rasd.cli import build_parser, main
from rasd.commands import curve
from rasd.errors import RasdError

TRAIN_ARTICLES = 20


@pytest.fixture
def fake_shared(tmp_path):
    """A shared-data folder of made-up records: 20 training articles, dev, test, a guide, a gazetteer folder."""
    shared = tmp_path / "shared-data"
    news = shared / curve.NEWS
    news.mkdir(parents=True)
    records = [{"docno": f"d{i}", "text": f"نص رقم {i}", "events": []} for i in range(TRAIN_ARTICLES)]
    (news / "train.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (news / "dev.json").write_text("[]", encoding="utf-8")
    (news / "test.json").write_text("[]", encoding="utf-8")
    (news / "GUIDE.md").write_text("guide", encoding="utf-8")
    (shared / "gazetteers").mkdir()
    return shared


def _docnos(folder) -> set[str]:
    return {r["docno"] for r in json.loads((folder / curve.NEWS / "train.json").read_text(encoding="utf-8"))}


def test_subsets_are_nested_seeded_and_leave_test_out(fake_shared, tmp_path):
    sizes = {f: curve.subset_data(fake_shared, tmp_path / f"s{f}", f, seed=7) for f in (0.25, 0.5, 1.0)}
    assert sizes == {0.25: 5, 0.5: 10, 1.0: 20}
    quarter, half, full = (_docnos(tmp_path / f"s{f}") for f in (0.25, 0.5, 1.0))
    assert quarter < half < full and len(full) == TRAIN_ARTICLES
    again = tmp_path / "again"
    curve.subset_data(fake_shared, again, 0.25, seed=7)
    assert _docnos(again) == quarter  # the same seed draws the same articles
    news = tmp_path / "s0.25" / curve.NEWS
    assert (news / "dev.json").exists() and (news / "GUIDE.md").exists()
    assert not (news / "test.json").exists()  # training never sees the test split
    assert (tmp_path / "s0.25" / "gazetteers").is_dir()


def test_subset_order_depends_on_the_seed():
    assert curve.subset_order(50, 1) != curve.subset_order(50, 2)
    assert sorted(curve.subset_order(50, 1)) == list(range(50))
    assert curve.subset_size(358, 0.25) == 90 and curve.subset_size(3, 0.1) == 1


def _args(shared, **extra) -> argparse.Namespace:
    values = {"split": "test", "fractions": "0.25,0.5,1", "seed": 3, "components": "fake",
              "shared_data": str(shared), "keep": None, "no_shipped": False}
    return argparse.Namespace(**(values | extra))


@pytest.fixture
def fake_component(monkeypatch):
    """A component whose training writes how many articles it read; its model loads through
    an existing Settings field (registry_path stands in for a model folder)."""
    calls = []

    def train(data, args):
        read = json.loads((data / curve.NEWS / "train.json").read_text(encoding="utf-8"))
        calls.append((len(read), args.out, args.seed))
        (curve.Path(args.out) / "model.json").write_text(json.dumps({"articles": len(read)}), encoding="utf-8")
        print("a training report")  # goes to stderr: the command's stdout is the table
        return 0

    monkeypatch.setitem(sys.modules, "rasd.commands.fake", types.SimpleNamespace(train=train))
    monkeypatch.setattr(curve, "COMPONENTS", (curve.Component("fake", "registry_path", ("triggers",)),))
    return calls


def _measure(model_dirs, split, shared, wanted):
    if not model_dirs:
        return {"triggers": 0.05}
    model = json.loads((curve.Path(model_dirs["registry_path"]) / "model.json").read_text(encoding="utf-8"))
    return {"triggers": model["articles"] / 100 + (0.001 if split == "dev" else 0.0)}


def test_curve_trains_each_fraction_and_measures_its_models(fake_shared, fake_component, capsys):
    out = io.StringIO()
    assert curve.run_curve(_args(fake_shared), _measure, out) == 0
    assert "a training report" in capsys.readouterr().err
    assert [n for n, _, _ in fake_component] == [5, 10, 20] and all(s == 3 for _, _, s in fake_component)
    assert len({o for _, o, _ in fake_component}) == 3  # one folder per fraction
    lines = out.getvalue().splitlines()
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert set(rows) == {"shipped", "25%", "50%", "100%"}
    assert rows["25%"][1:] == ["5", "0.050", "/", "0.051"]  # test / dev
    assert rows["100%"][2] == "0.200" and rows["shipped"][2] == "0.050"


def test_a_component_without_training_is_reported_missing(fake_shared, monkeypatch):
    monkeypatch.setitem(sys.modules, "rasd.commands.fake", types.SimpleNamespace())
    monkeypatch.setattr(curve, "COMPONENTS", (curve.Component("fake", "registry_path", ("triggers",)),))
    out = io.StringIO()
    assert curve.run_curve(_args(fake_shared), _measure, out) == 0
    assert "fake (triggers) is missing: rasd.commands.fake has no train" in out.getvalue()


def test_a_component_whose_models_cannot_be_loaded_is_reported_missing(fake_shared, fake_component, monkeypatch):
    monkeypatch.setattr(curve, "COMPONENTS", (curve.Component("fake", "no_such_model_dir", ("triggers",)),))
    out = io.StringIO()
    assert curve.run_curve(_args(fake_shared), _measure, out) == 0
    assert "Settings has no no_such_model_dir" in out.getvalue() and not fake_component


def test_curve_without_data_exits_2(tmp_path, capsys):
    assert main(["eval", "curve", "--shared-data", str(tmp_path / "absent")]) == 2
    assert str(tmp_path / "absent") in capsys.readouterr().err


@pytest.mark.parametrize("text", ["0", "1.5", "a,b", ""])
def test_fractions_must_be_shares(text):
    with pytest.raises(RasdError):
        curve._fractions(text)


def test_curve_command_is_registered():
    args = build_parser().parse_args(["eval", "curve", "--split", "test"])
    assert args.split == "test" and args.handler is curve.cmd_eval_curve
    assert curve._fractions(args.fractions) == curve.FRACTIONS


def test_a_component_loaded_by_its_own_loader_needs_no_settings_field(fake_shared, fake_component, monkeypatch):
    monkeypatch.setattr(curve, "COMPONENTS",
                        (curve.Component("fake", "no_such_model_dir", ("triggers",), lambda: True),))
    seen = []

    def measure(model_dirs, split, shared, wanted):
        seen.append(dict(model_dirs))
        return {"triggers": 0.5}

    out = io.StringIO()
    assert curve.run_curve(_args(fake_shared, fractions="0.5", no_shipped=True), measure, out) == 0
    assert [n for n, _, _ in fake_component] == [10] and "missing" not in out.getvalue()
    assert seen and all("no_such_model_dir" in dirs for dirs in seen)
