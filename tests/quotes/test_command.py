"""`rasd quotes` and `rasd eval quotes` from the command line."""

from __future__ import annotations

import json

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
