"""The period a report covers: its label as written and the dates it stands for.

Reports name their period in the title (`quý II năm 2023`, `6 tháng đầu năm 2023`,
`năm 2021`, `giai đoạn 2011 - 2020`) and often state the exact stretch their figures
cover (`(số liệu tính từ 01/01/2021 đến 20/9/2021)`). Figures are cut off by rule from the
15th of the month before the period to the 14th of its last month (Nghị định 09/2019/NĐ-CP
on reporting), so a stated range usually differs from the calendar one; a stated range wins
over the label's calendar dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import regex

from extractors.dates import find_dates

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_COUNT = {"6": 6, "sáu": 6, "9": 9, "chín": 9, "3": 3, "ba": 3}
LABEL = regex.compile(
    r"(?i)(?<![\p{L}\d])(?:"
    r"(?P<stage>giai\s+đoạn\s+(?P<from>\d{4})\s*[-–—]\s*(?P<to>\d{4}))"
    r"|(?P<quarter>quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s*(?:năm|/)\s*(?P<qy>\d{4}))?)"
    r"|(?P<months>(?P<n>6|9|3|sáu|chín|ba)\s+tháng\s+(?:(?P<part>đầu|cuối)\s+)?năm"
    r"(?:\s+(?P<my>\d{4}))?)"
    r"|(?P<month>tháng\s+(?P<m>\d{1,2})\s*(?:năm|/)\s*(?P<mmy>\d{4}))"
    r"|(?P<year>năm\s+(?P<y>\d{4}))"
    r")(?![\d])"
)
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_RANGE_BEFORE = regex.compile(r"(?i)(?:từ|tính\s+từ)\s+(?:ngày\s+)?$")
_RANGE_BETWEEN = regex.compile(r"(?i)^\s*(?:(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?|[-–—]\s*)$")
_CUES = regex.compile(r"(?i)số\s+liệu|kỳ\s+báo\s+cáo|chốt|trong\s+kỳ")
# a running total (`lũy kế từ đầu năm đến nay`, `Lũy kế 10 tháng đầu năm 2023`): the stretch
# written after the word is the figure's period
CUMULATIVE = regex.compile(
    r"(?i)(?<!\p{L})l(?:ũy|uỹ)\s+kế(?:\s+(?P<stretch>\d{1,2}\s+tháng(?:\s+(?:đầu|cuối)\s+năm)?"
    r"(?:\s+(?:năm\s+)?(?:19|20)\d\d|\s*/\s*(?:19|20)\d\d)?)(?![\p{L}\d])"
    r"|(?:\s+(?:từ\s+đầu\s+năm|(?:đến|tới)\s+nay|cả\s+năm))*)"
)
MIN_DAYS = 28  # a stated range shorter than a month is an event, not the report's period


@dataclass(frozen=True, slots=True)
class Label:
    text: str  # as written, with the year added when the text gives it a few words later
    start: int
    end: int
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True, slots=True)
class Range:
    first: dt.date
    last: dt.date
    start: int
    end: int


def cumulative_period(m: regex.Match) -> str:
    """The period of a running total as written: the stretch after `lũy kế` when it names
    one (`9 tháng`), else the whole phrase (`Lũy kế từ đầu năm`)."""
    return " ".join((m.group("stretch") or m.group(0)).split())


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _bounds(m: regex.Match, year: int | None) -> tuple[dt.date | None, dt.date | None]:
    """The calendar dates a label stands for."""
    if m.group("stage"):
        return dt.date(int(m.group("from")), 1, 1), dt.date(int(m.group("to")), 12, 31)
    if year is None:
        return None, None
    if m.group("quarter"):
        q = m.group("q").lower()
        n = ROMAN.get(q) or int(q)
        return dt.date(year, 3 * n - 2, 1), month_end(year, 3 * n)
    if m.group("months"):
        count = _COUNT[m.group("n").lower()]
        if (m.group("part") or "đầu").lower() == "đầu":  # `6 tháng năm 2023`: the first half
            return dt.date(year, 1, 1), month_end(year, count)
        return dt.date(year, 13 - count, 1), dt.date(year, 12, 31)
    if m.group("month"):
        month = int(m.group("m"))
        if 1 <= month <= 12:
            return dt.date(year, month, 1), month_end(year, month)
        return None, None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _year_of(m: regex.Match) -> int | None:
    for group in ("qy", "my", "mmy", "y"):
        if m.group(group):
            return int(m.group(group))
    return None


def find_label(text: str, start: int, end: int) -> Label | None:
    """The first period named in text[start:end]; a yearless `6 tháng đầu năm` takes the
    year written next in the same sentence (`..., phương hướng 6 tháng cuối năm 2021`)."""
    m = LABEL.search(text, start, end)
    if m is None:
        return None
    written = " ".join(m.group(0).split())
    year = _year_of(m)
    if year is None and not m.group("stage"):
        sentence_end = regex.compile(r"[.;\n]").search(text, m.end(), end)
        later = _YEAR.search(text, m.end(), sentence_end.start() if sentence_end else end)
        if later is None:
            return Label(written, m.start(), m.end(), None, None)
        year = int(later.group(0))
        written = f"{written} {year}"
    first, last = _bounds(m, year)
    return Label(written, m.start(), m.end(), first, last)


def stated_ranges(text: str) -> list[Range]:
    """Every `từ (ngày) D1 đến (ngày) D2` with two full dates, at least a month apart."""
    dates = find_dates(text)
    found = []
    for a, b in zip(dates, dates[1:], strict=False):
        if not _RANGE_BETWEEN.match(text[a.end : b.start]):
            continue
        if not _RANGE_BEFORE.search(text[max(0, a.start - 20) : a.start]):
            continue
        first, last = dt.date.fromisoformat(a.iso), dt.date.fromisoformat(b.iso)
        if (last - first).days >= MIN_DAYS:
            found.append(Range(first, last, a.start, b.end))
    return found


def best_range(text: str, label: Label | None) -> Range | None:
    """The stated range that gives the report's period, if any.

    A range in the label's own sentence or next to `số liệu` / `kỳ báo cáo` comes first,
    then one that follows the 15th-to-14th cut-off; a range with neither must at least
    overlap the label's calendar period.
    """
    best, best_score = None, -1
    for rng in stated_ranges(text):
        if label is not None and label.last is not None:
            if abs(rng.last.year - label.last.year) > 1:
                continue
        score = 0
        context = text[max(0, rng.start - 80) : rng.start]
        if _CUES.search(context) or LABEL.search(context[-40:]):
            score += 3
        if rng.first.day == 15 and rng.last.day == 14:
            score += 2
        if score == 0:
            if label is None or label.first is None:
                continue
            if rng.last < label.first - dt.timedelta(days=31) or rng.first > label.last:
                continue
        if score > best_score:
            best, best_score = rng, score
    return best
