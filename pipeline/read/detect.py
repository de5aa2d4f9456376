"""Which reader a file needs, judged from its bytes: a `.pdf` that is really a Word file
reads as Word, and a file's name never decides. No reader is imported to decide
(`pipeline.read.signatures`)."""

from __future__ import annotations

import io
import zipfile

from pipeline.read import signatures, txt
from pipeline.read.signatures import OLE2, ZIP


def detect(data: bytes) -> str:
    """`pdf`, `docx`, `doc`, `image`, `txt`, or `unknown: <what it looks like>`."""
    if not data:
        return "unknown: empty file"
    if signatures.is_pdf(data):
        return "pdf"
    if signatures.is_image(data):
        return "image"
    if data.startswith(ZIP):
        if signatures.is_docx(data):
            return "docx"
        return "unknown: a ZIP archive that is not a Word document" + _zip_hint(data)
    if data.startswith(OLE2):
        if signatures.is_doc(data):
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
