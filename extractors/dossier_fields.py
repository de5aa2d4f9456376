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
from extractors.dossier_read import evidence_of, qualifiers_for, reading
from extractors.dossier_terms import loose
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
            items = []
            for i, f in enumerate(r.figures):
                if metrics[i] is not None or f.unit not in ("dossier", "case") or f.zero:
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
            for i, f, raw in items:
                name = common.clean_field(_LEAD_MARK.sub("", raw))
                if not _field_like(name):
                    continue
                out.append(
                    common.candidate(
                        "dossier.by_field",
                        f.value,
                        evidence_of(read, k, i),
                        (f.start, f.end),
                        self.id,
                        {**qualifiers_for(read, k, f), "field": name},
                    )
                )
        return out


def _field_like(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= 8
        and bool(_NAME_WORDS.match(name))
        and not _GENERIC.match(loose(name))
        and not regex.search(r"\d", name)
    )
