"""What kind of file the bytes are, without importing a reader: choosing the reader of
a text file must not load the PDF, image and Word libraries (`baocao extract` on one TXT
would pay for all of them)."""

from __future__ import annotations

import io
import zipfile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_SIGNATURES)


def is_docx(data: bytes) -> bool:
    if not data.startswith(ZIP):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def is_doc(data: bytes) -> bool:
    """An OLE2 compound file holding a `WordDocument` stream."""
    return data.startswith(OLE2) and _WORD_STREAM in data
