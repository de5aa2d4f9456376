"""Everything an auditor needs about one figure, as plain text: the value, where it was
written (file, hash, page, the quote with the figure marked), which rule found it, which
run loaded it, and every reviewer's decision since, in order."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from extractors.numbers import find_numbers, parse_number, parse_word_number
from pipeline.store import DatasetError, connect
from schemas.metrics import BY_CODE

MARK_OPEN, MARK_CLOSE = "[[", "]]"


def trace_fact(db: str | Path, fact_id: str) -> str:
    """The audit trail of one fact (a unique prefix of the id is enough)."""
    con = connect(db, read_only=True)
    try:
        return _trace(con, fact_id.strip())
    finally:
        con.close()


def _trace(con: duckdb.DuckDBPyConnection, fact_id: str) -> str:
    fact = _one(con, "SELECT * FROM facts WHERE id = ?", [fact_id])
    if fact is None:
        fact = _by_prefix(con, fact_id)
    if fact is not None:
        fact_id = fact["id"]
    corrections = _rows(
        con,
        "SELECT * FROM corrections_status WHERE ? IN (fact_id, applies_to, figure_fact_id) "
        "ORDER BY id",
        [fact_id],
    )
    if fact is None and not corrections:
        raise DatasetError(f"no fact {fact_id!r} in the dataset")
    if fact is None:
        return _trace_from_corrections(con, fact_id, corrections)
    lines = [f"fact {fact['id']}"]
    lines += _describe(fact["metric"], fact["qualifiers"], fact["value"], fact["is_integer"])
    lines += _effective(con, fact["id"])
    lines += _document(con, fact["document_id"])
    evidence = _rows(con, "SELECT * FROM evidence WHERE fact_id = ? ORDER BY seq", [fact["id"]])
    for ev in evidence:
        lines += _evidence_lines(ev, fact["value"])
    lines.append(
        f"extractor:  {fact['extractor']} (version {fact['extractor_version'] or 'unknown'}, "
        f"confidence {fact['confidence']:.2f})"
    )
    lines += _run(con, fact["run_id"])
    lines += _flags(con, fact["document_id"], fact["id"])
    lines += _corrections(corrections)
    return "\n".join(lines)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> dict | None:
    rows = _rows(con, sql, params)
    return rows[0] if rows else None


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    result = con.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _by_prefix(con: duckdb.DuckDBPyConnection, prefix: str) -> dict | None:
    if len(prefix) < 6:
        return None
    found = _rows(con, "SELECT * FROM facts WHERE starts_with(id, ?) LIMIT 2", [prefix])
    if len(found) > 1:
        raise DatasetError(f"{prefix!r} matches more than one fact; give more of the id")
    return found[0] if found else None


def _number(value: float | None, is_integer: bool | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if is_integer else f"{value:g}"


def _describe(metric: str, qualifiers: object, value: float, is_integer: bool) -> list[str]:
    known = BY_CODE.get(metric)
    label = f" — {known.vi} ({known.en})" if known else ""
    unit = f" {known.unit}" if known else ""
    quals = json.loads(qualifiers) if isinstance(qualifiers, str) else (qualifiers or {})
    shown = ", ".join(f"{k}={v}" for k, v in sorted(quals.items())) or "none"
    return [
        f"metric:     {metric}{label}",
        f"qualifiers: {shown}",
        f"value:      {_number(value, is_integer)}{unit} (as extracted)",
    ]


def _effective(con: duckdb.DuckDBPyConnection, fact_id: str) -> list[str]:
    row = _one(con, "SELECT * FROM facts_effective WHERE id = ?", [fact_id])
    if row is None:
        return ["effective:  rejected by a reviewer (not in facts_effective)"]
    value = _number(row["value"], row["is_integer"])
    return [f"effective:  {value} ({row['review_status']})"]


def _document(con: duckdb.DuckDBPyConnection, document_id: str) -> list[str]:
    doc = _one(con, "SELECT * FROM documents WHERE id = ?", [document_id])
    if doc is None:
        return [f"document:   {document_id} (not in the dataset)"]
    pages = f", {doc['pages']} pages" if doc["pages"] else ""
    state = "" if doc["current"] else f", replaced by {doc['replaced_by']}"
    lines = [
        f"document:   {doc['path']} ({doc['format']}{pages}, status {doc['status']}{state})",
        f"sha256:     {doc['id']}",
    ]
    report = _one(con, "SELECT * FROM reports WHERE document_id = ?", [document_id])
    if report and report["unit_name"]:
        period = f", {report['period_label']}" if report["period_label"] else ""
        lines.append(
            f"report:     {report['unit_type'] or ''} {report['unit_name']}{period}".strip()
        )
    return lines


def mark_figure(quote: str, relative: int | None, length: int | None, value: float) -> str:
    """The quote with the figure between [[ ]]: at its recorded place when the quote still
    has it there (folding white space can shift it), else the first number in the quote
    that reads as the value; the quote unmarked when neither is found."""
    span = None
    if relative is not None and length and 0 <= relative < len(quote):
        piece = quote[relative : relative + length]
        if piece == piece.strip() and _reads_as(piece, value):
            span = (relative, relative + length)
    if span is None:
        span = next(
            ((m.start, m.end) for m in find_numbers(quote) if abs(m.value - value) < 1e-9), None
        )
    if span is None:
        return quote
    start, end = span
    return quote[:start] + MARK_OPEN + quote[start:end] + MARK_CLOSE + quote[end:]


def _reads_as(written: str, value: float) -> bool:
    """Whether a figure as reports write it (`1.025`, `98,8`, `hai`) equals `value`."""
    parsed = parse_number(written)
    if parsed is None:
        parsed = parse_word_number(written)
    return parsed is not None and abs(float(parsed) - value) < 1e-9


def _evidence_lines(ev: dict, value: float) -> list[str]:
    relative = None
    length = None
    if ev.get("figure_start") is not None and ev.get("figure_end") is not None:
        relative = ev["figure_start"] - ev["char_start"]
        length = ev["figure_end"] - ev["figure_start"]
    page = f"page {ev['page']}, " if ev["page"] is not None else ""
    return [
        f"evidence {ev['seq'] + 1}: {page}characters {ev['char_start']}–{ev['char_end']}",
        f"  «{mark_figure(ev['quote'], relative, length, value)}»",
    ]


def _run(con: duckdb.DuckDBPyConnection, run_id: str | None) -> list[str]:
    run = _one(con, "SELECT * FROM runs WHERE id = ?", [run_id]) if run_id else None
    if run is None:
        return [f"run:        {run_id or 'unknown'}"]
    finished = f"{run['finished_at']:%Y-%m-%d %H:%M:%S} UTC" if run["finished_at"] else "never"
    return [
        f"run:        {run['id']} ({run['command']})",
        f"  started {run['started_at']:%Y-%m-%d %H:%M:%S} UTC, finished {finished}",
        f"  baocao {run['baocao_version']}, vocabulary {run['vocabulary_version']}, "
        f"duckdb {run['duckdb_version']}",
    ]


def _flags(con: duckdb.DuckDBPyConnection, document_id: str, fact_id: str) -> list[str]:
    flags = _rows(
        con,
        "SELECT * FROM flags WHERE document_id = ? AND list_contains(fact_ids, ?) ORDER BY seq",
        [document_id, fact_id],
    )
    return [f"flag:       {f['check_name']} ({f['severity']}): {f['message']}" for f in flags]


STATE_NOTES = {
    "applied": "",
    "reattached": " [re-applied: same figure, same value in the file's new version]",
    "contradicted": " [NEEDS A DECISION: the figure now reads {current}, not {basis}]",
    "orphaned": " [NEEDS A DECISION: the figure is no longer in the document]",
    "extracted": " [the rules now find this figure with the same value]",
    "dismissed": " [set aside by a reviewer]",
}


def state_note(c: dict) -> str:
    """What became of a correction after re-extraction, for people."""
    note = STATE_NOTES.get(c.get("state") or "applied", "")
    if c.get("state") in ("contradicted", "orphaned") and not c.get("needs_decision"):
        note = " [no longer applies; decided again later]"
    return note.format(
        current=_number(c.get("current_value"), None), basis=_number(c.get("basis"), None)
    )


def _corrections(corrections: list[dict]) -> list[str]:
    if not corrections:
        return ["corrections: none"]
    lines = ["corrections:"]
    for c in corrections:
        change = ""
        if c["action"] in ("correct", "add"):
            change = f" {_number(c['old_value'], None)} -> {_number(c['new_value'], None)}"
        reason = f": {c['reason']}" if c["reason"] else ""
        lines.append(
            f"  {c['id']}. {c['corrected_at']:%Y-%m-%d %H:%M:%S} UTC {c['reviewer']} "
            f"{c['action']}{change}{reason}{state_note(c)}"
        )
    return lines


def _trace_from_corrections(
    con: duckdb.DuckDBPyConnection, fact_id: str, corrections: list[dict]
) -> str:
    """A fact only reviewers know: one they added, or one whose file has changed since."""
    first = corrections[0]
    added = next((c for c in corrections if c["action"] == "add"), None)
    lines = [f"fact {fact_id}"]
    live = added is not None and added["state"] == "applied"
    if live:
        lines.append("status:     added by a reviewer")
    else:
        lines.append("status:     gone — its file changed or was read again")
    if first["successor_fact_id"]:
        lines.append(f"successor:  {first['successor_fact_id']} (same figure, current file)")
    value = added["new_value"] if added else None
    lines += _describe(first["metric"] or "?", first["qualifiers"], value, None)[:2]
    if live:
        lines += _effective(con, fact_id)
    if first["document_id"]:
        lines += _document(con, first["document_id"])
    if added and added["evidence"]:
        for seq, ev in enumerate(json.loads(added["evidence"])):
            page = f"page {ev['page']}, " if ev.get("page") is not None else ""
            lines.append(f"evidence {seq + 1}: {page}characters {ev['start']}–{ev['end']}")
            lines.append(f"  «{mark_figure(ev['quote'], None, None, value or 0.0)}»")
    lines += _corrections(corrections)
    return "\n".join(lines)


def fact_record(con: duckdb.DuckDBPyConnection, fact_id: str) -> dict:
    """The audit trail of one fact as data (for the printable audit page): the same
    chain `trace_fact` prints, with the figure's offsets kept for marking it."""
    fact = _one(con, "SELECT * FROM facts WHERE id = ?", [fact_id]) or _by_prefix(con, fact_id)
    corrections = _rows(
        con,
        "SELECT * FROM corrections_status WHERE ? IN (fact_id, applies_to, figure_fact_id) "
        "ORDER BY id",
        [fact["id"] if fact else fact_id],
    )
    added = next((c for c in corrections if c["action"] == "add"), None)
    if fact is None and added is None:
        raise DatasetError(f"no fact {fact_id!r} in the dataset")
    if fact is not None:
        evidence = [
            {
                "page": ev["page"],
                "start": ev["char_start"],
                "end": ev["char_end"],
                "quote": ev["quote"],
                "figure_start": ev["figure_start"],
                "figure_end": ev["figure_end"],
            }
            for ev in _rows(
                con, "SELECT * FROM evidence WHERE fact_id = ? ORDER BY seq", [fact["id"]]
            )
        ]
        base = {k: fact[k] for k in ("id", "document_id", "metric", "value", "is_integer")}
        base |= {k: fact[k] for k in ("extractor", "extractor_version", "confidence", "run_id")}
        base["qualifiers"] = json.loads(fact["qualifiers"] or "{}")
        base["source"] = "extracted"
    else:
        evidence = json.loads(added["evidence"] or "[]")
        base = {
            "id": added["fact_id"],
            "document_id": added["document_id"],
            "metric": added["metric"],
            "value": None,
            "is_integer": added["new_is_integer"],
            "extractor": None,
            "extractor_version": None,
            "confidence": None,
            "run_id": None,
            "qualifiers": json.loads(added["qualifiers"] or "{}"),
            "source": "added",
        }
    known = BY_CODE.get(base["metric"])
    effective = _one(con, "SELECT * FROM facts_effective WHERE id = ?", [base["id"]])
    for c in corrections:
        c["note"] = state_note(c).strip(" []")
    return base | {
        "label": f"{known.vi} ({known.en})" if known else "",
        "unit": known.unit if known else "",
        "effective": effective,
        "document": _one(con, "SELECT * FROM documents WHERE id = ?", [base["document_id"]]),
        "report": _one(con, "SELECT * FROM reports WHERE document_id = ?", [base["document_id"]]),
        "evidence": evidence,
        "run": _one(con, "SELECT * FROM runs WHERE id = ?", [base["run_id"]]),
        "flags": _rows(
            con,
            "SELECT * FROM flags WHERE document_id = ? AND list_contains(fact_ids, ?)",
            [base["document_id"], base["id"]],
        ),
        "corrections": corrections,
    }
