"""Plain text and markdown, as reports arrive after someone copied them out of Word or PDF.

The text is decoded (UTF-8 with or without BOM, UTF-16 with BOM; otherwise Windows-1258,
the Vietnamese code page, with a note saying so; text typed in TCVN3 or VNI is told by
its letters and converted, see `pipeline.read.legacy`), split into lines that keep their line
and column, stripped of markdown/HTML, and runs of tab-separated or `| a | b |` lines are
taken as tables. Wrapped lines are left for the normaliser to re-flow.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.read import legacy
from pipeline.read.base import Line, RawCell, RawDocument, RawTable, ReadError
from pipeline.read.markup import strip_markup
from schemas.document import Location

_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\f")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?\s*)?$")


def can_read(data: bytes) -> bool:
    """Text: a BOM, or bytes with no NUL and almost no control characters."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:65536]
    if not sample or b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls <= len(sample) // 200


def decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, a note naming the encoding used."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "decoded as UTF-16"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    return data.decode("cp1258", errors="replace"), "not UTF-8: decoded as Windows-1258"


def _cells(raw: str, number: int, pipes: bool) -> list[RawCell]:
    """Split one table line into cells, each with its own column origins."""
    separator = "|" if pipes else "\t"
    cells = []
    start = 0
    for end in [*(i for i, c in enumerate(raw) if c == separator), len(raw)]:
        piece = raw[start:end]
        origins = [Location(line=number, column=start + i) for i in range(len(piece))]
        text, origins = strip_markup(piece, origins)
        cells.append(RawCell(text, origins))
        start = end + 1
    if pipes:  # `| a | b |`: drop the empty text before the first and after the last bar
        if cells and not cells[0].text.strip():
            cells = cells[1:]
        if cells and not cells[-1].text.strip():
            cells = cells[:-1]
    for col, cell in enumerate(cells):  # text tables merge nothing: the position is the column
        cell.col = col
    return cells


def _table_runs(lines: list[str]) -> dict[int, tuple[int, bool]]:
    """Start line index -> (end index, pipe table?) for runs of 2+ table-looking lines."""
    runs: dict[int, tuple[int, bool]] = {}
    i = 0
    while i < len(lines):
        for pipes, looks in ((False, lambda s: "\t" in s.strip("\r")), (True, _PIPE_ROW.match)):
            j = i
            while j < len(lines) and lines[j].strip() and looks(lines[j]):
                j += 1
            if j - i >= 2:
                runs[i] = (j, pipes)
                i = j - 1
                break
        i += 1
    return runs


def parse(text: str, fmt: str = "txt") -> RawDocument:
    """Lines and tables of a decoded text."""
    lines = _LINE_BREAK.split(text)
    runs = _table_runs(lines)
    doc = RawDocument(format=fmt)
    blank = False
    i = 0
    while i < len(lines):
        if i in runs:
            end, pipes = runs[i]
            rows = [
                _cells(lines[k], k + 1, pipes)
                for k in range(i, end)
                if not (pipes and _PIPE_RULE.match(lines[k]))
            ]
            doc.items.append(RawTable(rows=rows, header_rows=1 if pipes else 0))
            blank = False
            i = end
            continue
        raw = lines[i]
        origins = [Location(line=i + 1, column=c) for c in range(len(raw))]
        clean, origins = strip_markup(raw, origins)
        if clean.strip():
            doc.items.append(Line(clean, origins, blank_before=blank))
            blank = False
        else:
            blank = True
        i += 1
    return doc


def read(path: Path) -> RawDocument:
    data = Path(path).read_bytes()
    if not can_read(data):
        raise ReadError("not a text file")
    text, note = decode(data)
    encoding = None
    if note and note.startswith("not UTF-8"):
        latin = data.decode("cp1252", errors="replace")  # a legacy font's codes, one a byte
        encoding = legacy.text_encoding(latin)
        if encoding:
            text, note = latin, None
    encoding = encoding or legacy.text_encoding(text)
    fmt = "md" if Path(path).suffix.lower() in {".md", ".markdown"} else "txt"
    doc = parse(text, fmt)
    if note:
        doc.errors.append(note)
    if encoding:
        legacy.convert_items(doc.items, encoding)
        doc.errors.append(legacy.note(encoding))
    return doc
