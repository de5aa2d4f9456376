"""An inbox folder processed one file at a time, for an orchestrator (flows/ingest.py).

A file is work when its bytes are not in the dataset yet, or when an older version of
the rules or vocabulary read them (its extraction version differs): a change of rules
re-processes what it affects and nothing else. Bytes that failed before count as done,
so a bad file is tried once. Extraction and loading are separate calls, so extraction
can run elsewhere (worker processes, a cluster) while this process alone writes, in one
short connection per document. A file that fails is moved to the quarantine folder
beside the dataset with a note of its reason; nothing else leaves the inbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.discover import discover_files
from pipeline.ingest import (
    FileOutcome,
    extract_bounded,
    file_sha256,
    ingest_file,
    known_documents,
)
from pipeline.store import connect, stale_documents
from pipeline.store_backend import is_server
from pipeline.versions import versions
from schemas import Extraction


@dataclass(frozen=True)
class Work:
    """A file to process, its content hash ("" when unreadable) and whether an older
    version of the rules read these bytes."""

    path: Path
    digest: str
    stale: bool = False


def plan(inbox: str | Path, db: str | Path) -> tuple[list[Work], int]:
    """The files of `inbox` to process (a copy of the same bytes once), and how many
    need nothing."""
    files = discover_files([inbox]).files
    versions()  # computed before the dataset is opened: a run's first write stays short
    known, stale = _stored(db)
    work, planned = [], set()
    for path in files:
        try:
            digest = file_sha256(path)
        except OSError:
            work.append(Work(path, ""))  # loading records why it cannot be read
            continue
        if digest in planned or (digest in known and digest not in stale):
            continue
        planned.add(digest)
        work.append(Work(path, digest, stale=digest in stale))
    return work, len(files) - len(work)


def _stored(db: str | Path) -> tuple[dict[str, str], set[str]]:
    """The dataset's current documents (sha256 -> status) and those an older version of
    the rules read, in one short open."""
    con = connect(db)
    try:
        return known_documents(con), stale_documents(con)
    finally:
        con.close()


def still_pending(items: list[Work], db: str | Path) -> list[Work]:
    """Those of `items` that are still work now (another run may have done some)."""
    known, stale = _stored(db)
    return [w for w in items if not w.digest or w.digest not in known or w.digest in stale]


def extract(path: str | Path) -> Extraction:
    """Read, extract and validate one file under the limits of a bounded worker."""
    return extract_bounded(Path(path))


def load(
    item: Work, extraction: Extraction | None, db: str | Path, run_id: str, *, command: str
) -> FileOutcome:
    """Load one file's extraction (None: extract it here) in its own short connection.
    A failed file is moved to the quarantine folder; a re-read file is `reextracted`."""
    made = extraction

    def given(path: Path) -> Extraction:
        return made if made is not None else extract(path)

    con = connect(db)
    try:
        known = known_documents(con)
        if item.stale:
            known.pop(item.digest, None)
        outcome = ingest_file(
            con,
            item.path,
            run_id,
            db=db if is_server(db) else Path(db),
            known=known,
            extract=given,
            command=command,
            copy_quarantined=True,
        )
    finally:
        con.close()
    if item.stale and outcome.outcome in ("new", "replaced"):
        outcome.outcome = "reextracted"
    if outcome.outcome == "failed" and outcome.quarantined is not None:
        _leave_inbox(item.path, outcome.quarantined)
    return outcome


def _leave_inbox(path: Path, copy: Path) -> None:
    """Remove the original once its quarantined copy holds the same bytes."""
    try:
        if copy.stat().st_size == path.stat().st_size and file_sha256(copy) == file_sha256(path):
            path.unlink()
    except OSError:
        pass  # left in the inbox: its bytes are recorded as failed, so not tried again
