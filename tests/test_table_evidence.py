"""A table figure's evidence gives its row label, column header and cell text, each found
verbatim in one cell of the source DOCX (what an auditor's Ctrl+F finds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from pipeline.ingest import extract_bounded, ingest_paths
from pipeline.store import run_query

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "corpus" / "docx" / "001_c4bd65532f1752b6.docx"


def _source_cells(path: Path) -> list[str]:
    """Every cell's text as Word holds it, white space folded."""
    cells = []
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            cells.extend(" ".join(cell.text.split()) for cell in row.cells)
    return cells


def _found(text: str, cells: list[str]) -> bool:
    return any(text in cell for cell in cells)


def test_table_figures_name_row_column_and_cell_as_the_docx_writes_them() -> None:
    if not DOCX.exists():
        pytest.skip("demo corpus missing")
    cells = _source_cells(DOCX)
    extraction = extract_bounded(DOCX)
    in_tables = [
        (fact, ev) for fact in extraction.facts for ev in fact.evidence if ev.cell_text is not None
    ]
    assert len(in_tables) >= 10
    for fact, ev in in_tables:
        assert " | " in ev.quote  # the row as the normalised text renders it
        for text in (ev.row_label, ev.column_header, ev.cell_text):
            assert text and " | " not in text, (fact.metric, ev)
            assert _found(text, cells), (fact.metric, text)
        if "year" in fact.qualifiers:
            assert fact.qualifiers["year"] in ev.column_header
    prose = [ev for fact in extraction.facts for ev in fact.evidence if " | " not in ev.quote]
    assert all(ev.cell_text is None for ev in prose)


def test_the_cells_are_stored_with_the_evidence(tmp_path: Path) -> None:
    if not DOCX.exists():
        pytest.skip("demo corpus missing")
    shutil.copyfile(DOCX, tmp_path / DOCX.name)
    db = tmp_path / "baocao.duckdb"
    ingest_paths([tmp_path / DOCX.name], db)
    rows = run_query(
        db,
        "SELECT row_label, column_header, cell_text FROM evidence WHERE cell_text IS NOT NULL",
    )
    cells = _source_cells(DOCX)
    assert len(rows) >= 10
    assert all(_found(text, cells) for text in rows.to_numpy().ravel())
