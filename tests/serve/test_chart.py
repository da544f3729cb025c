from __future__ import annotations

import re

import pytest

pytest.importorskip("markupsafe")

from rasd.serve.chart import LABEL_MIN_GAP, MAX_DAYS, calendar_days, events_chart, label_positions  # noqa: E402


def test_a_gap_in_the_news_is_drawn_as_empty_days() -> None:
    days = calendar_days(["2018-05-01", "2018-05-04"])
    assert days == ["2018-05-01", "2018-05-02", "2018-05-03", "2018-05-04"]


def test_at_most_max_days_ending_at_the_newest() -> None:
    days = calendar_days(["2018-01-01", "2021-01-20"])
    assert len(days) == MAX_DAYS and days[-1] == "2021-01-20"


def test_labels_never_closer_than_the_minimum_gap() -> None:
    for n_days, bar_w in [(2, 40.0), (3, 40.0), (90, 6.0), (1, 40.0)]:
        kept = label_positions(n_days, bar_w)
        assert kept[0] == 0
        assert all((b - a) * bar_w >= LABEL_MIN_GAP for a, b in zip(kept, kept[1:], strict=False))
    assert label_positions(90, 6.0)[-1] == 89


def test_chart_bars_sit_on_their_days() -> None:
    svg = str(events_chart([{"day": "2018-05-01", "type": "ASSAULT", "events": 2},
                            {"day": "2018-05-03", "type": "PROTEST", "events": 1}]))
    assert re.findall(r'data-day="([^"]+)"', svg) == ["2018-05-01", "2018-05-03"]
    assert svg.count("<text") == 2 + 2 + 2  # axis 0/peak, two legend entries, two date labels (3 days, 40 px)
