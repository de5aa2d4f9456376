"""Legacy .doc (placeholder until the reader lands)."""

from __future__ import annotations

from pathlib import Path

from pipeline.read.base import RawDocument, ReadError

_WORD_STREAM = "WordDocument".encode("utf-16-le")


def can_read(data: bytes) -> bool:
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and _WORD_STREAM in data


def read(path: Path) -> RawDocument:
    raise ReadError(".doc reading is not available yet")
