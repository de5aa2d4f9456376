"""Dossier rates (`... đạt 97,37%`: on time, online, digitised) and counts of dossiers
digitised on receipt or on return.

A rate's label says what it measures; a rate written right after a count (`... là 120.088
(tỷ lệ 95,53%)`) is that count's share, and one written for another year in parallel
(`năm 2023 đạt 97%, năm 2024 đạt 99%`) is the same rate. A share of late dossiers is no
on-time rate, and a threshold (`trên 80%`) or a target states no result.
"""

from __future__ import annotations

import regex

from extractors.dossier_read import (
    SUBSET_SENTENCE,
    Reading,
    figure_candidate,
    level_of,
    rate_before,
    reading,
    window_labels,
)
from extractors.dossier_terms import labels_in, loose
from schemas import Candidate, Document


class DigitizedExtractor:
    """Dossiers digitised on receipt / on return (`dossier.digitized.v1`)."""

    id = "dossier.digitized.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        read = reading(doc)
        for k, r in enumerate(read.sentences):
            if r.plan:
                continue
            for i, f in enumerate(r.figures):
                if f.unit not in ("dossier", None) or f.zero or isinstance(f.value, float):
                    continue
                rate = rate_before(read, k, i)  # `số hóa ... đạt 98,6% (3.104/3.148 hồ sơ)`
                seg, tail, _ = window_labels(read, k, i if rate is None else rate)
                w = seg | tail
                if "DIGITIZED" not in w or w & {"REUSE", "OTHER_FILES"}:
                    continue
                if _NOT_DONE.search(loose(read.text[r.label_start(i) : f.tail_end])):
                    continue  # `12 hồ sơ chưa được số hóa`: what is still to do
                if "RATE" in w and rate is None:
                    continue
                if f.unit is None and not _count_label(read, k, i, seg):
                    continue
                if "ON_RECEIPT" in w and "ON_RETURN" not in w:
                    metric = "dossier.digitized_on_receipt"
                elif "ON_RETURN" in w and "ON_RECEIPT" not in w:
                    metric = "dossier.digitized_on_return"
                else:
                    continue
                out.append(figure_candidate(read, k, i, metric, self.id))
        return out


_NOT_DONE = regex.compile(r"\b(?:chua|khong|con)\s+(?:duoc\s+)?(?:thuc hien\s+)?so hoa\b")


def _count_label(read: Reading, k: int, i: int, seg: set[str]) -> bool:
    """A bare figure counts dossiers when its label names them, or reads `Số <what>`
    (`số kết quả giải quyết được số hóa: 860`)."""
    if "DOSSIER" in seg:
        return True
    r = read.sentences[k]
    label = loose(read.text[r.label_start(i) : r.figures[i].start])
    return bool(regex.match(r"\W*(?:tong )?so (?:ho so|ket qua)\b", label))


# --- rates ----------------------------------------------------------------------------

_THRESHOLD = regex.compile(
    r"(?i)(?<!\p{L})(?:trên|dưới|từ|tối\s+thiểu|ít\s+nhất|không\s+dưới|không\s+quá|vượt|hơn)\s*$"
)
# what stands between a count and its share: `(tỷ lệ 95,53%)`, `, đạt tỷ lệ 100%`, `chiếm 80%`
_AFTER_COUNT = regex.compile(r"^\W*(?:(?:dat|chiem|bang|voi|la)\b\W*)?(?:ty le|muc)?\W*$")
_RATE_OF_COUNT = {
    "dossier.resolved.early_or_on_time": "dossier.on_time_rate",
    "dossier.received.online": "dossier.online_rate",
}
# `năm 2023 đạt 97%, năm 2024 đạt 99%`: the second rate is the first one for another time
# `đạt 99,1% (cấp huyện đạt 98,4%, cấp xã 99,6%)`: the same rate for each level
_PARALLEL = regex.compile(
    r"^\W*(?:(?:va|con)\s+)?(?:nam \d{4}|cung ky(?: nam \d{4})?"
    r"|cap (?:tinh|huyen|quan|xa|phuong)|(?:cac )?so,? (?:ban,? )?nganh)\W*(?:dat|la)?\W*$"
)


class RateExtractor:
    """On-time, online and digitised rates written as `... đạt 97,37%` (`dossier.rate.v1`)."""

    id = "dossier.rate.v1"

    def __init__(self, counts) -> None:
        self.counts = counts  # the count rule: what a count before a share names

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        read = reading(doc)
        form = self.counts
        for k, r in enumerate(read.sentences):
            if r.plan:
                continue
            for i, f in enumerate(r.figures):
                if f.unit != "percent" or f.value > 100:
                    continue
                metric, quals = self._metric(read, k, i, form)
                if metric is None:
                    continue
                out.append(figure_candidate(read, k, i, metric, self.id, float(f.value), **quals))
        return out

    def _metric(self, read: Reading, k: int, i: int, form) -> tuple[str | None, dict[str, str]]:
        r = read.sentences[k]
        f = r.figures[i]
        seg, tail, _ = window_labels(read, k, i)
        whole = r.window_labels(i)
        w = whole | tail
        if w & {"TARGET", "FEEDBACK", "PAYMENT", "OTHER_FILES"}:
            return None, {}
        if labels_in(r.terms, r.span.start, f.start) & {"GOAL"}:
            return None, {}
        left = loose(read.text[r.label_start(i) : f.start])
        if _THRESHOLD.search(read.text[r.label_start(i) : f.start]):
            return None, {}
        if i > 0 and _AFTER_COUNT.match(left):
            # `... trước và đúng hạn là 120.088 (tỷ lệ 95,53%)`: the rate of that count
            prev = form.metric_at(read, k, i - 1, None)
            if prev == "dossier.resolved.on_time" and "EARLY" not in r.all_labels:
                return "dossier.on_time_rate", {}
            before = set().union(*window_labels(read, k, i - 1)[:2])
            if "DIGITIZED" in before and "REUSE" not in before:
                return (None if _one_stage(before) else "dossier.digitized_rate"), {}
            return _RATE_OF_COUNT.get(prev), {}
        if i > 0 and r.figures[i - 1].unit == "percent" and _PARALLEL.match(left):
            return self._metric(read, k, i - 1, form)
        tail_text = loose(read.text[f.unit_end : f.tail_end])
        if regex.match(
            r"\s*(?:cac |so )?(?:dvc|dich vu|tthc|thu tuc|can bo|cong chuc|cua tieu chi|diem)",
            tail_text,
        ):
            return None, {}
        if SUBSET_SENTENCE.match(loose(read.text[r.span.start : f.start])):
            return None, {}  # `Đối với dịch vụ công thiết yếu ...`: one group of services
        if "DIGITIZED" in w:
            if "REUSE" in w or not w & {"DOSSIER", "ON_RETURN"} or _one_stage(w):
                return None, {}
            return "dossier.digitized_rate", {}
        if "ONLINE" in w:
            after_online = i > 0 and self._metric(read, k, i - 1, form)[0] == "dossier.online_rate"
            if not (_dossier_subject(left, tail_text) or after_online):
                return None, {}
            level = level_of(read.text[r.label_start(i) : f.start])
            return "dossier.online_rate", ({"level": level} if level else {})
        last = r.last_status_before(i, {"EOT", "ON_TIME", "IN_TERM", "EARLY", "LATE", "PENDING"})
        tail_status = {t for t in tail if t in {"EOT", "ON_TIME", "EARLY", "LATE"}}
        status = tail_status or ({last} if last else set())
        if status & {"EOT", "ON_TIME", "IN_TERM"} and not status & {"LATE", "EARLY"}:
            if w & {"DOSSIER", "SOLVE", "RESOLVED", "RETURNED", "ON_RETURN"}:
                return "dossier.on_time_rate", {}
        return None, {}


def _one_stage(words: set[str]) -> bool:
    """A digitisation rate of one stage only (`số hóa hồ sơ khi tiếp nhận đạt 100%`,
    `số hóa kết quả giải quyết đạt 98,6%`): not the rate of dossiers and results."""
    if "ON_RECEIPT" in words:
        return "ON_RETURN" not in words
    return "ON_RETURN" in words and "DOSSIER" not in words


def _dossier_subject(left: str, tail: str) -> bool:
    """A rate of dossiers (`tỷ lệ hồ sơ ...`, `... 100% hồ sơ`), not of services or TTHC."""
    m = regex.search(r"ty le\s+(\S+(?:\s+\S+)?)", left)
    if m:
        return bool(
            regex.match(r"(?:so\s+)?(?:ho so|hs\b)|(?:giai quyet|tiep nhan|nop)\s", m.group(1))
        )
    return "ho so" in left[-80:] or bool(regex.match(r"\s*(?:so\s+)?ho so", tail))
