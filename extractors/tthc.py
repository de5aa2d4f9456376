"""Procedure (TTHC) figures: how many a unit handles, in how many fields, per field, at the
one-stop shop, online by level, across levels, of central vertical agencies, and how
many were announced, amended or abolished.

Reports state these in a few recurring shapes: a pair (`gồm 103 thủ tục thuộc 30 lĩnh
vực`, `33 lĩnh vực với 135 thủ tục`), a labelled total (`Tổng số TTHC thực hiện tại cấp
xã: 183 thủ tục`), a count with what it is (`Có 62 TTHC được cung cấp dịch vụ công mức độ
3`), a list by field (`Lĩnh vực Hộ tịch: 19 thủ tục; Chứng thực 11 thủ tục; ...`) and
statistics tables (`1.4.3 | Số TTHC ngành dọc | Thủ tục | 420`).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.common import (
    Span,
    candidate,
    clause_around,
    clauses,
    level_label,
    report_level,
    scope_of,
    sentences,
)
from extractors.tthc_lists import FieldList, TableRules
from extractors.tthc_terms import (
    BARE_PART,
    CENTRAL,
    COUNT,
    DEGREE,
    FROM_SET,
    HAS_PROC,
    NOT_ONLINE,
    ONLINE,
    ONLINE_BARE,
    ONLINE_COUNT,
    ONLINE_LABEL,
    ONLINE_LINE,
    ONLINE_UNIT,
    PAIR_FP,
    PAIR_PF,
    PART_VALUE,
    PROC,
    figure_count,
)
from schemas import Candidate, Document


class _SentenceRules:
    """Totals, field counts, one-stop, online levels, inter-level, central vertical,
    announced / amended / abolished — as written in prose sentences."""

    id = "tthc.sentence.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        for span in sentences(doc):
            if HAS_PROC.search(span.text):
                yield from self._sentence(doc.text, span, level)

    def _sentence(self, text: str, span: Span, level: str) -> Iterator[Candidate]:
        used: set[int] = set()
        totals: list[int] = []  # where the sentence's totals stand
        yield from self._pairs(text, span, level, used, totals)
        yield from self._online(text, span, level, used)

    def _pairs(
        self, text: str, span: Span, level: str, used: set[int], totals: list[int]
    ) -> Iterator[Candidate]:
        pairs = []
        for pattern in (PAIR_FP, PAIR_PF):
            for m in pattern.finditer(text, span.start, span.end):
                if m.start("p") not in used:
                    pairs.append(m)
        pairs.sort(key=lambda m: m.start())
        central = CENTRAL.search(text, span.start, span.end)
        for i, m in enumerate(pairs):
            a, _ = clause_around(text, span.start, span.end, m.start())
            prefix = text[a : m.start()]
            inner = prefix.rsplit("(", 1)[-1] if "(" in prefix else prefix
            if regex.search(
                r"(?i)\b(?:bỏ|bãi\s+bỏ|cắt\s+giảm|nội\s+bộ|hồ\s+sơ|rà\s+soát|kiến\s+nghị|đề\s+nghị|"
                r"đơn\s+giản\s+hóa|quyết\s+định)\b",
                inner,
            ):
                used.update((m.start("p"), m.start("f")))
                continue
            procs, fields = figure_count(m, "p"), figure_count(m, "f")
            used.update((m.start("p"), m.start("f")))
            if procs is None or fields is None:
                continue
            evidence = (span.start, span.end)
            if central and central.start() < m.start():
                yield candidate("tthc.central_vertical", procs[0], evidence, procs[1], self.id)
                continue
            scope = None
            later = pairs[i + 1] if i + 1 < len(pairs) else None
            if later is not None and regex.search(r"(?i)trong\s+đó", text[m.end() : later.start()]):
                # a wider set, then its part `trong đó ... áp dụng tại xã`: the wider one is
                # the catalogue of the level above when the report is not the province's
                if level == "province":
                    continue
                scope = (
                    "province" if regex.search(r"(?i)tỉnh", text[span.start : m.start()]) else None
                )
                if scope is None:
                    continue
            elif i > 0 and regex.search(r"(?i)trong\s+đó", text[pairs[i - 1].end() : m.start()]):
                scope = scope_of(text[pairs[i - 1].end() : m.start()], level)
            else:
                scope = scope_of(inner, level)
            q = {"scope": scope} if scope else {}
            totals.append(procs[1].start)
            yield candidate("tthc.total", procs[0], evidence, procs[1], self.id, q)
            yield candidate("tthc.fields", fields[0], evidence, fields[1], self.id, q)

    def _online(self, text: str, span: Span, level: str, used: set[int]) -> Iterator[Candidate]:
        if CENTRAL.search(text, span.start, span.end):
            return
        # `Trong 104 TTHC cấp tỉnh, có 71 TTHC ... toàn trình`: counts drawn from a set
        # carry the set's scope
        drawn = FROM_SET.match(text, span.start, span.end)
        scope = scope_of(drawn.group("set"), level) if drawn else None
        q = {"scope": scope} if scope else {}
        for m in ONLINE_COUNT.finditer(text, span.start, span.end):
            got = figure_count(m)
            if got is None or m.start("n") in used:
                continue
            between = text[m.end("n") : m.end()]
            if regex.search(r"(?i)hồ\s+sơ|%|đủ\s+điều\s+kiện|phát\s+sinh", between):
                continue
            metric = "tthc.online_level" + (
                "4" if m.group("full") else "3" if m.group("part") else m.group("lv")
            )
            used.add(m.start("n"))
            a, b = clause_around(text, span.start, span.end, m.start("n"), ";")
            yield candidate(metric, got[0], (a, b), got[1], self.id, q)
            yield from self._parts(text, span, m.end(), metric, level, used)
        if not regex.search(rf"(?i){ONLINE_UNIT}|{ONLINE}|{DEGREE}\s*[234]", span.text):
            return
        patterns = [ONLINE_LABEL]
        if ONLINE_LINE.match(span.text) and not NOT_ONLINE.search(span.text):
            patterns.append(ONLINE_BARE)
        for pattern in patterns:
            for m in pattern.finditer(text, span.start, span.end):
                got = figure_count(m)
                if got is None or m.start("n") in used:
                    continue
                a, b = clause_around(text, span.start, span.end, m.start("n"), ";")
                if NOT_ONLINE.search(text, a, m.start("n")):
                    continue
                metric = "tthc.online_level" + (
                    "4" if m.group("full") else "3" if m.group("part") else m.group("lv")
                )
                used.add(m.start("n"))
                yield candidate(metric, got[0], (a, b), got[1], self.id, q)
                yield from self._parts(text, span, m.end(), metric, level, used)

    def _parts(
        self, text: str, span: Span, end: int, metric: str, level: str, used: set[int]
    ) -> Iterator[Candidate]:
        """`2.310 TTHC (trong đó, cấp tỉnh là 1.865 TTHC, cấp xã là 445 TTHC)`, `toàn trình:
        148 thủ tục (cấp huyện 97, cấp xã 51)`: the parts by level of the figure ending at
        `end`, each with its scope."""
        rest = text[end : span.end]
        paren = regex.match(rf"(?i)\s*(?:{PROC}\s*)?\((?P<body>[^()]*)\)", rest)
        if not paren:
            return
        body_start = end + paren.start("body")
        body_end = end + paren.end("body")
        for a, b in clauses(text, body_start, body_end, ",;"):
            part = text[a:b]
            scope = scope_of(part, level)
            found = list(COUNT.finditer(text, a, b)) or list(PART_VALUE.finditer(text, a, b))
            bare = BARE_PART.match(text, a, b)
            if not found and bare and level_label(bare.group("lvl")):
                found = [bare]  # `cấp huyện 97`: the level, then its figure alone
            if scope is None or len(found) != 1:
                continue
            got = figure_count(found[0])
            if got is None:
                continue
            used.add(found[0].start("n"))
            yield candidate(
                metric, got[0], (span.start, span.end), got[1], self.id, {"scope": scope}
            )


EXTRACTORS = (_SentenceRules(), FieldList(), TableRules())
