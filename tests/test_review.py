"""Reviewers' corrections on a real DuckDB file and a real PostgreSQL database: each action
recorded with the value it corrected, shown everywhere the value is read, and re-applied
after re-extraction only where its figure still has that value."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from review_samples import read_extraction, span_of, write_text_report

from baocao import api
from pipeline.audit import trace_fact
from pipeline.export import export_dataset
from pipeline.ingest import ingest_paths
from pipeline.review import add_fact, append_correction, dismiss_correction, pending_corrections
from pipeline.store import DatasetError, connect, load_extraction
from schemas import Evidence


@pytest.fixture
def dataset(db: Path | str, tmp_path: Path) -> tuple[Path | str, Path]:
    """The report loaded into a DuckDB file and, once more, into a PostgreSQL database."""
    path = write_text_report(tmp_path, "xa.txt")
    ingest_paths([path], db, extract=read_extraction)
    return db, path


def _id(con: duckdb.DuckDBPyConnection, metric: str) -> str:
    return con.execute("SELECT id FROM facts WHERE metric = ?", [metric]).fetchone()[0]


def _effective(con: duckdb.DuckDBPyConnection, metric: str) -> tuple | None:
    return con.execute(
        "SELECT value, review_status, decision_pending FROM facts_effective WHERE metric = ?",
        [metric],
    ).fetchone()


def _reextract(con, path: Path, run: str, **kwargs) -> None:
    """Load the file again as other rules read it (same bytes, same document)."""
    stored = con.execute("SELECT path FROM documents WHERE name = 'xa.txt'").fetchone()[0]
    load_extraction(con, read_extraction(path, **kwargs), stored, run)


def test_every_action_is_a_row_that_records_the_value_it_corrected(dataset) -> None:
    db, _ = dataset
    con = connect(db)
    received = _id(con, "dossier.received")
    append_correction(con, received, "correct", reviewer="Lan", new_value=973, reason="đảo số")
    append_correction(con, received, "accept", reviewer="Minh")
    append_correction(con, _id(con, "tthc.total"), "reject", reviewer="Minh", reason="trùng")
    rows = con.execute(
        "SELECT action, reviewer, old_value, new_value, basis_value, reason FROM corrections "
        "ORDER BY id"
    ).fetchall()
    assert rows == [
        ("correct", "Lan", 937.0, 973.0, 937.0, "đảo số"),
        ("accept", "Minh", 973.0, 973.0, 937.0, ""),
        ("reject", "Minh", 103.0, None, 103.0, "trùng"),
    ]
    with pytest.raises(DatasetError, match="needs a reason"):
        append_correction(con, received, "correct", reviewer="Lan", new_value=1)
    con.close()


def test_the_corrected_value_shows_in_views_exports_trace_and_api(dataset, tmp_path) -> None:
    db, _ = dataset
    con = connect(db)
    received = _id(con, "dossier.received")
    append_correction(con, received, "correct", reviewer="Lan", new_value=973, reason="đảo số")
    con.close()
    assert api.facts(db, metric="dossier.received")["value"].tolist() == [973.0]
    assert api.wide(db)["dossier_received"].tolist() == [973.0]
    text = trace_fact(db, received)
    assert "effective:  973 (corrected)" in text and "Lan correct 937 -> 973: đảo số" in text
    workbook = export_dataset(db, "xlsx", tmp_path / "out.xlsx")[0]
    sheet = pd.read_excel(workbook, sheet_name="Số liệu")
    row = sheet[sheet["Mã chỉ tiêu"] == "dossier.received"]
    assert row["Giá trị"].tolist() == [973]
    export_dataset(db, "csv", tmp_path / "csv")
    facts = pd.read_csv(tmp_path / "csv" / "facts_effective.csv", encoding="utf-8-sig")
    assert facts.loc[facts["metric"] == "dossier.received", "value"].tolist() == [973]


def test_a_hand_added_fact_must_quote_the_document_at_its_offsets(dataset) -> None:
    db, path = dataset
    con = connect(db)
    doc = con.execute("SELECT id FROM documents").fetchone()[0]
    quote = "Tổng số cán bộ, công chức của xã là 21 người."
    start, end = span_of(path, quote)

    def add(**changes):
        args = {
            "document_id": doc,
            "metric": "staff.total",
            "value": 21,
            "evidence": [Evidence(start=start, end=end, quote=quote)],
            "reviewer": "Lan",
        }
        return add_fact(con, **(args | changes))

    with pytest.raises(DatasetError, match="not the document's text"):
        add(evidence=[Evidence(start=start, end=end, quote="Tổng số cán bộ là 99 người.")])
    with pytest.raises(DatasetError, match="not the document's text"):
        add(evidence=[Evidence(start=start - 5, end=end - 5, quote=quote)])
    with pytest.raises(DatasetError, match="outside the document's text"):
        add(evidence=[Evidence(start=start, end=10**6, quote=quote)])
    with pytest.raises(DatasetError, match="does not show the value 22"):
        add(value=22)
    with pytest.raises(DatasetError, match="scope must be one of"):
        add(qualifiers={"scope": "planet"})
    assert con.execute("SELECT count(*) FROM corrections").fetchone() == (0,)

    fact_id = add()
    stored = con.execute("SELECT evidence FROM corrections WHERE fact_id = ?", [fact_id])
    evidence = Evidence.model_validate_json(stored.fetchone()[0][1:-1])
    assert (evidence.start, evidence.end, evidence.quote) == (start, end, quote)
    assert quote[evidence.figure_start - start : evidence.figure_end - start] == "21"
    assert _effective(con, "staff.total") == (21.0, "added", False)
    con.close()


def test_an_added_fact_is_refused_when_the_file_changed_on_disk(dataset) -> None:
    db, path = dataset
    con = connect(db)
    doc = con.execute("SELECT id FROM documents").fetchone()[0]
    quote = "Tổng số cán bộ, công chức của xã là 21 người."
    start, end = span_of(path, quote)
    path.write_text(path.read_text(encoding="utf-8") + "Thêm một dòng.\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="changed since it was loaded"):
        add_fact(
            con,
            document_id=doc,
            metric="staff.total",
            value=21,
            evidence=[Evidence(start=start, end=end, quote=quote)],
            reviewer="Lan",
        )
    con.close()


def test_rules_that_read_the_same_value_keep_the_correction(dataset) -> None:
    db, path = dataset
    con = connect(db)
    append_correction(
        con, _id(con, "dossier.received"), "correct", reviewer="Lan", new_value=973, reason="x"
    )
    _reextract(con, path, "run-2")
    assert _effective(con, "dossier.received") == (973.0, "corrected", False)
    assert pending_corrections(con) == []
    con.close()


def test_rules_that_read_another_value_leave_the_correction_for_a_person(dataset) -> None:
    db, path = dataset
    con = connect(db)
    received = _id(con, "dossier.received")
    append_correction(con, received, "correct", reviewer="Lan", new_value=973, reason="x")
    _reextract(con, path, "run-2", values={"dossier.received": 940})

    # never applied to a figure that now reads differently, never dropped
    assert _effective(con, "dossier.received") == (940.0, "unreviewed", True)
    [pending] = pending_corrections(con)
    assert (pending["state"], pending["basis"], pending["current_value"]) == (
        "contradicted",
        937.0,
        940.0,
    )
    assert pending["figure_fact_id"] == received
    con.close()
    assert "NEEDS A DECISION: the figure now reads 940, not 937" in trace_fact(db, received)

    # a new decision on the figure as it reads now settles it
    con = connect(db)
    append_correction(con, received, "accept", reviewer="Minh")
    assert pending_corrections(con) == []
    assert _effective(con, "dossier.received") == (940.0, "accepted", False)
    # rules reading 937 again: the correction made on 937 holds again, and the acceptance
    # of 940 is the one that now waits for a person
    _reextract(con, path, "run-3")
    assert _effective(con, "dossier.received") == (973.0, "corrected", True)
    assert [(p["action"], p["basis"]) for p in pending_corrections(con)] == [("accept", 940.0)]
    con.close()


def test_a_changed_file_with_the_same_figure_gets_the_correction_back(dataset) -> None:
    db, path = dataset
    con = connect(db)
    old = _id(con, "dossier.received")
    append_correction(con, old, "correct", reviewer="Lan", new_value=973, reason="đảo số")
    con.close()
    write_text_report(path.parent, path.name, {"tthc.total": 104})
    ingest_paths([path], db, extract=read_extraction)
    con = connect(db)
    new = _id(con, "dossier.received")
    assert new != old
    assert _effective(con, "dossier.received") == (973.0, "corrected", False)
    state = con.execute(
        "SELECT state, applies_to FROM corrections_status WHERE fact_id = ?", [old]
    ).fetchone()
    assert state == ("reattached", new)
    con.close()
    assert "re-applied" in trace_fact(db, new)


def test_a_changed_file_whose_figure_changed_or_went_needs_a_decision(dataset) -> None:
    db, path = dataset
    con = connect(db)
    append_correction(
        con, _id(con, "dossier.received"), "correct", reviewer="Lan", new_value=973, reason="x"
    )
    append_correction(con, _id(con, "tthc.total"), "reject", reviewer="Lan", reason="trùng")
    con.close()
    write_text_report(path.parent, path.name, {"dossier.received": 1937})
    ingest_paths([path], db, extract=lambda p: read_extraction(p, metrics=["dossier.received"]))
    con = connect(db)
    states = {p["metric"]: p["state"] for p in pending_corrections(con)}
    assert states == {"dossier.received": "contradicted", "tthc.total": "orphaned"}
    assert _effective(con, "dossier.received") == (1937.0, "unreviewed", True)
    doc = con.execute("SELECT id FROM documents WHERE current").fetchone()[0]
    assert len(pending_corrections(con, doc)) == 2

    orphan = next(p for p in pending_corrections(con) if p["state"] == "orphaned")
    with pytest.raises(DatasetError, match="needs a reason"):
        dismiss_correction(con, orphan["id"], reviewer="Minh", reason="")
    dismiss_correction(con, orphan["id"], reviewer="Minh", reason="bản mới bỏ chỉ tiêu này")
    assert [p["metric"] for p in pending_corrections(con)] == ["dossier.received"]
    with pytest.raises(DatasetError, match="does not need a decision"):
        dismiss_correction(con, orphan["id"], reviewer="Minh", reason="again")
    con.close()


def test_an_added_fact_follows_the_same_rule_after_re_extraction(dataset) -> None:
    db, path = dataset
    con = connect(db)
    doc = con.execute("SELECT id FROM documents").fetchone()[0]
    quote = "Tổng số cán bộ, công chức của xã là 21 người."
    start, end = span_of(path, quote)
    add_fact(
        con,
        document_id=doc,
        metric="staff.total",
        value=21,
        evidence=[Evidence(start=start, end=end, quote=quote)],
        reviewer="Lan",
    )
    every = [*read_extraction(path).facts]
    metrics = [f.metric for f in every] + ["staff.total"]
    # rules that now find it with the same value: one fact, the extracted one
    _reextract(con, path, "run-2", metrics=metrics)
    rows = con.execute("SELECT source, value FROM facts_effective WHERE metric = 'staff.total'")
    assert rows.fetchall() == [("extracted", 21.0)]
    assert pending_corrections(con) == []
    # rules that read another value: the reviewer's figure is not silently replaced
    _reextract(con, path, "run-3", metrics=metrics, values={"staff.total": 12})
    assert [p["state"] for p in pending_corrections(con)] == ["contradicted"]
    # rules that do not find it: the added fact stands again
    _reextract(con, path, "run-4")
    assert _effective(con, "staff.total") == (21.0, "added", False)
    con.close()

    # a new version of the file: the hand-added figure has no place until someone decides
    write_text_report(path.parent, path.name, {"tthc.total": 104})
    ingest_paths([path], db, extract=read_extraction)
    con = connect(db)
    assert _effective(con, "staff.total") is None
    assert [p["state"] for p in pending_corrections(con)] == ["orphaned"]
    con.close()
