"""One reading of a document shared by the dossier and feedback rules: each sentence with
its vocabulary terms and figures, the lead-in sentence it continues, its paragraph, and
the scope in force for it.

A figure's label is the stretch between the previous figure (with the short phrase after
it) and the figure itself; inside it, the part after the last `:`, `(` or `;` that still
names something is what the figure is (`(Trực tuyến: 854` -> online). A sentence that
has no words of its own before the figure (`Tổng số 736 thủ tục hành chính.`) reads its
lead-in: the sentence before it when that one ends with `:`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from extractors import common
from extractors.dossier_figures import Figure, figures
from extractors.dossier_terms import Term, find_terms, labels_in, loose
from extractors.dossier_time import (
    compared_period,
    cumulative_lead,
    period_named,
    report_periods,
    year_named,
)
from schemas import Candidate, Document

_BOUNDARY = regex.compile(r"[:;()]")
_CONNECTOR = regex.compile(
    r"\b(?:trong do|gom|bao gom|la|con|so|tong|cua|nhu sau|cu the|voi|tai|theo|nhung)\b"
)
_LIST_ITEM = regex.compile(r"^\s*(?:[-+•*–]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s")
# `Đối với dịch vụ công ...: ...`, `Riêng lĩnh vực ...`: a sentence about one group only
SUBSET_SENTENCE = regex.compile(r"^\W*(?:doi voi|rieng)\b.*\b(?:dich vu|dvc|thu tuc|tthc|linh vuc)")
_WORTH = regex.compile(r"\d|:\s*$|:\s*khong\b|phan anh|kien nghi|pakn|don thu")


@dataclass
class Read:
    """One sentence (or text cell) as the dossier rules see it."""

    span: common.Span
    text: str  # the document's text
    terms: list[Term]
    figures: list[Figure]
    paragraph: int
    ends_with_colon: bool
    lead_labels: set[str] = field(default_factory=set)
    lead_start: int | None = None
    scope: str | None = None  # scope carried in from earlier sentences
    plan: bool = False  # under a plan / proposals heading, or a request: no results here

    def label_start(self, i: int) -> int:
        """Where figure i's label begins: after the previous figure, and after a `;`."""
        a = self.span.start if i == 0 else max(self.span.start, self.figures[i - 1].tail_end)
        semi = self.text.rfind(";", a, self.figures[i].start)
        return semi + 1 if semi >= 0 else a

    def window_labels(self, i: int) -> set[str]:
        return labels_in(self.terms, self.label_start(i), self.figures[i].start)

    @property
    def all_labels(self) -> set[str]:
        return {t.label for t in self.terms}

    def last_status_before(self, i: int, wanted: set[str]) -> str | None:
        a, b = self.label_start(i), self.figures[i].start
        found = [t for t in self.terms if a <= t.start and t.end <= b and t.label in wanted]
        return found[-1].label if found else None


@dataclass
class Reading:
    text: str
    level: str
    sentences: list[Read]
    years: set[int] = field(default_factory=set)  # the years the report's own period spans
    periods: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # the report's own


def _segment_labels(r: Read, a: int, b: int) -> set[str]:
    """Labels of the last `:`/`(`/`;` piece of text[a:b] that names something."""
    cuts = [a] + [m.end() for m in _BOUNDARY.finditer(r.text, a, b)] + [b]
    for j in range(len(cuts) - 2, -1, -1):
        found = labels_in(r.terms, cuts[j], cuts[j + 1]) - {"TOTAL"}
        if found:
            return found | labels_in(r.terms, cuts[j], cuts[j + 1])
    return labels_in(r.terms, a, b)


def window_labels(read: Reading, k: int, i: int) -> tuple[set[str], set[str], set[str]]:
    """(label words, words right after the unit, lead-in words) of figure i of sentence k."""
    r = read.sentences[k]
    f = r.figures[i]
    start = r.label_start(i)
    seg = _segment_labels(r, start, f.start)
    tail = labels_in(r.terms, f.unit_end, f.tail_end)
    lead = r.lead_labels if start == r.span.start else set()
    return seg, tail, lead


def rate_before(read: Reading, k: int, i: int) -> int | None:
    """The index of the rate whose parentheses figure i opens (`trễ hạn 0,8% (10 hồ sơ`,
    `đạt 98,6% (3.104/3.148 hồ sơ)`): the count that rate is a share of."""
    r = read.sentences[k]
    if i == 0 or r.figures[i - 1].unit != "percent":
        return None
    between = read.text[r.figures[i - 1].unit_end : r.figures[i].start]
    return i - 1 if regex.fullmatch(r"\s*\(\s*(?:gồm|với|tương\s+ứng|là)?\s*", between) else None


def evidence_of(read: Reading, k: int, i: int) -> tuple[int, int]:
    """The clause around figure i (to `;`), widened to its label and used lead-in."""
    r = read.sentences[k]
    f = r.figures[i]
    a, b = common.clause_around(read.text, r.span.start, r.span.end, f.start, ";")
    a = min(a, r.label_start(i))
    seg, tail, lead = window_labels(read, k, i)
    if lead and r.lead_start is not None and not (seg | tail) - {"DOSSIER", "TOTAL"}:
        a = min(a, r.lead_start)
    return a, max(b, f.tail_end)


def qualifiers_for(read: Reading, k: int, f: Figure) -> dict[str, str]:
    """The scope in force at the figure (named before it in its sentence, or carried in),
    and the year its label names when that is not a year of the report's own period."""
    r = read.sentences[k]
    own = scope_here(read.text[r.span.start : f.start], read.level)
    scope = r.scope if own is None else own
    out = {"scope": scope} if scope else {}
    compared = compared_period(read.text, r.span.start, f.start)
    if compared is not None:
        out[compared[0]] = compared[1]
        return out
    i = next((j for j, g in enumerate(r.figures) if g.start == f.start), 0)
    start = r.label_start(i)
    period = cumulative_lead(read.text, r.span.start, f.start) or period_named(
        read.text, start, f.start, read.periods
    )
    if period:
        out["period"] = period
        return out
    year = year_named(read.text, start, f.start)
    if year and read.years and int(year) not in read.years:
        out["year"] = year
    return out


def figure_candidate(
    read: Reading, k: int, i: int, metric: str, extractor: str, value=None, **qualifiers: str
) -> Candidate:
    """Figure i of sentence k as `metric`, with the evidence and qualifiers every dossier and
    feedback rule gives its figures; `value` where the rule reads the figure otherwise."""
    f = read.sentences[k].figures[i]
    return common.candidate(
        metric,
        f.value if value is None else value,
        evidence_of(read, k, i),
        (f.start, f.end),
        extractor,
        {**qualifiers_for(read, k, f), **qualifiers},
    )


def level_of(text: str) -> str | None:
    """Online-service level a phrase names: `toàn trình` 4, `một phần` 3, `mức độ 3` 3."""
    key = loose(text)
    full = "toan trinh" in key
    part = "mot phan" in key
    digits = set(regex.findall(r"\bmuc(?: do)?\s*([234])\b", key))
    if regex.search(r"\bmuc(?: do)?\s*[234]\s*(?:,|va|-|hoac)\s*(?:muc(?: do)?\s*)?[234]\b", key):
        return None
    if full and not part and not digits - {"4"}:
        return "4"
    if part and not full and not digits - {"3"}:
        return "3"
    if not full and not part and len(digits) == 1:
        return digits.pop()
    return None


_PLAN_TITLE = regex.compile(
    r"^(?:phuong huong|nhiem vu|giai phap|kien nghi|de xuat|muc tieu)|phuong huong"
    r"|nhiem vu.*(?:toi|tiep theo)"
)
_REQUEST = regex.compile(r"^\W*(?:de nghi|kien nghi|de xuat|phan dau|tiep tuc)\b")


def list_marker(text: str) -> str | None:
    """The marker a list item opens with (`-`, `+`, `a)`, `1.`), or None for prose."""
    m = _LIST_ITEM.match(text)
    if not m:
        return None
    mark = m.group(0).strip()
    return regex.sub(r"[a-zđ]|\d+", "x", mark)  # `a)` and `b)` are one kind of marker


def _plan_sections(doc: Document) -> dict[int, bool]:
    """Sentence start -> whether a heading above it (any level) is a plan or proposals."""
    headings = doc.segments.headings
    planned: dict[int, bool] = {}
    for h, heading in enumerate(headings):
        level, chain = heading.level, [heading.title]
        for j in range(h - 1, -1, -1):
            if headings[j].level < level:
                chain.append(headings[j].title)
                level = headings[j].level
        planned[h] = any(_PLAN_TITLE.search(loose(title)) for title in chain)
    return {
        s.start: planned.get(s.heading, False) if s.heading is not None else False
        for s in doc.segments.sentences
    }


def _paragraph_of(doc: Document):
    starts = [p.start for p in doc.segments.paragraphs]
    if starts:
        return lambda pos: bisect_right(starts, pos)
    return lambda pos: doc.text.count("\n", 0, pos)


def _build(doc: Document) -> Reading:
    text = doc.text
    level = common.report_level(doc)
    paragraph = _paragraph_of(doc)
    planned = _plan_sections(doc)
    out: list[Read] = []
    for span in common.sentences(doc):
        key = loose(span.text)
        worth = bool(_WORTH.search(key))
        terms = find_terms(text, span.start, span.end) if worth else []
        figs = figures(text, span.start, span.end) if worth else []
        figs = [_cut_tail(text, f) for f in figs]
        out.append(
            Read(
                span=span,
                text=text,
                terms=terms,
                figures=figs,
                paragraph=paragraph(span.start),
                ends_with_colon=span.text.rstrip().endswith(":"),
                plan=planned.get(span.start, False) or bool(_REQUEST.match(key)),
            )
        )
    _link(out, text, level)
    own = report_periods(doc)
    years = {y for a, b in own for y in range(a.year, b.year + 1)}
    return Reading(text, level, out, years, own)


def _cut_tail(text: str, f: Figure) -> Figure:
    """The words right after a figure end at a connector (`500 hồ sơ trong đó ...`)."""
    tail = loose(text[f.unit_end : f.tail_end])
    if len(tail) != f.tail_end - f.unit_end:
        return f
    m = _CONNECTOR.search(tail)
    if not m:
        return f
    return Figure(
        f.value, f.start, f.end, f.unit, f.unit_end, f.unit_end + m.start(), f.zero, f.over
    )


def _link(out: list[Read], text: str, level: str) -> None:
    """Lead-ins and carried scopes between neighbouring sentences.

    A scope holds for the rest of its paragraph; one named in a lead-in ending with `:`
    holds for the list items under it. A scope named inside one list item does not pass to
    its siblings, and `toàn tỉnh` (the whole) ends any scope.
    """
    carried: str | None = None
    listed_scope: str | None = None
    for k, r in enumerate(out):
        listed = bool(_LIST_ITEM.match(r.span.text))
        if k > 0 and out[k - 1].ends_with_colon:
            lead = [out[k - 1]]
            if len(out[k - 1].span.text.split()) <= 3 and k > 1:
                lead.insert(0, out[k - 2])
            r.lead_labels = set().union(*(x.all_labels for x in lead))
            r.lead_start = lead[0].span.start
        if k > 0 and r.paragraph != out[k - 1].paragraph:
            carried = listed_scope if listed else None
            if not listed and not out[k - 1].ends_with_colon:
                listed_scope = None
        r.scope = carried
        own = scope_here(r.span.text, level)
        if own is not None:
            carried = own or None
        if r.ends_with_colon:
            listed_scope = carried


_WHOLE = regex.compile(
    r"(?i)(?<!\p{L})(?:toàn|trên\s+địa\s+bàn)\s+(?:tỉnh|huyện|thành\s+phố|thị\s+xã|xã|phường)"
    r"(?!\p{L})"
)


_LEVEL_BEFORE = regex.compile(r"(?i)(?<!\p{L})cấp\s+(?:tỉnh|huyện|xã)\s*$")


# the reporting unit named as the one acting (`Chủ tịch Ủy ban nhân dân tỉnh đã công bố`):
# after it, the figures are the whole unit's
_SELF = {
    "province": regex.compile(r"(?i)(?<!\p{L})(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+tỉnh(?!\p{L})"),
    "district": regex.compile(r"(?i)(?<!\p{L})(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+huyện(?!\p{L})"),
}


def scope_here(text: str, level: str) -> str | None:
    """The scope a stretch of text names last: a part (`cấp xã`), `""` for the whole
    (`toàn tỉnh`, or the reporting unit itself acting), None when it names neither."""
    whole = list(_WHOLE.finditer(text))
    if level in _SELF:
        whole += list(_SELF[level].finditer(text))
        whole.sort(key=lambda m: m.end())
    if whole:  # `cấp xã trên địa bàn huyện`, `cấp xã toàn tỉnh`: where that level lies
        lying = _LEVEL_BEFORE.search(text, 0, whole[-1].start())
        if lying and common.scope_of(text[lying.start() : whole[-1].end()], level):
            return common.scope_of(text[lying.start() : whole[-1].end()], level)
    after = text[whole[-1].end() :] if whole else text
    named = common.scope_of(after, level)
    if named:
        return named
    if whole or common.scope_of(after):
        return ""
    return None


_CACHE: dict[int, tuple[Document, int, Reading]] = {}


def reading(doc: Document) -> Reading:
    """The shared reading of a document (built once per document object)."""
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc and hit[1] == len(doc.text):
        return hit[2]
    built = _build(doc)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(doc)] = (doc, len(doc.text), built)
    return built
