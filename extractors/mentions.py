"""Every number of a document is a mention: its value, its unit, and what kind of number it is.

One pass over the normalised text finds each number — digits the Vietnamese way (`2.231`,
`98,8`, `02`; `1 245` and `1,245` read as thousands when a count unit follows), word
numbers (`một trăm hai mươi`), and `Không` / `Không có` answering a label — and says
whether it is a figure or something else: a section or list number, a date or year, a
document number, a phone line, money, a duration, a form's column number, one half of a
ratio. Only figures may become facts; every other number is reported with its kind, and
every figure no metric takes is reported as unclaimed (see `extractors/coverage.py`).

The words that decide a kind live in `vocab/mentions.toml` and `vocab/units.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors import vocabulary
from extractors.numbers import Number, find_numbers, parse_number, parse_word_number
from extractors.vocabulary import Piece, fold
from schemas import Document
from schemas.text import canonical

FIGURE = "figure"


@dataclass(frozen=True, slots=True)
class Mention:
    """A number written in the text, with its unit and kind."""

    value: Number
    start: int
    end: int
    surface: str
    kind: str  # figure | section | date | year | period | document | phone | money | ...
    unit: str | None = None
    unit_start: int | None = None
    unit_end: int | None = None
    approximate: bool = False
    zero_answer: bool = False
    over: Number | None = None  # the whole of a ratio `99 hồ sơ/382 hồ sơ`

    @property
    def is_figure(self) -> bool:
        return self.kind == FIGURE


_DATE = regex.compile(r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}(?![\d/])")
_MONTH_YEAR = regex.compile(r"(?<![\d/])\d{1,2}\s*/\s*(?:19|20)\d{2}(?![\d/])")
_DOC_NUMBER = regex.compile(
    r"(?<![\p{L}\d])\d+[\p{L}]?\s*/\s*(?:\d{4}\s*/\s*)?\p{Lu}[\p{L}\d\-–.]*"
)
_RATIO = regex.compile(
    r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/])"
)
_PHONE = regex.compile(r"(?<!\d)(?:0\d{2,3}[\s.]?\d{3}[\s.]?\d{3,4}|1900\s?\d{4}|1022)(?!\d)")
_ITEM_NUMBER = regex.compile(r"(?m)^[ \t]*(?:[-+•*][ \t]*)?(\d+(?:\.\d+)*)[.)](?=\s)")
# `..., như sau: 1. Về sự cần thiết`: the first item of a list run into its lead-in
_ITEM_AFTER_COLON = regex.compile(r"(?<=:\s{0,3})(1)[.)](?=\s+\p{Lu})")
# `mức độ 3 và 4`, `mức độ 3, 4`: levels of online service
_LEVELS = regex.compile(
    r"(?i)(?<!\p{L})mức(?:\s+độ)?\s*([1-4])(?:\s*(?:,|và|-|hoặc)\s*([1-4]))?(?!\d)"
)
# `Covid-19`, `COVID-19`: a number glued to a word by a hyphen is part of a name
_NAMED = regex.compile(r"(?<=\p{L}-)(\d+)(?![\d.,])")
# `2011-2020`, `2021 - 2025`: a stretch of years
_YEARS = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
# `ISO 9001:2015`, `TCVN 9001:2015`: a standard's number and year
_STANDARD = regex.compile(r"(?<![\d.,])\d{3,5}\s*:\s*(?:19|20)\d{2}(?!\d)")
# `từ 50% đến dưới 80%`: the bounds of a range, not figures
_RANGE = regex.compile(
    r"(?i)(?<!\p{L})từ\s+(\d+(?:[.,]\d+)?)\s*%?\s+(?:đến|tới)\s+(?:dưới\s+|trên\s+)?(\d+(?:[.,]\d+)?)"
)
# `mô hình “4 tại chỗ”`: a number opening a quoted name is part of the name
_QUOTED = regex.compile(r"[“\"«]\s*(\d+)(?=\s+\p{L})")
_COLUMN = regex.compile(r"\(\s*\d{1,2}\s*\)")
_YEAR = regex.compile(r"^(?:19|20)\d{2}$")
_SPACED_THOUSANDS = regex.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?![\d.,])")
_COMMA_THOUSANDS = regex.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?![\d.,])")
# `112 thủ tục/26 lĩnh vực`: a count right after another count's unit and a slash
_AFTER_UNIT_SLASH = regex.compile(r"(?<=\p{Ll})/(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,]|\p{L})")
# `35m²`, `40m2`: a number glued to its unit of measure
_GLUED = regex.compile(r"(?<![\p{L}\d/.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?=\p{L})")
_WORD_NUMBER = regex.compile(
    r"(?i)(?<!\p{L})(?:(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|"
    r"nghìn|ngàn|lẻ|linh)(?:\s+|(?!\p{L}))){1,}"
)


def mentions(doc: Document) -> list[Mention]:
    """Every mention of the document, in text order (computed once per document)."""
    cached = doc.layers.get("mentions")
    if cached is None:
        cached = find_mentions(doc.text)
        doc.layers["mentions"] = cached
    return cached


def find_mentions(text: str) -> list[Mention]:
    """Every number of `text` as a mention, in text order, never two on one character."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(m: Mention) -> None:
        if free(m.start, m.end):
            out.append(m)
            taken.append((m.start, m.end))

    for rx, kind in ((_DATE, "date"), (_DOC_NUMBER, "document"), (_PHONE, "phone")):
        for m in rx.finditer(text):
            add(Mention(0, m.start(), m.end(), m.group(0), kind))
    for m in _MONTH_YEAR.finditer(text):
        add(Mention(0, m.start(), m.end(), m.group(0), "period"))
    for m in _COLUMN.finditer(text):
        add(Mention(0, m.start(), m.end(), m.group(0), "column"))
    for m in _ITEM_NUMBER.finditer(text):
        add(Mention(0, m.start(1), m.end(1), m.group(1), "section"))
    for m in _RANGE.finditer(text):
        for g in (1, 2):
            add(Mention(0, m.start(g), m.end(g), m.group(g), "range"))
    for m in _STANDARD.finditer(text):
        add(Mention(0, m.start(), m.end(), m.group(0), "code"))
    for m in _YEARS.finditer(text):
        for g in (1, 2):
            add(Mention(0, m.start(g), m.end(g), m.group(g), "year"))
    for m in _NAMED.finditer(text):
        add(Mention(0, m.start(1), m.end(1), m.group(1), "name"))
    for m in _QUOTED.finditer(text):
        add(Mention(0, m.start(1), m.end(1), m.group(1), "name"))
    for m in _LEVELS.finditer(text):
        for g in (1, 2):
            if m.group(g):
                add(Mention(0, m.start(g), m.end(g), m.group(g), "level"))
    for m in _ITEM_AFTER_COLON.finditer(text):
        add(Mention(0, m.start(1), m.end(1), m.group(1), "section"))
    for m in _RATIO.finditer(text):
        part, whole = _digits_value(m.group(1)), _digits_value(m.group(2))
        if part is None or whole is None or whole == 0 or part > whole:
            continue
        unit = _unit_after(text, m.end())
        add(
            _classify(
                text, Mention(part, m.start(1), m.end(1), m.group(1), FIGURE, over=whole), unit
            )
        )
        add(Mention(whole, m.start(2), m.end(2), m.group(2), "ratio_whole"))
    for rx in (_SPACED_THOUSANDS, _COMMA_THOUSANDS):
        for m in rx.finditer(text):
            unit = _unit_after(text, m.end())
            if unit is not None and vocabulary.unit_kind(unit[0]) == "count":
                value = int(regex.sub(r"[ ,]", "", m.group(1)))
                add(_classify(text, Mention(value, m.start(), m.end(), m.group(1), FIGURE), unit))
    for m in _AFTER_UNIT_SLASH.finditer(text):
        unit = _unit_after(text, m.end(1))
        before = _unit_before_slash(text, m.start())
        if unit is None or before is None or unit[0] == before:
            continue  # `99 hồ sơ/382 hồ sơ`: a part of its whole, not a second count
        if vocabulary.unit_kind(unit[0]) == "count" and unit[0] != "other":
            value = int(m.group(1).replace(".", ""))
            add(_classify(text, Mention(value, m.start(1), m.end(1), m.group(1), FIGURE), unit))
    for m in _GLUED.finditer(text):
        unit = _unit_after(text, m.end())
        value = parse_number(m.group(1))
        if unit is not None and vocabulary.unit_kind(unit[0]) == "area" and value is not None:
            add(_classify(text, Mention(value, m.start(), m.end(), m.group(1), FIGURE), unit))
    for n in find_numbers(text):
        unit = _unit_after(text, n.end)
        add(_classify(text, Mention(n.value, n.start, n.end, n.surface, FIGURE), unit))
    for m in _WORD_NUMBER.finditer(text):
        written = m.group(0).strip()
        value = parse_word_number(written)
        unit = _unit_after(text, m.start() + len(written))
        if value is None or unit is None or vocabulary.unit_kind(unit[0]) != "count":
            continue
        if unit[0] == "other" or "weak" in vocabulary.load("units")[unit[0]]:
            continue  # `một bộ phận`: a word, not a count
        mention = Mention(value, m.start(), m.start() + len(written), written, FIGURE)
        add(_classify(text, mention, unit))
    out.extend(_zero_answers(text, taken))
    return sorted(out, key=lambda x: x.start)


def _digits_value(s: str) -> int | None:
    s = s.replace(".", "")
    return int(s) if s.isdigit() else None


def _unit_before_slash(text: str, slash: int) -> str | None:
    """The unit of the count whose unit ends right at `slash` (`112 thủ tục/`), or None."""
    for m in find_numbers(text[max(0, slash - 40) : slash]):
        unit = _unit_after(text, max(0, slash - 40) + m.end)
        if unit is not None and unit[2] == slash:
            return unit[0]
    return None


def _unit_after(text: str, end: int) -> tuple[str, int, int] | None:
    """The unit written right after a number: (unit, start, end), or None.

    A number followed by a word that is no unit (`4 bước`, `3 tổ`) counts that thing: its
    unit is `other`, which no metric takes, unless the word only joins the clause (`là`,
    `và`, `được` ...; `vocab/grammar.toml` lists them)."""
    ps = vocabulary.pieces(text, end, min(len(text), end + 60))
    if not ps or _BLANK_LINE.search(text[end : ps[0].start]):
        return None
    found = vocabulary.unit_at(ps)
    if found is not None:
        unit, n = found
        return unit, ps[0].start, ps[n - 1].end
    first = ps[0]
    exact = _exact(text[first.start : first.end])
    if _LETTER.match(text[first.start]) and exact not in _followers():
        if not _BREAK.search(text[end : first.start]):
            return "other", first.start, first.end
    return None


@lru_cache(maxsize=1)
def _followers() -> frozenset[str]:
    return frozenset(canonical(w).casefold() for w in vocabulary.load("grammar")["bare_followers"])


@lru_cache(maxsize=1)
def _before_table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for kind, phrases in vocabulary.load("mentions")["before"].items():
        for phrase in phrases:
            table[_exact_keys(phrase, vocabulary.pieces(phrase))] = kind
    return table, max(len(k) for k in table)


@lru_cache(maxsize=1)
def _approximate() -> frozenset[tuple[str, ...]]:
    words = vocabulary.load("mentions")["approximate"]["words"]
    return frozenset(tuple(p.key for p in vocabulary.pieces(w)) for w in words)


def _classify(text: str, m: Mention, unit: tuple[str, int, int] | None) -> Mention:
    """The kind of a number written with digits, from the words around it."""
    kind = FIGURE
    before = vocabulary.pieces(text, max(0, m.start - 40), m.start)
    table, longest = _before_table()
    keys = _exact_keys(text, before)
    for k in range(min(longest, len(before)), 0, -1):
        found = table.get(keys[-k:])
        if found is not None and _adjacent(text, before[-k:], m.start):
            kind = found
            break
    name = unit[0] if unit else None
    if (
        kind in ("section", "period")
        and name not in (None, "other")
        and vocabulary.unit_kind(name) == "count"
    ):
        kind = FIGURE  # `ở thôn 40 người`, `tiếp nhận mới trong kỳ 1.821 hồ sơ`: a count
    if kind == FIGURE and name is not None and vocabulary.unit_kind(name) == "not_figure":
        kind = name
    if kind == FIGURE and name is None and _YEAR.match(m.surface):
        kind = "year"
    approx = any(
        tuple(p.key for p in before[-k:]) in _approximate() for k in (1, 2) if len(before) >= k
    )
    return Mention(
        m.value,
        m.start,
        m.end,
        m.surface,
        kind,
        name,
        unit[1] if unit else None,
        unit[2] if unit else None,
        approx and kind == FIGURE,
        over=m.over,
    )


def _exact_keys(text: str, ps: list[Piece]) -> tuple[str, ...]:
    """Pieces compared without case but with their marks (`Cổng` is not `công`)."""
    return tuple(_exact(text[p.start : p.end]) for p in ps)


@lru_cache(maxsize=65536)
def _exact(piece: str) -> str:
    return canonical(piece).casefold()


def _adjacent(text: str, before: list[Piece], at: int) -> bool:
    """The phrase ends right before the number (white space or `:` between, nothing else)."""
    return _GAP.fullmatch(text[before[-1].end : at]) is not None


_BLANK_LINE = regex.compile(r"\n\s*\n")
_LETTER = regex.compile(r"\p{L}")
_BREAK = regex.compile(r"[\n,;:.()]")
_GAP = regex.compile(r"\s*(?::\s*)?")


_ZERO = regex.compile(r"(?i)(?<=:\s{0,3})(không(?:\s+có)?)(?=\s*(?:[.;,)]|$|\n))")


def _zero_answers(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """`Số hồ sơ quá hạn: Không.`: the answer to a count is zero."""
    return [
        Mention(0, m.start(1), m.end(1), m.group(1), FIGURE, zero_answer=True)
        for m in _ZERO.finditer(text)
        if all(m.end(1) <= x or m.start(1) >= y for x, y in taken)
    ]


def label_key(text: str) -> str:
    """A label phrase folded for counting (coverage reports group by it)."""
    return " ".join(fold(text).split())
