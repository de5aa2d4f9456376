"""The dataset on a PostgreSQL server: several writers at once lose nothing and double
nothing, the commands take its URL, and analysts' SQL stays read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from dataset_samples import make_extraction, write_report
from typer.testing import CliRunner

from baocao import api
from baocao.cli import app
from pipeline.ingest import ingest_paths
from pipeline.store import DatasetError, connect, integrity_problems, run_query
from pipeline.store_schema import MIGRATIONS

ROOT = Path(__file__).resolve().parents[1]
BAOCAO = [sys.executable, "-m", "baocao.cli"]


def _baocao_env() -> dict[str, str]:
    """The subprocesses run this checkout's code."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


@pytest.fixture
def loaded(postgres_db: str, tmp_path: Path) -> str:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_report(corpus, "a.txt")
    ingest_paths([corpus], postgres_db, extract=make_extraction)
    api.correct(
        postgres_db,
        api.facts(postgres_db, metric="tthc.total")["id"].iloc[0],
        "accept",
        reviewer="Lan",
    )
    return postgres_db


# --- two ingestions and reviewers at once ------------------------------------------------


def _scalar(db: str, sql: str, params: list | None = None):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


def test_two_ingestions_and_a_reviewer_at_once_lose_nothing_and_double_nothing(
    postgres_db: str, tmp_path: Path
) -> None:
    sources = sorted((ROOT / "corpus" / "txt").glob("*.txt"))[:4]
    if len(sources) < 4:
        pytest.skip("demo corpus missing")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for source in sources:
        shutil.copyfile(source, inbox / source.name)
    files = sorted(inbox.iterdir())
    # one report first, so the reviewer has figures to correct while the others load
    seed = subprocess.run(
        [*BAOCAO, "ingest", str(files[0]), "--db", postgres_db],
        capture_output=True, text=True, env=_baocao_env(), cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert seed.returncode == 0, seed.stderr
    facts = api.facts(postgres_db)
    assert len(facts) > 5

    overlapping = ([files[0], files[1], files[2]], [files[1], files[2], files[3]])
    runs = [
        subprocess.Popen(
            [*BAOCAO, "ingest", *map(str, part), "--db", postgres_db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_baocao_env(),
            cwd=tmp_path,
        )  # fmt: skip
        for part in overlapping
    ]
    written: list[tuple[str, float]] = []
    ids = list(facts["id"])
    while any(run.poll() is None for run in runs) or len(written) < 3:
        fact_id = ids[len(written) % len(ids)]
        value = 1000 + len(written)
        api.correct(postgres_db, fact_id, new_value=value, reviewer="Lan", reason="bảng 1")
        written.append((fact_id, float(value)))
        time.sleep(0.2)
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err

    con = connect(postgres_db, read_only=True)
    try:
        rows = con.execute(
            "SELECT path, count(*), min(status), sum(n_facts) FROM documents GROUP BY path"
        ).fetchall()
        assert sorted(r[0] for r in rows) == sorted(str(f) for f in files)
        assert all(count == 1 and status == "ok" for _, count, status, _ in rows)
        assert integrity_problems(con) == []
        stored = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        assert stored == sum(r[3] for r in rows)
        distinct = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT document_id, metric, "
            "qualifiers::VARCHAR, value FROM facts) f"
        ).fetchone()[0]
        assert distinct == stored  # no figure twice
        corrections = con.execute(
            "SELECT fact_id, new_value, applied FROM corrections_status "
            "WHERE action = 'correct' ORDER BY id"
        ).fetchall()
        assert [(f, v) for f, v, _ in corrections] == written
        assert all(applied for _, _, applied in corrections)
        last = {fact_id: value for fact_id, value in written}
        effective = dict(
            con.execute(
                "SELECT id, value FROM facts_effective WHERE review_status = 'corrected'"
            ).fetchall()
        )
        assert effective == last
    finally:
        con.close()

    # the same files into a DuckDB file, one process: the same documents and facts
    reference = tmp_path / "reference.duckdb"
    ingest_paths(files, reference)
    con = connect(reference, read_only=True)
    expected = sorted(con.execute("SELECT id, document_id, metric, value FROM facts").fetchall())
    con.close()
    con = connect(postgres_db, read_only=True)
    got = sorted(con.execute("SELECT id, document_id, metric, value FROM facts").fetchall())
    con.close()
    assert got == expected


# --- the commands take the URL -----------------------------------------------------------


def test_every_dataset_command_takes_the_url(loaded: str, tmp_path: Path) -> None:
    runner = CliRunner()
    fact_id = api.facts(loaded, metric="dossier.received")["id"].iloc[0]
    query = runner.invoke(
        app, ["query", "SELECT count(*) AS n FROM reports_wide", "--db", loaded, "--csv"]
    )
    assert query.exit_code == 0, query.output
    assert query.output.splitlines() == ["n", "1"]
    trace = runner.invoke(app, ["trace", fact_id, "--db", loaded])
    assert trace.exit_code == 0, trace.output
    assert "dossier.received" in trace.output and "937" in trace.output
    for fmt, out in (("parquet", tmp_path / "pq"), ("xlsx", tmp_path / "b.xlsx")):
        export = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", loaded])
        assert export.exit_code == 0, export.output
    import pandas as pd

    wide = pd.read_parquet(tmp_path / "pq" / "reports_wide.parquet")
    assert wide["dossier_received"].tolist() == [937.0]
    corrections = pd.read_parquet(tmp_path / "pq" / "corrections.parquet")
    assert corrections["action"].tolist() == ["accept"]


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = "postgresql://nobody:secret@127.0.0.1:1/nowhere"
    result = CliRunner().invoke(app, ["query", "SELECT 1", "--db", url])
    assert result.exit_code == 1
    assert "cannot connect to the database" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_a_database_without_a_dataset_is_a_clear_error(postgres_db: str) -> None:
    with pytest.raises(DatasetError, match="no dataset here"):
        run_query(postgres_db, "SELECT 1")


# --- analysts' SQL -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM corrections",
        "INSERT INTO corrections_dismissed VALUES (1, 'x', now(), 'y')",
        "CREATE TABLE mine (a int)",
        "DROP VIEW facts_effective",
        "SELECT pg_read_file('/etc/passwd')",
        "COPY (SELECT 1) TO '/tmp/baocao-copy-test.csv'",
        "SELECT 1; DELETE FROM corrections",
    ],
)
def test_analysts_sql_cannot_change_the_dataset_or_reach_the_server(loaded: str, sql: str) -> None:
    result = CliRunner().invoke(app, ["query", sql, "--db", loaded])
    assert result.exit_code == 1
    assert "query refused" in result.output, result.output
    assert "root:" not in result.output and "Traceback" not in result.output
    assert not Path("/tmp/baocao-copy-test.csv").exists()
    assert run_query(loaded, "SELECT count(*) AS n FROM corrections")["n"][0] == 1
    assert run_query(loaded, "SELECT count(*) AS n FROM facts_effective")["n"][0] > 0


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT set_config('role', 'baocao', true), "
        "query_to_xml('DELETE FROM corrections RETURNING 1', true, true, '')",
        "SELECT set_config('transaction_read_only', 'off', true)",
    ],
)
def test_leaving_the_reader_role_still_cannot_write(loaded: str, sql: str) -> None:
    with pytest.raises(DatasetError, match="query (refused|failed)"):
        run_query(loaded, sql)
    assert run_query(loaded, "SELECT count(*) AS n FROM corrections")["n"][0] == 1


def test_a_query_with_a_percent_sign_and_a_failing_one(loaded: str) -> None:
    frame = run_query(loaded, "SELECT count(*) AS n FROM facts WHERE metric LIKE 'dossier.%'")
    assert frame["n"][0] > 0
    with pytest.raises(DatasetError, match="query failed"):
        run_query(loaded, "SELECT * FROM nowhere")


def test_an_analysts_login_reads_and_cannot_leave_the_reader_role(
    loaded: str, postgres_server: str
) -> None:
    admin_url = loaded
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE analyst_t LOGIN IN ROLE baocao_reader")
    analyst = loaded.replace("//baocao@", "//analyst_t@")
    try:
        assert run_query(analyst, "SELECT count(*) AS n FROM reports_wide")["n"][0] == 1
        for sql in (
            "SELECT set_config('role', 'baocao', false), pg_read_file('/etc/passwd')",
            "DELETE FROM corrections",
        ):
            with pytest.raises(DatasetError, match="query (refused|failed)"):
                run_query(analyst, sql)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # writes need a writer
            api.correct(
                analyst,
                api.facts(analyst)["id"].iloc[0],
                "accept",
                reviewer="Lan",
            )
        assert run_query(loaded, "SELECT count(*) AS n FROM corrections")["n"][0] == 1
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute("DROP OWNED BY analyst_t")
            admin.execute("DROP ROLE analyst_t")


# --- the review pages --------------------------------------------------------------------


def test_the_review_pages_work_on_the_server(postgres_db: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from review_samples import read_extraction, write_text_report

    from web.app import create_app
    from web.security import CSRF_COOKIE

    path = write_text_report(tmp_path, "xa.txt")
    ingest_paths([path], postgres_db, extract=read_extraction)
    client = TestClient(create_app(postgres_db))
    assert "xa.txt" in client.get("/").text
    token = client.cookies[CSRF_COOKIE]
    client.post("/reviewer", data={"name": "Lan", "back": "/", "csrf": token})
    facts = api.facts(postgres_db, metric="dossier.received")
    doc, received = facts["document_id"].iloc[0], facts["id"].iloc[0]
    page = client.get(f"/documents/{doc}")
    assert page.status_code == 200 and "937" in page.text
    answer = client.post(
        f"/facts/{received}/correct",
        data={"document_id": doc, "value": "1.037", "reason": "đọc sai bảng", "csrf": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    row = api.facts(postgres_db, metric="dossier.received").iloc[0]
    assert (row["value"], row["review_status"], row["reviewed_by"]) == (1037.0, "corrected", "Lan")
    audit = client.get(f"/facts/{received}/audit")
    assert audit.status_code == 200 and "đọc sai bảng" in audit.text


def test_the_flow_loads_a_folder_into_the_server(postgres_db: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for source in sorted((ROOT / "corpus" / "txt").glob("*.txt"))[:2]:
        shutil.copyfile(source, inbox / source.name)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    env = _baocao_env() | {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    run = subprocess.run(
        [sys.executable, "-m", "flows.ingest", str(inbox), "--db", postgres_db],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    rows = dict(
        (Path(path).name, status)
        for path, status in api.documents(postgres_db)[["path", "status"]].values
    )
    assert sorted(rows) == sorted(p.name for p in inbox.iterdir())
    assert rows["broken.pdf"] == "failed"
    assert all(status == "ok" for name, status in rows.items() if name != "broken.pdf")
    assert any((tmp_path / "quarantine").glob("*broken.pdf*"))


def test_processes_opening_a_new_database_at_once_migrate_it_once(postgres_db: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def open_and_close(_: int) -> int:
        con = connect(postgres_db)
        try:
            return con.execute("SELECT count(*) FROM metrics").fetchone()[0]
        finally:
            con.close()

    with ThreadPoolExecutor(4) as pool:
        counts = list(pool.map(open_and_close, range(4)))
    assert len(set(counts)) == 1 and counts[0] > 40
    versions = run_query(postgres_db, "SELECT version FROM schema_version ORDER BY version")
    assert versions["version"].tolist() == [v for v, _, _ in MIGRATIONS]
