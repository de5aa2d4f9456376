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
    numbers,
    report_level,
    scope_of,
    sentences,
)
from extractors.tthc_lists import FieldList, TableRules
from extractors.tthc_terms import (
    A_KIND,
    BARE_PART,
    CENTRAL,
    COUNT,
    CURRENT,
    DEGREE,
    FROM_SET,
    HANDLED,
    HAS_PROC,
    INTER_COUNT,
    LABEL_START,
    LABEL_VALUE,
    NOT_ONLINE,
    NOT_OWN_SET,
    ONE_STOP,
    ONLINE,
    ONLINE_BARE,
    ONLINE_COUNT,
    ONLINE_LABEL,
    ONLINE_LINE,
    ONLINE_UNIT,
    OWN_AFTER,
    PAIR_FP,
    PAIR_PF,
    PART_VALUE,
    PREDICATE_END,
    PROC,
    PROCESSING,
    SHARE_OF_SET,
    TOTAL_CUE,
    WITHIN,
    classify_label,
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
        yield from self._inter_level(text, span, used)
        yield from self._counts(text, span, level, used, totals)
        yield from self._labels(text, span, level, used)

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

    def _inter_level(self, text: str, span: Span, used: set[int]) -> Iterator[Candidate]:
        for m in INTER_COUNT.finditer(text, span.start, span.end):
            got = figure_count(m)
            if got is None or m.start("n") in used:
                continue
            if regex.search(r"(?i)hồ\s+sơ", text[m.start() : m.end()]):
                continue
            used.add(m.start("n"))
            a, b = clause_around(text, span.start, span.end, m.start("n"))
            yield candidate("tthc.inter_level", got[0], (a, b), got[1], self.id)

    def _counts(
        self, text: str, span: Span, level: str, used: set[int], totals: list[int]
    ) -> Iterator[Candidate]:
        for m in COUNT.finditer(text, span.start, span.end):
            got = figure_count(m)
            if got is None or m.start("n") in used:
                continue
            a, b = clause_around(text, span.start, span.end, m.start("n"))
            prefix = text[a : m.start("n")]
            if "(" in prefix and ")" not in prefix.rsplit("(", 1)[-1]:
                # `100% TTHC (96 thủ tục) được tiếp nhận ... tại Bộ phận Một cửa`: the count
                # of a share of the set; any other figure in parentheses is a part
                close = text.find(")", m.end(), b)
                if SHARE_OF_SET.search(prefix) and close > 0 and ONE_STOP.search(text, close, b):
                    used.add(m.start("n"))
                    yield candidate("tthc.one_stop", got[0], (a, b), got[1], self.id)
                continue
            # what names this figure starts after the previous figure or `trong đó`
            cut = max(
                [x.end for x in numbers(text, a, m.start("n"))]
                + [x.end() for x in WITHIN.finditer(text, a, m.start("n"))]
                + [a]
            )
            prefix = text[cut : m.start("n")]
            labelled = LABEL_START.match(prefix)
            if NOT_OWN_SET.search(prefix):
                continue
            named = regex.sub(rf"(?i)^\s*(?:{PROC})?\s*[,;]?|\s*(?:là|có|:)\s*$", "", prefix)
            part = level_label(named)
            if part is not None and totals:
                # `398 TTHC, trong đó: cấp huyện 256 TTHC, cấp xã 142 TTHC`
                scope = scope_of(prefix, level)
                used.add(m.start("n"))
                if scope:
                    yield candidate("tthc.total", got[0], (a, b), got[1], self.id, {"scope": scope})
                continue
            if not (PREDICATE_END.search(prefix) or labelled):
                own = OWN_AFTER.match(text, m.end(), span.end) and not PROCESSING.search(prefix)
                current = CURRENT.search(text, a, m.start("n")) and not A_KIND.match(
                    text, m.end(), span.end
                )
                if own or current:
                    used.add(m.start("n"))
                    totals.append(m.start("n"))
                    scope = scope_of(text[m.end() : b], level) if own else None
                    q = {"scope": scope} if scope else {}
                    yield candidate("tthc.total", got[0], (a, b), got[1], self.id, q)
                continue
            if CENTRAL.search(prefix):
                used.add(m.start("n"))
                yield candidate("tthc.central_vertical", got[0], (a, b), got[1], self.id)
                continue
            if ONE_STOP.search(prefix):
                metric = "tthc.one_stop"
            elif TOTAL_CUE.search(prefix):
                metric = "tthc.total"
            else:
                continue
            used.add(m.start("n"))
            scope = scope_of(prefix, level)
            if metric == "tthc.total":
                totals.append(m.start("n"))
            yield candidate(
                metric, got[0], (a, b), got[1], self.id, {"scope": scope} if scope else {}
            )
            yield from self._parts(text, span, m.end(), metric, level, used)

    def _labels(self, text: str, span: Span, level: str, used: set[int]) -> Iterator[Candidate]:
        """`Số TTHC thực hiện theo cơ chế một cửa: 135`: a label, then its figure alone."""
        for m in LABEL_VALUE.finditer(text, span.start, span.end):
            got = figure_count(m)
            if got is None or m.start("n") in used:
                continue
            label = " ".join(text[m.start() : m.start("sep")].split())
            label = regex.sub(r"^[-+*•.\s]+", "", label)
            if NOT_OWN_SET.search(label):
                continue
            metric, scope = classify_label(label, "", level)
            if metric is None or (
                metric in ("tthc.total", "tthc.one_stop") and HANDLED.search(label)
            ):
                continue
            used.add(m.start("n"))
            a, b = clause_around(text, span.start, span.end, m.start("n"))
            q = {"scope": scope} if scope else {}
            yield candidate(metric, got[0], (a, b), got[1], self.id, q)

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
