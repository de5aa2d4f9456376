"""Figures as reports write them in a sentence: the number, its unit, and the words right
after it (`01 hồ sơ trả quá hạn`); `Không` / `Không có` answering a count is 0.

Years, dates, reference numbers (`Kế hoạch số 12`), levels of online service (`mức độ 3,4`)
and figures glued to time words (`6 tháng`) are not counts and are left out here.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors import common
from extractors.dossier_terms import loose
from extractors.numbers import Number, parse_number
from schemas.text import same_length_loose

_UNITS = (
    ("percent", r"%"),
    ("dossier", r"(?:bo\s+|luot\s+)?ho\s+so\b|hs\b"),
    ("case", r"truong\s+hop\b"),
    ("procedure", r"thu\s+tuc\b|tthc\b"),
    ("petition", r"don\b|phan\s+anh|kien\s+nghi|pakn\b|y\s+kien\b"),
    ("document", r"van\s+ban\b"),
    ("m2", r"m\s?2\b|m²|met\s+vuong"),
)
_UNIT_RES = [(name, regex.compile(rf"\s*(?:{p})")) for name, p in _UNITS]
_NOT_A_COUNT_BEFORE = regex.compile(
    r"\b(?:nam|quy|thang|ngay|tuan)\s*$"  # `năm 2023`, `quý 3` (but `trong quý: 856` counts)
    r"|(?:\b(?:dieu|khoan|lan thu|giai doan|phien ban|iso|tcvn|phu luc|bieu mau|bieu|so hieu)"
    r"|\b(?:ke hoach|quyet dinh|nghi dinh|thong tu|cong van|bao cao|to trinh|thong bao|van ban"
    r"|nghi quyet|chi thi|de an)\s+so)\s*:?\s*$"
)
_LEVEL_BEFORE = regex.compile(r"\b(?:muc do|muc|cap do)\s*:?\s*(?:\d\s*(?:,|va|-)\s*)?$")
_NOT_A_COUNT_AFTER = regex.compile(
    r"\s*(?:thang\b|nam\b|ngay\b|gio\b|tuoi\b|km\b|ha\b|trieu\b|ty\b|dong\b|lan\b|/\s*\d|\.\d)"
)
# `quá hạn: Không.` as a whole answer, or `(... đúng hạn: 89; quá hạn: không)` as the last item
_ZERO = regex.compile(r"(?i)(?<=:\s{0,3})(không)(?:\s+có)?(?=\s*(?:[.;,)]|$|\n))")


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure written in a sentence: the number, its unit, and the words it governs.

    `unit_end` is where the unit word ends (the number's end when there is none);
    `tail_end` where the short phrase right after it ends (`hồ sơ trả quá hạn`).
    `zero` marks `Không` / `Không có` answering a count.
    """

    value: Number
    start: int
    end: int
    unit: str | None
    unit_end: int
    tail_end: int
    zero: bool = False
    over: Number | None = None  # the whole of a fraction `3.104/3.148 hồ sơ`


_TAIL_STOP = regex.compile(r"[,;.:()\n]|\s[-–+]\s|\d")


def figures(text: str, start: int, end: int) -> list[Figure]:
    """Counts and rates of text[start:end]: not years, dates, references or levels."""
    out: list[Figure] = []
    for n in common.numbers(text, start, end):
        before = loose(text[max(start, n.start - 30) : n.start])
        after = loose(text[n.end : min(end, n.end + 30)])
        if _NOT_A_COUNT_BEFORE.search(before) or _NOT_A_COUNT_AFTER.match(after):
            continue
        if _LEVEL_BEFORE.search(before) and n.value <= 4:
            continue  # `mức độ 3`, `mức độ 3,4`: a level of online service, not a count
        if regex.match(r"\s*[.,:]\d", text[n.end : n.end + 3]):
            continue
        if regex.search(r"\(\s*$", text[max(start, n.start - 3) : n.start]) and regex.match(
            r"\s*\)", text[n.end : n.end + 3]
        ):
            continue  # `(1)`, `(5)=(6)+(7)`: a column's number in a form's header
        out.append(_figure(text, n.value, n.start, n.end, end))
    for m in _ZERO.finditer(text, start, end):
        out.append(_figure(text, 0, m.start(1), m.end(1), end, zero=True))
    out += _fractions(text, start, end)
    return sorted(out, key=lambda f: f.start)


_FRACTION = regex.compile(
    r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/])"
)


def _fractions(text: str, start: int, end: int) -> list[Figure]:
    """`3.104/3.148 hồ sơ`: the part, with the unit written after the whole and the whole
    in `over` (a date, a code or a part larger than its whole is no fraction)."""
    out = []
    for m in _FRACTION.finditer(text, start, end):
        part, whole = parse_number(m.group(1)), parse_number(m.group(2))
        if part is None or whole is None or part > whole or whole == 0:
            continue
        f = _figure(text, whole, m.start(2), m.end(2), end)
        if f.unit in (None, "other", "percent"):
            continue
        out.append(Figure(part, m.start(1), m.end(1), f.unit, f.unit_end, f.tail_end, over=whole))
    return out


def _figure(text: str, value: Number, a: int, b: int, limit: int, zero: bool = False) -> Figure:
    unit, unit_end = None, b
    if not zero:
        window = text[b : min(limit, b + 25)]
        key = same_length_loose(window)
        for name, pattern in _UNIT_RES:
            m = pattern.match(key)
            if m:
                unit, unit_end = name, b + m.end()
                break
        if unit is None and regex.match(r"\s*\p{L}", window):
            unit = "other"
    if unit == "other":  # a count of something else: the words after it are not its own
        return Figure(value, a, b, unit, unit_end, unit_end, zero)
    stop = _TAIL_STOP.search(text, unit_end, min(limit, unit_end + 60))
    tail_end = stop.start() if stop else min(limit, unit_end + 60)
    return Figure(value, a, b, unit, unit_end, max(tail_end, unit_end), zero)
