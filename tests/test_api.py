"""The analysts' Python API and `baocao query`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import BACKENDS, dataset_location, new_postgres_database
from dataset_samples import FIGURES, make_extraction, write_report
from rich.console import Console
from typer.testing import CliRunner

from baocao import api
from baocao.cli import app
from baocao.display import print_frame
from pipeline.ingest import ingest_paths
from pipeline.load import load_document
from pipeline.store import DatasetError

PERIODS = {  # file -> (unit name as the report spells it, period start, scale)
    "q1.txt": ("Thanh Hoá", "2023-01-01", 1),
    "q2.txt": ("Thanh Hóa", "2023-04-01", 2),
    "q3.txt": ("THANH HÓA", "2023-07-01", 3),
    "other.txt": ("Hà Tiến", "2023-04-01", 5),
}


@pytest.fixture(scope="module", params=BACKENDS)
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports loaded once per backend: a DuckDB file, a PostgreSQL database."""
    folder = tmp_path_factory.mktemp("api")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name in PERIODS:
        write_report(corpus, name, body="Tổng số cán bộ, công chức: 3 người.")

    def extract(path: Path):
        unit, start, scale = PERIODS[path.name]
        return make_extraction(path, unit_name=unit, period_start=start, scale=scale)

    db = dataset_location(request, folder)
    ingest_paths([corpus], db, extract=extract)
    return db


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the loaded dataset and its files for each test (they append
    corrections)."""
    if isinstance(template, str):
        return new_postgres_database(template.rsplit("/", 1)[0], template=template)
    shutil.copytree(template.parent, tmp_path / "copy")
    return tmp_path / "copy" / template.name


def test_facts_filters_by_metric_and_applies_corrections(db: Path) -> None:
    every = api.facts(db)
    assert len(every) == len(PERIODS) * len(FIGURES)
    received = api.facts(db, metric="dossier.received")
    assert sorted(received["value"]) == [937, 1874, 2811, 4685]
    fact_id = received.sort_values("value")["id"].iloc[0]

    correction = api.correct(db, fact_id, new_value=940, reviewer="Lan", reason="bảng 1")
    assert (correction.old_value, correction.new_value) == (937, 940)
    assert sorted(api.facts(db, metric="dossier.received")["value"]) == [940, 1874, 2811, 4685]
    raw = api.facts(db, metric="dossier.received", effective=False)
    assert sorted(raw["value"]) == [937, 1874, 2811, 4685]

    api.correct(db, fact_id, "reject", reviewer="Minh", reason="trùng")
    assert len(api.facts(db, metric="dossier.received")) == 3
    log = api.corrections(db)
    assert log["action"].tolist() == ["correct", "reject"]
    assert not log["orphaned"].any()


def test_time_series_matches_the_unit_whatever_its_spelling(db: Path) -> None:
    series = api.time_series(db, "thanh hoá", "dossier.received")
    assert series["value"].tolist() == [937, 1874, 2811]
    starts = series["period_start"].dt.strftime("%Y-%m-%d").tolist()
    assert starts == ["2023-01-01", "2023-04-01", "2023-07-01"]
    assert api.time_series(db, "Nowhere", "dossier.received").empty


def _in_corpus(paths: pd.Series) -> bool:
    """Paths are relative to a DuckDB file's folder, whole on a server database."""
    return all(Path(p).parent.name == "corpus" and p.endswith(".txt") for p in paths)


def test_wide_flags_references_documents(db: Path) -> None:
    wide = api.wide(db)
    assert len(wide) == len(PERIODS)
    assert sorted(wide["dossier_received"]) == [937, 1874, 2811, 4685]
    flags = api.flags(db, check="dossier.resolved_parts")
    assert len(flags) == len(PERIODS) and _in_corpus(flags["path"])
    assert api.flags(db, check="no.such.check").empty
    refs = api.references(db, kind="Kế hoạch")
    assert set(refs["number"]) == {"19/KH-UBND"}
    assert len(api.documents(db)) == len(PERIODS)


def test_add_fact_needs_evidence_and_a_known_metric(db: Path) -> None:
    doc = api.documents(db)["id"].iloc[0]
    with pytest.raises(DatasetError, match="needs evidence"):
        api.add_fact(db, document_id=doc, metric="staff.total", value=3, evidence=[], reviewer="L")
    with pytest.raises(DatasetError, match="unknown metric"):
        api.add_fact(
            db,
            document_id=doc,
            metric="staff.nope",
            value=3,
            reviewer="L",
            evidence=[{"start": 0, "end": 3, "quote": "3 người"}],
        )
    stored = Path(api.documents(db)["path"].iloc[0])
    text = load_document(stored if stored.is_absolute() else db.parent / stored).text
    start = text.index("3 người")
    with pytest.raises(DatasetError, match="not the document's text"):
        api.add_fact(
            db,
            document_id=doc,
            metric="staff.total",
            value=3,
            reviewer="L",
            evidence=[{"start": start, "end": start + 7, "quote": "4 người"}],
        )
    fact_id = api.add_fact(
        db,
        document_id=doc,
        metric="staff.total",
        value=3,
        reviewer="L",
        evidence=[{"start": start, "end": start + 7, "quote": "3 người"}],
    )
    added = api.facts(db, metric="staff.total")
    assert added[["id", "value", "source"]].values.tolist() == [[fact_id, 3.0, "added"]]


@pytest.mark.parametrize(
    ("fact", "kwargs", "message"),
    [
        ("nope", {"new_value": 1, "reviewer": "Lan"}, "no fact 'nope'"),
        ("dossier.received", {"new_value": 2.5, "reviewer": "Lan"}, "not a whole number"),
        ("dossier.received", {"new_value": -1, "reviewer": "Lan"}, "non-negative"),
        ("dossier.received", {"new_value": "12", "reviewer": "Lan"}, "must be a number"),
        ("dossier.received", {"new_value": 5, "reviewer": " "}, "reviewer's name"),
        ("dossier.received", {"reviewer": "Lan"}, "needs the new value"),
        ("dossier.received", {"new_value": 940, "reviewer": "Lan"}, "needs a reason"),
        ("dossier.received", {"new_value": 940, "reviewer": "Lan", "reason": "  "}, "a reason"),
    ],
)
def test_bad_corrections_are_refused(db: Path, fact, kwargs, message) -> None:
    if fact != "nope":
        fact = api.facts(db, metric=fact)["id"].iloc[0]
    with pytest.raises(DatasetError, match=message):
        api.correct(db, fact, **kwargs)
    assert api.corrections(db).empty


def test_a_rate_can_be_corrected_to_a_decimal(db: Path) -> None:
    fact = api.facts(db, metric="dossier.on_time_rate")["id"].iloc[0]
    api.correct(db, fact, new_value=97.35, reviewer="Lan", reason="bảng 2")
    row = api.facts(db, metric="dossier.on_time_rate").set_index("id").loc[fact]
    assert (row["value"], bool(row["is_integer"])) == (97.35, False)


def test_the_api_offers_no_way_to_edit_or_delete_corrections() -> None:
    public = [name for name in dir(api) if not name.startswith("_")]
    assert not [n for n in public if any(w in n for w in ("update", "delete", "remove", "edit"))]


def test_print_frame_shows_numbers_as_written(db: Path) -> None:
    buffer = io.StringIO()
    frame = pd.DataFrame({"metric": ["a", "b"], "value": [937.0, 98.8], "note": [None, "x"]})
    print_frame(frame, console=Console(file=buffer, width=80))
    out = buffer.getvalue()
    assert "937 " in out and "937.0" not in out and "98.8" in out and "2 rows" in out


def test_query_command_prints_a_table_or_csv(db: Path) -> None:
    runner = CliRunner()
    sql = "SELECT metric, count(*) AS n FROM facts GROUP BY metric ORDER BY metric LIMIT 2"
    table = runner.invoke(app, ["query", sql, "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "dossier.by_field" in table.output and "2 rows" in table.output
    csv = runner.invoke(app, ["query", sql, "--db", str(db), "--csv"])
    assert csv.output.splitlines() == ["metric,n", "dossier.by_field,4", "dossier.on_time_rate,4"]
    bad = runner.invoke(app, ["query", "SELECT * FROM nowhere", "--db", str(db)])
    assert bad.exit_code == 1 and "query failed" in bad.output and "Traceback" not in bad.output
