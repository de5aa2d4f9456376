"""Documents issued and the one-stop shop's area, on sentences written the way reports do.

Each case is a small report read through the real reader; `found` is every
(metric, qualifiers, value) the figure reader gives for it, the decision table's
`documents-*` and `one-stop-area` rows reading them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import finder

from extractors.figures import FigureReader
from pipeline.extract import extract_file

COMMUNE = (
    "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\nSố: 210/BC-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n\nAn Phú, ngày 10 tháng 12 năm 2024\n\nBÁO CÁO\nCông tác cải "
    "cách hành chính năm 2024\n\nI. KẾT QUẢ THỰC HIỆN\n"
)


found = finder((FigureReader(("docs_issued", "one_stop")),), COMMUNE)


def _types(**counts: int) -> set[tuple]:
    names = {
        "qd": "Quyết định",
        "cv": "Công văn",
        "bc": "Báo cáo",
        "tt": "Tờ trình",
        "kh": "Kế hoạch",
        "tb": "Thông báo",
        "khac": "Khác",
    }
    return {("docs_issued.by_type", (("doc_type", names[k]),), v) for k, v in counts.items()}


def test_facts_record_the_decision_rows_that_read_them(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        COMMUNE + "Trong năm UBND xã đã phát hành 1.024 văn bản, trong đó 1.020 văn bản được "
        "ký số; 120 quyết định, 95 công văn. Bộ phận một cửa có diện tích 48 m2.\n",
        encoding="utf-8",
    )
    rules = {
        (f.metric, f.value, f.extractor, tuple(f.qualifiers.items()))
        for f in extract_file(path).facts
    }
    assert rules == {
        ("docs_issued.total", 1024, "figure.v1#documents-issued", ()),
        ("docs_issued.digitally_signed", 1020, "figure.v1#documents-signed", ()),
        ("docs_issued.by_type", 120, "figure.v1#documents-by-type", (("doc_type", "Quyết định"),)),
        ("docs_issued.by_type", 95, "figure.v1#documents-by-type", (("doc_type", "Công văn"),)),
        ("one_stop.area_m2", 48.0, "figure.v1#one-stop-area", ()),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "HĐND&UBND xã đã ban hành 415 văn bản gồm: 120 quyết định, 95 công văn, 60 báo cáo, "
            "40 tờ trình, 20 kế hoạch, 30 thông báo và 50 văn bản khác.",
            {("docs_issued.total", (), 415)}
            | _types(qd=120, cv=95, bc=60, tt=40, kh=20, tb=30, khac=50),
        ),
        (  # the type list in the sentence after the total, `Type: N` the other way round
            "Các bộ phận chuyển văn thư vào sổ, đóng dấu: Tổng số văn bản đi: 350 văn bản. "
            "Quyết định: 80, Công văn:150, Báo cáo: 70, Tờ trình 50.",
            {("docs_issued.total", (), 350)} | _types(qd=80, cv=150, bc=70, tt=50),
        ),
        (
            "Số văn bản do UBND xã soạn thảo, ban hành từ ngày 15/12/2023 đến ngày 15/6/2024 "
            "tổng cộng 210 văn bản; trong đó 180 văn bản thực hiện chữ ký số.",
            {("docs_issued.total", (), 210), ("docs_issued.digitally_signed", (), 180)},
        ),
        (
            "Tổng số văn bản đã phát hành: 389, trong đó: Quyết định 120, Báo cáo 95, Công văn "
            "174.",
            {("docs_issued.total", (), 389)} | _types(qd=120, bc=95, cv=174),
        ),
        (
            "Văn bản đi: 460 văn bản (ký số 452 văn bản).",
            {("docs_issued.total", (), 460), ("docs_issued.digitally_signed", (), 452)},
        ),
        (
            "Trong năm UBND phường đã phát hành 1.024 văn bản, trong đó 1.020 văn bản được ký số.",
            {("docs_issued.total", (), 1024), ("docs_issued.digitally_signed", (), 1020)},
        ),
    ],
)
def test_documents_issued(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sở Tư pháp thực hiện thẩm định 11 văn bản QPPL, góp ý 12 dự thảo văn bản QPPL.",
        "Trong năm, xã tiếp nhận 1.250 văn bản đến và xử lý kịp thời.",
        "UBND xã đã ban hành 05 văn bản chỉ đạo về công tác cải cách hành chính.",
        "Ủy ban nhân dân tỉnh ban hành 13 Quyết định QPPL.",
        "UBND xã ban hành Quyết định số 45/QĐ-UBND và Kế hoạch số 12/KH-UBND ngày 11/3/2024.",
        "Tổng số VBQPPL do địa phương ban hành: 15 văn bản.",
        "Báo cáo: 105, Thông báo: 10, Quyết định: 45.",
        "100% văn bản đi được ký số.",
        "Đã ban hành 03 Kế hoạch, 12 văn bản để triển khai các nhiệm vụ của Đề án 06.",
        "Trong năm, xã tiếp nhận 1.500 văn bản đến; số văn bản đến đã xử lý là 1.480 văn bản.",
    ],
)
def test_not_documents_issued(tmp_path: Path, text: str) -> None:
    assert found(tmp_path, text) == set()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bộ phận Tiếp nhận và trả kết quả được bố trí tại tầng 1, diện tích 48 m2.", 48.0),
        ("Phòng một cửa của UBND phường rộng khoảng 35m².", 35.0),
        ("Bộ phận một cửa có tổng diện tích là 60 mét vuông, được trang bị đầy đủ.", 60.0),
        ("Bộ phận 1 cửa xã có diện tích 40,5 m2, gồm 01 máy tính, 01 máy in.", 40.5),
        (
            "Bộ phận tiếp nhận và trả kết quả hiện đại với tổng diện tích là 40 m<sup>2</sup>;",
            40.0,
        ),
    ],
)
def test_one_stop_area(tmp_path: Path, text: str, value: float) -> None:
    assert found(tmp_path, text) == {("one_stop.area_m2", (), value)}


@pytest.mark.parametrize(
    "text",
    [
        "Hội trường UBND xã rộng 200 m2, đủ chỗ cho 150 người.",
        "Xã có 10 thôn, diện tích đất tự nhiên của xã 905,55 ha.",
        "Trụ sở UBND xã có diện tích 1.200 m2, trong đó có Bộ phận một cửa.",
        "Đề nghị cấp trên hỗ trợ kinh phí mở rộng Bộ phận một cửa lên 60 m2.",
    ],
)
def test_not_the_one_stop_area(tmp_path: Path, text: str) -> None:
    assert found(tmp_path, text) == set()
