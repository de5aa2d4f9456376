"""Loading files into the dataset: idempotent by content hash, one transaction per file.

A batch must survive anything one file can do: a reader that gives up, an extractor that
raises, a file that vanishes, a name that is not valid UTF-8. Each such file is recorded
as failed with its reason (and a reason note in a quarantine folder next to the dataset;
the file itself is copied there only when asked), and the batch goes on. Bytes that
failed once are not tried again unless asked, so a re-run of an archive with a bad file
in it succeeds; the exit status says whether this run met a failure not seen before.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from pipeline.bounded import extract_bounded, file_sha256
from pipeline.discover import EXTENSIONS, discover_files, shown
from pipeline.ingest_summary import FileOutcome, IngestSummary
from pipeline.parallel import Ahead, ordered_map
from pipeline.store import (
    DatasetError,
    connect,
    finish_run,
    load_extraction,
    mark_seen,
    now,
    record_path,
    stale_documents,
)
from pipeline.store_backend import database_errors, files_folder, is_server, shown_db
from pipeline.versions import versions
from schemas import Extraction

__all__ = [
    "EXTENSIONS",
    "FileOutcome",
    "IngestSummary",
    "discover",
    "extract_bounded",
    "file_sha256",
    "ingest_paths",
    "shown",
]

Extract = Callable[[Path], Extraction]
Progress = Callable[[int, int, Path, FileOutcome | None], None]


def new_run_id() -> str:
    """Sortable and unique: UTC time of the start plus a random suffix."""
    return now().strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest (see `pipeline.discover`): named files as given, folders walked."""
    return discover_files(paths).files


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 -> status of every current document (failed ones included)."""
    return dict(con.execute("SELECT id, status FROM documents WHERE current").fetchall())


def stored_path(path: Path, db: Path) -> str:
    """Relative to the dataset's folder when the file is inside it, else absolute: the
    same file gets the same path whichever folder ingestion ran from (for a server
    database, always absolute: its readers may run from anywhere). Printable text."""
    full = Path(os.path.abspath(path))  # not resolved: a link inside keeps its own path
    if is_server(db):
        return shown(full)
    try:
        return shown(full.relative_to(Path(os.path.abspath(db)).parent).as_posix())
    except ValueError:
        return shown(full)


def quarantine_dir(db: Path) -> Path:
    return files_folder(db) / "quarantine"


def quarantine(
    path: Path, digest: str, reason: str, folder: Path, *, copy: bool = False
) -> tuple[Path | None, str]:
    """Write a note of the reason and the original path (and copy the file when asked).

    Returns the copy (None when not copied) and what went wrong, "" when nothing did.
    """
    name = f"{digest[:16]}-{shown(path.name)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.reason.txt").write_text(
            f"{shown(path.absolute())}\nsha256 {digest}\n{reason}\n", encoding="utf-8"
        )
        if not copy:
            return None, ""
        shutil.copyfile(path, folder / name)
        return folder / name, ""
    except OSError as error:
        return None, f"the quarantine note could not be written in {shown(folder)}: " + (
            error.strerror or str(error)
        )


def _default_extract(path: Path) -> Extraction:
    return extract_bounded(path)


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    run_id: str,
    *,
    db: Path,
    known: dict[str, str],
    extract: Extract | None = None,
    command: str = "",
    retry_failed: bool = False,
    copy_quarantined: bool = False,
    seen: SeenAgain | None = None,
) -> FileOutcome:
    """Ingest one file and record its path; never raises for a problem of the file itself.

    With `seen`, a file whose bytes are already loaded (or failed before, and are not
    retried) is only noted there, for `SeenAgain.write` to mark with the others at once.
    """
    try:
        digest = file_sha256(path)
        size = path.stat().st_size
    except OSError as error:
        reason = f"cannot read the file: {error.strerror or error}"
        return FileOutcome(path, "failed", reason=reason, new_failure=True)
    status = known.get(digest)
    if seen is not None and status is not None and (status != "failed" or not retry_failed):
        seen.note(digest, stored_path(path, db))
        outcome = "failed_before" if status == "failed" else "unchanged"
        return FileOutcome(path, outcome, document_id=digest)
    outcome = _ingest_bytes(
        con, path, digest, size, run_id, db, known, extract, command, retry_failed, copy_quarantined
    )
    record_path(con, stored_path(path, db), digest, run_id)
    return outcome


def _ingest_bytes(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    size: int,
    run_id: str,
    db: Path,
    known: dict[str, str],
    extract: Extract | None,
    command: str,
    retry_failed: bool,
    copy_quarantined: bool,
) -> FileOutcome:
    extract = extract or _default_extract
    status = known.get(digest)
    if status == "failed" and not retry_failed:
        con.execute("UPDATE documents SET last_seen = ? WHERE id = ?", [now(), digest])
        return FileOutcome(path, "failed_before", document_id=digest)
    if status is not None and status != "failed":
        con.execute("UPDATE documents SET last_seen = ? WHERE id = ?", [now(), digest])
        return FileOutcome(path, "unchanged", document_id=digest)
    try:
        extraction = extract(path)
        reason = _failure_reason(extraction, path)
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
    outcome = _record_failure(
        con, path, digest, size, reason, extraction, run_id, db, command, copy_quarantined
    )
    outcome.new_failure = status is None
    known[digest] = "failed"
    return outcome


def _failure_reason(extraction: Extraction, path: Path) -> str | None:
    """Why the extraction failed, without the path each error starts with (the summary
    names the file once)."""
    if extraction.document.get("status") != "failed":
        return None
    prefix = f"{shown(path)}: "
    errors = [e.removeprefix(prefix) for e in extraction.document.get("errors") or []]
    return "; ".join(errors) or "the file could not be read"


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
    copy: bool,
) -> FileOutcome:
    """A failed file gets a documents row (status failed, the reason) and a quarantine
    note (and copy, when asked). The same file failing again for the same reason changes
    nothing but `last_seen`."""
    folder = quarantine_dir(db)
    copied, problem = quarantine(path, digest, reason, folder, copy=copy)
    kept = copied or (None if problem else folder / f"{digest[:16]}-{shown(path.name)}.reason.txt")
    result = FileOutcome(
        path, "failed", document_id=digest, reason=reason, quarantined=copied, note=problem
    )
    same = con.execute(
        "SELECT 1 FROM documents WHERE id = ? AND current AND status = 'failed' AND errors = ?",
        [digest, [reason]],
    ).fetchone()
    if same:
        con.execute("UPDATE documents SET last_seen = ? WHERE id = ?", [now(), digest])
        return result
    info = dict(extraction.document) if extraction is not None else {}
    info.update(id=digest, status="failed", errors=[reason], path=shown(path))
    info.setdefault("format", path.suffix.lstrip(".").lower() or "unknown")
    try:
        load_extraction(
            con,
            Extraction(document=info),
            stored_path(path, db),
            run_id,
            command=command,
            size_bytes=size,
            quarantine_path=stored_path(kept, db) if kept else None,
        )
    except (*database_errors(), DatasetError) as error:
        result.reason += f" (and it could not be recorded: {error})"
    return result


def ingest_paths(
    paths: Iterable[str | Path],
    db: str | Path,
    *,
    extract: Extract | None = None,
    run_id: str | None = None,
    command: str | None = None,
    retry_failed: bool = False,
    copy_quarantined: bool = False,
    reextract: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
) -> IngestSummary:
    """Ingest files and folders into the dataset at `db`; see the module docstring.

    Unchanged files (same sha256 as a loaded document) are skipped, and so are files
    whose bytes failed before unless `retry_failed`; with `reextract`, files an older version
    of the rules or vocabulary read are read again (their corrections re-attach only where
    their figure keeps the value they corrected). A path that does not exist is an
    error before anything is opened (no empty dataset is left behind). `progress` is
    called before each file (outcome None) and after it.

    `workers` documents are extracted at a time (`pipeline.parallel`); this process alone
    writes, holding the dataset at most about `HOLD_SECONDS` at a time (waits for an
    extraction included), so a reader waits at most that long: files that need no
    extraction, and documents whose extraction is done within that time, share one
    opening of the dataset (opening and closing it costs more than loading a small
    document).
    """
    db = db if is_server(db) else Path(db)
    run_id = run_id or new_run_id()
    paths = list(paths)
    command = command or "baocao ingest " + " ".join(shown(p) for p in paths)
    found = discover_files(paths)
    if found.missing:
        names = ", ".join(shown(p) for p in found.missing)
        raise DatasetError(f"no such file or folder: {names}")
    summary = IngestSummary(db=shown_db(db), run_id=run_id, skipped=found.skipped)
    con = connect(db)
    try:
        known = known_documents(con)
        stale = stale_documents(con) if reextract else set()
    finally:
        con.close()
    for digest in stale:
        known.pop(digest, None)
    extract = extract or _default_extract
    wanted = _to_extract(found.files, known, retry_failed)
    if wanted:
        versions()  # computed before the dataset is opened: the first write stays short

    def prepare(path: Path) -> Extraction | None:
        return extract(path) if path in wanted else None

    total = len(found.files)
    ahead = Ahead()
    extracted = ordered_map(prepare, found.files, workers, ahead)
    held = _Held(db, run_id)
    try:
        for index, (path, ready) in enumerate(extracted):
            if progress:
                progress(index, total, path, None)
            outcome = ingest_file(
                held.open(),
                path,
                run_id,
                db=db,
                known=known,
                extract=_prepared(ready, extract),
                command=command,
                retry_failed=retry_failed,
                copy_quarantined=copy_quarantined,
                seen=held.seen,
            )
            following = found.files[index + 1] if index + 1 < total else None
            if held.long() or (following in wanted and not ahead.next_done(held.left())):
                held.close()  # before waiting longer for the next file's extraction
            if outcome.document_id in stale and outcome.outcome in ("new", "replaced"):
                outcome.outcome = "reextracted"
                stale.discard(outcome.document_id)
            summary.files.append(outcome)
            if progress:
                progress(index, total, path, outcome)
        finish_run(held.open(), run_id)
        held.close()
    finally:
        held.close(write=False)
    return summary


class SeenAgain:
    """Files met again whose bytes need nothing done: their documents' and paths'
    `last_seen`, written for all of them in two statements (`pipeline.store.mark_seen`)
    instead of two for each file."""

    def __init__(self) -> None:
        self.documents: list[str] = []
        self.paths: list[tuple[str, str]] = []

    def note(self, digest: str, path: str) -> None:
        self.documents.append(digest)
        self.paths.append((path, digest))

    def write(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        if self.documents:
            mark_seen(con, self.documents, self.paths, run_id)
        self.documents, self.paths = [], []


# The longest the dataset stays open across files whose work is ready (unchanged, failed
# before, extracted by then): a reader waits at most about this long, and a re-run of an
# unchanged archive opens the dataset once per batch of files instead of once per file.
HOLD_SECONDS = 0.25


class _Held:
    """The writer's connection, kept open across consecutive files whose work is ready,
    for `HOLD_SECONDS` at most. What files met again need written is written once, before
    it closes."""

    def __init__(self, db: str | Path, run_id: str) -> None:
        self.db = db
        self.run_id = run_id
        self.con: duckdb.DuckDBPyConnection | None = None
        self.since = 0.0
        self.seen = SeenAgain()

    def open(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            self.con = connect(self.db)
            self.since = time.monotonic()
        return self.con

    def left(self) -> float:
        """Seconds it may stay open yet."""
        return HOLD_SECONDS - (time.monotonic() - self.since) if self.con is not None else 0.0

    def long(self) -> bool:
        return self.left() <= 0 and self.con is not None

    def close(self, *, write: bool = True) -> None:
        if self.con is None:
            return
        con, self.con = self.con, None
        try:
            if write:
                self.seen.write(con, self.run_id)
        finally:
            con.close()


def _to_extract(files: list[Path], known: dict[str, str], retry_failed: bool) -> set[Path]:
    """The files whose bytes the batch will read (a copy of the same bytes only once)."""
    wanted, seen = set(), set(known)
    if retry_failed:
        seen = {digest for digest, status in known.items() if status != "failed"}
    for path in files:
        try:
            digest = file_sha256(path)
        except OSError:
            continue  # ingest_file records why it cannot be read
        if digest not in seen:
            wanted.add(path)
            seen.add(digest)
    return wanted


def _prepared(ready: Extraction | BaseException | None, extract: Extract) -> Extract:
    """The extraction made ahead (or its exception, raised again), else extract now."""

    def given(path: Path) -> Extraction:
        if isinstance(ready, BaseException):
            raise ready
        return ready if ready is not None else extract(path)

    return given


def close_run(db: str | Path, run_id: str) -> None:
    """Mark a run finished (a no-op for a run that loaded nothing, hence has no row)."""
    con = connect(db)
    try:
        finish_run(con, run_id)
    finally:
        con.close()
