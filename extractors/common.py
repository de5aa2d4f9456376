"""Helpers every rule family shares: sentences with their context, clauses, candidates,
qualifiers (scope, year, field names) and a generic reader for report tables.

Rules match on `Document.text` (NFC, one tone placement); reports wrap lines anywhere, so
patterns use `\\s+` between words and never rely on line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.numbers import Number, NumberMatch, find_numbers
from extractors.tables import TableValue, has_words, row_label, section_label, table_values, year_of
from schemas import Candidate, Document

# --- sentences -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of `Document.text` rules look at: a sentence, or one text cell of a table.

    `context` is what the stretch sits under: the heading's title for prose; for a table
    cell the row's label and the label of the section row above it.
    """

    start: int
    end: int
    text: str
    context: str = ""
    table: int | None = None
    row: int | None = None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ*+\-•])|\n\s*\n|\n(?=\s*[-+*•]\s)")


def sentences(doc: Document) -> list[Span]:
    """Every prose sentence, and every text cell of a table row that holds a figure.

    Table cells that are a bare figure, a unit or an index are for `table_values`; a cell
    with words and a figure (a note column, a wrapped label) reads as a sentence.
    """
    return list(_sentences_cached(doc))


def _sentences_cached(doc: Document) -> tuple[Span, ...]:
    key = (id(doc), len(doc.text))
    hit = _SENT_CACHE.get(key)
    if hit is not None and hit[0] is doc:
        return hit[1]
    spans = tuple(_build_sentences(doc))
    if len(_SENT_CACHE) > 4:
        _SENT_CACHE.clear()
    _SENT_CACHE[key] = (doc, spans)
    return spans


_SENT_CACHE: dict[tuple[int, int], tuple[Document, tuple[Span, ...]]] = {}


def _build_sentences(doc: Document) -> Iterator[Span]:
    text = doc.text
    headings = doc.segments.headings
    if not doc.segments.sentences:
        yield from _fallback_sentences(doc)
        return
    for s in doc.segments.sentences:
        if s.table is not None and s.table < len(doc.tables):
            yield from _cell_spans(doc, s.table, s.row)
            continue
        context = (
            headings[s.heading].title if s.heading is not None and s.heading < len(headings) else ""
        )
        start, end = _trim(text, s.start, s.end)
        if end > start:
            yield Span(start, end, text[start:end], context)


def _fallback_sentences(doc: Document) -> Iterator[Span]:
    """Sentences when the document came without segments: split on ends and blank lines."""
    text = doc.text
    in_table = {(r.start, r.end) for t in doc.tables for r in t.rows}
    for t in doc.tables:
        for i in range(len(t.rows)):
            yield from _cell_spans(doc, t.index, i)
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        start, stop = _trim(text, pos, end)
        if stop > start and not any(a <= start and stop <= b for a, b in in_table):
            yield Span(start, stop, text[start:stop])
        pos = m.end() if m else len(text)


def _cell_spans(doc: Document, table: int, row: int | None) -> Iterator[Span]:
    if row is None:
        return
    t = doc.tables[table]
    if row >= len(t.rows):
        return
    r = t.rows[row]
    label = row_label(t, row)
    context = " ".join(x for x in (section_label(t, row), label) if x)
    for cell in r.cells:
        words = regex.findall(r"\p{L}+", cell.text)
        if len(words) >= 3 and regex.search(r"\d", cell.text):
            start, end = _trim(doc.text, cell.start, cell.end)
            yield Span(start, end, doc.text[start:end], context, table, row)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n|":
        start += 1
    while end > start and text[end - 1] in " \t\r\n|":
        end -= 1
    return start, end


# --- clauses ---------------------------------------------------------------------------


def clauses(text: str, start: int, end: int, separators: str = ";") -> list[tuple[int, int]]:
    """Split text[start:end] at the separators (not inside parentheses), trimmed spans.

    `separators` is a set of characters; a `,` only splits before a space (not `98,8`).
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    pos = start
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            if ch in ",." and i + 1 < end and not text[i + 1].isspace():
                continue
            spans.append(_trim(text, pos, i))
            pos = i + 1
    spans.append(_trim(text, pos, end))
    return [(a, b) for a, b in spans if b > a]


def clause_around(
    text: str, start: int, end: int, at: int, separators: str = ";"
) -> tuple[int, int]:
    """The clause of text[start:end] that holds offset `at`."""
    for a, b in clauses(text, start, end, separators):
        if a <= at < b:
            return a, b
    return start, end


# --- candidates ------------------------------------------------------------------------


def candidate(
    metric: str,
    value: Number,
    evidence: tuple[int, int],
    figure: NumberMatch | tuple[int, int],
    extractor: str,
    qualifiers: dict[str, str] | None = None,
    confidence: float = 0.9,
) -> Candidate:
    """A Candidate whose evidence span always contains its figure."""
    if isinstance(figure, NumberMatch):
        f_start, f_end = figure.start, figure.end
    else:
        f_start, f_end = figure
    start, end = min(evidence[0], f_start), max(evidence[1], f_end)
    return Candidate(
        metric=metric,
        value=value,
        start=start,
        end=end,
        figure_start=f_start,
        figure_end=f_end,
        extractor=extractor,
        qualifiers={k: v for k, v in (qualifiers or {}).items() if v},
        confidence=confidence,
    )


def numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMatch]:
    """Figures in text[start:end], without parts of dates, references or `x/y` ratios."""
    stop = len(text) if end is None else end
    found = []
    for n in find_numbers(text, start, stop):
        before = text[max(start, n.start - 6) : n.start]
        after = text[n.end : n.end + 6]
        if regex.search(r"(?:/\s*$|\d\s*[-–]\s*$|\d\s*:\s*$|ISO\s*$)", before):
            continue  # the second half of a date, a range, a ratio or a standard's number
        if regex.match(r"\s*/\s*\d|\s*[-–]\s*\d", after):
            continue  # the first half of one
        found.append(n)
    return found


# --- qualifiers ------------------------------------------------------------------------

_SCOPES = (
    ("departments", r"các\s+sở\s*,?\s*(?:ban\s*,?\s*)?ngành|sở\s*,\s*ngành|cấp\s+sở"),
    ("province", r"cấp\s+tỉnh|cấp\s+thành\s+phố\s+trực\s+thuộc"),
    ("district", r"cấp\s+huyện|cấp\s+quận"),
    ("commune", r"cấp\s+xã|tại\s+xã|của\s+xã|cấp\s+phường"),
)
# a whole area (`trên địa bàn tỉnh`, `toàn huyện`): wider than a unit below it, the unit
# itself when the report is that level's
_AREAS = (
    ("province", r"(?:trên\s+địa\s+bàn|toàn|cả)\s+tỉnh"),
    ("district", r"(?:trên\s+địa\s+bàn|toàn|cả)\s+(?:huyện|quận|thị\s+xã)"),
)
_SCOPE_RES = [(name, regex.compile(rf"(?i)\b(?:{p})\b"), False) for name, p in _SCOPES] + [
    (name, regex.compile(rf"(?i)\b(?:{p})\b"), True) for name, p in _AREAS
]
_RANK = {"commune": 0, "district": 1, "province": 2}


def scope_of(text: str, level: str | None = None) -> str | None:
    """The scope a phrase names (`cấp tỉnh` -> province), the last one when several.

    A commune report's own level (`cấp xã` in a commune's report) is no scope, nor is a
    whole area at or below the report's level (`trên địa bàn tỉnh` in a province's
    report): pass the report's `level` (see `report_level`).
    """
    best: tuple[int, str, bool] | None = None
    for name, pattern, area in _SCOPE_RES:
        for m in pattern.finditer(text):
            if best is None or m.start() > best[0]:
                best = (m.start(), name, area)
    if best is None:
        return None
    _, name, area = best
    if level == "commune" and name == "commune":
        return None
    if area and level in _RANK and _RANK[name] <= _RANK[level]:
        return None
    return name


_LEVEL_HEADER = regex.compile(
    r"(?i)(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+(TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\b"
)
_LEVEL_OF = {
    "tỉnh": "province",
    "thành phố": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
}


def report_level(doc: Document) -> str:
    """The level of government the report speaks for: province, district or commune.

    Counted from how the text names its own authority (`UBND xã ...`, `Ủy ban nhân dân
    tỉnh ...`); the closing `Trên đây là báo cáo ... của UBND ...` decides when present.
    """
    return _report_level(doc.text)


@lru_cache(maxsize=8)
def _report_level(text: str) -> str:
    closing = regex.search(
        r"(?i)Trên\s+đây\s+là\s+báo\s+cáo[^.]{0,300}?của\s+(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+"
        r"(tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)\b",
        text,
    )
    if closing:
        return _LEVEL_OF[" ".join(closing.group(1).lower().split())]
    counts: dict[str, int] = {}
    for m in _LEVEL_HEADER.finditer(text):
        level = _LEVEL_OF[" ".join(m.group(1).lower().split())]
        weight = 5 if m.start() < 400 else 1
        counts[level] = counts.get(level, 0) + weight
    if not counts:
        return "commune"
    return max(counts, key=lambda k: counts[k])


_PERIOD = regex.compile(
    r"(?i)\b(quý\s+[IV]+(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?"
    r"|\d+\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?)"
)


def period_of(text: str) -> str | None:
    """A stretch of time named as written (`quý III/2021`, `6 tháng đầu năm 2023`)."""
    m = _PERIOD.search(text)
    return " ".join(m.group(1).split()) if m else None


_FIELD_PREFIX = regex.compile(
    r"(?i)^(?:[\s\-+*•–—.:;,]|\d+(?:\.\d+)*[.)]?\s|[a-zđ]\)\s)*(?:(?:các\s+)?lĩnh\s+vực|LV)\s*:?\s*"
)


def clean_field(text: str) -> str:
    """A field's name as the text writes it: `Lĩnh vực Hộ tịch:` -> `Hộ tịch`."""
    s = " ".join(text.split())
    s = _FIELD_PREFIX.sub("", s)
    s = regex.sub(r"^(?:[\s\-+*•–—.:;,]|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s)+", "", s)
    s = regex.sub(r"[\s:;,.\-–]+$", "", s)
    return s.strip()


__all__ = [
    "Span",
    "TableValue",
    "candidate",
    "clause_around",
    "clauses",
    "clean_field",
    "has_words",
    "numbers",
    "period_of",
    "report_level",
    "row_label",
    "scope_of",
    "section_label",
    "sentences",
    "table_values",
    "year_of",
]
