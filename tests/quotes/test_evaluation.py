"""Gold loading (both formats) and the matching rules of the quotation scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.errors import RasdError
from rasd.evaluation.gold import DEV_FORMAT, SEED_FORMAT, detect_format, load_gold
from rasd.evaluation.quotes import evaluate_quotes, match_quotes, name_key, names_match, overlap_share
from rasd.model import ActorSpan, Article, Quote, Span

ARTICLE = ("وقال وزير النقل سامي عادل: «سنفتتح الطريق الجديد في الربيع». "
           "وأضاف أن الأعمال تسير وفق الخطة، بحسب وكالة «الأناضول».")
CONTENT_1 = "سنفتتح الطريق الجديد في الربيع"
CONTENT_2 = "أن الأعمال تسير وفق الخطة"


@pytest.mark.parametrize(("data", "expected"), [
    ({"document": "a.txt", "quotes": []}, SEED_FORMAT),
    ([{"docno": "X-1", "quotes": []}], DEV_FORMAT),
])
def test_format_is_detected(data, expected):
    assert detect_format(data) == expected


@pytest.mark.parametrize("data", [{"quotes": []}, [{"id": 1}], "text"])
def test_unknown_format_is_refused(data):
    with pytest.raises(RasdError):
        detect_format(data)


@pytest.mark.parametrize(("a", "b", "share"), [
    ((0, 10), (0, 10), 1.0),
    ((0, 10), (0, 5), 0.5),
    ((0, 10), (20, 30), 0.0),
])
def test_overlap_share(a, b, share):
    assert overlap_share("abcdefghij" * 3, a, b) == pytest.approx(share)


def test_overlap_ignores_whitespace():
    text = "aaaa     bbbb"
    assert overlap_share(text, (0, 13), (0, 8)) == pytest.approx(4 / 8)


def _quote(start: int, end: int) -> Quote:
    return Quote("q", "direct", Span(start, end), None, None)


def test_matching_is_one_to_one():
    text = "x" * 40
    pairs = match_quotes(text, [(0, 10), (20, 30)], [_quote(0, 10), _quote(1, 10), _quote(21, 30)])
    assert sorted(pairs) == [(0, 0), (1, 2)]


@pytest.mark.parametrize(("predicted", "gold", "expected"), [
    ("كارتر", "آشتون كارتر", True),
    ("وزير الدفاع الأميركي آشتون كارتر", "آشتون كارتر", True),
    ("الشرطة", "شرطة لندن", True),
    ("أ.ف.ب", "أ ف ب", True),
    ("الوزير", "آشتون كارتر", False),
])
def test_names_match_either_way(predicted, gold, expected):
    assert names_match([predicted], gold) is expected


def test_name_key_drops_article_and_punctuation():
    assert name_key("«الأناضول»") == name_key("أناضول")


def _seed_style(tmp_path: Path) -> Path:
    (tmp_path / "doc.txt").write_text(ARTICLE, encoding="utf-8")
    gold = {"document": "doc.txt", "quotes": [
        {"speaker": "سامي عادل", "kind": "direct", "cue": "قال", "content": CONTENT_1, "via": []},
        {"speaker": "سامي عادل", "kind": "indirect", "cue": "أضاف", "content": CONTENT_2, "via": ["الأناضول"]},
    ]}
    path = tmp_path / "doc.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def _dev_style(tmp_path: Path) -> Path:
    start = ARTICLE.index(CONTENT_2)
    gold = [{"docno": "T-1", "text": ARTICLE, "quotes": [
        {"kind": "indirect", "content_start": start, "content_end": start + len(CONTENT_2), "content": CONTENT_2,
         "cue": "وأضاف", "speaker": "وزير النقل", "speaker_anonymous": False, "via": ["الأناضول"]},
    ]}]
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def _predicted(doc) -> Article:
    """Hand-made predictions for ARTICLE: both contents, the minister as speaker of both,
    the agency as the second one's via (and one spurious quotation)."""
    text = doc.raw
    article = Article(text=text)
    name = text.index("سامي عادل")
    speaker = ActorSpan(name, name + len("سامي عادل"))
    agency = text.index("الأناضول")
    first, second = text.index(CONTENT_1), text.index(CONTENT_2)
    article.quotes = [
        Quote("q1", "direct", Span(first, first + len(CONTENT_1)), None, speaker),
        Quote("q2", "indirect", Span(second, second + len(CONTENT_2)), None, speaker,
              [ActorSpan(agency, agency + len("الأناضول"))]),
    ]
    return article


def test_seed_format_loads_and_scores(tmp_path):
    docs = load_gold(_seed_style(tmp_path))
    assert len(docs) == 1 and not docs[0].body_only and len(docs[0].quotes) == 2
    scores = evaluate_quotes(docs, _predicted)
    assert (scores.gold, scores.matched, scores.speaker_right, scores.via_right, scores.kind_right) == (2, 2, 2, 2, 2)


def test_dev_format_loads_and_scores(tmp_path):
    docs = load_gold(_dev_style(tmp_path))
    assert docs[0].body_only and docs[0].quotes[0].start == ARTICLE.index(CONTENT_2)
    scores = evaluate_quotes(docs, _predicted)
    assert scores.gold == 1 and scores.predicted == 2 and scores.matched == 1
    assert scores.precision == pytest.approx(0.5) and scores.recall == pytest.approx(1.0)
    assert scores.speaker_right == 0 and scores.via_right == 1  # gold says وزير النقل: no name in common


def test_missing_gold_file_is_an_error(tmp_path):
    with pytest.raises(RasdError):
        load_gold(tmp_path / "absent.json")


@pytest.mark.shared
def test_seed_quotations_mostly_found(seed_path):
    """A floor for the shipped models on the seed article (13 quotations)."""
    gold = seed_path.with_name(seed_path.stem + ".gold.json")
    scores = evaluate_quotes(load_gold(gold))
    assert scores.recall >= 0.75
    assert scores.speaker_accuracy >= 0.7
