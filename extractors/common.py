"""What every rule family shares: sentences with their context, clauses, candidates,
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
from extractors.scopes import is_whole_label, level_label, period_of, report_level, scope_of
from extractors.tables import (
    TableValue,
    has_words,
    row_label,
    section_label,
    table_values,
    year_of,
)
from schemas import Candidate, Document
from schemas.text import strip_marks

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
    spans = tuple(_join_wrapped(doc.text, list(_build_sentences(doc))))
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


# a sentence that goes on after a hard wrap or a blank line: it starts with a figure or a
# lower-case word, not with a bullet or an item number (`1.`, `a)`)
_GOES_ON = regex.compile(r"^(?:(?!\d+(?:\.\d+)*[.)]\s)\d|(?![a-zđ]\)\s)\p{Ll})")


def _join_wrapped(text: str, spans: list[Span]) -> Iterator[Span]:
    """Put back together a sentence split after its lead-in's colon by a hard wrap or a blank
    line (`Lý luận chính trị: ⏎⏎ cao cấp 01, trung cấp 15`, `Báo cáo: ⏎97, Tờ trình: 19`)."""
    current: Span | None = None
    for s in spans:
        if (
            current is not None
            and current.table is None
            and s.table is None
            and current.text.endswith(":")
            and _GOES_ON.match(s.text)
            and not text[current.end : s.start].strip()
        ):
            current = Span(current.start, s.end, text[current.start : s.end], current.context)
            continue
        if current is not None:
            yield current
        current = s
    if current is not None:
        yield current


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


# the number of a table, form, annex or section (`Bảng 1`, `Biểu mẫu 4`, `Phụ lục số 3`,
# `Mẫu số 06`, `tại mục 2`, `Điều 5`) or of a hotline (`Cổng 1022`): a name, never a figure
_CAPTION = regex.compile(
    r"(?i)(?<!\p{L})(?:bảng|biểu(?:\s+mẫu)?|phụ\s+lục|mẫu|(?<!(?:danh|hạng)\s)mục|tiểu\s+mục|"
    r"điều|khoản|cổng|tổng\s+đài|đường\s+dây\s+nóng)(?:\s+số)?\s*:?\s*$"
)


def numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMatch]:
    """Figures in text[start:end], without parts of dates, references or `x/y` ratios, and
    without the numbers that name a table, form, annex or section (`Bảng 1`)."""
    stop = len(text) if end is None else end
    found = []
    for n in find_numbers(text, start, stop):
        before = text[max(start, n.start - 6) : n.start]
        after = text[n.end : n.end + 6]
        if regex.search(r"(?:/\s*$|\d\s*[-–]\s*$|\d:$|ISO\s*$)", before):
            continue  # the second half of a date, a range, a ratio or a standard's number
        if regex.match(r"\s*/\s*\d|\s*[-–]\s*\d", after):
            continue  # the first half of one
        if is_caption_number(text, n.start, start):
            continue
        found.append(n)
    return found


def is_caption_number(text: str, at: int, start: int = 0) -> bool:
    """True when the number at `at` names a table, form, annex or section (`Bảng 1`)."""
    return bool(_CAPTION.search(text[max(start, at - 20) : at]))


# --- tolerant keywords -----------------------------------------------------------------

_LETTERS = "".join(
    chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha()
)


@lru_cache(maxsize=64)
def _variants(base: str) -> str:
    same = {c for c in _LETTERS if strip_marks(c).casefold() == base} | {base, base.upper()}
    return "[" + "".join(sorted(same)) + "]"


@lru_cache(maxsize=256)
def loose_re(phrase: str) -> str:
    """A regex for `phrase` that tolerates missing or wrong diacritics and tone marks and any
    white space between words (`lĩnh vực` also finds `linh vực`, `mức độ` `mức đô`)."""
    parts = []
    for word in phrase.split():
        out = []
        for ch in word:
            base = strip_marks(ch).casefold()
            out.append(_variants(base) if base in "aeiouyd" else regex.escape(ch))
        parts.append("".join(out))
    return r"\s+".join(parts)


# --- qualifiers ------------------------------------------------------------------------
# (scope_of, report_level and period_of live in extractors/scopes.py; re-exported here)

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
    "is_caption_number",
    "is_whole_label",
    "level_label",
    "loose_re",
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
