"""The demo corpus's three forms of a report read as the same report.

corpus/docx/ and corpus/pdf/ are made from corpus/txt/ (scripts/make_corpus.py): the words
are the same and every table of the layout (`seed_layout.parse`) is a real Word table. So
after reading, each form must give:

- the same text: word sequences of the TXT form and of the DOCX / PDF form, white space
  folded and table cell separators (` | `) dropped, have a difflib ratio of at least 0.98;
- the same tables. A table row is compared as its list of cell texts (tone placement
  canonical, white space folded, trailing empty cells dropped). For every data table the
  generator built (tab-separated and markdown tables, and report 003's flattened table):
  its body rows appear in the form's table rows, in order, cell for cell (a table split by
  a page break, or a header row repeated on the next page, may lie between them); and
  every text of its header rows is the text of some cell of the form's tables (merged
  header cells may be repeated or left empty by a reader). The TXT form is held to this
  only for the tables it really has (tab-separated lines); 003's table is flattened prose
  in the TXT, so there the check is that each body row reads as one line of the TXT.
- whole passages where the layout puts text side by side: each cell of the letterhead and
  of the closing block (recipients | signer) reads as one contiguous passage;
- document numbers intact: every code like `19/KH-UBND` in the TXT is in the form's text.

Every case is held to this for every form: there is no list of expected failures.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from pipeline.load import load_document
from schemas.document import Document, Status
from schemas.text import canonical

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
STEMS = sorted(p.stem for p in (CORPUS / "txt").glob("*.txt"))
MIN_RATIO = 0.98
_NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐ]+)+\b")


def _layout_module():
    spec = importlib.util.spec_from_file_location("seed_layout", ROOT / "scripts/seed_layout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("seed_layout", module)
    spec.loader.exec_module(module)
    return module


layout = _layout_module()


def fold(text: str) -> str:
    return " ".join(canonical(text).split())


def words(doc: Document) -> list[str]:
    return doc.text.replace(" | ", " ").split()


def row_key(cells: list[str]) -> tuple[str, ...]:
    key = [fold(c) for c in cells]
    while key and not key[-1]:
        key.pop()
    return tuple(key)


def data_rows(doc: Document) -> list[tuple[str, ...]]:
    """Rows of the tables with three or more columns (not letterhead or signature blocks)."""
    rows = []
    for table in doc.tables:
        if max((len(r.cells) for r in table.rows), default=0) >= 3:
            rows.extend(row_key([c.text for c in r.cells]) for r in table.rows)
    return rows


@pytest.fixture(scope="session")
def forms():
    """Each corpus file read once: forms(stem, fmt) -> Document."""
    cache: dict[tuple[str, str], Document] = {}

    def get(stem: str, fmt: str) -> Document:
        if (stem, fmt) not in cache:
            cache[(stem, fmt)] = load_document(CORPUS / fmt / f"{stem}.{fmt}")
        return cache[(stem, fmt)]

    return get


@pytest.fixture(scope="session")
def expected():
    """The data tables of each report's layout: expected(stem) -> list of Grid."""
    cache = {}

    def get(stem: str):
        if stem not in cache:
            text = (CORPUS / "txt" / f"{stem}.txt").read_text(encoding="utf-8")
            cache[stem] = [b for b in layout.parse(stem, text) if isinstance(b, layout.Grid)]
        return [g for g in cache[stem] if not g.layout]

    return get


def test_corpus_has_every_form():
    assert len(STEMS) == 5
    for stem in STEMS:
        for fmt in ("docx", "pdf"):
            assert (CORPUS / fmt / f"{stem}.{fmt}").is_file(), f"missing corpus/{fmt}/{stem}"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_same_text(forms, stem, fmt, capsys):
    txt, other = forms(stem, "txt"), forms(stem, fmt)
    assert other.status is Status.OK, other.errors
    a, b = words(txt), words(other)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    with capsys.disabled():
        print(f"\n  {stem} txt~{fmt}: word similarity {ratio:.4f} ({len(a)} / {len(b)} words)")
    if ratio < MIN_RATIO:
        diff = difflib.unified_diff(a, b, "txt", fmt, n=2, lineterm="")
        pytest.fail(f"{stem}: txt and {fmt} differ (ratio {ratio:.4f}):\n" + _first(diff))


def _first(diff, limit: int = 60) -> str:
    return "\n".join(line for _, line in zip(range(limit), diff, strict=False))


def _body(grid) -> list[tuple[str, ...]]:
    return [row_key(r) for r in grid.texts()[grid.header_rows :]]


def _heads(grid) -> set[str]:
    return {fold(c) for r in grid.texts()[: grid.header_rows] for c in r if c.strip()}


def _assert_contains(found: list[tuple[str, ...]], grid, where: str) -> None:
    cells = {c for row in found for c in row}
    missing = sorted(_heads(grid) - cells)
    assert not missing, f"{where}: header cells not found: {missing}"
    position = 0
    for row in _body(grid):
        hits = [i for i in range(position, len(found)) if found[i] == row]
        if not hits:
            near = difflib.get_close_matches(" | ".join(row), [" | ".join(r) for r in found], 1)
            pytest.fail(f"{where}: row {row} not found after row {position}; closest: {near}")
        position = hits[0] + 1


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_same_tables(forms, expected, stem, fmt):
    grids = expected(stem)
    doc = forms(stem, fmt)
    assert doc.status is Status.OK, doc.errors
    rows = data_rows(doc)
    for k, grid in enumerate(grids):
        _assert_contains(rows, grid, f"{stem}.{fmt} table {k + 1}")
    if not grids:
        assert not rows, f"{stem}.{fmt}: tables found where the report has none: {rows[:3]}"


@pytest.mark.parametrize("stem", STEMS)
def test_txt_tables_are_its_tab_separated_lines(forms, expected, stem):
    """The TXT form's real tables: blocks of tab-separated lines, read cell for cell."""
    text = (CORPUS / "txt" / f"{stem}.txt").read_text(encoding="utf-8")
    real = [g for g in expected(stem) if g.source in ("tsv", "pipe")]
    rows = data_rows(forms(stem, "txt"))
    for k, grid in enumerate(real):
        _assert_contains(rows, grid, f"{stem}.txt table {k + 1}")
    assert len(real) == sum(1 for b in re.split(r"\n\s*\n", text) if "\t" in b)


@pytest.mark.parametrize("stem", STEMS)
def test_layout_tables_come_from_the_text(expected, stem):
    """Every body row the generator put in a table reads as one line of the TXT."""
    text = (CORPUS / "txt" / f"{stem}.txt").read_text(encoding="utf-8")
    lines = {fold(layout.plain(ln.replace("\t", " "))) for ln in text.splitlines()}
    for grid in expected(stem):
        for row in _body(grid):
            assert " ".join(c for c in row if c) in lines, f"{stem}: row {row} not in the text"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_layout_blocks_read_whole(forms, stem, fmt):
    """Letterhead and closing block: each side reads as one passage, not interleaved."""
    text = (CORPUS / "txt" / f"{stem}.txt").read_text(encoding="utf-8")
    grids = [g for g in layout.parse(stem, text) if isinstance(g, layout.Grid) and g.layout]
    assert grids, f"{stem}: no letterhead or closing block in the layout"
    body = fold(" ".join(words(forms(stem, fmt))))
    for grid in grids:
        for cell in grid.rows[0]:
            passage = fold(" ".join(layout.plain(p.text) for p in cell))
            assert passage in body, f"{stem}.{fmt}: passage not read whole: {passage!r}"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_document_numbers_intact(forms, stem, fmt):
    text = (CORPUS / "txt" / f"{stem}.txt").read_text(encoding="utf-8")
    numbers = sorted(set(_NUMBER.findall(" ".join(text.split()))))
    if not numbers:
        pytest.skip(f"{stem}: no document numbers")
    body = " ".join(words(forms(stem, fmt)))
    missing = [n for n in numbers if n not in body]
    assert not missing, f"{stem}.{fmt}: document numbers broken: {missing}"


def _placed_rows(doc: Document) -> list[tuple]:
    """Data-table rows as (text, grid column, span) per cell."""
    return [
        tuple((fold(c.text), c.col, c.span) for c in row.cells)
        for table in doc.tables
        if max((len(r.cells) for r in table.rows), default=0) >= 3
        for row in table.rows
    ]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_cells_are_placed_in_the_column_grid(forms, stem, fmt):
    """Every cell knows its grid column; cells of a row follow each other in the grid."""
    for table in forms(stem, fmt).tables:
        for row in table.rows:
            places = [(c.col, c.span) for c in row.cells]
            assert all(col is not None and span >= 1 for col, span in places), places
            for (col, span), (nxt, _) in zip(places, places[1:], strict=False):
                assert col + span <= nxt, f"{stem}.{fmt}: cells overlap in {places}"


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_cells_sit_in_the_columns_of_the_docx(forms, stem):
    """The PDF's ruled cells, placed from their boxes, land in the Word grid's columns."""
    pdf_rows = set(_placed_rows(forms(stem, "pdf")))
    missing = [row for row in _placed_rows(forms(stem, "docx")) if row not in pdf_rows]
    assert not missing, f"{stem}: DOCX rows placed differently in the PDF: {missing[:3]}"
