"""The shared normaliser: re-flow, page furniture, tables, NFC and tone marks, origins."""

from __future__ import annotations

import textwrap
import unicodedata

import pytest

from pipeline.normalise import normalise
from pipeline.read.base import Line, RawCell, RawDocument, RawTable
from schemas.document import Location

PARAGRAPHS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Cải cách thủ tục hành chính",
    "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là 937 hồ sơ, trong đó: Số hồ sơ mới"
    " tiếp nhận là 934 hồ sơ (Trực tuyến: 854 hồ sơ, trực tiếp: 80 hồ sơ); Số hồ sơ từ kỳ"
    " báo cáo trước chuyển qua là 3 hồ sơ.",
    "- Kết quả giải quyết TTHC theo cơ chế một cửa, một cửa liên thông của UBND thị trấn"
    " Thanh Hà: Số hồ sơ đã giải quyết là 935 hồ sơ, trong đó giải quyết trước hạn là 920"
    " hồ sơ.",
    "Số hồ sơ đang giải quyết là 2 hồ sơ.",
]


def lines_of(texts: list[str], page: int | None = None, first: int = 1) -> list[Line]:
    return [
        Line(t, [Location(page=page, line=first + i, column=c) for c in range(len(t))], page)
        for i, t in enumerate(texts)
    ]


def text_of(items: list) -> str:
    return normalise(RawDocument(format="txt", items=items)).text


@pytest.mark.parametrize("width", [60, 75, 90, 1000])
def test_reflow_does_not_depend_on_where_lines_were_wrapped(width: int) -> None:
    wrapped = [piece for p in PARAGRAPHS for piece in textwrap.wrap(p, width)]
    assert text_of(lines_of(wrapped)) == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["điều hành cải", "cách hành chính."], ["điều hành cải cách hành chính."]),
        (
            ["ban hành Kế hoạch số", "19/KH-UBND về việc"],
            ["ban hành Kế hoạch số 19/KH-UBND về việc"],
        ),
        (["theo quy định.", "Trong kỳ báo cáo"], ["theo quy định.", "Trong kỳ báo cáo"]),
        (["như sau:", "Tổng số 207 thủ tục"], ["như sau:", "Tổng số 207 thủ tục"]),
        (["văn bản ban hành", "- Kế hoạch số 23"], ["văn bản ban hành", "- Kế hoạch số 23"]),
        (["PHẦN A", "TÌNH HÌNH TRIỂN KHAI"], ["PHẦN A TÌNH HÌNH TRIỂN KHAI"]),
        (["XÃ AN BÌNH", "BÁO CÁO"], ["XÃ AN BÌNH", "BÁO CÁO"]),
        (["PHƯỜNG 3", "KẾ HOẠCH"], ["PHƯỜNG 3", "KẾ HOẠCH"]),
        (["2. Hạn chế", "Việc triển khai"], ["2. Hạn chế", "Việc triển khai"]),
    ],
)
def test_line_break_decisions(lines: list[str], expected: list[str]) -> None:
    items = lines_of(["Mở đầu của báo cáo.", "Kính gửi: Phòng Nội vụ.", *lines])
    assert text_of(items).split("\n")[2:] == expected


LABEL_VALUES = [  # a label and its values, split by a hard wrap or a blank line
    (
        ["Trình độ lý luận chính trị:", "cao cấp 02, trung cấp 11, sơ cấp 04."],
        ["Trình độ lý luận chính trị: cao cấp 02, trung cấp 11, sơ cấp 04."],
    ),
    (
        [
            "Trong kỳ, UBND xã ban hành 214 văn bản (Quyết định: 37, Báo cáo:",
            "82, Kế hoạch: 21, Công văn: 74).",
        ],
        [
            "Trong kỳ, UBND xã ban hành 214 văn bản (Quyết định: 37, Báo cáo: 82, Kế hoạch:"
            " 21, Công văn: 74)."
        ],
    ),
    (["Số hồ sơ tiếp nhận:", "1.204 hồ sơ."], ["Số hồ sơ tiếp nhận: 1.204 hồ sơ."]),
    (
        ["Chuyên môn nghiệp vụ:", "đại học 18 người, cao đẳng 02 người."],
        ["Chuyên môn nghiệp vụ: đại học 18 người, cao đẳng 02 người."],
    ),
]
LABEL_THEN_LIST = [  # a label followed by a list, a heading, a capital or a quotation
    ["Kết quả cụ thể như sau:", "- Trực tuyến: 645 hồ sơ;"],
    ["Kết quả cụ thể như sau:", "+ Mức độ toàn trình: 33 thủ tục;"],
    ["Kết quả cụ thể như sau:", "* Lĩnh vực hộ tịch: 120 hồ sơ."],
    ["Kết quả cụ thể như sau:", "1. Lĩnh vực chứng thực: 311 hồ sơ."],
    ["Kết quả cụ thể như sau:", "a) Lĩnh vực đất đai: 27 hồ sơ."],
    ["Kết quả cụ thể như sau:", "Tổng số 207 thủ tục được niêm yết."],
    ["Điều 15 Nghị định quy định:", "“b) Trước khi hết nhiệm kỳ, hội phải báo cáo."],
    ["Cụ thể gồm:", "(1) Hội Chữ thập đỏ xã đã tổ chức đại hội."],
]


@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize(("lines", "expected"), LABEL_VALUES)
def test_values_wrapped_after_their_label_join_it(
    lines: list[str], expected: list[str], blank: bool
) -> None:
    items = lines_of(["Mở đầu của báo cáo.", *lines])
    items[2].blank_before = blank
    assert text_of(items).split("\n")[1:] == expected


@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize("lines", LABEL_THEN_LIST)
def test_a_list_after_a_label_starts_its_own_paragraph(lines: list[str], blank: bool) -> None:
    items = lines_of(["Mở đầu của báo cáo.", *lines])
    items[2].blank_before = blank
    assert text_of(items).split("\n")[1:] == lines


def test_blank_line_inside_a_sentence_is_joined() -> None:
    items = lines_of(["Nhằm nâng cao hiệu quả trong công tác chỉ đạo, điều hành cải", "cách."])
    items[1].blank_before = True
    assert text_of(items) == "Nhằm nâng cao hiệu quả trong công tác chỉ đạo, điều hành cải cách."


def test_page_numbers_and_running_headers_and_footers_go() -> None:
    items: list = []
    body = ["Mở đầu.", "Thân bài.", "Kết luận."]
    for page in (1, 2, 3):
        header = f"Báo cáo CCHC quý II năm 2023 - trang {page}"
        items += lines_of([header, body[page - 1], f"- {page} -"], page=page)
    assert text_of(items) == "\n".join(body)


def test_decomposed_text_is_composed_and_keeps_origins() -> None:
    source = unicodedata.normalize("NFD", "Hộ tịch: 19 thủ tục.")
    result = normalise(RawDocument(format="txt", items=lines_of([source])))
    assert result.surface == "Hộ tịch: 19 thủ tục."
    assert len(result.origins) == len(result.text)
    assert result.origins[1].column == 1  # `ộ` comes from the `o` of `o + ̣ + ̂`
    assert result.origins[2].column == source.index(" ")


def test_invisible_characters_and_odd_spaces_are_cleaned() -> None:
    source = "Số\u00a0hồ\u200b sơ:\t\t937\u00ad hồ sơ  "
    assert text_of(lines_of([source])) == "Số hồ sơ: 937 hồ sơ"


def test_table_rows_render_with_cell_spans_and_unlocated_separators() -> None:
    def cell(text: str, row: int, col: int) -> RawCell:
        return RawCell(
            text,
            [Location(block=0, row=row, col=col, offset=i) for i in range(len(text))],
            col=col,
            span=2 if (row, col) == (0, 1) else 1,
        )

    table = RawTable(
        rows=[
            [cell("Lĩnh vực", 0, 0), cell("Số hồ\nsơ", 0, 1), cell("", 0, 2)],
            [cell("Hộ tịch", 1, 0), cell("2.231", 1, 1), cell("", 1, 2)],
        ]
    )
    result = normalise(RawDocument(format="docx", items=[*lines_of(["Bảng 1:"]), table]))
    assert result.text == "Bảng 1:\nLĩnh vực | Số hồ sơ | \nHộ tịch | 2.231 | "
    (rendered,) = result.tables
    assert rendered.rows[0].header and not rendered.rows[1].header
    figure = rendered.rows[1].cells[1]
    assert result.text[figure.start : figure.end] == "2.231"
    assert result.origins[figure.start].row == 1 and result.origins[figure.start].col == 1
    assert result.origins[rendered.rows[1].cells[0].end] is None  # the ` | ` separator
    places = [[(c.col, c.span) for c in row.cells] for row in rendered.rows]
    assert places == [[(0, 1), (1, 2), (2, 1)], [(0, 1), (1, 1), (2, 1)]]


def test_a_code_wrapped_at_its_hyphen_is_joined_without_a_space() -> None:
    items = lines_of(
        ["Ngày 10/3/2023 UBND thị trấn đã ban hành Kế hoạch số 19/KH-", "UBND về việc"]
    )
    assert (
        text_of(items) == "Ngày 10/3/2023 UBND thị trấn đã ban hành Kế hoạch số 19/KH-UBND về việc"
    )


def test_a_table_broken_across_pages_is_one_table_again() -> None:
    def row(*texts: str) -> list[RawCell]:
        return [RawCell(t, [Location(page=1)] * len(t), k) for k, t in enumerate(texts)]

    first = RawTable(
        [row("STT", "Nội dung", "Kết quả"), row("1", "Hồ sơ tiếp nhận", "937")], page=1
    )
    rest = RawTable(
        [row("STT", "Nội dung", "Kết quả"), row("", "trực tuyến", ""), row("2", "Đúng hạn", "935")],
        page=2,
    )
    result = normalise(RawDocument(format="pdf", items=[first, rest]))
    assert result.text == (
        "STT | Nội dung | Kết quả\n1 | Hồ sơ tiếp nhận trực tuyến | 937\n2 | Đúng hạn | 935"
    )
    assert len(result.tables) == 1 and len(result.tables[0].rows) == 3
    assert [c.col for c in result.tables[0].rows[1].cells] == [0, 1, 2]
