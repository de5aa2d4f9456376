"""What reviewers look at: the documents that need a person, most urgent first, and one
document's facts with their evidence, flags and reviewers' decisions.

"Needs a person", in order: open flags (a failed check some of whose facts nobody has
reviewed yet), conflicts between two readings of a figure, corrections waiting for a
decision after re-extraction, unreviewed facts read with low confidence, and figures no
rule claimed (when the extraction lists them: a table `unclaimed_figures` with
`document_id, char_start, char_end, quote`, and optionally `value`, `page`).
"""

from __future__ import annotations

import json

import duckdb

from schemas.metrics import BY_CODE
from schemas.text import fold, strip_marks

LOW_CONFIDENCE = 0.8
CONFLICT_CHECKS = ("fact.conflict",)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def has_unclaimed(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the dataset lists figures no rule claimed (an optional coverage stage)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'unclaimed_figures' "
        "AND table_schema = current_schema()"
    ).fetchone()[0]
    return bool(found)


_QUEUE = """
WITH reviewed AS (
    SELECT id FROM facts_effective WHERE review_status <> 'unreviewed'
    UNION SELECT applies_to FROM corrections_status WHERE applied AND action = 'reject'
),
flag_facts AS (
    SELECT document_id, seq, check_name,
        unnest(CASE WHEN coalesce(len(fact_ids), 0) = 0 THEN ARRAY[NULL::VARCHAR]
               ELSE fact_ids END) AS fact_id
    FROM flags
),
open_flags AS (
    SELECT ff.document_id, ff.seq, any_value(ff.check_name) AS check_name
    FROM flag_facts ff LEFT JOIN reviewed r ON r.id = ff.fact_id
    WHERE r.id IS NULL GROUP BY ff.document_id, ff.seq
),
flag_counts AS (
    SELECT document_id,
        count(*) FILTER (WHERE NOT list_contains($conflicts, check_name)) AS open_flags,
        count(*) FILTER (WHERE list_contains($conflicts, check_name)) AS conflicts,
        array_agg(DISTINCT check_name) AS checks
    FROM open_flags GROUP BY document_id
),
low AS (
    SELECT document_id, count(*) AS low_confidence FROM facts_effective
    WHERE review_status = 'unreviewed' AND (confidence < $low OR approximate)
    GROUP BY document_id
),
pending AS (
    SELECT d.id AS document_id, count(*) AS pending_decisions
    FROM corrections_pending c JOIN documents d ON d.path = c.document_path AND d.current
    GROUP BY d.id
),
fact_counts AS (
    SELECT document_id, count(*) AS facts,
        count(*) FILTER (WHERE review_status <> 'unreviewed') AS reviewed
    FROM facts_effective GROUP BY document_id
)
SELECT d.id, d.path, d.name, d.format, d.pages, d.status,
    r.unit_name, r.unit_type, r.period_label, r.doc_number,
    coalesce(fc.open_flags, 0) AS open_flags, coalesce(fc.conflicts, 0) AS conflicts,
    coalesce(p.pending_decisions, 0) AS pending_decisions,
    coalesce(l.low_confidence, 0) AS low_confidence,
    coalesce(fc.checks, ARRAY[]::VARCHAR[]) AS checks,
    coalesce(n.facts, 0) AS facts, coalesce(n.reviewed, 0) AS reviewed
FROM documents d
LEFT JOIN reports r ON r.document_id = d.id
LEFT JOIN flag_counts fc ON fc.document_id = d.id
LEFT JOIN low l ON l.document_id = d.id
LEFT JOIN pending p ON p.document_id = d.id
LEFT JOIN fact_counts n ON n.document_id = d.id
WHERE d.current AND d.status <> 'failed'
"""


def review_queue(
    con: duckdb.DuckDBPyConnection,
    *,
    unit: str | None = None,
    period: str | None = None,
    flag: str | None = None,
    search: str | None = None,
) -> list[dict]:
    """Current documents, those that need a person first, with the counts that say why.

    `unit` compares folded (tone-mark placement and case do not matter); `search` also
    ignores the marks, as people type in a hurry.
    """
    rows = _rows(con, _QUEUE, {"conflicts": list(CONFLICT_CHECKS), "low": LOW_CONFIDENCE})
    unclaimed = unclaimed_counts(con)
    for row in rows:
        row["unclaimed"] = unclaimed.get(row["id"], 0)
        row["checks"] = sorted(row["checks"] or [])
    if unit:
        rows = [r for r in rows if r["unit_name"] and fold(r["unit_name"]) == fold(unit)]
    if period:
        rows = [r for r in rows if r["period_label"] and fold(r["period_label"]) == fold(period)]
    if flag:
        rows = [r for r in rows if flag in r["checks"]]
    if search and search.strip():
        wanted = _loose(search)
        fields = ("path", "unit_name", "unit_type", "period_label", "doc_number")
        rows = [r for r in rows if any(wanted in _loose(str(r[f] or "")) for f in fields)]
    urgency = ("open_flags", "conflicts", "pending_decisions", "low_confidence", "unclaimed")
    return sorted(rows, key=lambda r: (*(-r[k] for k in urgency), r["path"]))


def _loose(text: str) -> str:
    """For searching: no marks, no case (`thanh ha` finds `Thanh Hà`)."""
    return strip_marks(fold(text))


def queue_choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values the queue can be filtered by: units, periods and flag checks present."""
    current = "document_id IN (SELECT id FROM documents WHERE current)"
    pick = "SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL AND " + current

    def values(col: str, table: str) -> list[str]:
        return sorted(r[0] for r in con.execute(pick.format(col=col, table=table)).fetchall())

    return {
        "units": values("unit_name", "reports"),
        "periods": values("period_label", "reports"),
        "flags": values("check_name", "flags"),
    }


def unclaimed_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    if not has_unclaimed(con):
        return {}
    return dict(
        con.execute("SELECT document_id, count(*) FROM unclaimed_figures GROUP BY 1").fetchall()
    )


def unclaimed_figures(con: duckdb.DuckDBPyConnection, document_id: str) -> list[dict]:
    """Figures of a document no rule claimed, in reading order; none without the stage."""
    if not has_unclaimed(con):
        return []
    rows = _rows(
        con,
        "SELECT * FROM unclaimed_figures WHERE document_id = ? ORDER BY char_start",
        [document_id],
    )
    return [
        {
            "start": r["char_start"],
            "end": r["char_end"],
            "quote": r.get("quote") or "",
            "value": r.get("value"),
            "page": r.get("page"),
        }
        for r in rows
    ]


def document_info(con: duckdb.DuckDBPyConnection, document_id: str) -> dict | None:
    """The documents row of a document with its report metadata."""
    found = _rows(
        con,
        "SELECT d.*, r.unit_name, r.unit_type, r.period_label, r.doc_number, r.issue_date "
        "FROM documents d LEFT JOIN reports r ON r.document_id = d.id WHERE d.id = ?",
        [document_id],
    )
    return found[0] if found else None


def document_facts(con: duckdb.DuckDBPyConnection, document_id: str) -> list[dict]:
    """Every fact of a document (rejected ones too) with its evidence and flags, in the
    order of the vocabulary, then by where it is written."""
    facts = _rows(
        con,
        """
        SELECT f.id, f.metric, f.qualifiers::VARCHAR AS qualifiers, f.unit,
            f.value AS extracted_value, f.is_integer, f.confidence, f.extractor,
            'extracted' AS source,
            e.value, e.is_integer AS effective_is_integer,
            coalesce(e.review_status, 'rejected') AS review_status,
            coalesce(e.decision_pending, false) AS decision_pending
        FROM facts f LEFT JOIN facts_effective e ON e.id = f.id
        WHERE f.document_id = $doc
        UNION ALL
        SELECT c.fact_id AS id, c.metric, c.qualifiers::VARCHAR AS qualifiers, c.unit,
            NULL AS extracted_value, c.new_is_integer AS is_integer, NULL AS confidence,
            'reviewer' AS extractor, 'added' AS source,
            e.value, e.is_integer AS effective_is_integer,
            coalesce(e.review_status, 'rejected') AS review_status, false AS decision_pending
        FROM corrections_status c LEFT JOIN facts_effective e ON e.id = c.fact_id
        WHERE c.document_id = $doc AND c.action = 'add' AND c.applied
        """,
        {"doc": document_id},
    )
    evidence: dict[str, list[dict]] = {}
    for ev in _rows(
        con, "SELECT * FROM evidence WHERE document_id = ? ORDER BY fact_id, seq", [document_id]
    ):
        evidence.setdefault(ev["fact_id"], []).append(
            {
                "page": ev["page"],
                "start": ev["char_start"],
                "end": ev["char_end"],
                "quote": ev["quote"],
                "figure_start": ev["figure_start"],
                "figure_end": ev["figure_end"],
            }
        )
    for add in _rows(
        con,
        "SELECT fact_id, evidence FROM corrections WHERE document_id = ? AND action = 'add'",
        [document_id],
    ):
        evidence.setdefault(add["fact_id"], json.loads(add["evidence"] or "[]"))
    flags: dict[str, list[dict]] = {}
    for flag in _rows(con, "SELECT * FROM flags WHERE document_id = ? ORDER BY seq", [document_id]):
        for fid in flag["fact_ids"] or []:
            flags.setdefault(fid, []).append(flag)
    order = {code: i for i, code in enumerate(BY_CODE)}
    for fact in facts:
        known = BY_CODE.get(fact["metric"])
        fact["label"] = known.vi if known else fact["metric"]
        fact["family"] = fact["metric"].split(".")[0]
        fact["qualifiers"] = json.loads(fact["qualifiers"] or "{}")
        fact["evidence"] = evidence.get(fact["id"], [])
        fact["flags"] = flags.get(fact["id"], [])
        fact["low_confidence"] = (fact["confidence"] or 1.0) < LOW_CONFIDENCE
    first = lambda f: f["evidence"][0]["start"] if f["evidence"] else 0  # noqa: E731
    return sorted(facts, key=lambda f: (order.get(f["metric"], len(order)), first(f)))


def document_flags(con: duckdb.DuckDBPyConnection, document_id: str) -> list[dict]:
    return _rows(con, "SELECT * FROM flags WHERE document_id = ? ORDER BY seq", [document_id])
