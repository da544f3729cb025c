"""When an event happened, as an ISO date: relative words (أمس, مساء أمس, الأسبوع الماضي),
weekday names and explicit dates in either Arabic month series, resolved against the
article's publication date (data/events/when.tsv; month names from rasd.ingest.dates)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from rasd.resources import read_table
from rasd.text.normalize import normalize_word

WHEN_FILE = ("events", "when.tsv")
DAY, WEEK, MONTH, YEAR, WEEKDAY = "day", "week", "month", "year", "weekday"
DAYS_IN_WEEK = 7
MONTHS_IN_YEAR = 12
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@cache
def time_phrases() -> tuple[tuple[tuple[str, ...], str, int], ...]:
    """(normalised words, unit, offset), longest phrases first."""
    rows = [(tuple(normalize_word(w) for w in phrase.split()), unit, int(offset))
            for phrase, unit, offset in read_table(*WHEN_FILE)]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def published_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _shift_month(day: date, months: int) -> str:
    index = day.year * MONTHS_IN_YEAR + day.month - 1 + months
    return f"{index // MONTHS_IN_YEAR:04d}-{index % MONTHS_IN_YEAR + 1:02d}"


def resolve(unit: str, offset: int, base: date) -> str:
    if unit == DAY:
        return (base + timedelta(days=offset)).isoformat()
    if unit == WEEK:
        return (base + timedelta(days=DAYS_IN_WEEK * offset)).isoformat()
    if unit == MONTH:
        return _shift_month(base, offset)
    if unit == YEAR:
        return f"{base.year + offset:04d}"
    back = (base.weekday() - offset) % DAYS_IN_WEEK
    return (base - timedelta(days=back)).isoformat()


@cache
def _phrases_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str, int], ...]]:
    out: dict[str, list] = {}
    for row in time_phrases():
        out.setdefault(row[0][0], []).append(row)
    return {k: tuple(v) for k, v in out.items()}


def _phrase_at(words: list[tuple[str, ...]], i: int) -> tuple[str, int] | None:
    index = _phrases_by_first_word()
    for reading in words[i]:
        for phrase, unit, offset in index.get(reading, ()):
            if all(i + k < len(words) and w in words[i + k] for k, w in enumerate(phrase)):
                return unit, offset
    return None


@cache
def _date_pattern() -> re.Pattern[str] | None:
    try:
        from rasd.ingest.dates import months
    except ImportError:
        return None
    names = sorted((normalize_word(n) for n in months()), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<!\d)(\d{{1,2}})\s+({alternatives})(?!\w)(?:\s*[(/][^)\d]*\)?)?(?:\s+(\d{{4}}))?")


def _month_number(name: str) -> int | None:
    from rasd.ingest.dates import months

    folded = {normalize_word(k): v for k, v in months().items()}
    return folded.get(" ".join(name.split()))


def explicit_date(sentence: str, base: date | None) -> str | None:
    """A day-month(-year) date in the sentence; a missing year is the latest not after `base`."""
    pattern = _date_pattern()
    match = pattern.search(normalize_word(sentence).translate(ARABIC_DIGITS)) if pattern else None
    month = _month_number(match.group(2)) if match else None
    if match is None or month is None:
        return None
    year = int(match.group(3)) if match.group(3) else (base.year if base else None)
    if year is None:
        return None
    try:
        found = date(year, month, int(match.group(1)))
    except ValueError:
        return None
    if not match.group(3) and base is not None and found > base:
        found = found.replace(year=year - 1)
    return found.isoformat()


def event_date(sentence: str, words: list[tuple[str, ...]], published: str | None) -> str | None:
    """The date a sentence gives its events, or None when it names no time."""
    base = published_day(published)
    explicit = explicit_date(sentence, base)
    if explicit is not None or base is None:
        return explicit
    for i in range(len(words)):
        found = _phrase_at(words, i)
        if found is not None:
            return resolve(found[0], found[1], base)
    return None
