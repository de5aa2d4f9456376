"""Read any report file into the one `Document` every later stage works on.

`load_document` never raises for a bad file: it returns a Document whose status is
`failed` and whose errors name the file and the cause, so one bad file never stops a batch.
A name that is not valid UTF-8 is written with `\\xff` escapes (`pipeline.discover.shown`).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.discover import shown
from pipeline.normalise import normalise
from pipeline.read import read_raw
from pipeline.segment import segment
from schemas.document import Document, SourceMap, Status


def load_document(path: str | Path) -> Document:
    """Detect the format from the bytes, read, normalise and segment one file."""
    path = Path(path)
    name = shown(path)  # printable and JSON-safe whatever bytes the name holds
    raw, digest = read_raw(path)
    doc = Document(
        id=digest,
        path=name,
        format=raw.format,
        status=raw.status,
        errors=[f"{name}: {error}" for error in raw.errors],
        pages=raw.pages,
        converted_from=raw.converted_from,
        ocr_pages=list(raw.ocr_pages),
    )
    if raw.status is Status.FAILED:
        return doc
    result = normalise(raw)
    doc.text, doc.surface = result.text, result.surface
    doc.source_map = SourceMap(result.origins)
    doc.tables = result.tables
    doc.segments = segment(result.text, result.tables)
    if not doc.text.strip() and doc.status is Status.OK:
        doc.status = Status.FAILED
        doc.errors.append(f"{name}: no text found")
    return doc
