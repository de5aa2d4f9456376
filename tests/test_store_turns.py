"""Openers of one DuckDB file take turns: a process that opens and closes the dataset
without pause (a reviewer paging quickly) cannot starve a writer waiting for it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.store import connect

ROOT = Path(__file__).resolve().parents[1]

HAMMER = """
import sys, time
from pipeline.store import connect
print("ready", flush=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    con = connect(sys.argv[1])
    con.execute("SELECT count(*) FROM documents").fetchall()
    time.sleep(0.05)  # a page being rendered
    con.close()
"""


def test_a_writer_gets_its_turn_beside_a_reader_that_never_pauses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "baocao.duckdb"
    connect(db).close()
    monkeypatch.setenv("BAOCAO_LOCK_WAIT", "2")
    hammer = subprocess.Popen(
        [sys.executable, "-c", HAMMER, str(db), "20"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "BAOCAO_LOCK_WAIT": "3", "PATH": ""},
        stdout=subprocess.PIPE,
        text=True,
    )
    opened = 0
    try:
        assert hammer.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        for _ in range(30):
            con = connect(db)
            con.execute("CHECKPOINT")
            time.sleep(0.05)  # a document's short transaction
            con.close()
            opened += 1
    finally:
        hammer.terminate()
        hammer.wait(10)
        hammer.stdout.close()
    assert opened == 30
