"""The one document model every stage after reading works on, whatever the file was.

A `Document` holds the normalised text that evidence offsets point into, a `surface` text
of the same length that keeps the source's own tone-mark placement (quotes come from it,
so an auditor finds them verbatim), a `SourceMap` from each character back to where it
came from, and the structure found on the way: tables and segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """How far a file could be read (after docling's per-document conversion status)."""

    OK = "ok"
    PARTIAL = "partial"  # read, but something was skipped: `errors` says what
    FAILED = "failed"  # nothing could be read: `errors` says why


@dataclass(frozen=True, slots=True)
class Location:
    """Where one character of the normalised text came from in the original file.

    PDF: `page` (1-based) and `bbox` (x0, top, x1, bottom in PDF points, top-left origin).
    DOCX: `block` (body-order index of the paragraph or table), and for a table cell
    `row`/`col` (and `nested` cell path for nested tables), `offset` within that text.
    Text: `line` (1-based) and `column` (0-based) in the decoded file.
    """

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    block: int | None = None
    row: int | None = None
    col: int | None = None
    nested: tuple[int, ...] | None = None
    offset: int | None = None
    line: int | None = None
    column: int | None = None


@dataclass(slots=True)
class SourceMap:
    """Per-character origin of the normalised text.

    `origins[i]` is the `Location` of character `i`, or None where the normaliser inserted
    the character itself (a space joining wrapped lines, a ` | ` between table cells).
    """

    origins: list[Location | None] = field(default_factory=list)

    def locate(self, offset: int) -> Location | None:
        if 0 <= offset < len(self.origins):
            return self.origins[offset]
        return None

    def page_of(self, start: int, end: int) -> int | None:
        """The page of the first located character in [start, end), if the source has pages."""
        for i in range(max(start, 0), min(end, len(self.origins))):
            loc = self.origins[i]
            if loc is not None:
                return loc.page
        return None


@dataclass(slots=True)
class Cell:
    """One table cell: its span in the normalised text and its text.

    A merged cell appears once in `Row.cells`, so after one the positions in the list no
    longer line up with the table's columns: `col` is the grid column (0-based) where the
    cell starts and `span` how many grid columns it covers. DOCX: from the table grid
    (`w:gridBefore`, `w:gridSpan`; the rows a vertical merge covers after its first hold an
    empty cell at its column); PDF: from the ruled cell boxes; text tables: the position.
    None when a reader cannot tell.
    """

    start: int
    end: int
    text: str
    col: int | None = None
    span: int = 1


@dataclass(slots=True)
class Row:
    start: int
    end: int
    cells: list[Cell]
    header: bool = False


@dataclass(slots=True)
class Table:
    """A table rendered into the text one line per row, cells joined by ` | `."""

    index: int
    start: int
    end: int
    rows: list[Row]
    page: int | None = None


@dataclass(slots=True)
class Heading:
    """A numbered or marked heading (`PHẦN A`, `I.`, `1.`, `a)`, `*`, `-`, `+`)."""

    start: int
    end: int
    level: int
    marker: str
    title: str


@dataclass(slots=True)
class Sentence:
    """A sentence (or a table row, which reads as one) with the heading it sits under."""

    start: int
    end: int
    heading: int | None = None  # index into Segments.headings
    table: int | None = None  # index into Document.tables when the sentence is a table row
    row: int | None = None


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(slots=True)
class Segments:
    headings: list[Heading] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A read and normalised file. `text` and `surface` always have the same length."""

    id: str  # sha256 of the file's bytes
    path: str
    format: str  # pdf | docx | doc | txt | md | unknown
    status: Status
    errors: list[str] = field(default_factory=list)
    pages: int | None = None
    converted_from: str | None = None  # e.g. "doc" when LibreOffice converted a .doc
    # Pages whose text came from OCR (1-based; an image file is page 1): facts there are
    # less certain than typed text and go to review.
    ocr_pages: list[int] = field(default_factory=list)
    text: str = ""
    surface: str = ""
    source_map: SourceMap = field(default_factory=SourceMap)
    tables: list[Table] = field(default_factory=list)
    segments: Segments = field(default_factory=Segments)
    # what extraction stages compute once per document and later stages read (mentions,
    # vocabulary terms); derived from `text`, never stored
    layers: dict = field(default_factory=dict)

    @property
    def ocr(self) -> bool:
        """Whether any of the text came from OCR."""
        return bool(self.ocr_pages)

    def from_ocr(self, start: int, end: int) -> bool:
        """Whether the span [start, end) lies on a page read by OCR."""
        return bool(self.ocr_pages) and self.source_map.page_of(start, end) in self.ocr_pages

    def quote(self, start: int, end: int) -> str:
        """The source's own wording for a span, white space folded."""
        return " ".join(self.surface[start:end].split())

    def info(self) -> dict:
        """The `document` object of `baocao extract --json`."""
        return {
            "id": self.id,
            "path": self.path,
            "format": self.format,
            "pages": self.pages,
            "status": self.status.value,
            "errors": list(self.errors),
            "converted_from": self.converted_from,
        }
