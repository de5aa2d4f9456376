"""Ingestion: idempotent by content, replacement by path, bad files recorded and set aside,
and a batch killed with SIGKILL leaving every document complete or absent."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from dataset_samples import FIGURES, make_extraction, many_figures, write_report
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.ingest import discover, ingest_paths
from pipeline.store import DatasetError, connect, integrity_problems
from schemas import Extraction

TESTS = Path(__file__).resolve().parent
TABLES = ("documents", "runs", "reports", "facts", "evidence", "doc_references", "flags")


def _counts(db: Path) -> dict[str, int]:
    con = connect(db, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def _fake_extract(path: Path) -> Extraction:
    return make_extraction(path)


def test_discover_walks_folders_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    names = ("a.txt", "sub/b.DOCX", "sub/c.pdf", ".hidden.txt", ".git/d.txt", "e.xlsx", "README.md")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path, tmp_path / "a.txt"])]
    assert found == ["a.txt", "sub/b.DOCX", "sub/c.pdf"]


def test_ingest_is_idempotent_by_content(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        write_report(corpus, name)
    db = tmp_path / "baocao.duckdb"

    first = ingest_paths([corpus], db, extract=_fake_extract)
    assert (first.count("new"), first.count("unchanged"), first.failed) == (2, 0, [])
    assert first.facts == 2 * len(FIGURES)
    assert first.flags == {"dossier.resolved_parts": 2}
    before = _counts(db)
    assert before["facts"] == 2 * len(FIGURES) and before["runs"] == 1

    second = ingest_paths([corpus], db, extract=_fake_extract)
    assert (second.count("new"), second.count("unchanged"), second.facts) == (0, 2, 0)
    assert _counts(db) == before
    text = second.render()
    assert "0 new, 2 unchanged, 0 replaced, 0 failed" in text


def test_paths_are_stored_relative_to_the_dataset_folder(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    write_report(tmp_path / "corpus", "a.txt")
    db = tmp_path / "baocao.duckdb"
    ingest_paths([tmp_path / "corpus"], db, extract=_fake_extract)
    con = connect(db, read_only=True)
    assert con.execute("SELECT path FROM documents").fetchall() == [("corpus/a.txt",)]
    con.close()


def test_a_changed_file_replaces_its_previous_facts(tmp_path: Path) -> None:
    db = tmp_path / "baocao.duckdb"
    path = write_report(tmp_path, "a.txt", "v1")
    ingest_paths([path], db, extract=_fake_extract)
    write_report(tmp_path, "a.txt", "v2")
    summary = ingest_paths(
        [path], db, extract=lambda p: make_extraction(p, scale=2), command="test"
    )
    assert summary.count("replaced") == 1
    con = connect(db, read_only=True)
    values = con.execute("SELECT value FROM facts WHERE metric = 'dossier.received'").fetchall()
    assert values == [(1874.0,)]
    assert con.execute("SELECT count(*) FROM documents WHERE current").fetchone() == (1,)
    assert integrity_problems(con) == []
    con.close()


def test_a_bad_file_is_recorded_quarantined_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "bad.txt", "c.txt", "unreadable.pdf"):
        write_report(corpus, name)
    db = tmp_path / "data" / "baocao.duckdb"

    def extract(path: Path) -> Extraction:
        if path.name == "bad.txt":
            raise RuntimeError("rule exploded")
        if path.name == "unreadable.pdf":
            extraction = make_extraction(path, figures=[], status="failed")
            extraction.document["errors"] = [f"{path}: not a PDF (no %PDF header)"]
            return extraction
        return make_extraction(path)

    summary = ingest_paths([corpus], db, extract=extract, copy_quarantined=True)
    assert summary.count("new") == 2
    assert len(summary.new_failures) == 2
    failed = {f.path.name: f for f in summary.failed}
    assert set(failed) == {"bad.txt", "unreadable.pdf"}
    assert "RuntimeError: rule exploded" in failed["bad.txt"].reason
    assert "not a PDF" in failed["unreadable.pdf"].reason
    assert "failed: " in summary.render() and "bad.txt" in summary.render()
    assert summary.render().count(str(corpus / "unreadable.pdf")) == 1  # named once

    for outcome in failed.values():
        copy = outcome.quarantined
        assert copy is not None and copy.parent == db.parent / "quarantine"
        assert copy.read_bytes() == outcome.path.read_bytes()
        reason = copy.with_name(copy.name + ".reason.txt").read_text(encoding="utf-8")
        assert outcome.reason in reason and outcome.document_id in reason

    con = connect(db, read_only=True)
    rows = con.execute(
        "SELECT name, status, errors, quarantine_path IS NOT NULL FROM documents "
        "WHERE status = 'failed' ORDER BY name"
    ).fetchall()
    con.close()
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("bad.txt", "failed", True),
        ("unreadable.pdf", "failed", True),
    ]
    assert "rule exploded" in rows[0][2][0]

    # bytes that failed are not tried again: the re-run meets no new failure
    before = _counts(db)
    again = ingest_paths([corpus], db, extract=extract)
    assert (again.count("unchanged"), again.count("failed_before")) == (2, 2)
    assert again.new_failures == [] and "--retry-failed" in again.render()
    # asked to, they are tried again (the cause may be fixed), without adding rows
    retried = ingest_paths([corpus], db, extract=extract, retry_failed=True)
    assert (retried.count("unchanged"), len(retried.failed)) == (2, 2)
    assert retried.new_failures == []
    assert _counts(db) == before


def test_quarantine_notes_the_reason_and_copies_only_when_asked(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bad = write_report(corpus, "bad.txt")

    def extract(path: Path) -> Extraction:
        raise RuntimeError("rule exploded")

    summary = ingest_paths([corpus], tmp_path / "baocao.duckdb", extract=extract)
    [outcome] = summary.failed
    assert outcome.quarantined is None and outcome.note == ""
    [note] = (tmp_path / "quarantine").iterdir()
    text = note.read_text(encoding="utf-8")
    assert note.name.endswith("-bad.txt.reason.txt")
    assert str(bad) in text and "rule exploded" in text

    blocked = tmp_path / "readonly"
    blocked.mkdir()
    (blocked / "quarantine").write_text("a file where the folder would go", encoding="utf-8")
    summary = ingest_paths([corpus], blocked / "baocao.duckdb", extract=extract)
    [outcome] = summary.failed
    assert "quarantine note could not be written" in outcome.note
    assert "quarantine note could not be written" in summary.render()


def test_a_missing_path_is_an_error_and_creates_no_dataset(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file or folder: .*gone.pdf"):
        ingest_paths([tmp_path / "gone.pdf"], tmp_path / "x.duckdb", extract=_fake_extract)
    assert not (tmp_path / "x.duckdb").exists()


# --- killed in the middle of a batch -----------------------------------------------

BIG_SIZE = 3000
BIG = many_figures(BIG_SIZE)
DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from dataset_samples import make_extraction, many_figures
    from pipeline.ingest import ingest_paths

    BIG = many_figures({size})

    def extract(path):
        extraction = make_extraction(path, figures=BIG)
        print("extracted", path.name, flush=True)   # the load transaction starts next
        return extraction

    ingest_paths([Path({corpus!r})], Path({db!r}), extract=extract)
    print("done", flush=True)
    """
)


def _check_complete_or_absent(db: Path, names: list[str]) -> set[str]:
    """Every document present has every row; returns the names present."""
    con = connect(db)
    try:
        assert integrity_problems(con) == []
        rows = con.execute(
            """
            SELECT d.name, count(DISTINCT f.id), count(DISTINCT e.fact_id),
                   (SELECT count(*) FROM flags g WHERE g.document_id = d.id),
                   (SELECT count(*) FROM reports r WHERE r.document_id = d.id)
            FROM documents d LEFT JOIN facts f ON f.document_id = d.id
            LEFT JOIN evidence e ON e.fact_id = f.id
            GROUP BY d.id, d.name
            """
        ).fetchall()
        for name, facts, with_evidence, flags, reports in rows:
            assert (facts, with_evidence, reports) == (len(BIG), len(BIG), 1), name
            assert flags == 0, name  # BIG has no resolved/on-time pair to flag
        orphans = con.execute(
            "SELECT count(*) FROM evidence WHERE fact_id NOT IN (SELECT id FROM facts)"
        ).fetchone()[0]
        assert orphans == 0
        present = {r[0] for r in rows}
        assert present <= set(names)
        return present
    finally:
        con.close()


def test_kill_9_mid_batch_leaves_each_document_complete_or_absent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = [f"r{i}.txt" for i in range(6)]
    for name in names:
        write_report(corpus, name)
    db = tmp_path / "baocao.duckdb"
    script = tmp_path / "driver.py"
    script.write_text(
        DRIVER.format(tests=str(TESTS), corpus=str(corpus), db=str(db), size=BIG_SIZE)
    )
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    rng = random.Random(7)
    in_flight_lost = 0
    present: set[str] = set()
    for _round in range(3):
        proc = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
        )
        seen = []
        for line in proc.stdout:
            if line.startswith("extracted"):
                seen.append(line.split()[1])
                if len(seen) == 2:
                    break
        if len(seen) < 2:  # the batch finished before a kill was possible
            proc.wait()
            break
        time.sleep(rng.uniform(0.0, 0.03))  # the load of seen[-1] takes longer than this
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        present = _check_complete_or_absent(db, names)
        assert seen[0] in present  # committed before the kill
        in_flight_lost += seen[-1] not in present
    assert in_flight_lost >= 1, "no kill landed inside a load transaction"

    summary = ingest_paths([corpus], db, extract=lambda p: make_extraction(p, figures=BIG))
    assert summary.failed == []
    assert summary.count("unchanged") == len(present)
    assert summary.count("new") == len(names) - len(present)
    assert _check_complete_or_absent(db, names) == set(names)
    con = duckdb.connect(str(db), read_only=True)
    total, distinct = con.execute("SELECT count(*), count(DISTINCT id) FROM facts").fetchone()
    interrupted = con.execute("SELECT count(*) FROM runs WHERE finished_at IS NULL").fetchone()
    con.close()
    assert total == distinct == len(names) * len(BIG)
    assert interrupted[0] >= 1  # the killed runs show as never finished


@pytest.mark.parametrize("figures", [[]])
def test_a_document_without_facts_still_counts_as_loaded(tmp_path: Path, figures) -> None:
    path = write_report(tmp_path, "empty.txt")
    summary = ingest_paths(
        [path], tmp_path / "x.duckdb", extract=lambda p: make_extraction(p, figures=figures)
    )
    assert summary.count("new") == 1 and summary.facts == 0
    assert _counts(tmp_path / "x.duckdb")["documents"] == 1


# --- end to end, with the real readers and rules -------------------------------------

CORPUS = TESTS.parent / "corpus"


@pytest.fixture(scope="module")
def real_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled demo reports (text and Word) ingested once through `baocao ingest`."""
    files = sorted((CORPUS / "txt").glob("*.txt")) + sorted((CORPUS / "docx").glob("*.docx"))[:3]
    if len(files) < 6:
        pytest.skip("the demo corpus (corpus/txt, corpus/docx) is missing")
    folder = tmp_path_factory.mktemp("real")
    batch = folder / "batch"
    batch.mkdir()
    for path in files:
        shutil.copyfile(path, batch / path.name)
    db = folder / "reference.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return batch, db


def _facts_by_document(db: Path) -> dict[str, set[tuple[str, float]]]:
    con = connect(db, read_only=True)
    try:
        rows = con.execute("SELECT document_id, id, value FROM facts").fetchall()
    finally:
        con.close()
    found: dict[str, set[tuple[str, float]]] = {}
    for doc, fact, value in rows:
        found.setdefault(doc, set()).add((fact, value))
    return found


def test_real_files_load_through_the_command(real_batch: tuple[Path, Path]) -> None:
    batch, db = real_batch
    counts = _counts(db)
    assert counts["documents"] == len(list(batch.iterdir()))
    assert counts["facts"] > 100 and counts["evidence"] >= counts["facts"]
    assert counts["reports"] == counts["documents"]
    con = connect(db, read_only=True)
    assert integrity_problems(con) == []
    received = con.execute(
        "SELECT value FROM facts f JOIN documents d ON d.id = f.document_id "
        "WHERE d.name = '004_efc8c9725471be51.txt' AND metric = 'dossier.received'"
    ).fetchall()
    con.close()
    assert received == [(937.0,)]

    again = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert again.exit_code == 0
    assert f"0 new, {counts['documents']} unchanged" in again.output
    assert _counts(db) == counts


def test_kill_9_of_the_real_command_mid_batch(real_batch: tuple[Path, Path], tmp_path) -> None:
    batch, reference_db = real_batch
    reference = _facts_by_document(reference_db)
    db = tmp_path / "baocao.duckdb"
    connect(db).close()  # schema in place: from here on, WAL writes mean loaded documents
    wal = Path(f"{db}.wal")
    proc = subprocess.Popen(
        [sys.executable, "-m", "baocao.cli", "ingest", str(batch), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 0:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed"
    time.sleep(random.uniform(0.0, 0.5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    loaded = _facts_by_document(db)
    con = connect(db, read_only=True)
    problems = integrity_problems(con)
    present = [r[0] for r in con.execute("SELECT id FROM documents").fetchall()]
    con.close()
    assert problems == []
    assert 1 <= len(present) < len(reference)
    for doc in present:  # every document there is exactly what an uninterrupted run loads
        assert loaded.get(doc, set()) == reference[doc]

    result = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{len(reference) - len(present)} new, {len(present)} unchanged" in result.output
    assert _facts_by_document(db) == reference
