"""The dataset: loading one extraction atomically, and read-only queries for analysts
(opening and migrating it is `pipeline.store_open`; its names are re-exported here).

One transaction per document is what keeps the dataset trustworthy after a crash: a
document is either there with all its facts, evidence, references and flags, or not at
all. The dataset is a DuckDB file (one writing process at a time) or a PostgreSQL
database (`pipeline.store_backend`; loads take turns, readers and reviewers never wait);
a user's SQL runs read-only in a sandbox (`pipeline.store_query`), so it can never change
the append-only corrections.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipeline.store_backend import POSTGRES, ServerConnection, dialect, lock_for_load
from pipeline.store_identity import assign_report, identity_columns
from pipeline.store_open import (
    SCHEMA_VERSION,
    DatasetError,
    applied_versions,
    connect,
    migrate,
    now,
    refresh_derived,
    schema_version,
)
from pipeline.store_rows import extraction_rows
from schemas import Extraction

if TYPE_CHECKING:  # pandas takes a second to import; only queries need it
    import pandas as pd

__all__ = [
    "SCHEMA_VERSION",
    "DatasetError",
    "LoadResult",
    "applied_versions",
    "connect",
    "finish_run",
    "integrity_problems",
    "load_extraction",
    "migrate",
    "now",
    "record_path",
    "refresh_derived",
    "run_query",
    "schema_version",
    "stale_documents",
]


def run_query(db: str | Path, sql: str) -> pd.DataFrame:
    """Run one analyst's SQL in the sandbox of `pipeline.store_query`."""
    from pipeline.store_query import run_query as sandboxed_query

    return sandboxed_query(db, sql)


# --- runs ---------------------------------------------------------------------------


def ensure_run(con: duckdb.DuckDBPyConnection, run_id: str, command: str) -> None:
    """Record a run the first time it loads something (a run that changes nothing leaves
    no row). Call inside the document's transaction."""
    if con.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone():
        return
    from pipeline.versions import versions

    info = versions()
    con.execute(
        "INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
        [
            run_id,
            now(),
            command,
            info["baocao"],
            info["vocabulary"],
            info["duckdb"],
            info["extractors"],
        ],
    )


def record_path(con: duckdb.DuckDBPyConnection, path: str, doc_id: str, run_id: str) -> None:
    """Remember that `path` held the bytes `doc_id` (each path its own row)."""
    seen = now()
    con.execute(
        "INSERT INTO document_paths VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE "
        "SET document_id = excluded.document_id, last_seen = excluded.last_seen, "
        "run_id = excluded.run_id",
        [path, doc_id, seen, seen, run_id],
    )


def mark_seen(
    con: duckdb.DuckDBPyConnection,
    documents: list[str],
    paths: list[tuple[str, str]],
    run_id: str,
) -> None:
    """`last_seen` of documents met again, and `record_path` of each (path, document), for
    many files at once: on DuckDB one statement each (a statement a file costs a
    millisecond or more, most of an unchanged re-run), on a server row by row."""
    seen = now()
    last = dict(paths)  # a path given twice keeps its last document, as one by one would
    if dialect(con) == POSTGRES:
        for doc_id in dict.fromkeys(documents):
            con.execute("UPDATE documents SET last_seen = ? WHERE id = ?", [seen, doc_id])
        for path, doc_id in last.items():
            record_path(con, path, doc_id, run_id)
        return
    con.execute(
        "UPDATE documents SET last_seen = ? WHERE id IN (SELECT unnest(?))",
        [seen, list(dict.fromkeys(documents))],
    )
    con.execute(
        "INSERT INTO document_paths SELECT path, document_id, ?, ?, ? "
        "FROM (SELECT unnest(?) AS path, unnest(?) AS document_id) "
        "ON CONFLICT (path) DO UPDATE "
        "SET document_id = excluded.document_id, last_seen = excluded.last_seen, "
        "run_id = excluded.run_id",
        [seen, seen, run_id, list(last), list(last.values())],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute("UPDATE runs SET finished_at = ? WHERE id = ?", [now(), run_id])


# --- loading one extraction ---------------------------------------------------------


@dataclass
class LoadResult:
    """What one document's load changed."""

    document_id: str
    status: str
    facts: int = 0
    references: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    has_report: bool = False
    replaced: list[str] = field(default_factory=list)


def load_extraction(
    con: duckdb.DuckDBPyConnection,
    extraction: Extraction,
    path: str | Path,
    run_id: str,
    *,
    command: str = "",
    size_bytes: int | None = None,
    quarantine_path: str | None = None,
) -> LoadResult:
    """Write one document and everything extracted from it in ONE transaction.

    A loaded document replaces the previous versions at the same path (their facts go;
    their rows stay, marked not current). A failed one replaces nothing: a new version
    that cannot be read does not erase what the last readable one said.
    """
    info = extraction.document
    doc_id = info.get("id") or ""
    if not doc_id:
        raise DatasetError(f"{path}: the extraction names no document id")
    failed = info.get("status") == "failed"
    path_text = str(path)
    result = LoadResult(document_id=doc_id, status=info.get("status", "failed"))
    con.execute("BEGIN")
    try:
        lock_for_load(con)
        ensure_run(con, run_id, command)
        previous = con.execute("SELECT first_seen FROM documents WHERE id = ?", [doc_id]).fetchone()
        first_seen = previous[0] if previous else now()
        _delete_document_rows(con, [doc_id], drop_document=True)
        if not failed:
            result.replaced = _replace_path(con, path_text, doc_id)
        rows = extraction_rows(extraction, doc_id, run_id)
        for report in rows["reports"]:
            report.update(identity_columns(report, path_text))
            report["report_id"] = assign_report(con, doc_id, report, rows["facts"])
        document = _document_row(info, path_text, run_id, first_seen, size_bytes, rows)
        document["quarantine_path"] = quarantine_path
        _insert(con, "documents", [document])
        for table in (
            "reports",
            "facts",
            "evidence",
            "doc_references",
            "flags",
            "unclaimed_figures",
        ):
            _insert(con, table, rows[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.facts = len(rows["facts"])
    result.references = len(rows["doc_references"])
    result.has_report = bool(rows["reports"])
    for flag in rows["flags"]:
        result.flags[flag["check_name"]] = result.flags.get(flag["check_name"], 0) + 1
    return result


def _delete_document_rows(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str], *, drop_document: bool
) -> None:
    for doc_id in doc_ids:
        for table in (
            "evidence",
            "facts",
            "doc_references",
            "flags",
            "reports",
            "unclaimed_figures",
        ):
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
        if drop_document:
            con.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def _replace_path(con: duckdb.DuckDBPyConnection, path: str, doc_id: str) -> list[str]:
    """Retire the current documents at `path`: their facts go, the rows stay as history."""
    old = [
        row[0]
        for row in con.execute(
            "SELECT id FROM documents WHERE path = ? AND current AND id <> ?", [path, doc_id]
        ).fetchall()
    ]
    _delete_document_rows(con, old, drop_document=False)
    for old_id in old:
        con.execute(
            "UPDATE documents SET current = false, replaced_by = ?, "
            "n_facts = 0, n_evidence = 0, n_references = 0, n_flags = 0 WHERE id = ?",
            [doc_id, old_id],
        )
    return old


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    if isinstance(con, ServerConnection):
        con.insert_rows(table, rows)
        return
    import pyarrow as pa

    data = pa.Table.from_pylist(rows)
    con.register("_incoming", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        with contextlib.suppress(duckdb.Error):  # fails once the transaction is aborted
            con.unregister("_incoming")


def _document_row(
    info: dict,
    path: str,
    run_id: str,
    first_seen: datetime,
    size_bytes: int | None,
    rows: dict[str, list[dict]],
) -> dict:
    return {
        "id": info["id"],
        "path": path,
        "name": Path(path).name,
        "format": info.get("format"),
        "pages": info.get("pages"),
        "status": info.get("status", "failed"),
        "errors": [str(e) for e in info.get("errors") or []],
        "converted_from": info.get("converted_from"),
        "size_bytes": size_bytes,
        "first_seen": first_seen,
        "last_seen": now(),
        "run_id": run_id,
        "current": True,
        "n_facts": len(rows["facts"]),
        "n_evidence": len(rows["evidence"]),
        "n_references": len(rows["doc_references"]),
        "n_flags": len(rows["flags"]),
        "extraction_version": _extraction_version(),
    }


def _extraction_version() -> str:
    from extractors.vocabulary import extraction_version

    return extraction_version()


def stale_documents(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Current documents that an older version of the rules or vocabulary read."""
    rows = con.execute(
        "SELECT id FROM documents WHERE current AND status <> 'failed' "
        "AND coalesce(extraction_version, '') <> ?",
        [_extraction_version()],
    ).fetchall()
    return {r[0] for r in rows}


def integrity_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents whose stored rows disagree with the counts written alongside them."""
    rows = con.execute(
        """
        SELECT d.path, d.n_facts, d.n_evidence, d.n_references, d.n_flags,
            (SELECT count(*) FROM facts f WHERE f.document_id = d.id),
            (SELECT count(*) FROM evidence e WHERE e.document_id = d.id),
            (SELECT count(*) FROM doc_references r WHERE r.document_id = d.id),
            (SELECT count(*) FROM flags g WHERE g.document_id = d.id)
        FROM documents d ORDER BY d.path
        """
    ).fetchall()
    problems = []
    for path, *counts in rows:
        expected, found = counts[:4], counts[4:]
        if expected != found:
            problems.append(f"{path}: expected {expected} rows, found {found}")
    orphans = con.execute(
        "SELECT count(*) FROM facts f WHERE f.document_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    if orphans:
        problems.append(f"{orphans} facts belong to no document")
    return problems
