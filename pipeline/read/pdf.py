"""PDF (placeholder until the reader lands)."""

from __future__ import annotations

from pathlib import Path

from pipeline.read.base import RawDocument, ReadError


def can_read(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def read(path: Path) -> RawDocument:
    raise ReadError("PDF reading is not available yet")
