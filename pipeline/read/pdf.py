"""PDF with a text layer: lines and ruled tables per page, each character with its page and
box. A page of text, ruling lines and boxes is read by pdfium (`pipeline.read.pdf_chars`,
the same characters and boxes as pdfplumber's, fifty times faster); any other page, and
every page of a file pdfium cannot open, by pdfplumber.

Reports reach us as Word files exported to PDF and then digitally signed; the signature
lives in an annotation, so the page text is Word's own. Lines are rebuilt from characters
(upright ones only: rotated margin notes are not report text), ruled tables become rows and
cells (each with its grid column and span, from the cell boxes), and both are put in
reading order by their position on the page. Page numbers and running headers are left for
the normaliser, which drops them for every format alike; footnotes are left out, as the
DOCX reader leaves them out.
A page without characters (or with a few over a page-sized image) is a scan: it is listed
in `scanned`, and read by OCR afterwards (`pipeline.read.ocr`, with its own time limit);
where Tesseract is not installed the document is `partial` with an error saying OCR is
needed, never an empty success.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.read import legacy, pdf_chars
from pipeline.read.base import Line, RawCell, RawDocument, RawTable, ReadError
from pipeline.read.signatures import is_pdf
from schemas.document import Location

Char = dict


def can_read(data: bytes) -> bool:
    return is_pdf(data)


def _box(c: Char) -> tuple[float, float, float, float]:
    return (round(c["x0"], 2), round(c["top"], 2), round(c["x1"], 2), round(c["bottom"], 2))


def _rows_of_chars(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into visual lines: a character joins the line it overlaps
    vertically by half its height (so superscripts stay on their line)."""
    lines: list[list[Char]] = []
    band = (0.0, 0.0)
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = max(c["bottom"] - c["top"], 0.1)
        overlap = min(band[1], c["bottom"]) - max(band[0], c["top"])
        if lines and overlap >= 0.5 * min(height, band[1] - band[0]):
            lines[-1].append(c)
            band = (min(band[0], c["top"]), max(band[1], c["bottom"]))
        else:
            lines.append([c])
            band = (c["top"], c["bottom"])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text(chars: list[Char], page: int) -> tuple[str, list]:
    """A line's text, a space inserted (unlocated) where a gap has no space character."""
    text: list[str] = []
    origins: list = []
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            if c["text"] == prev["text"] and abs(c["x0"] - prev["x0"]) < 0.5:
                continue  # overprinted (fake bold) duplicate
            gap = c["x0"] - prev["x1"]
            if gap > 0.15 * (c.get("size") or 10) and " " not in (c["text"], prev["text"]):
                text.append(" ")
                origins.append(None)
        location = Location(page=page, bbox=_box(c))
        text.append(c["text"])
        origins.extend([location] * len(c["text"]))
        prev = c
    return "".join(text), origins


def _inside(c: Char, box: tuple) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _cell(chars: list[Char], box: tuple, page: int) -> RawCell:
    text: list[str] = []
    origins: list = []
    for line in _rows_of_chars([c for c in chars if _inside(c, box)]):
        if text:
            text.append("\n")
            origins.append(None)
        line_text, line_origins = _line_text(line, page)
        text.append(line_text)
        origins.extend(line_origins)
    return RawCell("".join(text), origins)


def _table(table, chars: list[Char], page: int) -> RawTable:
    """Rows of cells; a position covered by a cell merged from the row above is an empty
    cell, one covered by a cell merged from the left is not repeated.

    pdfplumber puts a row's cell boxes at the table's distinct left edges, so position `k`
    is grid column `k`; a box spans the grid columns whose left edges it covers.
    """
    chars = [c for c in chars if _inside(c, table.bbox)]
    edges = sorted({box[0] for box in table.cells})
    rows: list[list[RawCell]] = []
    above: dict[int, tuple[float, int]] = {}  # column -> bottom and span of the cell there
    for row in table.rows:
        top = min(box[1] for box in row.cells if box is not None)
        cells = []
        for k, box in enumerate(row.cells):
            if box is None:
                bottom, span = above.get(k, (top, 1))
                if bottom > top + 1:
                    cells.append(RawCell("", [], k, span))
                continue
            span = max(sum(1 for x in edges if box[0] - 0.5 <= x < box[2] - 0.5), 1)
            above[k] = (box[3], span)
            cell = _cell(chars, box, page)
            cell.col, cell.span = k, span
            cells.append(cell)
        rows.append(cells)
    return RawTable(rows=rows, page=page)


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def _without_footnotes(page, chars: list[Char], tables: list) -> list[Char]:
    """Characters less the footnotes and their reference marks, which the DOCX reader
    leaves out too. Word puts footnotes under a short rule at the foot of the page, in
    small type, each starting with its small number; the marks in the body are small
    digits that number those footnotes."""
    body_size = _median([c["size"] for c in chars])
    rules = [
        r
        for r in [*page.lines, *page.rects]
        if r["bottom"] - r["top"] < 2
        and 50 <= r["x1"] - r["x0"] <= 0.45 * float(page.width)
        and r["top"] > 0.4 * float(page.height)
        and not any(t.bbox[1] - 2 <= r["top"] <= t.bbox[3] + 2 for t in tables)
    ]
    for rule in sorted(rules, key=lambda r: r["top"]):
        below = [c for c in chars if c["top"] >= rule["bottom"] and c["text"].strip()]
        small = [c for c in below if c["size"] < 0.9 * body_size]
        if not below or len(small) < 0.8 * len(below):
            continue
        note_size = _median([c["size"] for c in small])
        first = min(below, key=lambda c: (round(c["top"]), c["x0"]))
        if not (first["text"].isdigit() or first["text"] == "*"):
            continue
        numbers = {c["text"] for c in small if c["text"].isdigit() and c["size"] < 0.8 * note_size}
        return [
            c
            for c in chars
            if c["top"] < rule["bottom"]
            and not (c["text"] in numbers and c["size"] < 0.8 * body_size)
        ]
    return chars


def _page_items(page, number: int, legacy_seen: set[str]) -> list[Line | RawTable]:
    chars = legacy.unicode_chars(page.chars, legacy_seen)
    chars = [c for c in chars if c.get("upright", True) and c["text"]]
    tables = []
    if page.rects or page.lines:
        tables = [t for t in page.find_tables() if len(t.rows) > 1 or len(t.rows[0].cells) > 1]
    chars = _without_footnotes(page, chars, tables)
    items: list[tuple[tuple[float, int], Line | RawTable]] = []
    for table in tables:
        items.append(((table.bbox[1], 0), _table(table, chars, number)))
    free = [c for c in chars if not any(_inside(c, t.bbox) for t in tables)]
    for key, piece in _reading_order(_rows_of_chars(free)):
        text, origins = _line_text(piece, number)
        if text.strip():
            items.append((key, Line(text, origins, page=number)))
    return [item for _, item in sorted(items, key=lambda item: item[0])]


def _ink(piece: list[Char]) -> list[Char]:
    return [c for c in piece if c["text"].strip()] or piece


def _x0(piece: list[Char]) -> float:
    return min(c["x0"] for c in _ink(piece))


def _x1(piece: list[Char]) -> float:
    return max(c["x1"] for c in _ink(piece))


def _is_figure(piece: list[Char]) -> bool:
    text = "".join(c["text"] for c in piece).strip()
    return bool(text) and not any(c.isalpha() for c in text)


def _columns(row: list[Char]) -> list[list[Char]]:
    """A visual line cut where the ink has a gap wider than the type size."""
    pieces: list[list[Char]] = [[]]
    last_ink: Char | None = None
    for c in row:
        if c["text"].strip():
            gap = c["x0"] - last_ink["x1"] if last_ink is not None else 0
            if gap > max(1.2 * (c.get("size") or 10), 12):
                pieces.append([])
            last_ink = c
        pieces[-1].append(c)
    return [piece for piece in pieces if piece]


def _reading_order(rows: list[list[Char]]) -> list[tuple[tuple[float, int], list[Char]]]:
    """Lines with their sort key; side-by-side blocks are read column by column.

    A block is two or more consecutive lines cut by the same vertical gutter (a
    letterhead: `UBND TỈNH ...` beside `CỘNG HÒA ...`), or one line cut by a very wide
    gutter (`Nơi nhận:` beside the signer), with lines on one side only after it: its
    left column is read first, then its right one. One line cut by a narrow gap is not a
    block (a justified line can have a wide space), and label/figure pairs
    (`Số hồ sơ:      937`) keep their order, or the figures would lose their labels.
    """
    rows = [row for row in rows if any(c["text"].strip() for c in row)]
    ordered: list[tuple[tuple[float, int], list[Char]]] = []
    i = 0
    while i < len(rows):
        top = min(c["top"] for c in rows[i])
        block = _block_at(rows, i)
        if block is None:
            ordered.append(((top, 0), rows[i]))
            i += 1
            continue
        parts, boundary = block
        left = [p for row in parts for p in row if _x0(p) < boundary]
        right = [p for row in parts for p in row if _x0(p) >= boundary]
        ordered.extend(((top, k), piece) for k, piece in enumerate([*left, *right]))
        i += len(parts)
    return ordered


def _block_at(rows: list[list[Char]], i: int) -> tuple[list, float] | None:
    """The pieces of the side-by-side block starting at row i, and where its right
    column starts (the leftmost start of a right-hand piece)."""
    pieces = _columns(rows[i])
    if len(pieces) != 2:
        return None
    boundary = _x0(pieces[1])
    height = max(c["bottom"] - c["top"] for c in rows[i])
    parts = [pieces]
    bottom = max(c["bottom"] for c in rows[i])
    for row in rows[i + 1 :]:
        cut = _columns(row)
        if min(c["top"] for c in row) - bottom > 8 * height or len(cut) > 2:
            break
        if len(cut) == 2 and _x1(cut[0]) < boundary:
            boundary = min(boundary, _x0(cut[1]))
        if any(_x0(p) < boundary - 1 < _x1(p) for p in cut):
            break
        parts.append(cut)
        bottom = max(c["bottom"] for c in row)
    wide = _x0(pieces[1]) - _x1(pieces[0]) > 4 * height
    if sum(len(cut) == 2 for cut in parts) < 2 and not (wide and len(parts) > 1):
        return None
    if any(_is_figure(p) for cut in parts for p in cut[1:]):
        return None
    return parts, boundary - 1


def _open(path: Path):
    """pdfplumber's PDF, or a ReadError saying it is truncated, encrypted or damaged."""
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(handle.tell() - 2048, 0))
        if b"%%EOF" not in handle.read():
            raise ReadError("truncated PDF: the end of the file (%%EOF) is missing")
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018 - parses the page tree, where encryption and damage show
        return pdf
    except Exception as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError("encrypted PDF: it needs a password to open") from error
        if isinstance(cause, PDFSyntaxError | PdfminerException | PSException | ValueError):
            raise ReadError(f"damaged PDF ({type(cause).__name__}: {cause})") from error
        raise


def _needs_ocr(page, items: list[Line | RawTable]) -> bool:
    """No text layer, or only a few characters over a page-sized image (a scan with a
    stamp or a page number typed on it)."""
    if not items:
        return True
    letters = sum(1 for c in page.chars if c["text"].isalnum())
    area = float(page.width) * float(page.height)
    covered = sum(float(i["width"]) * float(i["height"]) for i in page.images)
    return letters < 40 and covered > 0.5 * area


def _plain_page(document, index: int, page, fonts: dict):
    """The page from pdfium when it draws text, straight lines and upright boxes only and
    no legacy font (`pipeline.read.pdf_chars`), else None: pdfplumber reads it."""
    if document is None:
        return None
    source = None
    try:
        metrics = pdf_chars.font_metrics(page.page_obj.resources, fonts)
        if metrics is None:
            return None
        source = document[index]
        plain = pdf_chars.page_chars(source, metrics, float(page.height))
    except Exception:  # noqa: BLE001 - pdfplumber reads what pdfium cannot
        return None
    finally:
        if source is not None:
            source.close()
    if plain is None or any(legacy.font_encoding(c["fontname"])[0] for c in plain.chars):
        return None
    return plain


def read(path: Path, fast: bool = True) -> RawDocument:
    """`fast`: pages pdfium can read as pdfplumber does are read by pdfium (see
    `_plain_page`); False reads every page with pdfplumber."""
    with pdf_chars.PDFIUM_LOCK, _open(path) as pdf:
        raw = RawDocument(format="pdf", pages=len(pdf.pages))
        pages: dict[int, list[Line | RawTable]] = {}
        legacy_seen: set[str] = set()
        document = pdf_chars.open_document(path) if fast else None
        fonts: dict = {}
        for number, page in enumerate(pdf.pages, start=1):
            page = _plain_page(document, number - 1, page, fonts) or page
            items = _page_items(page, number, legacy_seen)
            pages[number] = [] if _needs_ocr(page, items) else items
            page.close()
        if document is not None:
            document.close()
    if raw.pages == 0:
        raise ReadError("damaged PDF: no pages")
    raw.errors.extend(legacy.note(name) for name in sorted(legacy_seen))
    raw.scanned = [number for number, items in pages.items() if not items]
    for number in sorted(pages):
        raw.items.extend(pages[number])
    return raw
