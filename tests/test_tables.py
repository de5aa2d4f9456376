"""The table reader against the report's own period and levels: month, quarter and year
columns carry their time only when it is not the report's own; level rows (`- Cấp huyện`)
and whole rows (`Tổng cộng`) take what they count from the column or the row above."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.common import table_values
from pipeline.load import load_document
from schemas import Document


def _doc(tmp_path: Path, text: str, name: str = "report.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def _times(doc: Document) -> dict[tuple[str, int], dict[str, str]]:
    return {(v.label, v.value): v.time_qualifiers for v in table_values(doc)}


def test_month_columns_carry_their_period_and_the_reports_quarter_none(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "BÁO CÁO\nKết quả kiểm soát thủ tục hành chính quý II năm 2024\n\n"
        "Chỉ tiêu\tTháng 4/2024\tTháng 5/2024\tTháng 6/2024\tQuý II/2024\n"
        "Số hồ sơ tiếp nhận\t410\t388\t402\t1.200\n",
    )
    assert _times(doc) == {
        ("Số hồ sơ tiếp nhận", 410): {"period": "Tháng 4/2024"},
        ("Số hồ sơ tiếp nhận", 388): {"period": "Tháng 5/2024"},
        ("Số hồ sơ tiếp nhận", 402): {"period": "Tháng 6/2024"},
        ("Số hồ sơ tiếp nhận", 1200): {},
    }


def test_yearless_quarter_columns_in_a_yearly_report(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "BÁO CÁO\nCông tác cải cách hành chính năm 2022\n\n"
        "| Nội dung | Quý I | Quý II | Cả năm |\n|---|---|---|---|\n"
        "| Số hồ sơ giải quyết | 95 | 120 | 431 |\n",
    )
    assert _times(doc) == {
        ("Số hồ sơ giải quyết", 95): {"period": "Quý I"},
        ("Số hồ sơ giải quyết", 120): {"period": "Quý II"},
        ("Số hồ sơ giải quyết", 431): {},
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Công tác cải cách hành chính năm 2021", {1203: {"year": "2020"}, 1350: {}}),
        # a monthly report: its month's column is its own, the month before is not
        (
            "Công tác kiểm soát TTHC tháng 3 năm 2021 (số liệu từ 15/02/2021 đến 14/3/2021)",
            {1203: {"year": "2020"}, 1350: {"year": "2021"}},
        ),
        # no period known: every year column keeps its year
        ("Công tác cải cách hành chính", {1203: {"year": "2020"}, 1350: {"year": "2021"}}),
    ],
)
def test_year_columns_qualify_only_other_years(tmp_path: Path, title: str, expected) -> None:
    doc = _doc(
        tmp_path,
        f"BÁO CÁO\n{title}\n\n| Chỉ tiêu | Năm 2020 | Năm 2021 |\n|---|---|---|\n"
        "| Tổng số hồ sơ tiếp nhận | 1.203 | 1.350 |\n",
    )
    assert {v.value: v.time_qualifiers for v in table_values(doc)} == expected


def test_level_rows_take_their_subject_from_the_column_or_the_row_above(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "BÁO CÁO\n\n| Chỉ tiêu | Số lượng |\n|---|---|\n"
        "| Tổng số hồ sơ đã giải quyết | 9.800 |\n| - Cấp huyện | 2.100 |\n| - Cấp xã | 7.700 |\n"
        "\nCấp\tSố hồ sơ tiếp nhận\tĐã giải quyết\n"
        "Cấp huyện\t3.100\t3.000\nCấp xã\t6.900\t6.850\nTổng cộng\t10.000\t9.850\n",
    )
    got = {v.value: (v.level, v.whole, v.subject) for v in table_values(doc)}
    assert got[9800] == (None, False, "Tổng số hồ sơ đã giải quyết")
    assert got[2100][:2] == ("district", False)
    assert got[2100][2].startswith("Tổng số hồ sơ đã giải quyết")
    assert got[7700][0] == "commune"
    assert got[3100] == ("district", False, "Số hồ sơ tiếp nhận")
    assert got[6850] == ("commune", False, "Đã giải quyết")
    assert got[10000] == (None, True, "Số hồ sơ tiếp nhận")


def test_same_period_of_another_year_is_that_year_and_the_period_before_another_period(
    tmp_path: Path,
) -> None:
    doc = _doc(
        tmp_path,
        "BÁO CÁO\nKết quả kiểm soát thủ tục hành chính quý III năm 2023\n\n"
        "UBND xã An Phú báo cáo kết quả quý III năm 2023 như sau:\n\n"
        "| Chỉ tiêu | Kỳ trước | Kỳ này | Cùng kỳ năm 2022 |\n|---|---|---|---|\n"
        "| Số hồ sơ tiếp nhận | 812 | 905 | 760 |\n",
    )
    assert {v.value: v.time_qualifiers for v in table_values(doc)} == {
        812: {"period": "Kỳ trước"},
        905: {},
        760: {"year": "2022"},
    }
