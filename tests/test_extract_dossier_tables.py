"""Dossier rules on tables as reports lay them out: Word tables made with python-docx (results
by field, statistics by section, the official form with merged headers, rows by level,
month or office) and tables flattened into text.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from extraction import COMMUNE_Q3, DOSSIER_FAMILY, finder, found_in

from extractors import dossier
from extractors.dossier_table import column_metrics
from extractors.dossier_terms import find_terms

found = finder(DOSSIER_FAMILY, COMMUNE_Q3)


def _docx(tmp_path: Path, head: list[str], rows: list[list[str]], tail: list[str] = ()) -> Path:
    document = docx.Document()
    for line in head:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for i, row in enumerate(rows):
        for k, value in enumerate(row):
            table.cell(i, k).text = value
    for line in tail:
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(path)
    return path


def test_results_table_fields_and_total(tmp_path: Path) -> None:
    rows = [
        ["Lĩnh vực", "Số hồ sơ tiếp nhận", "Đã giải quyết", "", "Đang giải quyết", ""],
        ["", "", "Trước hạn", "Đúng hạn", "Trong hạn", "Quá hạn"],
        ["1. Hộ tịch", "410", "400", "10", "0", "0"],
        ["2. Chứng thực", "1.205", "1.200", "3", "2", "0"],
        ["Tổng cộng", "1.615", "1.600", "13", "2", "0"],
    ]
    path = _docx(tmp_path, ["UBND XÃ AN PHÚ", "Kết quả giải quyết TTHC quý III năm 2024"], rows)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.by_field", (("field", "Hộ tịch"),), 410),
        ("dossier.by_field", (("field", "Chứng thực"),), 1205),
        ("dossier.received", (), 1615),
        ("dossier.resolved.early", (), 1600),
        ("dossier.resolved.on_time", (), 13),
        ("dossier.pending.not_due", (), 2),
        ("dossier.pending.overdue", (), 0),
    }


def test_statistics_table_rows_with_section_scope(tmp_path: Path) -> None:
    rows = [
        ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
        [
            "3.1",
            "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn",
            "%",
            "96,1",
        ],
        ["3.1.1", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", "10.250"],
        ["3.2", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn", "%", "99,02"],
        ["3.2.1", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", "20.400"],
        [
            "3.3.1",
            "Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan khác chuyển đến)",
            "PAKN",
            "57",
        ],
        ["3.3.2", "Số PAKN đã giải quyết xong", "PAKN", "55"],
        ["4.3", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "81,4"],
        [
            "4.3.1",
            "Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)",
            "Hồ sơ",
            "9.000",
        ],
        ["4.5", "Tỷ lệ TTHC được triển khai thanh toán trực tuyến", "%", "100"],
    ]
    path = _docx(tmp_path, ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH AN", "BÁO CÁO"], rows)
    dep, com = (("scope", "departments"),), (("scope", "commune"),)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.on_time_rate", dep, 96.1),
        ("dossier.resolved", dep, 10250),
        ("dossier.on_time_rate", com, 99.02),
        ("dossier.resolved", com, 20400),
        ("feedback.received", (), 57),
        ("feedback.resolved", (), 55),
        ("dossier.online_rate", (("level", "4"),), 81.4),
    }


def test_year_columns_give_year_qualifiers(tmp_path: Path) -> None:
    body = (
        "Phụ lục\n"
        "STT\tChỉ tiêu\tNăm 2021\tNăm 2022\tNăm 2023\n"
        "1.\tTỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn\t97,5\t98,8\t100\n"
        "2.\tSố lượng TTHC thực hiện việc tiếp nhận tại Bộ phận Một cửa\t130\t134\t162\n"
    )
    assert found(tmp_path, body) == {
        ("dossier.on_time_rate", (("year", "2021"),), 97.5),
        ("dossier.on_time_rate", (("year", "2022"),), 98.8),
        ("dossier.on_time_rate", (("year", "2023"),), 100.0),
    }


def test_flattened_results_table(tmp_path: Path) -> None:
    body = (
        "Kết quả giải quyết TTHC năm 2024 (số liệu tính từ 01/01/2024 đến 20/9/2024).\n"
        "Số hồ sơ\ngiải quyết xong\nSố hồ sơ\ncòn tồn tại\nLĩnh vực\nSố\nTTHC\n"
        "Số hồ sơ\ntiếp nhận\nĐúng hẹn\nChưa đến\nhẹn\nQuá hẹn\n"
        "1. Hộ tịch 1.102 1.100 2 0\n"
        "2. Lĩnh vực đất đai 35 30 4 1\n"
        "3. Quân sự\n"
        "4. Công an 0 0\n"
        "Tổng cộng: 1.137 1.130 6 1\n"
        "Tổng số phản ánh, kiến nghị về thủ tục hành chính: Không có\n"
    )
    assert found(tmp_path, body) == {
        ("dossier.by_field", (("field", "Hộ tịch"),), 1102),
        ("dossier.by_field", (("field", "đất đai"),), 35),
        ("dossier.by_field", (("field", "Công an"),), 0),
        ("dossier.received", (), 1137),
        ("dossier.resolved.on_time", (), 1130),
        ("dossier.pending.not_due", (), 6),
        ("dossier.pending.overdue", (), 1),
        ("feedback.received", (), 0),
    }


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Số TTHC", "Số hồ sơ tiếp nhận", "Số hồ sơ giải quyết xong Đúng hẹn",
             "Còn tồn Chưa đến hẹn", "Quá hẹn"],
            [None, "dossier.received", "dossier.resolved.on_time", "dossier.pending.not_due",
             "dossier.pending.overdue"],
        ),
        (
            ["Tiếp nhận", "Trước hạn", "Đúng hạn", "Quá hạn"],
            ["dossier.received", "dossier.resolved.early", "dossier.resolved.on_time",
             "dossier.resolved.late"],
        ),
        (
            ["Tổng số hồ sơ", "Đã giải quyết", "Đang giải quyết Quá hạn"],
            ["dossier.received", "dossier.resolved", "dossier.pending.overdue"],
        ),
        (  # a PDF's narrow cells break words across their lines
            ["Số hồ sơ nhận giải quyết Tổn g số", "Trả trư ớc hạn", "Trả đún g thời hạn",
             "Số hồ sơ đang giải quyết Ch ưa đến hạn", "Qu á hạn"],
            ["dossier.received", "dossier.resolved.early", "dossier.resolved.on_time",
             "dossier.pending.not_due", "dossier.pending.overdue"],
        ),
    ],
)  # fmt: skip
def test_column_headers(headers: list[str], expected: list) -> None:
    assert column_metrics(headers) == expected


def test_status_words_are_found_inside_one_segmenter_token() -> None:
    text = "hồ sơ quá hạn đang giải quyết là 0, hồ sở trực tuyển 5"
    labels = [t.label for t in find_terms(text, 0, len(text))]
    assert "LATE" in labels and "PENDING" in labels and "ONLINE" in labels


def test_official_form_table_with_merged_headers(tmp_path: Path) -> None:
    """The official results form: three header rows with cells merged across and down."""
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN XÃ AN PHÚ")
    document.add_paragraph("Kết quả giải quyết thủ tục hành chính quý III năm 2024")
    table = document.add_table(rows=6, cols=13)
    header = [
        ["STT", "Lĩnh vực, công việc giải quyết", "Số hồ sơ nhận giải quyết", "", "", "",
         "Kết quả giải quyết", "", "", "", "", "", ""],
        ["", "", "Tổng số", "Trong đó", "", "Số từ kỳ trước chuyển qua",
         "Số hồ sơ đã giải quyết", "", "", "", "Số hồ sơ đang giải quyết", "", ""],
        ["", "", "", "Số mới tiếp nhận trực tuyến", "Số mới tiếp nhận trực tiếp", "",
         "Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn", "Tổng số",
         "Chưa đến hạn", "Quá hạn"],
        ["1", "Hộ tịch", "500", "300", "190", "10", "498", "450", "40", "8", "2", "2", "0"],
        ["2", "Chứng thực", "1.210", "10", "1.200", "0", "1.210", "1.210", "0", "0", "0", "0",
         "0"],
        ["", "Tổng cộng", "1.710", "310", "1.390", "10", "1.708", "1.660", "40", "8", "2", "2",
         "0"],
    ]  # fmt: skip
    for i, row in enumerate(header):
        for k, value in enumerate(row):
            if value:
                table.cell(i, k).text = value
    for (r1, c1), (r2, c2) in [
        ((0, 0), (2, 0)), ((0, 1), (2, 1)), ((0, 2), (0, 5)), ((0, 6), (0, 12)),
        ((1, 2), (2, 2)), ((1, 3), (1, 4)), ((1, 5), (2, 5)), ((1, 6), (1, 9)),
        ((1, 10), (1, 12)),
    ]:  # fmt: skip
        table.cell(r1, c1).merge(table.cell(r2, c2))
    path = tmp_path / "form.docx"
    document.save(path)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.by_field", (("field", "Hộ tịch"),), 500),
        ("dossier.by_field", (("field", "Chứng thực"),), 1210),
        ("dossier.received", (), 1710),
        ("dossier.received.online", (), 310),
        ("dossier.received.direct", (), 1390),
        ("dossier.carried_over", (), 10),
        ("dossier.resolved", (), 1708),
        ("dossier.resolved.early", (), 1660),
        ("dossier.resolved.on_time", (), 40),
        ("dossier.resolved.late", (), 8),
        ("dossier.pending", (), 2),
        ("dossier.pending.not_due", (), 2),
        ("dossier.pending.overdue", (), 0),
    }


def test_results_table_of_one_unlabelled_row(tmp_path: Path) -> None:
    header = ["Tổng số hồ sơ tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn"]
    rows = [[*header, "Đang giải quyết"], ["1.234", "1.200", "1.000", "190", "10", "34"]]
    path = _docx(tmp_path, ["UBND XÃ AN PHÚ", "Kết quả giải quyết TTHC quý III năm 2024"], rows)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.received", (), 1234),
        ("dossier.resolved", (), 1200),
        ("dossier.resolved.early", (), 1000),
        ("dossier.resolved.on_time", (), 190),
        ("dossier.resolved.late", (), 10),
        ("dossier.pending", (), 34),
    }


def test_statistics_rows_detailed_by_dash_items(tmp_path: Path) -> None:
    rows = [
        ["Nội dung", "Số lượng"],
        ["Tổng số hồ sơ tiếp nhận", "1.234"],
        ["Số hồ sơ đã giải quyết", "1.200"],
        ["- Trước hạn", "1.000"],
        ["- Quá hạn", "10"],
        ["Số hồ sơ đang giải quyết", "34"],
        ["- Trong hạn", "30"],
        ["- Quá hạn", "4"],
    ]
    path = _docx(tmp_path, ["UBND XÃ AN PHÚ", "Kết quả giải quyết TTHC quý III năm 2024"], rows)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.received", (), 1234),
        ("dossier.resolved", (), 1200),
        ("dossier.resolved.early", (), 1000),
        ("dossier.resolved.late", (), 10),
        ("dossier.pending", (), 34),
        ("dossier.pending.not_due", (), 30),
        ("dossier.pending.overdue", (), 4),
    }


def test_results_table_rows_by_level_carry_scopes(tmp_path: Path) -> None:
    rows = [
        ["Cấp", "Số hồ sơ tiếp nhận", "Đã giải quyết", "Trễ hạn"],
        ["Các sở, ngành", "125.000", "120.000", "2.000"],
        ["Cấp xã", "240.000", "238.000", "1.000"],
        ["Tổng cộng", "365.000", "358.000", "3.000"],
    ]
    path = _docx(tmp_path, ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH AN", "BÁO CÁO"], rows)
    dep, com = (("scope", "departments"),), (("scope", "commune"),)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.received", dep, 125000),
        ("dossier.resolved", dep, 120000),
        ("dossier.resolved.late", dep, 2000),
        ("dossier.received", com, 240000),
        ("dossier.resolved", com, 238000),
        ("dossier.resolved.late", com, 1000),
        ("dossier.received", (), 365000),
        ("dossier.resolved", (), 358000),
        ("dossier.resolved.late", (), 3000),
    }


def test_results_table_rows_by_month_and_by_office(tmp_path: Path) -> None:
    months = [
        ["Tháng", "Số hồ sơ tiếp nhận", "Đã giải quyết"],
        ["Tháng 7", "300", "298"],
        ["Tháng 8", "320", "319"],
        ["Tổng cộng", "620", "617"],
    ]
    path = _docx(tmp_path, ["UBND XÃ AN PHÚ", "Kết quả giải quyết TTHC quý III năm 2024"], months)
    july, august = (("period", "Tháng 7"),), (("period", "Tháng 8"),)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.received", july, 300),
        ("dossier.resolved", july, 298),
        ("dossier.received", august, 320),
        ("dossier.resolved", august, 319),
        ("dossier.received", (), 620),
        ("dossier.resolved", (), 617),
    }
    offices = [
        ["Đơn vị", "Số hồ sơ tiếp nhận", "Đã giải quyết"],
        ["Sở Tư pháp", "3.000", "2.990"],
        ["Sở Xây dựng", "1.200", "1.150"],
    ]
    path = _docx(tmp_path, ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH AN"], offices)
    assert found_in(dossier.EXTRACTORS, path) == set()


def test_column_numbers_of_a_form_are_not_figures(tmp_path: Path) -> None:
    rows = [
        ["STT", "Lĩnh vực", "Số hồ sơ nhận giải quyết (1)", "Đã giải quyết (2)", "Trả quá hạn (3)"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "Hộ tịch", "200", "198", "0"],
        ["", "Tổng số", "200", "198", "0"],
    ]
    path = _docx(tmp_path, ["UBND XÃ AN PHÚ", "Kết quả giải quyết TTHC quý III năm 2024"], rows)
    assert found_in(dossier.EXTRACTORS, path) == {
        ("dossier.by_field", (("field", "Hộ tịch"),), 200),
        ("dossier.received", (), 200),
        ("dossier.resolved", (), 198),
        ("dossier.resolved.late", (), 0),
    }
