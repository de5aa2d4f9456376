"""`baocao ingest --reextract` reads again the files an older version of the rules or
vocabulary read; a correction re-attaches only where its figure keeps the value it
corrected, and otherwise waits for a reviewer."""

from __future__ import annotations

import shutil
from pathlib import Path

from baocao import api
from pipeline.ingest import ingest_paths
from pipeline.store import connect

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpus" / "txt" / "004_efc8c9725471be51.txt"


def _fact(db: Path, metric: str) -> tuple[str, float]:
    con = connect(db, read_only=True)
    try:
        return con.execute(
            "SELECT id, value FROM facts WHERE metric = ? AND qualifiers = '{}'", [metric]
        ).fetchone()
    finally:
        con.close()


def test_reextract_reads_stale_files_again_and_corrections_follow_their_value(
    db: Path | str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DEMO, folder / DEMO.name)
    assert ingest_paths([folder], db).count("new") == 1

    kept_id, kept_value = _fact(db, "dossier.received")
    moved_id, moved_value = _fact(db, "dossier.resolved")
    api.correct(db, kept_id, reviewer="nva", new_value=kept_value + 1, reason="bảng 2")
    con = connect(db)
    # an older rule had read the resolved count otherwise; the reviewer corrected that reading
    con.execute("UPDATE facts SET value = value + 100 WHERE id = ?", [moved_id])
    con.close()
    api.correct(db, moved_id, reviewer="nva", new_value=moved_value, reason="dòng 3")
    con = connect(db)
    con.execute("UPDATE documents SET extraction_version = 'older'")
    con.close()

    assert ingest_paths([folder], db).count("unchanged") == 1  # without the flag: skipped
    summary = ingest_paths([folder], db, reextract=True)
    assert summary.count("reextracted") == 1
    assert "1 re-extracted by the current rules" in summary.render()
    assert ingest_paths([folder], db, reextract=True).count("unchanged") == 1  # now current

    effective = api.facts(db)
    values = dict(zip(effective["id"], effective["value"], strict=True))
    assert values[kept_id] == kept_value + 1  # its figure still reads what it corrected
    waiting = api.corrections(db, needs_decision=True)
    assert list(waiting["fact_id"]) == [moved_id]  # its figure reads another value now
    assert values[moved_id] == moved_value


def test_an_approximate_figure_is_stored_as_such(db: Path | str, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\nBÁO CÁO\nCông tác cải cách hành chính\n\n"
        "Trong kỳ, UBND xã tiếp nhận khoảng 120 hồ sơ.\n",
        encoding="utf-8",
    )
    ingest_paths([path], db)
    con = connect(db, read_only=True)
    try:
        rows = con.execute("SELECT metric, value, approximate FROM facts").fetchall()
    finally:
        con.close()
    assert rows == [("dossier.received", 120.0, True)]
