"""Staffing rules on the less regular ways reports write their figures: `x/y biên chế`, one
group in post, part-time staff of villages and hamlets, figures of a lower level, decree
numbers inside a label, wrapped lists, one-stop teams, and tables with level rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import CLOSING_PROVINCE, COMMUNE, DISTRICT, PROVINCE, STAFF_FAMILY, finder

found = finder(STAFF_FAMILY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổng số cán bộ, công chức phường hiện có 19/21 biên chế được giao.",
            {("staff.total", (), 19), ("staff.quota", (), 21)},
        ),
        (
            "Đội ngũ cán bộ, công chức có mặt 18/20 biên chế (cán bộ: 9 người; công chức: 9 "
            "người).",
            {
                ("staff.total", (), 18),
                ("staff.quota", (), 20),
                ("staff.cadres", (), 9),
                ("staff.civil_servants", (), 9),
            },
        ),
        (
            "Biên chế công chức được giao năm 2024 là 95 biên chế, hiện có 88 công chức.",
            {("staff.quota", (), 95), ("staff.civil_servants", (), 88)},
        ),
        (
            "Tổng biên chế được giao là 24, hiện có 22 cán bộ, công chức.",
            {("staff.quota", (), 24), ("staff.total", (), 22)},
        ),
        ("Số công chức có mặt đến nay: 1.320 người.", {("staff.civil_servants", (), 1320)}),
        ("Số cán bộ hiện có 12 người.", {("staff.cadres", (), 12)}),
    ],
)
def test_posts_and_people_in_post(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Người hoạt động không chuyên trách cấp xã: 09 người; ở xóm: 31 người.",
            {("staff.part_time", (), 9), ("staff.part_time", (("level", "village"),), 31)},
        ),
        (
            "Người hoạt động không chuyên trách ở ấp: 28 người.",
            {("staff.part_time", (("level", "village"),), 28)},
        ),
        (
            "Người hoạt động không chuyên trách ở các bản là 44 người.",
            {("staff.part_time", (("level", "village"),), 44)},
        ),
        (
            "Có 11 người hoạt động không chuyên trách phường và 35 người hoạt động không chuyên "
            "trách ở khu phố.",
            {("staff.part_time", (), 11), ("staff.part_time", (("level", "village"),), 35)},
        ),
        (
            "Người hoạt động không chuyên trách của xã 10 người; tại 6 tổ dân phố có 24 người "
            "hoạt động không chuyên trách.",
            {("staff.part_time", (), 10), ("staff.part_time", (("level", "village"),), 24)},
        ),
        (
            "Số người hoạt động không chuyên trách ở 9 thôn: 54 người.",
            {("staff.part_time", (("level", "village"),), 54)},
        ),
        (
            "Cán bộ không chuyên trách cấp xã 12 người, ở thôn 40 người.",
            {("staff.part_time", (), 12), ("staff.part_time", (("level", "village"),), 40)},
        ),
        (
            "Toàn xã có 10 người hoạt động không chuyên trách, 45 người hoạt động không chuyên "
            "trách ở thôn.",
            {("staff.part_time", (), 10), ("staff.part_time", (("level", "village"),), 45)},
        ),
        (
            "Người hoạt động không chuyên trách xã: 12 người;\nở thôn, tổ dân phố: 40 người.",
            {("staff.part_time", (), 12), ("staff.part_time", (("level", "village"),), 40)},
        ),
        ("Có 30 người hoạt động không chuyên trách đã được tập huấn nghiệp vụ.", set()),
    ],
)
def test_part_time_staff_of_the_unit_and_its_villages(
    tmp_path: Path, text: str, expected: set
) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("head", "text", "expected"),
    [
        (
            PROVINCE,
            "Toàn tỉnh có 3.120 cán bộ, công chức cấp xã." + CLOSING_PROVINCE,
            {("staff.total", (("scope", "commune"),), 3120)},
        ),
        (
            DISTRICT,
            "Toàn huyện có 540 cán bộ, công chức cấp xã; người hoạt động không chuyên trách cấp "
            "xã: 310 người.",
            {
                ("staff.total", (("scope", "commune"),), 540),
                ("staff.part_time", (("scope", "commune"),), 310),
            },
        ),
        (
            COMMUNE,
            "Người hoạt động không chuyên trách cấp xã: 14 người.",
            {("staff.part_time", (), 14)},
        ),
        (
            DISTRICT,
            "Tổng số cán bộ, công chức cấp xã trên địa bàn huyện: 590 người.",
            {("staff.total", (("scope", "commune"),), 590)},
        ),
        (
            PROVINCE,
            "Số cán bộ, công chức cấp xã toàn tỉnh là 2.870 người." + CLOSING_PROVINCE,
            {("staff.total", (("scope", "commune"),), 2870)},
        ),
    ],
)
def test_staff_of_a_lower_level_carry_its_scope(
    tmp_path: Path, head: str, text: str, expected: set
) -> None:
    assert found(tmp_path, text, head) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hợp đồng lao động theo Nghị định 68 là 02 người.",
            {("staff.contract", (), 2)},
        ),
        (
            "Hợp đồng theo Nghị định số 111/2022/NĐ-CP: 03 người.",
            {("staff.contract", (), 3)},
        ),
        (
            "Năm 2023, cử 45 lượt cán bộ, công chức cấp xã và người hoạt động không chuyên "
            "trách tham gia các lớp bồi dưỡng.",
            {("staff.trained", (), 45)},
        ),
        (
            "Trong quý, UBND xã cử 03 công chức tham gia tập huấn nghiệp vụ.",
            {("staff.trained", (), 3)},
        ),
        (
            "Trình độ lý luận chính trị:\n\ntrung cấp 12, sơ cấp 05.",
            {
                ("staff.politics", (("level", "intermediate"),), 12),
                ("staff.politics", (("level", "elementary"),), 5),
            },
        ),
    ],
)
def test_labels_with_references_lists_and_wrapped_lines(
    tmp_path: Path, text: str, expected: set
) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bộ phận Một cửa được bố trí tại tầng 2 trụ sở, diện tích 40 m2; gồm 05 công chức "
            "làm việc kiêm nhiệm.",
            {("staff.one_stop", (), 5)},
        ),
        (
            "Tại Trung tâm Phục vụ hành chính công thị xã, đã bố trí 16 công chức, viên chức "
            "thường trực.",
            {("staff.one_stop", (), 16)},
        ),
        (
            "- Bộ phận Tiếp nhận và trả kết quả có 01 phòng làm việc, 02 máy tính; phân công 03 "
            "công chức trực theo lịch.",
            {("staff.one_stop", (), 3)},
        ),
        (
            "Bộ phận Một cửa phường gồm 06 công chức: Tư pháp - Hộ tịch (02), Địa chính (02), "
            "Văn hóa - Xã hội (02).",
            {("staff.one_stop", (), 6)},
        ),
        ("Bộ phận Một cửa được bố trí 01 phòng làm việc rộng 30 m2.", set()),
        (
            "Năm 2024, UBND phường bố trí 05 công chức làm việc tại Bộ phận một cửa.",
            {("staff.one_stop", (), 5)},
        ),
        ("Công chức làm việc tại Bộ phận Một cửa: 03 người.", {("staff.one_stop", (), 3)}),
        (
            "Tổng số cán bộ, công chức xã là 21 người; Bộ phận một cửa gồm 5 công chức.",
            {("staff.total", (), 21), ("staff.one_stop", (), 5)},
        ),
    ],
)
def test_one_stop_teams_are_never_everyone_in_post(
    tmp_path: Path, text: str, expected: set
) -> None:
    assert found(tmp_path, text) == expected


def test_staffing_table_with_level_rows(tmp_path: Path) -> None:
    table = (
        "| Cấp | Số cán bộ, công chức | Số người hoạt động không chuyên trách |\n|---|---|---|\n"
        "| Cấp huyện | 180 | |\n| Cấp xã | 615 | 402 |\n| Tổng cộng | 795 | 402 |\n"
    )
    assert found(tmp_path, table, DISTRICT) == {
        ("staff.total", (("scope", "district"),), 180),
        ("staff.total", (("scope", "commune"),), 615),
        ("staff.part_time", (("scope", "commune"),), 402),
        ("staff.total", (), 795),
        ("staff.part_time", (), 402),
    }
