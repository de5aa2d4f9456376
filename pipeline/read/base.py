"""What a reader hands to the normaliser: pieces of raw text, each character with its origin.

Readers know their format and nothing about paragraphs or tone marks; the normaliser knows
paragraphs and nothing about formats. Keeping that split is what lets the same report read
as TXT, DOCX or PDF come out as (nearly) the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.document import Location, Status


class ReadError(Exception):
    """A file that cannot be read; the message says why (the caller adds the file name)."""


@dataclass(slots=True)
class Line:
    """A piece of running text: a visual line (text file, PDF) or a whole paragraph (DOCX).

    `origins[i]` is where `text[i]` came from (None for a character the reader inserted,
    such as the space between two words a PDF places apart without a space character).
    `blank_before` records an empty line before it in the source. Whether a line ends its
    paragraph is the normaliser's decision, by the same rules for every format.
    """

    text: str
    origins: list[Location | None]
    page: int | None = None
    blank_before: bool = False


@dataclass(slots=True)
class RawCell:
    """A cell as read; `col`/`span` place it in the table's column grid (see `Cell`)."""

    text: str  # may hold "\n" where the cell's text wrapped or had several paragraphs
    origins: list[Location]
    col: int | None = None
    span: int = 1


@dataclass(slots=True)
class RawTable:
    rows: list[list[RawCell]]
    page: int | None = None
    header_rows: int = 0  # rows the source marks as header rows (0 when it does not say)


@dataclass(slots=True)
class RawDocument:
    """A read file before normalisation: lines and tables in reading order."""

    format: str
    items: list[Line | RawTable] = field(default_factory=list)
    pages: int | None = None
    status: Status = Status.OK
    errors: list[str] = field(default_factory=list)  # without the file name
    converted_from: str | None = None
    scanned: list[int] = field(default_factory=list)  # pages with no text layer (1-based)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (1-based)
