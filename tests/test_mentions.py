"""Every number is a mention with a kind: only figures may become facts."""

from __future__ import annotations

import pytest

from extractors.mentions import find_mentions
from extractors.numbers import parse_word_number


def kinds(text: str) -> list[tuple]:
    return [
        (m.surface, m.kind, m.value if m.is_figure else None, m.unit) for m in find_mentions(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tiếp nhận 1.245 hồ sơ", [("1.245", "figure", 1245, "dossier")]),
        ("tiếp nhận 1 245 hồ sơ", [("1 245", "figure", 1245, "dossier")]),
        ("tiếp nhận 1,245 hồ sơ", [("1,245", "figure", 1245, "dossier")]),
        ("đạt 98,8%", [("98,8", "figure", 98.8, "percent")]),
        ("có 02 người", [("02", "figure", 2, "person")]),
        ("hơn 7.400 lượt công dân", [("7.400", "figure", 7400, "visit")]),
        (
            "Kế hoạch số 01/KH-UBND ngày 04/01/2022 năm 2022",
            [
                ("01/KH-UBND", "document", None, None),
                ("04/01/2022", "date", None, None),
                ("2022", "year", None, None),
            ],
        ),
        ("như sau: 1. Về sự cần thiết", [("1", "section", None, None)]),
        ("mô hình “4 tại chỗ”", [("4", "name", None, None)]),
        ("trực tuyến mức độ 3 và 4", [("3", "level", None, None), ("4", "level", None, None)]),
        ("trị giá 7 triệu đồng", [("7", "money", None, "money")]),
        ("gọi đường dây nóng 1022", [("1022", "phone", None, None)]),
        ("đảm bảo 4 bước", [("4", "figure", 4, "other")]),
        ("tiếp nhận một trăm hai mươi hồ sơ", [("một trăm hai mươi", "figure", 120, "dossier")]),
        ("Số hồ sơ quá hạn: Không.", [("Không", "figure", 0, None)]),
    ],
)
def test_mention_kinds(text: str, expected: list[tuple]) -> None:
    assert kinds(text) == expected


def test_approximate_figures_keep_their_value() -> None:
    (m,) = find_mentions("tiếp nhận hơn 7.400 hồ sơ")
    assert (m.value, m.approximate) == (7400, True)
    (m,) = find_mentions("tiếp nhận 7.400 hồ sơ")
    assert m.approximate is False


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("một trăm hai mươi", 120),
        ("một trăm lẻ năm", 105),
        ("hai mươi lăm", 25),
        ("hai nghìn", 2000),
        ("mười hai", 12),
        ("không", 0),
    ],
)
def test_word_numbers(words: str, value: int) -> None:
    assert parse_word_number(words) == value
