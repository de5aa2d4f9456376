"""Qualifiers attach in one step: a figure's scope, period, year and level come from its
own clause, then its lead-in, then what its paragraph carries.

The scope is the part or wider set the words before the figure name (`cấp xã`, `các sở,
ngành`), or the one its paragraph carries in; the period is another stretch of time than
the report's own named in its label (`Quý III/2021, ...`, `lũy kế từ đầu năm`) or in the
parentheses after `so với`; the year a year outside the report's own period; the level
the online-service level its words name (`mức độ 3`, `toàn trình`).
"""

from __future__ import annotations

from extractors import common, vocabulary
from extractors.dossier_read import Read, Reading, level_of, scope_here
from extractors.dossier_time import compared_period, cumulative_lead, period_named, year_named
from extractors.grammar import Figure
from extractors.words import phrase_spans
from schemas import Document

_LEVELLED = {"dossier.online_rate", "dossier.received.online"}
_BY_TYPE = {"docs_issued.by_type"}
_BY_PLACE = {"staff.part_time"}  # counted by the village they work in


def document_type(f: Figure) -> str | None:
    """The type a count of documents by type names (`197 quyết định`, `Báo cáo: 105`)."""
    types = vocabulary.load("grammar")["document_types"]
    return next((name for label, name in types.items() if label in f.own), None)


def qualifiers(
    doc: Document, read: Reading, r: Read, f: Figure, metric: str, carried: str | None = None
) -> dict[str, str] | None:
    """The qualifiers of figure `f` of sentence `r`, read as `metric`; `carried` is the
    period its paragraph opened with, when that is another than the report's own. None when
    the metric needs a qualifier the words do not give (a count by type names no type)."""
    if metric in _BY_TYPE:
        kind = document_type(f)
        return {"doc_type": kind} if kind else None
    text = doc.text
    if metric in _BY_PLACE:
        a, _ = common.clause_around(text, r.span.start, r.span.end, f.mention.start, ";,")
        if phrase_spans(text, "village_words", a, f.tail_end):
            return {"level": "village"}
    at = f.mention.start
    own = None
    if f.unit != "percent":  # `3.585 biên chế cấp tỉnh`; a rate's tail names its denominator
        own = scope_here(text[f.mention.end : f.tail_end], read.level)
    if own is None and f.parent is not None:  # a part names its scope in its own label
        own = scope_here(text[f.label_start : at], read.level)
    if own is None:
        own = scope_here(text[r.span.start : at], read.level)
    scope = r.scope if own is None else own
    if metric in vocabulary.load("grammar")["across_levels"]:
        scope = None
    out: dict[str, str] = {"scope": scope} if scope else {}
    if metric in _LEVELLED:
        level = level_of(text[f.label_start : f.tail_end])
        if level:
            out["level"] = level
    compared = compared_period(text, r.span.start, at)
    if compared is not None:
        out[compared[0]] = compared[1]
        return out
    label = text[f.label_start : at]
    in_period = "trong kỳ" in label.lower()  # `lũy kế ... trong kỳ`: the period's own total
    period = None
    if not in_period:
        period = cumulative_lead(text, r.span.start, at) or period_named(
            text, r.span.start, at, read.periods
        )
    period = period or carried
    if period:
        out["period"] = period
        return out
    year = year_named(text, _after_previous(r, f, text), at)
    if year and read.years and int(year) not in read.years:
        out["year"] = year
    return out


def _after_previous(r: Read, f: Figure, text: str) -> int:
    """Where the words that may name a figure's year begin: after the figure before it in
    its sentence (`Năm 2023, UBND xã đã giải quyết 3.900 hồ sơ`)."""
    before = [m for m in _figures_before(r, f)]
    return max([r.span.start, *before])


def _figures_before(r: Read, f: Figure) -> list[int]:
    return [g.end for g in r.figures if g.end <= f.mention.start]
