"""Ingesting folders as they come: links, names that are not UTF-8, identical files,
files that failed before, and the exit status of a re-run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from dataset_samples import make_extraction, rows, write_report
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.ingest import discover, ingest_paths
from schemas import Extraction

REPORT = "BÁO CÁO\nKết quả cải cách hành chính quý I năm 2024\nTiếp nhận 12 hồ sơ.\n"


def _fake(path: Path) -> Extraction:
    return make_extraction(path)


def test_a_link_leading_out_of_the_folder_is_skipped_with_a_message(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_report(inbox, "a.txt")
    (inbox / "secret.txt").symlink_to("/etc/passwd")
    (inbox / "gone.txt").symlink_to(tmp_path / "nothing-here.txt")
    (inbox / "same.txt").symlink_to(inbox / "a.txt")  # inside: read
    (tmp_path / "elsewhere").mkdir()
    write_report(tmp_path / "elsewhere", "b.txt")
    (inbox / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    assert [p.name for p in discover([inbox])] == ["a.txt", "same.txt"]
    db = tmp_path / "baocao.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"skipped: {inbox / 'secret.txt'}: a link leading outside" in result.output
    assert f"skipped: {inbox / 'gone.txt'}: a link to nothing" in result.output
    assert f"skipped: {inbox / 'sub'}: a link to a folder outside" in result.output
    paths = [r[0] for r in rows(db, "SELECT path FROM document_paths ORDER BY path")]
    assert paths == ["inbox/a.txt", "inbox/same.txt"]
    assert rows(db, "SELECT count(*) FROM documents WHERE path LIKE '%passwd%'") == [(0,)]


def test_a_name_that_is_not_utf8_is_loaded_shown_escaped_and_never_stops_a_batch(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    odd = Path(os.fsdecode(bytes(inbox) + b"/b\xe1o c\xe1o.txt"))
    try:
        odd.write_text(REPORT, encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (inbox / "z-empty.txt").write_bytes(b"")
    write_report(inbox, "zz.txt")
    db = tmp_path / "baocao.duckdb"

    result = CliRunner().invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert "Traceback" not in result.output
    assert "2 new" in result.output and "1 failed" in result.output
    names = sorted(r[0] for r in rows(db, "SELECT path FROM document_paths"))
    assert names == ["inbox/b\\xe1o c\\xe1o.txt", "inbox/z-empty.txt", "inbox/zz.txt"]

    extracted = CliRunner().invoke(app, ["extract", str(odd), "--json"])
    assert extracted.exit_code == 0, extracted.output
    document = json.loads(extracted.output)["document"]
    assert document["path"].endswith("b\\xe1o c\\xe1o.txt")


def test_identical_empty_files_are_each_recorded_and_a_rerun_succeeds(tmp_path: Path) -> None:
    inbox = tmp_path / "archive"
    inbox.mkdir()
    for i in range(67):
        (inbox / f"empty-{i:02}.txt").write_bytes(b"")
    db = tmp_path / "baocao.duckdb"
    runner = CliRunner()

    first = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert first.exit_code == 1, first.output  # a failure this run met for the first time
    assert rows(db, "SELECT count(*) FROM document_paths") == [(67,)]
    assert rows(db, "SELECT count(DISTINCT document_id) FROM document_paths") == [(1,)]
    assert rows(db, "SELECT count(*), any_value(status) FROM documents") == [(1, "failed")]

    again = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "67 failed before" in again.output and "--retry-failed" in again.output

    retried = runner.invoke(app, ["ingest", str(inbox), "--db", str(db), "--retry-failed"])
    assert retried.exit_code == 0, retried.output  # failed again, but not a new failure
    assert "0 new" in retried.output and "failed before" not in retried.output


def test_a_new_bad_file_among_old_ones_makes_the_exit_status_1(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    db = tmp_path / "baocao.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(inbox), "--db", str(db)]).exit_code == 1
    (inbox / "random.pdf").write_bytes(os.urandom(2000))
    result = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert result.exit_code == 1 and "random.pdf" in result.output


def test_ingest_of_a_missing_path_says_so_and_creates_no_dataset(tmp_path: Path) -> None:
    db = tmp_path / "baocao.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "nonexistent"), "--db", str(db)])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output and "Traceback" not in result.output
    assert not db.exists()


def test_paths_of_fake_extractions_are_recorded_once_per_run(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_report(inbox, "a.txt")
    db = tmp_path / "baocao.duckdb"
    ingest_paths([inbox], db, extract=_fake)
    ingest_paths([inbox], db, extract=_fake)
    assert rows(db, "SELECT path, first_seen <= last_seen FROM document_paths") == [
        ("inbox/a.txt", True)
    ]
