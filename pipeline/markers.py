"""Heading and list markers of Vietnamese administrative writing, shared by the normaliser
(a marker starts a new paragraph) and the segmenter (a marker makes a heading).

`PHẦN A`, `I.`, `A.`, `1.`, `1.1`, `a)`, `-`, `+`, `*`, `•`. A number is not a marker when
it is a figure: `2.231 hồ sơ`, `15/9/2021`, `5.000` start no heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r"(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVXLC]+|[A-ZĐ]|\d{1,2}|THỨ\s+\w+)\b[.:]?")
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\s?[.)](?![.\d])")
_UPPER = re.compile(r"[A-ZĐ][.)](?=\s)")
_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}(?:\.|\)|(?<=\d\.\d)|(?<=\d\.\d\d))(?![\d,/%])")
_ALPHA = re.compile(r"[a-zđ]\)|[a-zđ]\.(?=\s)")
_BULLET = re.compile(r"(?:[-–—+•·●○▪■◦➢➤✓⁃]|\*\.?)(?=\s|[^\W\d_]|$)")


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str  # part | roman | upper | number1..number4 | alpha | dash | plus | star | bullet
    text: str  # the marker as written, e.g. "1.1" or "-"
    end: int  # where the marker ends in the line (before the white space after it)


def marker_at(line: str) -> Marker | None:
    """The heading or list marker a stripped line starts with, if any."""
    if not line:
        return None
    m = _PART.match(line)
    if m:
        return Marker("part", m.group(0).rstrip(".:"), m.end())
    m = _ROMAN.match(line)
    if m and m.group(0).strip(" .)") and _rest_is_text(line, m.end()):
        return Marker("roman", m.group(0), m.end())
    m = _UPPER.match(line)
    if m:
        return Marker("upper", m.group(0), m.end())
    m = _NUMBER.match(line)
    if m and _rest_is_text(line, m.end()):
        depth = min(m.group(0).rstrip(".)").count(".") + 1, 4)
        return Marker(f"number{depth}", m.group(0), m.end())
    m = _ALPHA.match(line)
    if m and _rest_is_text(line, m.end()):
        return Marker("alpha", m.group(0), m.end())
    m = _BULLET.match(line)
    if m:
        kinds = {"-": "dash", "–": "dash", "—": "dash", "+": "plus", "*": "star"}
        return Marker(kinds.get(m.group(0)[0], "bullet"), m.group(0), m.end())
    return None


def _rest_is_text(line: str, end: int) -> bool:
    """After a numbering marker comes a word (`1. Về`, `I.CÔNG`), not a figure or nothing."""
    rest = line[end:].lstrip()
    return bool(rest) and (rest[0].isalpha() or rest[0] in "“\"'(*[")
