"""Dossier, feedback, documents and one-stop rules on the less regular ways reports write
their figures: tables by month or year with rows by level, comparisons with another
period, counts that a rate or a fraction carries, per-level rates in parentheses, lists
by field in prose, abbreviations, and answers of `Không có` after a topic label."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import DOSSIER_FAMILY, MOTTO, finder

from extractors.figures import FigureReader


def head(unit: str, title: str, year: int = 2024) -> str:
    """A report's opening: unit, motto, date and the title naming its period."""
    return (
        f"ỦY BAN NHÂN DÂN\n{unit}\n\nSố: 45/BC-UBND\n\n{MOTTO}ngày 10 tháng 12 năm {year}\n\n"
        f"BÁO CÁO\n{title}\n\nI. KẾT QUẢ THỰC HIỆN\n\n"
    )


COMMUNE = head("XÃ TÂN LẬP", "Kết quả kiểm soát thủ tục hành chính quý II năm 2025", 2025)
WARD_YEAR = head("PHƯỜNG ĐÔNG HÒA", "Công tác cải cách hành chính năm 2024")
DISTRICT = head("HUYỆN YÊN THÀNH", "Kết quả cải cách hành chính 6 tháng đầu năm 2024")
PROVINCE = head("TỈNH BÌNH AN", "Công tác cải cách hành chính năm 2024")


found = finder(DOSSIER_FAMILY, COMMUNE)
found_other = finder((FigureReader(("docs_issued", "one_stop")),), COMMUNE)


# --- tables by month or year ------------------------------------------------------------


def test_month_columns_carry_their_period_and_the_quarter_column_none(tmp_path: Path) -> None:
    body = (
        "Bảng: kết quả giải quyết hồ sơ theo tháng\n"
        "Nội dung\tTháng 4/2025\tTháng 5/2025\tTháng 6/2025\tQuý II/2025\n"
        "Số hồ sơ tiếp nhận mới\t410\t385\t402\t1.197\n"
        "Số hồ sơ kỳ trước chuyển sang\t12\t9\t15\t12\n"
        "Số hồ sơ đã giải quyết\t413\t379\t405\t1.197\n"
        "Giải quyết trước hạn\t380\t350\t371\t1.101\n"
        "Giải quyết đúng hạn\t31\t28\t34\t93\n"
        "Giải quyết quá hạn\t2\t1\t0\t3\n"
        "Số hồ sơ đang giải quyết\t9\t15\t12\t12\n"
    )
    got = found(tmp_path, body)
    april, june = (("period", "Tháng 4/2025"),), (("period", "Tháng 6/2025"),)
    for metric, value in [
        ("dossier.received.new", 410),
        ("dossier.carried_over", 12),
        ("dossier.resolved", 413),
        ("dossier.resolved.early", 380),
        ("dossier.resolved.on_time", 31),
        ("dossier.resolved.late", 2),
        ("dossier.pending", 9),
    ]:
        assert (metric, april, value) in got
    assert ("dossier.resolved.late", june, 0) in got
    for metric, value in [
        ("dossier.received.new", 1197),
        ("dossier.resolved", 1197),
        ("dossier.resolved.early", 1101),
        ("dossier.pending", 12),
    ]:
        assert (metric, (), value) in got
    assert not any(m == "dossier.resolved" and q == () and v == 413 for m, q, v in got)
    assert len(got) == 28


def test_year_columns_the_reports_own_year_has_no_qualifier(tmp_path: Path) -> None:
    body = (
        "| Nội dung | Năm 2023 | Năm 2024 |\n"
        "|---|---|---|\n"
        "| Tổng số hồ sơ tiếp nhận | 2.310 | 2.655 |\n"
        "| Hồ sơ nộp trực tuyến | 1.020 | 1.730 |\n"
        "| Hồ sơ giải quyết quá hạn | 7 | 2 |\n"
    )
    assert found(tmp_path, body, WARD_YEAR) == {
        ("dossier.received", (("year", "2023"),), 2310),
        ("dossier.received", (), 2655),
        ("dossier.received.online", (("year", "2023"),), 1020),
        ("dossier.received.online", (), 1730),
        ("dossier.resolved.late", (("year", "2023"),), 7),
        ("dossier.resolved.late", (), 2),
    }


def test_level_rows_under_a_total_row_carry_their_scope(tmp_path: Path) -> None:
    body = (
        "| Chỉ tiêu | Năm 2023 | Năm 2024 |\n"
        "|---|---|---|\n"
        "| Số hồ sơ đã giải quyết (toàn tỉnh) | 420.100 | 455.300 |\n"
        "| - Cấp tỉnh | 80.100 | 85.300 |\n"
        "| - Cấp xã | 340.000 | 370.000 |\n"
        "| Tỷ lệ hồ sơ giải quyết đúng hạn (%) | 97,4 | 98,9 |\n"
    )
    y23 = ("year", "2023")
    assert found(tmp_path, body, PROVINCE) == {
        ("dossier.resolved", (y23,), 420100),
        ("dossier.resolved", (), 455300),
        ("dossier.resolved", (("scope", "province"), y23), 80100),
        ("dossier.resolved", (("scope", "province"),), 85300),
        ("dossier.resolved", (("scope", "commune"), y23), 340000),
        ("dossier.resolved", (("scope", "commune"),), 370000),
        ("dossier.on_time_rate", (y23,), 97.4),
        ("dossier.on_time_rate", (), 98.9),
    }


def test_status_rows_count_only_in_a_table_of_dossiers(tmp_path: Path) -> None:
    body = (
        "Nội dung\tTháng 4/2025\tTháng 5/2025\n"
        "Giải quyết trước hạn\t12\t15\n"
        "Giải quyết quá hạn\t1\t0\n"
    )
    assert found(tmp_path, body) == set()


def test_rows_by_level_with_the_reports_own_year(tmp_path: Path) -> None:
    body = (
        "Kết quả giải quyết hồ sơ của huyện:\n"
        "Cấp\tTiếp nhận\tĐã giải quyết\tQuá hạn\n"
        "Cấp huyện\t3.120\t3.050\t12\n"
        "Cấp xã\t9.480\t9.420\t4\n"
        "Tổng\t12.600\t12.470\t16\n"
    )
    got = found(tmp_path, body, DISTRICT)
    assert ("dossier.received", (("scope", "district"),), 3120) in got
    assert ("dossier.resolved.late", (("scope", "commune"),), 4) in got
    assert ("dossier.received", (), 12600) in got
    assert not any(m == "dossier.by_field" for m, _, _ in got)


# --- sentences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the figure in parentheses after `so với <period>` is that period's
            "So với tháng 3/2025 (tiếp nhận 604 hồ sơ), số hồ sơ tiếp nhận trong tháng giảm 41 "
            "hồ sơ.",
            {("dossier.received", (("period", "tháng 3/2025"),), 604)},
        ),
        (  # no words in the parentheses: the clause after them says what it counts
            "So với quý I/2025 (1.240 hồ sơ), số hồ sơ mới tiếp nhận tăng 95 hồ sơ.",
            {("dossier.received.new", (("period", "quý I/2025"),), 1240)},
        ),
        (
            "So với năm 2023 (đã giải quyết 5.400 hồ sơ), kết quả năm nay cao hơn.",
            {("dossier.resolved", (("year", "2023"),), 5400)},
        ),
        (  # a period named relatively is kept as written; its words are not the figure's
            "So với kỳ báo cáo trước (1.180 hồ sơ), số hồ sơ đã giải quyết tăng 35 hồ sơ.",
            {("dossier.resolved", (("period", "kỳ báo cáo trước"),), 1180)},
        ),
        (
            "So với cùng kỳ (tiếp nhận 870 hồ sơ), số hồ sơ tăng 64 hồ sơ.",
            {("dossier.received", (("period", "cùng kỳ"),), 870)},
        ),
        (  # the report's own figure after the comparison stays unqualified
            "So với cùng kỳ năm 2024, số hồ sơ tiếp nhận trong quý là 2.050 hồ sơ, tăng 150 hồ sơ.",
            {("dossier.received", (), 2050)},
        ),
    ],
)
def test_comparison_with_another_period(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số hồ sơ tiếp nhận qua BCCI: 9 hồ sơ.",
            {("dossier.received.postal", (), 9)},
        ),
        (
            "Số hồ sơ mới tiếp nhận: 640 hồ sơ (trực tuyến 512, trực tiếp 120, qua BCCI 8).",
            {
                ("dossier.received.new", (), 640),
                ("dossier.received.online", (), 512),
                ("dossier.received.direct", (), 120),
                ("dossier.received.postal", (), 8),
            },
        ),
        (  # still open and within its deadline: pending, not resolved on time
            "Đã giải quyết 812 hồ sơ; còn 7 hồ sơ đang trong hạn giải quyết.",
            {("dossier.resolved", (), 812), ("dossier.pending.not_due", (), 7)},
        ),
        (
            "Số hồ sơ còn trong hạn giải quyết là 3 hồ sơ.",
            {("dossier.pending.not_due", (), 3)},
        ),
        (
            "Xã tiếp nhận 950 hồ sơ (trong đó có 21 hồ sơ tồn từ năm 2023 chuyển sang).",
            {("dossier.received", (), 950), ("dossier.carried_over", (), 21)},
        ),
        (
            "Hồ sơ từ quý trước chuyển qua là 6 hồ sơ.",
            {("dossier.carried_over", (), 6)},
        ),
        (  # the count a rate's parentheses give, whatever follows it
            "Tỷ lệ hồ sơ trễ hạn 1,5% (12 hồ sơ thuộc lĩnh vực xây dựng do chờ ý kiến liên ngành).",
            {("dossier.resolved.late", (), 12)},
        ),
        (
            "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 88,4% (1.062 hồ sơ).",
            {("dossier.online_rate", (), 88.4), ("dossier.received.online", (), 1062)},
        ),
        (  # a count that names its own status in a rate's parentheses keeps it
            "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,1% (còn 4 hồ sơ trễ hạn).",
            {("dossier.on_time_rate", (), 99.1), ("dossier.resolved.late", (), 4)},
        ),
        (
            "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,8% (6 hồ sơ trễ hạn).",
            {("dossier.on_time_rate", (), 98.8), ("dossier.resolved.late", (), 6)},
        ),
        (  # a total in parentheses after the office's name is no item of a list
            "Bộ phận Một cửa tiếp nhận (1.320 hồ sơ) trong quý.",
            {("dossier.received", (), 1320)},
        ),
        (  # a difference in parentheses is no count
            "Số hồ sơ tiếp nhận tăng 12% (150 hồ sơ) so với cùng kỳ.",
            set(),
        ),
        (
            "Tổng số hồ sơ phải giải quyết trong kỳ là 2.418 hồ sơ.",
            {("dossier.received", (), 2418)},
        ),
    ],
)
def test_counts_in_less_regular_wording(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số hóa hồ sơ khi tiếp nhận đạt 99,5% (1.194/1.200 hồ sơ); số hóa kết quả giải quyết "
            "đạt 96,0% (1.152/1.200 hồ sơ).",
            {
                ("dossier.digitized_on_receipt", (), 1194),
                ("dossier.digitized_on_return", (), 1152),
            },
        ),
        (
            "- Số hồ sơ được số hóa khi tiếp nhận: 540 hồ sơ; số kết quả giải quyết được số "
            "hóa: 522.",
            {
                ("dossier.digitized_on_receipt", (), 540),
                ("dossier.digitized_on_return", (), 522),
            },
        ),
        (  # the rate of dossiers and results together is the digitisation rate
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 91,3%.",
            {("dossier.digitized_rate", (), 91.3)},
        ),
        (  # a share of dossiers not digitised is no count of digitised ones
            "Còn 12/300 hồ sơ chưa được số hóa khi tiếp nhận.",
            set(),
        ),
    ],
)
def test_digitisation_counts_and_stage_rates(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "top", "expected"),
    [
        (
            "Tỷ lệ hồ sơ giải quyết đúng hạn toàn huyện đạt 98,7% (cấp huyện đạt 97,1%, cấp xã đạt "
            "99,2%). Tỷ lệ hồ sơ trực tuyến đạt 65,3%.",
            DISTRICT,
            {
                ("dossier.on_time_rate", (), 98.7),
                ("dossier.on_time_rate", (("scope", "district"),), 97.1),
                ("dossier.on_time_rate", (("scope", "commune"),), 99.2),
                ("dossier.online_rate", (), 65.3),
            },
        ),
        (
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC: cấp huyện 81,5%; cấp xã 70,9%.",
            DISTRICT,
            {
                ("dossier.digitized_rate", (("scope", "district"),), 81.5),
                ("dossier.digitized_rate", (("scope", "commune"),), 70.9),
            },
        ),
        (
            "Tỷ lệ hồ sơ trực tuyến toàn tỉnh đạt 61,2% (các sở, ngành 84,0%, cấp huyện 55,1%, "
            "cấp xã 47,6%).",
            PROVINCE,
            {
                ("dossier.online_rate", (), 61.2),
                ("dossier.online_rate", (("scope", "departments"),), 84.0),
                ("dossier.online_rate", (("scope", "district"),), 55.1),
                ("dossier.online_rate", (("scope", "commune"),), 47.6),
            },
        ),
    ],
)
def test_rates_per_level_in_parentheses(tmp_path: Path, text: str, top: str, expected) -> None:
    assert found(tmp_path, text, top) == expected


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "Lĩnh vực có nhiều hồ sơ tiếp nhận nhất là Đất đai (188 hồ sơ), Chứng thực (120 hồ sơ) "
            "và Hộ tịch (96 hồ sơ).",
            {"Đất đai": 188, "Chứng thực": 120, "Hộ tịch": 96},
        ),
        (
            "Theo lĩnh vực: Hộ tịch: 410 hồ sơ, Chứng thực: 233 hồ sơ, Đất đai 61 hồ sơ, các lĩnh "
            "vực khác 18 hồ sơ.",
            {"Hộ tịch": 410, "Chứng thực": 233, "Đất đai": 61, "khác": 18},
        ),
        (  # late dossiers by field are not dossiers received by field
            "Có 05 hồ sơ trễ hạn thuộc lĩnh vực Đất đai (03 hồ sơ) và Xây dựng (02 hồ sơ).",
            {},
        ),
        (  # names in parentheses outside a sentence about fields
            "Bộ phận một cửa đã hỗ trợ Hội Nông dân (12 hồ sơ) và Đoàn Thanh niên (8 hồ sơ).",
            {},
        ),
    ],
)
def test_dossiers_by_field_in_prose(tmp_path: Path, text: str, fields: dict) -> None:
    got = found(tmp_path, text)
    assert {dict(q)["field"]: v for m, q, v in got if m == "dossier.by_field"} == fields
    assert not any(m == "dossier.received" for m, _, _ in got)


# --- feedback, documents and the one-stop shop -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phản ánh, kiến nghị về quy định hành chính: Không có.", {0}),
        ("- Tiếp nhận, xử lý phản ánh, kiến nghị: Không có.", {0}),
        ("3. Công tác tiếp nhận PAKN: Không.", {0}),
        ("- Khiếu nại, tố cáo: Không có.", set()),
        ("- Kiến nghị của cử tri về giao thông nông thôn: Không có.", set()),
    ],
)
def test_feedback_answered_none_after_a_topic_label(tmp_path: Path, text: str, expected) -> None:
    got = found(tmp_path, text)
    assert {v for m, _, v in got if m == "feedback.received"} == expected
    assert all(m == "feedback.received" for m, _, _ in got)


def test_a_portal_or_hotline_number_is_no_count(tmp_path: Path) -> None:
    body = (
        "Tổng số phản ánh, kiến nghị tiếp nhận trong quý: 04 (qua Cổng 1022: 03; trực tiếp: "
        "01); đã xử lý: 04."
    )
    got = found(tmp_path, body)
    assert ("feedback.received", (), 4) in got
    assert not any(v == 1022 for _, _, v in got)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Bộ phận Tiếp nhận và trả kết quả được bố trí tại tầng 1 trụ sở UBND xã, diện tích "
            "khoảng 52 m2.",
            52.0,
        ),
        (
            "Bộ phận Một cửa gồm 05 người (04 công chức và 01 nhân viên bưu điện), đặt tại tầng "
            "trệt trụ sở, diện tích sử dụng 38m², có đủ máy tính.",
            38.0,
        ),
        ("Bộ phận một cửa ở trong khuôn viên nhà văn hóa, rộng 30 m2.", 30.0),
    ],
)
def test_one_stop_area_beside_where_it_sits(tmp_path: Path, text: str, value: float) -> None:
    assert found_other(tmp_path, text) == {("one_stop.area_m2", (), value)}


@pytest.mark.parametrize(
    "text",
    [
        "Bộ phận một cửa đặt tại trụ sở UBND xã, trụ sở có diện tích 900 m2.",
        "Bộ phận một cửa được bố trí tại tầng 1, hội trường rộng 150 m2 dùng chung.",
    ],
)
def test_one_stop_area_of_another_room(tmp_path: Path, text: str) -> None:
    assert found_other(tmp_path, text) == set()
