"""A document's normalised text cut into what a page shows: lines, and table rows as cells,
each cut again into pieces that know which facts' figures and quotes cover them.

Every piece keeps the offset of its first character, so a reviewer's selection in the
browser maps back to offsets of the same text the evidence points into. Text is never
turned into markup here: the templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.sources import Box, span_boxes
from schemas import Document


@dataclass(slots=True)
class Piece:
    start: int
    text: str
    figures: list[str] = field(default_factory=list)  # facts whose figure this is
    quotes: list[str] = field(default_factory=list)  # facts whose quote covers it


@dataclass(slots=True)
class Span:
    start: int
    end: int
    fact_id: str
    figure: bool


def fact_spans(facts: list[dict]) -> list[Span]:
    """Each fact's quotes, and its figures where their place is known."""
    spans = []
    for fact in facts:
        for ev in fact["evidence"]:
            spans.append(Span(ev["start"], ev["end"], fact["id"], False))
            if ev.get("figure_start") is not None and ev.get("figure_end") is not None:
                spans.append(Span(ev["figure_start"], ev["figure_end"], fact["id"], True))
    return spans


def pieces(text: str, start: int, end: int, spans: list[Span]) -> list[Piece]:
    """text[start:end] cut wherever a span starts or ends."""
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted({start, end, *(max(s.start, start) for s in inside)} | {
        min(s.end, end) for s in inside
    })  # fmt: skip
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        covering = [s for s in inside if s.start <= a and s.end >= b]
        out.append(
            Piece(
                start=a,
                text=text[a:b],
                figures=sorted({s.fact_id for s in covering if s.figure}),
                quotes=sorted({s.fact_id for s in covering if not s.figure}),
            )
        )
    return out


def text_blocks(doc: Document, facts: list[dict]) -> list[dict]:
    """The text as blocks: {"kind": "line", "pieces"} or {"kind": "table", "rows"}, where a
    row is a list of cells {"start", "pieces", "figures"}; a cell holding a fact's figure
    lists that fact, so the page can mark the cell."""
    spans = fact_spans(facts)
    figures = [s for s in spans if s.figure]
    rows = {row.start: (table.index, row) for table in doc.tables for row in table.rows}
    blocks: list[dict] = []
    offset = 0
    for line in doc.text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        found = rows.get(start)
        if found is None:
            blocks.append({"kind": "line", "pieces": pieces(doc.text, start, end, spans)})
            continue
        index, row = found
        cells = [
            {
                "start": cell.start,
                "pieces": pieces(doc.text, cell.start, cell.end, spans),
                "figures": sorted(
                    {s.fact_id for s in figures if cell.start <= s.start < max(cell.end, 1)}
                ),
                "span": cell.span,
            }
            for cell in row.cells
        ]
        if blocks and blocks[-1]["kind"] == "table" and blocks[-1]["index"] == index:
            blocks[-1]["rows"].append(cells)
        else:
            blocks.append({"kind": "table", "index": index, "rows": [cells]})
    return blocks


def figure_boxes(doc: Document, fact: dict) -> list[Box]:
    """Where a fact's figure (else its quote) is drawn on the PDF's pages."""
    boxes: list[Box] = []
    for ev in fact["evidence"]:
        start = ev.get("figure_start") if ev.get("figure_start") is not None else ev["start"]
        end = ev.get("figure_end") if ev.get("figure_end") is not None else ev["end"]
        boxes += span_boxes(doc, start, end)
    return boxes


def figure_place(doc: Document, fact: dict) -> str:
    """Where a fact's figure is in the source file, in words: page, or table cell."""
    for ev in fact["evidence"]:
        start = ev.get("figure_start") if ev.get("figure_start") is not None else ev["start"]
        loc = doc.source_map.locate(start)
        if loc is None:
            continue
        if loc.row is not None and loc.col is not None:
            block = f"block {loc.block + 1}, " if loc.block is not None else ""
            return f"{block}table row {loc.row + 1}, column {loc.col + 1}"
        if loc.page is not None:
            return f"page {loc.page}"
        if loc.line is not None:
            return f"line {loc.line}"
    return ""
