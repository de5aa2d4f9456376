"""Staffing figures: cadres and civil servants in post, posts assigned, contract and
part-time staff, education and political-training levels. (People sent to training and
the one-stop shop's staff are read by the figure reader's decision rows.)

Reports write these as a total with its parts (`Tổng số cán bộ, công chức xã là 18
người. Trong đó cán bộ 11 người, công chức 07 người`), labelled lines (`Tổng số biên chế
được giao: 20. Số hiện có: 18.`), level lists (`01 đ/c cao học, 16 đ/c Đại học`), sub-group
blocks (`* Cán bộ: 11 người` followed by `Trình độ chuyên môn: Đại học: 9 người`), and a
province's statistics table (`Số hợp đồng lao động ... | Người | 652`). A percentage
beside a count (`chiếm 81,8 %`) is never a count.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.common import (
    Span,
    candidate,
    clause_around,
    clauses,
    has_words,
    report_level,
    scope_of,
    sentences,
)
from extractors.numbers import NUMBER, NumberMatch, as_count, parse_number
from extractors.staffing_table import TableRules
from extractors.staffing_terms import (
    CADRES,
    CIVIL,
    GROUP,
    LEVEL,
    LEVEL_AFTER,
    LEVEL_AFTER_FIGURE,
    LEVEL_BEFORE,
    NOT_STAFF,
    ONE_STOP_CONTEXT,
    ONE_STOP_SUBJECT,
    PART_AFTER,
    PARTS_INTRO,
    STAFF_TOPIC,
    STAFF_WORDS,
    SUBSET,
    TOTAL,
    dimension,
    figure_count,
)
from schemas import Candidate, Document

_SHARE = regex.compile(r"\s*/\s*\d[\d.]*")
_CLAUSE_STOP = regex.compile(r"[(;.]")


def _share_of_a_group(text: str, at: int, end: int) -> bool:
    """Is the count ending at `at` the part of a ratio whose own clause names a group
    (`18/19 cán bộ, công chức đạt chuẩn`), not the staff in post (`21/23 (thiếu ...)`)?"""
    share = _SHARE.match(text, at, end)
    if not share:
        return False
    stop = _CLAUSE_STOP.search(text, share.end(), end)
    until = min(stop.start() if stop else end, share.end() + 40)
    return SUBSET.search(text, share.end(), until) is not None


class _SentenceRules:
    """Staffing figures written in prose sentences (and in note cells of tables)."""

    id = "staff.sentence.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        text = doc.text
        level = report_level(doc)
        # a sub-group block (`* Cán bộ: 11 people` then its levels) lasts while the
        # sentences stay under the marker or the heading the marker sits in
        group: tuple[set[str], str] | None = None
        last_context = ""
        previous = ""
        for span in sentences(doc):
            g = GROUP.match(span.text)
            if g:
                who = "cadres" if has_words(g.group("who"), "cán bộ") else "civil_servants"
                group = ({span.context, last_context}, who)
            elif group and span.context not in group[0]:
                group = None
            last_context = span.context
            scope_text = f"{span.context} {previous} {span.text}"
            previous = span.text
            if not (
                STAFF_TOPIC.search(scope_text)
                or LEVEL.search(span.text)
                or ONE_STOP_CONTEXT.search(span.text)
            ):
                continue
            yield from self._totals(text, span, level)
            yield from self._parts(text, span)
            yield from self._levels(text, span, group[1] if group else None)

    def _emit(self, metric: str, m: regex.Match, text: str, span: Span, q=None, sep=";"):
        got = figure_count(m)
        if got is None:
            return None
        a, b = clause_around(text, span.start, span.end, got[1].start, sep)
        return candidate(metric, got[0], (a, b), got[1], self.id, q or {})

    def _totals(self, text: str, span: Span, level: str) -> Iterator[Candidate]:
        seen: set[int] = set()
        for k, pattern in enumerate(TOTAL):
            for m in pattern.finditer(text, span.start, span.end):
                if m.start("n") in seen:
                    continue
                if _share_of_a_group(text, m.end("n"), span.end):
                    continue  # `18/19 cán bộ, công chức đạt chuẩn`: a share, not the staff
                if k == 1 and not STAFF_WORDS.search(f"{span.context} {span.text}"):
                    continue
                a, _ = clause_around(text, span.start, span.end, m.start(), ";")
                clause = text[a : m.end()]
                scope_text = clause if k == 1 else text[m.start() : m.end()]
                if span.table is not None:
                    scope_text = f"{span.context} {scope_text}"
                if NOT_STAFF.search(scope_text) or SUBSET.search(text, m.start(), m.start("n")):
                    continue
                if ONE_STOP_CONTEXT.search(clause) or ONE_STOP_SUBJECT.match(span.text):
                    continue  # the one-stop shop's team, not everyone in post
                scope = scope_of(text[m.start() : m.start("n")], level)
                after = LEVEL_AFTER_FIGURE.match(text, m.end(), span.end)
                if scope is None and after:
                    scope = scope_of(after.group(0), level)
                c = self._emit("staff.total", m, text, span, {"scope": scope} if scope else {})
                if c is not None:
                    seen.add(m.start("n"))
                    yield c
                    yield from _scoped_parts(self.id, "staff.total", text, span, m.end(), level)
                    yield from self._paren_parts(text, span, m.end())

    def _paren_parts(self, text: str, span: Span, at: int) -> Iterator[Candidate]:
        """`20 người (10 cán bộ, 10 công chức)`, `(cán bộ: 10; công chức: 10)`."""
        paren = regex.match(
            r"\s*(?:người|đ/c|đồng\s+chí)?\s*\((?P<body>[^()]*)\)", text[at : span.end]
        )
        if not paren:
            return
        start, end = at + paren.start("body"), at + paren.end("body")
        for a, b in clauses(text, start, end, ",;"):
            part = text[a:b]
            cadres = regex.search(r"(?i)cán\s+bộ", part)
            civil = regex.search(r"(?i)công\s+chức", part)
            if bool(cadres) == bool(civil) or SUBSET.search(part):
                continue
            lone = _lone_count(text, a, b)
            if lone is None:
                continue
            count, fig = lone
            metric = "staff.cadres" if cadres else "staff.civil_servants"
            yield candidate(metric, count, (span.start, span.end), fig, self.id)

    def _parts(self, text: str, span: Span) -> Iterator[Candidate]:
        for metric, pattern in (("staff.cadres", CADRES), ("staff.civil_servants", CIVIL)):
            for m in pattern.finditer(text, span.start, span.end):
                before = text[max(span.start, m.start() - 30) : m.start()]
                if regex.search(r"(?i)(?:thiếu|thừa|cho|của|với|và)\s*$|\d\s*$", before):
                    continue
                if _in_one_stop(text, span, m.start()):
                    continue
                c = self._emit(metric, m, text, span, sep=";,")
                if c is not None:
                    yield c
        for m in PART_AFTER.finditer(text, span.start, span.end):
            a, _ = clause_around(text, span.start, span.end, m.start(), ";")
            before = text[a : m.start()]
            intro = PARTS_INTRO.search(before) or regex.search(
                r"(?i)(?:trong\s+đó|gồm)[^.;]*(?:cán\s+bộ|công\s+chức)\s*(?:,|và)\s*$", before
            )
            if not intro or _in_one_stop(text, span, m.start()):
                continue
            metric = (
                "staff.cadres" if has_words(m.group("who"), "cán bộ") else "staff.civil_servants"
            )
            c = self._emit(metric, m, text, span, sep=";,")
            if c is not None:
                yield c

    def _levels(self, text: str, span: Span, group: str | None) -> Iterator[Candidate]:
        """`đại học 14, cao đẳng: 01`, `01 đ/c cao học`, `Trung cấp 11/11 người`."""
        for m in LEVEL.finditer(text, span.start, span.end):
            name = m.lastgroup
            before = text[span.start : m.start()]
            if regex.search(r"(?i)trình\s+độ\s*$", before):
                continue  # `02 cán bộ hợp đồng trình độ đại học`: a description
            after = LEVEL_AFTER.match(text, m.end(), span.end)
            prior = LEVEL_BEFORE.search(text, max(span.start, m.start() - 25), m.start())
            found = (
                prior
                if prior and regex.search(r"(?i)đ/c|đồng\s+chí|người", prior.group(0))
                else after
            )
            found = found or prior
            if found is None:
                continue
            kind = dimension(before, text[span.start : span.end], span.context)
            if kind is None:
                continue
            got = figure_count(found)
            if got is None:
                continue
            q = {"level": name, "group": group}
            a, b = clause_around(text, span.start, span.end, got[1].start, ";,")
            yield candidate(kind, got[0], (a, b), got[1], self.id, q)


def _scoped_parts(
    extractor: str, metric: str, text: str, span: Span, at: int, level: str
) -> Iterator[Candidate]:
    """`9.818 (gồm 3.585 biên chế cấp tỉnh, 6.233 biên chế cấp xã)`, `(cấp tỉnh: 2.744, ...)`."""
    paren = regex.match(r"\s*(?:người\s*)?\((?P<body>[^()]*)\)?", text[at : span.end])
    if not paren:
        return
    start, end = at + paren.start("body"), at + paren.end("body")
    for a, b in clauses(text, start, end, ",;"):
        scope = scope_of(text[a:b], level)
        lone = _lone_count(text, a, b) if scope is not None else None
        if lone is None:
            continue
        count, fig = lone
        yield candidate(metric, count, (span.start, span.end), fig, extractor, {"scope": scope})


def _lone_count(text: str, a: int, b: int) -> tuple[int, NumberMatch] | None:
    """The figure of a clause in parentheses, when it has exactly one and that is a count."""
    found = list(regex.finditer(NUMBER, text[a:b]))
    if len(found) != 1:
        return None
    value = parse_number(found[0].group(0))
    count = as_count(value) if value is not None else None
    if count is None:
        return None
    return count, NumberMatch(value, a + found[0].start(), a + found[0].end(), found[0].group(0))


def _in_one_stop(text: str, span: Span, at: int) -> bool:
    """Is the figure at `at` said of the one-stop shop (`Bộ phận Một cửa gồm 05 công chức`)?"""
    a, _ = clause_around(text, span.start, span.end, at, ";")
    return bool(ONE_STOP_SUBJECT.match(span.text) or ONE_STOP_CONTEXT.search(text, a, at))


EXTRACTORS = (_SentenceRules(), TableRules())
