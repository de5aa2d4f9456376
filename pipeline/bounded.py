"""One file's whole extraction in a worker under the time and memory limits, with no
dataset: `baocao extract` needs only this, so it imports no database library."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.discover import shown
from schemas import Extraction


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_bounded(path: Path, *, last: bool = False) -> Extraction:
    """The whole extraction of one file in a worker under the time and memory limits of
    `pipeline.read.limits.run_bounded`; a file over either fails with that reason. `last`:
    no other file follows in this process (no warm worker server is started)."""
    from pipeline.read.limits import WorkLimitExceeded, run_bounded
    from pipeline.table_evidence import extract_with_table_cells

    try:
        return run_bounded(extract_with_table_cells, path, last=last)
    except WorkLimitExceeded as error:
        try:
            digest = file_sha256(path)
        except OSError:
            digest = ""
        document = {
            "id": digest,
            "path": shown(path),
            "format": path.suffix.lstrip(".").lower() or "unknown",
            "pages": None,
            "status": "failed",
            "errors": [f"{shown(path)}: {error}"],
            "converted_from": None,
        }
        return Extraction(document=document)
