"""Mentions: credited media are no event arguments (mentions.py drops them from the candidates)."""

from __future__ import annotations

import rasd


def _events(text: str):
    article = rasd.analyze(text)
    span = lambda s: article.span_text(s) if s else None  # noqa: E731
    return [(e.type, span(e.source), span(e.target)) for e in article.events]


def test_medium_credited_with_a_statement_is_not_an_argument():
    events = _events("ونفى مسؤول في وزارة الدفاع لوكالة «رويترز» أن تكون الغارات قد أصابت مدنيين.")
    for _, source, target in events:
        assert "رويترز" not in (source or "") and "رويترز" not in (target or "")
