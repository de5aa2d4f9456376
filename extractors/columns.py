"""The stretch of time a table column names, measured against the report's own period.

Tables lay figures out by month (`Tháng 7/2023 | Tháng 8/2023 | Tháng 9/2023 | Quý
III/2023`), by quarter or by year (`Năm 2022 | Năm 2023`). A column naming the report's own
period carries no qualifier; any other column carries `{"period": <as written>}` (a month,
a quarter, a half year, `lũy kế`, the stretch after `lũy kế 9 tháng`, `kỳ trước`) or, for a
calendar year and the same stretch of another year (`Cùng kỳ năm 2022`), `{"year": "2022"}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from extractors import periods
from schemas import Document

Own = tuple[tuple[dt.date, dt.date], ...]
_NEAR = dt.timedelta(days=20)  # reports cut their figures off on the 14th/15th
# the same stretch a year before, the stretch before (`Cùng kỳ năm 2022`, `Kỳ trước`)
_OTHER_STRETCH = regex.compile(
    r"(?i)(?<!\p{L})(?:cùng\s+kỳ(?:\s+năm(?:\s+(?:trước|(?P<y>(?:19|20)\d\d)))?|\s+(?P<y>(?:19|20)\d\d))?|"
    r"kỳ\s+(?:báo\s+cáo\s+)?trước)(?!\p{L})"
)
_MONTH = regex.compile(r"(?i)(?<!\p{L})tháng\s+(\d{1,2})(?:\s*(?:/|năm)\s*((?:19|20)\d\d))?(?!\d)")


@dataclass(frozen=True, slots=True)
class ColumnTime:
    """What a column header says about time: `period` as written when it names a stretch
    other than the report's own, `year` when it names another calendar year, `named` when
    it names any stretch of time at all (the report's own included)."""

    period: str | None = None
    year: str | None = None
    named: bool = False


def own_period(doc: Document) -> Own:
    """The report's own period as date ranges: the calendar dates of its label, else the
    stated range of its figures (empty when the text gives neither). The label decides
    when there is one: a stated range (15/4 to 14/5 for `tháng 5`) lies as close to the
    month before as to its own."""
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc and hit[1] == len(doc.text):
        return hit[2]
    from extractors import metadata

    out: list[tuple[dt.date, dt.date]] = []
    try:
        meta = metadata.EXTRACTOR.extract(doc)
        text = meta.period_label or ""
        label = periods.find_label(text, 0, len(text))
        if label is not None and label.first is not None and label.last is not None:
            out.append((label.first, label.last))
        elif meta.period_start and meta.period_end:
            first = dt.date.fromisoformat(meta.period_start)
            out.append((first, dt.date.fromisoformat(meta.period_end)))
    except Exception:  # noqa: BLE001 - without a period there are no time qualifiers
        out = []
    own = tuple(out)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(doc)] = (doc, len(doc.text), own)
    return own


_CACHE: dict[int, tuple[Document, int, Own]] = {}


def is_own(first: dt.date, last: dt.date, own: Own) -> bool:
    return any(abs(first - a) <= _NEAR and abs(last - b) <= _NEAR for a, b in own)


def names_time(header: str) -> bool:
    """True when a header names a month, a quarter, a stretch of months or `lũy kế`."""
    if periods.CUMULATIVE.search(header) or _OTHER_STRETCH.search(header) or _MONTH.search(header):
        return True
    m = periods.LABEL.search(header)
    return bool(m and not m.group("year"))


def column_time(header: str, own: Own) -> ColumnTime:
    """The time a column header names, against the report's own period `own`."""
    cumulative = periods.CUMULATIVE.search(header)
    if cumulative:
        return ColumnTime(period=periods.cumulative_period(cumulative), named=True)
    other = _OTHER_STRETCH.search(header)
    if other and other.group("y"):  # `Cùng kỳ năm 2022`: the same stretch of another year
        return ColumnTime(year=other.group("y"), named=True)
    if other:
        return ColumnTime(period=" ".join(other.group(0).split()), named=True)
    year_now = max((b.year for _, b in own), default=None)
    month = _MONTH.search(header)
    if month and 1 <= int(month.group(1)) <= 12:
        written = " ".join(month.group(0).split())
        year = int(month.group(2)) if month.group(2) else year_now
        if year is not None:
            n = int(month.group(1))
            first = dt.date(year, n, 1)
            last = periods.month_end(year, n)
            if is_own(first, last, own):
                return ColumnTime(named=True)
        return ColumnTime(period=written, named=True)
    m = periods.LABEL.search(header)
    if m is None:
        return ColumnTime()
    written = " ".join(m.group(0).split())
    label = periods.find_label(header, m.start(), len(header))
    first, last = (label.first, label.last) if label else (None, None)
    if first is None and year_now is not None:
        probe = f"{written} năm {year_now}"
        label = periods.find_label(probe, 0, len(probe))
        first, last = (label.first, label.last) if label else (None, None)
    if first is not None and last is not None and is_own(first, last, own):
        return ColumnTime(named=True)
    if m.group("year"):
        return ColumnTime(year=m.group("y"), named=True)
    return ColumnTime(period=written, named=True)


def year_time(year: str, own: Own) -> ColumnTime:
    """A column that names a bare year (`2019`): a year qualifier unless it is the report's."""
    first, last = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    return ColumnTime(named=True) if is_own(first, last, own) else ColumnTime(year=year, named=True)
