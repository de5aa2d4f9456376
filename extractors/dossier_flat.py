"""Results tables that text extraction flattened into lines.

A PDF or a copied text often loses the grid: the header becomes scattered short lines
(`Số hồ sơ`, `giải quyết xong`, `Đúng hẹn`, `Chưa đến`, `hẹn`, `Quá hẹn`) and each row a line
of a numbered label and its figures (`3. Tư pháp – Hộ tịch 2.231 2.231 0 0`), up to a
`Tổng cộng:` line. The header words give the columns in order; a column left empty in every
row (`Số TTHC`) is dropped from the front, and a short row is read from the left.
"""

from __future__ import annotations

import regex

from extractors import common
from extractors.dossier_table import (
    COLUMN,
    LEAVES,
    TOTAL_ROW,
    ResultRow,
    column_metrics,
    emit_results,
    is_results,
)
from extractors.dossier_terms import loose
from schemas import Candidate, Document

_TOKEN = regex.compile(r"\S+")
_INDEX_TOKEN = regex.compile(r"^(\d{1,2})[.)]$")
_NUMBER_TOKEN = regex.compile(r"^\d[\d.,]*$")


class FlatTableExtractor:
    """Results tables whose cells text extraction spread over lines (`dossier.flat.v1`)."""

    id = "dossier.flat.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        text = doc.text
        out = []
        in_tables = [(t.start, t.end) for t in doc.tables]
        for m in regex.finditer(r"(?m)^[ \t]*1[.)][ \t]+\p{L}", text):
            if any(a <= m.start() < b for a, b in in_tables):
                continue
            header = _header_before(text, m.start())
            if header is None:
                continue
            metrics = column_metrics(_flat_columns(header))
            if not is_results(metrics):
                continue
            rows = _flat_rows(text, m.start())
            width = max((len(r.values) for r in rows), default=0)
            while len(metrics) > width and metrics and metrics[0] is None:
                metrics = metrics[1:]  # a column left empty in every row (`Số TTHC`)
            if width == 0 or len(metrics) != width:
                continue
            out += emit_results(rows, metrics, self.id, common.report_level(doc))
        return out


def _header_before(text: str, pos: int) -> str | None:
    """The scattered header words above the first row: short lines up to a sentence."""
    lines = text[max(0, pos - 600) : pos].split("\n")[:-1]
    picked: list[str] = []
    for line in reversed(lines):
        words = line.split()
        if not words:
            continue
        if len(words) > 12 or regex.search(r"[.:;]\s*$", line) or regex.search(r"\d{2,}", line):
            break
        picked.insert(0, line)
    header = " ".join(picked)
    if not picked or "ho so" not in loose(header):
        return None
    return header


_STATUS_LEAVES = {"eot", "early", "on_time", "not_due", "late"}


def _flat_columns(header: str) -> list[str]:
    """The column headers of a flattened header, in order: its leaves (`Đúng hẹn`), or
    its groups (`Số hồ sơ đã giải quyết`) when no status leaf is printed."""
    found = [(m.lastgroup, m.group(0)) for m in COLUMN.finditer(loose(header))]
    has_status = any(kind in _STATUS_LEAVES for kind, _ in found)
    return [
        words
        for kind, words in found
        if kind in LEAVES or (kind in ("resolved", "pending") and not has_status)
    ]


def _flat_rows(text: str, start: int) -> list[ResultRow]:
    """`1. Đất đai, Môi trường 5 5 0 0` ... `Tổng cộng: 2.312 2.312 0 0`, read in order."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, start + 4000)]
    rows: list[ResultRow] = []
    expected = 1
    i = 0
    while i < len(tokens):
        word, a, _ = tokens[i]
        index = _INDEX_TOKEN.match(word)
        total = TOTAL_ROW.match(word)
        if index and int(index.group(1)) == expected:
            expected += 1
            i += 1
        elif not total:
            break
        label_start = tokens[i][1] if i < len(tokens) else a
        label_end = label_start
        while i < len(tokens) and not _NUMBER_TOKEN.match(tokens[i][0]):
            label_end = tokens[i][2]
            i += 1
            if label_end - label_start > 80:
                return rows
        values = []
        end = label_end
        while i < len(tokens) and _NUMBER_TOKEN.match(tokens[i][0]):
            if _starts_row(tokens, i):
                break
            found = common.numbers(text, tokens[i][1], tokens[i][2])
            values.append(found[0] if len(found) == 1 else None)
            end = tokens[i][2]
            i += 1
        label = text[label_start:label_end].strip(" :")
        rows.append(ResultRow(label, (label_start, label_end), (a, end), values))
        if total:
            break
    return rows


def _starts_row(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """`2.` followed by a word, or `Tổng cộng`: the next row begins here."""
    if _INDEX_TOKEN.match(tokens[i][0]):
        return i + 1 < len(tokens) and bool(regex.match(r"\p{L}", tokens[i + 1][0]))
    return False
