"""One report counted once: a report sent as TXT, DOCX and PDF, or as a draft and a final,
is one report with several documents; units of one name stay apart; periods have a type."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dataset_samples import make_extraction, write_report

from baocao import api
from pipeline.ingest import ingest_paths
from pipeline.store import DatasetError, connect, load_extraction, run_query
from pipeline.store_identity import period_type, unit_id
from schemas import Extraction

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DEMO / "pdf").is_dir():
        pytest.skip("demo corpus missing")
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(DEMO, folder / "corpus", ignore=shutil.ignore_patterns("README*"))
    db = folder / "baocao.duckdb"
    summary = ingest_paths([folder / "corpus"], db)
    assert summary.count("new") == 15
    return db


def test_the_demo_corpus_is_five_reports_of_three_documents_each(demo_db: Path) -> None:
    wide = api.wide(demo_db)
    assert len(wide) == 5
    assert set(wide["n_documents"]) == {3}
    assert set(wide["format"]) == {"pdf"}  # the preferred document of each report
    for paths in wide["report_paths"]:
        stems = {Path(p).stem for p in paths}
        assert len(stems) == 1 and sorted(Path(p).suffix for p in paths) == [
            ".docx",
            ".pdf",
            ".txt",
        ]
    counted = run_query(demo_db, "SELECT count(DISTINCT report_id) AS n FROM facts_reported")
    assert counted["n"][0] == 5
    per_report = run_query(
        demo_db,
        "SELECT count(*) AS n FROM facts_reported GROUP BY report_id, id HAVING count(*) > 1",
    )
    assert per_report.empty


def test_a_time_series_gives_each_period_once_and_names_its_document(demo_db: Path) -> None:
    with pytest.raises(DatasetError, match="mixes 2 kinds of period"):
        api.time_series(demo_db, "Thanh Hà", "dossier.received")
    quarters = api.time_series(demo_db, "Thanh Hà", "dossier.received", period_type="quarter")
    halves = api.time_series(demo_db, "thanh ha\u0300", "dossier.received", period_type="half_year")
    assert len(quarters) == 1 and len(halves) == 1
    assert quarters["path"][0].endswith("004_efc8c9725471be51.pdf")
    assert halves["path"][0].endswith("000_5d598c3cb7466002.pdf")
    assert quarters["value"][0] != halves["value"][0]


def _extraction(tmp_path: Path, name: str, **report: object) -> tuple[Extraction, str]:
    path = write_report(tmp_path, name)
    extraction = make_extraction(path, scale=int(report.pop("scale", 1)))
    for key, value in report.items():
        setattr(extraction.report, key, value)
    return extraction, name


def _load(db: Path, *items: tuple[Extraction, str]) -> None:
    con = connect(db)
    for extraction, name in items:
        load_extraction(con, extraction, name, "run-1")
    con.close()


def test_two_units_of_one_name_stay_apart(db: Path | str, tmp_path: Path) -> None:
    _load(
        db,
        _extraction(tmp_path, "town.txt", unit_type="thị trấn", district="Thanh Hà"),
        _extraction(tmp_path, "commune.txt", unit_type="xã", district="Kim Bảng", scale=2),
    )
    wide = api.wide(db)
    assert len(wide) == 2 and wide["unit_id"].nunique() == 2
    with pytest.raises(DatasetError, match="names several units.*thị trấn.*xã|xã.*thị trấn"):
        api.time_series(db, "Thanh Hà", "dossier.received")
    commune = api.time_series(db, "Thanh Hà", "dossier.received", unit_type="xã")
    assert commune["value"].tolist() == [937.0 * 2]
    assert len(api.units(db)) == 2


def test_a_draft_and_its_final_are_one_report_and_the_final_speaks_for_it(
    db: Path | str,
    tmp_path: Path,
) -> None:
    draft, _ = _extraction(tmp_path, "bc_duthao.docx", doc_number="/BC-UBND")
    draft.facts = draft.facts[:-1]  # the draft lacked one figure
    final, _ = _extraction(tmp_path, "bc.pdf", doc_number="45/BC-UBND")
    _load(db, (final, "bc.pdf"), (draft, "bc_duthao.docx"))
    rows = run_query(db, "SELECT path, rank, is_draft FROM report_documents ORDER BY rank")
    assert rows.values.tolist() == [["bc.pdf", 1, False], ["bc_duthao.docx", 2, True]]
    assert api.wide(db)["path"].tolist() == ["bc.pdf"]


def test_conflicting_numbers_or_figures_keep_reports_apart(db: Path | str, tmp_path: Path) -> None:
    _load(
        db,
        _extraction(tmp_path, "a.txt", doc_number="45/BC-UBND"),
        _extraction(tmp_path, "b.txt", doc_number="46/BC-UBND"),
        _extraction(tmp_path, "c.txt", scale=3),
    )
    assert len(api.wide(db)) == 3


def test_units_have_a_stable_id_whatever_the_spelling() -> None:
    assert unit_id("xã", "Thanh Hoá", "Kim Bảng", None) == unit_id(
        "Xã", "THANH HÓA", "kim bảng", ""
    )
    assert unit_id("xã", "Thanh Hà", None, None) != unit_id("thị trấn", "Thanh Hà", None, None)
    assert unit_id(None, None, None, None) is None


@pytest.mark.parametrize(
    ("label", "start", "end", "expected"),
    [
        ("tháng 5 năm 2023", None, None, "month"),
        ("quý II năm 2023", None, None, "quarter"),
        ("6 tháng đầu năm 2023", "2023-01-01", "2023-06-30", "half_year"),
        ("năm 2023", None, None, "year"),
        ("9 tháng năm 2023", None, None, "year_to_date"),
        ("giai đoạn 2011 - 2020", None, None, "multi_year"),
        (None, "2023-01-01", "2023-03-31", "quarter"),
        (None, "2023-01-01", "2023-09-30", "year_to_date"),
        (None, "2022-12-15", "2023-12-14", "year"),
        (None, None, None, None),
    ],
)
def test_period_types(label: str | None, start: str | None, end: str | None, expected) -> None:
    assert period_type(label, start, end) == expected


def test_reports_of_an_older_dataset_get_their_identity_when_it_is_opened(
    db: Path | str, tmp_path: Path
) -> None:
    import duckdb

    from pipeline.store import migrate
    from pipeline.store_backend import is_server, open_server

    con = open_server(db) if is_server(db) else duckdb.connect(str(db))
    migrate(con, target=2)
    for doc_id, name in (("d1", "a.docx"), ("d2", "a.pdf")):
        con.execute(
            "INSERT INTO documents (id, path, name, status, first_seen, last_seen, current) "
            "VALUES (?, ?, ?, 'ok', now(), now(), true)",
            [doc_id, name, name],
        )
        con.execute(
            "INSERT INTO reports (document_id, unit_name, unit_type, period_label, "
            "period_start, period_end, doc_number) VALUES (?, 'Thanh Hà', 'xã', "
            "'quý I năm 2024', '2024-01-01', '2024-03-31', '12/BC-UBND')",
            [doc_id],
        )
    con.close()
    wide = api.wide(db)
    assert wide[["path", "n_documents", "period_type"]].values.tolist() == [["a.pdf", 2, "quarter"]]
