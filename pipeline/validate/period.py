"""The period a report names must be the period its dates cover.

Reports count by two calendars: the plain one (quý II = 1/4–30/6) and the reporting one
that closes each period on the 14th and opens the next on the 15th (quý I = 15/12–14/3,
quý II = 15/3–14/6, 6 tháng đầu năm = 15/12–14/6, năm = 15/12–14/12). Either is right.
A report written before its period ends counts "up to now", so an end date inside the
period is accepted; a start elsewhere, or an end outside, is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from extractors.periods import ROMAN, month_end
from schemas import Flag, ReportMeta
from schemas.text import fold, strip_marks

SLACK = timedelta(days=1)  # `đến ngày 15/6` for a period closing on the 14th

_QUARTER = re.compile(r"\bquy\s*(iv|i{1,3}|[1-4])\b(?:\s*(?:nam|/|-|–)?\s*(\d{4}))?")
_MONTHS = re.compile(r"\b(\d{1,2})\s*thang\s*(dau|cuoi)(?:\s*nam)?(?:\s*(\d{4}))?")
_MONTH = re.compile(r"\bthang\s*(\d{1,2})\b(?:\s*(?:nam|/|-)\s*(\d{4}))?")
_SPAN = re.compile(r"\bgiai\s*doan\s*(\d{4})\s*(?:-|–|den)\s*(?:nam\s*)?(\d{4})")
_YEAR = re.compile(r"\bnam\s*(\d{4})\b")


@dataclass(frozen=True, slots=True)
class Period:
    """A named stretch of a year: kind in quarter / first / last / month / year / span."""

    kind: str
    n: int = 0
    year: int | None = None
    last_year: int | None = None  # for a span

    def name(self, year: int) -> str:
        roman = {v: k.upper() for k, v in ROMAN.items()}
        return {
            "quarter": f"quý {roman.get(self.n, self.n)} năm {year}",
            "first": f"{self.n} tháng đầu năm {year}",
            "last": f"{self.n} tháng cuối năm {year}",
            "month": f"tháng {self.n} năm {year}",
            "year": f"năm {year}",
            "span": f"giai đoạn {year} - {self.last_year}",
        }[self.kind]


@dataclass(frozen=True, slots=True)
class Window:
    convention: str  # calendar | from the 15th
    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()} ({self.convention})"


def parse_label(label: str) -> Period | None:
    """`quý II/2023`, `6 tháng đầu năm 2023`, `tháng 5 năm 2023`, `năm 2021`, `giai đoạn
    2011 - 2020`; None for a label of another form."""
    text = strip_marks(fold(label))

    def year(raw: str | None) -> int | None:
        return int(raw) if raw else None

    if m := _QUARTER.search(text):
        n = ROMAN.get(m.group(1)) or int(m.group(1))
        return Period("quarter", n, year(m.group(2)))
    if (m := _MONTHS.search(text)) and 1 <= int(m.group(1)) <= 12:
        kind = "first" if m.group(2) == "dau" else "last"
        return Period(kind, int(m.group(1)), year(m.group(3)))
    if (m := _MONTH.search(text)) and 1 <= int(m.group(1)) <= 12:
        return Period("month", int(m.group(1)), year(m.group(2)))
    if m := _SPAN.search(text):
        return Period("span", 0, int(m.group(1)), int(m.group(2)))
    if m := _YEAR.search(text):
        return Period("year", 0, int(m.group(1)))
    return None


def _month_start(year: int, month: int, day: int = 1) -> date:
    """Day `day` of a month counted from January of `year` (month 0 = December before)."""
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, day)


def windows(period: Period, year: int) -> list[Window]:
    """The dates of `period` in `year`, by the plain calendar and from the 15th."""
    y, n = year, period.n
    spans = {
        "quarter": ((3 * n - 2, 3 * n), (3 * n - 3, 3 * n)),
        "first": ((1, n), (0, n)),
        "last": ((13 - n, 12), (12 - n, 12)),
        "month": ((n, n), (n - 1, n)),
        "year": ((1, 12), (0, 12)),
    }
    last = period.last_year if period.kind == "span" and period.last_year else y
    (first_month, last_month), (from_month, to_month) = spans.get(period.kind, ((1, 12), (0, 12)))
    return [
        Window("calendar", _month_start(y, first_month), month_end(last, last_month)),
        Window("from the 15th", _month_start(y, from_month, 15), date(last, to_month, 14)),
    ]


def _fits(window: Window, start: date | None, end: date | None) -> bool:
    if start is not None and abs(start - window.start) > SLACK:
        return False
    return end is None or window.start <= end <= window.end + SLACK


def _overlaps(window: Window, start: date, end: date) -> bool:
    return start <= window.end and end >= window.start


def _iso(value: str | None, name: str) -> tuple[date | None, Flag | None]:
    if not value:
        return None, None
    try:
        return date.fromisoformat(value), None
    except ValueError:
        message = f"{name} {value!r} is not an ISO date (YYYY-MM-DD)"
        return None, Flag(check="period.dates", severity="warning", message=message)


def _what_it_is(start: date, end: date) -> str:
    """The usual period these dates are exactly, for the reviewer: `quý I năm 2023`."""
    kinds = [Period("quarter", q) for q in (1, 2, 3, 4)]
    kinds += [Period("first", 6), Period("first", 9), Period("last", 6), Period("year")]
    kinds += [Period("month", m) for m in range(1, 13)]
    for year in range(start.year, end.year + 2):
        for period in kinds:
            for w in windows(period, year):
                if abs(start - w.start) <= SLACK and abs(end - w.end) <= SLACK:
                    return f" (those are the dates of {period.name(year)}, {w.convention})"
    return ""


def check_period(report: ReportMeta) -> list[Flag]:
    """period_label against period_start / period_end."""
    start, bad_start = _iso(report.period_start, "period_start")
    end, bad_end = _iso(report.period_end, "period_end")
    flags = [f for f in (bad_start, bad_end) if f is not None]
    if start and end and start > end:
        message = f"period_start {start.isoformat()} is after period_end {end.isoformat()}"
        return [*flags, Flag(check="period.dates", message=message)]
    period = parse_label(report.period_label or "")
    if period is None or (start is None and end is None):
        return flags
    known = [d for d in (start, end) if d is not None]
    years = [period.year] if period.year else sorted({d.year + k for d in known for k in (0, 1)})
    candidates = [w for y in years for w in windows(period, y)]
    if any(_fits(w, start, end) for w in candidates):
        return flags
    first, last = min(known), max(known)
    severity = "warning" if any(_overlaps(w, first, last) for w in candidates) else "error"
    dates = f"{start.isoformat() if start else '?'} – {end.isoformat() if end else '?'}"
    expected = " or ".join(str(w) for w in candidates[:2])
    matched = _what_it_is(start, end) if start and end else ""
    message = (
        f"period_label {report.period_label!r} runs {expected}, but the report's dates are "
        f"{dates}{matched}"
    )
    return [*flags, Flag(check="period.dates", severity=severity, message=message)]
