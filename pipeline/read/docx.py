"""DOCX (placeholder until the reader lands)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.read.base import RawDocument, ReadError


def can_read(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read(path: Path) -> RawDocument:
    raise ReadError("DOCX reading is not available yet")
