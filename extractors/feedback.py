"""Citizens' feedback and petitions about administrative procedures: received, resolved,
pending.

`tiếp nhận 01 đơn phản ánh kiến nghị`, `Đã tiếp nhận 306 phản ánh kiến nghị, đã xử lý ...
306 phản ánh kiến nghị`, `giải quyết xong 20 đơn, còn 05 đơn đang giải quyết`, and
`Không` / `Không có` as the whole answer (`Kết quả tiếp nhận xử lý phản ánh, kiến nghị
...: Không.`). A petition (`đơn`) counts only where the text is about feedback
(`phản ánh`, a citizens' `kiến nghị`): `đơn khiếu nại, tố cáo` and petitions about land
disputes are another matter, and `kiến nghị xử lý` of an inspection is no petition. A zero
only stated in prose (`không nhận được phản ánh nào`) is not a figure.
"""

from __future__ import annotations

import regex

from extractors.dossier_read import (
    Read,
    Reading,
    figure_candidate,
    reading,
    window_labels,
)
from extractors.dossier_terms import loose
from schemas import Candidate, Document


class FeedbackExtractor:
    """Citizens' feedback and petitions received / resolved / pending."""

    id = "feedback.sentence.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        read = reading(doc)
        context_paragraph = -1
        for k, r in enumerate(read.sentences):
            if r.plan:
                continue
            if _about_feedback(r):
                context_paragraph = r.paragraph
            elif r.paragraph != context_paragraph:
                continue
            for i in range(len(r.figures)):
                metric = self._metric(read, k, i)
                if metric is None:
                    continue
                out.append(figure_candidate(read, k, i, metric, self.id))
        return out

    def _metric(self, read: Reading, k: int, i: int) -> str | None:
        r = read.sentences[k]
        f = r.figures[i]
        if isinstance(f.value, float) or f.unit in ("percent", "dossier", "document", "m2"):
            return None
        seg, tail, lead = window_labels(read, k, i)
        whole = r.window_labels(i)
        if f.unit != "petition" and not (whole | lead) & {"FEEDBACK"} and not _about_feedback(r):
            return None
        if f.unit not in ("petition", None):
            return None
        w = whole | tail
        if "COMPLAINT" in w and "FEEDBACK" not in w:
            return None
        if "PENDING" in w:
            return "feedback.pending"
        if f.zero and "FEEDBACK" not in whole:
            return None
        if "RECEIVED" in seg and not seg & {"RESOLVED"}:
            return "feedback.received"
        if "RESOLVED" in w or ("SOLVE" in w and "RECEIVED" not in w):
            return "feedback.resolved"
        if w & {"RECEIVED", "TOTAL"} or (f.zero and "RECEIVED" in lead):
            return "feedback.received"
        label = loose(read.text[r.label_start(i) : f.start])
        if regex.match(r"\W*(?:tong )?so (?:luong )?(?:phan anh|pakn|don thu)", label):
            return "feedback.received"  # `Số phản ánh, kiến nghị ...: Không`: how many came in
        if f.zero and _TOPIC.match(label):
            return "feedback.received"  # `Phản ánh, kiến nghị ...: Không có.`: none came in
        return None


# a label that only names the topic: `Phản ánh, kiến nghị về quy định hành chính:`,
# `Tiếp nhận, xử lý phản ánh, kiến nghị:`, `Công tác tiếp nhận PAKN:`
_TOPIC = regex.compile(
    r"\W*(?:(?:cong tac|tinh hinh|viec|ket qua)\s+)?(?:tiep nhan(?:,|\s+va)?\s*"
    r"(?:(?:xu ly|giai quyet|tra loi)\s+)?)?(?:phan anh|pakn|don thu)\b[^:;]*:\s*$"
)


_CITIZENS = regex.compile(r"\b(?:cua|tu) (?:nguoi dan|cong dan|to chuc|ca nhan|doanh nghiep)")


def _about_feedback(r: Read) -> bool:
    """`phản ánh`, or a citizens' `kiến nghị` (not `kiến nghị xử lý` of an inspection)."""
    words = r.all_labels | r.lead_labels
    if "FEEDBACK" in words:
        return True
    return "ADVICE" in words and bool(_CITIZENS.search(loose(r.span.text)))


EXTRACTORS = (FeedbackExtractor(),)
