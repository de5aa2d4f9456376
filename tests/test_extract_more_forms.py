"""Further forms of the genre read end to end: a short report written to a file, extracted by
the whole pipeline, and the facts it gives as (metric, sorted qualifiers, value)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_file


def _head(unit: str) -> str:
    return f"ỦY BAN NHÂN DÂN\n{unit}\n\nBÁO CÁO\nCông tác cải cách hành chính\n\n"


COMMUNE = _head("XÃ AN PHÚ")
DISTRICT = _head("HUYỆN BÌNH SƠN")
PROVINCE = _head("TỈNH BÌNH AN")


def facts(tmp_path: Path, body: str, head: str = COMMUNE) -> set[tuple]:
    path = tmp_path / "report.txt"
    path.write_text(head + body + "\n", encoding="utf-8")
    return {
        (f.metric, tuple(sorted(f.qualifiers.items())), f.value) for f in extract_file(path).facts
    }


@pytest.mark.parametrize(
    ("body", "metric", "other"),
    [
        (
            "Trong kỳ đã giải quyết 1.549 hồ sơ (trước hạn: 1.460; đúng hạn: 89; quá hạn: không).",
            "dossier.resolved.late",
            ("dossier.resolved.on_time", 89),
        ),
        (
            "Số hồ sơ giải quyết là 57 (quá hạn: không có; trước hạn: 20; đúng hạn: 37).",
            "dossier.resolved.late",
            ("dossier.resolved.early", 20),
        ),
        (
            "Đã giải quyết 230 hồ sơ (đúng hạn: 230, trễ hạn: Không)",
            "dossier.resolved.late",
            ("dossier.resolved.on_time", 230),
        ),
    ],
)
def test_status_answered_no_inside_a_list_is_zero(
    tmp_path: Path, body: str, metric: str, other: tuple
) -> None:
    got = facts(tmp_path, body)
    assert (metric, (), 0) in got
    assert (other[0], (), other[1]) in got


@pytest.mark.parametrize(
    "body",
    [
        "Hồ sơ quá hạn: không phát sinh trong kỳ.",
        "Nguyên nhân hồ sơ quá hạn: không rõ, đang rà soát.",
    ],
)
def test_no_without_a_colon_answer_gives_no_zero_late(tmp_path: Path, body: str) -> None:
    assert not any(m == "dossier.resolved.late" for m, _, _ in facts(tmp_path, body))


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("- Đang giải quyết 76 hồ sơ, tất cả trong hạn.", 76),
        ("Hiện đang giải quyết 15 hồ sơ, đều trong hạn.", 15),
        ("Còn 23 hồ sơ đang xử lý, đều chưa đến hạn.", 23),
        ("Số hồ sơ đang giải quyết là 9 hồ sơ (trong hạn).", 9),
        ("Đang giải quyết 1.204 hồ sơ, toàn bộ còn trong thời hạn; không có hồ sơ quá hạn.", 1204),
    ],
)
def test_pending_all_within_term_is_also_not_due(tmp_path: Path, body: str, count: int) -> None:
    got = facts(tmp_path, body)
    assert ("dossier.pending", (), count) in got
    assert ("dossier.pending.not_due", (), count) in got


@pytest.mark.parametrize(
    "body",
    [
        "Đang giải quyết 12 hồ sơ, trong hạn 10 hồ sơ, quá hạn 2 hồ sơ.",
        "Đã giải quyết 40 hồ sơ, đều trong hạn.",
        "Đang giải quyết 31 hồ sơ, trong đó 4 hồ sơ quá hạn.",
    ],
)
def test_pending_split_or_resolved_is_not_all_not_due(tmp_path: Path, body: str) -> None:
    got = facts(tmp_path, body)
    pending = {v for m, _, v in got if m == "dossier.pending"}
    assert not any(m == "dossier.pending.not_due" and v in pending for m, _, v in got)


@pytest.mark.parametrize(
    ("body", "items"),
    [
        (
            "Số hồ sơ tiếp nhận theo lĩnh vực: Lý lịch tư pháp: 1.372 hồ sơ; Hộ tịch: 146 hồ sơ; "
            "Quốc tịch: 12 hồ sơ.",
            {"Lý lịch tư pháp": 1372, "Hộ tịch": 146, "Quốc tịch": 12},
        ),
        (
            "Hồ sơ đã tiếp nhận, phân theo lĩnh vực như sau:\n- Đất đai: 58 hồ sơ;\n"
            "- Chứng thực: 2.040 hồ sơ;\n- Bảo trợ xã hội: 7 hồ sơ.",
            {"Đất đai": 58, "Chứng thực": 2040, "Bảo trợ xã hội": 7},
        ),
    ],
)
def test_dossier_items_named_with_a_colon_under_a_field_lead(
    tmp_path: Path, body: str, items: dict
) -> None:
    got = facts(tmp_path, body)
    by_field = {dict(q)["field"]: v for m, q, v in got if m == "dossier.by_field"}
    assert by_field == items
    assert not any(m == "dossier.received" for m, _, _ in got)  # the first item is no total


def test_dossier_items_with_a_colon_need_a_lead_naming_fields(tmp_path: Path) -> None:
    got = facts(tmp_path, "Kết quả trong kỳ: Tiếp nhận: 310 hồ sơ; Giải quyết: 305 hồ sơ.")
    assert not any(m == "dossier.by_field" for m, _, _ in got)


@pytest.mark.parametrize(
    ("body", "total", "items"),
    [
        (
            "Tổng số TTHC đang áp dụng gồm 96 TTHC thuộc 12 lĩnh vực, cụ thể: Bảo trợ xã hội 17; "
            "Người có công 9; Đất đai 4.",
            96,
            {"Bảo trợ xã hội": 17, "Người có công": 9, "Đất đai": 4},
        ),
        (
            "Bộ TTHC của xã gồm 80 thủ tục, cụ thể: Hộ tịch 20; Chứng thực 8; Tư pháp 5.",
            80,
            {"Hộ tịch": 20, "Chứng thực": 8, "Tư pháp": 5},
        ),
    ],
)
def test_procedure_items_without_a_unit_after_a_procedure_total(
    tmp_path: Path, body: str, total: int, items: dict
) -> None:
    got = facts(tmp_path, body)
    assert ("tthc.total", (), total) in got
    by_field = {dict(q)["field"]: v for m, q, v in got if m == "tthc.by_field"}
    assert by_field == items


@pytest.mark.parametrize(
    ("body", "changes"),
    [
        (
            "Trong kỳ đã công bố mới 12 TTHC, sửa đổi, bổ sung 07 TTHC, bãi bỏ 03 TTHC.",
            {"tthc.announced_new": 12, "tthc.amended": 7, "tthc.abolished": 3},
        ),
        (
            "Đã công bố 40 TTHC, trong đó: công bố mới 25 TTHC; sửa đổi, bổ sung 9 TTHC; "
            "bãi bỏ 6 TTHC.",
            {"tthc.announced_new": 25, "tthc.amended": 9, "tthc.abolished": 6},
        ),
    ],
)
def test_verbs_of_change_are_not_fields(tmp_path: Path, body: str, changes: dict) -> None:
    got = facts(tmp_path, body, PROVINCE)
    for metric, value in changes.items():
        assert (metric, (), value) in got
    assert not any(m == "tthc.by_field" for m, _, _ in got)


@pytest.mark.parametrize(
    ("body", "postgraduate"),
    [
        ("Trình độ: Thạc sỹ 3 người, Đại học 12 người.", 3),
        ("Trình độ chuyên môn: Thạc sĩ 02 người; Đại học 15 người.", 2),
        ("Về trình độ: Đại học 9 người, Tiến sỹ 1 người.", 1),
    ],
)
def test_postgraduate_in_both_spellings(tmp_path: Path, body: str, postgraduate: int) -> None:
    got = facts(tmp_path, body, DISTRICT)
    assert ("staff.edu", (("level", "postgraduate"),), postgraduate) in got


@pytest.mark.parametrize(
    ("body", "metric", "total", "parts"),
    [
        (
            "Số TTHC cung cấp dịch vụ công trực tuyến toàn trình: 148 thủ tục (cấp huyện 97, "
            "cấp xã 51).",
            "tthc.online_level4",
            148,
            (97, 51),
        ),
        (
            "- Trực tuyến một phần: 162 thủ tục (cấp huyện 118, cấp xã 44);",
            "tthc.online_level3",
            162,
            (118, 44),
        ),
        (
            "Có 75 TTHC cung cấp dịch vụ công trực tuyến toàn trình (cấp huyện 50; cấp xã 25).",
            "tthc.online_level4",
            75,
            (50, 25),
        ),
        (
            "Tổng số TTHC của huyện là 300 thủ tục (cấp huyện 200, cấp xã 100).",
            "tthc.total",
            300,
            (200, 100),
        ),
    ],
)
def test_parts_by_level_in_parentheses_after_a_total(
    tmp_path: Path, body: str, metric: str, total: int, parts: tuple
) -> None:
    got = facts(tmp_path, body, DISTRICT)
    assert (metric, (), total) in got
    assert (metric, (("scope", "district"),), parts[0]) in got
    assert (metric, (("scope", "commune"),), parts[1]) in got


@pytest.mark.parametrize(
    ("body", "total", "parts"),
    [
        (
            "Tổng số TTHC thuộc thẩm quyền giải quyết của UBND cấp huyện và cấp xã trên địa bàn: "
            "399 thủ tục, trong đó cấp huyện 272 thủ tục, cấp xã 127 thủ tục.",
            399,
            (272, 127),
        ),
        (
            "Số TTHC thuộc thẩm quyền của cấp huyện, cấp xã là 512 TTHC, trong đó: cấp huyện 380 "
            "TTHC; cấp xã 132 TTHC.",
            512,
            (380, 132),
        ),
    ],
)
def test_a_total_naming_several_levels_is_unscoped(
    tmp_path: Path, body: str, total: int, parts: tuple
) -> None:
    got = facts(tmp_path, body, DISTRICT)
    totals = {(q, v) for m, q, v in got if m == "tthc.total"}
    assert totals == {
        ((), total),
        ((("scope", "district"),), parts[0]),
        ((("scope", "commune"),), parts[1]),
    }


@pytest.mark.parametrize(
    ("body", "head", "scope", "full", "part"),
    [
        (
            "Trong 104 TTHC cấp tỉnh, có 71 TTHC cung cấp dịch vụ công trực tuyến toàn trình, "
            "33 TTHC cung cấp dịch vụ công trực tuyến một phần.",
            PROVINCE,
            "province",
            71,
            33,
        ),
        (
            "Trong số 260 TTHC cấp huyện, có 120 TTHC cung cấp dịch vụ công trực tuyến toàn "
            "trình, 95 TTHC cung cấp dịch vụ công trực tuyến một phần.",
            PROVINCE,
            "district",
            120,
            95,
        ),
        (
            "Trong 96 TTHC cấp xã, có 30 TTHC cung cấp dịch vụ công trực tuyến toàn trình, "
            "40 TTHC cung cấp dịch vụ công trực tuyến một phần.",
            COMMUNE,
            None,
            30,
            40,
        ),
    ],
)
def test_online_counts_drawn_from_a_set_carry_its_scope(
    tmp_path: Path, body: str, head: str, scope: str | None, full: int, part: int
) -> None:
    got = facts(tmp_path, body, head)
    q = (("scope", scope),) if scope else ()
    assert ("tthc.online_level4", q, full) in got
    assert ("tthc.online_level3", q, part) in got


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("100% TTHC (96 thủ tục) được tiếp nhận và trả kết quả tại Bộ phận Một cửa xã.", 96),
        ("Có 100% TTHC (105 TTHC) được thực hiện theo cơ chế một cửa.", 105),
        (
            "100% thủ tục hành chính (87 thủ tục) thuộc thẩm quyền được tiếp nhận, trả kết quả "
            "tại Bộ phận một cửa.",
            87,
        ),
    ],
)
def test_a_share_of_procedures_at_the_one_stop_shop_gives_its_count(
    tmp_path: Path, body: str, count: int
) -> None:
    assert ("tthc.one_stop", (), count) in facts(tmp_path, body)


@pytest.mark.parametrize(
    "body",
    [
        "100% TTHC (96 thủ tục) được công khai trên Cổng dịch vụ công.",
        "Tiếp nhận 100% hồ sơ (320 hồ sơ) tại Bộ phận Một cửa.",
    ],
)
def test_a_share_not_said_of_the_one_stop_set_gives_no_one_stop_count(
    tmp_path: Path, body: str
) -> None:
    assert not any(m == "tthc.one_stop" for m, _, _ in facts(tmp_path, body))


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (
            "Thực hiện cơ chế một cửa, một cửa liên thông: có 02 công chức thường trực tiếp nhận, "
            "trả kết quả tại Bộ phận Một cửa.",
            2,
        ),
        ("Về cơ chế một cửa: UBND xã có 03 công chức thường trực tiếp nhận và trả kết quả.", 3),
        ("Bộ phận Một cửa của xã có 04 công chức thường trực tiếp nhận, trả kết quả.", 4),
    ],
)
def test_staff_on_duty_receiving_and_returning_at_the_one_stop_shop(
    tmp_path: Path, body: str, count: int
) -> None:
    assert ("staff.one_stop", (), count) in facts(tmp_path, body)


@pytest.mark.parametrize(
    "body",
    [
        "Văn phòng có 02 công chức thường trực tiếp nhận, trả lời đơn thư.",
        "UBND xã phân công 06 công chức trực tiếp nhận, giải quyết hồ sơ.",
    ],
)
def test_staff_receiving_outside_the_one_stop_shop_are_not_its_staff(
    tmp_path: Path, body: str
) -> None:
    assert not any(m == "staff.one_stop" for m, _, _ in facts(tmp_path, body))


MONTHLY = (
    "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\nSố: 210/BC-UBND\n\nAn Phú, ngày 20 tháng 10 năm 2023\n\n"
    "BÁO CÁO\nKết quả công tác cải cách hành chính tháng 10 năm 2023\n\nI. KẾT QUẢ THỰC HIỆN\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "So với cùng kỳ năm 2021 (3.263 hồ sơ), số hồ sơ tiếp nhận tăng 412 hồ sơ.",
            ("dossier.received", (("year", "2021"),), 3263),
        ),
        (
            "So với cùng kỳ năm 2022 (đã giải quyết 1.045 hồ sơ), kết quả tháng này cao hơn.",
            ("dossier.resolved", (("year", "2022"),), 1045),
        ),
        (  # no year written: the stretch as written
            "So với cùng kỳ năm trước (tiếp nhận 900 hồ sơ), số hồ sơ tăng 20 hồ sơ.",
            ("dossier.received", (("period", "cùng kỳ năm trước"),), 900),
        ),
    ],
)
def test_the_same_stretch_of_another_year_is_that_year(
    tmp_path: Path, body: str, expected: tuple
) -> None:
    assert expected in facts(tmp_path, body, MONTHLY)


@pytest.mark.parametrize(
    ("body", "period", "received", "resolved"),
    [
        (
            "Luỹ kế 10 tháng đầu năm 2023: tiếp nhận 14.927 hồ sơ, đã giải quyết 14.851 hồ sơ.",
            "10 tháng đầu năm 2023",
            14927,
            14851,
        ),
        (
            "- Lũy kế 9 tháng: tiếp nhận 8.120 hồ sơ; đã giải quyết 8.004 hồ sơ.",
            "9 tháng",
            8120,
            8004,
        ),
        (
            "Lũy kế từ đầu năm đến nay: tiếp nhận 5.310 hồ sơ, đã giải quyết 5.222 hồ sơ.",
            "Lũy kế từ đầu năm đến nay",
            5310,
            5222,
        ),
    ],
)
def test_a_running_total_leading_a_sentence_gives_every_figure_its_period(
    tmp_path: Path, body: str, period: str, received: int, resolved: int
) -> None:
    got = facts(tmp_path, body, MONTHLY)
    assert ("dossier.received", (("period", period),), received) in got
    assert ("dossier.resolved", (("period", period),), resolved) in got


@pytest.mark.parametrize(
    ("header", "qualifiers"),
    [
        ("Lũy kế 9 tháng", (("period", "9 tháng"),)),
        ("Luỹ kế 10 tháng đầu năm 2023", (("period", "10 tháng đầu năm 2023"),)),
        ("Lũy kế từ đầu năm", (("period", "Lũy kế từ đầu năm"),)),
        ("Cùng kỳ năm 2022", (("year", "2022"),)),
        ("Cùng kỳ 2021", (("year", "2021"),)),
    ],
)
def test_table_columns_of_running_totals_and_of_the_same_stretch_of_another_year(
    tmp_path: Path, header: str, qualifiers: tuple
) -> None:
    body = (
        f"| Nội dung | Tháng 10/2023 | {header} |\n|---|---|---|\n"
        "| Số hồ sơ tiếp nhận | 1.512 | 13.407 |\n"
    )
    got = facts(tmp_path, body, MONTHLY)
    assert ("dossier.received", (), 1512) in got
    assert ("dossier.received", qualifiers, 13407) in got
