"""The workbook as a person sees it: rendered by LibreOffice (as PDF and as the text of
each sheet), not read back by the library that wrote it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from dataset_samples import make_extraction, write_report

from pipeline.export import export_dataset
from pipeline.ingest import ingest_paths

# every sheet as CSV, cells as shown (formats applied), UTF-8
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rendered")
    corpus = folder / "corpus"
    corpus.mkdir()
    units = {"a.txt": ("Thanh Hà", 1), "b.txt": ("Hà Tiến", 3)}
    for name in units:
        write_report(corpus, name)

    def extract(path: Path):
        unit, scale = units[path.name]
        return make_extraction(path, unit_name=unit, scale=scale)

    db = folder / "baocao.duckdb"
    ingest_paths([corpus], db, extract=extract)
    [target] = export_dataset(db, "xlsx", folder / "baocao.xlsx")
    return target


def _convert(soffice: str, source: Path, to: str, out: Path) -> None:
    out.mkdir(exist_ok=True)
    profile = out / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def test_each_sheet_shows_dates_words_and_numbers_as_a_person_reads_them(
    soffice: str, workbook: Path, tmp_path: Path
) -> None:
    _convert(soffice, workbook, ALL_SHEETS_CSV, tmp_path)
    sheets = {p.stem.removeprefix("baocao-"): p for p in tmp_path.glob("baocao-*.csv")}
    assert "Tổng hợp báo cáo" in sheets and "Chuỗi Hồ sơ tiếp nhận" in sheets
    summary = sheets["Tổng hợp báo cáo"].read_text(encoding="utf-8").splitlines()
    assert len(summary) == 3  # the header and one row per report
    assert summary[0].startswith("Đơn vị báo cáo,Loại đơn vị")
    assert "Thanh Hà" in summary[2] and "15/03/2023" in summary[2] and "15/06/2023" in summary[2]
    assert ",937," in summary[2] and "đọc đủ" in summary[2]
    series = sheets["Chuỗi Hồ sơ tiếp nhận"].read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[1] for line in series[1:]] == ["Hà Tiến", "Thanh Hà"]
    everything = "\n".join(p.read_text(encoding="utf-8") for p in sheets.values())
    for code in ("unreviewed", "extracted", "half_year", "quarter", ",True,", ",False,"):
        assert code not in everything, code
    assert '{"' not in everything and "[{" not in everything  # no raw JSON
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", everything)  # times of the runs
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", everything)  # no ISO text dates


def test_the_printed_workbook_has_no_cell_too_narrow_for_its_value(
    soffice: str, workbook: Path, tmp_path: Path
) -> None:
    _convert(soffice, workbook, "pdf", tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "baocao.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "Thanh Hà" in text and "15/03/2023" in text
    assert "###" not in text


def test_every_sheet_has_a_filter_and_the_summary_comes_first(workbook: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames[0] == "Tổng hợp báo cáo"
    for sheet in book.worksheets:
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
