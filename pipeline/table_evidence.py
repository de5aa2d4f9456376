"""A table figure's evidence as an auditor finds it: the row's label, the column's header
and the cell's own text, each as the source writes it.

A table row's quote joins its cells with ` | `, which no search in the original file
finds; the three strings here each stand in one cell of the source table, so Ctrl+F in
the DOCX or PDF finds every one of them.
"""

from __future__ import annotations

from pathlib import Path

from schemas import Document, Evidence, Extraction
from schemas.document import Cell, Row, Table


def extract_with_table_cells(path: str | Path) -> Extraction:
    """`pipeline.extract.extract_file`, with table evidence given its cells."""
    from pipeline.extract import extract_document, extract_file
    from pipeline.load import load_document

    try:
        doc = load_document(path)
    except Exception:  # noqa: BLE001 - extract_file turns a reader bug into a failed file
        return extract_file(path)
    extraction = extract_document(doc)
    add_table_cells(doc, extraction)
    return extraction


def add_table_cells(doc: Document, extraction: Extraction) -> None:
    """Fill `row_label`, `column_header` and `cell_text` of every evidence whose figure
    stands in a table cell."""
    for fact in extraction.facts:
        for evidence in fact.evidence:
            where = _cell_at(doc, evidence)
            if where is None:
                continue
            table, row, cell = where
            evidence.cell_text = doc.quote(cell.start, cell.end) or None
            label = _row_label(row, cell)
            evidence.row_label = doc.quote(label.start, label.end) if label else None
            header = _column_header(table, row, cell)
            evidence.column_header = doc.quote(header.start, header.end) if header else None


def _cell_at(doc: Document, evidence: Evidence) -> tuple[Table, Row, Cell] | None:
    at = evidence.figure_start
    if at is None:
        return None
    for table in doc.tables:
        if not table.start <= at < table.end:
            continue
        for row in table.rows:
            if row.start <= at < row.end:
                for cell in row.cells:
                    if cell.start <= at < max(cell.end, cell.start + 1):
                        return table, row, cell
    return None


def _has_words(cell: Cell) -> bool:
    return any(ch.isalpha() for ch in cell.text)


def _row_label(row: Row, cell: Cell) -> Cell | None:
    """The first cell before the figure's that holds words (a bullet `-` or a number
    `1.1` is not a label)."""
    for other in row.cells:
        if other is cell:
            break
        if _has_words(other):
            return other
    return None


def _covers(cell: Cell, column: int) -> bool:
    return cell.col is not None and cell.col <= column < cell.col + max(cell.span, 1)


def _column_header(table: Table, row: Row, cell: Cell) -> Cell | None:
    """The nearest header cell above the figure's cell, in the same grid column."""
    above = table.rows[: table.rows.index(row)]
    headers = [r for r in above if r.header] or above[:1]
    position = row.cells.index(cell)
    for header_row in reversed(headers):
        for candidate in header_row.cells:
            if cell.col is not None and _covers(candidate, cell.col) and candidate.text.strip():
                return candidate
        if cell.col is None and position < len(header_row.cells):
            candidate = header_row.cells[position]
            if candidate.text.strip():
                return candidate
    return None
