"""Reviewers' decisions, appended to the `corrections` table and never changed.

There is deliberately no function here (or anywhere in the project) that updates or
deletes a correction: a decision is undone by a later one, and the history stays for
auditors. Corrections attach to fact ids, which are stable across re-runs of the same
file, so they survive re-ingestion; a correction whose fact has gone is kept and shows
as orphaned in `corrections_status`.
"""

from __future__ import annotations

import hashlib
import math

import duckdb

from pipeline.store import DatasetError, now
from pipeline.store_rows import canonical_json
from schemas import Correction, Evidence
from schemas.metrics import BY_CODE

ACTIONS = ("accept", "correct", "reject", "add")


def _fact_state(con: duckdb.DuckDBPyConnection, fact_id: str) -> dict | None:
    """A live fact (extracted, or added on a current document) and its current value,
    whatever reviewers decided so far (a rejected fact is still a fact one can accept)."""
    row = con.execute(
        """
        WITH base AS (
            SELECT id, document_id, metric, qualifiers::VARCHAR AS qualifiers, unit,
                   value, is_integer
            FROM facts WHERE id = $id
            UNION ALL
            SELECT c.fact_id, c.document_id, c.metric, c.qualifiers::VARCHAR, c.unit,
                   NULL, NULL
            FROM corrections c JOIN documents d ON d.id = c.document_id AND d.current
            WHERE c.fact_id = $id AND c.action = 'add'
              AND c.fact_id NOT IN (SELECT id FROM facts)
            LIMIT 1
        )
        SELECT b.*,
            (SELECT new_value FROM corrections WHERE fact_id = $id
               AND action IN ('correct', 'add') ORDER BY id DESC LIMIT 1) AS set_value,
            (SELECT action FROM corrections WHERE fact_id = $id ORDER BY id DESC LIMIT 1)
        FROM base b
        """,
        {"id": fact_id},
    ).fetchone()
    if row is None:
        return None
    fid, doc_id, metric, qualifiers, unit, value, _, set_value, last = row
    return {
        "id": fid,
        "document_id": doc_id,
        "metric": metric,
        "qualifiers": qualifiers,
        "unit": unit,
        "value": set_value if set_value is not None else value,
        "rejected": last == "reject",
    }


def _check_value(metric: str, value: object) -> tuple[float, bool]:
    """A reviewer's value as stored: (value, is_integer); counts must be whole numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DatasetError(f"value must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise DatasetError(f"value must be a finite, non-negative number, got {value!r}")
    unit = BY_CODE[metric].unit if metric in BY_CODE else None
    if metric in BY_CODE and not BY_CODE[metric].is_count:
        return float(value), False
    if float(value) != int(value):
        raise DatasetError(f"{metric} counts {unit}s: {value!r} is not a whole number")
    return float(value), True


def append_correction(
    con: duckdb.DuckDBPyConnection,
    fact_id: str,
    action: str,
    *,
    reviewer: str,
    new_value: float | int | None = None,
    reason: str = "",
) -> Correction:
    """Record `accept`, `correct` or `reject` on a live fact (use `add_fact` to add one)."""
    if action not in ("accept", "correct", "reject"):
        raise DatasetError(f"action must be accept, correct or reject, got {action!r}")
    if not reviewer.strip():
        raise DatasetError("a correction needs the reviewer's name")
    state = _fact_state(con, fact_id)
    if state is None:
        raise DatasetError(f"no fact {fact_id!r} in the dataset (unknown, or its file changed)")
    is_integer = None
    if action == "correct":
        if new_value is None:
            raise DatasetError("`correct` needs the new value")
        new_value, is_integer = _check_value(state["metric"], new_value)
    elif new_value is not None:
        raise DatasetError(f"`{action}` takes no new value")
    elif action == "accept":
        new_value = state["value"]
    at = now()
    con.execute(
        """
        INSERT INTO corrections (fact_id, action, reviewer, corrected_at, old_value,
            new_value, new_is_integer, reason, document_id, metric, qualifiers, unit)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            fact_id,
            action,
            reviewer.strip(),
            at,
            state["value"],
            new_value,
            is_integer,
            reason,
            state["document_id"],
            state["metric"],
            state["qualifiers"],
            state["unit"],
        ],
    )
    return Correction(
        fact_id=fact_id,
        action=action,
        old_value=state["value"],
        new_value=new_value,
        reviewer=reviewer.strip(),
        reason=reason,
        at=at,
    )


def added_fact_id(document_id: str, metric: str, qualifiers: dict[str, str]) -> str:
    """Stable id of a reviewer-added fact; the prefix keeps it apart from extracted ids."""
    payload = canonical_json([document_id, metric, qualifiers])
    return "added-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def add_fact(
    con: duckdb.DuckDBPyConnection,
    *,
    document_id: str,
    metric: str,
    value: float | int,
    evidence: list[Evidence],
    reviewer: str,
    qualifiers: dict[str, str] | None = None,
    reason: str = "",
) -> str:
    """Record a fact the extractors missed; returns its id. Evidence is required."""
    qualifiers = {str(k): str(v) for k, v in (qualifiers or {}).items()}
    if metric not in BY_CODE:
        raise DatasetError(f"unknown metric code: {metric!r}")
    if not reviewer.strip():
        raise DatasetError("a correction needs the reviewer's name")
    if not evidence:
        raise DatasetError("an added fact needs evidence: where the figure is written")
    evidence = [Evidence.model_validate(e) for e in evidence]
    doc = con.execute(
        "SELECT status FROM documents WHERE id = ? AND current", [document_id]
    ).fetchone()
    if doc is None or doc[0] == "failed":
        raise DatasetError(f"no loaded document {document_id!r} to add a fact to")
    stored, is_integer = _check_value(metric, value)
    key = canonical_json(qualifiers)
    existing = con.execute(
        "SELECT id FROM facts WHERE document_id = ? AND metric = ? AND qualifiers::VARCHAR = ?",
        [document_id, metric, key],
    ).fetchone()
    if existing:
        raise DatasetError(f"the document already has this fact: correct {existing[0]} instead")
    fact_id = added_fact_id(document_id, metric, qualifiers)
    if _fact_state(con, fact_id) is not None:
        raise DatasetError(f"this fact was already added as {fact_id}: correct it instead")
    con.execute(
        """
        INSERT INTO corrections (fact_id, action, reviewer, corrected_at, new_value,
            new_is_integer, reason, document_id, metric, qualifiers, unit, evidence)
        VALUES (?, 'add', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            fact_id,
            reviewer.strip(),
            now(),
            stored,
            is_integer,
            reason,
            document_id,
            metric,
            key,
            BY_CODE[metric].unit,
            canonical_json([e.model_dump() for e in evidence]),
        ],
    )
    return fact_id
