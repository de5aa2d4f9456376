"""Citations in the report's own voice: `Ngày 10/3/2023 UBND thị trấn Thanh Hà đã ban hành
Kế hoạch số 19/KH-UBND`, `UBND xã đã ban hành các văn bản: + Kế hoạch số ...`, or
`Xây dựng và ban hành Kế hoạch số 08/KH-UBND` with the unit as the unstated subject.

The clause before a citation tells who issued it when no `của <issuer>` follows: the
subject of an issuing verb (`ban hành`, `xây dựng`, `thành lập`, `có`) that governs the
citation, or nobody written, which in a report means the reporting unit itself.
"""

from __future__ import annotations

import regex

from extractors import units
from extractors.citations import CITATION, HEADS, surface
from extractors.dates import DateMatch, find_dates
from schemas import Document

_BOUNDARY = regex.compile(r"[;:|\n]|\.(?=\s)")
_ISSUE_VERB = regex.compile(
    r"(?i)(?<![\p{L}])(?:đã\s+)?(?P<verb>xây\s+dựng\s+và\s+ban\s+hành|xây\s+dựng,\s*ban\s+hành"
    r"|ban\s+hành|xây\s+dựng|thành\s+lập|ký|có)(?![\p{L}])"
)
_GAP_BLOCKERS = regex.compile(
    r"(?i)(?<![\p{L}])(?:thực\s+hiện|triển\s+khai|căn\s+cứ|quán\s+triệt|của|về|theo\s+dõi"
    r"|hướng\s+dẫn)(?![\p{L}])"
)
_HEAD = regex.compile(rf"(?<![\p{{L}}])(?:{HEADS})(?![\p{{L}}])")
_OPENING = regex.compile(r"(?i)^[\s\-+•*]*(?:ngày\s+[\d/.\s]+,?\s*)?(?:đồng\s+thời,?\s*)?$")
_DATE_OPENING = regex.compile(r"(?i)^[\s\-+•*]*(?:ngày\s*)?$")
MAX_GAP_WORDS = 10
MAX_SUBJECT_WORDS = 14
# Adverbs between a subject and its verb (`UBND thị trấn đều ban hành`) are not the subject.
_ADVERBS = regex.compile(
    r"(?i)(?:\s+(?:đều|cũng|đã|đang|tiếp\s+tục|kịp\s+thời|chủ\s+động|thường\s+xuyên|hằng\s+năm"
    r"|hàng\s+năm))+\s*$"
)


def clause_start(text: str, left: int, kind_start: int) -> int:
    """Start of the clause a citation sits in: after the last boundary, not before `left`."""
    start = left
    for m in _BOUNDARY.finditer(text, left, kind_start):
        start = m.end()
    return start


def issuing_voice(doc: Document, start: int, kind_start: int) -> tuple[str | None, int] | None:
    """`<subject> (đã) ban hành <citation>` in the clause before a citation.

    Returns (the subject as written, or None when the sentence has none; where the
    narration starts), or None when the clause does not narrate an issue.
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
                return surface(doc, first, end), first
        if _OPENING.match(text[start : verb.start()]):
            return None, verb.start()
        return None
    return None


def introduced(doc: Document, start: int, kind_start: int) -> tuple[str | None, int] | None:
    """A list item under a colon: `UBND xã đã ban hành các văn bản: + Kế hoạch số ...`.

    Looks back over up to two colons (`các kế hoạch như: Kế hoạch rà soát ... như:`) for a
    clause that narrates issuing, with no other citation in between.
    """
    text = doc.text
    end = start
    for _ in range(2):
        low = max(0, end - 400)
        before = text[low:end].rstrip(" \t\n-+•*")
        if not before.endswith(":"):
            return None
        colon = low + len(before) - 1
        clause = clause_start(text, max(0, colon - 400), colon)
        if CITATION.search(text, clause, colon):
            return None
        found = issuing_voice(doc, clause, colon)
        if found:
            return found
        end = clause
    return None


def date_before(doc: Document, start: int, kind_start: int) -> DateMatch | None:
    """`Ngày 10/3/2023 UBND ... đã ban hành <citation>`: the date opening the clause."""
    text = doc.text
    for date in find_dates(text, start, kind_start):
        opening = text[start : date.start]
        written_as_day = date.surface.lower().startswith("ngày") or "ngày" in opening.lower()
        if not _DATE_OPENING.match(opening) or not written_as_day:
            return None
        after = text[date.end : kind_start].lstrip(" ,")
        return date if issuing_voice(doc, date.end, kind_start) and after else None
    return None
