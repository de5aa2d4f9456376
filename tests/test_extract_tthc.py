"""Procedure (TTHC) rules on sentences written the way reports write them.

Each case is a small report read through the real reader; `found` is every
(metric, qualifiers, value) the tthc extractors give for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import PROVINCE, TTHC_FAMILY, finder

from extractors import tthc

found = finder(TTHC_FAMILY)


def test_extractor_ids_are_versioned() -> None:
    assert [e.id for e in tthc.EXTRACTORS] == ["tthc.list.v1", "tthc.table.v1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số TTHC thuộc phạm vi giải quyết của UBND xã gồm 98 thủ tục thuộc 27 lĩnh vực.",
            {("tthc.total", (), 98), ("tthc.fields", (), 27)},
        ),
        (
            "TTHC thuộc thẩm quyền giải quyết của UBND phường An Lạc gồm: 31 lĩnh vực với 127 "
            "thủ tục. Trong đó:",
            {("tthc.total", (), 127), ("tthc.fields", (), 31)},
        ),
        (
            "- Niêm yết công khai 112 thủ tục hành chính trên 29 lĩnh vực tại UBND thị trấn.",
            {("tthc.total", (), 112), ("tthc.fields", (), 29)},
        ),
        ("- Tổng số TTHC thực hiện tại cấp xã: 176 thủ tục", {("tthc.total", (), 176)}),
        (
            "Tổng số thủ tục hành chính thuộc thẩm quyền của xã là 1.204 TTHC.",
            {("tthc.total", (), 1204)},
        ),
        (
            "+ Số TTHC đưa ra tiếp nhận tại Bộ phận một cửa 176 thủ tục.",
            {("tthc.one_stop", (), 176)},
        ),
        ("+ Có 35 TTHC được cung cấp dịch vụ công mức độ 3;", {("tthc.online_level3", (), 35)}),
        ("+ Có 07 TTHC được cung cấp dịch vụ công mức độ 2;", {("tthc.online_level2", (), 7)}),
        (
            "Có 12 thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình.",
            {("tthc.online_level4", (), 12)},
        ),
        (
            "Toàn xã đã cung cấp 60 dịch vụ công trực tuyến (gồm 21 dịch vụ công trực tuyến "
            "toàn trình và 39 dịch vụ công trực tuyến một phần).",
            {("tthc.online_level4", (), 21), ("tthc.online_level3", (), 39)},
        ),
        (
            "- Có 18 TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền.",
            {("tthc.inter_level", (), 18)},
        ),
        (
            "* TTHC thuộc thẩm quyền giải quyết của cơ quan Trung ương được tổ chức theo ngành "
            "dọc đóng tại địa phương: 03 lĩnh vực với 11 thủ tục được cung cấp dịch vụ công mức "
            "độ 2.",
            {("tthc.central_vertical", (), 11)},
        ),
        (
            "Trong quý, Chủ tịch UBND tỉnh đã công bố 12 Quyết định; trong đó, công bố mới 45 "
            "thủ tục, sửa đổi, bổ sung 210 thủ tục và bãi bỏ 37 thủ tục.",
            {("tthc.announced_new", (), 45), ("tthc.amended", (), 210), ("tthc.abolished", (), 37)},
        ),
        (
            "Theo quy định của UBND tỉnh, thủ tục hành chính cấp xã hiện nay gồm: 30 lĩnh vực "
            "với 105 thủ tục hành chính (Trong đó tổng số thủ tục hành chính áp dụng tại xã gồm "
            "12 lĩnh vực với 52 thủ tục).",
            {
                ("tthc.total", (("scope", "province"),), 105),
                ("tthc.fields", (("scope", "province"),), 30),
                ("tthc.total", (), 52),
                ("tthc.fields", (), 12),
            },
        ),
    ],
)
def test_sentence_forms(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


def test_a_province_splits_its_total_by_level(tmp_path: Path) -> None:
    text = (
        "Đến nay, tổng số TTHC thuộc phạm vi quản lý trên địa bàn tỉnh đã được tỉnh công bố là "
        "1.950 TTHC (trong đó, cấp tỉnh là 1.500 TTHC, cấp xã là 450 TTHC).\n"
        "Trên đây là báo cáo công tác cải cách hành chính của Ủy ban nhân dân tỉnh Bình An./."
    )
    assert found(tmp_path, text, PROVINCE) == {
        ("tthc.total", (), 1950),
        ("tthc.total", (("scope", "province"),), 1500),
        ("tthc.total", (("scope", "commune"),), 450),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "UBND phường đã niêm yết công khai đầy đủ 141 TTHC thuộc thẩm quyền giải quyết "
            "của phường.",
            {("tthc.total", (), 141)},
        ),
        ("Bộ TTHC cấp xã gồm 183 thủ tục.", {("tthc.total", (), 183)}),
        (
            "Dịch vụ công trực tuyến mức độ 3: 62 thủ tục; mức độ 4: 44 thủ tục.",
            {("tthc.online_level3", (), 62), ("tthc.online_level4", (), 44)},
        ),
        (
            "Tổng số TTHC thuộc thẩm quyền giải quyết của UBND xã là 139 thủ tục, trong đó: mức "
            "độ 2: 50 TTHC; mức độ 3: 60 TTHC; mức độ 4: 29 TTHC.",
            {
                ("tthc.total", (), 139),
                ("tthc.online_level2", (), 50),
                ("tthc.online_level3", (), 60),
                ("tthc.online_level4", (), 29),
            },
        ),
        ("Số TTHC mức độ 4 được cung cấp là 35 TTHC.", {("tthc.online_level4", (), 35)}),
        (
            "Số TTHC thực hiện theo cơ chế một cửa: 135; số TTHC thực hiện theo cơ chế một cửa "
            "liên thông: 15.",
            {("tthc.one_stop", (), 135)},
        ),
        (
            "Hiện nay, UBND xã đang thực hiện 145 TTHC thuộc 32 lĩnh vực.",
            {("tthc.total", (), 145), ("tthc.fields", (), 32)},
        ),
        (
            "Trong kỳ, UBND tỉnh công bố 25 TTHC mới, 10 TTHC sửa đổi, bổ sung và 5 TTHC bị "
            "bãi bỏ.",
            {("tthc.announced_new", (), 25), ("tthc.amended", (), 10), ("tthc.abolished", (), 5)},
        ),
    ],
)
def test_more_ways_of_saying_it(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "Lĩnh vực Hộ tịch: 15 thủ tục; Chúng thực 9 thủ tục; Lĩnh vực đất đai 3; "
            "Nuôi con nuôi: 2 thủ tục.",
            {"Hộ tịch": 15, "Chúng thực": 9, "đất đai": 3, "Nuôi con nuôi": 2},
        ),
        (
            "Cụ thể: Lĩnh vực Người có công 4 thủ tục; Quản ly giá công sản 2; Thi đua khen "
            "thưởng 05 thủ tục; Lĩnh vực thư viện: 3 thủ tục.",
            {
                "Người có công": 4,
                "Quản ly giá công sản": 2,
                "Thi đua khen thưởng": 5,
                "thư viện": 3,
            },
        ),
        (
            "Lĩnh vực Chuyển đổi số: 2 thủ tục; Xổ số kiến thiết 1 thủ tục; Tổng số TTHC 3 "
            "thủ tục.",
            {"Chuyển đổi số": 2, "Xổ số kiến thiết": 1},
        ),
        (
            "- Lĩnh vực Tư pháp: 21 thủ tục;\n- Lĩnh vực Văn hóa: 6 thủ tục;\n"
            "- Lĩnh vực Nông nghiệp: 4 TTHC.",
            {"Tư pháp": 21, "Văn hóa": 6, "Nông nghiệp": 4},
        ),
        (  # two items joined by a comma
            "Trong đó: lĩnh vực Tư pháp - Hộ tịch có 25 thủ tục, lĩnh vực Lao động - Thương binh "
            "và Xã hội có 19 thủ tục.",
            {"Tư pháp - Hộ tịch": 25, "Lao động - Thương binh và Xã hội": 19},
        ),
    ],
)
def test_field_lists(tmp_path: Path, text: str, fields: dict) -> None:
    got = {dict(q)["field"]: v for m, q, v in found(tmp_path, text) if m == "tthc.by_field"}
    assert got == fields


@pytest.mark.parametrize(
    "text",
    [
        "Năm nay xã đã đề nghị bỏ 16 thủ tục thuộc 02 lĩnh vực.",
        "Từ ngày 15/12/2020 đến 14/6/2021 UBND xã tiếp nhận, giải quyết:\nTổng số 736 "
        "thủ tục hành chính.",
        "Tổng số TTHC đã tiếp nhận và giải quyết trong kỳ: 207 thủ tục",
        "+ Giải quyết hồ sơ trực tuyến mức độ 3 đạt 100 %",
        "Tỉnh đã công bố 598 TTHC nội bộ thuộc phạm vi quản lý của tỉnh.",
        "Lĩnh vực Bảo trợ xã hội 11 trường hợp; Lĩnh vực Hộ tịch 325 trường hợp; Chứng "
        "thực 40 trường hợp.",
        "UBND xã cung cấp dịch vụ công trực tuyến mức độ 3,4 đối với các TTHC được cấu hình.",
        "Kết quả rà soát: đề nghị bãi bỏ 3 thủ tục, sửa đổi 2 thủ tục.",
        "Trong quý II năm 2023 đã tiếp nhận 854 hồ sơ trực tuyến mức độ 3,4.",
        "Báo cáo: 105, Thông báo: 10, Quyết định: 45, Tờ trình: 11.",
        "Bộ phận một cửa có 03 máy tính, 01 máy in.",
        "Có 124/124 TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến.",
        "Đã tiếp nhận và giải quyết 1.234 TTHC thuộc thẩm quyền giải quyết của xã.",
        "Có 100% TTHC được cung cấp dịch vụ công mức độ 3.",
        "Đã rà soát 20 TTHC thuộc thẩm quyền giải quyết của UBND xã.",
        "Tổng số thủ tục hành chính được giải quyết tại xã trong năm 2022 là 1.520 thủ tục.",
        "Tổng số TTHC đã tiếp nhận: 523 thủ tục.",
        "Số TTHC đã giải quyết: 520 thủ tục; đúng hạn: 518 thủ tục.",
        "Đã công bố 5 quyết định với 120 TTHC thuộc 12 lĩnh vực.",
        "Kết quả rà soát 50 TTHC thuộc 10 lĩnh vực, kiến nghị đơn giản hóa 5 TTHC.",
        "Năm 2020: 12 thủ tục; năm 2021: 15 thủ tục.",
        "Thực hiện 4 tại chỗ: 120 TTHC.",
    ],
)
def test_not_a_procedure_count(tmp_path: Path, text: str) -> None:
    assert found(tmp_path, text) == set()


def test_table_with_year_columns(tmp_path: Path) -> None:
    table = (
        "STT\tChỉ tiêu\tKết quả\t\t\n"
        "\t\tNăm 2018\tNăm 2019\tNăm 2020 (Tính đến 31/3)\n"
        "-\tSố lượng TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa cấp xã"
        "\t131\t134\t162\n"
        "-\tSố lượng TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền"
        "\t\t39\t41\n"
        "-\tTỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn\t100\t98,8\t98\n"
    )
    assert found(tmp_path, table) == {
        ("tthc.one_stop", (("year", "2018"),), 131),
        ("tthc.one_stop", (("year", "2019"),), 134),
        ("tthc.one_stop", (("year", "2020"),), 162),
        ("tthc.inter_level", (("year", "2019"),), 39),
        ("tthc.inter_level", (("year", "2020"),), 41),
    }


def test_table_counting_procedures_by_field(tmp_path: Path) -> None:
    table = (
        "| Lĩnh vực | Số TTHC | Số hồ sơ tiếp nhận |\n"
        "| 1. Lĩnh vực Hộ tịch | 19 | 325 |\n"
        "| 2. Chứng thực | 11 | 397 |\n"
        "| Tổng cộng | 30 | 722 |\n"
    )
    assert found(tmp_path, table) == {
        ("tthc.by_field", (("field", "Hộ tịch"),), 19),
        ("tthc.by_field", (("field", "Chứng thực"),), 11),
    }


def test_field_names_keep_the_sources_tone_placement(tmp_path: Path) -> None:
    text = "Lĩnh vực Hoà giải: 4 thủ tục; Thuỷ lợi 03 thủ tục; Hộ tịch 19 thủ tục."
    got = {dict(q)["field"] for m, q, _ in found(tmp_path, text) if m == "tthc.by_field"}
    assert got == {"Hoà giải", "Thuỷ lợi", "Hộ tịch"}


def test_statistics_table_with_index_and_unit_columns(tmp_path: Path) -> None:
    table = (
        "| STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú |\n"
        "| 1 | Thống kê TTHC | | | |\n"
        "| 1.1 | Số TTHC đã được phê duyệt phương án đơn giản hóa | Thủ tục | 0 | |\n"
        "| 1.2 | Số TTHC công bố mới | Thủ tục | 57 | |\n"
        "| 1.3 | Số TTHC bãi bỏ, thay thế | Thủ tục | 12 | |\n"
        "| 1.4 | Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương | Thủ tục | 1.702 | |\n"
        "| 1.4.1 | Số TTHC cấp tỉnh | Thủ tục | 1.330 | |\n"
        "| 1.4.2 | Số TTHC cấp xã | Thủ tục | 372 | |\n"
        "| 1.4.3 | Số TTHC ngành dọc | Thủ tục | 301 | |\n"
        "| 2.1 | Tỷ lệ TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa | "
        "% | 100 | |\n"
        "| 2.2 | Số TTHC tiếp nhận không phụ thuộc vào địa giới hành chính | Thủ tục | 1.702 | |\n"
        "| 4.1.1 | Tổng số DVC đủ điều kiện lên trực tuyến toàn trình | Thủ tục | 700 | |\n"
        "| 4.1.2 | Số lượng DVCTT toàn trình | Thủ tục | 640 | |\n"
        "| 4.3.1 | Tổng số hồ sơ của DVCTT toàn trình | Thủ tục | 305.194 | |\n"
        "\nTrên đây là báo cáo của Ủy ban nhân dân tỉnh Bình An./.\n"
    )
    assert found(tmp_path, table, PROVINCE) == {
        ("tthc.announced_new", (), 57),
        ("tthc.abolished", (), 12),
        ("tthc.total", (), 1702),
        ("tthc.total", (("scope", "province"),), 1330),
        ("tthc.total", (("scope", "commune"),), 372),
        ("tthc.central_vertical", (), 301),
        ("tthc.online_level4", (), 640),
    }


def test_table_with_online_level_columns(tmp_path: Path) -> None:
    table = (
        "| Nội dung | Mức độ 2 | Mức độ 3 | Mức độ 4 |\n"
        "| Số TTHC được cung cấp | 50 | 60 | 29 |\n"
        "| Số hồ sơ tiếp nhận | 120 | 340 | 95 |\n"
    )
    assert found(tmp_path, table) == {
        ("tthc.online_level2", (), 50),
        ("tthc.online_level3", (), 60),
        ("tthc.online_level4", (), 29),
    }
