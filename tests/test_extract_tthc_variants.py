"""Procedure (TTHC) rules on the less regular ways reports write their counts: lists after a
total's lead-in, typed words without their marks, `x thủ tục/y lĩnh vực`, `108/108 TTHC`,
online levels without a unit, totals split by level, and tables with level rows or time
columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import DISTRICT, PROVINCE, TTHC_FAMILY, finder

found = finder(TTHC_FAMILY)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "Tổng số TTHC đang thực hiện: 96 TTHC (21 lĩnh vực), trong đó: Hộ tịch: 18, Chứng "
            "thực: 9, Đất đai: 4 và các lĩnh vực khác.",
            {"Hộ tịch": 18, "Chứng thực": 9, "Đất đai": 4},
        ),
        (
            "UBND phường thực hiện 130 thủ tục thuộc 26 lĩnh vực, gồm: Tư pháp 22; Văn hóa 7; "
            "Y tế 3.",
            {"Tư pháp": 22, "Văn hóa": 7, "Y tế": 3},
        ),
        (
            "Số TTHC áp dụng là 101 thủ tục/23 lĩnh vực, trong đó các lĩnh vực nhiều thủ tục "
            "nhất: Hộ tịch (20 thủ tục), Người có công (11 TTHC).",
            {"Hộ tịch": 20, "Người có công": 11},
        ),
        (
            "Xã đang thực hiện 99 TTHC thuộc 20 linh vuc, trong đó: Nông nghiệp - 6 TTHC; "
            "Giáo dục - 5 TTHC và các lĩnh vực khác.",
            {"Nông nghiệp": 6, "Giáo dục": 5},
        ),
        (
            "Bộ TTHC cấp xã gồm 104 thủ tục, cụ thể:\n- Hộ tịch: 21;\n- Chứng thực: 12;\n"
            "- Bảo trợ xã hội: 13.",
            {"Hộ tịch": 21, "Chứng thực": 12, "Bảo trợ xã hội": 13},
        ),
        (
            "- Số TTHC thuộc thẩm quyền giải quyết của xã: 120 TTHC.\n- Trong đó:\n+ Hộ tịch: 18\n"
            "+ Chứng thực: 11\n+ Tư pháp: 4",
            {"Hộ tịch": 18, "Chứng thực": 11, "Tư pháp": 4},
        ),
    ],
)
def test_field_lists_after_a_procedure_total(tmp_path: Path, text: str, fields: dict) -> None:
    got = {dict(q)["field"]: v for m, q, v in found(tmp_path, text) if m == "tthc.by_field"}
    assert got == fields


@pytest.mark.parametrize(
    "text",
    [
        "Tổng số TTHC là 120 thủ tục, trong đó: dịch vụ công trực tuyến toàn trình: 50 thủ tục; "
        "dịch vụ công trực tuyến một phần: 60 thủ tục.",
        "Tổng số TTHC 1.210 TTHC, trong đó: cấp tỉnh 900 TTHC; cấp huyện 200 TTHC; cấp xã "
        "110 TTHC.",
        "Trong năm ban hành 156 văn bản, trong đó: Quyết định: 48, Kế hoạch: 14, Báo cáo: 37.",
        "Tiếp nhận 931 hồ sơ, trong đó: Hộ tịch: 312, Chứng thực: 548, Đất đai: 11.",
        "Số TTHC 110 thủ tục, trong đó: mức độ 3: 40, mức độ 4: 30.",
    ],
)
def test_levels_online_levels_and_other_lists_are_not_fields(tmp_path: Path, text: str) -> None:
    assert not {m for m, _, _ in found(tmp_path, text, PROVINCE)} & {"tthc.by_field"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổng số TTHC áp dụng tại cấp xã là 112 thủ tục/26 lĩnh vực.",
            {("tthc.total", (), 112), ("tthc.fields", (), 26)},
        ),
        (
            "Tổng số TTHC đang thực hiện: 97 TTHC (22 lĩnh vực).",
            {("tthc.total", (), 97), ("tthc.fields", (), 22)},
        ),
        (
            "Hiện nay xã đang thực hiện 87 thu tuc thuộc 19 linh vực.",
            {("tthc.total", (), 87), ("tthc.fields", (), 19)},
        ),
        (
            "Số TTHC cung cấp dịch vụ công trực tuyến mức đô 3: 30 TTHC, muc do 4: 41 TTHC.",
            {("tthc.online_level3", (), 30), ("tthc.online_level4", (), 41)},
        ),
        (
            "UBND thị trấn đang thực hiện 140 TTHC, trong đó: 70 TTHC toàn trình, 48 TTHC một "
            "phần.",
            {
                ("tthc.total", (), 140),
                ("tthc.online_level4", (), 70),
                ("tthc.online_level3", (), 48),
            },
        ),
        (
            "- Số TTHC cung cấp dịch vụ công trực tuyến toàn trình 38, một phần 61 thủ tục.",
            {("tthc.online_level4", (), 38), ("tthc.online_level3", (), 61)},
        ),
        (
            "- Số dịch vụ công trực tuyến một phần đang cung cấp: 52; toàn trình: 40.",
            {("tthc.online_level3", (), 52), ("tthc.online_level4", (), 40)},
        ),
        (
            "- Số TTHC tiếp nhận và trả kết quả tại Bộ phận Một cửa: 108/108 TTHC.",
            {("tthc.one_stop", (), 108)},
        ),
        (
            "Số TTHC thuộc thẩm quyền của UBND xã: 104 TTHC; trong đó có 18 TTHC liên thông giữa "
            "cấp xã với cấp huyện.",
            {("tthc.total", (), 104), ("tthc.inter_level", (), 18)},
        ),
        (
            "Có 9 TTHC thực hiện liên thông từ cấp xã lên cấp huyện.",
            {("tthc.inter_level", (), 9)},
        ),
        (
            "Tổng số TTHC là 131 thủ tục, trong đó: dịch vụ công trực tuyến toàn trình: 57; dịch "
            "vụ công trực tuyến một phần: 62.",
            {
                ("tthc.total", (), 131),
                ("tthc.online_level4", (), 57),
                ("tthc.online_level3", (), 62),
            },
        ),
        (
            "Có 43/119 TTHC được cung cấp dịch vụ công trực tuyến toàn trình.",
            {("tthc.online_level4", (), 43)},
        ),
        (
            "Thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã: 116 thủ tục, thuộc 24 "
            "lĩnh vực.",
            {("tthc.total", (), 116), ("tthc.fields", (), 24)},
        ),
        ("Tổng số TTHC: 133 (đã công khai đầy đủ).", {("tthc.total", (), 133)}),
        (
            "UBND phường đang thực hiện 14 TTHC trực tuyến toàn trình.",
            {("tthc.online_level4", (), 14)},
        ),
        (
            "Số TTHC đủ điều kiện cung cấp trực tuyến toàn trình: 70; số TTHC đang cung cấp "
            "trực tuyến toàn trình: 52.",
            {("tthc.online_level4", (), 52)},
        ),
    ],
)
def test_typed_variants_ratios_and_online_levels(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("head", "text", "expected"),
    [
        (
            DISTRICT,
            "Tổng số TTHC thuộc thẩm quyền giải quyết trên địa bàn huyện là 410 TTHC, trong đó: "
            "cấp huyện 270 TTHC, cấp xã 140 TTHC.",
            {
                ("tthc.total", (), 410),
                ("tthc.total", (("scope", "district"),), 270),
                ("tthc.total", (("scope", "commune"),), 140),
            },
        ),
        (
            PROVINCE,
            "Tổng số TTHC thuộc thẩm quyền giải quyết của các cấp trên địa bàn tỉnh là 2.010 "
            "TTHC, trong đó: cấp tỉnh 1.560 TTHC; cấp huyện 300 TTHC; cấp xã là 150 TTHC.\n"
            "Trên đây là báo cáo của Ủy ban nhân dân tỉnh Bình An./.",
            {
                ("tthc.total", (), 2010),
                ("tthc.total", (("scope", "province"),), 1560),
                ("tthc.total", (("scope", "district"),), 300),
                ("tthc.total", (("scope", "commune"),), 150),
            },
        ),
        (
            PROVINCE,
            "Tổng số TTHC thuộc thẩm quyền giải quyết trên địa bàn tỉnh là 1.880 TTHC, trong đó: "
            "các sở, ban, ngành 1.420 TTHC; cấp huyện 310; cấp xã 150.\n"
            "Trên đây là báo cáo của Ủy ban nhân dân tỉnh Bình An./.",
            {
                ("tthc.total", (), 1880),
                ("tthc.total", (("scope", "departments"),), 1420),
                ("tthc.total", (("scope", "district"),), 310),
                ("tthc.total", (("scope", "commune"),), 150),
            },
        ),
        # a level named without a total before it is no part of one
        (DISTRICT, "Cấp xã 140 TTHC được rà soát.", set()),
    ],
)
def test_totals_split_by_level(tmp_path: Path, head: str, text: str, expected: set) -> None:
    assert found(tmp_path, text, head) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trong kỳ, đang thực hiện giải quyết 15 hồ sơ TTHC.",
        "UBND xã đang thực hiện rà soát 12 TTHC.",
        "Số TTHC cung cấp dịch vụ công trực tuyến toàn trình phát sinh hồ sơ: 20, một phần: 15.",
        "Có 30/45 TTHC phát sinh hồ sơ trực tuyến.",
        "Số TTHC đã tiếp nhận: 50 TTHC, trong đó: Hộ tịch: 20, Chứng thực: 30.",
        "Trong năm, đã rà soát 45 TTHC, trong đó: Hộ tịch: 10, Đất đai: 5.",
        "UBND xã đang thực hiện 12 TTHC liên thông theo cơ chế một cửa.",
    ],
)
def test_still_not_a_procedure_count(tmp_path: Path, text: str) -> None:
    assert found(tmp_path, text) == set()


def test_table_with_level_rows(tmp_path: Path) -> None:
    table = (
        "| Cấp | Số TTHC | Toàn trình | Một phần |\n|---|---|---|---|\n"
        "| Cấp tỉnh | 1.400 | 520 | 610 |\n| Cấp xã | 120 | 45 | 60 |\n"
        "| Tổng cộng | 1.520 | 565 | 670 |\n"
        "\nTrên đây là báo cáo của Ủy ban nhân dân tỉnh Bình An./.\n"
    )
    assert found(tmp_path, table, PROVINCE) == {
        ("tthc.total", (("scope", "province"),), 1400),
        ("tthc.online_level4", (("scope", "province"),), 520),
        ("tthc.online_level3", (("scope", "province"),), 610),
        ("tthc.total", (("scope", "commune"),), 120),
        ("tthc.online_level4", (("scope", "commune"),), 45),
        ("tthc.online_level3", (("scope", "commune"),), 60),
        ("tthc.total", (), 1520),
        ("tthc.online_level4", (), 565),
        ("tthc.online_level3", (), 670),
    }


def test_table_with_quarter_columns_in_a_yearly_report(tmp_path: Path) -> None:
    table = (
        "BÁO CÁO\nKết quả kiểm soát thủ tục hành chính năm 2023\n\n"
        "UBND xã An Phú báo cáo kết quả kiểm soát thủ tục hành chính năm 2023 như sau:\n\n"
        "| Nội dung | Quý III/2023 | Quý IV/2023 | Năm 2023 |\n|---|---|---|---|\n"
        "| Số TTHC tiếp nhận tại Bộ phận Một cửa | 101 | 104 | 104 |\n"
    )
    assert found(tmp_path, table, "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\n") == {
        ("tthc.one_stop", (("period", "Quý III/2023"),), 101),
        ("tthc.one_stop", (("period", "Quý IV/2023"),), 104),
        ("tthc.one_stop", (), 104),
    }
