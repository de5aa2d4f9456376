"""Dossier and feedback rules on sentences written the way reports write them (tables are in
test_extract_dossier_tables.py).

Each case is a small report read through the real reader; `found` is every (metric,
qualifiers, value) the dossier extractors give.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import COMMUNE_Q3, DOSSIER_FAMILY, PROVINCE_Q1, finder

found = finder(DOSSIER_FAMILY, COMMUNE_Q3)


def test_extractor_ids_are_versioned() -> None:
    assert [e.id for e in DOSSIER_FAMILY] == [
        "figure.v1",
        "dossier.table.v1",
        "dossier.flat.v1",
        "dossier.stats_table.v1",
        "dossier.list.v1",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the official form's wording, with the postal channel too
            "- Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là 1.245 hồ sơ, trong đó: Số hồ "
            "sơ mới tiếp nhận là 1.240 hồ sơ (Trực tuyến: 1.100 hồ sơ, trực tiếp: 130 hồ sơ, qua "
            "dịch vụ bưu chính công ích: 10 hồ sơ); Số hồ sơ từ kỳ báo cáo trước chuyển qua là 5 "
            "hồ sơ.",
            {
                ("dossier.received", (), 1245),
                ("dossier.received.new", (), 1240),
                ("dossier.received.online", (), 1100),
                ("dossier.received.direct", (), 130),
                ("dossier.received.postal", (), 10),
                ("dossier.carried_over", (), 5),
            },
        ),
        (
            "Số hồ sơ đã giải quyết là 1.230 hồ sơ, trong đó: Số hồ sơ giải quyết trước hạn là "
            "1.100 hồ sơ, số hồ sơ giải quyết đúng hạn là 125 hồ sơ; số hồ sơ giải quyết quá hạn "
            "05 hồ sơ.",
            {
                ("dossier.resolved", (), 1230),
                ("dossier.resolved.early", (), 1100),
                ("dossier.resolved.on_time", (), 125),
                ("dossier.resolved.late", (), 5),
            },
        ),
        (  # `quá hạn` under a pending total counts pending dossiers
            "Số hồ sơ đang giải quyết là 15 hồ sơ, trong đó: Số hồ sơ chưa đến hạn là 12 hồ sơ, "
            "số hồ sơ quá hạn là 03 hồ sơ.",
            {
                ("dossier.pending", (), 15),
                ("dossier.pending.not_due", (), 12),
                ("dossier.pending.overdue", (), 3),
            },
        ),
        (
            "Số hồ sơ tạm dừng là 2 hồ sơ; hồ sơ trả lại do không đủ điều kiện giải quyết là 4 "
            "hồ sơ",
            {("dossier.suspended", (), 2), ("dossier.returned", (), 4)},
        ),
        (  # status after the unit, `và` between items
            "Trong kỳ đã giải quyết 980 hồ sơ, trong đó 950 hồ sơ trước hạn, 25 hồ sơ đúng hạn "
            "và 5 hồ sơ quá hạn.",
            {
                ("dossier.resolved", (), 980),
                ("dossier.resolved.early", (), 950),
                ("dossier.resolved.on_time", (), 25),
                ("dossier.resolved.late", (), 5),
            },
        ),
        (
            "UBND xã đã tiếp nhận 1.050 hồ sơ, giải quyết 1.040 hồ sơ, đang giải quyết 10 hồ sơ.",
            {
                ("dossier.received", (), 1050),
                ("dossier.resolved", (), 1040),
                ("dossier.pending", (), 10),
            },
        ),
        (  # a total counted in `thủ tục` when the context is receiving and resolving
            "Bộ phận Tiếp nhận và Trả kết quả tiếp nhận: Tổng số TTHC đã tiếp nhận và giải "
            "quyết trong kỳ: 312 thủ tục",
            {("dossier.received", (), 312)},
        ),
        (  # typos of the genre: `hồ sở`, `trễ hẹn`
            "+ Số hồ sở giải quyết trễ hẹn: 02 hồ sơ.",
            {("dossier.resolved.late", (), 2)},
        ),
        (
            "Cơ bản hồ sơ được trả đúng hẹn, còn 02 hồ sơ trả quá hạn do lỗi phần mềm.",
            {("dossier.resolved.late", (), 2)},
        ),
        (  # contradictory text gives two values for one key (the resolver flags it)
            "+ Hồ sơ quá hạn: 6 hồ sơ (trong đó hồ sơ quá hạn đã giải quyết là 4 hồ sơ, hồ sơ "
            "quá hạn đang giải quyết là: 2 hồ sơ).",
            {
                ("dossier.resolved.late", (), 6),
                ("dossier.resolved.late", (), 4),
                ("dossier.pending.overdue", (), 2),
            },
        ),
        ("+ Hồ sơ chờ bổ sung, hoàn thiện: Không.", {("dossier.awaiting_supplement", (), 0)}),
        ("+ Số hồ sơ công dân xin rút: 03 hồ sơ.", {("dossier.returned", (), 3)}),
        ("+ Hồ sơ đang giải quyết trong hạn là: 7 hồ sơ.", {("dossier.pending.not_due", (), 7)}),
        (  # bare figures after a dossier count of the same sentence
            "Số lượng hồ sơ tiếp nhận: 450; đã giải quyết: 448; đang giải quyết: 2.",
            {
                ("dossier.received", (), 450),
                ("dossier.resolved", (), 448),
                ("dossier.pending", (), 2),
            },
        ),
        ("Tổng số hồ sơ TTHC phát sinh trong kỳ: 850 hồ sơ.", {("dossier.received", (), 850)}),
        ("Trong kỳ đã tiếp nhận 1.200 lượt hồ sơ.", {("dossier.received", (), 1200)}),
        (
            "Bộ phận một cửa xã tiếp nhận 1.120 hồ sơ, đã trả kết quả 1.100 hồ sơ đúng và trước "
            "hạn, 20 hồ sơ đang trong thời gian giải quyết.",
            {
                ("dossier.received", (), 1120),
                ("dossier.resolved.early_or_on_time", (), 1100),
                ("dossier.pending", (), 20),
            },
        ),
        (  # the one-stop shop's name holds `tiếp nhận và trả kết quả`: not the verb
            "Bộ phận tiếp nhận và trả kết quả đã giải quyết 490 hồ sơ.",
            {("dossier.resolved", (), 490)},
        ),
        (
            "UBND xã tiếp nhận và trả kết quả 1.345 hồ sơ, trong đó: trả trước hạn 1.200 hồ sơ, "
            "đúng hạn 140 hồ sơ, quá hạn 5 hồ sơ.",
            {
                ("dossier.received", (), 1345),
                ("dossier.resolved.early", (), 1200),
                ("dossier.resolved.on_time", (), 140),
                ("dossier.resolved.late", (), 5),
            },
        ),
        (  # another stretch of time than the report's quarter
            "Trong tháng 7/2024, UBND xã tiếp nhận 310 hồ sơ.",
            {("dossier.received", (("period", "tháng 7/2024"),), 310)},
        ),
        (
            "Lũy kế từ đầu năm đến nay tiếp nhận 5.000 hồ sơ.",
            {("dossier.received", (("period", "Lũy kế từ đầu năm đến nay"),), 5000)},
        ),
        (  # the report's own quarter is no qualifier; another year is
            "Trong quý III năm 2024, UBND xã tiếp nhận 1.010 hồ sơ. Năm 2023, UBND xã đã giải "
            "quyết 3.900 hồ sơ.",
            {("dossier.received", (), 1010), ("dossier.resolved", (("year", "2023"),), 3900)},
        ),
        (  # the official form's total: dossiers to be resolved in the period
            "Tổng số hồ sơ phải giải quyết: 1.200 hồ sơ (trong đó 300 hồ sơ kỳ trước chuyển sang).",
            {("dossier.received", (), 1200), ("dossier.carried_over", (), 300)},
        ),
        (  # `cấp xã` in a commune's own report is no scope
            "Tổng số hồ sơ cấp xã đã giải quyết là 830 hồ sơ.",
            {("dossier.resolved", (), 830)},
        ),
    ],
)
def test_form_sentences(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


def test_list_under_a_lead_in(tmp_path: Path) -> None:
    body = (
        "- Kết quả tiếp nhận và giải quyết TTHC:\n"
        "Kết quả giải quyết như sau:\n"
        "+ Hồ sơ giải quyết trước hạn: 212 hồ sơ.\n"
        "+ Hồ sơ giải quyết đúng hạn: 48 hồ sơ.\n"
        "+ Hồ sơ đang giải quyết trong hạn là: 3 hồ sơ.\n"
        "+ Hồ sơ tổ chức, cá nhân xin rút hoặc trả lại là:1 hồ sơ.\n"
    )
    assert found(tmp_path, body) == {
        ("dossier.resolved.early", (), 212),
        ("dossier.resolved.on_time", (), 48),
        ("dossier.pending.not_due", (), 3),
        ("dossier.returned", (), 1),
    }


def test_total_in_thu_tuc_and_fields_after_lead_in(tmp_path: Path) -> None:
    body = (
        "Từ ngày 15/6/2024 đến 14/9/2024 UBND xã An Phú tiếp nhận, giải quyết:\n\n"
        "Tổng số 540 thủ tục hành chính. Trong đó:\n"
        "Lĩnh vực Hộ tịch 300 trường hợp; Lĩnh vực Chứng thực 200 trường hợp; Đất đai 40 "
        "trường hợp.\n"
    )
    assert found(tmp_path, body) == {
        ("dossier.received", (), 540),
        ("dossier.by_field", (("field", "Hộ tịch"),), 300),
        ("dossier.by_field", (("field", "Chứng thực"),), 200),
        ("dossier.by_field", (("field", "Đất đai"),), 40),
    }


def test_list_items_belong_to_the_total_of_their_lead_in(tmp_path: Path) -> None:
    body = (
        "- Số hồ sơ đang giải quyết: 5 hồ sơ, trong đó:\n"
        "+ Trong hạn: 3 hồ sơ.\n"
        "+ Quá hạn: 2 hồ sơ.\n"
        "- Số hồ sơ đã giải quyết: 95 hồ sơ, trong đó:\n"
        "+ Trước hạn: 85 hồ sơ.\n"
        "+ Quá hạn: 10 hồ sơ.\n"
    )
    assert found(tmp_path, body) == {
        ("dossier.pending", (), 5),
        ("dossier.pending.not_due", (), 3),
        ("dossier.pending.overdue", (), 2),
        ("dossier.resolved", (), 95),
        ("dossier.resolved.early", (), 85),
        ("dossier.resolved.late", (), 10),
    }


def test_fields_listed_after_a_dossier_total(tmp_path: Path) -> None:
    body = "UBND xã đã tiếp nhận 620 hồ sơ, trong đó: hộ tịch 410 hồ sơ, chứng thực 210 hồ sơ."
    assert found(tmp_path, body) == {
        ("dossier.received", (), 620),
        ("dossier.by_field", (("field", "hộ tịch"),), 410),
        ("dossier.by_field", (("field", "chứng thực"),), 210),
    }


def test_province_scope_carries_over_the_paragraph_and_list(tmp_path: Path) -> None:
    body = (
        "Tổng số hồ sơ các sở, ngành đã giải quyết là 98.765 hồ sơ; trong đó: Số hồ sơ giải "
        "quyết trước và đúng hạn là 97.000 (tỷ lệ 98,21%), số hồ sơ giải quyết trễ hạn là "
        "1.765 (tỷ lệ 1,79%).\n"
        "Kết quả giải quyết hồ sơ TTHC cấp xã:\n"
        "- Số hồ sơ đã giải quyết: 5.000 hồ sơ.\n"
        "- Số hồ sơ giải quyết quá hạn: 12 hồ sơ.\n"
        "Số hồ sơ đã giải quyết là 103.765 hồ sơ.\n"
    )
    dep, com = (("scope", "departments"),), (("scope", "commune"),)
    assert found(tmp_path, body, PROVINCE_Q1) == {
        ("dossier.resolved", dep, 98765),
        ("dossier.resolved.early_or_on_time", dep, 97000),
        ("dossier.resolved.late", dep, 1765),
        ("dossier.on_time_rate", dep, 98.21),
        ("dossier.resolved", com, 5000),
        ("dossier.resolved.late", com, 12),
        ("dossier.resolved", (), 103765),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trong quý đã tiếp nhận 854 hồ sơ trực tuyến mức độ 3,4 và thực hiện số hóa được 933 "
            "hồ sơ khi tiếp nhận; 859 hồ sơ được số hóa khi trả kết quả.",
            {
                ("dossier.received.online", (), 854),
                ("dossier.digitized_on_receipt", (), 933),
                ("dossier.digitized_on_return", (), 859),
            },
        ),
        (
            "Số hồ sơ được số hoá khi tiếp nhận: 450 hồ sơ; số hồ sơ số hóa kết quả giải quyết: "
            "430 hồ sơ.",
            {("dossier.digitized_on_receipt", (), 450), ("dossier.digitized_on_return", (), 430)},
        ),
    ],
)
def test_digitisation(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "+ Giải quyết hồ sơ trực tuyến mức độ 4 đạt 45,5%",
            {("dossier.online_rate", (("level", "4"),), 45.5)},
        ),
        (
            "Tỷ lệ hồ sơ trực tuyến một phần đạt 62,3% (1.200/1.926 hồ sơ).",
            {("dossier.online_rate", (("level", "3"),), 62.3)},
        ),
        (
            "tỷ lệ hồ sơ trực tuyến toàn trình đạt 86,98% (265.456/305.194 hồ sơ)",
            {("dossier.online_rate", (("level", "4"),), 86.98)},
        ),
        ("Tỷ lệ hồ sơ nộp trực tuyến đạt 78%.", {("dossier.online_rate", (), 78.0)}),
        (
            "Việc sử dụng dịch vụ công trực tuyển mức độ 3 đảm bảo trên hệ thống một cửa điện tử "
            "100% hồ sơ.",
            {("dossier.online_rate", (("level", "3"),), 100.0)},
        ),
        (
            "Tỷ lệ số hoá hồ sơ, kết quả giải quyết TTHC đạt 92,5%; tỷ lệ khai thác, sử dụng lại "
            "thông tin, dữ liệu số hóa đạt 80,1%.",
            {("dossier.digitized_rate", (), 92.5)},
        ),
        ("100% hồ sơ được giải quyết trước và đúng hạn.", {("dossier.on_time_rate", (), 100.0)}),
        ("Tỷ lệ giải quyết hồ sơ đúng hạn đạt 99,2%.", {("dossier.on_time_rate", (), 99.2)}),
        (
            "Các hồ sơ được trả cho công dân trước và đúng hẹn (đạt khoảng 98,5%).",
            {("dossier.on_time_rate", (), 98.5)},
        ),
        (  # a share written after its count is the rate of that count
            "Tiếp nhận 2.345 hồ sơ TTHC, trong đó hồ sơ trực tuyến 2.100 hồ sơ, đạt 89,55%.",
            {
                ("dossier.received", (), 2345),
                ("dossier.received.online", (), 2100),
                ("dossier.online_rate", (), 89.55),
            },
        ),
        (
            "Tổng số hồ sơ đã tiếp nhận và giải quyết: 2.100 hồ sơ, trong đó giải quyết đúng hạn "
            "2.100 hồ sơ, đạt tỷ lệ 100%.",
            {
                ("dossier.received", (), 2100),
                ("dossier.resolved.on_time", (), 2100),
                ("dossier.on_time_rate", (), 100.0),
            },
        ),
        (  # another year than the report's own carries it; the parallel clause inherits
            "Tỷ lệ hồ sơ giải quyết đúng hạn năm 2023 đạt 97%, năm 2024 đạt 99%.",
            {
                ("dossier.on_time_rate", (("year", "2023"),), 97.0),
                ("dossier.on_time_rate", (), 99.0),
            },
        ),
        (  # the second share of a pair keeps the subject of the first
            "Hồ sơ tiếp nhận trực tuyến toàn trình đạt 45%, trực tuyến một phần đạt 30%.",
            {
                ("dossier.online_rate", (("level", "4"),), 45.0),
                ("dossier.online_rate", (("level", "3"),), 30.0),
            },
        ),
    ],
)
def test_rates(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trong quý, UBND xã tiếp nhận 02 đơn phản ánh kiến nghị của công dân.",
            {("feedback.received", (), 2)},
        ),
        (
            "Đã tiếp nhận 45 phản ánh, kiến nghị, đã xử lý 40 phản ánh, kiến nghị, còn 05 phản "
            "ánh kiến nghị đang xử lý.",
            {
                ("feedback.received", (), 45),
                ("feedback.resolved", (), 40),
                ("feedback.pending", (), 5),
            },
        ),
        (
            "- Kết quả tiếp nhận xử lý phản ánh, kiến nghị về quy định hành chính: Không có.",
            {("feedback.received", (), 0)},
        ),
        ("- Số phản ánh, kiến nghị về TTHC: Không.", {("feedback.received", (), 0)}),
        (
            "Tiếp nhận 05 PAKN qua Hệ thống tiếp nhận, trả lời phản ánh kiến nghị, đã trả lời 05 "
            "PAKN.",
            {("feedback.received", (), 5), ("feedback.resolved", (), 5)},
        ),
        (
            "UBND xã đã tiếp nhận 12 đơn phản ánh, kiến nghị của công dân. UBND xã đã giải quyết "
            "xong 10 đơn, còn 02 đơn đang giải quyết.",
            {
                ("feedback.received", (), 12),
                ("feedback.resolved", (), 10),
                ("feedback.pending", (), 2),
            },
        ),
    ],
)
def test_feedback(tmp_path: Path, text: str, expected: set) -> None:
    assert found(tmp_path, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "- Tổng số TTHC thực hiện tại cấp xã: 183 thủ tục",
        "+ Số TTHC đưa ra tiếp nhận tại Bộ phận một cửa 183 thủ tục.",
        "Số TTHC đã tiếp nhận tại Bộ phận Một cửa: 183 thủ tục.",
        "Có 25 TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền.",
        "Tổng số cán bộ, công chức là 18 người, trong đó đại học 14, cao đẳng: 01.",
        "Áp dụng hệ thống quản lý chất lượng TCVN I SO 9001:2015 trong tiếp nhận hồ sơ.",
        "Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 về cơ chế một cửa trong giải quyết "
        "thủ tục hành chính.",
        "Bộ phận một cửa được bố trí 03 máy tính, 02 máy scan để tiếp nhận hồ sơ.",
        "Trong quý III năm 2024 đã tiếp nhận hồ sơ trực tuyến mức độ 3, mức độ 4.",
        "Kế hoạch số 12/KH-UBND ngày 11/3/2024 về kiểm soát thủ tục hành chính và tiếp nhận hồ sơ.",
        "Phấn đấu 100% hồ sơ được giải quyết đúng hạn.",
        "Tỷ lệ DVC trực tuyến toàn trình đạt 60%.",
        "Tỷ lệ hồ sơ thanh toán trực tuyến đạt 55%.",
        "Thực hiện các tiêu chí: tỷ lệ hồ sơ trực tuyến trên 80%.",
        "100% cán bộ, công chức được cấp hộp thư điện tử.",
        "Tỷ lệ số hóa hồ sơ cán bộ, công chức đạt 100%; đã cập nhật 18 hồ sơ công chức.",
        "UBND thị trấn không nhận được phản ánh kiến nghị nào của tổ chức, cá nhân.",
        "Tiếp công dân 15 lượt, tiếp nhận 3 đơn khiếu nại, tố cáo.",
        "UBND xã đã tiếp nhận 25 đơn của công dân, nội dung chủ yếu liên quan đến đất đai.",
        "Số VBQPPL có kiến nghị xử lý đã được xử lý xong: 0",
        "Trên hệ thống thông tin giải quyết TTHC của tỉnh ghi nhận 115 hồ sơ.",
        "So với cùng kỳ năm 2023, số hồ sơ tiếp nhận tăng 120 hồ sơ.",
        "Trung bình mỗi tháng Bộ phận một cửa tiếp nhận 120 hồ sơ.",
        "Đã tiếp nhận 45 hồ sơ đăng ký khai sinh, 30 hồ sơ đăng ký kết hôn.",
        "Đề nghị cấp trên hỗ trợ giải quyết dứt điểm 20 hồ sơ tồn đọng.",
        "- Đối với dịch vụ công thiết yếu của ngành Công an: tiếp nhận, giải quyết 113.014 hồ "
        "sơ trực tuyến/114.932 tổng hồ sơ tiếp nhận, đạt tỷ lệ 98,33%.",
        "Toàn tỉnh phát sinh 5.854 hồ sơ dịch vụ công liên thông, trong đó 5.117 hồ sơ đã trả "
        "kết quả.",
        "Công an tỉnh đã cấp 14.092 phiếu Lý lịch tư pháp trên tổng số 18.114 hồ sơ tiếp nhận.",
        "Sở A đạt 75% của tiêu chí số hóa hồ sơ thì điểm số của Sở A là 16,5 điểm.",
        "III. PHƯƠNG HƯỚNG NHIỆM VỤ QUÝ IV\n- Giải quyết 100% hồ sơ trước và đúng hạn; tiếp "
        "nhận trực tuyến 60% hồ sơ.\n- Số hóa 500 hồ sơ khi tiếp nhận.",
        "Tổng dân số của xã là 13.350 người, diện tích tự nhiên 905,55 ha.",
    ],
)
def test_not_a_dossier_figure(tmp_path: Path, text: str) -> None:
    assert found(tmp_path, text) == set()


def test_scope_of_a_list_item_does_not_pass_to_its_siblings(tmp_path: Path) -> None:
    body = (
        "Kết quả giải quyết TTHC:\n"
        "- Các sở, ngành đã giải quyết 9.000 hồ sơ.\n"
        "- Toàn tỉnh đã giải quyết 30.000 hồ sơ.\n"
        "- Tiếp nhận trực tuyến 20.000 hồ sơ.\n"
    )
    assert found(tmp_path, body, PROVINCE_Q1) == {
        ("dossier.resolved", (("scope", "departments"),), 9000),
        ("dossier.resolved", (), 30000),
        ("dossier.received.online", (), 20000),
    }


def test_digitised_share_after_its_count(tmp_path: Path) -> None:
    body = "Kết quả số hóa: số hồ sơ được số hóa 1.200 hồ sơ, đạt 95,5%."
    assert found(tmp_path, body) == {("dossier.digitized_rate", (), 95.5)}


def test_late_count_with_its_rate_is_no_on_time_rate(tmp_path: Path) -> None:
    body = "Số hồ sơ giải quyết trễ hạn là 120 (tỷ lệ 1,2%)."
    assert found(tmp_path, body) == {("dossier.resolved.late", (), 120)}
