"""The vocabulary of dossier, feedback and rate sentences, and how its words map to metrics.

Reports name a dossier's status in a handful of words (`trước hạn`, `đúng hẹn`, `quá hạn`,
`chưa đến hạn`, `tạm dừng`, `trả lại`, `xin rút`, `chờ bổ sung`, `trực tuyến` ...) but
segment them unpredictably and write them with tone slips (`trực tuyển`, `hồ sở`). The
words are found by a spaCy `PhraseMatcher` over the word tokens of `extractors.nlp`, with
every way the segmenter may group a phrase's words added as a pattern; a second pass reads
the syllables without marks, for slips and for phrases the segmenter cut across tokens
(`số | hóa hồ sơ`). A longer phrase hides the shorter ones inside it (`trước và đúng hạn`
is not also `đúng hạn`; `Bộ phận tiếp nhận và trả kết quả` is a name, not a verb).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors import nlp
from schemas.text import strip_marks

# label -> phrases (any case, any tone placement; marks are ignored when matching)
TERMS: dict[str, tuple[str, ...]] = {
    "EOT": (
        "trước và đúng hạn",
        "trước và đúng hẹn",
        "trước và đúng thời hạn",
        "trước hoặc đúng hạn",
        "trước, đúng hạn",
        "trước, đúng hẹn",
        "đúng và trước hạn",
        "đúng và trước hẹn",
        "đúng, trước hạn",
        "trước hạn và đúng hạn",
        "trước hạn, đúng hạn",
        "đúng hạn và trước hạn",
    ),
    "EARLY": ("trước hạn", "trước hẹn", "trước thời hạn", "sớm hạn"),
    "ON_TIME": ("đúng hạn", "đúng hẹn", "đúng thời hạn", "đúng thời gian"),
    "IN_TERM": ("trong hạn", "trong hẹn", "trong thời hạn", "còn hạn"),
    "LATE": (
        "quá hạn",
        "quá hẹn",
        "quá thời hạn",
        "trễ hạn",
        "trễ hẹn",
        "chậm hạn",
        "trả quá hạn",
        "trả chậm",
        "chậm trả",
        "chậm trễ",
    ),
    # `còn 5 hồ sơ đang trong hạn giải quyết`: still open, within its deadline
    "NOT_DUE": (
        "chưa đến hạn",
        "chưa đến hẹn",
        "chưa tới hạn",
        "chưa tới hẹn",
        "chưa quá hạn",
        "đang trong hạn",
        "đang trong hẹn",
        "đang còn hạn",
        "còn trong hạn",
        "còn trong hẹn",
    ),
    "PENDING": (
        "đang giải quyết",
        "đang trong thời gian giải quyết",
        "đang trong thời hạn giải quyết",
        "đang trong quá trình giải quyết",
        "trong thời gian giải quyết",
        "đang được giải quyết",
        "đang xử lý",
        "đang thụ lý",
        "đang thẩm định",
        "chưa giải quyết",
        "chưa giải quyết xong",
        "chưa trả kết quả",
        "đang xem xét",
        "đang được xem xét",
        "đang xác minh",
        "chưa xử lý",
        "còn tồn",
        "còn tồn tại",
        "tồn đọng",
    ),
    "RESOLVED": (
        "đã giải quyết",
        "đã được giải quyết",
        "giải quyết xong",
        "đã giải quyết xong",
        "đã xử lý",
        "đã được xử lý",
        "xử lý xong",
        "đã trả kết quả",
        "đã trả lời",
        "trả lời",
        "hoàn thành giải quyết",
    ),
    "SOLVE": ("giải quyết", "xử lý"),
    "SUSPENDED": ("tạm dừng", "tạm ngừng", "dừng giải quyết"),
    "RETURNED": ("trả lại", "xin rút", "rút hồ sơ", "rút lại", "công dân rút"),
    "AWAIT": (
        "chờ bổ sung",
        "bổ sung, hoàn thiện",
        "bổ sung hoàn thiện",
        "yêu cầu bổ sung",
        "phải bổ sung",
        "chờ hoàn thiện",
    ),
    "NEW": ("mới tiếp nhận", "tiếp nhận mới", "nhận mới", "mới phát sinh", "phát sinh mới"),
    "CARRIED": (
        "kỳ trước chuyển qua",
        "kỳ trước chuyển sang",
        "kỳ báo cáo trước",
        "kỳ trước",
        "tồn kỳ trước",
        "năm trước chuyển sang",
        "năm trước chuyển qua",
        "chuyển tiếp",
    ),
    "ONLINE": ("trực tuyến", "qua mạng", "nộp trực tuyến"),
    "DIRECT": ("trực tiếp", "nộp trực tiếp"),
    "POSTAL": ("bưu chính", "bưu chính công ích", "bưu điện", "BCCI", "DVBCCI"),
    "RECEIVED": ("tiếp nhận", "đã tiếp nhận", "nhận được", "đã nhận", "thụ lý", "phát sinh"),
    "JOINT": (
        "tiếp nhận và giải quyết",
        "tiếp nhận, giải quyết",
        "tiếp nhận giải quyết",
        "tiếp nhận và xử lý",
        "tiếp nhận, xử lý",
        "tiếp nhận và trả kết quả",
        "tiếp nhận, trả kết quả",
        "nhận giải quyết",  # the official form's `Số hồ sơ nhận giải quyết`
        "phải giải quyết",
        "cần giải quyết",
    ),
    # the one-stop shop's name holds the verbs of the trade (`tiếp nhận và trả kết quả`)
    "OFFICE": (
        "bộ phận tiếp nhận và trả kết quả",
        "bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
        "bộ phận tiếp nhận và giải quyết thủ tục hành chính",
        "bộ phận tiếp nhận, trả kết quả",
        "bộ phận tiếp nhận hồ sơ và trả kết quả",
        "bộ phận một cửa",
        "trung tâm phục vụ hành chính công",
        "trung tâm hành chính công",
    ),
    "DIGITIZED": ("số hóa",),
    "ON_RECEIPT": ("khi tiếp nhận", "lúc tiếp nhận", "đầu vào", "khi nhận"),
    "ON_RETURN": ("khi trả kết quả", "trả kết quả", "kết quả giải quyết", "đầu ra", "khi trả"),
    "REUSE": ("khai thác", "sử dụng lại", "tái sử dụng"),
    "FEEDBACK": ("phản ánh", "phản ánh kiến nghị", "phản ánh, kiến nghị", "PAKN", "đơn thư"),
    "ADVICE": ("kiến nghị",),
    "COMPLAINT": ("khiếu nại", "tố cáo", "tiếp công dân"),
    "TARGET": (
        "phấn đấu",
        "mục tiêu",
        "chỉ tiêu",
        "tối thiểu",
        "ít nhất",
        "trở lên",
        "đạt từ",
        "đạt trên",
        "đạt mức trên",
        "đến năm",
    ),
    "GOAL": ("phấn đấu", "mục tiêu", "chỉ tiêu", "tiêu chí", "đề ra", "kế hoạch đề ra"),
    "PAYMENT": ("thanh toán", "thanh toán trực tuyến", "nghĩa vụ tài chính"),
    "SYSTEM": (
        "hệ thống thông tin giải quyết",
        "hệ thống thông tin giải quyết thủ tục hành chính",
        "hệ thống thông tin giải quyết TTHC",
        "hệ thống thông tin một cửa",
        "hệ thống một cửa điện tử",
        "phần mềm một cửa",
        "phần mềm giải quyết",
        "cổng dịch vụ công",
    ),
    # files that are not applications for a procedure
    "OTHER_FILES": (
        "hồ sơ cán bộ",
        "hồ sơ công chức",
        "hồ sơ viên chức",
        "hồ sơ cán bộ, công chức",
        "hồ sơ đảng viên",
        "hồ sơ lưu trữ",
        "hồ sơ dự thầu",
        "hồ sơ địa chính",
    ),
    "RATE": ("tỷ lệ",),
    "DOSSIER": ("hồ sơ", "bộ hồ sơ"),
    "FULL": ("toàn trình", "mức độ 4", "mức 4"),
    "PART": ("một phần", "mức độ 3", "mức 3"),
    "SERVICE": ("DVC", "DVCTT", "dịch vụ công", "dịch vụ", "thủ tục", "TTHC", "thủ tục hành chính"),
    "TOTAL": ("tổng số", "tổng cộng", "tổng"),
}

_PUNCT = regex.compile(r"\p{P}|\p{S}")


def loose(text: str) -> str:
    """Lower case without marks, `đ` as `d`, white space folded (how terms compare)."""
    return " ".join(strip_marks(text).casefold().split())


def _pieces(phrase: str) -> list[str]:
    """A phrase as the pieces a token can hold: syllables, and punctuation on its own."""
    return regex.findall(r"[\p{L}\p{N}/]+|[^\s\p{L}\p{N}]", loose(phrase))


def _segmentations(pieces: list[str]) -> list[list[str]]:
    """Every way a word segmenter may group consecutive syllables into tokens."""
    if not pieces:
        return [[]]
    out = []
    for k in range(1, len(pieces) + 1):
        head = pieces[:k]
        if k > 1 and any(_PUNCT.fullmatch(p) for p in head):
            break
        for rest in _segmentations(pieces[k:]):
            out.append([" ".join(head), *rest])
    return out


_MATCHER = None
_LOCK = threading.Lock()


def _words(phrase: str) -> list[str]:
    """A phrase as the pieces a token can hold, in the text's own spelling (lower case)."""
    return regex.findall(r"[\p{L}\p{N}/]+|[^\s\p{L}\p{N}]", " ".join(phrase.lower().split()))


def matcher():
    """The spaCy PhraseMatcher over `TERMS`, built once on the shared pipeline's vocabulary.

    A phrase is added in every grouping of its words into tokens the segmenter may produce
    (`chưa đến hạn` as one, two or three tokens) and compared on `NORM` (lower case, white
    space folded); spellings with a slip are left to `_cut_differently`.
    """
    global _MATCHER
    if _MATCHER is None:
        with _LOCK:
            if _MATCHER is None:
                from spacy.matcher import PhraseMatcher
                from spacy.tokens import Doc

                vocab = nlp.nlp().vocab
                built = PhraseMatcher(vocab, attr="NORM")
                for label, phrases in TERMS.items():
                    docs = []
                    for phrase in phrases:
                        for seg in _segmentations(_words(phrase)):
                            docs.append(Doc(vocab, words=seg, spaces=[True] * len(seg)))
                    built.add(label, docs)
                _MATCHER = built
    return _MATCHER


@dataclass(frozen=True, slots=True)
class Term:
    label: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], str]:
    """Syllables of every phrase without punctuation -> its label (longest label wins)."""
    out: dict[tuple[str, ...], str] = {}
    for label, phrases in TERMS.items():
        for phrase in phrases:
            pieces = tuple(_pieces(phrase))
            if not any(_PUNCT.fullmatch(p) for p in pieces):
                out.setdefault(pieces, label)
    return out


@lru_cache(maxsize=1)
def _phrase_starts() -> frozenset[tuple[str, ...]]:
    """Every start of a phrase of `_phrases` (the phrase itself included)."""
    return frozenset(k[:n] for k in _phrases() for n in range(1, len(k) + 1))


_SYLLABLE = regex.compile(r"\S+")


@lru_cache(maxsize=65536)
def _loose_syllable(syllable: str) -> str:
    return loose(syllable)


def _cut_differently(text: str, start: int, end: int) -> list[Term]:
    """Terms the segmenter cut across its tokens (`số | hóa hồ sơ`, `hồ sơ quá hạn`).

    The token matcher sees only whole tokens; here the syllables of all tokens are read
    in a row, so a phrase is found wherever its syllables stand.
    """
    phrases = _phrases()
    starts = _phrase_starts()
    syllables = [
        (_loose_syllable(m.group(0)), start + token.idx + m.start(), start + token.idx + m.end())
        for token in nlp.vi_doc(text[start:end])
        for m in _SYLLABLE.finditer(token.text)
    ]
    keys = [s for s, _, _ in syllables]
    found = []
    n = len(syllables)
    for a in range(n):
        here = []  # phrases starting at `a`, grown while the syllables start some phrase
        for b in range(a + 1, n + 1):
            key = tuple(keys[a:b])
            if key not in starts:
                break
            label = phrases.get(key)
            if label:
                here.append(Term(label, syllables[a][1], syllables[b - 1][2]))
        found.extend(reversed(here))  # the longest first
    return found


def find_terms(text: str, start: int, end: int) -> list[Term]:
    """Vocabulary terms in text[start:end] (offsets into `text`), longest ones kept."""
    found = [Term(*m) for m in nlp.match_spans(text, start, end, matcher())]
    found += _cut_differently(text, start, end)
    kept = [
        t
        for t in found
        if not any(
            o is not t
            and o.start <= t.start
            and t.end <= o.end
            and (o.end - o.start) > (t.end - t.start)
            for o in found
        )
    ]
    return sorted(set(kept), key=lambda t: (t.start, t.end, t.label))


def labels_in(terms: list[Term], start: int, end: int) -> set[str]:
    return {t.label for t in terms if start <= t.start and t.end <= end}


# --- from words to metrics -------------------------------------------------------------

STATUS = {
    "EOT", "EARLY", "ON_TIME", "IN_TERM", "LATE", "NOT_DUE", "PENDING", "RESOLVED", "SOLVE",
    "SUSPENDED", "RETURNED", "AWAIT", "NEW", "CARRIED", "ONLINE", "DIRECT", "POSTAL",
    "RECEIVED", "JOINT",
}  # fmt: skip


def dossier_metric(w: set[str], parent: str | None) -> str | None:
    """The dossier count a set of words names, given the total the figure falls under."""
    pending = "PENDING" in w or (parent == "pending" and not w & {"RESOLVED", "SOLVE"})
    if "SUSPENDED" in w:
        return "dossier.suspended"
    if "RETURNED" in w:
        return "dossier.returned"
    if "AWAIT" in w:
        return "dossier.awaiting_supplement"
    if "EOT" in w:
        return None if pending else "dossier.resolved.early_or_on_time"
    if "LATE" in w:
        return "dossier.pending.overdue" if pending else "dossier.resolved.late"
    if "NOT_DUE" in w:
        return "dossier.pending.not_due"
    if "IN_TERM" in w:
        return "dossier.pending.not_due" if pending else "dossier.resolved.on_time"
    if "EARLY" in w:
        return None if pending else "dossier.resolved.early"
    if "ON_TIME" in w:
        return None if pending else "dossier.resolved.on_time"
    if "PENDING" in w:
        return "dossier.pending"
    if "CARRIED" in w:
        return "dossier.carried_over"
    if "NEW" in w:
        return "dossier.received.new"
    channels = [c for c in ("ONLINE", "DIRECT", "POSTAL") if c in w]
    if len(channels) == 1:
        if w & {"RESOLVED", "SOLVE"} and "JOINT" not in w and "RECEIVED" not in w:
            return None  # dossiers resolved online: not a metric of the vocabulary
        if w & {"FULL", "PART"}:
            return None  # one kind of online service only
        return {"ONLINE": "dossier.received.online", "DIRECT": "dossier.received.direct"}.get(
            channels[0], "dossier.received.postal"
        )
    if channels:
        return None
    if "JOINT" in w:
        return "dossier.received"
    if "RESOLVED" in w:
        return "dossier.resolved"
    if "RECEIVED" in w:
        return "dossier.received"
    if "SOLVE" in w:
        return "dossier.resolved"
    return None
