"""The files behind the dataset's documents: found from the dataset, checked against the
sha256 they were loaded with, read again with ingestion's own readers, and drawn as page
images for reviewers and auditors.

Only paths the dataset itself recorded are ever opened, so nothing here can be made to read
a file outside the dataset's sources.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.ingest import file_sha256
from pipeline.load import load_document
from pipeline.store import DatasetError
from pipeline.store_backend import POSTGRES, dialect
from schemas import Document, Status

RENDER_SCALE = 1.5  # page images at 108 dpi: the figure readable, the page on one screen


@dataclass(frozen=True, slots=True)
class Box:
    """Where a span is written on a PDF page, in points from the page's top-left corner."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


def dataset_folder(con: duckdb.DuckDBPyConnection) -> Path:
    """The folder of the open dataset file: stored document paths are relative to it (a
    server database stores them whole; a relative one is taken from the current folder)."""
    if dialect(con) == POSTGRES:
        return Path.cwd()
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if row is None or not row[0]:
        raise DatasetError("the dataset is not a file: its documents cannot be found")
    return Path(row[0]).resolve().parent


def source_path(con: duckdb.DuckDBPyConnection, document_id: str) -> Path:
    """The file a document was loaded from, as the dataset recorded it."""
    row = con.execute("SELECT path FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise DatasetError(f"no document {document_id!r} in the dataset")
    path = Path(row[0])
    return path if path.is_absolute() else dataset_folder(con) / path


def load_source(con: duckdb.DuckDBPyConnection, document_id: str) -> Document:
    """The document read again from its file, exactly as ingestion read it.

    Refused when the file is gone or its bytes changed since loading: offsets would no
    longer point at what the facts quote.
    """
    path = source_path(con, document_id)
    if not path.is_file():
        raise DatasetError(f"{path}: the document's file is no longer there")
    if file_sha256(path) != document_id:
        raise DatasetError(f"{path}: the file changed since it was loaded; ingest it again")
    doc = load_document(path)
    if doc.status is Status.FAILED:
        raise DatasetError("; ".join(doc.errors) or f"{path}: cannot be read")
    return doc


def span_boxes(doc: Document, start: int, end: int) -> list[Box]:
    """One box per page line of a span of a PDF's text (none for other formats)."""
    boxes: list[Box] = []
    for offset in range(max(start, 0), min(end, len(doc.source_map.origins))):
        loc = doc.source_map.origins[offset]
        if loc is None or loc.page is None or loc.bbox is None:
            continue
        x0, top, x1, bottom = loc.bbox
        last = boxes[-1] if boxes else None
        if last and last.page == loc.page and abs(last.top - top) < 2:
            boxes[-1] = Box(
                loc.page, min(last.x0, x0), min(last.top, top), max(last.x1, x1),
                max(last.bottom, bottom),
            )  # fmt: skip
        else:
            boxes.append(Box(loc.page, x0, top, x1, bottom))
    return boxes


def page_size(path: Path, page: int) -> tuple[float, float]:
    """Width and height of a PDF page in points."""
    import pypdfium2 as pdfium

    from pipeline.read.pdf_chars import PDFIUM_LOCK

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            _check_page(pdf, page, path)
            return tuple(pdf[page - 1].get_size())
        finally:
            pdf.close()


def render_page(path: Path, page: int, scale: float = RENDER_SCALE) -> bytes:
    """A PDF page (1-based) as PNG bytes."""
    import pypdfium2 as pdfium

    from pipeline.read.pdf_chars import PDFIUM_LOCK

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            _check_page(pdf, page, path)
            image = pdf[page - 1].render(scale=scale).to_pil()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _check_page(pdf, page: int, path: Path) -> None:
    if not 1 <= page <= len(pdf):
        raise DatasetError(f"{path}: no page {page} (the file has {len(pdf)})")


def document_pdf(con: duckdb.DuckDBPyConnection, document_id: str) -> Path | None:
    """The PDF to draw pages from: the file itself when it is a PDF, else None."""
    row = con.execute("SELECT format FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None or row[0] != "pdf":
        return None
    path = source_path(con, document_id)
    return path if path.is_file() else None
