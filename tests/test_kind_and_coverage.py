"""What a document is, and what no rule claimed: the report kind keeps dossier figures out
of documents that report no reform results, and every unclaimed figure is listed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extraction import COMMUNE, MOTTO

from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent

APPLICATION = (
    "UBND TỈNH BÌNH AN\nSỞ NỘI VỤ\n\nSố: 12/TTr-SNV\n\n" + MOTTO + "Bình An, ngày 3 tháng 5 năm "
    "2025\n\nTỜ TRÌNH\nVề việc cho phép thành lập Hội Làm vườn tỉnh\n\nSở Nội vụ nhận được Đơn "
    "đề nghị thành lập Hội của Ban vận động, kèm theo hồ sơ như sau: 1. Về sự cần thiết thành "
    "lập Hội. Hội có 120 hội viên đăng ký.\n"
)


def test_an_application_is_no_reform_report_and_counts_no_dossiers(tmp_path: Path) -> None:
    path = tmp_path / "totrinh.txt"
    path.write_text(APPLICATION, encoding="utf-8")
    result = extract_file(path)
    assert (result.report.document_kind, result.report.reform_report) == ("tờ trình", False)
    assert result.facts == []


def test_a_reform_report_is_one(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(COMMUNE + "Trong kỳ, UBND xã tiếp nhận 120 hồ sơ.\n", encoding="utf-8")
    result = extract_file(path)
    assert (result.report.document_kind, result.report.reform_report) == ("báo cáo", True)
    assert [(f.metric, f.value) for f in result.facts] == [("dossier.received", 120)]


def test_unclaimed_figures_are_listed_with_their_label(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    body = "Trong kỳ, UBND xã tiếp nhận 120 hồ sơ. Xã đã trồng 35 cây xanh tại trụ sở.\n"
    path.write_text(COMMUNE + body, encoding="utf-8")
    result = extract_file(path)
    assert [(u["value"], u["unit"], u["label"]) for u in result.unclaimed] == [
        (35, "other", "Xã đã trồng")
    ]
    (item,) = result.unclaimed
    assert item["surface"] == "35"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "baocao.cli", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_extract_json_and_coverage_report_the_unclaimed(tmp_path: Path) -> None:
    for name, count in (("a.txt", "35"), ("b.txt", "12")):
        body = f"Trong kỳ, UBND xã tiếp nhận 120 hồ sơ. Xã đã trồng {count} cây xanh.\n"
        (tmp_path / name).write_text(COMMUNE + body, encoding="utf-8")
    run = _run("extract", str(tmp_path / "a.txt"), "--json")
    assert run.returncode == 0, run.stderr
    line = json.loads(run.stdout)
    assert [u["value"] for u in line["unclaimed"]] == [35]
    run = _run("coverage", str(tmp_path), "--top", "5")
    assert run.returncode == 0, run.stderr
    assert "2 document(s): 2 figures claimed by a fact, 2 unclaimed" in run.stdout
    assert "    2  other      Xã đã trồng" in run.stdout
