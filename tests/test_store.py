"""The dataset on DuckDB and PostgreSQL (the `db` fixture runs each test on both): schema
and migrations, atomic loads, replacement, views."""

from __future__ import annotations

from pathlib import Path

import duckdb
import psycopg
import pytest
from dataset_samples import FIGURES, make_extraction, write_report

from extractors.vocabulary import extraction_version
from pipeline.load import load_document
from pipeline.review import add_fact, append_correction
from pipeline.store import (
    SCHEMA_VERSION,
    DatasetError,
    connect,
    integrity_problems,
    load_extraction,
    migrate,
    run_query,
    schema_version,
)
from pipeline.store_backend import is_server, open_server
from pipeline.store_schema import MIGRATIONS, TABLES, VIEWS
from schemas import Evidence, Fact


def _raw(db: Path | str):
    """The dataset opened without migrating it, as an older version would have."""
    return open_server(db) if is_server(db) else duckdb.connect(str(db))


def _columns(con, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]


def _count(con: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def test_a_new_file_gets_every_table_and_view(db: Path) -> None:
    con = connect(db)
    names = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    }
    assert set(TABLES) | set(VIEWS) | {"schema_version"} <= names
    assert schema_version(con) == SCHEMA_VERSION
    assert _count(con, "metrics") > 40
    con.close()


def test_opening_an_older_file_migrates_it_and_keeps_its_rows(db: Path) -> None:
    con = _raw(db)
    assert migrate(con, target=1) == 1
    con.execute(
        "INSERT INTO evidence (fact_id, document_id, seq, char_start, char_end, quote) "
        "VALUES ('f1', 'd1', 0, 5, 9, 'là 937 hồ sơ')"
    )
    assert "figure_start" not in _columns(con, "evidence")
    con.close()

    con = connect(db)
    assert schema_version(con) == SCHEMA_VERSION
    rows = con.execute("SELECT quote, figure_start FROM evidence").fetchall()
    assert rows == [("là 937 hồ sơ", None)]
    applied = [
        r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    ]
    assert applied == [version for version, _, _ in MIGRATIONS]
    con.close()


def test_read_only_open_of_an_older_file_migrates_it_first(db: Path) -> None:
    con = _raw(db)
    migrate(con, target=1)
    con.close()
    assert run_query(db, "SELECT max(version) AS v FROM schema_version")["v"][0] == SCHEMA_VERSION


def test_load_writes_every_row_of_the_extraction(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt")
    extraction = make_extraction(path)
    con = connect(db)
    result = load_extraction(con, extraction, "a.txt", "run-1", command="test")
    assert result.facts == len(FIGURES)
    assert result.flags == {"dossier.resolved_parts": 1}
    assert _count(con, "facts") == len(FIGURES)
    assert _count(con, "evidence") == len(FIGURES)
    assert _count(con, "doc_references") == 1
    assert _count(con, "reports") == 1
    assert integrity_problems(con) == []

    row = con.execute(
        "SELECT value, is_integer, field, group_name, level, qualifiers::VARCHAR FROM facts "
        "WHERE metric = 'staff.edu'"
    ).fetchone()
    assert row == (
        9.0,
        True,
        None,
        "cadres",
        "university",
        '{"group":"cadres","level":"university"}',
    )
    rate = con.execute("SELECT value, is_integer FROM facts WHERE metric = 'dossier.on_time_rate'")
    assert rate.fetchone() == (99.46, False)
    span = con.execute(
        "SELECT quote, figure_start - char_start, figure_end - figure_start FROM evidence e "
        "JOIN facts f ON f.id = e.fact_id WHERE f.metric = 'dossier.received'"
    ).fetchone()
    assert span[0][span[1] : span[1] + span[2]] == "937"
    run = con.execute("SELECT command, vocabulary_version, finished_at FROM runs").fetchone()
    assert run == ("test", "v1", None)
    version = con.execute("SELECT DISTINCT extractor_version FROM facts ORDER BY 1").fetchall()
    code = extraction_version()  # the hash of the extraction code and vocabulary files
    assert version == [(f"v1@{code}",), (f"v2@{code}",)]
    con.close()


def test_a_new_version_of_a_path_replaces_its_facts(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt", "v1")
    first = make_extraction(path)
    con = connect(db)
    load_extraction(con, first, "a.txt", "run-1")
    path = write_report(tmp_path, "a.txt", "v2")
    second = make_extraction(path, scale=2)
    result = load_extraction(con, second, "a.txt", "run-2")

    assert result.replaced == [first.document["id"]]
    assert _count(con, "facts", f"document_id = '{first.document['id']}'") == 0
    assert _count(con, "evidence", f"document_id = '{first.document['id']}'") == 0
    assert _count(con, "facts", f"document_id = '{second.document['id']}'") == len(FIGURES)
    old = con.execute(
        "SELECT current, replaced_by, n_facts FROM documents WHERE id = ?", [first.document["id"]]
    ).fetchone()
    assert old == (False, second.document["id"], 0)
    received = con.execute("SELECT value FROM facts WHERE metric = 'dossier.received'").fetchall()
    assert received == [(937.0 * 2,)]
    assert integrity_problems(con) == []
    con.close()


def test_a_failed_new_version_keeps_the_last_readable_one(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt", "v1")
    con = connect(db)
    load_extraction(con, make_extraction(path), "a.txt", "run-1")
    path = write_report(tmp_path, "a.txt", "broken")
    broken = make_extraction(path, figures=[], status="failed")
    result = load_extraction(con, broken, "a.txt", "run-2")
    assert result.replaced == []
    assert _count(con, "facts") == len(FIGURES)
    assert _count(con, "documents", "current") == 2
    con.close()


def test_a_load_that_fails_midway_leaves_nothing_behind(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt", "v1")
    good = make_extraction(path)
    con = connect(db)
    load_extraction(con, good, "a.txt", "run-1")
    before = {t: _count(con, t) for t in ("documents", "facts", "evidence", "flags", "runs")}

    path = write_report(tmp_path, "a.txt", "v2")
    bad = make_extraction(path)
    bad.facts.append(bad.facts[0].model_copy())  # a repeated id: the insert fails
    with pytest.raises((duckdb.ConstraintException, psycopg.errors.UniqueViolation)):
        load_extraction(con, bad, "a.txt", "run-2")

    after = {t: _count(con, t) for t in ("documents", "facts", "evidence", "flags", "runs")}
    assert after == before
    assert _count(con, "documents", f"id = '{bad.document['id']}'") == 0
    assert _count(con, "facts", f"document_id = '{good.document['id']}'") == len(FIGURES)
    assert _count(con, "documents", "current") == 1
    con.close()


def _fact_id(con: duckdb.DuckDBPyConnection, metric: str) -> str:
    return con.execute("SELECT id FROM facts WHERE metric = ?", [metric]).fetchone()[0]


def _effective(con: duckdb.DuckDBPyConnection, fact_id: str) -> tuple | None:
    return con.execute(
        "SELECT value, review_status FROM facts_effective WHERE id = ?", [fact_id]
    ).fetchone()


def test_facts_effective_applies_the_latest_decision(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt")
    con = connect(db)
    load_extraction(con, make_extraction(path), "a.txt", "run-1")
    received = _fact_id(con, "dossier.received")
    assert _effective(con, received) == (937.0, "unreviewed")

    append_correction(con, received, "correct", reviewer="Lan", new_value=950, reason="typo")
    assert _effective(con, received) == (950.0, "corrected")
    append_correction(con, received, "reject", reviewer="Minh")
    assert _effective(con, received) is None
    append_correction(con, received, "accept", reviewer="Lan")
    assert _effective(con, received) == (950.0, "accepted")

    pending = _fact_id(con, "dossier.pending")
    append_correction(con, pending, "accept", reviewer="Lan")
    assert _effective(con, pending) == (7.0, "accepted")
    raw = con.execute("SELECT value FROM facts WHERE id = ?", [received]).fetchone()
    assert raw == (937.0,)
    assert _count(con, "corrections") == 4
    con.close()


def test_added_facts_join_the_effective_facts_with_their_evidence(db: Path, tmp_path: Path) -> None:
    quote = "Tổng số cán bộ, công chức là 21 người"
    path = write_report(tmp_path, "a.txt", body=quote + ".")
    extraction = make_extraction(path)
    con = connect(db)
    load_extraction(con, extraction, str(path), "run-1")
    start = load_document(path).text.index(quote)
    fact_id = add_fact(
        con,
        document_id=extraction.document["id"],
        metric="staff.total",
        value=21,
        evidence=[Evidence(start=start, end=start + len(quote), quote=quote)],
        reviewer="Lan",
        reason="missed by the rules",
    )
    row = con.execute(
        "SELECT value, value_int, source, review_status, unit FROM facts_effective WHERE id = ?",
        [fact_id],
    ).fetchone()
    assert row == (21.0, 21, "added", "added", "person")
    wide = con.execute("SELECT staff_total FROM reports_wide").fetchone()
    assert wide == (21.0,)
    with pytest.raises(DatasetError, match="already added"):
        add_fact(
            con,
            document_id=extraction.document["id"],
            metric="staff.total",
            value=22,
            evidence=[Evidence(start=1, end=2, quote="x")],
            reviewer="Lan",
        )
    con.close()


def test_corrections_survive_a_reload_and_are_orphaned_when_the_file_changes(
    db: Path, tmp_path: Path
) -> None:
    path = write_report(tmp_path, "a.txt", "v1")
    con = connect(db)
    load_extraction(con, make_extraction(path), "a.txt", "run-1")
    received = _fact_id(con, "dossier.received")
    append_correction(con, received, "correct", reviewer="Lan", new_value=950, reason="bảng 1")

    # the same file read again (e.g. after a crash): same ids, the correction still applies
    load_extraction(con, make_extraction(path), "a.txt", "run-2")
    assert _effective(con, received) == (950.0, "corrected")
    assert _count(con, "corrections_orphaned") == 0

    # a new version of the file whose figure changed: the correction no longer applies
    path = write_report(tmp_path, "a.txt", "v2")
    load_extraction(con, make_extraction(path, scale=3), "a.txt", "run-3")
    assert _count(con, "corrections") == 1
    pending = con.execute(
        "SELECT fact_id, successor_fact_id, metric, state FROM corrections_pending"
    ).fetchone()
    successor = _fact_id(con, "dossier.received")
    assert pending == (received, successor, "dossier.received", "contradicted")
    assert _effective(con, successor) == (937.0 * 3, "unreviewed")

    # a version without the figure at all: the correction is orphaned
    path = write_report(tmp_path, "a.txt", "v3")
    figures = [f for f in FIGURES if f[0] != "dossier.received"]
    load_extraction(con, make_extraction(path, figures=figures), "a.txt", "run-4")
    orphan = con.execute("SELECT fact_id, successor_fact_id FROM corrections_orphaned").fetchone()
    assert orphan == (received, None)
    con.close()


def test_reports_wide_has_one_row_per_report_with_unqualified_figures(
    db: Path, tmp_path: Path
) -> None:
    con = connect(db)
    for name, scale in (("a.txt", 1), ("b.txt", 2)):
        path = write_report(tmp_path, name)
        load_extraction(con, make_extraction(path, scale=scale), name, "run-1")
    rows = con.execute(
        "SELECT path, dossier_received, dossier_on_time_rate, one_stop_area_m2, period_start, "
        "n_flags FROM reports_wide ORDER BY path"
    ).fetchall()
    assert [r[:4] for r in rows] == [
        ("a.txt", 937.0, 99.46, 42.5),
        ("b.txt", 1874.0, 99.46, 42.5),
    ]
    assert str(rows[0][4]) == "2023-03-15" and rows[0][5] == 1
    columns = _columns(con, "reports_wide")
    assert "dossier_on_time_rate" in columns
    assert "dossier_by_field" not in columns  # only meaningful with a field
    con.close()


def test_user_sql_cannot_change_the_dataset(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt")
    con = connect(db)
    load_extraction(con, make_extraction(path), "a.txt", "run-1")
    append_correction(con, _fact_id(con, "tthc.total"), "accept", reviewer="Lan")
    con.close()
    with pytest.raises(DatasetError, match="query refused"):
        run_query(db, "DELETE FROM corrections")
    frame = run_query(db, "SELECT count(*) AS n FROM corrections")
    assert frame["n"][0] == 1


def test_a_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="nowhere.duckdb: no dataset here"):
        run_query(tmp_path / "nowhere.duckdb", "SELECT 1")


def test_a_file_that_is_not_a_dataset_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database", encoding="utf-8")
    with pytest.raises(DatasetError, match="notes.duckdb"):
        connect(bogus)


def test_fact_values_keep_their_integer_form(db: Path, tmp_path: Path) -> None:
    path = write_report(tmp_path, "a.txt")
    extraction = make_extraction(path, figures=[])
    ev = Evidence(start=0, end=10, quote="2.231 hồ sơ")
    extraction.facts = [
        Fact(
            id="x1",
            metric="dossier.received",
            value=2231,
            unit="dossier",
            evidence=[ev],
            extractor="dossier.form.v1",
        ),
        Fact(
            id="x2",
            metric="one_stop.area_m2",
            value=40.0,
            unit="m2",
            evidence=[ev],
            extractor="other.v1",
        ),
    ]
    con = connect(db)
    load_extraction(con, extraction, "a.txt", "run-1")
    rows = con.execute(
        "SELECT id, value, is_integer, value_int FROM facts_effective ORDER BY id"
    ).fetchall()
    assert rows == [("x1", 2231.0, True, 2231), ("x2", 40.0, False, None)]
    con.close()


def test_a_step_numbered_below_the_highest_applied_one_is_still_applied(db: Path) -> None:
    con = _raw(db)
    migrate(con, target=2)
    con.execute(
        "INSERT INTO schema_version VALUES (99, 'a step from elsewhere', current_timestamp)"
    )
    con.close()
    con = connect(db)
    versions = {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
    assert {v for v, _, _ in MIGRATIONS} <= versions
    assert _columns(con, "document_paths")
    con.close()


def test_a_step_may_give_each_database_its_own_sql(db: Path, monkeypatch) -> None:
    import pipeline.store_open as store

    step = (
        SCHEMA_VERSION + 1,
        "a step spelled twice",
        {
            "duckdb": "CREATE TABLE spelled (engine VARCHAR DEFAULT 'duckdb')",
            "postgresql": "CREATE TABLE spelled (engine VARCHAR DEFAULT 'postgresql')",
        },
    )
    monkeypatch.setattr(store, "MIGRATIONS", [*MIGRATIONS, step])
    con = connect(db)
    assert migrate(con, target=step[0]) == step[0]
    con.execute("INSERT INTO spelled DEFAULT VALUES")
    engine = con.execute("SELECT engine FROM spelled").fetchone()[0]
    assert engine == ("postgresql" if is_server(db) else "duckdb")
    con.close()
