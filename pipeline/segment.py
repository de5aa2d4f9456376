"""Headings, paragraphs and sentences of a normalised text.

Reports are organised by numbered markers (`PHẦN A`, `I.`, `1.`, `1.1`, `a)`, `-`, `+`);
a figure is read in the light of the heading it sits under, so every sentence carries the
index of its heading. Levels come from the order in which marker kinds nest in this very
document (a stack), not from a fixed table, since reports number their sections freely.
Sentences are split by a rule that knows Vietnamese abbreviations (`TT.`, `TM.`, `đ/c.`)
and figures (`2.231`, `98,8%`, `61/2018/NĐ-CP`): a full stop splits only before a space and
a capital, a digit or an opening quote.
"""

from __future__ import annotations

import re

from pipeline.markers import marker_at
from schemas.document import Heading, Paragraph, Segments, Sentence, Table

_ABBREVIATIONS = {
    "tt", "tp", "tx", "ths", "ts", "pgs", "gs", "bs", "ks", "cn", "q", "p", "tr", "st",
    "nxb", "đ/c", "v.v", "tm", "kt", "tl", "tuq", "ttg", "vd", "ng", "ô", "bà", "ông",
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?…]+[”\"'’)\]»]*\s+(?=[\"“'‘(\[«]?(?:[^\W\d_]|\d))")
_TITLE_END = re.compile(r"[.!?:;]\s|[.!?:;]$")


def _is_boundary(text: str, m: re.Match) -> bool:
    nxt = text[m.end()] if m.end() < len(text) else ""
    if nxt.isalpha() and not nxt.isupper():
        return False
    word = re.search(r"(\S+)$", text[: m.start()])
    token = word.group(1) if word else ""
    if m.group(0).startswith(".") and not m.group(0).startswith(".."):
        bare = token.lstrip("(“\"'").lower()
        if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
            return False
    return True


def split_sentences(text: str, start: int, end: int, skip_to: int | None = None) -> list[tuple]:
    """Sentence spans within [start, end) of `text`; no split before `skip_to` (a marker)."""
    spans = []
    begin = start
    piece = text[start:end]
    for m in _BOUNDARY.finditer(piece):
        cut = start + m.end()
        if skip_to is not None and cut <= skip_to + 1:
            continue
        if not _is_boundary(piece, m):
            continue
        stop = start + m.end()
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        if stop > begin:
            spans.append((begin, stop))
        begin = cut
    if begin < end:
        spans.append((begin, end))
    return spans


_ITEMS = {"dash", "plus", "star", "bullet"}


class _Levels:
    """Level of a marker kind from how kinds nest so far: a stack of (kind, heading index)."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, int]] = []

    def level(self, kind: str, index: int) -> int:
        kinds = [k for k, _ in self.stack]
        if kind == "part":
            self.stack = []
        elif kind in kinds:
            del self.stack[kinds.index(kind) :]
        self.stack.append((kind, index))
        return len(self.stack)

    def section(self) -> int | None:
        """The innermost heading that is not a list item: what follows a list belongs to."""
        for kind, index in reversed(self.stack):
            if kind not in _ITEMS:
                return index
        return None


def _heading(text: str, start: int, end: int, levels: _Levels, index: int) -> Heading | None:
    line = text[start:end]
    marker = marker_at(line)
    if marker is None:
        return None
    rest = line[marker.end :]
    title_start = marker.end + (len(rest) - len(rest.lstrip()))
    stop = _TITLE_END.search(line, title_start)
    title_end = stop.start() if stop else len(line)
    title = line[title_start:title_end].strip()
    level = levels.level(marker.kind, index)
    return Heading(start, start + title_end, level, marker.text, title)


def segment(text: str, tables: list[Table]) -> Segments:
    """Headings, paragraphs (one per line outside tables) and sentences with their heading."""
    rows = sorted(
        ((row.start, row.end, t.index, r) for t in tables for r, row in enumerate(t.rows)),
    )
    row_at = {start: (end, table, r) for start, end, table, r in rows}
    segments = Segments()
    levels = _Levels()
    current: int | None = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if start in row_at:
            row_end, table, r = row_at[start]
            segments.sentences.append(Sentence(start, row_end, current, table, r))
            continue
        segments.paragraphs.append(Paragraph(start, end))
        heading = _heading(text, start, end, levels, len(segments.headings))
        skip_to = None
        if heading is not None:
            segments.headings.append(heading)
            current = len(segments.headings) - 1
            skip_to = start + len(heading.marker)
        for s, e in split_sentences(text, start, end, skip_to):
            segments.sentences.append(Sentence(s, e, current))
        if heading is not None and heading.marker[0] in "-–—+*•" and not line.endswith(":"):
            current = levels.section()  # a list item covers its own paragraph only
    return segments
