"""Word documents (.docx): paragraphs and tables in body order, nested tables included.

What is read: body paragraphs (runs, hyperlinks, tracked insertions, field results),
tables with merged cells de-duplicated (a cell spanning columns appears once; the rows a
vertically merged cell spans after its first show it empty), nested tables flattened into
their cell. What is skipped on purpose: headers and footers (page numbers and repeated
letterheads, not report content), text boxes and drawings (stamps, lines and floating
notes whose place in the reading order is unknown; their anchor offsets such as
`71213919812000` are layout numbers and must never reach the text), footnotes, comments,
tracked deletions, and charts.

Locations: `block` is the index of the paragraph or table in body order, `offset` the
position in the paragraph's text; in a table `row`/`col` index `row.cells` of python-docx
(`col` counts grid columns, so a cell spanning two columns is at its first), `offset` is
the position in the cell's text (its paragraphs joined by "\\n"), and `nested` holds the
(row, col) of the cell inside a nested table. Each table cell also gets its place in the
grid (`Cell.col`, `Cell.span`): the grid column it starts at, the row's `w:gridBefore`
counted, and how many grid columns its `w:gridSpan` covers.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from pipeline.read import legacy
from pipeline.read.base import Line, RawCell, RawDocument, RawTable, ReadError
from pipeline.read.limits import check_zip
from pipeline.read.signatures import is_docx
from schemas.document import Location

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SKIPPED = {  # subtrees whose text is not body text
    qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom"), qn("w:drawing"), qn("w:pict"),
    qn("w:object"), qn("w:pPr"), qn("w:rPr"), qn("w:instrText"), qn("w:delText"),
    f"{{{_MC}}}Fallback", f"{{{_MC}}}Choice",
}  # fmt: skip
_T, _TAB, _BR, _CR, _NBH = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_R, _RPR, _RFONTS, _ASCII, _HANSI = (
    qn("w:r"),
    qn("w:rPr"),
    qn("w:rFonts"),
    qn("w:ascii"),
    qn("w:hAnsi"),
)
# While one document is read: its default font, and the legacy encodings met in it.
_DEFAULT_FONT: ContextVar[str | None] = ContextVar("default_font", default=None)
_LEGACY_SEEN: ContextVar[set[str] | None] = ContextVar("legacy_seen", default=None)
_UNICODE_ALREADY: ContextVar[frozenset[str]] = ContextVar("unicode_already", default=frozenset())


def can_read(data: bytes) -> bool:
    return is_docx(data)


def paragraph_text(p) -> str:
    """The text of a `w:p` element as Word shows it in the body."""
    return paragraph_text_offsets(p)[0]


def paragraph_text_offsets(p) -> tuple[str, list[int], int]:
    """The text of a `w:p` element as Word shows it, runs in a TCVN3 or VNI font
    converted to Unicode (`pipeline.read.legacy`), for each character its offset in the
    paragraph's text as stored (what locations count), and that text's length."""
    pieces: list[tuple[str, str | None]] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == _T:
                pieces.append((child.text or "", _run_font(child.getparent())))
            elif tag == _TAB:
                pieces.append(("\t", None))
            elif tag in (_BR, _CR):
                pieces.append(("\n", None))
            elif tag == _NBH:
                pieces.append(("-", None))
            else:
                walk(child)

    walk(p)
    raw = "".join(text for text, _ in pieces)
    if not any(font for _, font in pieces) and not _DEFAULT_FONT.get():
        return raw, list(range(len(raw))), len(raw)
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    for text, font in pieces:
        encoding, capitals = legacy.font_encoding(font or _DEFAULT_FONT.get())
        here = list(range(start, start + len(text)))
        start += len(text)
        if encoding in _UNICODE_ALREADY.get() or legacy.already_unicode(text):
            encoding = None
        if encoding and text:
            text, here = legacy.convert(text, here, encoding, capitals)
            seen = _LEGACY_SEEN.get()
            if seen is not None:
                seen.add(encoding)
        out.append(text)
        offsets.extend(here)
    return "".join(out), offsets, len(raw)


def _run_font(run) -> str | None:
    """The font a `w:r` names for Latin text, if it names one."""
    if run is None or run.tag != _R:
        return None
    props = run.find(_RPR)
    fonts = props.find(_RFONTS) if props is not None else None
    if fonts is None:
        return None
    return fonts.get(_ASCII) or fonts.get(_HANSI)


def _default_font(document) -> str | None:
    """The font of the Normal style, or the document's default run font."""
    styles = document.styles.element
    for path in ("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", "w:docDefaults//w:rFonts"):
        found = styles.xpath(path)
        if found:
            return found[0].get(_ASCII) or found[0].get(_HANSI)
    return None


def _blocks(container) -> Iterator:
    """`w:p` and `w:tbl` children in order, looking through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _cell_text(cell: _Cell, make) -> tuple[str, list]:
    """A cell's paragraphs joined by "\\n", nested tables flattened row by row in place.

    Offsets count in the cell's paragraphs alone (python-docx's `cell.text`), so a nested
    table does not shift the paragraphs after it; its characters carry `nested` instead.
    """
    parts: list[str] = []
    origins: list = []
    offset = 0  # position in the paragraphs-only text
    first_paragraph = True
    for element in _blocks(cell._tc):
        if parts:
            parts.append("\n")
            origins.append(None)
        if element.tag == _P:
            if not first_paragraph:
                offset += 1
            first_paragraph = False
            text, offsets, length = paragraph_text_offsets(element)
            parts.append(text)
            origins.extend(make(None, offset + i) for i in offsets)
            offset += length
            continue
        for r, row in enumerate(_rows(Table(element, cell))):
            if r:
                parts.append("\n")
                origins.append(None)
            for k, place in enumerate(row):
                if k:
                    parts.append(" | ")
                    origins.extend([None] * 3)
                if place.cell is None:
                    continue
                text, inner_origins = _cell_text(place.cell, lambda _n, i: i)
                parts.append(text)
                origins.extend(
                    None if i is None else make((r, place.index), i) for i in inner_origins
                )
    return "".join(parts), origins


class _Place(NamedTuple):
    """A distinct cell of a row: `index` into python-docx's `row.cells` (what locations
    count), `col` its grid column (`index` plus the row's `w:gridBefore`), `span` the grid
    columns it covers, and the cell, or None in the rows a vertical merge covers after its
    first."""

    index: int
    col: int
    span: int
    cell: _Cell | None


def _rows(table: Table) -> Iterator[list[_Place]]:
    """Each row's distinct cells, placed in the table grid."""
    seen: set = set()  # the `w:tc` elements themselves: holding them keeps identity stable
    for row in table.rows:
        places: list[_Place] = []
        in_row: set = set()
        before = row.grid_cols_before
        cells = row.cells
        for c, cell in enumerate(cells):
            key = cell._tc
            if key in in_row:
                continue
            in_row.add(key)
            span = 1
            while c + span < len(cells) and cells[c + span]._tc is key:
                span += 1
            places.append(_Place(c, before + c, span, None if key in seen else cell))
        seen |= in_row
        yield places


def _table(element, parent, block: int) -> RawTable:
    table = Table(element, parent)
    rows: list[list[RawCell]] = []
    for r, row in enumerate(_rows(table)):
        cells = []
        for place in row:
            if place.cell is None:
                cells.append(RawCell("", [], place.col, place.span))
                continue

            def make(nested, i, r=r, c=place.index):
                return Location(block=block, row=r, col=c, nested=nested, offset=i)

            text, origins = _cell_text(place.cell, make)
            cells.append(RawCell(text, origins, place.col, place.span))
        rows.append(cells)
    header = 0
    for tr in element.findall(qn("w:tr")):
        props = tr.find(qn("w:trPr"))
        if props is None or props.find(qn("w:tblHeader")) is None:
            break
        header += 1
    return RawTable(rows=rows, header_rows=header)


def _paragraph_lines(text: str, offsets: list[int], block: int) -> list[Line]:
    """A paragraph as one Line per soft line break (Shift+Enter)."""
    lines = []
    start = 0
    for piece in text.split("\n"):
        origins = [Location(block=block, offset=i) for i in offsets[start : start + len(piece)]]
        lines.append(Line(piece, origins))
        start += len(piece) + 1
    return lines


def read(path: Path) -> RawDocument:
    with zipfile.ZipFile(path) as archive:
        check_zip(archive)
    try:
        document = open_docx(str(path))
    except (KeyError, ValueError) as error:
        raise ReadError(f"not a readable Word document ({error})") from error
    raw = RawDocument(format="docx")
    default = _default_font(document)
    font = _DEFAULT_FONT.set(default)
    seen = _LEGACY_SEEN.set(set())
    already = _UNICODE_ALREADY.set(_unicode_in_legacy_fonts(document.element.body, default))
    try:
        _read_body(document, raw)
        raw.errors.extend(legacy.note(name) for name in sorted(_LEGACY_SEEN.get() or ()))
    finally:
        _DEFAULT_FONT.reset(font)
        _LEGACY_SEEN.reset(seen)
        _UNICODE_ALREADY.reset(already)
    return raw


def _unicode_in_legacy_fonts(body, default: str | None) -> frozenset[str]:
    """The legacy encodings whose fonts hold Unicode text somewhere in the document: its
    text was converted and the font names left, so none of its text is converted again
    (an `Ô` there is a Unicode `Ô`, not TCVN3's `ơ`)."""
    found: set[str] = set()
    for t in body.iter(_T):
        encoding, _ = legacy.font_encoding(_run_font(t.getparent()) or default)
        if encoding and legacy.already_unicode(t.text or ""):
            found.add(encoding)
    return frozenset(found)


def _read_body(document, raw: RawDocument) -> None:
    blank = False
    body = document.element.body
    for block, element in enumerate(_blocks(body)):
        if element.tag == _TBL:
            raw.items.append(_table(element, document._body, block))
            blank = False
            continue
        text, offsets, _ = paragraph_text_offsets(element)
        if not text.strip():
            blank = True
            continue
        lines = _paragraph_lines(text, offsets, block)
        lines[0].blank_before = blank
        raw.items.extend(lines)
        blank = False
