"""Which report a document is, and which unit and kind of period it covers.

One report often arrives as several documents: a DOCX and its signed PDF, a text copy, a
draft (`_duthao`) and the final. Counting each document would count the report several
times, so each loaded report gets a `report_id` shared by the documents that are the same
report: the same unit, the same period, no conflicting document numbers, and figures
that agree. Which document of a report speaks for it is decided in the views
(`report_documents`): a final before a draft, a signed one, the latest.

A unit's id is stable (a hash of its type, name, district and province, compared with
tone marks and case folded), so two communes named alike in different districts stay
apart and the same unit keeps its id across runs.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

import duckdb

from schemas.text import fold, strip_marks

# Words of a file name that mark a draft (compared without marks, case or separators).
DRAFT_MARKERS = ("duthao", "du thao", "draft")

# Words of a period label, checked in this order -> period type.
PERIOD_WORDS: tuple[tuple[str, str], ...] = (
    ("luy ke", "year_to_date"),
    ("9 thang", "year_to_date"),
    ("tu dau nam", "year_to_date"),
    ("6 thang", "half_year"),
    ("nua nam", "half_year"),
    ("quy", "quarter"),
    ("giai doan", "multi_year"),
    ("thang", "month"),
    ("nam", "year"),
)
PERIOD_TYPES = ("month", "quarter", "half_year", "year", "year_to_date", "multi_year")

# Share of the figures two documents both give that must be equal for one report.
AGREEMENT = 0.5


def _loose(text: str) -> str:
    return " ".join(re.findall(r"\w+", strip_marks(text).casefold()))


def unit_id(unit_type: str | None, name: str | None, district: str | None, province: str | None):
    """`u-` and 12 hex digits, the same for the same unit however it is spelled; None
    without a name."""
    if not name or not name.strip():
        return None
    key = "|".join(fold(part or "") for part in (unit_type, name, district, province))
    return "u-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _months(start: date, end: date) -> float:
    return (end - start).days / 30.44


def period_type(label: str | None, start: str | None, end: str | None) -> str | None:
    """month | quarter | half_year | year | year_to_date | multi_year, from the label's
    words, else from the length of the stretch; None when neither tells."""
    words = f" {_loose(label or '')} "
    for word, kind in PERIOD_WORDS:
        if f" {word} " in words:
            return kind
    first, last = _day(start), _day(end)
    if first is None or last is None or last < first:
        return None
    months = _months(first, last)
    for length, kind in ((1, "month"), (3, "quarter"), (6, "half_year"), (12, "year")):
        if abs(months - length) <= 0.5:
            return kind
    if first.month == 1 and first.day == 1 and months < 12:
        return "year_to_date"
    return "multi_year" if months > 12.5 else None


def is_draft(path: str) -> bool:
    name = _loose(path.rsplit("/", 1)[-1]).replace("_", " ")
    squeezed = name.replace(" ", "")
    return any(marker.replace(" ", "") in squeezed for marker in DRAFT_MARKERS)


def _number(text: str | None) -> str | None:
    """A document number compared without spaces or case; None when it holds no digit
    (a draft's `/BC-UBND` is not a number yet)."""
    if not text or not re.search(r"\d", text):
        return None
    return re.sub(r"\s+", "", text).casefold()


def _figures(facts: list[dict]) -> dict[str, float]:
    return {f["metric"]: f["value"] for f in facts if f["qualifiers"] == "{}"}


def same_report(mine: dict, number: str | None, theirs: dict, their_number: str | None) -> bool:
    """Two documents of one unit and period: one report unless their numbers conflict or
    their figures disagree."""
    if number and their_number and number != their_number:
        return False
    shared = set(mine) & set(theirs)
    if shared:
        agree = sum(1 for metric in shared if abs(mine[metric] - theirs[metric]) < 1e-9)
        return agree / len(shared) >= AGREEMENT
    if number and their_number:
        return True
    return not mine and not theirs  # nothing to compare: same unit, period and type


def assign_report(
    con: duckdb.DuckDBPyConnection, doc_id: str, report: dict, facts: list[dict]
) -> str:
    """The report id of a document about to be loaded: that of a current document that
    is the same report, else its own id."""
    if not report.get("unit_id") or not (report.get("period_start") or report.get("period_label")):
        return doc_id
    candidates = con.execute(
        """
        SELECT r.document_id, coalesce(r.report_id, r.document_id), r.doc_number
        FROM reports r JOIN documents d ON d.id = r.document_id AND d.current
        WHERE r.unit_id = ? AND r.document_id <> ?
          AND r.period_start IS NOT DISTINCT FROM ? AND r.period_end IS NOT DISTINCT FROM ?
          AND (r.period_start IS NOT NULL OR r.period_label IS NOT DISTINCT FROM ?)
        ORDER BY d.first_seen, r.document_id
        """,
        [
            report["unit_id"],
            doc_id,
            report.get("period_start"),
            report.get("period_end"),
            report.get("period_label"),
        ],
    ).fetchall()
    mine, number = _figures(facts), _number(report.get("doc_number"))
    for other_id, report_id, other_number in candidates:
        rows = con.execute(
            "SELECT metric, value FROM facts WHERE document_id = ? AND qualifiers::VARCHAR = '{}'",
            [other_id],
        ).fetchall()
        if same_report(mine, number, dict(rows), _number(other_number)):
            return report_id
    return doc_id


def identity_columns(report: dict, path: str) -> dict:
    """The identity columns a reports row gets next to what was extracted."""
    return {
        "unit_id": unit_id(
            report.get("unit_type"),
            report.get("unit_name"),
            report.get("district"),
            report.get("province"),
        ),
        "period_type": period_type(
            report.get("period_label"), report.get("period_start"), report.get("period_end")
        ),
        "is_draft": is_draft(path),
    }


def backfill(con: duckdb.DuckDBPyConnection) -> int:
    """Identity for reports loaded before it existed, oldest first; returns how many."""
    rows = con.execute(
        """
        SELECT r.document_id, d.path, r.unit_type, r.unit_name, r.district, r.province,
               r.period_label, r.period_start, r.period_end, r.doc_number
        FROM reports r JOIN documents d ON d.id = r.document_id
        WHERE r.report_id IS NULL ORDER BY d.first_seen, r.document_id
        """
    ).fetchall()
    names = ("unit_type", "unit_name", "district", "province")
    names += ("period_label", "period_start", "period_end", "doc_number")
    for doc_id, path, *values in rows:
        report = dict(zip(names, values, strict=True))
        report.update(identity_columns(report, path))
        facts = [
            {"metric": m, "value": v, "qualifiers": "{}"}
            for m, v in con.execute(
                "SELECT metric, value FROM facts WHERE document_id = ? "
                "AND qualifiers::VARCHAR = '{}'",
                [doc_id],
            ).fetchall()
        ]
        report_id = assign_report(con, doc_id, report, facts)
        con.execute(
            "UPDATE reports SET unit_id = ?, period_type = ?, is_draft = ?, report_id = ? "
            "WHERE document_id = ?",
            [report["unit_id"], report["period_type"], report["is_draft"], report_id, doc_id],
        )
    return len(rows)
