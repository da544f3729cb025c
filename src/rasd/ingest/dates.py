"""Dates to ISO 8601: ISO 8601 itself, RFC 2822, and Arabic dates with month names."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache

from dateutil import parser as dateutil_parser

from rasd.ingest.boilerplate import fold_letters
from rasd.ingest.resources import data_fields, data_lines

MONTHS_FILE = "months.tsv"
WEEKDAYS_FILE = "weekdays.txt"
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_ZULU = re.compile(r"Z$")
RFC_2822_SHAPE = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")
NUMERIC_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
# Filler between parts of an Arabic date: commas, the word "عام/سنة", "م" (AD) marks.
FILLER = re.compile(r"[،,]|\b(عام|سنة)\b|(?<=\d)\s*م\b")
LATIN_MONTH = re.compile(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b")
YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
MIN_YEAR, MAX_YEAR = 1800, 2200


def parse_date(s: str | None) -> str | None:
    """ISO 8601 (date, or datetime when a time is given) for a date string, else None."""
    if not s or not s.strip():
        return None
    text = " ".join(s.translate(DIGITS).split())
    for parser in (_iso, _rfc_2822, _arabic, _numeric, _english):
        value = parser(text)
        if value is not None:
            return value
    return None


def _iso(text: str) -> str | None:
    if not ISO_START.match(text):
        return None
    try:
        value = datetime.fromisoformat(ISO_ZULU.sub("+00:00", text))
    except ValueError:
        return _safe_date(text[:10])
    return _format(value, has_time=len(text) > len("YYYY-MM-DD"))


def _rfc_2822(text: str) -> str | None:
    if not RFC_2822_SHAPE.search(text):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _format(value, has_time=True) if value and _year_ok(value.year) else None


def _arabic(text: str) -> str | None:
    folded = FILLER.sub(" ", strip_weekday(fold_letters(text)))
    match = month_pattern().search(folded)
    if not match:
        return None
    day, name, year = match.group("day"), match.group("month"), match.group("year")
    found = _safe_date(f"{year}-{month_number(name):02d}-{int(day):02d}")
    return _with_time(found, folded[match.end():])


def _numeric(text: str) -> str | None:
    match = NUMERIC_DMY.fullmatch(text.split()[0]) if text.split() else None
    if not match:
        return None
    day, month, year = match.groups()
    return _safe_date(f"{year}-{int(month):02d}-{int(day):02d}")


def _english(text: str) -> str | None:
    """Dates like "July 17, 2016": only with a Latin month name and a four-digit year."""
    if not (LATIN_MONTH.search(text) and YEAR.search(text)):
        return None
    try:
        value = dateutil_parser.parse(text)
    except (ValueError, OverflowError):
        return None
    return _format(value, has_time=TIME.search(text) is not None)


def strip_weekday(text: str) -> str:
    words = text.split(maxsplit=1)
    if words and words[0].rstrip("،,") in weekdays():
        return words[1] if len(words) > 1 else ""
    return text


def _with_time(day: str | None, rest: str) -> str | None:
    match = TIME.search(rest)
    if day is None or not match:
        return day
    hour, minute, second = (int(g or 0) for g in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return day
    return f"{day}T{hour:02d}:{minute:02d}:{second:02d}"


def _safe_date(iso: str) -> str | None:
    try:
        value = date.fromisoformat(iso)
    except ValueError:
        return None
    return value.isoformat() if _year_ok(value.year) else None


def _format(value: datetime, has_time: bool) -> str | None:
    if not _year_ok(value.year):
        return None
    return value.isoformat() if has_time else value.date().isoformat()


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


@cache
def months() -> dict[str, int]:
    return {fold_letters(name): int(number) for number, name in data_fields(MONTHS_FILE, 2)}


def month_number(name: str) -> int:
    return months()[" ".join(name.split())]


@cache
def weekdays() -> frozenset[str]:
    return frozenset(fold_letters(w) for w in data_lines(WEEKDAYS_FILE))


@cache
def month_pattern() -> re.Pattern[str]:
    names = sorted(months(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # Day, month, an optional second name in the other series ("تموز (يوليو)", "يوليو/تموز"), year.
    other = rf"(?:\s*[(/]\s*(?:{alternatives})\s*\)?)?"
    return re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{alternatives})(?!\w){other}\s+(?P<year>\d{{4}})(?!\d)"
    )
