"""Dates as the reports write them, to ISO."""

import pytest

from extractors.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("ngày 28 tháng 12 năm 2020", "2020-12-28"),
        ("ngày 15  tháng 6 năm 2023", "2023-06-15"),
        ("04 tháng 02 năm 2016", "2016-02-04"),
        ("23/12/2022", "2022-12-23"),
        ("ngày 07/07/2017", "2017-07-07"),
        ("21-7-2020", "2020-07-21"),
    ],
)
def test_parse_date(written: str, iso: str) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize("written", ["31/02/2021", "61/2018/NĐ-CP", "năm 2021", "9001:2015"])
def test_not_a_date(written: str) -> None:
    assert parse_date(written) is None


def test_find_dates_offsets() -> None:
    text = "từ ngày 15/12/2020 đến ngày 14/6/2021"
    found = find_dates(text)
    assert [d.iso for d in found] == ["2020-12-15", "2021-06-14"]
    assert all(text[d.start : d.end] == d.surface for d in found)
