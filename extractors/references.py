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
from extractors.citations import (
    CHAINED,
    CITATION,
    date_at,
    issuer_at,
    issuer_before,
    kind_of,
    number_as_written,
    subject_at,
)
from extractors.narration import clause_start, date_before, introduced, issuing_voice
from schemas import Document, Evidence, Reference

_SEPARATORS = regex.compile(r"^[\s,;.\-+•]*(?:(?:và|hoặc)[\s,;.\-+•]*)?$")


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
            number = number_as_written(doc, m.start("num"), m.end("num"))
            kind = kind_of(m.group("kind"), number)
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
            date = date_at(doc.text, pos)
            m = CHAINED.match(doc.text, date.end if date else pos)
            if m is None or "/" not in m.group("num"):
                return chained
            other = number_as_written(doc, m.start("num"), m.end("num"))
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
        date = date_at(text, cited.end)
        pos = date.end if date else cited.end
        issuer = issuer_at(doc, pos)
        if issuer:
            pos = issuer[2]
            if date is None:
                date = date_at(text, pos)
                pos = date.end if date else pos
        mention.core_end = mention.end = pos
        window = clause_start(text, previous.core_end if previous else 0, cited.start)
        if date is None:
            date = date_before(doc, window, cited.start)
            if date:
                mention.start = date.start
        mention.date = date.iso if date else None
        own_sign = not signs or bool(signs & set(regex.split(r"\s*[-/]\s*", number)))
        before = None if issuer else issuer_before(doc, window, cited.start)
        if issuer or before:
            mention.issuer = issuer[0] if issuer else before[0]
            mention.own = own_sign and units.is_unit(mention.issuer, unit)
        else:
            voice = issuing_voice(doc, window, cited.start) or introduced(doc, window, cited.start)
            if voice:
                subject, start = voice
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
        subject = subject_at(doc, pos, next_start)
        if subject:
            mention.subject, mention.end = subject
        return mention


EXTRACTOR = ReferenceExtractor()
