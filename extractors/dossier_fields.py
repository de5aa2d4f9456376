"""Dossiers per field in prose lists: `Lĩnh vực Hộ tịch 325 trường hợp; Lĩnh vực Chứng thực
397 trường hợp; ...`, or `tiếp nhận 620 hồ sơ, trong đó: hộ tịch 410 hồ sơ, ...`.

An item is `<field> N <unit>`: a name before the figure with no status word in it and
nothing after the unit (`45 hồ sơ đăng ký khai sinh` names a kind, not a field). Items
count when a name is marked `Lĩnh vực`, or when they follow a dossier total within a few
sentences after `trong đó` / a lead-in ending with `:`.
"""

from __future__ import annotations

import regex

from extractors import common
from extractors.dossier_read import Reading, figure_candidate, reading
from extractors.dossier_terms import STATUS, labels_in, loose
from schemas import Candidate, Document

_NAME_WORDS = regex.compile(r"^[\p{L}\s,–—\-&/()]+$")
_LEAD_MARK = regex.compile(
    r"(?i)^(?:[\s\-+*•:;,.]|và\b|trong\s+đó\b|gồm\b|bao\s+gồm\b|cụ\s+thể\b|như\s+sau\b)+"
)
_GENERIC = regex.compile(
    r"^(?:tong|tong so|so|trong do|trong do co|ho so|cong|khac|con lai|co|gom|bao gom|la)$"
)


class FieldListExtractor:
    """Dossiers per field in lists (`Lĩnh vực Hộ tịch 325 trường hợp; ...`)."""

    id = "dossier.list.v1"

    def __init__(self, counts) -> None:
        self.counts = counts  # the count rule: totals and statuses are not field items

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        read = reading(doc)
        last_total = -10
        for k, r in enumerate(read.sentences):
            if r.plan:
                continue
            metrics = [self.counts.metric_at(read, k, i, None) for i in range(len(r.figures))]
            if any(m in ("dossier.received", "dossier.resolved") for m in metrics):
                last_total = k
            colon = {i: n for i in range(len(r.figures)) if (n := colon_item(read, k, i))}
            out += [self._field(read, k, i, name) for i, name in colon.items()]
            named = [] if colon else _named_items(read, k)
            if named:
                out += [self._field(read, k, i, name) for i, name in named]
                continue
            items = []
            for i, f in enumerate(r.figures):
                if i in colon or metrics[i] is not None or f.unit not in ("dossier", "case"):
                    continue
                if f.zero or f.over is not None:
                    continue
                raw = read.text[r.label_start(i) : f.start]
                if r.window_labels(i) - {"TOTAL"} or read.text[f.unit_end : f.tail_end].strip():
                    continue  # a status, or `N hồ sơ <kind>`: not `<field> N hồ sơ`
                items.append((i, f, raw))
            if not items:
                continue
            prefixed = any(regex.search(r"(?i)lĩnh\s+vực", raw) for _, _, raw in items)
            in_list = k - last_total <= 3 and any(
                read.sentences[j].ends_with_colon
                or "trong do" in loose(read.sentences[j].span.text)
                for j in range(max(0, last_total), k + 1)
            )
            if not (prefixed or in_list):
                continue
            for i, _, raw in items:
                # `Theo lĩnh vực: Chứng thực: 702 hồ sơ`: the name is the last labelled piece
                pieces = [p for p in raw.split(":") if p.strip()]
                piece = pieces[-1] if pieces else raw
                name = common.clean_field(_LEAD_MARK.sub("", piece))
                if _OTHERS.search(loose(piece)):
                    name = "khác"  # `các lĩnh vực khác 53 hồ sơ`
                elif not _field_like(name):
                    continue
                out.append(self._field(read, k, i, name))
        return out

    def _field(self, read: Reading, k: int, i: int, name: str) -> Candidate:
        return figure_candidate(read, k, i, "dossier.by_field", self.id, field=name)


_OTHERS = regex.compile(r"^\W*(?:va\s+)?(?:cac\s+)?linh\s+vuc\s+khac\W*$")


def _field_like(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= 8
        and bool(_NAME_WORDS.match(name))
        and not _GENERIC.match(loose(name))
        and not regex.search(r"\d", name)
    )


# what may stand before an item's name: a list's punctuation or `và`, `là`, `gồm`, `như`
_ITEM_CUT = regex.compile(r"(?i)[,;:()]|(?<!\p{L})(?:và|là|gồm|như|cụ\s+thể)(?!\p{L})")
_NAME_START = regex.compile(r"^\s*\p{Lu}[\p{L}\s\-–&/]*$")
_FIELD_LEAD_STATUS = {"RECEIVED", "JOINT", "NEW", "DOSSIER", "TOTAL"}
_NOT_A_NAME = STATUS | {"OFFICE", "DOSSIER", "TOTAL", "RATE", "DIGITIZED", "SYSTEM"}


def named_item(read: Reading, k: int, i: int) -> str | None:
    """The name when figure i is written `<Name> (N hồ sơ)`, the item of a list by name, or
    `<Name>: N hồ sơ` under a lead-in naming fields."""
    colon = colon_item(read, k, i)
    if colon is not None:
        return colon
    r = read.sentences[k]
    f = r.figures[i]
    if f.unit not in ("dossier", "case") or f.zero or f.over is not None:
        return None
    if read.text[f.unit_end : f.tail_end].strip():
        return None
    if not regex.match(r"\s*\)", read.text[f.tail_end : f.tail_end + 3]):
        return None
    before = read.text[r.label_start(i) : f.start]
    if not regex.search(r"\(\s*$", before):
        return None
    before = before[: before.rindex("(")]
    pieces = _ITEM_CUT.split(before)
    name = " ".join(pieces[-1].split()) if pieces else ""
    if not name or not _NAME_START.match(name) or len(name.split()) > 6:
        return None
    if loose(name).startswith(("so voi", "tong", "trong do")):
        return None
    at = read.text.rfind(name.split()[0], r.span.start, f.start)
    if labels_in(r.terms, at, at + len(name)) & _NOT_A_NAME:
        return None  # `Bộ phận Một cửa tiếp nhận (1.200 hồ sơ)`: a total, not an item
    return name


# a lead-in naming fields: `Số hồ sơ tiếp nhận theo lĩnh vực:`, `..., cụ thể từng lĩnh vực:`
_FIELD_LEAD = regex.compile(r"\blinh vuc\s*(?:nhu sau|cu the)?\s*:\s*$")
_COLON_NAME = regex.compile(r"(?:^|[;:.,]|\s[-+•])\s*[-+•]?\s*(\p{Lu}[\p{L}\s\-–&/,]*?)\s*:\s*$")


def _colon_name(read: Reading, k: int, i: int) -> tuple[int, str] | None:
    """(where the name starts, the name) when figure i is written `<Name>: N hồ sơ`."""
    r = read.sentences[k]
    f = r.figures[i]
    if f.unit not in ("dossier", "case") or f.zero or f.over is not None:
        return None
    if read.text[f.unit_end : f.tail_end].strip():
        return None
    start = r.figures[i - 1].tail_end if i else r.span.start
    m = _COLON_NAME.search(read.text[start : f.start])
    if m is None or not _field_like(m.group(1).strip()):
        return None
    return start + m.start(1), common.clean_field(m.group(1))


def _lead_names_fields(read: Reading, k: int, a: int, b: int) -> bool:
    r = read.sentences[k]
    lead = loose(read.text[a:b])
    return bool(_FIELD_LEAD.search(lead)) and not labels_in(r.terms, a, b) - _FIELD_LEAD_STATUS


def colon_item(read: Reading, k: int, i: int) -> str | None:
    """The name when figure i is `<Name>: N hồ sơ` in a list whose lead-in names fields
    (`Số hồ sơ tiếp nhận theo lĩnh vực: Lý lịch tư pháp: 1.372 hồ sơ; Hộ tịch: 146 hồ sơ`),
    in the same sentence or on the lines under it."""
    r = read.sentences[k]
    named = [_colon_name(read, k, j) for j in range(i + 1)]
    if any(n is None for n in named):
        return None
    if _lead_names_fields(read, k, r.span.start, named[0][0]):
        return named[-1][1]
    if read.text[r.span.start : named[0][0]].strip(" -+*•\t\n"):
        return None
    for j in range(k - 1, max(-1, k - 20), -1):
        s = read.sentences[j]
        if s.ends_with_colon:
            return named[-1][1] if _lead_names_fields(read, j, s.span.start, s.span.end) else None
        if not s.figures or any(_colon_name(read, j, x) is None for x in range(len(s.figures))):
            return None
    return None


def _named_items(read: Reading, k: int) -> list[tuple[int, str]]:
    """`Lĩnh vực tiếp nhận nhiều hồ sơ nhất là Hộ tịch (214 hồ sơ), Chứng thực (...)`: items
    by name in a sentence about fields, whose lead names received dossiers and no other
    status (`06 hồ sơ trễ hạn thuộc lĩnh vực Xây dựng (04 hồ sơ)` counts late ones)."""
    r = read.sentences[k]
    items = [(i, named_item(read, k, i)) for i in range(len(r.figures))]
    items = [(i, name) for i, name in items if name]
    if not items:
        return []
    first = r.figures[items[0][0]]
    lead_end = read.text.rfind(items[0][1], r.span.start, first.start)
    lead = read.text[r.span.start : lead_end]
    if "linh vuc" not in loose(lead):
        return []
    if labels_in(r.terms, r.span.start, lead_end) - _FIELD_LEAD_STATUS:
        return []
    if any(g.start < lead_end for g in r.figures):
        return []
    return [(i, common.clean_field(name)) for i, name in items]
