"""Readers, one module per format, each behind the same two functions:
`can_read(data: bytes) -> bool` and `read(path) -> RawDocument`.

`read_raw` picks the reader from the file's bytes and turns every failure (too big,
unknown format, broken, encrypted, too slow) into a failed RawDocument that says why.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from pipeline.read.base import Line, RawCell, RawDocument, RawTable, ReadError
from schemas.document import Status

__all__ = ["Line", "RawCell", "RawDocument", "RawTable", "ReadError", "read_raw"]

READERS = {"pdf": "pdf", "docx": "docx", "doc": "doc", "image": "ocr", "txt": "txt"}


def _failed(fmt: str, reason: str) -> RawDocument:
    return RawDocument(format=fmt, status=Status.FAILED, errors=[reason])


def read_raw(path: Path) -> tuple[RawDocument, str]:
    """The raw document and the sha256 of the file's bytes ("" when unreadable)."""
    from pipeline.read.detect import detect
    from pipeline.read.limits import MAX_FILE_BYTES, run_limited

    try:
        size = path.stat().st_size
        if not path.is_file():
            return _failed("unknown", "not a file"), ""
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return _failed("unknown", f"too large ({size // (1024 * 1024)} MB > {limit} MB)"), ""
        data = path.read_bytes()
    except OSError as error:
        return _failed("unknown", f"cannot open: {error.strerror or error}"), ""
    digest = hashlib.sha256(data).hexdigest()
    kind = detect(data)
    if kind.startswith("unknown"):
        return _failed("unknown", kind.removeprefix("unknown: ")), digest
    # only the reader the file needs is imported: a text file loads no PDF or Word library
    reader = importlib.import_module(f"pipeline.read.{READERS[kind]}")
    try:
        raw = run_limited(reader.read, path)
        if kind in ("pdf", "docx", "doc"):
            from pipeline.read import legacy

            legacy.repair_by_content(raw)
        if raw.scanned:
            from pipeline.read import ocr

            ocr.complete(path, raw)
    except ReadError as error:
        return _failed(kind, str(error)), digest
    except Exception as error:  # a parser's own failure on a broken file
        detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        reason = f"damaged or unreadable {kind} file ({type(error).__name__}"
        return _failed(kind, reason + (f": {detail})" if detail else ")")), digest
    return raw, digest
