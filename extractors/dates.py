"""The one date parser: `ngày 28 tháng 12 năm 2020`, `23/12/2022`, `23-12-2022` -> ISO.

Reports write dates both ways, often with padding zeros and stray spaces
(`ngày 15  tháng 6 năm 2023`); a date that does not exist on the calendar is not a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

_NUMERIC = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_WORDED = r"(?:ngày\s+)?(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*)?năm\s+(?P<y2>\d{4})"
DATE = rf"(?i)(?<!\d)(?:{_NUMERIC}|{_WORDED})(?!\d)"
_DATE_RE = regex.compile(DATE)


@dataclass(frozen=True, slots=True)
class DateMatch:
    iso: str
    start: int
    end: int
    surface: str


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _from_match(m: regex.Match) -> str | None:
    if m.group("d") is not None:
        return _iso(m.group("d"), m.group("m"), m.group("y"))
    return _iso(m.group("d2"), m.group("m2"), m.group("y2"))


def parse_date(text: str) -> str | None:
    """The ISO date of the first date written in `text`, or None.

    >>> parse_date("ngày 28 tháng 12 năm 2020"), parse_date("23/12/2022")
    ('2020-12-28', '2022-12-23')
    """
    for m in _DATE_RE.finditer(text):
        iso = _from_match(m)
        if iso:
            return iso
    return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every valid date in text[start:end], offsets into `text`."""
    found = []
    for m in _DATE_RE.finditer(text, start, len(text) if end is None else end):
        iso = _from_match(m)
        if iso:
            found.append(DateMatch(iso, m.start(), m.end(), m.group(0)))
    return found
