"""Which figures no metric claimed: the report that finds new wordings without annotating.

Every mention of kind `figure` whose characters no fact's evidence points at is unclaimed.
Each comes with its number, unit and the label phrase before it, so the most frequent
unclaimed labels over thousands of reports say which wordings the vocabulary lacks.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from extractors.mentions import Mention, label_key, mentions
from schemas import Document, Fact

_BREAK = regex.compile(r"[;:()\n|]|,\s|\.\s")
LABEL_WORDS = 6


def unclaimed(doc: Document, facts: Iterable[Fact]) -> list[dict]:
    """The document's figures no fact took, in text order."""
    taken = [
        (e.figure_start, e.figure_end)
        for f in facts
        for e in f.evidence
        if e.figure_start is not None and e.figure_end is not None
    ]
    out = []
    for m in mentions(doc):
        if not m.is_figure or any(a < m.end and m.start < b for a, b in taken):
            continue
        out.append(_entry(doc, m))
    return out


def label_before(text: str, m: Mention, start: int = 0) -> str:
    """The words before a figure back to a clause break, without the numbers between; a few
    at most. `LABEL: N` reads the words before the colon."""
    a = max(start, m.start - 160)
    cuts = [x.end() for x in _BREAK.finditer(text, a, m.start)]
    end = m.start
    for cut in reversed([a, *cuts]):
        words = text[cut:end].split()
        while words and not regex.search(r"\p{L}", words[-1]):
            words.pop()
        if words:
            return " ".join(words[-LABEL_WORDS:]).rstrip(":")
        end = cut
    return ""


def cell_label(doc: Document, m: Mention) -> str | None:
    """For a figure alone in a table cell: its row's label and its column's header."""
    for table in doc.tables:
        if not table.start <= m.start < table.end:
            continue
        header = next((r for r in table.rows if r.header), table.rows[0] if table.rows else None)
        for row in table.rows:
            if not row.start <= m.start < row.end:
                continue
            col = next((i for i, c in enumerate(row.cells) if c.start <= m.start < c.end), None)
            if col is None or regex.search(r"\p{L}{2,}", row.cells[col].text):
                return label_before(
                    doc.text, m, row.cells[col].start if col is not None else row.start
                )
            label = next((c.text for c in row.cells if regex.search(r"\p{L}", c.text)), "")
            head = ""
            if header is not None and header is not row and col < len(header.cells):
                head = header.cells[col].text
            parts = (" ".join(label.split()[:LABEL_WORDS]), " ".join(head.split()[:LABEL_WORDS]))
            return " | ".join(x for x in parts if x)
    return None


def _entry(doc: Document, m: Mention) -> dict:
    label = cell_label(doc, m)
    if label is None:
        label = label_before(doc.text, m)
    a = doc.text.rfind(label, max(0, m.start - 200), m.start) if label else -1
    a = a if a >= 0 else max(0, m.start - 60)
    return {
        "value": m.value,
        "quote": doc.quote(a, m.unit_end or m.end),
        "surface": m.surface,
        "unit": m.unit,
        "label": label,
        "label_key": label_key(label),
        "start": m.start,
        "end": m.end,
        "page": doc.source_map.page_of(m.start, m.end),
        "approximate": m.approximate,
    }
