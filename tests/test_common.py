"""What every rule family shares, on documents read by the real reader."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractors.common import (
    candidate,
    clause_around,
    clauses,
    clean_field,
    has_words,
    is_whole_label,
    level_label,
    loose_re,
    numbers,
    period_of,
    report_level,
    scope_of,
    sentences,
    table_values,
    year_of,
)
from pipeline.load import load_document
from schemas import Document


def _doc(tmp_path: Path, text: str, name: str = "report.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_sentences_are_exact_spans_of_the_text(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "4. Cải cách chế độ công vụ\nTổng số cán bộ, công chức xã là 18 người. Trong đó cán\n"
        "bộ 11 người, công chức 07 người.\n",
    )
    spans = sentences(doc)
    assert spans, "no sentences"
    for s in spans:
        assert doc.text[s.start : s.end] == s.text
    joined = " ".join(s.text for s in spans)
    assert "18 người" in joined and "công chức 07 người" in joined
    assert any(s.context == "Cải cách chế độ công vụ" for s in spans if "18" in s.text)


def test_table_cells_with_words_and_figures_read_as_sentences(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "| STT | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú |\n"
        "| 2 | Số liệu về biên chế công chức | | | |\n"
        "| 2.2 | Tổng số biên chế có mặt | Người | 8.334 | Số người có mặt: 8.334 (cấp tỉnh: "
        "2.744, cấp xã: 5.590). |\n",
    )
    cells = [s for s in sentences(doc) if s.table is not None]
    assert [s.text for s in cells] == ["Số người có mặt: 8.334 (cấp tỉnh: 2.744, cấp xã: 5.590)."]
    assert "Số liệu về biên chế công chức" in cells[0].context
    assert "Tổng số biên chế có mặt" in cells[0].context


@pytest.mark.parametrize(
    ("text", "seps", "parts"),
    [
        ("Hộ tịch 19 thủ tục; Chứng thực 11 thủ tục; Đất đai: 1", ";", 3),
        ("đạt 98,8%, còn 01 hồ sơ; (trong đó; 2 hồ sơ) xong", ";", 2),
        ("đại học 14, cao đẳng: 01, trung cấp: 03", ",", 3),
        ("tỷ lệ 98,8% và 97,37%", ",", 1),
    ],
)
def test_clauses_split_at_separators_outside_parentheses(text: str, seps: str, parts: int) -> None:
    found = clauses(text, 0, len(text), seps)
    assert len(found) == parts
    for a, b in found:
        assert text[a:b] == text[a:b].strip()


def test_clause_around_holds_the_offset() -> None:
    text = "Hộ tịch 19 thủ tục; Chứng thực 11 thủ tục"
    a, b = clause_around(text, 0, len(text), text.index("11"))
    assert text[a:b] == "Chứng thực 11 thủ tục"


def test_candidate_evidence_always_contains_the_figure() -> None:
    text = "Tổng số cán bộ, công chức xã là 18 người."
    fig = numbers(text)[0]
    c = candidate("staff.total", 18, (0, 10), fig, "x.v1", {"scope": None, "year": "2021"})
    assert c.start <= c.figure_start < c.figure_end <= c.end
    assert text[c.figure_start : c.figure_end] == "18"
    assert c.qualifiers == {"year": "2021"}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 gồm 103 thủ tục", [103]),
        ("ISO 9001:2015 và 2.231 hồ sơ, đạt 98,8%", [2231, 98.8]),
        ("Tổng số 736 thủ tục hành chính", [736]),
        ("Trung cấp 11/11 người", []),
    ],
)
def test_numbers_skip_references_dates_and_ratios(text: str, values: list) -> None:
    assert [n.value for n in numbers(text)] == values


@pytest.mark.parametrize(
    ("text", "level", "scope"),
    [
        ("biên chế cấp tỉnh", "province", "province"),
        ("cấp xã là 445 TTHC", "province", "commune"),
        ("Tổng số TTHC thực hiện tại cấp xã", "commune", None),
        ("áp dụng tại xã", "commune", None),
        ("Số TTHC cấp huyện", "commune", "district"),
        ("Tổng số hồ sơ các sở, ngành đã giải quyết", "province", "departments"),
        ("của UBND thị trấn", "commune", None),
        ("Trung tâm Hành chính công cấp huyện", "province", "district"),
        ("cán bộ, công chức cấp xã trên địa bàn tỉnh", "province", "commune"),
        ("hồ sơ cấp xã toàn huyện", "district", "commune"),
        ("toàn tỉnh", "province", None),
        ("trên địa bàn tỉnh", "district", "province"),
        # a scope inside parentheses with figures is theirs, not the sentence's
        ("Tỷ lệ đúng hạn toàn huyện đạt 98,1% (cấp huyện 97,5%, cấp xã 99,2%).", "district", None),
        ("Số hồ sơ tiếp nhận (cấp xã)", "district", "commune"),
        ("đạt 96% (cấp tỉnh 97%), cấp xã đạt", "province", "commune"),
    ],
)
def test_scope_of(text: str, level: str, scope: str | None) -> None:
    assert scope_of(text, level) == scope


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("ỦY BAN NHÂN DÂN\nXÃ HÀ TIẾN\nBÁO CÁO\nCải cách hành chính\n", "commune"),
        ("ỦY BAN NHÂN DÂN\nTHỊ TRẤN THANH HÀ\nBÁO CÁO\n", "commune"),
        (
            "BÁO CÁO\nTrên đây là báo cáo công tác CCHC quý I của Ủy ban nhân dân tỉnh Lâm Đồng.",
            "province",
        ),
        ("BÁO CÁO\nTrên đây là báo cáo của UBND huyện Cẩm Giàng./.", "district"),
        ("BÁO CÁO\nUBND phường An Lạc đã triển khai. UBND tỉnh chỉ đạo.", "commune"),
    ],
)
def test_report_level(tmp_path: Path, text: str, level: str) -> None:
    assert report_level(_doc(tmp_path, text)) == level


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Năm 2019", "2019"),
        ("Năm 2020 (Tính đến 31/3)", "2020"),
        ("2018", "2018"),
        ("Số liệu", None),
        ("2011 - 2020", None),
    ],
)
def test_year_of(text: str, year: str | None) -> None:
    assert year_of(text) == year


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("trong quý III/2021 đã tiếp nhận", "quý III/2021"),
        ("kết quả 6 tháng đầu năm 2023", "6 tháng đầu năm 2023"),
        ("trong kỳ báo cáo", None),
    ],
)
def test_period_of(text: str, period: str | None) -> None:
    assert period_of(text) == period


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("Lĩnh vực Hộ tịch:", "Hộ tịch"),
        ("lĩnh vực thể thao", "thể thao"),
        ("- Lĩnh vực Bảo trợ xã hội: ", "Bảo trợ xã hội"),
        ("3. Tư pháp – Hộ tịch", "Tư pháp – Hộ tịch"),
        ("Quản ly giá công sản", "Quản ly giá công sản"),
        ("Chúng thực;", "Chúng thực"),
    ],
)
def test_clean_field_keeps_the_texts_spelling(raw: str, field: str) -> None:
    assert clean_field(raw) == field


def test_has_words_ignores_tone_placement_and_marks() -> None:
    assert has_words("Bộ phận Tiếp nhận và trả kết quả hiện đại hoá", "hiện đại hóa")
    assert has_words("Quản ly giá", "quản lý giá")
    assert not has_words("hồ sơ", "thủ tục")


YEAR_TABLE = (
    "STT\tChỉ tiêu\tCác năm\t\t\n"
    "\t\tNăm 2018\tNăm 2019\tNăm 2020 (Tính đến 31/3)\n"
    "-\tSố lượng TTHC tiếp nhận tại Bộ phận Một cửa cấp xã\t131\t134\t162\n"
    "-\tSố TTHC liên thông giữa các cấp\t\t39\t41\n"
)


def test_table_values_with_year_columns(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "BÁO CÁO\n\n" + YEAR_TABLE)
    got = [(v.label[:9], v.year, v.value) for v in table_values(doc)]
    assert got == [
        ("Số lượng ", "2018", 131),
        ("Số lượng ", "2019", 134),
        ("Số lượng ", "2020", 162),
        ("Số TTHC l", "2019", 39),
        ("Số TTHC l", "2020", 41),
    ]
    for v in table_values(doc):
        assert doc.text[v.figure.start : v.figure.end] == v.figure.surface
        assert v.row_start <= v.figure.start < v.row_end


INDEXED_TABLE = (
    "| STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú |\n"
    "| 1 | Thống kê TTHC | | | |\n"
    "| 1.4 | Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương | Thủ tục | 2.310 | |\n"
    "| 1.4.1 | Số TTHC cấp tỉnh | Thủ tục | 1.865 | |\n"
    "| 2.1 | Tỷ lệ TTHC tại Bộ phận Một cửa | % | 100 | |\n"
)


def test_table_values_with_index_unit_and_section(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "BÁO CÁO\n\n" + INDEXED_TABLE)
    got = {v.index: (v.label, v.unit, v.value, v.section) for v in table_values(doc)}
    assert got["1.4"][1:3] == ("thủ tục", 2310)
    assert got["1.4.1"] == ("Số TTHC cấp tỉnh", "thủ tục", 1865, got["1.4"][0])
    assert got["2.1"][1:3] == ("%", 100)
    assert "1" not in got  # a section row has no figure


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("- 12 TTHC mức độ 3", [12, 3]),
        ("giai đoạn 2011 - 2020 có 15 thủ tục", [15]),
        ("Hộ tịch – 19 thủ tục", [19]),
    ],
)
def test_numbers_keep_figures_after_a_dash(text: str, values: list) -> None:
    assert [n.value for n in numbers(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Số liệu tổng hợp tại Bảng 2. Tổng số 540 hồ sơ", [540]),
        ("theo Biểu mẫu 03 gồm 12 chỉ tiêu", [12]),
        ("Phụ lục số 4: 27 thủ tục", [27]),
        ("đã báo cáo theo Mẫu số 05, có 8 hồ sơ", [8]),
        ("như đã nêu tại mục 3, còn 15 hồ sơ", [15]),
        ("chi tiết tại biểu 1 kèm theo", []),
        ("danh mục 42 TTHC", [42]),
        ("hoàn thành 6 hạng mục công trình", [6]),
        ("qua Cổng 1022: 03 phản ánh", [3]),
        ("qua tổng đài 1022 và đường dây nóng 0263 tiếp nhận 4 kiến nghị", [4]),
    ],
)
def test_numbers_that_name_a_table_or_form_are_not_figures(text: str, values: list) -> None:
    assert [n.value for n in numbers(text)] == values


@pytest.mark.parametrize(
    ("phrase", "text", "hit"),
    [
        ("lĩnh vực", "thuộc 24 linh vực", True),
        ("lĩnh vực", "thuộc 24 LĨNH VỰC", True),
        ("mức độ", "mức đô 4", True),
        ("thủ tục", "12 thu tuc", True),
        ("toàn trình", "toan trinh", True),
        ("thủ tục", "thủ trưởng", False),
        ("lĩnh vực", "linh hoạt", False),
    ],
)
def test_loose_re_tolerates_missing_marks(phrase: str, text: str, hit: bool) -> None:
    assert bool(regex.search(loose_re(phrase), text, regex.IGNORECASE)) is hit


@pytest.mark.parametrize(
    ("body", "joined", "apart"),
    [
        (
            "Trình độ lý luận chính trị:\n\ncao cấp 02, trung cấp 11, sơ cấp 04.\n",
            "chính trị: cao cấp 02",
            None,
        ),
        (
            "Văn bản đã ban hành (Quyết định: 20, Báo cáo:\n41, Công văn: 33).\n",
            "Báo cáo: 41",
            None,
        ),
        ("Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\n", None, "- UBND huyện;"),
        ("Kết quả cụ thể như sau:\n\n1. Hộ tịch: 19 thủ tục.\n", None, "1. Hộ tịch: 19 thủ tục."),
    ],
)
def test_a_sentence_split_after_its_colon_is_joined(
    tmp_path: Path, body: str, joined: str | None, apart: str | None
) -> None:
    texts = [" ".join(s.text.split()) for s in sentences(_doc(tmp_path, "BÁO CÁO\n\n" + body))]
    if joined:
        assert any(joined in t for t in texts), texts
    if apart:
        assert apart in texts, texts


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ("UBND THỊ XÃ BẮC SƠN", "UBND XÃ NẬM CANG", "commune"),
        ("UBND HUYỆN YÊN THÀNH", "UBND THỊ TRẤN HOA THÀNH", "commune"),
        ("ỦY BAN NHÂN DÂN", "THỊ XÃ BẮC SƠN", "district"),
        ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ BẢO LỘC", "district"),
        ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG", "province"),
    ],
)
def test_report_level_is_the_issuing_units_not_its_parents(
    tmp_path: Path, first: str, second: str, level: str
) -> None:
    text = (
        f"{first:<40}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{second:<40}Độc lập - Tự do - Hạnh phúc\n"
        "\nBÁO CÁO\nCông tác cải cách hành chính\n\nUBND huyện đã chỉ đạo các xã.\n"
    )
    assert report_level(_doc(tmp_path, text)) == level


@pytest.mark.parametrize(
    ("label", "level", "whole"),
    [
        ("Cấp tỉnh", "province", False),
        ("- Cấp huyện", "district", False),
        ("+ Cấp xã:", "commune", False),
        ("Các sở, ban, ngành", "departments", False),
        ("UBND cấp xã", "commune", False),
        ("Tổng cộng", None, True),
        ("Toàn tỉnh", None, True),
        ("Số TTHC cấp xã", None, False),
        ("Hộ tịch", None, False),
    ],
)
def test_level_and_whole_labels(label: str, level: str | None, whole: bool) -> None:
    assert level_label(label) == level
    assert is_whole_label(label) is whole


def test_a_scope_in_parentheses_does_not_carry_into_the_next_sentence(tmp_path: Path) -> None:
    from pipeline.extract import extract_document

    doc = _doc(
        tmp_path,
        "ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN BÌNH SƠN                 Độc lập - Tự do - Hạnh phúc\n\nBÁO CÁO\n"
        "Công tác cải cách hành chính năm 2023\n\n"
        "Tỷ lệ hồ sơ giải quyết đúng hạn toàn huyện đạt 98,6% (cấp huyện đạt 97,4%, cấp xã đạt "
        "99,1%). Tỷ lệ hồ sơ trực tuyến đạt 64,2%.\n",
    )
    rates = {
        (f.metric, tuple(sorted(f.qualifiers.items())), f.value)
        for f in extract_document(doc).facts
        if f.metric == "dossier.online_rate"
    }
    assert rates == {("dossier.online_rate", (), 64.2)}
