"""The period a report names against the dates it gives: either calendar is right, a start
elsewhere or an end outside is not; and how a period's name is read."""

from __future__ import annotations

import pytest

from pipeline.validate import parse_label, validate
from schemas import Fact, Flag, ReportMeta


def run(facts: list[Fact], report: ReportMeta | None = None) -> list[Flag]:
    return validate(facts, report)


def named(flags: list[Flag], check: str) -> list[Flag]:
    return [f for f in flags if f.check == check]


@pytest.mark.parametrize(
    ("label", "start", "end", "expected"),
    [
        ("quý I năm 2024", "2024-01-01", "2024-03-31", None),
        ("quý I năm 2024", "2023-12-15", "2024-03-14", None),
        ("quý I năm 2024", "2024-04-01", "2024-06-30", "error"),
        ("quý I năm 2024", "2024-02-01", "2024-03-31", "warning"),
        ("quý II/2023", "2023-04-01", "2023-06-30", None),
        ("quý II/2023", "2023-03-15", "2023-06-14", None),
        ("quý II/2023", "2022-12-15", "2023-03-14", "error"),
        ("Quý 3 năm 2023", "2023-06-15", "2023-09-14", None),
        ("6 tháng đầu năm 2023", "2023-01-01", "2023-06-30", None),
        ("6 tháng đầu năm 2023", "2022-12-15", "2023-06-14", None),
        ("6 tháng đầu năm 2023", "2023-07-01", "2023-12-31", "error"),
        ("6 tháng đầu  năm", "2023-01-01", "2023-06-30", None),
        ("9 tháng đầu năm 2021", "2021-01-01", "2021-09-30", None),
        ("9 tháng đầu năm 2021", "2020-12-15", "2021-09-14", None),
        ("9 tháng đầu năm 2021", "2021-01-01", "2021-12-31", "warning"),
        ("năm 2021", "2021-01-01", "2021-12-31", None),
        ("năm 2021", "2020-12-15", "2021-12-14", None),
        ("năm 2021", "2021-01-01", "2021-09-20", None),  # counted up to the report's date
        ("năm 2021", "2022-01-01", "2022-12-31", "error"),
        ("tháng 5 năm 2023", "2023-05-01", "2023-05-31", None),
        ("tháng 5 năm 2023", "2023-04-15", "2023-05-14", None),
        ("tháng 5 năm 2023", "2023-06-01", "2023-06-30", "error"),
        ("giai đoạn 2011 - 2020", "2011-01-01", "2020-12-31", None),
        ("giai đoạn 2011 - 2020", "2016-01-01", "2020-12-31", "warning"),
        ("6 tháng đầu năm 2021", "2020-12-15", "2021-06-15", None),  # `đến ngày 15/6`
    ],
)
def test_period_label_against_dates(label: str, start: str, end: str, expected: str | None) -> None:
    meta = ReportMeta(period_label=label, period_start=start, period_end=end)
    flags = named(run([], meta), "period.dates")
    assert [f.severity for f in flags] == ([expected] if expected else [])
    if flags:
        assert label in flags[0].message and start in flags[0].message


def test_period_message_says_which_period_the_dates_are() -> None:
    meta = ReportMeta(
        period_label="quý II năm 2023", period_start="2022-12-15", period_end="2023-03-14"
    )
    [flag] = run([], meta)
    assert "quý I năm 2023" in flag.message
    assert "2023-03-15 – 2023-06-14" in flag.message


@pytest.mark.parametrize(
    ("start", "end", "severity"),
    [("2023-06-14", "2023-03-15", "error"), ("15/3/2023", "2023-06-14", "warning")],
)
def test_period_dates_themselves(start: str, end: str, severity: str) -> None:
    meta = ReportMeta(period_label="quý II năm 2023", period_start=start, period_end=end)
    [flag] = run([], meta)
    assert (flag.check, flag.severity) == ("period.dates", severity)


@pytest.mark.parametrize(
    ("label", "kind", "n", "year"),
    [
        ("quý I năm 2024", "quarter", 1, 2024),
        ("quý II/2023", "quarter", 2, 2023),
        ("QUÝ IV - 2022", "quarter", 4, 2022),
        ("6 tháng đầu năm 2023", "first", 6, 2023),
        ("6 tháng cuối năm 2022", "last", 6, 2022),
        ("9 tháng đầu năm 2021", "first", 9, 2021),
        ("năm 2021", "year", 0, 2021),
        ("tháng 5 năm 2023", "month", 5, 2023),
        ("tháng 05/2023", "month", 5, 2023),
    ],
)
def test_parse_label(label: str, kind: str, n: int, year: int) -> None:
    period = parse_label(label)
    assert period is not None
    assert (period.kind, period.n, period.year) == (kind, n, year)


def test_unknown_label_is_not_checked() -> None:
    meta = ReportMeta(
        period_label="đợt kiểm tra", period_start="2023-01-01", period_end="2023-02-01"
    )
    assert run([], meta) == []
