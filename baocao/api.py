"""A small Python API over the dataset for analysts and reviewers (pandas DataFrames).

    from baocao import api
    api.wide("baocao.duckdb")                               # one row per report
    api.facts("baocao.duckdb", metric="dossier.received")   # corrections applied
    api.time_series("baocao.duckdb", "Thanh Hà", "dossier.on_time_rate", period_type="quarter")
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
from pipeline.store import DatasetError, connect
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
        "AND ($doc IS NULL OR document_id = $doc) "
        "ORDER BY document_id, metric, qualifiers::VARCHAR",
        {"metric": metric, "doc": document_id},
    )


def wide(db: Db) -> pd.DataFrame:
    """One row per report (a report sent as DOCX, PDF and text counts once), its main
    figures as columns (`dossier_received`, …); `path` is the document they came from."""
    return _frame(db, "SELECT * FROM reports_wide ORDER BY unit_name, period_start, path")


def units(db: Db) -> pd.DataFrame:
    """The units reports come from, each with its stable `unit_id`."""
    return _frame(db, "SELECT * FROM units ORDER BY unit_name, unit_type, district, province")


def time_series(
    db: Db,
    unit_name: str,
    metric: str,
    *,
    unit_id: str | None = None,
    unit_type: str | None = None,
    district: str | None = None,
    period_type: str | None = None,
) -> pd.DataFrame:
    """One unit's unqualified figure for a metric across its reports, oldest period first,
    each report once (from its preferred document, named in `path`).

    The unit name matches whatever the tone-mark placement or case (`Thanh Hoá` =
    `thanh hóa`). When several units bear the name (a xã and a thị trấn, or communes of
    two districts), or the reports mix kinds of period (quarters and years), this raises
    DatasetError naming them: pass `unit_id`, `unit_type` or `district`, and
    `period_type`, so a series never mixes what should not be mixed.
    """
    frame = _frame(
        db,
        """
        SELECT unit_id, unit_name, unit_type, district, province, period_type,
               period_label, period_start, period_end, value, unit, review_status,
               id AS fact_id, report_id, path
        FROM facts_reported
        WHERE metric = ? AND qualifiers::VARCHAR = '{}'
        ORDER BY period_start NULLS LAST, period_end, path
        """,
        [metric],
    )
    keep = frame["unit_name"].map(
        lambda name: isinstance(name, str) and fold(name) == fold(unit_name)
    )
    for column, wanted in (("unit_id", unit_id), ("unit_type", unit_type), ("district", district)):
        if wanted is not None:
            keep &= frame[column].map(lambda v, w=wanted: isinstance(v, str) and fold(v) == fold(w))
    frame = frame[keep].reset_index(drop=True)
    if not _one_unit(frame):
        names = "; ".join(_unit_names(frame))
        raise DatasetError(
            f"{unit_name!r} names several units: {names}; pass unit_id=, unit_type= or district="
        )
    if period_type is not None:
        frame = frame[frame["period_type"] == period_type].reset_index(drop=True)
    kinds = sorted({str(k) for k in frame["period_type"]})
    _one_of(frame, "period_type", "kinds of period", kinds, "period_type=")
    return frame


def _unit_names(frame: pd.DataFrame) -> list[str]:
    seen = frame.drop_duplicates("unit_id")
    return [
        " ".join(str(v) for v in (row.unit_type, row.unit_name) if isinstance(v, str))
        + (f" (huyện {row.district})" if isinstance(row.district, str) else "")
        + f" [{row.unit_id}]"
        for row in seen.itertuples()
    ]


def _one_of(frame: pd.DataFrame, column: str, what: str, names: list[str], hint: str) -> None:
    if frame[column].nunique(dropna=False) > 1:
        raise DatasetError(f"the series mixes {len(names)} {what}: {'; '.join(names)}; pass {hint}")


def _one_unit(frame: pd.DataFrame) -> bool:
    """Whether the rows' units can all be one: the same type, and no two that name
    different districts or provinces (a report that omits its district is compatible)."""
    units = frame.drop_duplicates("unit_id")
    for column in ("unit_type", "district", "province"):
        known = {fold(v) for v in units[column] if isinstance(v, str)}
        missing = units[column].map(lambda v: not isinstance(v, str)).any()
        if len(known) > 1 or (column == "unit_type" and missing and known):
            return False
    return True


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
