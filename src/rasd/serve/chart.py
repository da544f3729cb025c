"""Events per day by type as an SVG of stacked bars, drawn on the server (no chart library)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, LEGEND_WIDTH = 36, 28, 10, 130
MAX_BAR_W = 40  # a few days still look like bars, not a wall
MAX_DAYS = 90  # the most recent calendar days drawn; older ones are left to the table
LABEL_MIN_GAP = 80  # px between two date labels, so that they never overlap
# A fixed palette so that a type keeps its colour on every page (colour-blind-safe Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999")
MAX_TYPES = len(PALETTE)
OTHER = "OTHER"


def events_chart(by_day: list[dict]) -> Markup:
    """`by_day`: rows {day, type, events} (rasd.serve.data.StoreView.stats)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for row in by_day:
        counts[str(row["day"])][row["type"]] = counts[str(row["day"])].get(row["type"], 0) + row["events"]
        totals[row["type"]] += row["events"]
    if not counts:
        return Markup('<p class="empty">لا أحداث</p>')
    ranked = sorted(totals, key=lambda t: (-totals[t], t))
    shown = ranked[: MAX_TYPES - 1] if len(ranked) > MAX_TYPES else ranked
    colour = {t: PALETTE[i] for i, t in enumerate(shown)}
    days = calendar_days(sorted(counts))
    stacks = []
    for day in days:
        stack: dict[str, int] = defaultdict(int)
        for t, n in counts[day].items():
            stack[t if t in colour else OTHER] += n
        stacks.append(stack)
    if len(ranked) > len(shown):
        colour[OTHER] = PALETTE[-1]
    peak = max(sum(s.values()) for s in stacks)
    plot_w = WIDTH - MARGIN_LEFT - LEGEND_WIDTH
    plot_h = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    bar_w = min(plot_w / len(days), MAX_BAR_W)
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="الأحداث يوميا حسب النوع" direction="ltr">']
    parts.append(f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP + plot_h}" x2="{MARGIN_LEFT + plot_w}" '
                 f'y2="{MARGIN_TOP + plot_h}" stroke="#555"/>')
    parts.append(f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 8}" text-anchor="end" class="axis">{peak}</text>')
    parts.append(f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + plot_h}" text-anchor="end" class="axis">0</text>')
    for i, (day, stack) in enumerate(zip(days, stacks, strict=True)):
        x = MARGIN_LEFT + i * bar_w
        y = MARGIN_TOP + plot_h
        for t in [*shown, OTHER]:
            n = stack.get(t, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(f'<rect x="{x + 0.5:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}" '
                         f'fill="{colour[t]}" data-day="{escape(day)}" data-type="{escape(t)}" data-count="{n}">'
                         f'<title>{escape(day)} {escape(t)}: {n}</title></rect>')
    for i in label_positions(len(days), bar_w):
        x = MARGIN_LEFT + (i + 0.5) * bar_w
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">{escape(days[i])}</text>')
    for j, t in enumerate([t for t in [*shown, OTHER] if t in colour]):
        y = MARGIN_TOP + j * 18
        lx = WIDTH - LEGEND_WIDTH + 10
        parts.append(f'<rect x="{lx}" y="{y}" width="12" height="12" fill="{colour[t]}"/>'
                     f'<text x="{lx + 18}" y="{y + 11}" class="legend">{escape(t)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def calendar_days(days: list[str]) -> list[str]:
    """Every calendar day up to the newest with events, at most MAX_DAYS of them, so that a gap
    in the news is drawn as a gap (bars of event days alone put a week and a year side by side)."""
    try:
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    except ValueError:  # not ISO days: draw what there is
        return days[-MAX_DAYS:]
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def label_positions(n_days: int, bar_w: float) -> list[int]:
    """First, middle and last bar, leaving out a label that would overlap the one before."""
    kept: list[int] = []
    for i in sorted({0, n_days // 2, n_days - 1}):
        if not kept or (i - kept[-1]) * bar_w >= LABEL_MIN_GAP:
            kept.append(i)
    if n_days > 1 and kept[-1] != n_days - 1 and (n_days - 1 - kept[0]) * bar_w >= LABEL_MIN_GAP:
        kept[-1] = n_days - 1  # the newest day matters more than the middle one
    return kept
