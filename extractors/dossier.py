"""Dossier tables and field lists: the table rules (`dossier_table`, `dossier_flat`,
`dossier_stats`) and lists by field (`dossier_fields`). Counts, rates, digitisation and
feedback in prose are the figure reader's (`extractors.figures`).

`FormExtractor` remains as the count classifier the field lists use to tell a total or a
status (`Số hồ sơ đã giải quyết: 95`) from a field's item (`Hộ tịch: 146 hồ sơ`); it is
not run as an extractor of its own.
"""

from __future__ import annotations

import regex

from extractors.dossier_fields import FieldListExtractor, named_item
from extractors.dossier_flat import FlatTableExtractor
from extractors.dossier_read import (
    SUBSET_SENTENCE,
    Reading,
    figure_candidate,
    list_marker,
    rate_before,
    reading,
    window_labels,
)
from extractors.dossier_stats import StatisticsTableExtractor
from extractors.dossier_table import ResultsTableExtractor
from extractors.dossier_terms import STATUS, dossier_metric, labels_in, loose
from extractors.dossier_time import compared_open
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
    if SUBSET_SENTENCE.match(loose(read.text[r.span.start : f.start])):
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
                value = int(f.value) if isinstance(f.value, float) else f.value
                out.append(figure_candidate(read, k, i, metric, self.id, value))
                if metric == "dossier.pending" and _all_within_term(read, k, i):
                    out.append(figure_candidate(read, k, i, _NOT_DUE, self.id, value))
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
        rate = rate_before(read, k, i)
        if rate is not None and not tail & STATUS:
            # `tỷ lệ hồ sơ trễ hạn 0,8% (10 hồ sơ ...)`: the count the rate is a share of
            return self._count_of_rate(read, k, rate, parent)
        if f.over is not None or named_item(read, k, i) is not None:
            return None  # a part of a fraction, or `Hộ tịch (137 hồ sơ)`: a list's item
        words = seg | tail
        opening = compared_open(read.text, r.span.start, f.start)
        if opening is not None:  # `So với kỳ trước (1.100 hồ sơ), số hồ sơ đã giải quyết ...`
            words = labels_in(r.terms, opening, f.start) | tail
            if not words & STATUS:
                words |= _after_parentheses(read, k, f.end)
        elif not words & STATUS:
            words |= lead
        label = loose(read.text[r.label_start(i) : f.start])
        after = loose(read.text[f.unit_end : min(r.span.end, f.unit_end + 60)])
        if _CARRIED_IN.search(label) or _CARRIED_IN.match(after):
            words.add("CARRIED")  # `hồ sơ tồn từ năm 2021 chuyển sang là 14 hồ sơ`
        if words & {"DIGITIZED", "FEEDBACK", "COMPLAINT", "RATE", "OTHER_FILES"}:
            return None
        if f.unit is None and not (seg | lead) & {"DOSSIER"} and not _in_dossier_list(read, k, i):
            return None
        if f.unit == "case" and not (seg | tail | lead) & (STATUS - {"SOLVE"}):
            return None
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

    def _count_of_rate(self, read: Reading, k: int, rate: int, parent: str | None) -> str | None:
        """The count a rate's parentheses give is what the rate's label names, whatever
        kind the words after the count add (`10 hồ sơ thuộc lĩnh vực đất đai`)."""
        seg, tail, lead = window_labels(read, k, rate)
        words = seg | tail
        if words & {"DIGITIZED", "FEEDBACK", "COMPLAINT", "OTHER_FILES", "FULL", "PART"}:
            return None
        r = read.sentences[k]
        label = loose(read.text[r.label_start(rate) : r.figures[rate].start])
        if _DELTA.search(label) or SUBSET_SENTENCE.match(loose(r.span.text)):
            return None  # `tăng 12% (150 hồ sơ)`: a difference, not a share
        if "DOSSIER" not in words and not read.sentences[k].all_labels & {"DOSSIER"}:
            return None
        return dossier_metric(words - {"RATE"}, parent)


# `tồn từ năm 2021 chuyển sang`, `từ quý trước chuyển qua`: carried over from before
_CARRIED_IN = regex.compile(
    r"\s*\b(?:ton|tu)\s+(?:tu\s+)?(?:nam|quy|thang|ky)\s+(?:truoc|\d{4}|[ivx]+|\d{1,2})"
    r"(?:\s*/\s*\d{4})?\s+(?:chuyen|mang)\s+(?:sang|qua)\b"
)


_NOT_DUE = "dossier.pending.not_due"
# `đang giải quyết 15 hồ sơ, đều trong hạn`, `..., tất cả chưa đến hạn`: every pending one
_ALL_WITHIN_TERM = regex.compile(
    r"\s*[,(;:-]?\s*(?:(?:deu|tat ca|toan bo|ca)\s+)?(?:(?:deu|con|dang|van)\s+)?"
    r"(?:trong (?:thoi )?han|chua (?:den|toi|qua) han)\b[^,;.)]*"
)


def _all_within_term(read: Reading, k: int, i: int) -> bool:
    """The words right after a pending count say all of them are within their deadline
    (and no count of their own follows in that clause)."""
    r = read.sentences[k]
    f = r.figures[i]
    nxt = r.figures[i + 1].start if i + 1 < len(r.figures) else r.span.end
    after = loose(read.text[f.tail_end : nxt])
    m = _ALL_WITHIN_TERM.match(after)
    return m is not None and (nxt == r.span.end or m.end() < len(after))


def _after_parentheses(read: Reading, k: int, pos: int) -> set[str]:
    """Labels of the clause after the parentheses that hold `pos`, up to a difference
    (`So với quý I (1.117 hồ sơ), số hồ sơ mới tiếp nhận tăng ...` -> new dossiers)."""
    r = read.sentences[k]
    close = read.text.find(")", pos, r.span.end)
    if close < 0:
        return set()
    end = next((g.start for g in r.figures if g.start > close), r.span.end)
    cut = regex.search(r"(?i)(?<!\p{L})(?:tăng|giảm|;)(?!\p{L})", read.text[close:end])
    return labels_in(r.terms, close, close + cut.start() if cut else end)


def _in_dossier_list(read: Reading, k: int, i: int) -> bool:
    """A bare figure after dossier counts of its sentence (`tiếp nhận: 450; đã giải quyết: 448`)."""
    r = read.sentences[k]
    for j in range(i):
        g = r.figures[j]
        if g.unit == "dossier" or (g.unit is None and "DOSSIER" in window_labels(read, k, j)[0]):
            return True
    return False


EXTRACTORS = (
    ResultsTableExtractor(),
    FlatTableExtractor(),
    StatisticsTableExtractor(),
    FieldListExtractor(FormExtractor()),
)

__all__ = ["EXTRACTORS"]
