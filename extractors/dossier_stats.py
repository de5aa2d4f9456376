"""Statistics tables of dossiers: the row's label names the figure (`3.1.1 | Tổng số hồ sơ
TTHC đã giải quyết xong | Hồ sơ | 125.712`), the column its time (`Năm 2022 | Năm 2023`,
`Tháng 7/2023 | ... | Quý III/2023`: only columns other than the report's own period carry
a qualifier), and a section row or a row that is only a level (`- Cấp tỉnh` under `Tổng
số hồ sơ tiếp nhận`) its scope. In a table of dossiers a row may name a status alone
(`Giải quyết trước hạn`).
"""

from __future__ import annotations

import regex

from extractors import common
from extractors.dossier_read import level_of
from extractors.dossier_terms import dossier_metric, find_terms, loose
from extractors.tables import TableValue, row_label, table_values
from schemas import Candidate, Document

_SERVICE_SUBJECT = regex.compile(
    r"^\W*(?:\d[\d.]*\s+)?(?:tong )?(?:so )?(?:luong )?(?:tthc|thu tuc|dvc|dich vu)"
)


class StatisticsTableExtractor:
    """Statistics tables: the row label names the figure (`dossier.stats_table.v1`)."""

    id = "dossier.stats_table.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        level = common.report_level(doc)
        values = list(table_values(doc))
        # tables that count dossiers: their rows may name a status alone (`Giải quyết trước hạn`)
        of_dossiers = {tv.table for tv in values if "ho so" in loose(tv.label)}
        parents = _index_labels(doc)
        for tv in values:
            if _NOT_RESULT_COLUMN.search(loose(tv.header)):
                continue
            section = _dash_parent(doc, tv) or tv.section or _parent_label(parents, tv)
            metric, quals = _row_metric(doc, tv, section, tv.table in of_dossiers)
            if metric is None:
                continue
            named = tv.label if common.scope_of(tv.label) else section
            scope = common.scope_of(named, level)
            if scope:
                quals["scope"] = scope
            quals.update(tv.time_qualifiers)  # a month or year column other than the report's
            value = float(tv.value) if metric.endswith("rate") else tv.value
            if not metric.endswith("rate") and isinstance(value, float):
                continue
            out.append(
                common.candidate(
                    metric, value, (tv.row_start, tv.row_end), tv.figure, self.id, quals
                )
            )
        return out


_ROW_STATUS = {
    "EOT", "EARLY", "ON_TIME", "LATE", "NOT_DUE", "PENDING", "RESOLVED", "NEW", "CARRIED",
}  # fmt: skip
_NOT_RESULT_COLUMN = regex.compile(r"diem|chi tieu|ke hoach|muc tieu|toi da|ghi chu|xep hang")
_INDEX_CELL = regex.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*$")


def _index_labels(doc: Document) -> list[tuple[int, str, str]]:
    """(table, index, label) of every numbered row, in document order."""
    out = []
    for t in doc.tables:
        for i, row in enumerate(t.rows):
            m = _INDEX_CELL.match(row.cells[0].text) if row.cells else None
            if m:
                out.append((t.index, m.group(1), row_label(t, i)))
    return out


def _parent_label(parents: list[tuple[int, str, str]], tv: TableValue) -> str:
    """The label of row `3.2` for row `3.2.2` when a page break split the table there."""
    if "." not in tv.index:
        return ""
    parent = tv.index.rsplit(".", 1)[0]
    found = [label for table, index, label in parents if index == parent and table < tv.table]
    return found[-1] if found else ""


_DASH = regex.compile(r"^\s*[-+•*–]\s*")


def _dash_parent(doc: Document, tv: TableValue) -> str:
    """The label of the row a `- Trước hạn` row details (the last row without a dash)."""
    if not _DASH.match(tv.label):
        return ""
    table = doc.tables[tv.table]
    for j in range(tv.row - 1, -1, -1):
        label = row_label(table, j)
        if label and not _DASH.match(label):
            return label
    return ""


def _row_metric(
    doc: Document, tv: TableValue, section: str, of_dossiers: bool = False
) -> tuple[str | None, dict[str, str]]:
    """The metric a row names; a row that is only a level (`- Cấp tỉnh`) under a row it
    splits (`Tổng số hồ sơ tiếp nhận`) names what that row names."""
    if tv.level is not None and tv.parent:
        label, start, end = tv.parent, 0, len(tv.parent)
        terms = find_terms(tv.parent, 0, len(tv.parent))
    else:
        label, start, end = tv.label, tv.label_start, tv.label_end
        terms = find_terms(doc.text, start, end)
    label = loose(label)
    unit = loose(tv.unit)
    words = {t.label for t in terms}
    if words & {"TARGET", "GOAL", "PAYMENT", "OTHER_FILES"}:
        return None, {}
    rate = unit == "%" or label.startswith("ty le")
    if rate:
        if tv.value > 100 or "FEEDBACK" in words:
            return None, {}
        subject = regex.match(r"ty le\s+(?:so\s+)?(\S+(?:\s+\S+)?)", label)
        if "DIGITIZED" in words and not words & {"REUSE"}:
            return "dossier.digitized_rate", {}
        if not subject or not subject.group(1).startswith("ho so"):
            return None, {}
        if "ONLINE" in words:
            level = level_of(tv.label)
            return "dossier.online_rate", ({"level": level} if level else {})
        if words & {"EOT", "ON_TIME"} and not words & {"LATE", "EARLY", "PENDING"}:
            return "dossier.on_time_rate", {}
        return None, {}
    if "FEEDBACK" in words:
        if words & {"PENDING"}:
            return "feedback.pending", {}
        if words & {"RESOLVED"}:
            return "feedback.resolved", {}
        if words & {"RECEIVED"}:
            return "feedback.received", {}
        return None, {}
    section = loose(section)
    if regex.search(r"phan anh|kien nghi|pakn|don thu", section):
        return None, {}  # rows under feedback count petitions, not dossiers
    dossier_unit = unit in ("ho so", "hs") or (
        not unit
        and (
            "DOSSIER" in words
            or (_DASH.match(tv.label) and "ho so" in section)
            or (of_dossiers and bool(words & _ROW_STATUS))
        )
    )
    if not dossier_unit or _SERVICE_SUBJECT.match(label) or words & {"FULL", "PART", "DIGITIZED"}:
        return None, {}
    if "SERVICE" in words and regex.search(r"\bdvc|dich vu", label):
        return None, {}
    parent = (
        "pending" if regex.search(r"dang giai quyet|con ton|chua giai quyet", section) else None
    )
    metric = dossier_metric(words, parent)
    return metric, {}
