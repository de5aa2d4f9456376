"""Exports read back with pandas give the dataset's own numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import BACKENDS, dataset_location
from dataset_samples import FIGURES, make_extraction, write_report

from pipeline.export import COLUMN_LABELS, EXPORTS, export_dataset
from pipeline.ingest import ingest_paths
from pipeline.review import append_correction
from pipeline.store import DatasetError, connect, run_query
from pipeline.store_schema import wide_column, wide_metrics
from schemas.metrics import BY_CODE


@pytest.fixture(scope="module", params=BACKENDS)
def dataset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two reports and a correction, in a DuckDB file and in a PostgreSQL database."""
    folder = tmp_path_factory.mktemp("export")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        write_report(corpus, name)
    db = dataset_location(request, folder)
    scales = {"a.txt": 1, "b.txt": 3}
    ingest_paths([corpus], db, extract=lambda p: make_extraction(p, scale=scales[p.name]))
    con = connect(db)
    fact = con.execute(
        "SELECT f.id FROM facts f JOIN documents d ON d.id = f.document_id "
        "WHERE f.metric = 'dossier.pending' AND d.name = 'a.txt'"
    ).fetchone()
    append_correction(con, fact[0], "correct", reviewer="Lan", new_value=8, reason="bảng 2")
    con.close()
    return db


def _sorted(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.sort_values(key).reset_index(drop=True)


def test_parquet_has_one_file_per_table_with_the_same_numbers(
    dataset: Path, tmp_path: Path
) -> None:
    written = export_dataset(dataset, "parquet", tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(f"{n}.parquet" for n in EXPORTS)
    facts = pd.read_parquet(tmp_path / "out" / "facts_effective.parquet")
    expected = run_query(dataset, "SELECT id, value FROM facts_effective")
    assert len(facts) == 2 * len(FIGURES)
    pd.testing.assert_frame_equal(
        _sorted(facts[["id", "value"]], ["id"]), _sorted(expected, ["id"]), check_dtype=False
    )
    wide = pd.read_parquet(tmp_path / "out" / "reports_wide.parquet")
    assert sorted(wide["dossier_received"]) == [937.0, 2811.0]
    assert sorted(wide["dossier_pending"]) == [8.0, 21.0]  # 7 corrected to 8
    corrections = pd.read_parquet(tmp_path / "out" / "corrections.parquet")
    assert corrections["new_value"].tolist() == [8.0]


def test_csv_reads_back_with_vietnamese_intact(dataset: Path, tmp_path: Path) -> None:
    export_dataset(dataset, "csv", tmp_path / "csv")
    facts = pd.read_csv(tmp_path / "csv" / "facts_effective.csv", encoding="utf-8-sig")
    assert "Hộ tịch" in set(facts["field"].dropna())
    expected = run_query(dataset, "SELECT id, value FROM facts_effective")
    pd.testing.assert_frame_equal(
        _sorted(facts[["id", "value"]], ["id"]), _sorted(expected, ["id"]), check_dtype=False
    )
    flags = pd.read_csv(tmp_path / "csv" / "flags.csv", encoding="utf-8-sig")
    assert flags["fact_ids"].str.startswith('["').all()


def test_workbook_has_vietnamese_labels_and_the_same_numbers(dataset: Path, tmp_path: Path) -> None:
    [target] = export_dataset(dataset, "xlsx", tmp_path / "baocao.xlsx")
    sheets = pd.read_excel(target, sheet_name=None)
    assert list(sheets)[:2] == ["Tổng hợp báo cáo", "Số liệu"]
    assert "Chuỗi Hồ sơ tiếp nhận" in sheets and "Trích dẫn" in sheets

    facts = sheets["Số liệu"]
    for label in ("Chỉ tiêu", "Mã chỉ tiêu", "Giá trị", "Đơn vị", "Lĩnh vực", "Phạm vi"):
        assert label in facts.columns
    expected = run_query(dataset, "SELECT id, metric, value FROM facts_effective")
    got = facts.rename(columns={"Mã": "id", "Mã chỉ tiêu": "metric", "Giá trị": "value"})
    pd.testing.assert_frame_equal(
        _sorted(got[["id", "metric", "value"]], ["id"]),
        _sorted(expected, ["id"]),
        check_dtype=False,
    )
    received = facts[facts["Mã chỉ tiêu"] == "dossier.received"]
    assert set(received["Chỉ tiêu"]) == {BY_CODE["dossier.received"].vi}
    assert set(received["Đơn vị"]) == {"hồ sơ"}

    evidence = sheets["Trích dẫn"]
    assert {"Trang", "Trích dẫn"} <= set(evidence.columns)
    assert evidence["Trích dẫn"].str.contains("937").any()

    wide = sheets["Tổng hợp báo cáo"]
    label = BY_CODE["dossier.received"].vi
    assert sorted(wide[label]) == [937, 2811]


def test_workbook_headers_are_unique_per_sheet() -> None:
    metric_labels = [BY_CODE[c].vi for c in wide_metrics()]
    assert len(set(metric_labels)) == len(metric_labels)
    assert not set(metric_labels) & set(COLUMN_LABELS.values())
    assert all(wide_column(c) not in COLUMN_LABELS for c in wide_metrics())


def test_an_unknown_format_is_refused(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown export format 'json'"):
        export_dataset(dataset, "json", tmp_path)
