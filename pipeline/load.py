"""Read any report file into the one `Document` every later stage works on.

`load_document` never raises for a bad file: it returns a Document whose status is
`failed` and whose errors name the file and the cause, so one bad file never stops a batch.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.normalise import normalise
from pipeline.read import read_raw
from pipeline.segment import segment
from schemas.document import Document, SourceMap, Status


def load_document(path: str | Path) -> Document:
    """Detect the format from the bytes, read, normalise and segment one file."""
    path = Path(path)
    raw, digest = read_raw(path)
    doc = Document(
        id=digest,
        path=str(path),
        format=raw.format,
        status=raw.status,
        errors=[f"{path}: {error}" for error in raw.errors],
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
        doc.errors.append(f"{path}: no text found")
    return doc
