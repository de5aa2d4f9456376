"""The figure reader on sentences of the genre: each states the whole set of facts the full
extraction (every rule, then selection) yields, so a spurious extra figure fails it."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction import COMMUNE, PROVINCE, finder

from extractors.figures import FigureReader
from pipeline.extract import extract_file


def facts(tmp_path: Path, body: str, head: str = COMMUNE) -> set[tuple]:
    path = tmp_path / "report.txt"
    path.write_text(head + body + "\n", encoding="utf-8")
    out = extract_file(path)
    return {(f.metric, tuple(sorted(f.qualifiers.items())), f.value) for f in out.facts}


CASES = [
    (
        "UBND xã đã thụ lý 1.245 hồ sơ, đã trả kết quả 1.230 hồ sơ, còn 15 hồ sơ đang trong "
        "thời gian xử lý.",
        {
            ("dossier.received", (), 1245),
            ("dossier.resolved", (), 1230),
            ("dossier.pending", (), 15),
        },
    ),
    (
        "Trong kỳ, 856 bộ hồ sơ được tiếp nhận; đúng và trước hạn 850 bộ, trễ hạn 06 bộ.",
        {
            ("dossier.received", (), 856),
            ("dossier.resolved.early_or_on_time", (), 850),
            ("dossier.resolved.late", (), 6),
        },
    ),
    (
        "UBND xã đã công khai 126 TTHC, phân bổ trong 28 lĩnh vực.",
        {("tthc.total", (), 126), ("tthc.fields", (), 28)},
    ),
    (
        "Đội ngũ CBCC xã gồm 22 người, trong đó 11 cán bộ chuyên trách và 11 công chức.",
        {("staff.total", (), 22), ("staff.cadres", (), 11), ("staff.civil_servants", (), 11)},
    ),
    ("UBND huyện giao cho xã 23 chỉ tiêu biên chế.", {("staff.quota", (), 23)}),
    ("Trong kỳ UBND xã tiếp nhận 1 245 hồ sơ.", {("dossier.received", (), 1245)}),
    ("Trong kỳ UBND xã tiếp nhận một trăm hai mươi hồ sơ.", {("dossier.received", (), 120)}),
    (
        "Đã có kết quả trả trước và đúng hạn là 4.157 hồ sơ (đạt 99,71%). Có 90 hồ sơ "
        "(chiếm 2,16%), các cơ quan thụ lý trả lại hồ sơ và người nộp đề nghị rút hồ sơ.",
        {
            ("dossier.resolved.early_or_on_time", (), 4157),
            ("dossier.on_time_rate", (), 99.71),
            ("dossier.returned", (), 90),
        },
    ),
    (
        "Bộ phận một cửa xã đã tiếp nhận và giải quyết 653 hồ sơ, trong đó toàn bộ 653 hồ sơ "
        "được giải quyết trả trước hạn và đúng hạn, đạt 100%.",
        {
            ("dossier.received", (), 653),
            ("dossier.resolved.early_or_on_time", (), 653),
            ("dossier.on_time_rate", (), 100),
        },
    ),
    (
        "Đã tiếp nhận mới 4.131 hồ sơ, hồ sơ tồn kỳ trước chuyển sang là 2.171; đến hạn giải "
        "quyết là 4.169 hồ sơ. Hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn giải quyết "
        "nhưng chưa có kết quả là 12 hồ sơ.",
        {("dossier.received.new", (), 4131), ("dossier.carried_over", (), 2171)},
    ),
    (
        "Số hồ sơ thực hiện dịch vụ công mức độ 3,4 là 99 hồ sơ/382 hồ sơ phát sinh, đạt tỉ lệ "
        "25,9%.",
        {("dossier.received.online", (), 99), ("dossier.online_rate", (), 25.9)},
    ),
    (
        "UBND xã đã tiếp nhận 3.718 hồ sơ, trong đó có 2.255 hồ sơ được nộp trực tuyến, "
        "chiếm 61%. Tỷ lệ số hóa hồ sơ đạt 100%.",
        {
            ("dossier.received", (), 3718),
            ("dossier.received.online", (), 2255),
            ("dossier.online_rate", (), 61),
            ("dossier.digitized_rate", (), 100),
        },
    ),
    (
        "Hồ sơ quá hạn giải quyết nhưng chưa có kết quả 689 hồ sơ chiếm 3,45 %, các cơ quan "
        "thụ lý trả lại hồ sơ và người nộp đề nghị rút hồ sơ là 16 hồ sơ (chiếm 0,08%).",
        {("dossier.pending.overdue", (), 689), ("dossier.returned", (), 16)},
    ),
    # an on-time rate counts the early and the on-time: with no early count, `đúng hạn` is both
    (
        "Số hồ sơ đã giải quyết là 200 hồ sơ; số hồ sơ giải quyết đúng hạn là 198 hồ sơ; tỷ lệ "
        "hồ sơ giải quyết đúng hạn đạt 99%.",
        {
            ("dossier.resolved", (), 200),
            ("dossier.resolved.early_or_on_time", (), 198),
            ("dossier.on_time_rate", (), 99),
        },
    ),
    (
        "Số hồ sơ đã giải quyết là 200 hồ sơ; trước hạn 150 hồ sơ; đúng hạn 48 hồ sơ; tỷ lệ hồ "
        "sơ giải quyết trước và đúng hạn đạt 99%.",
        {
            ("dossier.resolved", (), 200),
            ("dossier.resolved.early", (), 150),
            ("dossier.resolved.on_time", (), 48),
            ("dossier.on_time_rate", (), 99),
        },
    ),
    (
        "Có 1.024 hồ sơ được số hóa khi tiếp nhận và 998 kết quả được số hóa khi trả.",
        {("dossier.digitized_on_receipt", (), 1024), ("dossier.digitized_on_return", (), 998)},
    ),
    (
        "UBND xã nhận được 04 phản ánh, kiến nghị; đã giải quyết xong 03, còn 01 đang xem xét.",
        {("feedback.received", (), 4), ("feedback.resolved", (), 3), ("feedback.pending", (), 1)},
    ),
    (  # a share of the received that is no metric of the vocabulary stays unclaimed
        "Đã tiếp nhận 2.310 hồ sơ (trực tuyến 1.890 hồ sơ, trực tiếp 420 hồ sơ), đã giải quyết "
        "2.290 hồ sơ, đạt 99,1%.",
        {
            ("dossier.received", (), 2310),
            ("dossier.received.online", (), 1890),
            ("dossier.received.direct", (), 420),
            ("dossier.resolved", (), 2290),
        },
    ),
    # a change proposed is not a change made
    (
        "Số lượng TTHC đề nghị sửa đổi quy định về thành phần hồ sơ là 09 TTHC (cấp tỉnh 05 "
        "TTHC, cấp xã 04 TTHC).",
        set(),
    ),
    # a score and the bounds of a range are no figures of the vocabulary
    (
        "Tỷ lệ số hóa hồ sơ chỉ đạt 72% (trường hợp đạt từ 50% đến dưới 80% thì tiêu chí này "
        "đạt 50% điểm số).",
        {("dossier.digitized_rate", (), 72)},
    ),
    # one agency's own figure is not the report's
    (
        "Thanh tra tỉnh có số hồ sơ tiếp nhận, giải quyết theo kỳ báo cáo: 239 hồ sơ, tuy "
        "nhiên trên hệ thống ghi nhận 115 hồ sơ.",
        set(),
    ),
    # numbers that are not figures: a list item, a quoted name, levels, money, a phone line
    ("Sở Nội vụ nhận được Đơn đề nghị thành lập Hội, như sau: 1. Về sự cần thiết", set()),
    ("Tổ chức giải quyết thủ tục hành chính theo mô hình “4 tại chỗ”.", set()),
    ("Người dân còn e ngại khi giao dịch các TTHC trực tuyến mức độ 3 và 4.", set()),
    ("Xã trang bị 1 máy tính trị giá 7 triệu đồng; đường dây nóng 1022.", set()),
    ("Quy trình đã đảm bảo 4 bước tiếp nhận, xử lý, phê duyệt và trả kết quả.", set()),
    (  # a type list may continue its total in the next sentence
        "Tổng số văn bản đi 282 văn bản. Báo cáo: 105, Thông báo: 10, Quyết định: 45.",
        {
            ("docs_issued.total", (), 282),
            ("docs_issued.by_type", (("doc_type", "Báo cáo"),), 105),
            ("docs_issued.by_type", (("doc_type", "Thông báo"),), 10),
            ("docs_issued.by_type", (("doc_type", "Quyết định"),), 45),
        },
    ),
    (  # the area's unit glued to it; the shop named before it
        "Phòng một cửa của UBND xã rộng 35m², có 02 máy tính.",
        {("one_stop.area_m2", (), 35.0)},
    ),
    (  # after the team's count, the people of its sentence are its members
        "Bộ phận một cửa xã gồm 06 cán bộ, công chức do đồng chí Phó Chủ tịch phụ trách và 05 "
        "công chức gồm: công chức Tư pháp hộ tịch 02 đ/c; công chức địa chính.",
        {("staff.one_stop", (), 6)},
    ),
    (  # the shop named by the heading the sentence stands under
        "- Tình hình hoạt động của bộ phận một cửa:\nSử dụng các phần mềm theo quy định.\nVề "
        "nhân sự: Có 02 công chức Tư pháp – Hộ tịch.",
        {("staff.one_stop", (), 2)},
    ),
    (
        "Năm 2023, UBND xã cử 45 lượt cán bộ, công chức tham gia các lớp bồi dưỡng.",
        {("staff.trained", (), 45)},
    ),
    # a rate naming a status after a count of dossiers is a rate of dossiers
    (
        "Trong quý, Bộ phận một cửa đã tiếp nhận 4.500 hồ sơ, giải quyết đúng hạn đạt 99,2%.",
        {("dossier.received", (), 4500), ("dossier.on_time_rate", (), 99.2)},
    ),
    # the words after a rate that name its whole are not the rate's own
    (
        "Số hồ sơ trực tuyến: 12.450 hồ sơ, chiếm 68,2% tổng số hồ sơ tiếp nhận.",
        {("dossier.received.online", (), 12450), ("dossier.online_rate", (), 68.2)},
    ),
    # parts in parentheses say how a count splits: no second reading of the whole
    (
        "Đã giải quyết 17.850 hồ sơ; chưa giải quyết 264 hồ sơ (trong hạn 250, quá hạn 14).",
        {
            ("dossier.resolved", (), 17850),
            ("dossier.pending", (), 264),
            ("dossier.pending.not_due", (), 250),
            ("dossier.pending.overdue", (), 14),
        },
    ),
    (
        "Tổng số dịch vụ công trực tuyến đang cung cấp là 1.345 DVC, trong đó DVC trực tuyến "
        "toàn trình 820, DVC trực tuyến một phần 525.",
        {("tthc.online_level4", (), 820), ("tthc.online_level3", (), 525)},
    ),
    # a period word before a count with its unit leaves it a count
    (
        "Kỳ trước chuyển sang 35 hồ sơ; tiếp nhận mới trong kỳ 1.821 hồ sơ.",
        {("dossier.carried_over", (), 35), ("dossier.received.new", (), 1821)},
    ),
    # a share of the staff meeting a standard is no count of the staff
    ("Đến nay, xã có 18/19 cán bộ, công chức đạt chuẩn theo quy định.", set()),
    # a rate after a count no metric takes is a share of what that count names
    (
        "Đã số hóa 1.020 hồ sơ, kết quả giải quyết TTHC, đạt tỷ lệ 95%.",
        {("dossier.digitized_rate", (), 95.0)},
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_sentence_yields_exactly(tmp_path: Path, body: str, expected: set) -> None:
    assert facts(tmp_path, body) == expected


def test_scope_of_a_provincial_centre(tmp_path: Path) -> None:
    body = (
        "Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận mới 4.131 hồ sơ. Có 15 cơ quan, "
        "đơn vị cấp tỉnh phát sinh hồ sơ trực tuyến với tổng số 1.598 hồ sơ."
    )
    assert facts(tmp_path, body, head=COMMUNE) == {
        ("dossier.received.new", (("scope", "province"),), 4131),
        ("dossier.received.online", (("scope", "province"),), 1598),
    }


def test_letters_are_feedback_only_when_the_sentence_says_so(tmp_path: Path) -> None:
    body = (
        "UBND xã đã giải quyết xong 20 đơn, còn 05 đơn đang giải quyết. UBND xã tiếp nhận 01 "
        "đơn phản ánh kiến nghị của công dân."
    )
    assert facts(tmp_path, body) == {("feedback.received", (), 1)}


def test_a_results_table_in_other_words(tmp_path: Path) -> None:
    body = (
        "Kết quả giải quyết hồ sơ TTHC trong quý:\n\n"
        "| Lĩnh vực | Số hồ sơ nhận | Đã trả kết quả | Trả trước hẹn | Trả đúng hẹn | Trả quá hẹn "
        "| Đang giải quyết |\n|---|---|---|---|---|---|---|\n"
        "| Hộ tịch | 120 | 118 | 100 | 15 | 3 | 2 |\n"
        "| Chứng thực | 300 | 300 | 290 | 10 | 0 | 0 |\n"
        "| Tổng cộng | 420 | 418 | 390 | 25 | 3 | 2 |\n"
    )
    assert facts(tmp_path, body) == {
        ("dossier.by_field", (("field", "Hộ tịch"),), 120),
        ("dossier.by_field", (("field", "Chứng thực"),), 300),
        ("dossier.received", (), 420),
        ("dossier.resolved", (), 418),
        ("dossier.resolved.early", (), 390),
        ("dossier.resolved.on_time", (), 25),
        ("dossier.resolved.late", (), 3),
        ("dossier.pending", (), 2),
    }


def test_a_paragraph_opened_by_another_period_is_that_period(tmp_path: Path) -> None:
    body = (
        "Tháng 9/2021, Trung tâm đã tiếp nhận mới 4.131 hồ sơ. Đã có kết quả trả trước và "
        "đúng hạn là 4.157 hồ sơ.\n\n"
        "Quý III/2021, Trung tâm tiếp nhận mới 14.043 hồ sơ. Đã có kết quả trả trước và đúng "
        "hạn là 14.064 hồ sơ.\n"
    )
    quarter = (("period", "quý III/2021"),)
    assert facts(tmp_path, body, head="Kết quả giải quyết TTHC tháng 9 và quý III/2021\n\n") == {
        ("dossier.received.new", (), 4131),
        ("dossier.resolved.early_or_on_time", (), 4157),
        ("dossier.received.new", quarter, 14043),
        ("dossier.resolved.early_or_on_time", quarter, 14064),
    }


def test_an_approximate_figure_keeps_its_value_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    body = "Trong kỳ, UBND xã tiếp nhận hơn 7.400 hồ sơ, đã giải quyết 7.350 hồ sơ.\n"
    path.write_text(COMMUNE + body, encoding="utf-8")
    got = {(f.metric, f.value, f.approximate) for f in extract_file(path).facts}
    assert got == {("dossier.received", 7400, True), ("dossier.resolved", 7350, False)}


# Procedure sentences the figure reader reads by itself, by the vocabulary and the decision
# table (no procedure rule beside it): each states the whole set the reader yields.
READER_ONLY = [
    (
        "Trong kỳ, UBND tỉnh công bố 25 TTHC mới, 10 TTHC sửa đổi, bổ sung và 5 TTHC bị bãi bỏ.",
        {("tthc.announced_new", (), 25), ("tthc.amended", (), 10), ("tthc.abolished", (), 5)},
    ),
    (
        "Trong quý, Chủ tịch UBND tỉnh đã công bố 12 Quyết định; trong đó, công bố mới 45 thủ "
        "tục, sửa đổi, bổ sung 210 thủ tục và bãi bỏ 37 thủ tục.",
        {("tthc.announced_new", (), 45), ("tthc.amended", (), 210), ("tthc.abolished", (), 37)},
    ),
    ("Kết quả rà soát: đề nghị bãi bỏ 3 thủ tục, sửa đổi 2 thủ tục.", set()),
    ("Đã rà soát 20 TTHC thuộc thẩm quyền giải quyết của UBND xã.", set()),
    ("UBND xã đang thực hiện 12 TTHC liên thông theo cơ chế một cửa.", set()),
    ("Tổng số TTHC: 133 (đã công khai đầy đủ).", {("tthc.total", (), 133)}),
    ("Số TTHC mức độ 4 được cung cấp là 35 TTHC.", {("tthc.online_level4", (), 35)}),
    ("Số thủ tục được cung cấp trực tuyến một phần: 41.", {("tthc.online_level3", (), 41)}),
    ("Số TTHC cung cấp dịch vụ công mức độ 3, 4: 60 thủ tục.", set()),
    (
        "Số TTHC thực hiện theo cơ chế một cửa: 135; số TTHC thực hiện theo cơ chế một cửa "
        "liên thông: 15.",
        {("tthc.one_stop", (), 135)},
    ),
    ("Số TTHC đủ điều kiện cung cấp trực tuyến toàn trình: 70.", set()),
    (
        "- Có 25 TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền.",
        {("tthc.inter_level", (), 25)},
    ),
    # the levels a joint procedure spans are no scope of its count
    (
        "UBND xã thực hiện 12 TTHC liên thông giữa cấp xã với cấp huyện.",
        {("tthc.inter_level", (), 12)},
    ),
    ("+ Có 29 TTHC được cung cấp dịch vụ công mức độ 2.", {("tthc.online_level2", (), 29)}),
    ("Số TTHC đưa ra tiếp nhận tại Bộ phận một cửa 183 thủ tục.", {("tthc.one_stop", (), 183)}),
    (
        "- Số TTHC tiếp nhận và trả kết quả tại Bộ phận Một cửa: 108/108 TTHC.",
        {("tthc.one_stop", (), 108)},
    ),
    # handled in the period: dossiers, which this reader (procedures only) does not give
    ("Trong quý, Bộ phận Một cửa đã tiếp nhận và giải quyết 207 thủ tục.", set()),
    # a wider set than the unit's own, with no authority named whose catalogue it is: only
    # the unit's own part is the report's
    (
        "Thủ tục hành chính cấp xã gồm: 30 lĩnh vực với 105 thủ tục (Trong đó tổng số thủ tục "
        "hành chính áp dụng tại xã gồm 12 lĩnh vực với 52 thủ tục).",
        {("tthc.total", (), 52), ("tthc.fields", (), 12)},
    ),
    (
        "UBND xã đang thực hiện 112 thủ tục/26 lĩnh vực.",
        {("tthc.total", (), 112), ("tthc.fields", (), 26)},
    ),
    # procedures counted with their fields are the unit's set, whatever verb states them
    (
        "Hiện nay, xã thực hiện 98 thủ tục thuộc 27 lĩnh vực.",
        {("tthc.total", (), 98), ("tthc.fields", (), 27)},
    ),
    (
        "UBND xã niêm yết 117 thủ tục/25 lĩnh vực tại Bộ phận một cửa.",
        {("tthc.total", (), 117), ("tthc.fields", (), 25)},
    ),
    # a part in parentheses that names no set of its own is no second total
    (
        "Số TTHC thuộc phạm vi giải quyết của UBND xã gồm 103 thủ tục thuộc 30 lĩnh vực (bỏ 16 "
        "thủ tục thuộc 02 lĩnh vực: Kiểm lâm, đường thủy nội địa).",
        {("tthc.total", (), 103), ("tthc.fields", (), 30)},
    ),
    (
        "100% TTHC (96 thủ tục) được tiếp nhận và trả kết quả tại Bộ phận Một cửa xã.",
        {("tthc.one_stop", (), 96)},
    ),
    # ... unless words make them a part removed from the set
    ("UBND xã đề nghị bãi bỏ 16 thủ tục thuộc 02 lĩnh vực.", set()),
    # a review named in the sentence before does not hide the unit's own labelled total
    (
        "- Kết quả rà soát, đơn giản hóa TTHC: Không.\n- Tổng số TTHC thực hiện tại cấp xã: 183 "
        "thủ tục.",
        {("tthc.total", (), 183)},
    ),
]


read_by_the_reader = finder((FigureReader(("tthc",)),))


@pytest.mark.parametrize(("body", "expected"), READER_ONLY)
def test_the_reader_alone_reads_procedure_sentences(
    tmp_path: Path, body: str, expected: set
) -> None:
    assert read_by_the_reader(tmp_path, body) == expected


def test_a_procedure_total_by_level_gives_each_level_its_scope(tmp_path: Path) -> None:
    body = "Tổng số TTHC là 2.310 TTHC (trong đó, cấp tỉnh là 1.865 TTHC, cấp xã là 445 TTHC)."
    assert read_by_the_reader(tmp_path, body, PROVINCE) == {
        ("tthc.total", (), 2310),
        ("tthc.total", (("scope", "province"),), 1865),
        ("tthc.total", (("scope", "commune"),), 445),
    }


# Staffing sentences the figure reader reads by itself (no staffing rule beside it).
STAFF_READER_ONLY = [
    (
        "Tổng số cán bộ, công chức xã là 18 người. Trong đó cán bộ 11 người, công chức 07 người.",
        {("staff.total", (), 18), ("staff.cadres", (), 11), ("staff.civil_servants", (), 7)},
    ),
    # the items under another list marker right after the count in post are its parts; a
    # bare figure labelled with the posts assigned is the quota
    (
        "- Tổng số biên chế được giao: 20.  Số hiện có: 18.\n + Cán bộ 10\n\n+ công chức 8.",
        {
            ("staff.quota", (), 20),
            ("staff.total", (), 18),
            ("staff.cadres", (), 10),
            ("staff.civil_servants", (), 8),
        },
    ),
    (
        "Biên chế công chức là 7.120; số biên chế đã tinh giản trong kỳ: 0.",
        {("staff.quota", (), 7120)},
    ),
    # tasks assigned are no posts assigned
    ("Tổng số nhiệm vụ được giao là 123, đã hoàn thành đúng hạn 123/123 nhiệm vụ.", set()),
    (
        "Xã được giao 21 biên chế, hiện có 20 người.",
        {("staff.quota", (), 21), ("staff.total", (), 20)},
    ),
    (
        "Tổng số cán bộ, công chức phường hiện có 19/21 biên chế được giao.",
        {("staff.total", (), 19), ("staff.quota", (), 21)},
    ),
    ("Số cán bộ hiện có 12 người.", {("staff.cadres", (), 12)}),
    (
        "Người hoạt động không chuyên trách xã: 12 người;\nở thôn, tổ dân phố: 40 người.",
        {("staff.part_time", (), 12), ("staff.part_time", (("level", "village"),), 40)},
    ),
    # a count by education level is no count of the whole staff
    ("Cán bộ, công chức có trình độ đại học: 18 người.", set()),
    # a share of posts filled is no count of people in post
    ("Có 9.548/9.976 biên chế được giao đã sử dụng.", set()),
]

read_staff_by_the_reader = finder((FigureReader(("staff",)),))


@pytest.mark.parametrize(("body", "expected"), STAFF_READER_ONLY)
def test_the_reader_alone_reads_staffing_sentences(
    tmp_path: Path, body: str, expected: set
) -> None:
    assert read_staff_by_the_reader(tmp_path, body) == expected
