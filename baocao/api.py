"""A small Python API over the dataset for analysts and reviewers (pandas DataFrames).

    from baocao import api
    api.wide("baocao.duckdb")                               # one row per report
    api.facts("baocao.duckdb", metric="dossier.received")   # corrections applied
    api.time_series("baocao.duckdb", "Thanh Hà", "dossier.on_time_rate")
    api.correct("baocao.duckdb", "3f2a…", new_value=950, reviewer="Lan", reason="typo")

Reading functions open the file read-only. The only writes are `correct` and `add_fact`,
which append to the corrections table; there is, on purpose, no way here to update or
delete a correction (a later decision overrides an earlier one).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.review import add_fact as _add_fact
from pipeline.review import append_correction
from pipeline.store import connect
from schemas import Correction, Evidence
from schemas.text import fold

Db = str | Path


def _frame(db: Db, sql: str, params: list | dict | None = None) -> pd.DataFrame:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def facts(
    db: Db, metric: str | None = None, *, document_id: str | None = None, effective: bool = True
) -> pd.DataFrame:
    """Facts with reviewers' corrections applied (`effective=False`: as extracted)."""
    table = "facts_effective" if effective else "facts"
    return _frame(
        db,
        f"SELECT * FROM {table} WHERE ($metric IS NULL OR metric = $metric) "
        "AND ($doc IS NULL OR document_id = $doc) ORDER BY document_id, metric, qualifiers",
        {"metric": metric, "doc": document_id},
    )


def wide(db: Db) -> pd.DataFrame:
    """One row per current report, its main figures as columns (`dossier_received`, …)."""
    return _frame(db, "SELECT * FROM reports_wide ORDER BY unit_name, period_start, path")


def time_series(db: Db, unit_name: str, metric: str) -> pd.DataFrame:
    """One unit's unqualified figure for a metric across its reports, oldest period first.

    The unit name matches whatever the tone-mark placement or case (`Thanh Hoá` =
    `thanh hóa`).
    """
    frame = _frame(
        db,
        """
        SELECT r.unit_name, r.unit_type, r.period_label,
               TRY_CAST(r.period_start AS DATE) AS period_start,
               TRY_CAST(r.period_end AS DATE) AS period_end,
               f.value, f.unit, f.review_status, f.id AS fact_id, d.path
        FROM facts_effective f
        JOIN reports r ON r.document_id = f.document_id
        JOIN documents d ON d.id = f.document_id AND d.current
        WHERE f.metric = ? AND f.qualifiers::VARCHAR = '{}'
        ORDER BY period_start NULLS LAST, period_end, d.path
        """,
        [metric],
    )
    wanted = fold(unit_name)
    keep = frame["unit_name"].map(lambda name: isinstance(name, str) and fold(name) == wanted)
    return frame[keep].reset_index(drop=True)


def documents(db: Db, *, current: bool = True) -> pd.DataFrame:
    where = "WHERE current" if current else ""
    return _frame(db, f"SELECT * FROM documents {where} ORDER BY path, first_seen")


def flags(db: Db, check: str | None = None) -> pd.DataFrame:
    """Failed checks, with the document's path."""
    return _frame(
        db,
        "SELECT d.path, f.* FROM flags f JOIN documents d ON d.id = f.document_id "
        "WHERE ? IS NULL OR f.check_name = ? ORDER BY d.path, f.seq",
        [check, check],
    )


def references(db: Db, kind: str | None = None) -> pd.DataFrame:
    """Cited legal and planning documents (the `doc_references` table)."""
    return _frame(
        db,
        "SELECT * FROM doc_references WHERE ? IS NULL OR kind = ? ORDER BY document_id, seq",
        [kind, kind],
    )


def corrections(
    db: Db, *, orphaned: bool | None = None, needs_decision: bool | None = None
) -> pd.DataFrame:
    """Every reviewer decision in order, with where it stands (`state`) after
    re-extraction; `orphaned=True`: those whose figure is gone; `needs_decision=True`:
    those that no longer apply and wait for a reviewer."""
    return _frame(
        db,
        "SELECT * FROM corrections_status WHERE ($o IS NULL OR orphaned = $o) "
        "AND ($n IS NULL OR needs_decision = $n) ORDER BY id",
        {"o": orphaned, "n": needs_decision},
    )


def correct(
    db: Db,
    fact_id: str,
    action: str = "correct",
    *,
    reviewer: str,
    new_value: float | int | None = None,
    reason: str = "",
) -> Correction:
    """Append a decision on a fact: `correct` (with `new_value`), `accept` or `reject`."""
    con = connect(db)
    try:
        return append_correction(
            con, fact_id, action, reviewer=reviewer, new_value=new_value, reason=reason
        )
    finally:
        con.close()


def add_fact(
    db: Db,
    *,
    document_id: str,
    metric: str,
    value: float | int,
    evidence: list[Evidence | dict],
    reviewer: str,
    qualifiers: dict[str, str] | None = None,
    reason: str = "",
) -> str:
    """Append an `add` correction for a figure the extractors missed; returns its fact id."""
    con = connect(db)
    try:
        return _add_fact(
            con,
            document_id=document_id,
            metric=metric,
            value=value,
            evidence=[Evidence.model_validate(e) for e in evidence],
            reviewer=reviewer,
            qualifiers=qualifiers,
            reason=reason,
        )
    finally:
        con.close()
