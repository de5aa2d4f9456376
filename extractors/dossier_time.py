"""The time a dossier figure's own words name, against the report's own period.

A figure's label may name another stretch of time (`quý I/2024` in a yearly report, `lũy
kế từ đầu năm`, `năm 2022`): that becomes its `period` or `year` qualifier. A figure in the
parentheses after `so với <period>` (`So với tháng 4/2024 (tiếp nhận 512 hồ sơ)`) is that
period's; a year in a cited plan (`Kế hoạch ... năm 2023`) or after `so với` when the figure
stands outside the parentheses is not the figure's.
"""

from __future__ import annotations

import datetime as dt

import regex

from extractors import periods
from extractors.dossier_terms import loose
from schemas import Document

# `so với tháng 4/2024 (`, `so với cùng kỳ năm 2023 (`, `so với quý trước (`, `so với cùng kỳ (`
_COMPARED = regex.compile(
    r"(?i)(?<!\p{L})so\s+với\s+(?P<label>cùng\s+kỳ(?:\s+[^(),;:]{1,30}?)?"
    r"|kỳ\s+(?:báo\s+cáo\s+)?trước|(?:(?:\d+\s+)?tháng|quý|năm)\s[^(),;:]{1,30}?)\s*\($"
)


def compared_open(text: str, start: int, pos: int) -> int | None:
    """Where the parentheses open when `pos` lies inside `so với <period> (...`: the figures
    there are the other period's (`So với quý I/2024 (1.117 hồ sơ), ...`)."""
    opening = text.rfind("(", start, pos)
    if opening < 0 or ")" in text[opening:pos] or not _COMPARED.search(text, start, opening + 1):
        return None
    return opening


def compared_period(text: str, start: int, pos: int) -> tuple[str, str] | None:
    """(`period`, as written) or (`year`, `2023`) for a figure in the parentheses after
    `so với <period>`; None elsewhere."""
    opening = compared_open(text, start, pos)
    if opening is None:
        return None
    written = " ".join(_COMPARED.search(text, start, opening + 1).group("label").split())
    same_time = regex.match(r"(?i)cùng\s+kỳ\s*", written)
    m = periods.LABEL.match(written, same_time.end() if same_time else 0)
    if m is not None and m.group("year"):
        # `năm 2023`, `cùng kỳ năm 2023` (the same stretch of another year): that year's
        return "year", m.group("y")
    # `cùng kỳ`, `cùng kỳ năm trước`, `quý trước`: as written
    return "period", written


# a sentence led by a running total (`Lũy kế 10 tháng đầu năm 2023: tiếp nhận ..., đã giải
# quyết ...`): every figure after the colon is of that stretch
_CUMULATIVE_LEAD = regex.compile(r"(?i)[-+*•.\s]*(?=l(?:ũy|uỹ)\s+kế)[^:;.\n]{0,60}:")


def cumulative_lead(text: str, start: int, pos: int) -> str | None:
    """The period of the running total that leads the sentence starting at `start`, when
    the figure at `pos` stands after its colon."""
    lead = _CUMULATIVE_LEAD.match(text, start, pos)
    cumulative = periods.CUMULATIVE.search(text, start, lead.end()) if lead else None
    return periods.cumulative_period(cumulative) if cumulative else None


_NEAR = dt.timedelta(days=31)


def period_named(text: str, start: int, end: int, own: list[tuple[dt.date, dt.date]]) -> str | None:
    """A stretch of time other than the report's own named in a figure's label, as written
    (`quý I/2024` in a yearly report, `lũy kế từ đầu năm` in a quarterly one).

    `own` holds the report's period as its label's calendar dates and as the stated range
    of its figures (`số liệu tính từ 15/12/2022 đến 14/3/2023`): either is its own.
    """
    cumulative = periods.CUMULATIVE.search(text, start, end)
    if cumulative:
        return periods.cumulative_period(cumulative)
    if not own:
        return None
    found = None
    for m in periods.LABEL.finditer(text, start, end):
        if m.group("year") or m.group("stage"):
            continue
        if _NOT_THE_FIGURE_YEAR.search(loose(text[max(start, m.start() - 60) : m.start()])):
            continue
        label = periods.find_label(text, m.start(), end)
        if label is None or label.first is None or label.last is None:
            continue
        if any(abs(label.first - a) <= _NEAR and abs(label.last - b) <= _NEAR for a, b in own):
            continue
        found = label.text
    return found


_YEAR_WORD = regex.compile(r"(?i)(?<!\p{L})năm\s+((?:19|20)\d\d)(?!\d)")
_NOT_THE_FIGURE_YEAR = regex.compile(
    r"(?:ke hoach|quyet dinh|nghi quyet|chi thi|thong bao|cong van|de an|chuong trinh|so voi"
    r"|\bden\b|\btu\b)[^,;:]*$"
)


def year_named(text: str, start: int, end: int) -> str | None:
    """`năm 2023` in a figure's label (`đúng hạn năm 2023 đạt 97%`), not in a cited plan."""
    year = None
    for m in _YEAR_WORD.finditer(text, start, end):
        if not _NOT_THE_FIGURE_YEAR.search(loose(text[max(start, m.start() - 60) : m.start()])):
            year = m.group(1)
    return year


def report_periods(doc: Document) -> list[tuple[dt.date, dt.date]]:
    """The report's own period from its metadata: the stated range of its figures and the
    calendar dates of its label (none when the text gives neither)."""
    from extractors import metadata

    out = []
    try:
        meta = metadata.EXTRACTOR.extract(doc)
        if meta.period_start and meta.period_end:
            first = dt.date.fromisoformat(meta.period_start)
            out.append((first, dt.date.fromisoformat(meta.period_end)))
        label = periods.find_label(meta.period_label or "", 0, len(meta.period_label or ""))
        if label is not None and label.first is not None and label.last is not None:
            out.append((label.first, label.last))
    except Exception:  # noqa: BLE001 - without a period there are no time qualifiers
        return []
    return out
