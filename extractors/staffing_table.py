"""Staffing statistics tables: rows counted in people (`Số hợp đồng lao động ... | Người |
652`), short labels in a column of people (`Cán bộ | 11`, `Đại học | 18` under `Trình độ
chuyên môn`), and rows that are levels (`Cấp xã | 612` under `Số cán bộ, công chức`)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.common import candidate, report_level, scope_of, table_values
from extractors.numbers import as_count
from extractors.staffing_terms import CBCC, LEVEL, TABLE_RULES, TABLE_SKIP, dimension
from schemas import Candidate, Document


class TableRules:
    """Rows of a staffing statistics table counted in people."""

    id = "staff.table.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        values = list(table_values(doc))
        split = {v.table for v in values if v.level is not None}  # tables with level rows
        for v in values:
            if v.unit and v.unit != "người":
                continue
            if TABLE_SKIP.search(v.label) or TABLE_SKIP.search(v.section):
                continue
            count = as_count(v.value)
            if count is None:
                continue
            # a level row (`Cấp xã | 612`) counts what its column or parent row names
            whole = v.whole and v.table in split
            subject = v.subject if v.level is not None or whole else v.label
            if subject != v.label and TABLE_SKIP.search(subject):
                continue
            q = {"scope": scope_of(v.label, level), **v.time_qualifiers}
            metric = next((m for m, pattern in TABLE_RULES if pattern.search(subject)), None)
            if metric is None:
                metric, extra = self._short_label(v, subject if subject != v.label else None)
                q.update(extra)
            if metric is not None:
                yield candidate(metric, count, (v.row_start, v.row_end), v.figure, self.id, q)

    def _short_label(self, v, subject: str | None) -> tuple[str | None, dict[str, str]]:
        """`Cán bộ | 11`, `Đại học | 18` under `Trình độ chuyên môn`, in a column of people;
        `Cấp xã | 612` under a column `Cán bộ, công chức` (`subject`, for a level row)."""
        people = v.unit == "người" or regex.search(r"(?i)người|số\s+lượng|\bSL\b", v.header)
        if subject is not None:
            label = regex.sub(
                r"(?i)^\s*(?:tổng\s+)?số\s+(?:lượng\s+)?|\s*\([^()]*\)\s*$", "", subject
            )
        elif people:
            label = regex.sub(r"^[\s\d.)\-+*•]*|[\s:;.,]+$", "", v.label)
        else:
            return None, {}
        if regex.fullmatch(rf"(?i)(?:tổng\s+số\s+|tổng\s+)?{CBCC}", label):
            return "staff.total", {}
        if regex.fullmatch(r"(?i)(?:số\s+)?cán\s+bộ", label):
            return "staff.cadres", {}
        if regex.fullmatch(r"(?i)(?:số\s+)?công\s+chức", label):
            return "staff.civil_servants", {}
        m = LEVEL.fullmatch(label)
        if m:
            kind = dimension("", "", f"{v.section} {v.header}")
            if kind is not None:
                return kind, {"level": m.lastgroup}
        return None, {}
