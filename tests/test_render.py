"""The table renderer: logical order with bidi isolates, display widths, visual order on request."""

from __future__ import annotations

import io
import unicodedata

import pytest

from rasd.model import Actor, Article, Entity, Metadata, Quote, Span
from rasd.render import (
    BIDI_ISOLATE,
    BIDI_OFF,
    BIDI_VISUAL,
    ELLIPSIS,
    FSI,
    PDI,
    display_width,
    fit,
    render_table,
    resolve_bidi,
    row,
    visual_order,
)

# My own sentences; the name carries harakat (zero-width combining marks).
NAME = "مُحَمَّد الأَمِين"
TITLE = "وزير الخارجية يصل إلى الرباط (في زيارة رسمية)"
QUOTE = "«العلاقات ممتازة» " + "والتعاون بين البلدين سيستمر في كل المجالات " * 4


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _article() -> Article:
    text = f"{NAME} قال إن {QUOTE}"
    start = text.index(QUOTE)
    article = Article(text=text, meta=Metadata(id="t1", title=TITLE, outlet="الأخبار"))
    article.entities.append(Entity(0, len(NAME), "PER"))
    article.actors.append(Actor("a1", NAME, "person", "MAR", "GOV", role="وزير الخارجية"))
    article.quotes.append(Quote("q1", "direct", Span(start, len(text)), None, None))
    return article


def test_display_width_gives_marks_no_column():
    assert len(NAME) > display_width(NAME) == len("محمد الأمين")
    assert display_width(FSI + "ab" + PDI) == 2
    assert display_width("中文") == 4


def test_fit_cuts_by_display_width_and_keeps_marks_on_their_letter():
    long = (NAME + " ") * 10
    cut = fit(long, 12)
    assert display_width(cut) <= 12 and cut.endswith(ELLIPSIS)
    body = cut[:-1]
    # Never a bare letter whose haraka was cut off: the text kept is a prefix by clusters.
    assert long.startswith(body)
    assert not unicodedata.combining(long[len(body)])
    assert fit("قصير", 12) == "قصير"


def test_fit_removes_bidi_controls_that_would_leak_out_of_a_cell():
    assert fit("\u202eعربي\u2069", 10) == "عربي"


def test_table_is_logical_order_with_each_arabic_cell_isolated():
    out = render_table(_article(), bidi=BIDI_ISOLATE)
    assert f"{FSI}{TITLE}{PDI}" in out  # logical order, brackets as written
    assert f"{FSI}{NAME}{PDI}" in out  # harakat after their own letters
    assert TITLE[::-1] not in out
    assert out.count(FSI) == out.count(PDI)
    # Latin cells are not isolated.
    assert f"{FSI}PER" not in out and f"{FSI}MAR" not in out


@pytest.mark.parametrize("bidi", [BIDI_ISOLATE, BIDI_VISUAL, BIDI_OFF])
@pytest.mark.parametrize("width", [60, 100, 140])
def test_every_row_fits_the_width_so_none_wraps(bidi, width):
    out = render_table(_article(), bidi=bidi, width=width)
    widths = [display_width(line) for line in out.splitlines()]
    assert max(widths) <= width
    assert "\t" not in out


def test_columns_after_an_arabic_cell_line_up():
    rows = [row(["a", name, "MAR"], (2, 14, 0), BIDI_ISOLATE, 80) for name in (NAME, "سمير", "x")]
    # The column after the Arabic cell starts at the same display column in every row.
    starts = [display_width(r[: r.index("MAR")]) for r in rows]
    assert len(set(starts)) == 1


def test_visual_order_keeps_harakat_after_their_letter_and_mirrors_brackets():
    shown = visual_order("قالَ (مُحَمَّد)")
    assert shown[0] == "(" and shown[-1] != ")"  # the bracket pair reads as a pair left to right
    for i, ch in enumerate(shown):
        if unicodedata.combining(ch):
            # a mark follows an Arabic letter or another mark, never a space or a bracket
            assert unicodedata.combining(shown[i - 1]) or unicodedata.bidirectional(shown[i - 1]) == "AL"
    letters = [c for c in shown if not unicodedata.combining(c)]
    assert "".join(letters) == "(دمحم) لاق"


def test_visual_only_into_a_terminal():
    assert resolve_bidi(BIDI_VISUAL, io.StringIO()) == BIDI_ISOLATE  # a file or a pipe
    assert resolve_bidi(BIDI_VISUAL, Tty()) == BIDI_VISUAL
    assert resolve_bidi(None, Tty()) == BIDI_ISOLATE


def test_env_chooses_the_mode(monkeypatch):
    monkeypatch.setenv("RASD_BIDI", "visual")
    assert resolve_bidi(None, Tty()) == BIDI_VISUAL
    assert resolve_bidi(BIDI_OFF, Tty()) == BIDI_OFF  # the flag wins
