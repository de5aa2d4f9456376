"""Vietnamese number forms: `.` groups thousands, `,` marks decimals, zeros pad."""

import pytest

from extractors.numbers import as_count, find_numbers, parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2.231", 2231),
        ("125.712", 125712),
        ("8.332.978", 8332978),
        ("98,8", 98.8),
        ("97,37%", 97.37),
        ("1.234,5", 1234.5),
        ("02", 2),
        ("0", 0),
        ("98.8", 98.8),
        ("một", 1),
        ("mười hai", 12),
        ("hai mươi lăm", 25),
        ("Không", 0),
    ],
)
def test_parse_number(written: str, value: float) -> None:
    parsed = parse_number(written)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize("written", ["", "abc", "1.2.3", "12/KH", "năm nay"])
def test_not_a_number(written: str) -> None:
    assert parse_number(written) is None


def test_find_numbers_keeps_offsets_and_skips_codes() -> None:
    text = "Tổng 2.312 hồ sơ, đạt 98,8%; Nghị định 61/2018/NĐ-CP; mục 1.4.3 | Thủ tục | 420 |"
    found = find_numbers(text)
    assert [(m.surface, m.value) for m in found] == [("2.312", 2312), ("98,8", 98.8), ("420", 420)]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_as_count() -> None:
    assert as_count(2.0) == 2
    assert as_count(2.5) is None
