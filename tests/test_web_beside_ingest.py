"""The review pages keep working while `baocao ingest` loads files into the same DuckDB
file: every page answers, and a correction made meanwhile is recorded and kept."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from pipeline.ingest import ingest_paths
from pipeline.store import connect, run_query
from pipeline.users import add_user
from web.app import create_app
from web.security import CSRF_COOKIE

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "txt").glob("*.txt"))
PASSWORD = "mật khẩu đủ dài"


def _reviewer(db: Path) -> TestClient:
    client = TestClient(create_app(db))
    client.get("/login")
    data = {"name": "Lan", "password": PASSWORD, "csrf": client.cookies[CSRF_COOKIE]}
    assert client.post("/login", data=data).status_code == 200
    return client


def test_pages_and_corrections_work_while_an_ingest_writes(tmp_path: Path) -> None:
    db = tmp_path / "baocao.duckdb"
    ingest_paths([SEEDS[0]], db)
    con = connect(db)
    try:
        add_user(con, "Lan", "reviewer", PASSWORD)
    finally:
        con.close()
    fact = run_query(db, "SELECT id, document_id, value FROM facts ORDER BY id LIMIT 1")
    fact_id, doc, value = fact["id"][0], fact["document_id"][0], int(fact["value"][0])

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in SEEDS[1:]:
        for copy in range(4):
            text = seed.read_text(encoding="utf-8") + f"\nBản sao số {copy}.\n"
            (inbox / f"{seed.stem}-{copy}.txt").write_text(text, encoding="utf-8")
    expected = 1 + len(list(inbox.iterdir()))
    client = _reviewer(db)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    ingest = subprocess.Popen(
        [sys.executable, "-m", "baocao.cli", "ingest", str(inbox), "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    statuses, corrected, during = [], None, 0
    try:
        deadline = time.monotonic() + 300
        while ingest.poll() is None and time.monotonic() < deadline:
            statuses.append(client.get("/").status_code)
            statuses.append(client.get(f"/documents/{doc}").status_code)
            if corrected is None and during >= 2:
                corrected = client.post(
                    f"/facts/{fact_id}/correct",
                    data={
                        "document_id": doc,
                        "value": str(value + 1),
                        "reason": "đọc lại bản gốc",
                        "csrf": client.cookies[CSRF_COOKIE],
                    },
                    follow_redirects=False,
                ).status_code
            during += ingest.poll() is None
    finally:
        out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err.decode()
    assert during >= 5, "too few requests were made while the ingest ran"
    assert set(statuses) == {200}, statuses
    assert corrected == 303
    loaded = run_query(db, "SELECT count(*) AS n FROM documents WHERE current")["n"][0]
    assert loaded == expected
    effective = run_query(db, f"SELECT value FROM facts_effective WHERE id = '{fact_id}'")
    assert list(effective["value"]) == [value + 1]
