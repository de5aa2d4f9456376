"""`baocao trace`: one fact's whole chain, from the value back to the file and the run."""

from __future__ import annotations

from pathlib import Path

import pytest
from dataset_samples import make_extraction, write_report
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.audit import mark_figure, trace_fact
from pipeline.ingest import ingest_paths
from pipeline.load import load_document
from pipeline.review import add_fact, append_correction
from pipeline.store import DatasetError, connect
from schemas import Evidence


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    path = write_report(tmp_path, "a.txt", "v1")
    db = tmp_path / "baocao.duckdb"
    ingest_paths([path], db, extract=make_extraction, command="baocao ingest a.txt")
    con = connect(db)
    ids = dict(con.execute("SELECT metric, id FROM facts").fetchall())
    con.close()
    return db, path, ids


def test_trace_shows_value_source_quote_rule_run_and_corrections(loaded) -> None:
    db, path, ids = loaded
    fact_id = ids["dossier.received"]
    con = connect(db)
    append_correction(con, fact_id, "correct", reviewer="Lan", new_value=950, reason="sai số")
    append_correction(con, fact_id, "accept", reviewer="Minh")
    digest, run_id = con.execute("SELECT id, run_id FROM documents").fetchone()
    con.close()

    text = trace_fact(db, fact_id)
    assert f"fact {fact_id}" in text
    assert "dossier.received — Hồ sơ tiếp nhận" in text
    assert "937 dossier (as extracted)" in text
    assert "effective:  950 (accepted)" in text
    assert "a.txt" in text and f"sha256:     {digest}" in text
    assert "page 1" in text
    assert "«Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là [[937]] hồ sơ»" in text
    assert "dossier.form.v1 (version v1" in text
    assert run_id in text and "baocao ingest a.txt" in text and "vocabulary v1" in text
    assert "flag:       dossier.resolved_parts" not in text  # not one of this fact's flags
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if "Lan correct 937 -> 950: sai số" in line)
    assert "Minh accept" in lines[first + 1]


def test_trace_lists_the_flags_a_fact_is_part_of(loaded) -> None:
    db, _, ids = loaded
    text = trace_fact(db, ids["dossier.resolved"])
    assert "flag:       dossier.resolved_parts (warning): 925 + 5 = 930" in text


def test_trace_accepts_a_unique_prefix(loaded) -> None:
    db, _, ids = loaded
    assert f"fact {ids['tthc.total']}" in trace_fact(db, ids["tthc.total"][:10])


def test_trace_of_an_unknown_fact_fails_clearly(loaded) -> None:
    db, _, _ = loaded
    with pytest.raises(DatasetError, match="no fact 'nope'"):
        trace_fact(db, "nope")
    result = CliRunner().invoke(app, ["trace", "nope", "--db", str(db)])
    assert result.exit_code != 0
    assert "no fact 'nope'" in result.output
    assert "Traceback" not in result.output


def test_trace_of_a_fact_whose_file_changed_shows_the_orphaned_corrections(
    loaded, tmp_path: Path
) -> None:
    db, path, ids = loaded
    con = connect(db)
    append_correction(con, ids["dossier.pending"], "reject", reviewer="Lan", reason="trùng")
    con.close()
    write_report(tmp_path, "a.txt", "v2")
    ingest_paths([path], db, extract=lambda p: make_extraction(p, scale=2))
    text = trace_fact(db, ids["dossier.pending"])
    assert "gone" in text
    assert "successor:" in text
    assert "Lan reject: trùng [NEEDS A DECISION: the figure now reads 14, not 7]" in text
    successor = next(line for line in text.splitlines() if line.startswith("successor:"))
    successor_text = trace_fact(db, successor.split()[1])
    assert "effective:  14 (unreviewed)" in successor_text
    assert "NEEDS A DECISION" in successor_text


def test_trace_of_an_added_fact_shows_its_evidence(tmp_path: Path) -> None:
    quote = "Tổng số cán bộ, công chức: 21 người"
    path = write_report(tmp_path, "a.txt", "v1", body=quote + ".")
    db = tmp_path / "baocao.duckdb"
    ingest_paths([path], db, extract=make_extraction)
    con = connect(db)
    doc = con.execute("SELECT id FROM documents").fetchone()[0]
    start = load_document(path).text.index(quote)
    fact_id = add_fact(
        con,
        document_id=doc,
        metric="staff.total",
        value=21,
        evidence=[Evidence(start=start, end=start + len(quote), quote=quote)],
        reviewer="Lan",
    )
    con.close()
    text = trace_fact(db, fact_id)
    assert "added by a reviewer" in text
    assert "«Tổng số cán bộ, công chức: [[21]] người»" in text
    assert "Lan add" in text


@pytest.mark.parametrize(
    ("quote", "relative", "length", "value", "marked"),
    [
        ("là 1.025 hồ sơ", 3, 5, 1025, "là [[1.025]] hồ sơ"),
        ("đạt 98,8%", 4, 4, 98.8, "đạt [[98,8]]%"),
        # the recorded place is off (white space folded): found by value instead
        ("năm 2023 tiếp nhận 45 hồ sơ", 0, 2, 45, "năm 2023 tiếp nhận [[45]] hồ sơ"),
        ("có hai người", 3, 3, 2, "có [[hai]] người"),
        ("không có số", None, None, 7, "không có số"),
    ],
)
def test_mark_figure(quote, relative, length, value, marked) -> None:
    assert mark_figure(quote, relative, length, value) == marked
