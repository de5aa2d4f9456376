"""What people see from the `baocao` command: progress, readable query output, a version,
and a message instead of a traceback for ordinary failures."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dataset_samples import make_extraction, write_report
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
BAOCAO = [sys.executable, "-m", "baocao.cli"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        write_report(corpus, name)
    path = folder / "baocao.duckdb"
    scales = {"a.txt": 1, "b.txt": 3}
    ingest_paths([corpus], path, extract=lambda p: make_extraction(p, scale=scales[p.name]))
    return path


def _demo_copy(tmp_path: Path, count: int = 3) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for source in sorted((ROOT / "corpus" / "txt").glob("*.txt"))[:count]:
        shutil.copyfile(source, inbox / source.name)
    if not any(inbox.iterdir()):
        pytest.skip("demo corpus missing")
    return inbox


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("baocao ")


def test_piped_ingest_prints_a_line_per_file_and_how_to_look_at_the_results(
    tmp_path: Path,
) -> None:
    inbox = _demo_copy(tmp_path)
    run = subprocess.run(
        [*BAOCAO, "ingest", str(inbox), "--db", str(tmp_path / "baocao.duckdb")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == ["[1/3", "[2/3", "[3/3"]
    assert all(": new, " in line and " facts" in line for line in lines)
    assert "look at the results: baocao query" in run.stdout
    assert "baocao export --format xlsx" in run.stdout


def test_ingest_on_a_terminal_shows_a_progress_bar_with_the_file_in_hand(tmp_path: Path) -> None:
    inbox = _demo_copy(tmp_path)
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120")
    process = subprocess.Popen(
        [*BAOCAO, "ingest", str(inbox), "--db", str(tmp_path / "baocao.duckdb")],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=tmp_path,
        env=env,
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 600)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=60)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert "ingesting" in text and "━" in text  # the bar
    assert "/3" in text and any(p.name in text for p in inbox.iterdir())
    assert "[1/3]" not in text  # no log lines on a terminal
    assert "files: 3 new" in text


def test_piped_extract_of_several_files_logs_each_on_stderr(tmp_path: Path) -> None:
    inbox = _demo_copy(tmp_path, 2)
    run = subprocess.run(
        [*BAOCAO, "extract", *map(str, sorted(inbox.iterdir())), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert len([json.loads(line) for line in run.stdout.splitlines()]) == 2
    assert [line[:5] for line in run.stderr.splitlines() if line.startswith("[")] == [
        "[1/2]",
        "[2/2]",
    ]


def test_query_json_has_integers_and_the_table_notes_its_row_limit(db: Path) -> None:
    runner = CliRunner()
    sql = "SELECT metric, count(*) AS n, sum(value) AS total FROM facts GROUP BY 1 ORDER BY 1"
    rows = [
        json.loads(line)
        for line in runner.invoke(app, ["query", sql, "--db", str(db), "--json"]).output.split("\n")
        if line
    ]
    received = next(r for r in rows if r["metric"] == "dossier.received")
    assert received == {"metric": "dossier.received", "n": 2, "total": 937 * 4}
    assert isinstance(received["total"], int)
    table = runner.invoke(app, ["query", sql, "--db", str(db), "--limit", "3"])
    assert table.exit_code == 0
    assert f"{len(rows)} rows ({len(rows) - 3} more not shown" in table.output
    csv = runner.invoke(app, ["query", sql, "--db", str(db), "--csv", "--no-header"])
    assert "dossier.received,2,3748" in csv.output.splitlines()


def test_a_wide_result_prints_as_records_with_a_hint(db: Path) -> None:
    result = CliRunner().invoke(app, ["query", "SELECT * FROM reports_wide", "--db", str(db)])
    assert result.exit_code == 0
    assert "-- row 1 --" in result.output and "--csv or --json" in result.output
    assert "dossier_received" in result.output


def test_export_failures_are_messages_not_tracebacks(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):  # root writes anywhere: use a place no one may write
        locked = Path("/sys")
    result = runner.invoke(
        app, ["export", "--format", "xlsx", "--out", str(locked / "b.xlsx"), "--db", str(db)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot write the export" in result.output
    assert result.output.count(str(locked / "b.xlsx")) == 1  # the path named once

    existing = tmp_path / "notes.txt"
    existing.write_text("keep me", encoding="utf-8")
    result = runner.invoke(
        app, ["export", "--format", "csv", "--out", str(existing), "--db", str(db)]
    )
    assert result.exit_code == 1 and "is a file" in result.output
    assert existing.read_text(encoding="utf-8") == "keep me"

    workbook = tmp_path / "baocao.xlsx"
    workbook.write_bytes(b"old")
    ok = runner.invoke(app, ["export", "--format", "xlsx", "--out", str(workbook), "--db", str(db)])
    assert ok.exit_code == 0 and workbook.read_bytes()[:2] == b"PK"  # replaced whole


def test_a_missing_dataset_is_a_message(tmp_path: Path) -> None:
    for args in (["query", "select 1"], ["export", "--format", "csv"], ["trace", "x"]):
        result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "none.duckdb")])
        assert result.exit_code == 1 and "no dataset here" in result.output, args
        assert "Traceback" not in result.output
    assert not (tmp_path / "none.duckdb").exists()
