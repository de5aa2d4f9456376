"""Headings with levels, paragraphs, and sentences that know their heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.load import load_document
from pipeline.segment import segment, split_sentences
from schemas.document import Table


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổng số 2.231 hồ sơ, đạt 98,8%. Trong đó có 12 hồ sơ.",
            ["Tổng số 2.231 hồ sơ, đạt 98,8%.", "Trong đó có 12 hồ sơ."],
        ),
        (
            "Theo Nghị định 61/2018/NĐ-CP ngày 23/12/2022. 19 hồ sơ quá hạn.",
            ["Theo Nghị định 61/2018/NĐ-CP ngày 23/12/2022.", "19 hồ sơ quá hạn."],
        ),
        (
            "UBND TT. Thanh Hà giao đ/c. Nguyễn Văn A phụ trách. Xong.",
            ["UBND TT. Thanh Hà giao đ/c. Nguyễn Văn A phụ trách.", "Xong."],
        ),
        ("Các loại máy in, máy tính v.v. đều đủ.", ["Các loại máy in, máy tính v.v. đều đủ."]),
        ("Họ hỏi: “Xong chưa?” Đã xong.", ["Họ hỏi: “Xong chưa?”", "Đã xong."]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_heading_levels_follow_the_documents_own_nesting() -> None:
    text = "\n".join(
        [
            "PHẦN A KẾT QUẢ",
            "I. Công tác chỉ đạo",
            "1. Cải cách thể chế",
            "1.1 Văn bản",
            "a) Ban hành",
            "- Số văn bản: 282 văn bản.",
            "+ Chữ ký số: 142 văn bản.",
            "2. Cải cách thủ tục hành chính",
            "II. Tồn tại",
            "PHẦN B NHIỆM VỤ",
            "1. Tiếp tục rà soát",
        ]
    )
    found = segment(text, []).headings
    assert [(h.marker, h.level) for h in found] == [
        ("PHẦN A", 1),
        ("I.", 2),
        ("1.", 3),
        ("1.1", 4),
        ("a)", 5),
        ("-", 6),
        ("+", 7),
        ("2.", 3),
        ("II.", 2),
        ("PHẦN B", 1),
        ("1.", 2),
    ]
    assert found[1].title == "Công tác chỉ đạo"
    assert text[found[5].start : found[5].end] == "- Số văn bản"


def test_sentences_carry_their_heading_and_lists_end() -> None:
    text = "\n".join(
        [
            "1. Kết quả giải quyết hồ sơ",
            "Trong kỳ đã tiếp nhận 937 hồ sơ.",
            "- Trực tuyến: 854 hồ sơ.",
            "Số hồ sơ đã giải quyết là 935 hồ sơ.",
            "* Kết quả như sau:",
            "Đúng hạn 100%.",
        ]
    )
    segs = segment(text, [])
    under = {text[s.start : s.end]: segs.headings[s.heading].title for s in segs.sentences}
    assert under["Trong kỳ đã tiếp nhận 937 hồ sơ."] == "Kết quả giải quyết hồ sơ"
    assert under["- Trực tuyến: 854 hồ sơ."] == "Trực tuyến"
    assert under["Số hồ sơ đã giải quyết là 935 hồ sơ."] == "Kết quả giải quyết hồ sơ"
    assert under["Đúng hạn 100%."] == "Kết quả như sau"


def test_table_rows_are_sentences_and_not_paragraphs() -> None:
    from schemas.document import Cell, Row

    text = "Bảng:\nA | 1\nB | 2"
    rows = [Row(6, 11, [Cell(6, 7, "A"), Cell(10, 11, "1")]), Row(12, 17, [])]
    segs = segment(text, [Table(0, 6, 17, rows)])
    assert [(s.table, s.row) for s in segs.sentences] == [(None, None), (0, 0), (0, 1)]
    assert [(p.start, p.end) for p in segs.paragraphs] == [(0, 5)]


def test_seed_segments_are_consistent(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        doc = load_document(path)
        segs = doc.segments
        assert len(segs.headings) >= 5, path.name
        previous_end = 0
        for sentence in segs.sentences:
            piece = doc.text[sentence.start : sentence.end]
            assert piece.strip() and "\n" not in piece
            if sentence.table is None:
                assert piece == piece.strip()
            assert sentence.start >= previous_end
            previous_end = sentence.end
            if sentence.heading is not None:
                assert segs.headings[sentence.heading].start <= sentence.start


def test_a_label_and_its_wrapped_values_read_as_one_sentence(tmp_path: Path) -> None:
    text = (
        "2. Về đội ngũ công chức.\n"
        "Tổng số công chức là 21 người. Lý luận chính trị: \n"
        "\n"
        "cao cấp 01, trung cấp 15, sơ cấp 03. Chuyên môn: đại học 18 người,\n"
        "\n"
        "cao đẳng 03 người.\n"
        "Kết quả cụ thể như sau:\n"
        "- Trực tuyến: 645 hồ sơ.\n"
    )
    path = tmp_path / "bao_cao.txt"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    found = [doc.text[s.start : s.end] for s in doc.segments.sentences]
    assert found == [
        "2. Về đội ngũ công chức.",
        "Tổng số công chức là 21 người.",
        "Lý luận chính trị: cao cấp 01, trung cấp 15, sơ cấp 03.",
        "Chuyên môn: đại học 18 người, cao đẳng 03 người.",
        "Kết quả cụ thể như sau:",
        "- Trực tuyến: 645 hồ sơ.",
    ]
