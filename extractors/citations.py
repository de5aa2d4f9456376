"""How a citation is written: `Kế hoạch số 23/KH-UBND ngày 23/12/2022 của UBND xã về ...`.

A kind (`Quyết định`, `TT` for Thông tư), a number with its sign (`61/2018/NĐ-CP`,
`28-KH/TU`, `06/CV- UBND` as typed), then optionally the date, `của <issuer>` and
`về <subject>` / `V/v <subject>`. Each reader here looks at one position of the text and
says what is written there; deciding whose document it is belongs to `narration` and
`references`.
"""

from __future__ import annotations

import regex

from extractors import units
from extractors.dates import DateMatch, find_dates
from schemas import Document

KINDS = {
    "kế hoạch": "Kế hoạch",
    "quyết định": "Quyết định",
    "nghị định": "Nghị định",
    "nghị quyết": "Nghị quyết",
    "thông tư": "Thông tư",
    "chỉ thị": "Chỉ thị",
    "thông báo": "Thông báo",
    "công văn": "Công văn",
    "đề án": "Đề án",
    "luật": "Luật",
}
# Abbreviated kinds count only when the number's sign repeats them (`TT 343/TT-BTC`).
ABBREVIATIONS = {
    "TT": "Thông tư",
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
    "CV": "Công văn",
}
_KIND_WORDS = "|".join(r"\s+".join(k.split()) for k in KINDS)
_SEP = r"(?:[-/][ ]?|[ ][-/])"
_SIGN = r"\p{Lu}[\p{Lu}\d&]*\p{Ll}?[\p{Lu}\d&]*(?![\p{L}\d])"
_TAG = r"(?:<[^<>\n]{1,80}>)?"
_NUMBER = rf"\d[\d.]*[a-zđ]?(?:/\d{{4,5}})?(?:{_SEP}{_SIGN})+"
CITATION = regex.compile(
    rf"(?<![\p{{L}}\d])(?P<kind>(?i:{_KIND_WORDS})|{'|'.join(ABBREVIATIONS)})(?![\p{{L}}\d])"
    r"(?P<qual>(?:[ ]\p{Ll}+){0,2}?)"
    r"[ ]*(?:(?P<so>[Ss]ố|SỐ)[ ]*:?[ ]*)?"
    rf"{_TAG}(?P<num>{_NUMBER}){_TAG}"
)
# `Quyết định số 12/QĐ-UBND, 13/QĐ-UBND ngày ...`: more numbers of the same kind.
CHAINED = regex.compile(rf"[ ]*(?:,|;|và)[ ]*(?:[Ss]ố[ ]*:?[ ]*)?{_TAG}(?P<num>{_NUMBER}){_TAG}")
_AFTER_NUMBER = regex.compile(r"[ ]*,?[ ]*(?:ban\s+hành\s+)?")
_NGAY = regex.compile(r"(?i)ngày\s*")
_OF = regex.compile(r"[ ]*,?[ ]*(?:của|do)[ ]+")
_ISSUER_STOP = regex.compile(
    r"[,;:.()“”\"|\n]"
    r"|\s(?:về|V/v|v/v|để|nhằm|theo|tại|trên|cho|với|thì|là|đã|được|có|trong|tổ\s+chức)(?![\p{L}])"
    r"|\s(?i:ban\s+hành|hướng\s+dẫn|quy\s+định|sửa\s+đổi|phê\s+duyệt|công\s+bố|triển\s+khai"
    r"|thực\s+hiện|thành\s+lập|cải\s+thiện|tạm\s+giao|giao|kiện\s+toàn|đẩy\s+mạnh)(?![\p{L}])"
    r"|\svà\s+(?=\p{Ll})"
)
_SUBJECT_MARK = regex.compile(r"[ ]*,?[ ]*(?:(?i:về)[ ]+|(?:V/v|v/v|V/V)[ ]*:?[ ]*)")
_SUBJECT_VERB = regex.compile(
    r"[ ]+(?=(?i:hướng\s+dẫn|quy\s+định|ban\s+hành|sửa\s+đổi|phê\s+duyệt|công\s+bố|triển\s+khai"
    r"|tổ\s+chức|thành\s+lập|cải\s+thiện|tạm\s+giao|kiện\s+toàn|đẩy\s+mạnh)(?![\p{L}]))"
)
HEADS = (
    r"UBND|Ủy\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân|HĐND|Hội\s+đồng|Chủ\s+tịch|Tỉnh\s+ủy"
    r"|Huyện\s+ủy|Đảng\s+ủy|Thành\s+ủy|Chính\s+phủ|Thủ\s+tướng|Văn\s+phòng|Bộ|Sở|Phòng|Ban|Đoàn"
    r"|Trung\s+tâm"
)
_OF_BEFORE = regex.compile(
    rf"(?<![\p{{L}}])(?:của|do)\s+(?P<issuer>(?:{HEADS})(?![\p{{L}}])[^,;.:()]{{0,60}}?)"
    r"\s+(?:tại|theo)\s*$"
)
_SUBJECT_STOP = regex.compile(
    r";|\.(?=\s|$)|:|\n|\|"
    r"|\s+và\s+(?=(?:đã|được|nhận|đồng\s+thời)(?![\p{L}]))"
    r"|,\s*(?=(?:nhằm|để|góp\s+phần|hiện\s+nay|theo\s+đó)(?![\p{L}]))"
    rf"|,?\s+(?=(?:{HEADS})(?![\p{{L}}])[^.;:\n]{{0,50}}?\s(?:đã|đang|sẽ|xin|báo\s+cáo)(?![\p{{L}}]))"
)
_SUBJECT_MAX = 300


def surface(doc: Document, start: int, end: int) -> str:
    return " ".join(doc.surface[start:end].split())


def kind_of(written: str, number: str) -> str | None:
    """The vocabulary's kind for a written kind, or None when it is not a citation."""
    signs = regex.split(r"\s*[-/]\s*", number)
    if written in ABBREVIATIONS:
        return ABBREVIATIONS[written] if written in signs else None
    kind = KINDS[" ".join(written.lower().split())]
    if kind == "Luật" and not any(s.startswith("QH") for s in signs):
        return None  # laws are signed by the National Assembly (`80/2015/QH13`)
    return kind


def number_as_written(doc: Document, start: int, end: int) -> str:
    """The number as written, without line breaks the text inserted while reflowing."""
    pieces = []
    for i in range(start, end):
        char = doc.surface[i]
        if char.isspace() and doc.source_map.origins and doc.source_map.locate(i) is None:
            continue
        pieces.append(char)
    return " ".join("".join(pieces).split())


def date_at(text: str, pos: int) -> DateMatch | None:
    """A date written right at `pos` (after an optional `ngày`)."""
    after = _AFTER_NUMBER.match(text, pos).end()
    ngay = _NGAY.match(text, after)
    starts = {after, ngay.end() if ngay else after}
    for found in find_dates(text, after, min(len(text), after + 60)):
        return found if found.start in starts else None
    return None


def issuer_at(doc: Document, pos: int) -> tuple[str, int, int] | None:
    """`của <issuer>` right at `pos`: the issuer's words and span."""
    of = _OF.match(doc.text, pos)
    if of is None:
        return None
    start = of.end()
    auth = units.AUTHORITY.match(doc.text, start)
    if auth:
        end = units.authority_end(doc.text, auth)
    else:
        stop = _ISSUER_STOP.search(doc.text, start, min(len(doc.text), start + 120))
        end = stop.start() if stop else min(len(doc.text), start + 120)
        words = list(regex.finditer(r"\S+", doc.text[start:end]))[:12]
        end = start + words[-1].end() if words else start
    if end <= start:
        return None
    return surface(doc, start, end), start, end


def issuer_before(doc: Document, start: int, kind_start: int) -> tuple[str, int] | None:
    """`của <issuer> tại <citation>`: an issuer named before the citation it speaks in."""
    m = _OF_BEFORE.search(doc.text, start, kind_start)
    if m is None:
        return None
    return surface(doc, m.start("issuer"), m.end("issuer")), m.start("issuer")


def subject_at(doc: Document, pos: int, next_start: int | None) -> tuple[str, int] | None:
    """`về ...` / `V/v ...` (or a clause opening with a verb such as `Hướng dẫn`) at `pos`."""
    text = doc.text
    mark = _SUBJECT_MARK.match(text, pos) or _SUBJECT_VERB.match(text, pos)
    if mark is None:
        return None
    start = mark.end()
    limit = min(len(text), start + _SUBJECT_MAX)
    if next_start is not None and next_start < limit:
        between = regex.search(r"(?:,|;|\s(?:và|hoặc))?\s*$", text[start:next_start])
        if between and between.group(0).strip():
            limit = start + between.start()
    stop = _SUBJECT_STOP.search(text, start, limit)
    end = stop.start() if stop else limit
    if end == limit and limit < len(text) and text[limit].isalnum():
        end = text.rfind(" ", start, limit)
    subject = surface(doc, start, end).strip(" ,.…")
    if subject[:1] in '“"' and subject[-1:] in '”"':
        subject = subject[1:-1].strip()
    return (subject, end) if subject else None
