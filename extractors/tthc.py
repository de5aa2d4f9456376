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
    clean_field,
    numbers,
    report_level,
    scope_of,
    sentences,
    table_values,
)
from extractors.nlp import words
from extractors.numbers import NUMBER, NumberMatch, as_count, parse_number
from schemas import Candidate, Document
from schemas.text import fold

N = rf"(?P<n>{NUMBER})"
PROC = r"(?:thủ\s+tục(?:\s+hành\s+chính)?|TTHC)"
FIELDS = r"lĩnh\s+vực"
ONLINE_UNIT = r"(?:dịch\s+(?:vụ\s+)?công(?:\s+trực\s+tuyến)?|DVCTT|DVC(?:\s+trực\s+tuyến)?)"


def _re(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.IGNORECASE)


_HAS_PROC = _re(rf"{PROC}|{ONLINE_UNIT}")
_PAIR_FP = _re(
    rf"(?P<f>{NUMBER})\s*{FIELDS}\s*(?:,\s*|với\s+|gồm\s+|có\s+|và\s+)(?:tổng\s+số\s+)?"
    rf"(?P<p>{NUMBER})\s*{PROC}"
)
_PAIR_PF = _re(
    rf"(?P<p>{NUMBER})\s*{PROC}(?:\s+(?:thuộc|trong|trên|của|ở|tại)){{1,2}}\s*"
    rf"(?P<f>{NUMBER})\s*{FIELDS}"
)
_COUNT = _re(rf"{N}\s*{PROC}")
_LABEL_VALUE = _re(
    rf"(?:(?<=^|[;.:]\s*)|\b)(?:tổng\s+)?số\s+(?:lượng\s+)?(?:các\s+)?(?:{PROC}|{ONLINE_UNIT})"
    rf"[^.;:()]{{0,120}}?(?P<sep>\s*(?::|là))\s*{N}(?=\s*(?:[.;,)]|$|{PROC}))"
)
# a count of procedures handled in the period is a count of dossiers
_HANDLED = _re(
    r"(?:được|đã)\s+(?:tiếp\s+nhận|giải\s+quyết)|giải\s+quyết\s+xong|"
    r"trong\s+(?:năm|kỳ|quý|tháng|\d+\s+tháng)|từ\s+ngày|đến\s+ngày"
)
_WITHIN = _re(r"trong\s+đó\s*,?\s*:?")
_PART_VALUE = _re(rf"(?:là|:)\s*{N}")
# words that make a count of procedures something other than the unit's set
_NOT_OWN_SET = _re(
    r"\b(?:bỏ|bãi\s+bỏ|cắt\s+giảm|nội\s+bộ|hồ\s+sơ|trường\s+hợp|rà\s+soát|đơn\s+giản\s+hóa|"
    r"đánh\s+giá|đề\s+nghị|đề\s+xuất|kiến\s+nghị|phương\s+án|trong\s+kỳ|đã\s+tiếp\s+nhận|"
    r"tiếp\s+nhận\s+và\s+giải\s+quyết|đã\s+giải\s+quyết|giải\s+quyết\s+xong|lượt|thanh\s+toán|"
    r"phí|không\s+phụ\s+thuộc|địa\s+giới|được\s+giải\s+quyết\s+(?:tại|trong)|"
    r"trong\s+(?:quý|tháng|\d+\s+tháng))\b"
)
_TOTAL_CUE = _re(
    rf"tổng\s+số\s+(?:các\s+)?{PROC}|{PROC}\s+(?:thuộc|trong)\s+(?:thẩm\s+quyền|phạm\s+vi)|"
    rf"(?:số|bộ|danh\s+mục)\s+{PROC}[^.;]{{0,60}}(?:áp\s+dụng|thực\s+hiện)\s+tại|"
    rf"{PROC}\s+(?:áp\s+dụng|thực\s+hiện)\s+tại|\bbộ\s+{PROC}"
)
# `niêm yết 135 TTHC thuộc thẩm quyền giải quyết của xã`: the set named after the figure
_OWN_AFTER = _re(r"\s*(?:thuộc|trong)\s+(?:thẩm\s+quyền|phạm\s+vi)\s+giải\s+quyết")
_PROCESSING = _re(
    r"tiếp\s+nhận|giải\s+quyết|trả\s+kết\s+quả|xử\s+lý|công\s+bố|thực\s+hiện|hướng\s+dẫn"
)
_PREDICATE_END = _re(r"(?:là|gồm|gồm\s+có|có|:|bao\s+gồm)\s*(?:có\s*)?:?\s*$")
_LABEL_START = _re(rf"^[-+*•.\s]*(?:tổng\s+)?số\s+(?:lượng\s+)?(?:các\s+)?{PROC}")
_ONE_STOP = _re(
    r"(?:tiếp\s+nhận|thực\s+hiện|giải\s+quyết)[^.;]{0,80}?(?:Bộ\s+phận\s+(?:một|1)\s+cửa|"
    r"Bộ\s+phận\s+tiếp\s+nhận\s+và\s+trả\s+kết\s+quả|Trung\s+tâm\s+(?:Phục\s+vụ\s+)?"
    r"hành\s+chính\s+công)|theo\s+cơ\s+chế\s+một\s+cửa(?!\s*,?\s*(?:một\s+cửa\s+)?liên\s+thông)"
)
_CENTRAL = _re(r"ngành\s+dọc|cơ\s+quan\s+trung\s+ương")
_INTER_LEVEL = _re(r"liên\s+thông\s+(?:giữa\s+)?các\s+cấp")
_LEVEL = _re(
    r"mức\s+độ\s*(?P<lv>[234])(?!\s*(?:,|và|-|/)\s*[234])(?![,.]\d)|(?P<full>toàn\s+trình)|"
    r"(?P<part>một\s+phần)"
)
_ONLINE_COUNT = _re(
    rf"{N}\s*(?:{ONLINE_UNIT}|{PROC}[^.;\d]{{0,60}}?{ONLINE_UNIT})[^.;\d]{{0,25}}?"
    r"(?:mức\s+độ\s*(?P<lv>[234])(?!\s*(?:,|và|-|/)\s*[234])(?![,.]\d)|(?P<full>toàn\s+trình)|"
    r"(?P<part>một\s+phần))"
)
# `Dịch vụ công trực tuyến mức độ 3: 62 thủ tục`, `toàn trình: 45 TTHC`
_ONLINE_LABEL = _re(
    r"(?:mức\s+độ\s*(?P<lv>[234])(?!\s*(?:,|và|-|/)\s*[234])(?![,.]\d)|(?P<full>toàn\s+trình)|"
    rf"(?P<part>một\s+phần))\s*(?::|là|có|gồm)\s*{N}\s*(?:{PROC}|dịch\s+vụ|DVC)"
)
_INTER_COUNT = _re(rf"{N}\s*{PROC}[^.;\d]{{0,80}}?liên\s+thông\s+(?:giữa\s+)?các\s+cấp")
_CHANGES = (
    ("tthc.announced_new", _re(rf"công\s+bố\s+mới\s*(?::|là)?\s*{N}\s*{PROC}")),
    ("tthc.announced_new", _re(rf"{N}\s*{PROC}\s+(?:được\s+)?(?:công\s+bố\s+)?mới\s+ban\s+hành")),
    ("tthc.announced_new", _re(rf"{N}\s*{PROC}\s+(?:được\s+)?công\s+bố\s+mới")),
    ("tthc.announced_new", _re(rf"công\s+bố[^.;\d]{{0,40}}?{N}\s*{PROC}\s+mới\b")),
    (
        "tthc.amended",
        _re(
            rf"sửa\s+đổi\s*,?\s*(?:bổ\s+sung)?(?:\s*(?:,|hoặc|và)?\s*thay\s+thế)?\s*(?::|là)?\s*"
            rf"{N}\s*{PROC}"
        ),
    ),
    ("tthc.amended", _re(rf"{N}\s*{PROC}\s+(?:được\s+)?sửa\s+đổi")),
    (
        "tthc.abolished",
        _re(
            rf"bãi\s+bỏ(?:\s*(?:,|và|hoặc)?\s*(?:hủy\s+bỏ|thay\s+thế))?\s*(?::|là)?\s*{N}\s*{PROC}"
        ),
    ),
    ("tthc.abolished", _re(rf"{N}\s*{PROC}\s+(?:bị\s+|được\s+)?bãi\s+bỏ")),
)
_PROPOSAL = _re(r"đề\s+nghị|đề\s+xuất|kiến\s+nghị|phương\s+án|dự\s+thảo|nội\s+bộ")


def _count(m: regex.Match, group: str = "n") -> tuple[int, NumberMatch] | None:
    value = parse_number(m.group(group))
    count = as_count(value) if value is not None else None
    if count is None:
        return None
    return count, NumberMatch(value, m.start(group), m.end(group), m.group(group))


class _SentenceRules:
    """Totals, field counts, one-stop, online levels, inter-level, central vertical,
    announced / amended / abolished — as written in prose sentences."""

    id = "tthc.sentence.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        for span in sentences(doc):
            if _HAS_PROC.search(span.text):
                yield from self._sentence(doc.text, span, level)

    def _sentence(self, text: str, span: Span, level: str) -> Iterator[Candidate]:
        used: set[int] = set()
        yield from self._changes(text, span, used)
        yield from self._pairs(text, span, level, used)
        yield from self._online(text, span, used)
        yield from self._inter_level(text, span, used)
        yield from self._counts(text, span, level, used)
        yield from self._labels(text, span, level, used)

    def _changes(self, text: str, span: Span, used: set[int]) -> Iterator[Candidate]:
        for metric, pattern in _CHANGES:
            for m in pattern.finditer(text, span.start, span.end):
                got = _count(m)
                if got is None or m.start("n") in used:
                    continue
                a, b = clause_around(text, span.start, span.end, m.start("n"))
                if _PROPOSAL.search(text, a, m.start("n")):
                    continue
                used.add(m.start("n"))
                yield candidate(metric, got[0], (a, b), got[1], self.id)

    def _pairs(self, text: str, span: Span, level: str, used: set[int]) -> Iterator[Candidate]:
        pairs = []
        for pattern in (_PAIR_FP, _PAIR_PF):
            for m in pattern.finditer(text, span.start, span.end):
                if m.start("p") not in used:
                    pairs.append(m)
        pairs.sort(key=lambda m: m.start())
        central = _CENTRAL.search(text, span.start, span.end)
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
            procs, fields = _count(m, "p"), _count(m, "f")
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
            yield candidate("tthc.total", procs[0], evidence, procs[1], self.id, q)
            yield candidate("tthc.fields", fields[0], evidence, fields[1], self.id, q)

    def _online(self, text: str, span: Span, used: set[int]) -> Iterator[Candidate]:
        if _CENTRAL.search(text, span.start, span.end):
            return
        for m in _ONLINE_COUNT.finditer(text, span.start, span.end):
            got = _count(m)
            if got is None or m.start("n") in used:
                continue
            between = text[m.end("n") : m.end()]
            if regex.search(r"(?i)hồ\s+sơ|%|đủ\s+điều\s+kiện|phát\s+sinh", between):
                continue
            level = "4" if m.group("full") else "3" if m.group("part") else m.group("lv")
            used.add(m.start("n"))
            a, b = clause_around(text, span.start, span.end, m.start("n"), ";")
            yield candidate(f"tthc.online_level{level}", got[0], (a, b), got[1], self.id)
        if not regex.search(rf"(?i){ONLINE_UNIT}|trực\s+tuyến|mức\s+độ\s*[234]", span.text):
            return
        for m in _ONLINE_LABEL.finditer(text, span.start, span.end):
            got = _count(m)
            if got is None or m.start("n") in used:
                continue
            a, b = clause_around(text, span.start, span.end, m.start("n"), ";")
            if regex.search(r"(?i)hồ\s+sơ|%|đủ\s+điều\s+kiện", text[a : m.start("n")]):
                continue
            level = "4" if m.group("full") else "3" if m.group("part") else m.group("lv")
            used.add(m.start("n"))
            yield candidate(f"tthc.online_level{level}", got[0], (a, b), got[1], self.id)

    def _inter_level(self, text: str, span: Span, used: set[int]) -> Iterator[Candidate]:
        for m in _INTER_COUNT.finditer(text, span.start, span.end):
            got = _count(m)
            if got is None or m.start("n") in used:
                continue
            if regex.search(r"(?i)hồ\s+sơ", text[m.start() : m.end()]):
                continue
            used.add(m.start("n"))
            a, b = clause_around(text, span.start, span.end, m.start("n"))
            yield candidate("tthc.inter_level", got[0], (a, b), got[1], self.id)

    def _counts(self, text: str, span: Span, level: str, used: set[int]) -> Iterator[Candidate]:
        for m in _COUNT.finditer(text, span.start, span.end):
            got = _count(m)
            if got is None or m.start("n") in used:
                continue
            a, b = clause_around(text, span.start, span.end, m.start("n"))
            prefix = text[a : m.start("n")]
            if "(" in prefix and ")" not in prefix.rsplit("(", 1)[-1]:
                continue  # inside a parenthesis: a part, read with its total
            # what names this figure starts after the previous figure or `trong đó`
            cut = max(
                [x.end for x in numbers(text, a, m.start("n"))]
                + [x.end() for x in _WITHIN.finditer(text, a, m.start("n"))]
                + [a]
            )
            prefix = text[cut : m.start("n")]
            labelled = _LABEL_START.match(prefix)
            if _NOT_OWN_SET.search(prefix):
                continue
            if not (_PREDICATE_END.search(prefix) or labelled):
                if _OWN_AFTER.match(text, m.end(), span.end) and not _PROCESSING.search(prefix):
                    used.add(m.start("n"))
                    scope = scope_of(text[m.end() : b], level)
                    q = {"scope": scope} if scope else {}
                    yield candidate("tthc.total", got[0], (a, b), got[1], self.id, q)
                continue
            if _CENTRAL.search(prefix):
                used.add(m.start("n"))
                yield candidate("tthc.central_vertical", got[0], (a, b), got[1], self.id)
                continue
            if _ONE_STOP.search(prefix):
                metric = "tthc.one_stop"
            elif _TOTAL_CUE.search(prefix):
                metric = "tthc.total"
            else:
                continue
            used.add(m.start("n"))
            scope = scope_of(prefix, level)
            yield candidate(
                metric, got[0], (a, b), got[1], self.id, {"scope": scope} if scope else {}
            )
            yield from self._parts(text, span, m, metric, level, used)

    def _labels(self, text: str, span: Span, level: str, used: set[int]) -> Iterator[Candidate]:
        """`Số TTHC thực hiện theo cơ chế một cửa: 135`: a label, then its figure alone."""
        for m in _LABEL_VALUE.finditer(text, span.start, span.end):
            got = _count(m)
            if got is None or m.start("n") in used:
                continue
            label = " ".join(text[m.start() : m.start("sep")].split())
            label = regex.sub(r"^[-+*•.\s]+", "", label)
            if _NOT_OWN_SET.search(label):
                continue
            metric, scope = _TableRules._metric(label, "", level)
            if metric is None or (
                metric in ("tthc.total", "tthc.one_stop") and _HANDLED.search(label)
            ):
                continue
            used.add(m.start("n"))
            a, b = clause_around(text, span.start, span.end, m.start("n"))
            q = {"scope": scope} if scope else {}
            yield candidate(metric, got[0], (a, b), got[1], self.id, q)

    def _parts(
        self, text: str, span: Span, m: regex.Match, metric: str, level: str, used: set[int]
    ) -> Iterator[Candidate]:
        """`2.310 TTHC (trong đó, cấp tỉnh là 1.865 TTHC, cấp xã là 445 TTHC)`."""
        rest = text[m.end() : span.end]
        paren = regex.match(r"\s*\((?P<body>[^()]*)\)", rest)
        if not paren:
            return
        body_start = m.end() + paren.start("body")
        body_end = m.end() + paren.end("body")
        for a, b in clauses(text, body_start, body_end, ",;"):
            part = text[a:b]
            scope = scope_of(part, level)
            found = list(_COUNT.finditer(text, a, b)) or list(_PART_VALUE.finditer(text, a, b))
            if scope is None or len(found) != 1:
                continue
            got = _count(found[0])
            if got is None:
                continue
            used.add(found[0].start("n"))
            yield candidate(
                metric, got[0], (span.start, span.end), got[1], self.id, {"scope": scope}
            )


_ITEM = _re(
    rf"^(?:[-+*•]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*)?(?P<name>\p{{L}}[\p{{L}}\s,–\-/&]*?)\s*"
    rf"(?::|có|gồm|là)?\s*{N}\s*(?P<unit>{PROC})?\s*[.;,]?$"
)
_INTRO = _re(r"(?:cụ\s+thể|gồm|như\s+sau|bao\s+gồm|trong\s+đó)\s*:\s*")
# Words that make a name something other than a field (`Tổng số TTHC`, `Năm 2020`, `Số hồ
# sơ`), compared as whole words: a field may end in `số` (`Chuyển đổi số`) or hold it
# inside a word (`Xổ số kiến thiết`), which syllable matching would refuse.
_NOT_FIELD_WORDS = {
    "tổng",
    "tổng số",
    "tthc",
    "thủ tục",
    "hồ sơ",
    "trong đó",
    "gồm",
    "mức độ",
    "được",
    "đã",
    "là",
    "năm",
    "tháng",
    "quý",
    "văn bản",
    "trường hợp",
    "tỷ lệ",
    "đạt",
    "chiếm",
}
_NOT_FIELD_FIRST = {"số", "có", "trong", "tổng", "cộng"}


def _field_name(name: str) -> str | None:
    cleaned = clean_field(name)
    if not cleaned or not 1 <= len(cleaned.split()) <= 10:
        return None
    tokens = [fold(w) for w, _, _ in words(cleaned) if any(c.isalnum() for c in w)]
    if not tokens or tokens[0] in _NOT_FIELD_FIRST:
        return None
    if any(
        t in _NOT_FIELD_WORDS or t.split()[0] in ("số", "tổng") and len(t.split()) > 1
        for t in tokens
    ):
        return None
    return cleaned


class _FieldList:
    """`Lĩnh vực Bảo trợ xã hội: 6 thủ tục; Người có công 2 thủ tục; ...`: a run of items,
    most of them counted in procedures; items without a unit inside such a run count too."""

    id = "tthc.list.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        text = doc.text
        run: list[tuple[str, int, bool, NumberMatch, tuple[int, int]]] = []
        for span in sentences(doc):
            if span.table is not None:
                yield from self._flush(run)
                run = []
                continue
            items = clauses(text, span.start, span.end, ";")
            if len(items) == 1 and "," in span.text and _COUNT.search(span.text):
                parts = clauses(text, span.start, span.end, ",")
                if sum(1 for a, b in parts if _COUNT.search(text, a, b)) >= 3:
                    items = parts
            for k, (a, b) in enumerate(items):
                item = self._item(doc, a, b, first=k == 0)
                if item is None:
                    yield from self._flush(run)
                    run = []
                else:
                    run.append(item)
        yield from self._flush(run)

    def _item(self, doc: Document, a: int, b: int, first: bool):
        text = doc.text
        starts = [a]
        if first:
            starts += [m.end() for m in _INTRO.finditer(text, a, b)]
        for s in reversed(starts):
            m = _ITEM.match(text[s:b])
            if not m:
                continue
            # the name as the source spells it (`Hoà giải`, not the canonical `Hòa giải`)
            name = _field_name(doc.surface[s + m.start("name") : s + m.end("name")])
            value = parse_number(m.group("n"))
            count = as_count(value) if value is not None else None
            if name is None or count is None:
                return None
            fig = NumberMatch(value, s + m.start("n"), s + m.end("n"), m.group("n"))
            return (name, count, bool(m.group("unit")), fig, (a, b))
        return None

    def _flush(self, run: list) -> Iterator[Candidate]:
        with_unit = sum(1 for item in run if item[2])
        if len(run) < 2 or with_unit < max(2, (len(run) + 1) // 2):
            return
        for name, count, _, fig, (a, b) in run:
            yield candidate("tthc.by_field", count, (a, b), fig, self.id, {"field": name})


_TABLE_RULES = (
    ("tthc.announced_new", _re(r"công\s+bố\s+mới|mới\s+ban\s+hành")),
    ("tthc.amended", _re(r"sửa\s+đổi")),
    ("tthc.abolished", _re(r"bãi\s+bỏ")),
    ("tthc.central_vertical", _CENTRAL),
    ("tthc.inter_level", _INTER_LEVEL),
)


class _TableRules:
    """Statistics tables: a row label naming the kind of count, a unit `Thủ tục` or none,
    one value or one value per year column."""

    id = "tthc.table.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        for v in table_values(doc):
            label = v.label
            if v.unit and v.unit not in ("thủ tục", "tthc"):
                continue
            field = self._field(doc, v)
            if field is not None:
                count = as_count(v.value)
                if count is not None:
                    q = {"field": field, "year": v.year}
                    yield candidate(
                        "tthc.by_field", count, (v.row_start, v.row_end), v.figure, self.id, q
                    )
                continue
            if not regex.search(rf"(?i){PROC}|{ONLINE_UNIT}", label):
                continue
            if regex.search(r"(?i)tỷ\s+lệ|hồ\s+sơ|%|đủ\s+điều\s+kiện|phát\s+sinh|nội\s+bộ", label):
                continue
            count = as_count(v.value)
            if count is None:
                continue
            metric, scope = _TableRules._metric(label, v.section, level)
            if metric is None:
                continue
            q = {"scope": scope, "year": v.year}
            yield candidate(metric, count, (v.row_start, v.row_end), v.figure, self.id, q)

    def _field(self, doc: Document, v) -> str | None:
        """A row naming a field under a column counting procedures (`Số TTHC`)."""
        header = v.header
        if not regex.search(rf"(?i)số\s+(?:lượng\s+)?{PROC}|^\s*{PROC}\s*$", header):
            return None
        if regex.search(r"(?i)hồ\s+sơ|tỷ\s+lệ|%", header):
            return None
        label = doc.surface[v.label_start : v.label_end] if v.label_end > v.label_start else ""
        if not label.strip() or regex.search(r"(?i)\b(?:tổng|cộng)\b", label):
            return None
        return _field_name(label)

    @staticmethod
    def _metric(label: str, section: str, level: str) -> tuple[str | None, str | None]:
        for metric, pattern in _TABLE_RULES:
            if pattern.search(label):
                if _PROPOSAL.search(label) or "phương án" in label.lower():
                    return None, None
                return metric, None
        lv = _LEVEL.search(label)
        if lv and (lv.group("lv") or regex.search(rf"(?i){ONLINE_UNIT}|trực\s+tuyến", label)):
            return "tthc.online_level" + (
                "4" if lv.group("full") else "3" if lv.group("part") else lv.group("lv")
            ), None
        if _ONE_STOP.search(label):
            return "tthc.one_stop", scope_of(label, level)
        if regex.search(r"(?i)liên\s+thông|đơn\s+giản|rà\s+soát|giải\s+quyết\s+xong", label):
            return None, None
        if _TOTAL_CUE.search(label) or regex.match(rf"(?i)^tổng\s+số\s+{PROC}\s*$", label):
            return "tthc.total", scope_of(label, level)
        rest = regex.sub(rf"(?i)^(?:tổng\s+)?số\s+(?:lượng\s+)?{PROC}\s*", "", label)
        if rest != label and regex.fullmatch(
            r"(?i)(?:thuộc\s+|của\s+|tại\s+)?cấp\s+\p{L}+", rest.strip()
        ):
            scope = scope_of(rest, level)
            if scope and (section == "" or _TOTAL_CUE.search(section) or "tổng" in section.lower()):
                return "tthc.total", scope
        return None, None


EXTRACTORS = (_SentenceRules(), _FieldList(), _TableRules())
