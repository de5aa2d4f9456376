"""Dossier results tables, real or flattened into text lines.

A results table names the figure in its columns (`Số hồ sơ tiếp nhận | Số hồ sơ giải
quyết xong: Đúng hẹn | Số hồ sơ còn tồn tại: Chưa đến hẹn | Quá hẹn`) with one row per
field and a total row: the field rows give `dossier.by_field`, the total row the status
counts. Text extraction often flattens such a table into a header of scattered words and
lines like `3. Tư pháp – Hộ tịch 2.231 2.231 0 0`; those are read the same way
(`dossier_flat`). A `Quá hẹn` column right after a pending one (`Chưa đến hẹn`) counts
pending dossiers. Tables whose rows name the figures are `dossier_stats`.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors import common
from extractors.dossier_terms import loose
from extractors.headers import column_metrics as headers_read
from extractors.numbers import NumberMatch
from schemas import Candidate, Document, Row, Table

# --- column headers -------------------------------------------------------------------

COLUMN = regex.compile(
    r"(?P<label>loai thu tuc|ten thu tuc|linh vuc|noi dung|chi tieu)"
    r"|(?P<procedures>so (?:luong )?(?:tthc|thu tuc)|\btthc\b)"
    r"|(?P<eot>truoc va dung (?:thoi )?(?:han|hen))"
    r"|(?P<early>truoc (?:thoi )?(?:han|hen))"
    r"|(?P<on_time>dung (?:thoi )?(?:han|hen))"
    r"|(?P<not_due>chua (?:den|toi) (?:han|hen)|trong (?:thoi )?(?:han|hen))"
    r"|(?P<late>qua (?:thoi )?(?:han|hen)|tre (?:han|hen))"
    r"|(?P<new>moi tiep nhan|tiep nhan moi)"
    r"|(?P<carried>ky truoc)"
    r"|(?P<online>truc tuyen)|(?P<direct>truc tiep)|(?P<postal>buu chinh|\bbcci\b)"
    r"|(?P<resolved>giai quyet xong|da giai quyet)"
    r"|(?P<pending>con ton(?: tai| dong)?|ton dong|dang giai quyet|chua giai quyet)"
    r"|(?P<received>tiep nhan|nhan giai quyet|tong so ho so)"
)
LEAVES = {"eot", "early", "on_time", "not_due", "late", "received", "new", "carried",
           "online", "direct", "postal", "procedures"}  # fmt: skip
_LEAF_METRIC = {
    "eot": "dossier.resolved.early_or_on_time",
    "early": "dossier.resolved.early",
    "on_time": "dossier.resolved.on_time",
    "received": "dossier.received",
    "new": "dossier.received.new",
    "carried": "dossier.carried_over",
    "online": "dossier.received.online",
    "direct": "dossier.received.direct",
    "postal": "dossier.received.postal",
    "procedures": None,
    "resolved": "dossier.resolved",
    "pending": "dossier.pending",
}
TOTAL_ROW = regex.compile(r"(?i)^\W*(?:tổng\s*cộng|tổng\s*số|tổng|cộng)(?!\p{L})")


# PDF cells of narrow columns come back with words broken across their lines (`Tổn g số`,
# `Trả trư ớc hạn`): the same patterns are also tried with every space taken out
_COLUMN_UNSPACED = regex.compile(COLUMN.pattern.replace(" ", "").replace("\\b", ""))


def _kinds(text: str) -> list[str]:
    spaced = [m.lastgroup for m in COLUMN.finditer(loose(text))]
    unspaced = [m.lastgroup for m in _COLUMN_UNSPACED.finditer(loose(text).replace(" ", ""))]
    return unspaced if len(unspaced) > len(spaced) else spaced


def is_total_row(label: str) -> bool:
    """`Tổng cộng`, `Tổng số`, `Cộng` (also when a narrow cell broke the words)."""
    return bool(TOTAL_ROW.match(label) or TOTAL_ROW.match(regex.sub(r"\s+", "", label)))


def column_metrics(headers: list[str]) -> list[str | None]:
    """The dossier count each column header names, in order: by the vocabulary and the
    decision table (`extractors.headers`); a header whose words a narrow PDF cell broke
    apart (`Tổn g số`) is read by the letters alone."""
    read = headers_read(headers)
    out: list[str | None] = []
    for header, metric in zip(headers, read, strict=True):
        if _broken(header):
            metric = _broken_header(header, out[-1] if out else None)
        out.append(metric)
    return out


def _broken(header: str) -> bool:
    """The header's words read better with the spaces taken out: a narrow cell broke them."""
    spaced = COLUMN.findall(loose(header))
    return len(_COLUMN_UNSPACED.findall(loose(header).replace(" ", ""))) > len(spaced)


def _broken_header(header: str, before: str | None) -> str | None:
    """A header with broken words, read from its letters with the spaces taken out."""
    kinds = _kinds(header)
    leaves = [k for k in kinds if k in LEAVES or k in ("late", "not_due")]
    group = "pending" if "pending" in kinds else ("resolved" if "resolved" in kinds else None)
    after_pending = bool(before and before.startswith("dossier.pending"))
    if not leaves:
        return _LEAF_METRIC.get(group) if group else None
    leaf = leaves[-1]
    if leaf == "late":
        pending = group == "pending" or (group is None and after_pending)
        return "dossier.pending.overdue" if pending else "dossier.resolved.late"
    if leaf == "not_due":
        return "dossier.pending.not_due"
    return _LEAF_METRIC[leaf]


# --- results tables (columns name the figures) ----------------------------------------


@dataclass
class ResultRow:
    label: str
    label_span: tuple[int, int]
    span: tuple[int, int]
    values: list[NumberMatch | None]  # by column (None: empty cell)


def emit_results(
    rows: list[ResultRow], metrics: list[str | None], extractor: str, level: str
) -> list[Candidate]:
    """By-field counts from field rows; status counts from the total row, and from rows
    that name a level (`Cấp tỉnh`, `Các sở, ngành`: those carry it as their scope)."""
    out = []
    received = next((k for k, m in enumerate(metrics) if m == "dossier.received"), None)
    for row in rows:
        named = common.scope_of(row.label)
        when = _period_row(row.label)
        if is_total_row(row.label) or named or when:
            scope = common.scope_of(row.label, level) if named else None
            quals = {"scope": scope} if scope else {}
            if when:
                quals[when[0]] = when[1]
            for k, n in enumerate(row.values):
                if n is not None and k < len(metrics) and metrics[k]:
                    out.append(common.candidate(metrics[k], n.value, row.span, n, extractor, quals))
            continue
        if received is None or received >= len(row.values) or row.values[received] is None:
            continue
        name = common.clean_field(row.label)
        if not name or regex.search(r"\d", name) or len(name.split()) > 10:
            continue
        if _UNIT_ROW.match(name):
            continue  # one office's dossiers (`Sở Tư pháp`, `UBND xã An Phú`): not a field
        n = row.values[received]
        out.append(
            common.candidate("dossier.by_field", n.value, row.span, n, extractor, {"field": name})
        )
    return out


_UNIT_ROW = regex.compile(
    r"(?i)^(?:sở|ubnd|ủy\s+ban|phòng|chi\s+cục|trung\s+tâm|xã|phường|thị\s+trấn|huyện|quận"
    r"|thành\s+phố|thị\s+xã)\s"
)
_PERIOD_ROW = regex.compile(
    r"(?i)^\W*(?:(?P<year>năm\s+(?:19|20)\d\d)|(?P<period>(?:tháng|quý)\s+\S+(?:\s*(?:/|năm)\s*\d{4})?))"
    r"\W*$"
)


def _period_row(label: str) -> tuple[str, str] | None:
    """(`year`, `2023`) or (`period`, `Tháng 7`) when a row is one stretch of time."""
    m = _PERIOD_ROW.match(label)
    if not m:
        return None
    if m.group("year"):
        return "year", m.group("year").split()[-1]
    return "period", " ".join(m.group("period").split())


def is_results(metrics: list[str | None]) -> bool:
    """Columns that count dossiers by status: two or more, one of them a total."""
    named = [m for m in metrics if m]
    totals = {"dossier.received", "dossier.resolved", "dossier.pending"}
    return len(named) >= 2 and bool(totals & set(named))


def _is_figure(text: str) -> bool:
    return bool(regex.fullmatch(r"\s*\d[\d.,]*\s*%?\s*", text))


def _grid_columns(doc: Document, row: Row) -> list[int]:
    """The grid column of each cell: a cell merged across columns appears once, at its
    first column (`Cell.col` when the reader knows it, else the source map's column for
    Word files, else consecutive)."""
    cols: list[int] = []
    last = -1
    for cell in row.cells:
        col = cell.col
        if col is None:
            loc = doc.source_map.locate(cell.start) if cell.end > cell.start else None
            col = loc.col if loc is not None and loc.col is not None else last + 1
        col = max(col, last + 1)
        cols.append(col)
        last = col
    return cols


def _grid(doc: Document, table: Table) -> tuple[list[str], list[ResultRow]] | None:
    """Column headers (the leading rows without figures, merged cells spread over the
    columns they cover) and the data rows of a real table, values by grid column."""
    head = 0
    while head < len(table.rows) and not any(_is_figure(c.text) for c in table.rows[head].cells):
        head += 1
    if head == 0 or head == len(table.rows):
        return None
    columns = [_grid_columns(doc, r) for r in table.rows]
    width = max((c[-1] + 1 for c in columns if c), default=0)
    headers = [""] * width
    for r, cols in zip(table.rows[:head], columns[:head], strict=True):
        for k, cell in enumerate(r.cells):
            stop = cols[k + 1] if k + 1 < len(cols) else width
            if cell.col is not None:
                stop = min(stop, cols[k] + max(cell.span, 1))
            for col in range(cols[k], stop):
                headers[col] = f"{headers[col]} {cell.text}".strip()
    rows = []
    only = len(table.rows) - head == 1
    for r, cols in zip(table.rows[head:], columns[head:], strict=True):
        texts = [c for c in r.cells if c.text.strip() and not _is_figure(c.text)]
        if texts:
            cell = max(texts, key=lambda c: len(c.text))
            label, label_span = cell.text, (cell.start, cell.end)
        elif only:  # a single row of figures under the headers is the total
            label, label_span = "Tổng số", (r.start, r.start)
        else:
            continue
        values: list[NumberMatch | None] = [None] * width
        for cell, col in zip(r.cells, cols, strict=True):
            found = common.numbers(doc.text, cell.start, cell.end) if _is_figure(cell.text) else []
            if len(found) == 1:
                values[col] = found[0]
        rows.append(ResultRow(label, label_span, (r.start, r.end), values))
    return headers, rows


class ResultsTableExtractor:
    """Results tables: one row per field, columns by status (`dossier.table.v1`)."""

    id = "dossier.table.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        for table in doc.tables:
            grid = _grid(doc, table)
            if grid is None:
                continue
            headers, rows = grid
            metrics = column_metrics(headers)
            if is_results(metrics):
                out += emit_results(rows, metrics, self.id, common.report_level(doc))
        return out


__all__ = [
    "COLUMN",
    "LEAVES",
    "TOTAL_ROW",
    "ResultRow",
    "column_metrics",
    "emit_results",
    "is_results",
]
