"""Loading files into the dataset: idempotent by content hash, one transaction per file.

A batch must survive anything one file can do: a reader that gives up, an extractor that
raises, a file that vanishes. Each such file is recorded as failed with its reason, copied
to a quarantine folder next to the dataset for someone to look at, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.store import DatasetError, connect, finish_run, load_extraction, now
from schemas import Extraction

EXTENSIONS = frozenset({".txt", ".md", ".pdf", ".docx", ".doc"})
Extract = Callable[[Path], Extraction]


@dataclass
class FileOutcome:
    """What happened to one file: new | unchanged | replaced | failed."""

    path: Path
    outcome: str
    document_id: str = ""
    facts: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    has_report: bool = False
    reason: str = ""
    quarantined: Path | None = None


@dataclass
class IngestSummary:
    db: Path
    run_id: str
    files: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome == "failed"]

    @property
    def facts(self) -> int:
        return sum(f.facts for f in self.files)

    @property
    def flags(self) -> Counter:
        total: Counter = Counter()
        for f in self.files:
            total.update(f.flags)
        return total

    def render(self) -> str:
        flags = self.flags
        lines = [
            f"dataset {self.db} (run {self.run_id})",
            f"files: {self.count('new')} new, {self.count('unchanged')} unchanged, "
            f"{self.count('replaced')} replaced, {self.count('failed')} failed",
            f"facts loaded: {self.facts}; reports: {sum(f.has_report for f in self.files)}",
            f"flags raised: {sum(flags.values())}"
            + "".join(f"\n  {check}: {n}" for check, n in sorted(flags.items())),
        ]
        for f in self.failed:
            where = f" (copied to {f.quarantined})" if f.quarantined else ""
            lines.append(f"failed: {f.path}: {f.reason}{where}")
        return "\n".join(lines)


def new_run_id() -> str:
    """Sortable and unique: UTC time of the start plus a random suffix."""
    return now().strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest: named files as given, folders walked for report extensions,
    hidden files and folders skipped, each file once, in a stable order.

    A folder's `README` describes the folder; it is not a report, so a walk skips it."""
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(part.startswith(".") for part in parts):
                    continue
                if child.stem.upper() == "README":
                    continue
                if child.is_file() and child.suffix.lower() in EXTENSIONS:
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 -> status of every current document (failed ones included)."""
    return dict(con.execute("SELECT id, status FROM documents WHERE current").fetchall())


def stored_path(path: Path, db: Path) -> str:
    """Relative to the dataset's folder when the file is inside it, else absolute: the
    same file gets the same path whichever folder ingestion ran from."""
    full = path.resolve()
    try:
        return full.relative_to(Path(db).resolve().parent).as_posix()
    except ValueError:
        return str(full)


def quarantine_dir(db: Path) -> Path:
    return Path(db).resolve().parent / "quarantine"


def quarantine(path: Path, digest: str, reason: str, folder: Path) -> Path | None:
    """Copy a bad file aside with its reason next to it; None if even that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{digest[:16]}-{path.name}"
        shutil.copyfile(path, target)
        target.with_name(target.name + ".reason.txt").write_text(
            f"{path}\nsha256 {digest}\n{reason}\n", encoding="utf-8"
        )
        return target
    except OSError:
        return None


def _default_extract(path: Path) -> Extraction:
    from pipeline.extract import extract_file

    return extract_file(path)


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    run_id: str,
    *,
    db: Path,
    known: dict[str, str],
    extract: Extract | None = None,
    command: str = "",
    retry_failed: bool = True,
) -> FileOutcome:
    """Ingest one file; never raises for a problem of the file itself."""
    extract = extract or _default_extract
    try:
        digest = file_sha256(path)
        size = path.stat().st_size
    except OSError as error:
        return FileOutcome(path, "failed", reason=f"cannot read the file: {error.strerror}")
    status = known.get(digest)
    if status is not None and (status != "failed" or not retry_failed):
        con.execute("UPDATE documents SET last_seen = ? WHERE id = ?", [now(), digest])
        return FileOutcome(path, "unchanged", document_id=digest)
    try:
        extraction = extract(path)
        reason = _failure_reason(extraction)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        extraction, reason = None, f"extraction raised {type(error).__name__}: {error}"
    if extraction is not None:
        extraction.document["id"] = extraction.document.get("id") or digest
    if reason is None:
        try:
            loaded = load_extraction(
                con, extraction, stored_path(path, db), run_id, command=command, size_bytes=size
            )
        except Exception as error:  # noqa: BLE001 - e.g. an id the extraction repeats
            reason = f"could not be stored: {type(error).__name__}: {error}"
        else:
            known[loaded.document_id] = loaded.status
            outcome = "replaced" if loaded.replaced else "new"
            return FileOutcome(
                path,
                outcome,
                document_id=loaded.document_id,
                facts=loaded.facts,
                flags=loaded.flags,
                has_report=loaded.has_report,
            )
    return _record_failure(con, path, digest, size, reason, extraction, run_id, db, command)


def _failure_reason(extraction: Extraction) -> str | None:
    if extraction.document.get("status") != "failed":
        return None
    return "; ".join(extraction.document.get("errors") or []) or "the file could not be read"


def _record_failure(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    size: int,
    reason: str,
    extraction: Extraction | None,
    run_id: str,
    db: Path,
    command: str,
) -> FileOutcome:
    """A failed file gets a documents row (status failed, the reason) and a quarantine copy.

    The same file failing again for the same reason changes nothing but `last_seen`.
    """
    copied = quarantine(path, digest, reason, quarantine_dir(db))
    same = con.execute(
        "SELECT 1 FROM documents WHERE id = ? AND current AND status = 'failed' AND errors = ?",
        [digest, [reason]],
    ).fetchone()
    if same:
        con.execute("UPDATE documents SET last_seen = ? WHERE id = ?", [now(), digest])
        return FileOutcome(path, "failed", document_id=digest, reason=reason, quarantined=copied)
    info = dict(extraction.document) if extraction is not None else {}
    info.update(id=digest, status="failed", errors=[reason])
    info.setdefault("format", path.suffix.lstrip(".").lower() or "unknown")
    try:
        load_extraction(
            con,
            Extraction(document=info),
            stored_path(path, db),
            run_id,
            command=command,
            size_bytes=size,
            quarantine_path=stored_path(copied, db) if copied else None,
        )
    except (duckdb.Error, DatasetError) as error:
        reason += f" (and it could not be recorded: {error})"
    return FileOutcome(path, "failed", document_id=digest, reason=reason, quarantined=copied)


def ingest_paths(
    paths: Iterable[str | Path],
    db: str | Path,
    *,
    extract: Extract | None = None,
    run_id: str | None = None,
    command: str | None = None,
    retry_failed: bool = True,
) -> IngestSummary:
    """Ingest files and folders into the dataset at `db`; see the module docstring.

    Unchanged files (same sha256 as a loaded document) are skipped; files that failed
    before are tried again, since the cause may have been fixed since.
    """
    db = Path(db)
    run_id = run_id or new_run_id()
    paths = list(paths)
    command = command or "baocao ingest " + " ".join(str(p) for p in paths)
    summary = IngestSummary(db=db, run_id=run_id)
    files = discover(paths)
    con = connect(db)
    try:
        known = known_documents(con)
        for path in files:
            summary.files.append(
                ingest_file(
                    con,
                    path,
                    run_id,
                    db=db,
                    known=known,
                    extract=extract,
                    command=command,
                    retry_failed=retry_failed,
                )
            )
        finish_run(con, run_id)
    finally:
        con.close()
    return summary


# --- one file at a time, for orchestrators --------------------------------------------


def pending_files(paths: Iterable[str | Path], db: str | Path) -> tuple[list[Path], int]:
    """Files whose content is not in the dataset yet (failed ones count as in it, so each
    file is processed once), and how many were skipped."""
    files = discover(paths)
    con = connect(db)
    try:
        known = known_documents(con)
    finally:
        con.close()
    pending = []
    for path in files:
        try:
            digest = file_sha256(path)
        except OSError:
            pending.append(path)  # ingest_file records why it cannot be read
            continue
        if digest not in known:
            pending.append(path)
            known[digest] = "pending"  # a copy of the same bytes is processed once
    return pending, len(files) - len(pending)


def ingest_one(
    path: str | Path,
    db: str | Path,
    run_id: str,
    *,
    command: str = "",
    extract: Extract | None = None,
) -> FileOutcome:
    """Ingest one file in its own short connection (one writer at a time)."""
    con = connect(db)
    try:
        return ingest_file(
            con,
            Path(path),
            run_id,
            db=Path(db),
            known=known_documents(con),
            extract=extract,
            command=command,
            retry_failed=False,
        )
    finally:
        con.close()


def close_run(db: str | Path, run_id: str) -> None:
    """Mark a run finished (a no-op for a run that loaded nothing, hence has no row)."""
    con = connect(db)
    try:
        finish_run(con, run_id)
    finally:
        con.close()
