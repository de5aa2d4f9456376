"""A real Prefect flow run (temporary local server) over a folder with a good and a bad file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.store import connect

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "txt" / "004_efc8c9725471be51.txt"


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Prefect in a throwaway home with its own temporary database and server."""
    saved = {k: os.environ.get(k) for k in ("PREFECT_HOME", "PREFECT_SERVER_ANALYTICS_ENABLED")}
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.testing.utilities import prefect_test_harness

    try:
        with prefect_test_harness(server_startup_timeout=60):
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_flow_loads_the_good_file_quarantines_the_bad_one_and_skips_both_next_time(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest import ingest_folder

    if not SEED.exists():
        pytest.skip(f"demo corpus file missing: {SEED.relative_to(ROOT)}")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(SEED, inbox / SEED.name)
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    db = tmp_path / "baocao.duckdb"

    summary = ingest_folder(inbox, db)

    assert [item["outcome"] for item in summary["loaded"]] == ["new"]
    assert summary["loaded"][0]["facts"] > 0
    assert [Path(item["path"]).name for item in summary["failed"]] == ["scan.pdf"]
    con = connect(db, read_only=True)
    docs = dict(con.execute("SELECT name, status FROM documents").fetchall())
    facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    run = con.execute("SELECT command, finished_at IS NOT NULL FROM runs").fetchall()
    con.close()
    assert docs == {SEED.name: "ok", "scan.pdf": "failed"}
    assert facts == summary["loaded"][0]["facts"]
    assert len(run) == 1 and run[0][0].startswith("flow ingest-folder") and run[0][1]
    quarantined = list((tmp_path / "quarantine").glob("*-scan.pdf*"))
    assert sorted(p.suffix for p in quarantined) == [".pdf", ".txt"]

    again = ingest_folder(inbox, db)
    assert (again["skipped"], again["loaded"], again["failed"]) == (2, [], [])
