"""The one number parser: Vietnamese conventions, never `float()` on raw text.

`.` groups thousands (`2.231`, `125.712`), `,` marks decimals (`98,8`, `97,37`), leading
zeros are padding (`02`, `01 đ/c`) and counts may be words (`một`, `hai`, `mười hai`).
`Không` / `Không có` answering a count is read as 0 where the figures of a sentence are
read (extractors/dossier_figures.py), since only the label before it says it is a count.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

Number = int | float

# A figure as written: thousands groups with `.`, an optional `,` decimal part; or a plain
# run of digits with an optional decimal part. A dot followed by 1-2 digits is read as a
# decimal point (English habit, `98.8%`); a dot followed by three digits groups thousands.
NUMBER = (
    r"(?<![\p{L}\d/.,])"
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2}(?!\d))"
    r"(?![\d/]|[.,]\d|\p{L})"
)
_NUMBER_RE = regex.compile(NUMBER)

_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
WORD_NUMBER = (
    r"(?i)\b(?:mười|mươi|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín)"
    r"(?:\s+(?:mười|mươi|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín))*\b"
)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in text: its value and where it is written."""

    value: Number
    start: int
    end: int
    surface: str


def parse_number(text: str) -> Number | None:
    """Parse one figure written the Vietnamese way; None when `text` is not a figure.

    >>> parse_number("2.231"), parse_number("98,8"), parse_number("02")
    (2231, 98.8, 2)
    """
    s = text.strip().rstrip("%").strip()
    if not s:
        return None
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return int(s.replace(".", ""))
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", s):
        whole, frac = s.replace(".", "").split(",")
        return _decimal(whole, frac)
    if regex.fullmatch(r"\d+", s):
        return int(s)
    if regex.fullmatch(r"\d+,\d+", s):
        whole, frac = s.split(",")
        return _decimal(whole, frac)
    if regex.fullmatch(r"\d+\.\d{1,2}", s):
        whole, frac = s.split(".")
        return _decimal(whole, frac)
    return parse_word_number(s)


def _decimal(whole: str, frac: str) -> float:
    """Build a float from digit strings (exact decimal digits, no locale guessing)."""
    return int(whole) + int(frac) / 10 ** len(frac)


def parse_word_number(text: str) -> int | None:
    """`một` -> 1, `mười hai` -> 12, `hai mươi lăm` -> 25, `một trăm hai mươi` -> 120,
    `một trăm lẻ năm` -> 105, `hai nghìn` -> 2000, `Không` -> 0; None otherwise."""
    words = text.strip().casefold().split()
    if not words:
        return None
    thousands, hundreds, current = 0, 0, 0
    seen = False
    for word in words:
        if word == "mười":
            current += 10
            seen = True
        elif word == "mươi":
            current = (current or 1) * 10
            seen = True
        elif word == "trăm":
            hundreds += (current or 1) * 100
            current = 0
        elif word in ("nghìn", "ngàn"):
            thousands += (hundreds + current or 1) * 1000
            hundreds, current = 0, 0
        elif word in ("lẻ", "linh"):
            continue
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        else:
            return None
    return thousands + hundreds + current if seen or hundreds or thousands else None


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMatch]:
    """Every figure written with digits in text[start:end], offsets into `text`."""
    found = []
    for m in _NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        value = parse_number(m.group(0))
        if value is not None:
            found.append(NumberMatch(value, m.start(), m.end(), m.group(0)))
    return found


def as_count(value: Number) -> int | None:
    """A count must be a whole number: `2.0` -> 2, `2.5` -> None."""
    if isinstance(value, int):
        return value
    return int(value) if float(value).is_integer() else None
