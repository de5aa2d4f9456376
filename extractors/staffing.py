"""Staffing figures: cadres and civil servants in post, posts assigned, contract and
part-time staff, education and political-training levels, people sent to training and
the one-stop shop's staff.

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
    table_values,
)
from extractors.numbers import NUMBER, NumberMatch, as_count, parse_number
from schemas import Candidate, Document


def _re(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.IGNORECASE)


# `11/11 người` (11 of 11): the count is the first figure
N = rf"(?:(?P<n>\d{{1,5}})\s*/\s*\d{{1,5}}(?!\d)|(?P<n>{NUMBER}))"
PERSON = r"(?:người|đ/c|đồng\s+chí|cán\s+bộ|công\s+chức|CBCC)"
TAIL = r"(?!\s*%)(?![.,]\d)"
CBCC = r"(?:cán\s+bộ\s*,?\s*(?:-\s*)?công\s+chức|CBCC|CB\s*,\s*CC)"
VILLAGE = r"thôn|tổ\s+dân\s+phố|khu\s+dân\s+cư|khu\s+phố|ấp|bản|làng"
YEAR = r"(?:(?:trong\s+|đến\s+|tính\s+đến\s+)?năm\s+\d{4}\s*,?\s*)?"
PRED = rf"[^.;:\d()]{{0,60}}?{YEAR}(?:là|có|:|gồm)\s*(?:là\s*|có\s*)?:?\s*"
NOT_TOTAL_AFTER = r"(?!\s*(?:,\s*)?(?:viên\s+chức|không\s+chuyên|hợp\s+đồng))"

_STAFF_WORDS = _re(r"cán\s+bộ|công\s+chức|CBCC|biên\s+chế|nhân\s+sự|đ/c|đồng\s+chí")
_STAFF_TOPIC = _re(
    r"cán\s+bộ|công\s+chức|CBCC|biên\s+chế|nhân\s+sự|đ/c|đồng\s+chí|không\s+chuyên\s+trách|"
    r"hợp\s+đồng|đào\s+tạo|bồi\s+dưỡng"
)
_NOT_STAFF = _re(r"viên\s+chức|sự\s+nghiệp|người\s+làm\s+việc|lao\s+động\s+hợp\s+đồng\s+theo")

# words that make `số cán bộ, công chức ...: N` a subset, not everyone in post
_SUBSET = _re(
    r"đạt\s+chuẩn|chưa\s+đạt|\bnữ\b|dân\s+tộc|đảng\s+viên|nghỉ|tuyển|vi\s+phạm|kỷ\s+luật|"
    r"\bđược\b|đi\s+học|\btrẻ\b|dưới|tuổi|thiếu|thừa|\bbị\b|biệt\s+phái|luân\s+chuyển|"
    r"điều\s+động|nâng\s+lương|khen|xếp\s+loại|hoàn\s+thành|đánh\s+giá|đào\s+tạo|bồi\s+dưỡng|"
    r"tập\s+huấn|trình\s+độ|thôi\s+việc|chuyển\s+công\s+tác|tinh\s+giản"
)
_TOTAL = (
    _re(
        rf"(?:tổng\s+)?số\s+(?:lượng\s+)?{CBCC}{NOT_TOTAL_AFTER}"
        rf"{PRED}{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}"
    ),
    _re(rf"số\s+(?:người\s+)?(?:hiện\s+có|có\s+mặt)\s*(?::|là)?\s*{N}\s*(?:người|đ/c)?{TAIL}"),
    # `Đội ngũ cán bộ, công chức xã hiện có 21 đồng chí`
    _re(
        rf"{CBCC}{NOT_TOTAL_AFTER}[^.;:\d()]{{0,40}}?hiện\s+có\s*(?::|là)?\s*{N}\s*"
        rf"(?:người|đ/c|đồng\s+chí){TAIL}"
    ),
    # `Cán bộ, công chức: 20 người` opening a line
    _re(
        rf"\G[-+*•.\s]*{CBCC}(?:\s+(?:xã|phường|thị\s+trấn))?\s*:\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}"
    ),
    # `Xã hiện có 20 cán bộ, công chức`
    _re(
        rf"(?:UBND\s+|Ủy\s+ban\s+nhân\s+dân\s+)?\b(?:xã|phường|thị\s+trấn)\b[^.;:\d()]{{0,30}}?"
        rf"(?:hiện\s+)?có\s+(?:tổng\s+số\s+)?{N}\s*{CBCC}{NOT_TOTAL_AFTER}"
    ),
)
_CADRES = _re(
    rf"(?<!số\s)\bcán\s+bộ\s*:?\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}"
    rf"(?!\s*(?:,\s*)?công\s+chức)"
)
_CIVIL = _re(
    rf"(?<!số\s)(?<!cán\s+bộ\s)(?<!cán\s+bộ,\s)\bcông\s+chức\s*:?\s*{N}\s*"
    rf"(?:người|đ/c|đồng\s+chí)?{TAIL}"
)
_PARTS_INTRO = _re(r"(?:trong\s+đó|gồm|bao\s+gồm)\s*(?:có\s*)?:?\s*$")
_PART_AFTER = _re(
    rf"{N}\s*(?:người\s+|đ/c\s+|đồng\s+chí\s+)?(?P<who>cán\s+bộ|công\s+chức){TAIL}"
    rf"(?!\s*(?:,\s*)?(?:công\s+chức|không\s+chuyên|hợp\s+đồng))"
)
_QUOTA = _re(
    rf"(?<!hợp\s+đồng\s+trong\s)(?<!tinh\s+giản\s)(?<!tinh\s+giảm\s)biên\s+chế"
    rf"(?!\s+viên\s+chức)(?P<what>[^.;\d]{{0,40}}?)(?:\([^()]*\)\s*)?{YEAR}(?:là|:|giao)\s*{N}{TAIL}"
)
# `Xã được giao 21 biên chế, hiện có 20 người`
_QUOTA_BEFORE = _re(rf"giao\s+{N}\s*biên\s+chế(?!\s+viên\s+chức)")
_IN_POST = _re(rf"(?:số\s+)?hiện\s+có\s*(?::|là)?\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}")
_CONTRACT = (
    _re(
        rf"hợp\s+đồng(?P<what>[^.;:\d()]{{0,50}}?)(?:là|:|có)\s*{N}\s*(?:người|đ/c|lao\s+động)?{TAIL}"
    ),
    _re(rf"{N}\s*(?:người|cán\s+bộ|lao\s+động)\s+hợp\s+đồng(?!\s+(?:lao\s+động\s+)?(?:theo|với))"),
)
_PART_TIME = _re(
    rf"không\s+chuyên\s+trách(?P<what>[^.;\d]{{0,60}}?)(?:là|có|:)\s*(?:là\s*)?{N}\s*"
    rf"(?:người|đ/c|đồng\s+chí)?{TAIL}"
)
_VILLAGE_PART = _re(
    rf"(?:ở|tại|của)\s+(?:các\s+)?(?:{VILLAGE})[^.;\d]{{0,20}}?(?::|là|có)\s*{N}\s*(?:người|đ/c|đồng\s+chí)"
)
_TRAINED = (
    _re(
        rf"(?:được\s+)?cử\s+(?:đi\s+)?(?:học|đào\s+tạo|bồi\s+dưỡng|tập\s+huấn)[^.;\d]{{0,80}}?"
        rf"(?:(?:trong\s+)?năm\s+\d{{4}}\s*)?(?:là|:)\s*{N}\s*(?:người|đ/c|đồng\s+chí|lượt)?{TAIL}"
    ),
    _re(
        rf"cử\s+{N}\s*(?:người|đ/c|đồng\s+chí|cán\s+bộ|công\s+chức|CBCC|lượt)[^.;\d]{{0,40}}?"
        r"(?:đi\s+)?(?:học|đào\s+tạo|bồi\s+dưỡng)"
    ),
    _re(
        rf"{N}\s*(?:người|đ/c|đồng\s+chí|{CBCC}|cán\s+bộ|công\s+chức|lượt)\s+(?:được\s+)?cử\s+"
        r"(?:đi\s+)?(?:học|đào\s+tạo|bồi\s+dưỡng)"
    ),
)
_ONE_STOP_UNIT = (
    r"(?:Bộ\s+phận|Tổ)\s+(?:một\s+cửa|1\s+cửa|tiếp\s+nhận\s+và\s+trả\s+kết\s+quả|"
    r"trực\s+và\s+giải\s+quyết|tiếp\s+nhận\s+và\s+giải\s+quyết)"
)
_ONE_STOP = (
    _re(
        rf"{_ONE_STOP_UNIT}[^.;\d]{{0,80}}?(?:gồm|có|là|bố\s+trí|phân\s+công)\s*(?:có\s*)?:?\s*{N}\s*"
        r"(?:cán\s+bộ|công\s+chức|người|đ/c|đồng\s+chí|thành\s+viên)"
    ),
    _re(
        rf"(?:Về\s+)?nhân\s+sự\s*:\s*(?:có\s+)?{N}\s*(?:cán\s+bộ|công\s+chức|người|đ/c|đồng\s+chí)"
    ),
)
_ONE_STOP_CONTEXT = _re(rf"{_ONE_STOP_UNIT}|một\s+cửa|1\s+cửa")

LEVELS = (
    ("postgraduate", r"cao\s+học|thạc\s+sĩ|tiến\s+sĩ|sau\s+đại\s+học"),
    ("university", r"(?<!sau\s)đại\s+học"),
    ("college", r"cao\s+đẳng"),
    ("intermediate", r"trung\s+cấp"),
    ("elementary", r"sơ\s+cấp"),
)
_LEVEL = _re("|".join(f"(?P<{name}>{p})" for name, p in LEVELS))
_LEVEL_AFTER = _re(rf"\s*:?\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}")
_LEVEL_BEFORE = _re(rf"{N}\s*(?:người|đ/c|đồng\s+chí)?\s*$")
_EDU_CUE = _re(r"chuyên\s+môn|trình\s+độ\s+đào\s+tạo|học\s+vấn|bằng\s+cấp")
_POLITICS_CUE = _re(r"chính\s+trị|lý\s+luận")
_OTHER_CUE = _re(r"tin\s+học|ngoại\s+ngữ|quản\s+lý\s+nhà\s+nước|văn\s+hóa|tiếng")
_GROUP = _re(rf"^[-+*•.\s]*(?P<who>cán\s+bộ|công\s+chức)\s*:?\s*{N}\s*(?:người|đ/c|đồng\s+chí)\b")


def _count(m: regex.Match, group: str = "n") -> tuple[int, NumberMatch] | None:
    value = parse_number(m.group(group))
    count = as_count(value) if value is not None else None
    if count is None or count > 1_000_000:
        return None
    return count, NumberMatch(value, m.start(group), m.end(group), m.group(group))


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
            g = _GROUP.match(span.text)
            if g:
                who = "cadres" if has_words(g.group("who"), "cán bộ") else "civil_servants"
                group = ({span.context, last_context}, who)
            elif group and span.context not in group[0]:
                group = None
            last_context = span.context
            scope_text = f"{span.context} {previous} {span.text}"
            previous = span.text
            if not (
                _STAFF_TOPIC.search(scope_text)
                or _LEVEL.search(span.text)
                or _ONE_STOP_CONTEXT.search(span.text)
            ):
                continue
            yield from self._totals(text, span, level)
            yield from self._parts(text, span)
            yield from self._quota(text, span, level)
            yield from self._quota_before(text, span)
            yield from self._contract(text, span)
            yield from self._part_time(text, span)
            yield from self._trained(text, span)
            yield from self._one_stop(text, span, scope_text)
            yield from self._levels(text, span, group[1] if group else None)

    def _emit(self, metric: str, m: regex.Match, text: str, span: Span, q=None, sep=";"):
        got = _count(m)
        if got is None:
            return None
        a, b = clause_around(text, span.start, span.end, got[1].start, sep)
        return candidate(metric, got[0], (a, b), got[1], self.id, q or {})

    def _totals(self, text: str, span: Span, level: str) -> Iterator[Candidate]:
        seen: set[int] = set()
        for k, pattern in enumerate(_TOTAL):
            for m in pattern.finditer(text, span.start, span.end):
                if m.start("n") in seen:
                    continue
                if k == 1 and not _STAFF_WORDS.search(f"{span.context} {span.text}"):
                    continue
                a, _ = clause_around(text, span.start, span.end, m.start(), ";")
                clause = text[a : m.end()]
                scope_text = clause if k == 1 else text[m.start() : m.end()]
                if span.table is not None:
                    scope_text = f"{span.context} {scope_text}"
                if _NOT_STAFF.search(scope_text) or _SUBSET.search(text, m.start(), m.start("n")):
                    continue
                if k in (2, 4) and _ONE_STOP_CONTEXT.search(clause):
                    continue
                scope = scope_of(text[m.start() : m.start("n")], level)
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
            found = [x for x in regex.finditer(NUMBER, part)]
            if bool(cadres) == bool(civil) or len(found) != 1 or _SUBSET.search(part):
                continue
            value = parse_number(found[0].group(0))
            count = as_count(value) if value is not None else None
            if count is None:
                continue
            fig = NumberMatch(value, a + found[0].start(), a + found[0].end(), found[0].group(0))
            metric = "staff.cadres" if cadres else "staff.civil_servants"
            yield candidate(metric, count, (span.start, span.end), fig, self.id)

    def _parts(self, text: str, span: Span) -> Iterator[Candidate]:
        for metric, pattern in (("staff.cadres", _CADRES), ("staff.civil_servants", _CIVIL)):
            for m in pattern.finditer(text, span.start, span.end):
                before = text[max(span.start, m.start() - 30) : m.start()]
                if regex.search(r"(?i)(?:thiếu|thừa|cho|của|với|và)\s*$|\d\s*$", before):
                    continue
                c = self._emit(metric, m, text, span, sep=";,")
                if c is not None:
                    yield c
        for m in _PART_AFTER.finditer(text, span.start, span.end):
            a, _ = clause_around(text, span.start, span.end, m.start(), ";")
            before = text[a : m.start()]
            intro = _PARTS_INTRO.search(before) or regex.search(
                r"(?i)(?:trong\s+đó|gồm)[^.;]*(?:cán\s+bộ|công\s+chức)\s*(?:,|và)\s*$", before
            )
            if not intro:
                continue
            metric = (
                "staff.cadres" if has_words(m.group("who"), "cán bộ") else "staff.civil_servants"
            )
            c = self._emit(metric, m, text, span, sep=";,")
            if c is not None:
                yield c

    def _quota(self, text: str, span: Span, level: str) -> Iterator[Candidate]:
        for m in _QUOTA.finditer(text, span.start, span.end):
            what = m.group("what") or ""
            if _NOT_STAFF.search(what) or regex.search(r"(?i)tinh\s+gi[ảa]|hợp\s+đồng", what):
                continue
            in_table = span.table is not None
            if in_table and _NOT_STAFF.search(span.context) and "công chức" not in what.lower():
                continue
            scope = scope_of(what, level)
            c = self._emit("staff.quota", m, text, span, {"scope": scope} if scope else {})
            if c is not None:
                yield c
                yield from _scoped_parts(self.id, "staff.quota", text, span, m.end(), level)
                yield from self._in_post_after(text, span, m.end())

    def _quota_before(self, text: str, span: Span) -> Iterator[Candidate]:
        for m in _QUOTA_BEFORE.finditer(text, span.start, span.end):
            c = self._emit("staff.quota", m, text, span, sep=";,")
            if c is None:
                continue
            yield c
            yield from self._in_post_after(text, span, m.end())

    def _in_post_after(self, text: str, span: Span, at: int) -> Iterator[Candidate]:
        """`... được giao 23; hiện có 21`: the people in post beside the posts assigned."""
        after = _IN_POST.search(text, at, span.end)
        if after is None:
            return
        between = text[at : after.start()]
        if regex.search(r"\d", between) or len(regex.findall(r"\p{L}+", between)) > 3:
            return
        c = self._emit("staff.total", after, text, span, sep=";,")
        if c is not None:
            yield c

    def _contract(self, text: str, span: Span) -> Iterator[Candidate]:
        for k, pattern in enumerate(_CONTRACT):
            for m in pattern.finditer(text, span.start, span.end):
                if k == 0 and regex.search(r"(?i)\d|ký|thời\s+hạn|năm", m.group("what") or ""):
                    continue
                if _NOT_STAFF.search(text[max(span.start, m.start() - 40) : m.end()]):
                    continue
                c = self._emit("staff.contract", m, text, span, sep=";,")
                if c is not None:
                    yield c

    def _part_time(self, text: str, span: Span) -> Iterator[Candidate]:
        last = None
        for m in _PART_TIME.finditer(text, span.start, span.end):
            what = m.group("what") or ""
            q = {"level": "village"} if regex.search(rf"(?i)\b(?:{VILLAGE})\b", what) else {}
            c = self._emit("staff.part_time", m, text, span, q)
            if c is not None:
                last = m.end()
                yield c
        if last is None:
            return
        # `...không chuyên trách cấp xã: 12 người; ở thôn: 45 người`
        for m in _VILLAGE_PART.finditer(text, last, span.end):
            c = self._emit("staff.part_time", m, text, span, {"level": "village"}, sep=";,")
            if c is not None:
                yield c

    def _trained(self, text: str, span: Span) -> Iterator[Candidate]:
        for pattern in _TRAINED:
            for m in pattern.finditer(text, span.start, span.end):
                c = self._emit("staff.trained", m, text, span)
                if c is not None:
                    yield c

    def _one_stop(self, text: str, span: Span, scope_text: str) -> Iterator[Candidate]:
        for k, pattern in enumerate(_ONE_STOP):
            for m in pattern.finditer(text, span.start, span.end):
                if k == 1 and not _ONE_STOP_CONTEXT.search(scope_text):
                    continue
                c = self._emit("staff.one_stop", m, text, span, sep=";")
                if c is not None:
                    yield c

    def _levels(self, text: str, span: Span, group: str | None) -> Iterator[Candidate]:
        """`đại học 14, cao đẳng: 01`, `01 đ/c cao học`, `Trung cấp 11/11 người`."""
        for m in _LEVEL.finditer(text, span.start, span.end):
            name = m.lastgroup
            before = text[span.start : m.start()]
            if regex.search(r"(?i)trình\s+độ\s*$", before):
                continue  # `02 cán bộ hợp đồng trình độ đại học`: a description
            after = _LEVEL_AFTER.match(text, m.end(), span.end)
            prior = _LEVEL_BEFORE.search(text, max(span.start, m.start() - 25), m.start())
            found = (
                prior
                if prior and regex.search(r"(?i)đ/c|đồng\s+chí|người", prior.group(0))
                else after
            )
            found = found or prior
            if found is None:
                continue
            dimension = _dimension(before, text[span.start : span.end], span.context)
            if dimension is None:
                continue
            got = _count(found)
            if got is None:
                continue
            q = {"level": name, "group": group}
            a, b = clause_around(text, span.start, span.end, got[1].start, ";,")
            yield candidate(dimension, got[0], (a, b), got[1], self.id, q)


def _dimension(before: str, sentence: str, context: str) -> str | None:
    """Professional education or political training, from the nearest cue before."""
    cues = [
        (m.end(), kind)
        for kind, pattern in (("edu", _EDU_CUE), ("politics", _POLITICS_CUE), ("other", _OTHER_CUE))
        for m in pattern.finditer(before)
    ]
    if cues:
        kind = max(cues)[1]
    elif _POLITICS_CUE.search(context):
        kind = "politics"
    elif _EDU_CUE.search(context) or regex.search(r"(?i)đại\s+học|cao\s+đẳng|cao\s+học", sentence):
        kind = "edu"
    else:
        return None
    return {"edu": "staff.edu", "politics": "staff.politics"}.get(kind)


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
        found = [m for m in regex.finditer(NUMBER, text[a:b])]
        if scope is None or len(found) != 1:
            continue
        value = parse_number(found[0].group(0))
        count = as_count(value) if value is not None else None
        if count is None:
            continue
        fig = NumberMatch(value, a + found[0].start(), a + found[0].end(), found[0].group(0))
        yield candidate(metric, count, (span.start, span.end), fig, extractor, {"scope": scope})


_TABLE_RULES = (
    ("staff.quota", _re(r"biên\s+chế[^|]*(?:được\s+)?giao|giao\s+biên\s+chế")),
    ("staff.total", _re(r"(?:biên\s+chế|cán\s+bộ|công\s+chức|CBCC)[^|]*(?:có\s+mặt|hiện\s+có)")),
    ("staff.contract", _re(r"hợp\s+đồng")),
    ("staff.part_time", _re(r"không\s+chuyên\s+trách")),
    ("staff.trained", _re(r"cử\s+(?:đi\s+)?(?:đào\s+tạo|bồi\s+dưỡng|học)")),
)
_TABLE_SKIP = _re(
    r"tinh\s+gi[ảa]n|tuyển\s+dụng|kỷ\s+luật|tỷ\s+lệ|viên\s+chức|sự\s+nghiệp|người\s+làm\s+việc"
)


class _TableRules:
    """Rows of a staffing statistics table counted in people."""

    id = "staff.table.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        for v in table_values(doc):
            if v.unit and v.unit != "người":
                continue
            if _TABLE_SKIP.search(v.label) or _TABLE_SKIP.search(v.section):
                continue
            count = as_count(v.value)
            if count is None:
                continue
            for metric, pattern in _TABLE_RULES:
                if pattern.search(v.label):
                    q = {"scope": scope_of(v.label, level), "year": v.year}
                    yield candidate(metric, count, (v.row_start, v.row_end), v.figure, self.id, q)
                    break


EXTRACTORS = (_SentenceRules(), _TableRules())
