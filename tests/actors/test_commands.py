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


@pytest.mark.shared
def test_eval_reaches_the_targets_in_gold_entity_mode(shared_data, capsys):
    assert main(["eval", "actors", "--mode", "gold"]) == 0
    out = capsys.readouterr().out
    figures = {label: (float(c), float(s)) for label, c, s in
               re.findall(r"^(\w+) gold-entity mode:.*?country accuracy ([\d.]+).*?sector accuracy ([\d.]+)", out, re.M)}
    assert figures["seed"][0] == 1.0 and figures["seed"][1] >= 0.95
    assert figures["dev"][0] >= 0.90 and figures["dev"][1] >= 0.80
