"""A report sent by a commune's officer: checked before anything is stored, then submitted.

Checking reads the file with ingestion's own readers and limits in a temporary folder that
is removed before the answer is returned, so nothing is kept from a file that was only
checked. Submitting stores the file beside the dataset (`submitted/`) and ingests it like
any other file.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

from pipeline.extract import extract_file
from pipeline.ingest import EXTENSIONS, FileOutcome, ingest_paths
from pipeline.read.limits import MAX_FILE_BYTES
from pipeline.store import DatasetError, now
from pipeline.store_backend import files_folder
from schemas import Extraction
from schemas.text import nfc

SUBMITTED = "submitted"
_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_name(name: str) -> str:
    """The file's own name only (no folders), in characters safe on any disk."""
    base = nfc(Path(name.replace("\\", "/")).name).strip()
    base = _UNSAFE.sub("_", base).strip(" .") or "report"
    if Path(base).suffix.lower() not in EXTENSIONS:
        allowed = ", ".join(sorted(EXTENSIONS))
        raise DatasetError(f"{base}: not a report file (send one of {allowed})")
    return base[-120:]


def _bounded(name: str, data: bytes) -> None:
    if not data:
        raise DatasetError(f"{name}: the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise DatasetError(
            f"{name}: too large ({len(data) // (1024 * 1024)} MB > "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB)"
        )


def check_upload(name: str, data: bytes) -> Extraction:
    """What the dataset would read from the file: figures, metadata and failed checks."""
    name = safe_name(name)
    _bounded(name, data)
    with tempfile.TemporaryDirectory(prefix="baocao-check-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        extraction = extract_file(path)
    extraction.document["path"] = name
    extraction.document["errors"] = [
        str(e).replace(str(path), name) for e in extraction.document.get("errors") or []
    ]
    return extraction


def submit_upload(db: str | Path, name: str, data: bytes, *, by: str = "") -> FileOutcome:
    """Store the file under `submitted/` next to the dataset and ingest it."""
    name = safe_name(name)
    _bounded(name, data)
    folder = files_folder(db) / SUBMITTED
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    target = folder / f"{now():%Y%m%d}-{digest[:12]}-{name}"
    if not target.exists():
        target.write_bytes(data)
    who = f" by {by}" if by else ""
    summary = ingest_paths([target], db, command=f"baocao review: submitted {name}{who}")
    return summary.files[0]
