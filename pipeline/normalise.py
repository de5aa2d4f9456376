"""Assemble one text from a reader's lines and tables: the text every offset points into.

The rules here do not know the format, so a report read as TXT, DOCX or PDF comes out the
same: page furniture (page numbers, running headers and footers) is dropped, wrapped lines
are re-flowed into one paragraph per output line, tables become one line per row with cells
joined by ` | `, and the text is NFC with one tone-mark placement (`surface` keeps the
source's placement). Every character keeps its origin; characters inserted here have none.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.markers import marker_at
from pipeline.read.base import Line, RawCell, RawDocument, RawTable
from schemas.document import Cell, Location, Row, Table
from schemas.text import canonical

Origins = list[Location | None]

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]?\s*(?:(?:trang|page)\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*[-–—)\]]?$", re.I
)
_TERMINAL = re.compile(r"[.:;!?…](?:[\s”\"')\]»]*)$")
_OPENERS = "“\"'([«‘"
_COLON_END = re.compile(r":[\s”\"')\]»]*$")
# The document type set alone on its line heads the title block (Nghị định 30/2020/NĐ-CP):
# it never runs on from the issuer's name in capitals above it.
_DOC_TYPE_LINE = re.compile(
    r"^\s*(?:BÁO CÁO|KẾ HOẠCH|TỜ TRÌNH|QUYẾT ĐỊNH|THÔNG BÁO|CÔNG VĂN|ĐỀ ÁN|CHƯƠNG TRÌNH)\s*$"
)
# A line ending in a hyphen glued to a word wrapped inside a code (`19/KH-|UBND`,
# `2016-|2020`): Vietnamese never hyphenates words at line ends, so no space goes there.
_CODE_HYPHEN = re.compile(r"[^\W_]-$")
_SHORT = 0.7  # a line shorter than this share of the usual full line ends its paragraph
_SHORT_HEADING = 0.85  # the same for a numbered heading line (`3. Cải cách thể chế`)
_MIN_WIDTH = 60
_UNWRAPPED = 150  # usual lines this long were never hard-wrapped: each is a paragraph
_CELL_SEPARATOR = " | "


@dataclass(slots=True)
class Normalised:
    text: str
    surface: str
    origins: Origins
    tables: list[Table] = field(default_factory=list)


def clean(text: str, origins: Origins) -> tuple[str, Origins]:
    """NFC, invisible characters out, every run of white space one space, ends stripped.

    A combining mark left at the start (an orphan accent) goes too, so that pieces joined
    with spaces and ` | ` stay NFC and offsets computed here hold in the final text.
    """
    text, origins = nfc(text, origins)
    chars: list[str] = []
    kept: Origins = []
    for m in re.finditer(r"[^\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+|" + _SPACES.pattern, text):
        piece = m.group(0)
        if piece[0].isspace() or piece[0] in "\u00a0\u202f\u3000":
            if chars and chars[-1] != " ":
                chars.append(" ")
                kept.append(origins[m.start()])
            continue
        for i, c in enumerate(piece):
            if not _INVISIBLE.match(c):
                chars.append(c)
                kept.append(origins[m.start() + i])
    while chars and chars[-1] == " ":
        chars.pop()
        kept.pop()
    while chars and unicodedata.combining(chars[0]):
        chars.pop(0)
        kept.pop(0)
    return "".join(chars), kept


def nfc(text: str, origins: Origins) -> tuple[str, Origins]:
    """NFC, each composed character taking the origin of its base character."""
    if unicodedata.is_normalized("NFC", text):
        return text, origins
    out: list[str] = []
    kept: Origins = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        kept.extend([origins[i]] * len(piece))
        i = j
    return "".join(out), kept


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Without page numbers and the headers/footers repeated at the edges of most pages."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None:
            by_page.setdefault(line.page, []).append(i)
    edges: dict[int, str] = {}
    for indexes in by_page.values():
        for i in {*indexes[:2], *indexes[-2:]}:
            edges[i] = _furniture_key(lines[i].text)
    repeated = Counter(key for key in edges.values())
    needed = max(2, (len(by_page) + 1) // 2)
    drop = {i for i, key in edges.items() if repeated[key] >= needed and len(by_page) >= 2}
    return [
        line for i, line in enumerate(lines) if i not in drop and not _is_page_number(line.text)
    ]


def _starts_lower(text: str) -> bool:
    """Starts like the middle of a sentence: a lower-case word, a figure or `/`."""
    for c in text.lstrip(_OPENERS):
        if c.isalpha():
            return c.islower()
        return c.isdigit() or c == "/"
    return False


def _starts_value(text: str) -> bool:
    """Starts with a lower-case word or a figure, as the values after a label do (an
    opening quote or bracket starts a quoted passage or a list item: `“b) ...`, `(1) ...`)."""
    first = text[:1]
    return first.isdigit() or (first.isalpha() and first.islower())


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _numbered(text: str) -> bool:
    marker = marker_at(text)
    return marker is not None and marker.kind not in {"dash", "plus", "star", "bullet"}


def usual_width(lines: list[Line]) -> int:
    """The length of a full line: the 80th percentile of line lengths, at least 60
    (no report is wrapped narrower; a short file gives too few lines to tell)."""
    widths = sorted(len(line.text) for line in lines)
    if not widths:
        return _MIN_WIDTH
    return max(widths[int(0.8 * (len(widths) - 1))], _MIN_WIDTH)


def continues(prev: str, nxt: Line, short: bool, blanks_mean_breaks: bool) -> bool:
    """Does `nxt` continue the paragraph whose last line is `prev`?

    A marker (`1.`, `a)`, `-`) or an ending `.`, `;` starts a new paragraph; a line
    that starts in lower case continues one, even across a blank line (a wrap artefact);
    otherwise a short line ends its paragraph and a full one runs on. After a `:` only a
    line starting with a lower-case word or a figure runs on: a label's values wrapped
    away from it (`Lý luận chính trị:` / `cao cấp 01, ...`, `Báo cáo:` / `97, ...`),
    where a list after a label starts with a marker or a capital.
    """
    text = nxt.text
    if marker_at(text) is not None:
        return False
    if _COLON_END.search(prev):
        return _starts_value(text)
    if _TERMINAL.search(prev):
        return False
    if _starts_lower(text):
        return True
    if _all_caps(prev) and _all_caps(text):
        # a title set in capitals over several lines, but not the document type under the
        # issuer's name
        return not _DOC_TYPE_LINE.match(text)
    if short:
        return False
    return not (nxt.blank_before and blanks_mean_breaks)


def reflow(lines: list[Line], width: int, blanks_mean_breaks: bool) -> list[list[Line]]:
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs:
            prev = paragraphs[-1][-1].text
            share = _SHORT
            if len(paragraphs[-1]) == 1 and _numbered(prev):
                share = _SHORT_HEADING
            short = width > _UNWRAPPED or len(prev) < share * width
            if continues(prev, line, short, blanks_mean_breaks):
                paragraphs[-1].append(line)
                continue
        paragraphs.append([line])
    return paragraphs


class _Builder:
    """Appends pieces of text with their origins, tracking offsets."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origins: Origins = []
        self.length = 0

    def add(self, text: str, origins: Origins | None = None) -> None:
        self.chars.append(text)
        self.origins.extend(origins if origins is not None else [None] * len(text))
        self.length += len(text)

    def newline(self) -> None:
        if self.length:
            self.add("\n")


def _render_table(raw: RawTable, out: _Builder, index: int) -> Table | None:
    rows: list[Row] = []
    for r, raw_row in enumerate(raw.rows):
        cells = [clean(c.text, list(c.origins)) for c in raw_row]
        if not any(text for text, _ in cells):
            continue
        out.newline()
        start = out.length
        row_cells = []
        for k, (raw_cell, (text, origins)) in enumerate(zip(raw_row, cells, strict=True)):
            if k:
                out.add(_CELL_SEPARATOR)
            end = out.length + len(text)
            row_cells.append(Cell(out.length, end, text, raw_cell.col, raw_cell.span))
            out.add(text, origins)
        header = r < raw.header_rows
        rows.append(Row(start, out.length, row_cells, header=header))
    if not rows:
        return None
    if raw.header_rows == 0 and len(rows) > 1:
        rows[0].header = not any(_is_figure(c.text) for c in rows[0].cells)
    return Table(index, rows[0].start, rows[-1].end, rows, page=raw.page)


def _is_figure(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%\s]+", text)) and any(c.isdigit() for c in text)


def _row_key(row: list) -> tuple[str, ...]:
    return tuple(" ".join(cell.text.split()) for cell in row)


def _continues_table(prev: RawTable, last_page: int | None, table: RawTable) -> bool:
    """A table broken across a page comes back as two: the part on the next page, with
    the same number of columns, right after the first part."""
    if table.page is None or last_page is None or table.page != last_page + 1:
        return False
    width = max((len(row) for row in prev.rows), default=0)
    return width == max((len(row) for row in table.rows), default=-1)


def _join_tables(prev: RawTable, table: RawTable) -> None:
    """Append the continuation's rows, less the header rows repeated on the new page.

    When the page broke inside a row, the continuation starts with the rest of that row:
    its first cell (the row number) is empty where the row above has one. Its cells are
    then joined to the cells of the row above.
    """
    repeated = 0
    for a, b in zip(prev.rows[:3], table.rows[:3], strict=False):
        if _row_key(a) != _row_key(b):
            break
        repeated += 1
    rest = table.rows[repeated:]
    if rest and prev.rows and len(rest[0]) == len(prev.rows[-1]) > 1:
        first, last = rest[0], prev.rows[-1]
        if not first[0].text.strip() and last[0].text.strip():
            prev.rows[-1] = [_joined(a, b) for a, b in zip(last, first, strict=True)]
            rest = rest[1:]
    prev.rows.extend(rest)


def _joined(a: RawCell, b: RawCell) -> RawCell:
    if not b.text.strip():
        return a
    if not a.text.strip():
        return b
    return RawCell(a.text + "\n" + b.text, [*a.origins, None, *b.origins], a.col, a.span)


def _prepared(raw: RawDocument) -> list[Line | RawTable]:
    """Lines cleaned and without furniture; tables broken across pages joined again."""
    lines = [line for line in raw.items if isinstance(line, Line)]
    kept = {id(line) for line in drop_furniture(lines)}
    items: list[Line | RawTable] = []
    last_page: int | None = None  # of the table last appended
    for item in raw.items:
        if isinstance(item, RawTable):
            prev = items[-1] if items else None
            if isinstance(prev, RawTable) and _continues_table(prev, last_page, item):
                _join_tables(prev, item)
            else:
                items.append(RawTable(list(item.rows), item.page, item.header_rows))
            last_page = item.page
        elif id(item) in kept:
            text, origins = clean(item.text, list(item.origins))
            if text:
                items.append(Line(text, origins, item.page, item.blank_before))
    return items


def normalise(raw: RawDocument) -> Normalised:
    """One text, its source-spelling twin, per-character origins and the tables."""
    items = _prepared(raw)
    lines = [item for item in items if isinstance(item, Line)]
    width = usual_width(lines)
    blanks = sum(1 for line in lines[1:] if line.blank_before)
    blanks_mean_breaks = blanks <= 0.6 * max(len(lines) - 1, 1)
    out = _Builder()
    tables: list[Table] = []
    run: list[Line] = []

    def flush() -> None:
        for paragraph in reflow(run, width, blanks_mean_breaks):
            out.newline()
            for k, line in enumerate(paragraph):
                if k and not _CODE_HYPHEN.search(paragraph[k - 1].text):
                    out.add(" ")
                out.add(line.text, line.origins)
        run.clear()

    for item in items:
        if isinstance(item, Line):
            run.append(item)
            continue
        flush()
        table = _render_table(item, out, len(tables))
        if table is not None:
            tables.append(table)
    flush()
    surface = "".join(out.chars)
    text = canonical(surface)
    if len(text) != len(surface):  # canonical() keeps the length of NFC text; guard anyway
        text = surface
    return Normalised(text, surface, out.origins, tables)
