"""Which reader a file needs, judged from its bytes: a `.pdf` that is really a Word file
reads as Word, and a file's name never decides."""

from __future__ import annotations

import io
import zipfile

from pipeline.read import doc, docx, ocr, pdf, txt

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def detect(data: bytes) -> str:
    """`pdf`, `docx`, `doc`, `image`, `txt`, or `unknown: <what it looks like>`."""
    if not data:
        return "unknown: empty file"
    if pdf.can_read(data):
        return "pdf"
    if ocr.can_read(data):
        return "image"
    if data.startswith(ZIP):
        if docx.can_read(data):
            return "docx"
        return "unknown: a ZIP archive that is not a Word document" + _zip_hint(data)
    if data.startswith(OLE2):
        if doc.can_read(data):
            return "doc"
        return "unknown: an OLE2 file that is not a Word document (Excel or PowerPoint?)"
    if data.startswith(b"{\\rtf"):
        return "unknown: RTF is not supported (save it as DOCX)"
    if txt.can_read(data):
        return "txt"
    return "unknown: binary data of no supported format"


def _zip_hint(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return " (and a damaged one)"
    if any(n.startswith("xl/") for n in names):
        return " (an Excel workbook)"
    if "content.xml" in names:
        return " (an OpenDocument file)"
    return ""
