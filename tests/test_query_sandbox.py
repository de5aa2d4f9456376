"""`baocao query` runs user SQL in a sandbox: the dataset's tables and views, nothing else."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from dataset_samples import make_extraction, write_report
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.review import append_correction
from pipeline.store import DatasetError, connect, load_extraction, run_query


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "baocao.duckdb"
    report = write_report(tmp_path, "a.txt")
    con = connect(path)
    load_extraction(con, make_extraction(report), "a.txt", "run-1")
    fact_id = con.execute("SELECT id FROM facts LIMIT 1").fetchone()[0]
    append_correction(con, fact_id, "accept", reviewer="Lan")
    con.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(db: Path, sql: str) -> str:
    """The command's message for `sql`, checking it failed cleanly."""
    result = CliRunner().invoke(app, ["query", sql, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "query refused" in result.output
    return result.output


def test_copy_onto_the_dataset_file_is_refused_and_the_file_unchanged(db: Path) -> None:
    before = _digest(db)
    _refused(db, f"copy (select 'x') to '{db}' (format csv)")
    assert _digest(db) == before
    assert run_query(db, "SELECT count(*) AS n FROM corrections")["n"][0] == 1


def test_copy_to_any_path_is_refused(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "out.csv"
    target.parent.mkdir()
    _refused(db, f"copy (select 1) to '{target}'")
    assert not target.exists()


def test_reading_a_file_of_the_system_is_refused(db: Path) -> None:
    message = _refused(db, "select * from read_text('/etc/passwd')")
    assert "root:" not in message
    with pytest.raises(DatasetError, match="query refused"):
        run_query(db, "select * from read_csv('/etc/passwd')")


def test_installing_or_loading_an_extension_is_refused(db: Path) -> None:
    _refused(db, "install httpfs")
    _refused(db, "load httpfs")


def test_a_query_cannot_turn_access_back_on_or_attach_another_file(
    db: Path, tmp_path: Path
) -> None:
    _refused(db, "set enable_external_access = true")
    _refused(db, f"attach '{tmp_path / 'other.duckdb'}' as other")
    assert not (tmp_path / "other.duckdb").exists()


def test_writes_are_refused_and_reading_still_works(db: Path) -> None:
    _refused(db, "delete from corrections")
    assert run_query(db, "SELECT count(*) AS n FROM facts_effective")["n"][0] > 0
