"""A generic reader for the statistics tables of reports.

Reports carry their figures in tables of a few recurring shapes: an index column (`STT`,
`1.4.3`), a label column (`Chỉ tiêu`), a unit column (`Đơn vị tính`: `Thủ tục`, `Hồ sơ`,
`Người`, `%`), one value column (`Số liệu`) or one column per year (`Năm 2011 ... Năm 2020
(Tính đến 31/3)`), and sometimes a note column. Tables are rendered into the text one
line per row, cells joined by ` | `; every cell keeps its span.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from extractors.columns import ColumnTime, column_time, names_time, own_period, year_time
from extractors.numbers import Number, NumberMatch, find_numbers
from extractors.scopes import is_whole_label, level_label
from schemas import Document, Table
from schemas.text import loose_key

_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def year_of(text: str) -> str | None:
    """The year a column header or phrase names (`Năm 2020 (Tính đến 31/3)` -> `2020`)."""
    m = regex.search(r"(?i)năm\s+((?:19|20)\d\d)(?!\d)", text)
    if m:
        return m.group(1)
    stripped = regex.sub(r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?", " ", text)
    years = _YEAR.findall(stripped)
    return years[0] if len(set(years)) == 1 else None


def has_words(text: str, *phrases: str) -> bool:
    """True when any phrase occurs in text, ignoring case, tone placement and diacritics."""
    key = f" {loose_key(text)} "
    return any(f" {loose_key(p)} " in key for p in phrases)


_INDEX = regex.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.?|[a-zđ]\)|[-+*•–])\s*$")
UNITS = {
    "thủ tục": "procedure",
    "tthc": "procedure",
    "hồ sơ": "dossier",
    "người": "person",
    "%": "percent",
    "văn bản": "document",
    "lĩnh vực": "field",
    "đơn vị": "unit",
    "cơ quan, đơn vị": "unit",
    "pakn": "petition",
    "nhiệm vụ": "task",
    "vấn đề": "issue",
    "triệu đồng": "money",
}


@dataclass(frozen=True, slots=True)
class TableValue:
    """One figure of a table with what it is about.

    `label` is the row's label (the widest text cell), `header` the column's header
    text, `section` the label of the row it is a sub-item of (index `1.4` for `1.4.3`,
    or the last row without figures above it), `unit` the row's unit cell, `year` the
    year its column names.

    Against the report's own period: `period` is the stretch of time the column names
    when it is not the report's own (`Tháng 7/2023` in a quarter's report, as written),
    `other_year` the column's year when that is not the report's own.
    A row whose label is only a level (`- Cấp huyện`, `Các sở, ban, ngành`) has that
    level in `level` and what it is a part of in `parent` (the row above it that is not a
    level, or its section); `whole` marks a `Tổng` / `Tổng cộng` / `Toàn tỉnh` row.
    """

    table: int
    row: int
    label: str
    label_start: int
    label_end: int
    header: str
    section: str
    index: str
    unit: str
    year: str | None
    value: Number
    figure: NumberMatch
    row_start: int
    row_end: int
    period: str | None = None
    other_year: str | None = None
    level: str | None = None
    parent: str = ""
    whole: bool = False

    @property
    def time_qualifiers(self) -> dict[str, str]:
        """`{"period": ...}` or `{"year": ...}` for a column other than the report's own."""
        if self.period:
            return {"period": self.period}
        return {"year": self.other_year} if self.other_year else {}

    @property
    def subject(self) -> str:
        """What the figure counts: the row's label, or for a level or whole row the row it
        splits and the column's header (`Tổng số hồ sơ tiếp nhận`)."""
        if self.level is None and not self.whole:
            return self.label
        return " ".join(x for x in (self.parent, self.header) if x)


def _strip_tags(text: str) -> str:
    return regex.sub(r"<[^>]{1,40}>", "", text).strip()


def _is_index(text: str) -> bool:
    return bool(_INDEX.match(_strip_tags(text)))


def _is_figure(text: str) -> bool:
    s = _strip_tags(text)
    return bool(s) and bool(regex.fullmatch(r"\d[\d.,]*\s*%?", s))


def _unit_of_cell(text: str) -> str:
    s = _strip_tags(text).casefold()
    return s if s in UNITS else ""


def row_label(table: Table, row: int) -> str:
    """The row's label: its first text cell that is not an index, a unit or a figure
    (a note column further right may be wider, but the label comes first)."""
    for cell in table.rows[row].cells:
        s = _strip_tags(cell.text)
        if _is_index(s) or _is_figure(s) or _unit_of_cell(s):
            continue
        if len(regex.findall(r"\p{L}", s)) >= 2:
            return " ".join(s.split())
    return ""


def _row_index(table: Table, row: int) -> str:
    cells = table.rows[row].cells
    if cells and _is_index(cells[0].text):
        return _strip_tags(cells[0].text).rstrip(".")
    return ""


def _is_header_row(table: Table, i: int) -> bool:
    r = table.rows[i]
    if r.header:
        return True
    texts = [_strip_tags(c.text) for c in r.cells]
    if any(_is_figure(t) and year_of(t) is None for t in texts):
        return False
    if any(year_of(t) and regex.match(r"(?i)năm\s|(?:19|20)\d\d", t) for t in texts):
        return True
    if sum(1 for t in texts if names_time(t)) >= 2:
        return True  # `Tháng 7/2023 | Tháng 8/2023 | Quý III/2023`
    return bool(texts) and (
        has_words(texts[0], "STT", "TT")
        or any(has_words(t, "Đơn vị tính", "ĐVT", "Số liệu", "Chỉ tiêu") for t in texts)
    )


def section_label(table: Table, row: int) -> str:
    """The label of the row a row belongs under: `1.4` for `1.4.3`; for a bullet or an
    unnumbered row, the last row above it that has a label and no figure."""
    index = _row_index(table, row)
    if "." in index:
        parent = index.rsplit(".", 1)[0]
        for j in range(row - 1, -1, -1):
            if _row_index(table, j) == parent:
                return row_label(table, j)
        return ""
    if index and index[0].isdigit():
        return ""
    for j in range(row - 1, -1, -1):
        if _is_header_row(table, j):
            break
        if index and _row_index(table, j) == index:
            continue  # a sibling bullet that happens to be empty
        texts = [c.text for c in table.rows[j].cells]
        if not any(_is_figure(t) for t in texts) and row_label(table, j):
            return row_label(table, j)
    return ""


def _spread(parent: list[str], sub: list[str]) -> list[str]:
    """Lay a group header row that lost its merged cells over the columns of the row below.

    An empty cell below is the lower half of a parent cell merged downwards (one column);
    a run of filled cells below sits under the group headers, the run shared out one
    column each and the last group taking the rest (`Số hồ sơ còn tồn tại` over
    `Chưa đến hẹn | Quá hẹn`).
    """
    out: list[str] = []
    p = 0
    k = 0
    while k < len(sub) and p < len(parent):
        if not sub[k]:
            out.append(parent[p])
            p += 1
            k += 1
            continue
        j = k
        while j < len(sub) and sub[j]:
            j += 1
        empties_after = sum(1 for x in sub[j:] if not x)
        groups = max(1, len(parent) - p - empties_after)
        for n in range(j - k):
            out.append(parent[p + min(n, groups - 1)])
        p += groups
        k = j
    return out + [""] * (len(sub) - len(out))


def _column_headers(table: Table) -> dict[int, str]:
    """Each column's header text, the header rows' texts joined top to bottom."""
    rows = [
        [" ".join(_strip_tags(c.text).split()) for c in r.cells]
        for i, r in enumerate(table.rows[:4])
        if _is_header_row(table, i)
    ]
    for i in range(len(rows) - 1):
        if len(rows[i]) < len(rows[i + 1]):
            rows[i] = _spread(rows[i], rows[i + 1])
    headers: dict[int, list[str]] = {}
    for texts in rows:
        for k, s in enumerate(texts):
            if s:
                headers.setdefault(k, []).append(s)
    return {k: " ".join(v) for k, v in headers.items()}


def _year_columns(table: Table) -> list[tuple[int, str, int]]:
    """(column, year, header row length) for every header cell that names one year."""
    found = []
    for i, r in enumerate(table.rows):
        if not _is_header_row(table, i):
            continue
        for k, cell in enumerate(r.cells):
            s = _strip_tags(cell.text)
            y = year_of(s)
            if y and regex.search(r"(?i)năm|^\s*(?:19|20)\d\d", s) and not names_time(s):
                found.append((k, y, len(r.cells)))
    return found


# The values of the document read last: three rules read every table of a document, and
# the values depend on the document alone. Kept with the document's text and tables
# themselves, so another document (or this one given new tables) is never taken for it.
_LAST: tuple[Document, str, list[Table], tuple[TableValue, ...]] | None = None


def table_values(doc: Document) -> Iterator[TableValue]:
    """Every figure of every table, with its row label, column header, unit and year.

    Year columns are matched by position; when a data row has fewer cells than the
    header row (empty cells dropped by the reader), figures align from the right.
    """
    global _LAST
    last = _LAST
    if last is not None and last[0] is doc and last[1] is doc.text and last[2] is doc.tables:
        return iter(last[3])
    values = tuple(_table_values(doc))
    _LAST = (doc, doc.text, doc.tables, values)
    return iter(values)


def _table_values(doc: Document) -> Iterator[TableValue]:
    own = None
    for t in doc.tables:
        headers = _column_headers(t)
        years = _year_columns(t)
        if own is None and (years or any(names_time(h) for h in headers.values())):
            own = own_period(doc)
        unit_col = next((k for k, h in headers.items() if has_words(h, "Đơn vị tính", "ĐVT")), None)
        for i, r in enumerate(t.rows):
            if _is_header_row(t, i):
                continue
            label = row_label(t, i)
            if not label:
                continue
            label_cell = next(
                (c for c in r.cells if " ".join(_strip_tags(c.text).split()) == label), None
            )
            unit = ""
            for k, cell in enumerate(r.cells):
                u = _unit_of_cell(cell.text)
                if u or (unit_col is not None and k == unit_col):
                    unit = u or _strip_tags(cell.text).casefold()
                    break
            section = section_label(t, i)
            index = _row_index(t, i)
            level = level_label(label)
            parent = section or (_parent_row(t, i) if level else "")
            figures = [(k, c) for k, c in enumerate(r.cells) if _is_figure(c.text)]
            if index:
                figures = [(k, c) for k, c in figures if k > 0]
            for k, cell in figures:
                found = find_numbers(doc.text, cell.start, cell.end)
                if len(found) != 1:
                    continue
                year = _year_for(years, k, len(r.cells), len(figures), figures)
                time = _time_of(headers.get(k, ""), year, own or ())
                yield TableValue(
                    table=t.index,
                    row=i,
                    label=label,
                    label_start=label_cell.start if label_cell else r.start,
                    label_end=label_cell.end if label_cell else r.end,
                    header=headers.get(k, ""),
                    section=section,
                    index=index,
                    unit=unit,
                    year=year,
                    value=found[0].value,
                    figure=found[0],
                    row_start=r.start,
                    row_end=r.end,
                    period=time.period,
                    other_year=time.year,
                    level=level,
                    parent=parent,
                    whole=is_whole_label(label),
                )


def _time_of(header: str, year: str | None, own) -> ColumnTime:
    """The column's time against the report's own period; a year found by aligning a row
    whose empty cells were dropped wins over the header at the same position."""
    if names_time(header):
        return column_time(header, own)
    if year is not None:
        return year_time(year, own)
    return column_time(header, own)


def _parent_row(table: Table, row: int) -> str:
    """The label of the row a level row splits: the nearest row above that is not a level."""
    for j in range(row - 1, -1, -1):
        if _is_header_row(table, j):
            return ""
        label = row_label(table, j)
        if label and level_label(label) is None:
            return label
    return ""


def _year_for(
    years: list[tuple[int, str, int]], col: int, row_len: int, n_figures: int, figures: list
) -> str | None:
    if not years:
        return None
    by_col = {k: (y, n) for k, y, n in years}
    width = max(n for _, _, n in years)
    if row_len == width and col in by_col:
        return by_col[col][0]
    # cells dropped: align the row's figures with the last year columns
    ordered = sorted(by_col.items())
    pos = [k for k, _ in figures].index(col) if col in [k for k, _ in figures] else -1
    if pos < 0 or n_figures > len(ordered):
        return None
    return ordered[len(ordered) - n_figures + pos][1][0]
