"""Dossier figures in prose: the official form's sentences, lists, prose remarks, rates
and digitisation. `EXTRACTORS` also gathers the table rules (`dossier_table`,
`dossier_flat`) and the feedback rule (`feedback`), the whole dossier family.

Every figure is read from the words around it: the label before it (`Số hồ sơ giải
quyết trước hạn là`), the short phrase right after its unit (`01 hồ sơ trả quá hạn`),
and, for a bare `Tổng số 736 thủ tục hành chính`, the lead-in sentence ending in `:`
above it. A sub-item (`trong đó ... quá hạn`) belongs to the last total it follows
(`đang giải quyết` makes it `pending.overdue`). A scope named for one figure
(`hồ sơ các sở, ngành`, `cấp xã`) holds for the following sentences of its paragraph or
list. Plans and requests (`Phương hướng ...`, `Đề nghị ...`) state no results.
"""

from __future__ import annotations

import regex

from extractors import common
from extractors.dossier_fields import FieldListExtractor
from extractors.dossier_flat import FlatTableExtractor
from extractors.dossier_read import (
    Reading,
    evidence_of,
    level_of,
    list_marker,
    qualifiers_for,
    reading,
    window_labels,
)
from extractors.dossier_table import (
    ResultsTableExtractor,
    StatisticsTableExtractor,
)
from extractors.dossier_terms import STATUS, dossier_metric, labels_in, loose
from extractors.feedback import FeedbackExtractor
from schemas import Candidate, Document

_CATALOGUE = regex.compile(
    r"dua ra|thuc hien (?:viec )?tiep nhan|niem yet|cong bo|tham quyen|muc do|lien thong"
    r"|cung cap|danh muc|ap dung|thuoc linh vuc"
)


# `tăng 120 hồ sơ`: a difference; `trung bình mỗi tháng`: an average; neither is a count
_DELTA = regex.compile(
    r"\b(?:tang|giam|tang them|giam di|nhieu hon|it hon|chenh lech)\s*(?:len|xuong|them|di)?"
    r"\s*(?:la|:)?\s*$"
)
_AVERAGE = regex.compile(r"\b(?:trung binh|binh quan|moi (?:ngay|tuan|thang|quy|nam))\b")
# what may follow `N hồ sơ` in a count of all dossiers: a status, a channel, a passive verb;
# anything else names a kind of dossier (`45 hồ sơ đăng ký khai sinh`, `hồ sơ liên thông`)
_WHOLE_TAIL = regex.compile(
    r"(?i)^\s*(?:$|(?:của|do|tại|trong|từ|qua|quá|sớm|trực|được|đã|đang|đều|các\s+loại|còn|thuộc\s+thẩm"
    r"\s+quyền|trên|ở|chưa|bị|phải|chờ|trả|giải\s+quyết|tiếp\s+nhận|số\s+hóa|khi|trước|đúng|trễ"
    r"|tạm\s+dừng|xin\s+rút|mới|tồn|chậm|và|hoặc)(?!\p{L}))"
)
_SUBSET_SENTENCE = regex.compile(
    r"^\W*(?:doi voi|rieng)\b.*\b(?:dich vu|dvc|thu tuc|tthc|linh vuc)"
)
_DENOMINATOR = regex.compile(r"\btren(?:\s+tong)?(?:\s+so)?\s*$")


def _whole_tail(r, g, tail: str) -> bool:
    """The words after `N hồ sơ` leave it a count of all dossiers: none, a connective or
    passive verb, or a status (`300 hồ sơ kỳ trước chuyển sang`)."""
    if _WHOLE_TAIL.match(tail):
        return True
    first = len(tail) - len(tail.lstrip())
    starts = {t.start for t in r.terms if t.label in STATUS or t.label == "CARRIED"}
    return g.unit_end + first in starts


def _subset(read: Reading, k: int, i: int) -> bool:
    """A count of some dossiers only: one kind (`hồ sơ đăng ký khai sinh`), one service
    (`Đối với dịch vụ công ...: ...`), a ratio's part (`113 hồ sơ trực tuyến/114 tổng`,
    `trên tổng số 18.114 hồ sơ`), or an item under such a count."""
    r = read.sentences[k]
    f = r.figures[i]
    if _SUBSET_SENTENCE.match(loose(read.text[r.span.start : f.start])):
        return True
    if _DENOMINATOR.search(loose(read.text[r.label_start(i) : f.start])):
        return True
    for j in range(i + 1):
        g = r.figures[j]
        tail = read.text[g.unit_end : g.tail_end]
        ratio = read.text[g.tail_end : g.tail_end + 2].startswith("/")
        tail = regex.sub(r"(?i)^\s*(?:tthc|thủ\s+tục\s+hành\s+chính)(?!\p{L})", "", tail)
        if g.unit == "dossier" and (ratio or not _whole_tail(r, g, tail)):
            return True
    return False


def _group(metric: str | None) -> str | None:
    if metric in ("dossier.pending",):
        return "pending"
    if metric in ("dossier.resolved",):
        return "resolved"
    if metric in ("dossier.received", "dossier.received.new"):
        return None
    return "keep"


# --- counts ---------------------------------------------------------------------------


class FormExtractor:
    """Dossier counts by status in sentences and list items (`dossier.form.v1`)."""

    id = "dossier.form.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out: list[Candidate] = []
        read = reading(doc)
        parent: str | None = None
        listed: tuple[str | None, str] | None = None  # (total, marker) of a list's lead-in
        for k, r in enumerate(read.sentences):
            marker = list_marker(r.span.text)
            if listed is not None and (marker is None or marker == listed[1]):
                listed = None  # the list under the lead-in has ended
            if not r.figures or r.plan:
                if not r.ends_with_colon:
                    parent = None
                continue
            if k == 0 or not read.sentences[k - 1].ends_with_colon:
                parent = listed[0] if listed else None
            for i, f in enumerate(r.figures):
                metric = self.metric_at(read, k, i, parent)
                if metric is None:
                    continue
                g = _group(metric)
                if g != "keep":
                    parent = g
                out.append(
                    common.candidate(
                        metric,
                        f.value if not isinstance(f.value, float) else int(f.value),
                        evidence_of(read, k, i),
                        (f.start, f.end),
                        self.id,
                        qualifiers_for(read, k, f),
                    )
                )
            if r.ends_with_colon and parent:
                listed = (parent, marker or "")
        return out

    def metric_at(self, read: Reading, k: int, i: int, parent: str | None) -> str | None:
        """The count figure i of sentence k is, under the total `parent` it follows."""
        r = read.sentences[k]
        f = r.figures[i]
        if f.unit not in ("dossier", "case", "procedure", None) or isinstance(f.value, float):
            return None
        seg, tail, lead = window_labels(read, k, i)
        words = seg | tail
        if not words & STATUS:
            words |= lead
        if words & {"DIGITIZED", "FEEDBACK", "COMPLAINT", "RATE", "OTHER_FILES"}:
            return None
        if f.unit is None and not (seg | lead) & {"DOSSIER"} and not _in_dossier_list(read, k, i):
            return None
        if f.unit == "case" and not (seg | tail | lead) & (STATUS - {"SOLVE"}):
            return None
        label = loose(read.text[r.label_start(i) : f.start])
        if _DELTA.search(label) or _AVERAGE.search(loose(read.text[r.span.start : f.start])):
            return None
        metric = dossier_metric(words, parent)
        if metric is not None and _subset(read, k, i):
            return None
        if f.unit == "procedure":
            if metric != "dossier.received" or _CATALOGUE.search(label):
                return None
            # `thủ tục` counts dossiers only as what was received and resolved in the period
            in_period = regex.search(r"trong (?:ky|quy|thang|nam)|ky bao cao", label)
            if not words & {"JOINT"} and not ("da tiep nhan" in label and in_period):
                return None
        return metric


def _in_dossier_list(read: Reading, k: int, i: int) -> bool:
    """A bare figure after dossier counts of its sentence (`tiếp nhận: 450; đã giải quyết: 448`)."""
    r = read.sentences[k]
    for j in range(i):
        g = r.figures[j]
        if g.unit == "dossier" or (g.unit is None and "DOSSIER" in window_labels(read, k, j)[0]):
            return True
    return False


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
                seg, tail, _ = window_labels(read, k, i)
                w = seg | tail
                if "DIGITIZED" not in w or w & {"RATE", "REUSE", "OTHER_FILES"}:
                    continue
                if f.unit is None and "DOSSIER" not in seg:
                    continue
                if "ON_RECEIPT" in w and "ON_RETURN" not in w:
                    metric = "dossier.digitized_on_receipt"
                elif "ON_RETURN" in w and "ON_RECEIPT" not in w:
                    metric = "dossier.digitized_on_return"
                else:
                    continue
                out.append(
                    common.candidate(
                        metric,
                        f.value,
                        evidence_of(read, k, i),
                        (f.start, f.end),
                        self.id,
                        qualifiers_for(read, k, f),
                    )
                )
        return out


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
_PARALLEL = regex.compile(
    r"^\W*(?:(?:va|con)\s+)?(?:nam \d{4}|cung ky(?: nam \d{4})?)\W*(?:dat|la)?\W*$"
)


class RateExtractor:
    """On-time, online and digitised rates written as `... đạt 97,37%` (`dossier.rate.v1`)."""

    id = "dossier.rate.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        read = reading(doc)
        form = FormExtractor()
        for k, r in enumerate(read.sentences):
            if r.plan:
                continue
            for i, f in enumerate(r.figures):
                if f.unit != "percent" or f.value > 100:
                    continue
                metric, quals = self._metric(read, k, i, form)
                if metric is None:
                    continue
                out.append(
                    common.candidate(
                        metric,
                        float(f.value),
                        evidence_of(read, k, i),
                        (f.start, f.end),
                        self.id,
                        {**qualifiers_for(read, k, f), **quals},
                    )
                )
        return out

    def _metric(
        self, read: Reading, k: int, i: int, form: FormExtractor
    ) -> tuple[str | None, dict[str, str]]:
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
                return "dossier.digitized_rate", {}
            return _RATE_OF_COUNT.get(prev), {}
        if i > 0 and r.figures[i - 1].unit == "percent" and _PARALLEL.match(left):
            return self._metric(read, k, i - 1, form)
        tail_text = loose(read.text[f.unit_end : f.tail_end])
        if regex.match(
            r"\s*(?:cac |so )?(?:dvc|dich vu|tthc|thu tuc|can bo|cong chuc|cua tieu chi|diem)",
            tail_text,
        ):
            return None, {}
        if _SUBSET_SENTENCE.match(loose(read.text[r.span.start : f.start])):
            return None, {}  # `Đối với dịch vụ công thiết yếu ...`: one group of services
        if "DIGITIZED" in w:
            if "REUSE" in w or not w & {"DOSSIER", "ON_RETURN"}:
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


def _dossier_subject(left: str, tail: str) -> bool:
    """A rate of dossiers (`tỷ lệ hồ sơ ...`, `... 100% hồ sơ`), not of services or TTHC."""
    m = regex.search(r"ty le\s+(\S+(?:\s+\S+)?)", left)
    if m:
        return bool(
            regex.match(r"(?:so\s+)?(?:ho so|hs\b)|(?:giai quyet|tiep nhan|nop)\s", m.group(1))
        )
    return "ho so" in left[-80:] or bool(regex.match(r"\s*(?:so\s+)?ho so", tail))


EXTRACTORS = (
    FormExtractor(),
    ResultsTableExtractor(),
    FlatTableExtractor(),
    StatisticsTableExtractor(),
    FieldListExtractor(FormExtractor()),
    RateExtractor(),
    DigitizedExtractor(),
    FeedbackExtractor(),
)

__all__ = ["EXTRACTORS"]
