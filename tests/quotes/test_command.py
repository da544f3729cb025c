"""`rasd quotes` and `rasd eval quotes` from the command line."""

from __future__ import annotations

import json

import pytest

from rasd.cli import main


def test_quotes_command_lists_quotations(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("عنوان الخبر\n\nوقال مدير الميناء إن السفن ستعود إلى العمل غدا.\n", encoding="utf-8")
    assert main(["quotes", str(path), "--format", "json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["speaker"] for r in records] == ["مدير الميناء"]
    assert records[0]["content"] == "إن السفن ستعود إلى العمل غدا"


def test_eval_quotes_on_a_gold_file(tmp_path, capsys):
    text = "وأكد رئيس النادي أن الفريق سيشارك في البطولة."
    start = text.index("أن")
    gold = [{"docno": "T-2", "text": text, "quotes": [
        {"kind": "indirect", "content_start": start, "content_end": len(text) - 1, "content": text[start:-1],
         "cue": "وأكد", "speaker": "رئيس النادي", "speaker_anonymous": False, "via": []}]}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", "quotes", "--gold", str(path)]) == 0
    out = capsys.readouterr().out
    assert "F1 1.000" in out and "speaker accuracy: 1.000" in out


def test_eval_quotes_refuses_a_missing_file(tmp_path):
    assert main(["eval", "quotes", "--gold", str(tmp_path / "none.json")]) == 2


def test_eval_split_without_the_data_says_what_is_missing(tmp_path, capsys):
    assert main(["eval", "quotes", "--split", "dev", "--shared-data", str(tmp_path)]) == 2
    assert "dev.json" in capsys.readouterr().err


@pytest.mark.shared
def test_train_quotes_end_to_end_on_a_slice(shared_data, tmp_path):
    from rasd.quotes.reading import MODEL_FILES, QuoteModels

    out = tmp_path / "models"
    assert main(["train", "quotes", "--data", str(shared_data), "--out", str(out), "--max-articles", "6"]) == 0
    assert all((out / name).exists() for name in MODEL_FILES)
    assert QuoteModels.load(out).tagger.cue_words
