"""Reviewers' decisions, appended to the `corrections` table and never changed.

There is deliberately no function here (or anywhere in the project) that updates or
deletes a correction: a decision is undone by a later one, and the history stays for
auditors. Each correction records the value as extracted that it was about; after a
re-extraction it applies only where its figure still has that value, and otherwise waits
for a person in `corrections_pending` (see `pipeline.store_corrections`).
"""

from __future__ import annotations

import hashlib
import math
import re

import duckdb

from extractors.numbers import find_numbers, parse_number, parse_word_number
from pipeline.sources import load_source
from pipeline.store import DatasetError, now
from pipeline.store_rows import canonical_json
from schemas import Correction, Document, Evidence
from schemas.metrics import BY_CODE, DOC_TYPES, EDU_LEVELS, QUALIFIER_KEYS, SCOPES
from schemas.text import canonical, fold_spaces, nfc

# Qualifiers whose values come from a closed list of the vocabulary.
QUALIFIER_VALUES: dict[str, tuple[str, ...]] = {
    "scope": SCOPES,
    "doc_type": DOC_TYPES,
    "level": (*EDU_LEVELS, "village", "2", "3", "4"),
    "group": ("cadres", "civil_servants"),
}

ACTIONS = ("accept", "correct", "reject", "add")


def _fact_state(con: duckdb.DuckDBPyConnection, fact_id: str) -> dict | None:
    """A live fact (extracted, or added on a current document): the value it was extracted
    with (`basis`, None for an added one) and its effective value now, whatever reviewers
    decided so far (a rejected fact is still a fact one can accept)."""
    row = con.execute(
        """
        SELECT id, document_id, metric, qualifiers::VARCHAR, unit, value FROM facts
        WHERE id = $id
        UNION ALL
        SELECT fact_id, document_id, metric, qualifiers::VARCHAR, unit, NULL
        FROM corrections_status WHERE fact_id = $id AND action = 'add' AND applied
          AND fact_id NOT IN (SELECT id FROM facts)
        LIMIT 1
        """,
        {"id": fact_id},
    ).fetchone()
    if row is None:
        return None
    fid, doc_id, metric, qualifiers, unit, basis = row
    decisions = con.execute(
        "SELECT action, new_value FROM corrections_status WHERE applies_to = ? ORDER BY id",
        [fid],
    ).fetchall()
    last_action = decisions[-1][0] if decisions else None
    set_value = next((v for a, v in reversed(decisions) if a in ("correct", "add")), None)
    return {
        "id": fid,
        "document_id": doc_id,
        "metric": metric,
        "qualifiers": qualifiers,
        "unit": unit,
        "basis": basis,
        "value": set_value if set_value is not None else basis,
        "rejected": last_action == "reject",
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


def typed_value(text: str) -> int | float:
    """A value a reviewer typed, read the Vietnamese way (`1.025`, `98,8`), or a clear
    DatasetError; a plain `98.8` with one dot and not three digits after it is a decimal."""
    written = (text or "").strip()
    value = parse_number(written)
    if value is None and re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}", written):
        value = parse_number(written.replace(".", ","))
    if value is None:
        raise DatasetError(f"{written!r} is not a number (write 1.025 or 98,8)")
    return value


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
        if not reason.strip():
            raise DatasetError("`correct` needs a reason: say why the value is wrong")
    elif new_value is not None:
        raise DatasetError(f"`{action}` takes no new value")
    elif action == "accept":
        new_value = state["value"]
    at = now()
    con.execute(
        """
        INSERT INTO corrections (fact_id, action, reviewer, corrected_at, old_value,
            new_value, new_is_integer, reason, document_id, metric, qualifiers, unit,
            basis_value)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            fact_id,
            action,
            reviewer.strip(),
            at,
            state["value"],
            new_value,
            is_integer,
            reason.strip(),
            state["document_id"],
            state["metric"],
            state["qualifiers"],
            state["unit"],
            state["basis"],
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
    """Record a fact the extractors missed; returns its id.

    Its evidence obeys the rule of every other fact: each quote is the document's own text
    at its offsets (read again from the file, checked against its sha256) and shows the
    value. Page and figure offsets are taken from the document, not from the caller.
    """
    qualifiers = check_qualifiers(metric, qualifiers)
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
    source = load_source(con, document_id)
    evidence = [checked_evidence(source, e, stored) for e in evidence]
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
            reason.strip(),
            document_id,
            metric,
            key,
            BY_CODE[metric].unit,
            canonical_json([e.model_dump() for e in evidence]),
        ],
    )
    return fact_id


def check_qualifiers(metric: str, qualifiers: dict[str, str] | None) -> dict[str, str]:
    """Qualifiers from the vocabulary only (empty values dropped); KeyError-free messages."""
    if metric not in BY_CODE:
        raise DatasetError(f"unknown metric code: {metric!r}")
    clean = {str(k).strip(): nfc(str(v).strip()) for k, v in (qualifiers or {}).items()}
    clean = {k: v for k, v in clean.items() if v}
    for key, value in clean.items():
        if key not in QUALIFIER_KEYS:
            raise DatasetError(f"unknown qualifier {key!r}: use {', '.join(QUALIFIER_KEYS)}")
        allowed = QUALIFIER_VALUES.get(key)
        if allowed and value not in allowed:
            raise DatasetError(f"{key} must be one of {', '.join(allowed)}, got {value!r}")
    return clean


def checked_evidence(doc: Document, evidence: Evidence, value: float) -> Evidence:
    """The evidence as the document has it, or DatasetError saying what does not match."""
    start, end = evidence.start, evidence.end
    if not 0 <= start < end <= len(doc.text):
        raise DatasetError(
            f"characters {start}–{end} are outside the document's text ({len(doc.text)})"
        )
    written = doc.quote(start, end)
    if evidence.quote and _same_text(evidence.quote) != _same_text(written):
        raise DatasetError(
            f"the quote is not the document's text at characters {start}–{end}; "
            f"the text there is «{written[:200]}»"
        )
    page = doc.source_map.page_of(start, end)
    if evidence.page is not None and page is not None and evidence.page != page:
        raise DatasetError(f"characters {start}–{end} are on page {page}, not {evidence.page}")
    figure = figure_span(doc.text, start, end, value)
    if figure is None:
        raise DatasetError(f"the quote «{written[:200]}» does not show the value {value:g}")
    return Evidence(
        page=page, start=start, end=end, quote=written, figure_start=figure[0],
        figure_end=figure[1],
    )  # fmt: skip


def _same_text(text: str) -> str:
    return fold_spaces(canonical(text)).strip()


_WORD = re.compile(r"\w+")


def figure_span(text: str, start: int, end: int, value: float) -> tuple[int, int] | None:
    """Where `value` is written in text[start:end]: digits first, else number words."""
    for found in find_numbers(text, start, end):
        if abs(float(found.value) - value) < 1e-9:
            return found.start, found.end
    words = list(_WORD.finditer(text, start, end))
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            first, last = words[i], words[i + size - 1]
            parsed = parse_word_number(text[first.start() : last.end()])
            if parsed is not None and abs(parsed - value) < 1e-9:
                return first.start(), last.end()
    return None


def dismiss_correction(
    con: duckdb.DuckDBPyConnection, correction_id: int, *, reviewer: str, reason: str
) -> None:
    """Set aside a correction that no longer applies (its figure changed or is gone)."""
    if not reviewer.strip():
        raise DatasetError("a decision needs the reviewer's name")
    if not reason.strip():
        raise DatasetError("setting a correction aside needs a reason")
    row = con.execute(
        "SELECT needs_decision FROM corrections_status WHERE id = ?", [correction_id]
    ).fetchone()
    if row is None:
        raise DatasetError(f"no correction {correction_id}")
    if not row[0]:
        raise DatasetError(f"correction {correction_id} does not need a decision")
    con.execute(
        "INSERT INTO corrections_dismissed VALUES (?, ?, ?, ?)",
        [correction_id, reviewer.strip(), now(), reason.strip()],
    )


def pending_corrections(con: duckdb.DuckDBPyConnection, document_id: str | None = None) -> list:
    """Corrections that no longer apply and wait for a person, oldest first; for one
    document, those about its figures (made on it or on an earlier version of its file)."""
    sql = """
        SELECT c.id, c.fact_id, c.action, c.reviewer, c.corrected_at, c.basis, c.old_value,
               c.new_value, c.reason, c.metric, c.qualifiers::VARCHAR AS qualifiers,
               c.state, c.current_value, c.figure_fact_id, c.document_path
        FROM corrections_pending c
        WHERE $doc IS NULL OR c.document_path = (SELECT path FROM documents WHERE id = $doc)
        ORDER BY c.id
    """
    result = con.execute(sql, {"doc": document_id})
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
