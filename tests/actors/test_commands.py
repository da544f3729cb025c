"""`rasd actors import`, `rasd actors show` and `rasd eval actors` through the CLI."""

from __future__ import annotations

import re

import pytest

from rasd.cli import main

# Invented entries in the PETRARCH actor dictionary format.
DICTIONARY = "نادر_السالم_\n\t[KWTGOV 20120101-20151231]\n\t[KWTLEG 20160101-18000101]\nوكالة_الريح_  [MED]\n"


def test_import_then_show(tmp_path, capsys):
    source = tmp_path / "actors.txt"
    source.write_text(DICTIONARY, encoding="utf-8")
    registry = str(tmp_path / "registry.sqlite")
    assert main(["actors", "import", str(source), "--registry", registry]) == 0
    capsys.readouterr()
    assert main(["actors", "show", "نادر السالم", "--registry", registry, "--date", "2017-05-01"]) == 0
    shown = capsys.readouterr().out
    assert '"sector": "LEG"' in shown and '"country": "KWT"' in shown


def test_import_of_a_missing_file_is_a_usage_error(tmp_path):
    assert main(["actors", "import", str(tmp_path / "none.txt"), "--registry", str(tmp_path / "r.sqlite")]) == 2


def test_eval_without_the_data_says_what_is_missing(tmp_path, capsys):
    assert main(["eval", "actors", "--gold", str(tmp_path / "absent.json")]) == 2
    assert "absent.json" in capsys.readouterr().err


@pytest.mark.shared
def test_eval_prints_both_modes_and_the_null_breakdown(shared_data, capsys):
    assert main(["eval", "actors", "--split", "dev"]) == 0
    out = capsys.readouterr().out
    figures = {mode: (float(c), float(s)) for mode, c, s in
               re.findall(r"^dev (\w+)-entity mode:.*?country accuracy ([\d.]+).*?sector accuracy ([\d.]+)", out,
                          re.M | re.S)}
    assert set(figures) == {"gold", "pipeline"}
    assert figures["gold"][0] >= 0.85 and figures["gold"][1] >= 0.65
    assert "country where gold has none" in out and "no country" in out
