"""Parallel extraction with one writer: `ingest --workers 2` gives what `--workers 1`
gives, readers never fail while an ingest writes, and leases keep runs apart."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from dataset_samples import rows
from typer.testing import CliRunner

from baocao.cli import app
from pipeline import leases
from pipeline.parallel import ordered_map
from pipeline.store import connect, run_query

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def test_ingest_with_two_workers_stores_what_one_worker_stores(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS / "txt", inbox / "txt")
    shutil.copytree(CORPUS / "docx", inbox / "docx")
    (inbox / "bad.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    outputs = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}" / "baocao.duckdb"
        result = CliRunner().invoke(
            app, ["ingest", str(inbox), "--db", str(db), "--workers", str(workers)]
        )
        assert result.exit_code == 1, result.output  # the bad file is a new failure
        lines = result.output.replace(str(db), "DB").splitlines()
        outputs[workers] = [line for line in lines if not line.startswith("dataset DB (run ")]
    one, two = tmp_path / "w1" / "baocao.duckdb", tmp_path / "w2" / "baocao.duckdb"
    for sql in (
        "SELECT * EXCLUDE (run_id) FROM facts ORDER BY id",
        "SELECT * FROM evidence ORDER BY fact_id, seq",
        "SELECT * FROM flags ORDER BY document_id, seq",
        "SELECT id, path, status, errors, n_facts, n_evidence, n_flags FROM documents ORDER BY id",
    ):
        assert rows(one, sql) == rows(two, sql), sql
    assert len(rows(one, "SELECT id FROM facts")) > 100
    assert outputs[1] == outputs[2]


def test_queries_made_during_an_ingest_all_succeed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in sorted((CORPUS / "txt").glob("*.txt")):
        for copy in range(4):
            text = seed.read_text(encoding="utf-8") + f"\nBản sao số {copy}.\n"
            (inbox / f"{seed.stem}-{copy}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "baocao.duckdb"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "baocao.cli", "ingest", str(inbox), "--db", str(db)]
    ingest = subprocess.Popen(
        [*command, "--workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    answers, during = [], 0
    try:
        deadline = time.monotonic() + 180
        while not db.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        while ingest.poll() is None and time.monotonic() < deadline:
            answers.append(int(run_query(db, "SELECT count(*) AS n FROM facts")["n"][0]))
            con = connect(db, read_only=True)  # what the API and the review pages open
            con.execute("SELECT count(*) FROM documents").fetchone()
            con.close()
            during += ingest.poll() is None
    finally:
        out, err = ingest.communicate(timeout=180)
    assert ingest.returncode == 0, err.decode()
    assert during >= 5, "too few queries were made while the ingest ran"
    assert answers == sorted(answers)  # each saw a committed state, growing
    assert rows(db, "SELECT count(*) FROM documents") == [(20,)]


def test_the_parallel_map_keeps_the_order_and_hands_back_errors() -> None:
    def work(n: int) -> int:
        time.sleep(0.01 * (n % 3))
        if n == 4:
            raise ValueError("four")
        return n * n

    results = list(ordered_map(work, range(9), workers=3))
    assert [item for item, _ in results] == list(range(9))
    assert isinstance(results[4][1], ValueError)
    assert [r for i, r in results if i != 4] == [i * i for i in range(9) if i != 4]


def test_a_lease_is_exclusive_until_released_and_taken_over_from_a_dead_owner(
    tmp_path: Path,
) -> None:
    lease = leases.acquire(tmp_path, "abc")
    assert lease is not None
    assert leases.acquire(tmp_path, "abc") is None  # its owner (this process) is running
    leases.release(lease)
    again = leases.acquire(tmp_path, "abc")
    assert again is not None
    leases.release(again)

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    owner = {"host": socket.gethostname(), "pid": gone.pid, "since": time.time()}
    (tmp_path / "def.lease").write_text(json.dumps(owner), encoding="utf-8")
    taken = leases.acquire(tmp_path, "def")
    assert taken is not None
    assert json.loads(taken.path.read_text(encoding="utf-8"))["pid"] == os.getpid()


def test_flow_run_documents_itself_and_names_a_missing_inbox(tmp_path: Path) -> None:
    help_text = CliRunner().invoke(app, ["flow", "run", "--help"]).output
    assert "Example:" in help_text
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(app, ["flow", "run", "--inbox", str(missing)])
    assert result.exit_code == 2
    assert f"{missing}: no such folder" in result.output
    assert "Traceback" not in result.output
    bad = CliRunner().invoke(app, ["serve", "--inbox", str(tmp_path), "--every", "soon"])
    assert bad.exit_code == 2 and "not an interval: 'soon'" in bad.output
