"""The ingestion flow, run for real on Prefect (a test server) over real report files:
quarantine, skipping, replacement, a run killed midway, overlapping runs, and Dask."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from dataset_samples import rows

from pipeline.store import connect, integrity_problems

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "txt").glob("*.txt"))
BAD_PDF = b"%PDF-1.4\nthis is not really a PDF\n"


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prefect in a throwaway home with its own test server; yields the server's API URL
    (handed to the flow runs started as subprocesses)."""
    saved = {k: os.environ.get(k) for k in ("PREFECT_HOME", "PREFECT_SERVER_ANALYTICS_ENABLED")}
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    try:
        with prefect_test_harness(server_startup_timeout=60):
            yield PREFECT_API_URL.value()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _inbox(tmp_path: Path, copies: int = 1) -> Path:
    """The seed reports; with `copies` > 1, variants of each with a distinct last line."""
    if not SEEDS:
        pytest.skip("the demo corpus (corpus/txt) is missing")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in SEEDS:
        shutil.copyfile(seed, inbox / seed.name)
        for copy in range(1, copies):
            text = seed.read_text(encoding="utf-8") + f"\nBản sao số {copy}.\n"
            (inbox / f"{seed.stem}-{copy}.txt").write_text(text, encoding="utf-8")
    return inbox


def _run(inbox: Path, db: Path, **options):
    from flows.serve import run_once

    return run_once(str(inbox), str(db), **options)


def _facts(db: Path) -> list[tuple]:
    return rows(db, "SELECT * EXCLUDE (run_id) FROM facts ORDER BY id")


def _loaded_once(db: Path) -> None:
    """Every current document's rows are there once, as many as it says."""
    con = connect(db, read_only=True)
    try:
        assert integrity_problems(con) == []
        doubled = con.execute("SELECT id FROM facts GROUP BY id HAVING count(*) > 1").fetchall()
        assert doubled == []
    finally:
        con.close()


def _cli(api: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PREFECT_API_URL=api, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "baocao.cli", "flow", "run", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_bad_file_is_quarantined_the_others_load_and_the_run_says_so(
    prefect_api: str, tmp_path: Path
) -> None:
    inbox = _inbox(tmp_path)
    (inbox / "bad.pdf").write_bytes(BAD_PDF)
    db = tmp_path / "baocao.duckdb"

    state = _run(inbox, db, workers=2)

    assert not state.is_completed() and state.is_failed()
    assert re.match(rf"{len(SEEDS)} loaded, 1 quarantined: bad\.pdf \(.*%%EOF", state.message)
    docs = dict(rows(db, "SELECT name, status FROM documents"))
    assert docs == {**{s.name: "ok" for s in SEEDS}, "bad.pdf": "failed"}
    assert not (inbox / "bad.pdf").exists()  # moved out of the inbox ...
    moved = sorted(p.name for p in (tmp_path / "quarantine").iterdir())
    assert [n.split("-", 1)[1] for n in moved] == ["bad.pdf", "bad.pdf.reason.txt"]
    note = next((tmp_path / "quarantine").glob("*.reason.txt")).read_text(encoding="utf-8")
    assert "bad.pdf" in note and "%%EOF" in note  # ... with a note of its reason
    assert sorted(p.name for p in inbox.iterdir()) == [s.name for s in SEEDS]
    assert not list((tmp_path / "leases").iterdir())
    summary = state.result(raise_on_failure=False)
    assert sum(f.facts for f in summary.loaded) == len(_facts(db)) > 0
    _check_artifacts(state.state_details.flow_run_id, len(SEEDS) + 1)

    again = _run(inbox, db, workers=2)
    assert again.is_completed()
    assert again.message == f"0 loaded, 0 quarantined; {len(SEEDS)} unchanged"


def _check_artifacts(flow_run_id, files: int) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
    )

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    attempts = {run.name: run.run_count for run in runs}
    assert attempts["extract bad.pdf"] == attempts["load bad.pdf"] == 1  # a bad file: no retry
    assert len(attempts) == 2 * files
    kinds = {a.key: a for a in found}
    assert kinds["ingest-files"].type == "table"
    assert kinds["ingest-files"].data.count('"status"') == files
    assert "quarantined" in kinds["ingest-files"].data
    assert kinds["ingest-flags"].type == "markdown"
    assert kinds["ingest-flags"].data.startswith("# New flags:")


def test_a_changed_file_replaces_its_facts(prefect_api: str, tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    db = tmp_path / "baocao.duckdb"
    assert _run(inbox, db, workers=1).is_completed()
    changed = inbox / SEEDS[0].name
    before = rows(db, f"SELECT id, n_facts FROM documents WHERE name = '{changed.name}'")
    text = changed.read_text(encoding="utf-8")
    assert "tổng cộng 282 văn bản" in text
    changed.write_text(text.replace("tổng cộng 282 văn bản", "tổng cộng 777 văn bản"), "utf-8")

    state = _run(inbox, db, workers=1)

    assert state.is_completed()
    assert state.message.startswith("1 loaded, 0 quarantined")
    documents = rows(
        db, f"SELECT id, current, n_facts FROM documents WHERE name = '{changed.name}' ORDER BY 2"
    )
    assert [(r[0], r[1]) for r in documents][0] == (before[0][0], False)  # the old one retired
    new_id, _, new_facts = documents[1]
    facts = rows(db, f"SELECT count(*) FROM facts WHERE document_id = '{before[0][0]}'")
    assert facts == [(0,)]
    assert rows(db, f"SELECT count(*) FROM facts WHERE document_id = '{new_id}'") == [(new_facts,)]
    values = {r[0] for r in rows(db, f"SELECT value FROM facts WHERE document_id = '{new_id}'")}
    assert 777 in values and 282 not in values
    _loaded_once(db)


def test_a_run_killed_midway_is_completed_by_the_next_with_nothing_doubled(
    prefect_api: str, tmp_path: Path
) -> None:
    inbox = _inbox(tmp_path, copies=3)
    total = len(list(inbox.iterdir()))
    db = tmp_path / "baocao.duckdb"
    process = _cli(prefect_api, "--inbox", str(inbox), "--db", str(db), "--workers", "1")
    loaded = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            loaded = rows(db, "SELECT count(*) FROM documents")[0][0]
            if loaded >= 2:
                break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert 2 <= loaded < total, "the run was not killed midway"
    assert list((tmp_path / "leases").iterdir())  # the killed run's leases are left behind

    state = _run(inbox, db, workers=1)

    assert state.is_completed(), state.message
    done = rows(db, "SELECT count(*) FROM documents WHERE current AND status = 'ok'")[0][0]
    assert done == total
    assert int(state.message.split()[0]) + int(state.message.split("; ")[1].split()[0]) == total
    _loaded_once(db)
    assert not list((tmp_path / "leases").iterdir())


def test_two_overlapping_runs_load_each_file_once(prefect_api: str, tmp_path: Path) -> None:
    inbox = _inbox(tmp_path, copies=2)
    total = len(list(inbox.iterdir()))
    db = tmp_path / "baocao.duckdb"
    args = ("--inbox", str(inbox), "--db", str(db), "--workers", "1")
    runs = [_cli(prefect_api, *args) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]

    messages = [out.decode().strip().splitlines()[-1] for out, _ in outputs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    loaded = [int(re.search(r": (\d+) loaded", m).group(1)) for m in messages]
    assert sum(loaded) == total, messages
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == total
    _loaded_once(db)


def test_a_two_worker_dask_cluster_gives_the_serial_result(
    prefect_api: str, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    inbox = _inbox(tmp_path)
    serial, on_dask = tmp_path / "serial.duckdb", tmp_path / "dask.duckdb"
    assert _run(inbox, serial, workers=1).is_completed()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        state = _run(inbox, on_dask, dask_address=cluster.scheduler_address)
        ran_there = set(cluster.scheduler.task_prefixes)  # the cluster's scheduler saw them
    assert "extract_task" in ran_there
    assert state.is_completed(), state.message
    assert state.message.startswith(f"{len(SEEDS)} loaded")
    assert _facts(on_dask) == _facts(serial) and _facts(serial)


def test_serve_starts_a_local_server_runs_on_schedule_and_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAOCAO_LOCK_WAIT", "30")  # a loaded machine: the reader here waits
    inbox = _inbox(tmp_path)
    db = tmp_path / "data" / "baocao.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PYTHONPATH=str(ROOT), PREFECT_HOME=str(tmp_path / "client-home"))
    command = [sys.executable, "-m", "baocao.cli", "serve", "--inbox", str(inbox)]
    serve = subprocess.Popen(
        [*command, "--every", "5s", "--db", str(db), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [serve.stdout.readline() for _ in range(3)]
        ui = re.search(r"Prefect UI: (http://127\.0\.0\.1:\d+)/ ", "".join(lines))
        assert ui, lines
        assert (tmp_path / "data" / ".prefect" / "prefect.db").exists()  # beside the dataset
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and serve.poll() is None:
            if db.exists() and rows(db, "SELECT count(*) FROM documents") == [(len(SEEDS),)]:
                break
            time.sleep(0.5)
        assert rows(db, "SELECT count(*) FROM documents") == [(len(SEEDS),)]
    finally:
        serve.terminate()
        serve.communicate(timeout=60)
    with pytest.raises(OSError):  # the server stopped with it
        urllib.request.urlopen(f"{ui.group(1)}/api/health", timeout=2)
