"""Citations of legal and planning documents: `Kế hoạch số 23/KH-UBND ngày 23/12/2022 của
UBND xã về ...`.

A citation is a kind (`Quyết định`, `TT` for Thông tư), a number with its sign
(`61/2018/NĐ-CP`, `28-KH/TU`; numbers restart every year, so the date is part of the key),
then optionally the date, `của <issuer>` and `về <subject>`. Reports also cite in their own
voice: `Ngày 10/3/2023 UBND thị trấn Thanh Hà đã ban hành Kế hoạch số 19/KH-UBND`, a list
of plans under `UBND xã đã xây dựng ...`, or `Xây dựng và ban hành Kế hoạch số 08/KH-UBND`
with the unit as the unstated subject; those are the unit's own documents (`own`).
One `Reference` is emitted per mention; the resolver merges mentions of one document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from extractors import layout, units
from extractors.dates import DateMatch, find_dates
from schemas import Document, Evidence, Reference

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
_CHAINED = regex.compile(rf"[ ]*(?:,|;|và)[ ]*(?:[Ss]ố[ ]*:?[ ]*)?{_TAG}(?P<num>{_NUMBER}){_TAG}")
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
_HEADS = (
    r"UBND|Ủy\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân|HĐND|Hội\s+đồng|Chủ\s+tịch|Tỉnh\s+ủy"
    r"|Huyện\s+ủy|Đảng\s+ủy|Thành\s+ủy|Chính\s+phủ|Thủ\s+tướng|Văn\s+phòng|Bộ|Sở|Phòng|Ban|Đoàn"
    r"|Trung\s+tâm"
)
_OF_BEFORE = regex.compile(
    rf"(?<![\p{{L}}])(?:của|do)\s+(?P<issuer>(?:{_HEADS})(?![\p{{L}}])[^,;.:()]{{0,60}}?)"
    r"\s+(?:tại|theo)\s*$"
)
_SUBJECT_STOP = regex.compile(
    r";|\.(?=\s|$)|:|\n|\|"
    r"|\s+và\s+(?=(?:đã|được|nhận|đồng\s+thời)(?![\p{L}]))"
    rf"|,?\s+(?=(?:{_HEADS})(?![\p{{L}}])[^.;:\n]{{0,50}}?\s(?:đã|đang|sẽ|xin|báo\s+cáo)(?![\p{{L}}]))"
)
_SUBJECT_MAX = 300
_BOUNDARY = regex.compile(r"[;:|\n]|\.(?=\s)")
_ISSUE_VERB = regex.compile(
    r"(?i)(?<![\p{L}])(?:đã\s+)?(?P<verb>xây\s+dựng\s+và\s+ban\s+hành|xây\s+dựng,\s*ban\s+hành"
    r"|ban\s+hành|xây\s+dựng|thành\s+lập|ký|có)(?![\p{L}])"
)
_GAP_BLOCKERS = regex.compile(
    r"(?i)(?<![\p{L}])(?:thực\s+hiện|triển\s+khai|căn\s+cứ|quán\s+triệt|của|về|theo\s+dõi"
    r"|hướng\s+dẫn)(?![\p{L}])"
)
_HEAD = regex.compile(rf"(?<![\p{{L}}])(?:{_HEADS})(?![\p{{L}}])")
_OPENING = regex.compile(r"(?i)^[\s\-+•*]*(?:ngày\s+[\d/.\s]+,?\s*)?(?:đồng\s+thời,?\s*)?$")
_DATE_OPENING = regex.compile(r"(?i)^[\s\-+•*]*(?:ngày\s*)?$")
_SEPARATORS = regex.compile(r"^[\s,;.\-+•]*(?:(?:và|hoặc)[\s,;.\-+•]*)?$")
MAX_GAP_WORDS = 10
MAX_SUBJECT_WORDS = 14
# Adverbs between a subject and its verb (`UBND thị trấn đều ban hành`) are not the subject.
_ADVERBS = regex.compile(
    r"(?i)(?:\s+(?:đều|cũng|đã|đang|tiếp\s+tục|kịp\s+thời|chủ\s+động|thường\s+xuyên|hằng\s+năm"
    r"|hàng\s+năm))+\s*$"
)


@dataclass(frozen=True, slots=True)
class _Cited:
    """Where a citation is written: from its kind (or its number, in a chain) to its number."""

    start: int
    end: int
    kind: str
    number: str


@dataclass(slots=True)
class _Mention:
    """One citation while it is read, with the spans the next citation needs."""

    kind: str
    number: str
    start: int  # evidence start (the date or issuer written before the kind, if any)
    kind_start: int
    core_end: int  # end of number, date and issuer
    end: int  # end of the subject, when there is one
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    own: bool = False
    voiced: bool = False  # issued in the report's narration (`X đã ban hành ...`)


def _surface(doc: Document, start: int, end: int) -> str:
    return " ".join(doc.surface[start:end].split())


def _kind_of(written: str, number: str) -> str | None:
    """The vocabulary's kind for a written kind, or None when it is not a citation."""
    signs = regex.split(r"\s*[-/]\s*", number)
    if written in ABBREVIATIONS:
        return ABBREVIATIONS[written] if written in signs else None
    kind = KINDS[" ".join(written.lower().split())]
    if kind == "Luật" and not any(s.startswith("QH") for s in signs):
        return None  # laws are signed by the National Assembly (`80/2015/QH13`)
    return kind


def _number(doc: Document, start: int, end: int) -> str:
    """The number as written, without line breaks the text inserted while reflowing."""
    pieces = []
    for i in range(start, end):
        char = doc.surface[i]
        if char.isspace() and doc.source_map.origins and doc.source_map.locate(i) is None:
            continue
        pieces.append(char)
    return " ".join("".join(pieces).split())


def _date_at(text: str, pos: int) -> DateMatch | None:
    """A date written right at `pos` (after an optional `ngày`)."""
    after = _AFTER_NUMBER.match(text, pos).end()
    ngay = _NGAY.match(text, after)
    starts = {after, ngay.end() if ngay else after}
    for found in find_dates(text, after, min(len(text), after + 60)):
        return found if found.start in starts else None
    return None


def _issuer_at(doc: Document, pos: int) -> tuple[str, int, int] | None:
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
    return _surface(doc, start, end), start, end


def _issuer_before(doc: Document, start: int, kind_start: int) -> tuple[str, int] | None:
    """`của <issuer> tại <citation>`: an issuer named before the citation it speaks in."""
    m = _OF_BEFORE.search(doc.text, start, kind_start)
    if m is None:
        return None
    return _surface(doc, m.start("issuer"), m.end("issuer")), m.start("issuer")


def _subject_at(doc: Document, pos: int, next_start: int | None) -> tuple[str, int] | None:
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
    subject = _surface(doc, start, end).strip(" ,.…")
    if subject[:1] in '“"' and subject[-1:] in '”"':
        subject = subject[1:-1].strip()
    return (subject, end) if subject else None


def _window(text: str, left: int, kind_start: int) -> int:
    """Start of the clause a citation sits in: after the last boundary, not before `left`."""
    start = left
    for m in _BOUNDARY.finditer(text, left, kind_start):
        start = m.end()
    return start


def _voice(doc: Document, start: int, kind_start: int) -> tuple[str | None, int, bool] | None:
    """`<subject> (đã) ban hành <citation>` in the clause before a citation.

    Returns (subject as written or None when the sentence has none, where the narration
    starts, True) or None when the clause does not narrate an issue.
    """
    text = doc.text
    verbs = list(_ISSUE_VERB.finditer(text, start, kind_start))
    for verb in reversed(verbs):
        gap = text[verb.end() : kind_start]
        words = gap.split()
        if verb.group("verb").lower() == "có":
            if words not in ([], ["các"]):
                continue
        elif len(words) > MAX_GAP_WORDS or _GAP_BLOCKERS.search(gap):
            continue
        heads = list(_HEAD.finditer(text, start, verb.start()))
        if heads:
            first = heads[-1].start()
            for earlier in reversed(heads[:-1]):
                if text[earlier.end() : first].strip():
                    break
                first = earlier.start()
            end = verb.start()
            auth = units.AUTHORITY.match(text, first)
            if auth and auth.end() <= end and not text[auth.end() : end].strip(" ,"):
                end = units.authority_end(text, auth)
            adverbs = _ADVERBS.search(text, first, end)
            end = adverbs.start() if adverbs else end
            if len(text[first:end].split()) <= MAX_SUBJECT_WORDS:
                return _surface(doc, first, end), first, True
        if _OPENING.match(text[start : verb.start()]):
            return None, verb.start(), True
        return None
    return None


def _introduced(doc: Document, start: int, kind_start: int) -> tuple[str | None, int, bool] | None:
    """A list item under a colon: `UBND xã đã ban hành các văn bản: + Kế hoạch số ...`.

    Looks back over up to two colons (`các kế hoạch như: Kế hoạch rà soát ... như:`) for a
    clause that narrates issuing, with no other citation in between.
    """
    text = doc.text
    end = start
    for _ in range(2):
        before = text[:end].rstrip(" \t\n-+•*")
        if not before.endswith(":"):
            return None
        colon = len(before) - 1
        clause = _window(text, max(0, colon - 400), colon)
        if CITATION.search(text, clause, colon):
            return None
        voice = _voice(doc, clause, colon)
        if voice:
            return voice
        end = clause
    return None


def _pre_date(doc: Document, start: int, kind_start: int) -> DateMatch | None:
    """`Ngày 10/3/2023 UBND ... đã ban hành <citation>`: the date opening the clause."""
    text = doc.text
    for date in find_dates(text, start, kind_start):
        opening = text[start : date.start]
        if not _DATE_OPENING.match(opening) or not (
            date.surface.lower().startswith("ngày") or opening.strip(" -+•*")
        ):
            return None
        after = text[date.end : kind_start].lstrip(" ,")
        return date if _voice(doc, date.end, kind_start) and after else None
    return None


def _own_signs(doc: Document, unit: units.Unit) -> set[str]:
    """Signs the unit's own documents carry: `UBND` for a people's committee, the code in
    the header's number (`/BC-SNV` -> `SNV`) for a department."""
    signs = set() if unit.is_body else {"UBND"}
    number = regex.search(r"Số\s*:\s*[\d ]*/\s*[\p{L}]+-(?P<code>[\p{Lu}\d&]+)", doc.text[:2000])
    if number:
        signs.add(number.group("code"))
    return signs


class ReferenceExtractor:
    """Every citation of a legal or planning document, one `Reference` per mention."""

    id = "reference.citation.v1"

    def extract(self, doc: Document) -> Iterator[Reference]:
        for mention in self.mentions(doc):
            yield Reference(
                kind=mention.kind,
                number=mention.number,
                date=mention.date,
                issuer=mention.issuer,
                subject=mention.subject,
                own=mention.own,
                evidence=[
                    Evidence(
                        page=None,
                        start=mention.start,
                        end=mention.core_end,
                        quote=doc.quote(mention.start, mention.core_end),
                    )
                ],
                extractor=self.id,
            )

    def mentions(self, doc: Document) -> list[_Mention]:
        text = doc.text
        skip = layout.recipients_zone(text)
        found: list[_Cited] = []
        for m in CITATION.finditer(text):
            if skip and skip.start <= m.start() < skip.end:
                continue
            if "/" not in m.group("num") or (m.group("qual") and not m.group("so")):
                continue
            if regex.search(r"(?i)pháp\s*$", text[max(0, m.start() - 6) : m.start()]):
                continue  # `văn bản quy phạm pháp luật số ...` is not a law
            number = _number(doc, m.start("num"), m.end("num"))
            kind = _kind_of(m.group("kind"), number)
            if kind:
                found.append(_Cited(m.start(), m.end(), kind, number))
                found.extend(self._chain(doc, m.end(), kind, number))
        unit = units.identify_unit(doc)
        signs = _own_signs(doc, unit)
        mentions: list[_Mention] = []
        for index, cited in enumerate(found):
            next_start = found[index + 1].start if index + 1 < len(found) else None
            previous = mentions[-1] if mentions else None
            mentions.append(self._read(doc, cited, previous, next_start, unit, signs))
        return mentions

    @staticmethod
    def _chain(doc: Document, pos: int, kind: str, number: str) -> list[_Cited]:
        """Numbers listed after a citation's own, when they carry the same signs."""
        signs = set(regex.split(r"\s*[-/]\s*", number)[1:])
        chained = []
        while True:
            date = _date_at(doc.text, pos)
            m = _CHAINED.match(doc.text, date.end if date else pos)
            if m is None or "/" not in m.group("num"):
                return chained
            other = _number(doc, m.start("num"), m.end("num"))
            if not signs & set(regex.split(r"\s*[-/]\s*", other)[1:]):
                return chained
            chained.append(_Cited(m.start("num"), m.end(), kind, other))
            pos = m.end()

    def _read(
        self,
        doc: Document,
        cited: _Cited,
        previous: _Mention | None,
        next_start: int | None,
        unit: units.Unit,
        signs: set[str],
    ) -> _Mention:
        text = doc.text
        number = cited.number
        mention = _Mention(cited.kind, number, cited.start, cited.start, cited.end, cited.end)
        date = _date_at(text, cited.end)
        pos = date.end if date else cited.end
        issuer = _issuer_at(doc, pos)
        if issuer:
            pos = issuer[2]
            if date is None:
                date = _date_at(text, pos)
                pos = date.end if date else pos
        mention.core_end = mention.end = pos
        window = _window(text, previous.core_end if previous else 0, cited.start)
        if date is None:
            date = _pre_date(doc, window, cited.start)
            if date:
                mention.start = date.start
        mention.date = date.iso if date else None
        own_sign = not signs or bool(signs & set(regex.split(r"\s*[-/]\s*", number)))
        before = None if issuer else _issuer_before(doc, window, cited.start)
        if issuer or before:
            mention.issuer = issuer[0] if issuer else before[0]
            mention.own = own_sign and units.is_unit(mention.issuer, unit)
        else:
            voice = _voice(doc, window, cited.start) or _introduced(doc, window, cited.start)
            if voice:
                subject, start, _ = voice
                mention.start = min(mention.start, start)
                mention.voiced = True
                if subject:
                    mention.issuer = subject
                    mention.own = own_sign and units.is_unit(subject, unit)
                else:
                    mention.issuer = unit.issuer_name() if own_sign else None
                    mention.own = own_sign and unit.type is not None
            elif (
                previous
                and previous.voiced
                and previous.end <= cited.start
                and _SEPARATORS.match(text[previous.end : cited.start])
            ):
                mention.voiced = True  # a list under the same `đã ban hành`
                mention.issuer = previous.issuer
                mention.own = previous.own and own_sign
        subject = _subject_at(doc, pos, next_start)
        if subject:
            mention.subject, mention.end = subject
        return mention


EXTRACTOR = ReferenceExtractor()
