"""Staffing rules on sentences written the way reports write them, read by the real reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import CLOSING_PROVINCE, PROVINCE, STAFF_FAMILY, finder

from extractors import staffing

found = finder(STAFF_FAMILY)


def test_extractor_ids_are_versioned() -> None:
    assert [e.id for e in staffing.EXTRACTORS] == ["staff.sentence.v1", "staff.table.v1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổng số cán bộ, công chức xã là 21 người. Trong đó cán bộ 10 người, công chức "
            "11 người.",
            {("staff.total", (), 21), ("staff.cadres", (), 10), ("staff.civil_servants", (), 11)},
        ),
        (
            "- Tổng số cán bộ công chức của phường Bắc Sơn hiện có là 19 người.",
            {("staff.total", (), 19)},
        ),
        (
            "Hiện nay, số cán bộ công chức của thị trấn là 20, hợp đồng trong biên chế là 03.",
            {("staff.total", (), 20), ("staff.contract", (), 3)},
        ),
        (
            "- Tổng số biên chế được giao: 22.  Số hiện có: 19.\n+ Cán bộ 11\n+ công chức 8.",
            {
                ("staff.quota", (), 22),
                ("staff.total", (), 19),
                ("staff.cadres", (), 11),
                ("staff.civil_servants", (), 8),
            },
        ),
        (
            "Tổng số CBCC của xã gồm 23 đồng chí, trong đó gồm 11 cán bộ và 12 công chức.",
            {("staff.total", (), 23), ("staff.cadres", (), 11), ("staff.civil_servants", (), 12)},
        ),
        (
            "Tổng số cán bộ không chuyên trách của xã hiện có 08 đồng chí.",
            {("staff.part_time", (), 8)},
        ),
        (
            "Tổng số người hoạt động không chuyên trách ở tổ dân phố hiện có 35 người.",
            {("staff.part_time", (("level", "village"),), 35)},
        ),
        (
            "Số người được cử đi đào tạo, bồi dưỡng chuyên môn, chính trị trong năm 2022 là "
            "7 người.",
            {("staff.trained", (), 7)},
        ),
        (
            "Bộ phận một cửa xã gồm 05 cán bộ, công chức chuyên môn do đồng chí Phó Chủ tịch "
            "phụ trách.",
            {("staff.one_stop", (), 5)},
        ),
        (
            "Số lượng thành viên Bộ phận Tiếp nhận và trả kết quả phường gồm có 09 cán bộ, "
            "công chức.",
            {("staff.one_stop", (), 9)},
        ),
        (
            "Bộ phận trực và giải quyết TTHC gồm 07 người: chủ tịch UBND xã làm trưởng bộ phận.",
            {("staff.one_stop", (), 7)},
        ),
        (
            "- Tình hình tổ chức và hoạt động của bộ phận một cửa:\nBộ phận 1 cửa xã có diện tích "
            "35 m2, gồm 02 máy tính.\nVề nhân sự: Có 02 Công chức Tư pháp – Hộ tịch.",
            {("staff.one_stop", (), 2)},
        ),
    ],
)
def test_sentence_forms(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đội ngũ cán bộ, công chức phường hiện có 22 đồng chí.",
            {("staff.total", (), 22)},
        ),
        (
            "- Cán bộ, công chức: 20 người (9 cán bộ, 11 công chức).",
            {("staff.total", (), 20), ("staff.cadres", (), 9), ("staff.civil_servants", (), 11)},
        ),
        (
            "Hiện nay, thị trấn có 19 cán bộ, công chức.",
            {("staff.total", (), 19)},
        ),
        (
            "Tổng số cán bộ, công chức năm 2023 là 21 người.",
            {("staff.total", (), 21)},
        ),
        (
            "Biên chế được giao năm 2023: 23 người.",
            {("staff.quota", (), 23)},
        ),
        (
            "Hiện nay UBND xã có 22 cán bộ, công chức (11 cán bộ, 11 công chức) và 15 người hoạt "
            "động không chuyên trách.",
            {
                ("staff.total", (), 22),
                ("staff.cadres", (), 11),
                ("staff.civil_servants", (), 11),
                ("staff.part_time", (), 15),
            },
        ),
        (
            "Tổng số biên chế cán bộ, công chức được giao năm 2022 là 23; hiện có 21.",
            {("staff.quota", (), 23), ("staff.total", (), 21)},
        ),
        (
            "Tổng số cán bộ, công chức phường được giao là 23 biên chế, hiện có 22 người (cán bộ "
            "11, công chức 11); thiếu 01 công chức Văn hóa - Xã hội.",
            {
                ("staff.quota", (), 23),
                ("staff.total", (), 22),
                ("staff.cadres", (), 11),
                ("staff.civil_servants", (), 11),
            },
        ),
        (
            "Xã được giao 21 biên chế, hiện có 20 người.",
            {("staff.quota", (), 21), ("staff.total", (), 20)},
        ),
        (
            "Người hoạt động không chuyên trách cấp xã: 12 người; ở thôn: 45 người.",
            {("staff.part_time", (), 12), ("staff.part_time", (("level", "village"),), 45)},
        ),
        (
            "Trình độ chuyên môn: Đại học 18/21 (chiếm 85,7%), Cao đẳng 1/21, Trung cấp 2/21.",
            {
                ("staff.edu", (("level", "university"),), 18),
                ("staff.edu", (("level", "college"),), 1),
                ("staff.edu", (("level", "intermediate"),), 2),
            },
        ),
        ("Có 05 cán bộ, công chức được cử đi học đại học.", {("staff.trained", (), 5)}),
        (
            "Tổng số cán bộ, công chức: 21/23 (thiếu 02 công chức).",
            {("staff.total", (), 21)},
        ),
        (
            "Bộ phận một cửa xã có 06 cán bộ, công chức làm việc.",
            {("staff.one_stop", (), 6)},
        ),
        (
            "Bộ phận Tiếp nhận và Trả kết quả được bố trí 04 công chức.",
            {("staff.one_stop", (), 4)},
        ),
        (
            "Trình độ chuyên môn: Thạc sĩ 02; Đại học 15; Cao đẳng 01; Trung cấp 02.",
            {
                ("staff.edu", (("level", "postgraduate"),), 2),
                ("staff.edu", (("level", "university"),), 15),
                ("staff.edu", (("level", "college"),), 1),
                ("staff.edu", (("level", "intermediate"),), 2),
            },
        ),
        (
            "Lý luận chính trị: Cao cấp 01, Trung cấp 15, Sơ cấp 3.",
            {
                ("staff.politics", (("level", "intermediate"),), 15),
                ("staff.politics", (("level", "elementary"),), 3),
            },
        ),
        (
            "Trong năm, UBND xã đã cử 06 đồng chí đi học lớp trung cấp lý luận chính trị.",
            {("staff.trained", (), 6)},
        ),
    ],
)
def test_more_ways_of_saying_it(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


def test_a_heading_naming_public_employees_does_not_hide_the_total(tmp_path: Path) -> None:
    text = (
        "4. Về xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức\n"
        "Tổng số cán bộ, công chức của xã là 20 người.\n"
    )
    assert found(tmp_path, text) == {("staff.total", (), 20)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trình độ chuyên môn có: 02 đ/c cao học, 15 đ/c Đại học; 03 đ/c Trung cấp. Trình độ "
            "chính trị có: 16 đ/c Trung cấp, 02 đ/c sơ cấp.",
            {
                ("staff.edu", (("level", "postgraduate"),), 2),
                ("staff.edu", (("level", "university"),), 15),
                ("staff.edu", (("level", "intermediate"),), 3),
                ("staff.politics", (("level", "intermediate"),), 16),
                ("staff.politics", (("level", "elementary"),), 2),
            },
        ),
        (
            "- Tổng số cán bộ công chức của xã hiện có là 17 người, trong đó đại học 12, cao đẳng: "
            "02, trung cấp: 03;và 02 cán bộ hợp đồng trình độ đại học.",
            {
                ("staff.total", (), 17),
                ("staff.edu", (("level", "university"),), 12),
                ("staff.edu", (("level", "college"),), 2),
                ("staff.edu", (("level", "intermediate"),), 3),
                ("staff.contract", (), 2),
            },
        ),
    ],
)
def test_education_levels(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


def test_sub_group_blocks_carry_their_group(tmp_path: Path) -> None:
    text = (
        "4. Cải cách chế độ công vụ\n"
        "Tổng số cán bộ, công chức phường là 20 người.\n"
        " * Cán bộ: 9 người\n"
        " Trình độ chuyên môn: Đại học: 8 người chiếm 88,9 %. Cao đẳng : 01 người chiếm 11,1 %.\n"
        " Trình độ lý luận chính trị: Trung cấp 9/9 người chiếm 100%.\n"
        "Trình độ tin học: 9/9 người chiếm 100%.\n"
        " *. Công chức: 11 người\n"
        " Trình độ chuyên môn: Đại học  11/11 người  chiếm 100%.\n"
        " Trình độ lý luận chính trị: Trung cấp: 6/11 người chiếm 54%.\n"
        "Trình độ ngoại ngữ: 11/11 người chiếm 100%.\n"
        "5. Cải cách tài chính công.\n"
    )
    cadres, civil = ("group", "cadres"), ("group", "civil_servants")
    assert found(tmp_path, text) == {
        ("staff.total", (), 20),
        ("staff.cadres", (), 9),
        ("staff.civil_servants", (), 11),
        ("staff.edu", (cadres, ("level", "university")), 8),
        ("staff.edu", (cadres, ("level", "college")), 1),
        ("staff.politics", (cadres, ("level", "intermediate")), 9),
        ("staff.edu", (civil, ("level", "university")), 11),
        ("staff.politics", (civil, ("level", "intermediate")), 6),
    }


def test_a_province_gives_quota_and_people_in_post_by_level(tmp_path: Path) -> None:
    text = (
        "- Biên chế công chức là 7.120 (gồm 2.410 biên chế cấp tỉnh, 4.710 biên chế cấp xã).\n"
        "- Biên chế viên chức hưởng lương từ ngân sách nhà nước là 40.339 (gồm 11.256 biên chế "
        "cấp tỉnh, 29.083 biên chế cấp xã).\n" + CLOSING_PROVINCE
    )
    assert found(tmp_path, text, PROVINCE) == {
        ("staff.quota", (), 7120),
        ("staff.quota", (("scope", "province"),), 2410),
        ("staff.quota", (("scope", "commune"),), 4710),
    }


def test_statistics_table(tmp_path: Path) -> None:
    table = (
        "| STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú |\n"
        "| 2 | Số liệu về biên chế công chức | | | |\n"
        "| 2.1 | Tổng số biên chế được giao trong năm | Người | 7.120 | |\n"
        "| 2.2 | Tổng số biên chế có mặt tại thời điểm báo cáo | Người | 6.900 | Số người có mặt: "
        "6.900 (cấp tỉnh: 2.300, cấp xã: 4.600). |\n"
        "| 2.3 | Số hợp đồng lao động làm việc tại các cơ quan, tổ chức hành chính | "
        "Người | 410 | |\n"
        "| 2.4 | Số biên chế đã tinh giản trong kỳ báo cáo | Người | 0 | |\n"
        "| 3 | Số người làm việc hưởng lương từ NSNN tại các đơn vị sự nghiệp công lập | | | |\n"
        "| 3.1 | Tổng số người làm việc được giao | Người | 40.339 | |\n"
        "| 3.2 | Tổng số người làm việc có mặt tại thời điểm báo cáo | Người | 38.000 | Số người "
        "có mặt: 38.000 (cấp tỉnh: 10.000, cấp xã: 28.000) |\n" + CLOSING_PROVINCE
    )
    assert found(tmp_path, table, PROVINCE) == {
        ("staff.quota", (), 7120),
        ("staff.total", (), 6900),
        ("staff.total", (("scope", "province"),), 2300),
        ("staff.total", (("scope", "commune"),), 4600),
        ("staff.contract", (), 410),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Trong 6 tháng đầu năm, đã đề nghị nâng lương trước hạn cho 02 công chức, nâng lương "
        "thường xuyên cho 01 công chức; đề nghị nghỉ chế độ (trước tuổi) cho 02 cán bộ.",
        "Hiện tại xã đang thiếu 01 công chức Địa chính, 01 công chức Văn hóa – xã hội.",
        "Thừa 01 công chức Tài chính- kế toán.",
        "Trình độ tin học: 11/11 người chiếm 100%. Trình độ ngoại ngữ: 3/11 người chiếm 27%.",
        "100% cán bộ công chức được cấp hộp thư điện tử.",
        "Cán bộ thuộc bộ phận giải quyết thủ tục hành chính mỗi bộ phận chỉ có 01 người.",
        "Xã có 10 thôn, tổng dân số tính đến 15/9/2021 là 13.350 người.",
        "Việc thực hiện tinh giảm biên chế cán bộ, công chức: năm 2021, xã không có đối tượng.",
        "Bộ phận 1 cửa xã có diện tích 40 m2, gồm 01 máy tính, 01 máy in.",
        "Đã phân công 01 đồng chí công chức Văn phòng - Thống kê làm đầu mối kiểm soát TTHC.",
        "Chi trả chế độ cho cán bộ, công chức, viên chức, người hoạt động không chuyên trách.",
        "Tổng số cán bộ, công chức, viên chức của xã là 45 người.",
        "Xã có 10 thôn với 3.200 hộ dân.",
        "Số cán bộ, công chức đạt chuẩn: 20/21 người, đạt 95,2%.",
        "Có 12 cán bộ, công chức là đảng viên; 05 cán bộ, công chức là nữ.",
        "Số cán bộ nghỉ hưu trong năm: 02 người.",
        "Số lượng công chức được tuyển dụng mới: 3 người.",
        "Đã tổ chức 03 lớp tập huấn cho 120 lượt cán bộ, công chức.",
        "Toàn xã có 7 thôn với 120 cán bộ thôn.",
        "Lĩnh vực Tư pháp – Hộ tịch: 05 công chức; Địa chính: 02 công chức.",
        "Số lượng người làm việc tại đơn vị sự nghiệp có mặt: 35 người.",
    ],
)
def test_not_a_staffing_figure(tmp_path: Path, text: str) -> None:
    assert found(tmp_path, text) == set()


def test_commune_staffing_table(tmp_path: Path) -> None:
    table = (
        "| TT | Nội dung | Số lượng (người) |\n"
        "| 1 | Cán bộ, công chức | 21 |\n"
        "| 1.1 | Cán bộ | 11 |\n"
        "| 1.2 | Công chức | 10 |\n"
        "| 2 | Trình độ chuyên môn | |\n"
        "| 2.1 | Đại học | 18 |\n"
        "| 2.2 | Trung cấp | 3 |\n"
        "| 3 | Trình độ lý luận chính trị | |\n"
        "| 3.1 | Trung cấp | 15 |\n"
        "| 4 | Tỷ lệ cán bộ, công chức đạt chuẩn | 95 |\n"
    )
    assert found(tmp_path, table) == {
        ("staff.total", (), 21),
        ("staff.cadres", (), 11),
        ("staff.civil_servants", (), 10),
        ("staff.edu", (("level", "university"),), 18),
        ("staff.edu", (("level", "intermediate"),), 3),
        ("staff.politics", (("level", "intermediate"),), 15),
    }


def test_a_table_not_counting_people_gives_no_staffing_figure(tmp_path: Path) -> None:
    table = "| TT | Lĩnh vực | Số hồ sơ |\n| 1 | Cán bộ | 11 |\n| 2 | Đại học | 18 |\n"
    assert found(tmp_path, table) == set()
