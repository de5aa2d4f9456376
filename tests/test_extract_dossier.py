"""Dossier and feedback rules on sentences and tables written the way reports write them.

Each case is a small report read through the real reader (text, or a Word file made with
python-docx); `found` is every (metric, qualifiers, value) the dossier extractors give.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from extraction import MOTTO, finder, found_in

from extractors import dossier
from extractors.dossier_table import column_metrics
from extractors.dossier_terms import find_terms

COMMUNE = (
    "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\nSố: 125/BC-UBND\n\n" + MOTTO + "An Phú, ngày 15 tháng 9 năm "
    "2024\n\nBÁO CÁO\nKết quả công tác cải cách hành chính quý III năm 2024\n\nI. KẾT QUẢ THỰC "
    "HIỆN\n"
)
PROVINCE = (
    "ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN\n\nSố: 88/BC-UBND\n\n" + MOTTO + "Bình An, ngày 20 tháng 3 "
    "năm 2026\n\nBÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nI. KẾT QUẢ THỰC HIỆN\n"
)


found = finder(dossier.EXTRACTORS, COMMUNE)


def test_extractor_ids_are_versioned() -> None:
    assert [e.id for e in dossier.EXTRACTORS] == [
        "dossier.form.v1",
        "dossier.table.v1",
        "dossier.flat.v1",
        "dossier.stats_table.v1",
        "dossier.list.v1",
        "dossier.rate.v1",
        "dossier.digitized.v1",
        "feedback.sentence.v1",
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
    assert found(tmp_path, body, PROVINCE) == {
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
    assert found(tmp_path, body, PROVINCE) == {
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


# --- tables ---------------------------------------------------------------------------


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
