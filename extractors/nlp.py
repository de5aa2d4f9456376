"""Vietnamese word segmentation feeding spaCy, so token patterns see words, not syllables.

Vietnamese writes a word as several space-separated syllables (`hồ sơ`, `thủ tục`,
`trước hạn`); a syllable tokenizer would let `{"LOWER": "hồ sơ"}` never match. underthesea
segments words but rewrites characters (`hoá` -> `hóa`, `Ð` -> `Đ`) and returns no
offsets, so every segment is aligned back onto the text syllable by syllable, comparing
letters without marks or case. The resulting spaCy `Doc` has `doc.text == text` and every
token an exact character offset; `token.norm_` is the word lower-cased with its white
space folded (`thủ\\ntục` -> `thủ tục`), which is what patterns should use.

spaCy's `like_num` is true for `năm` (five, but mostly "year"); use the `vi_num`
extension (the figure of a token written with digits, else None) or `is_figure`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache

import regex

from extractors.numbers import parse_number
from schemas.text import fold_char

_LOCK = threading.Lock()
_NLP = None


def _fold_char(ch: str) -> str:
    """`fold_char`, with the eth (`Ð`, `ð`, typed for `Đ`) as `d`: the segmenter writes `Đ`."""
    return "d" if ch in "Ðð" else fold_char(ch)


# Words of the genre the segmenter's model does not always join.
FIXED_WORDS = [
    "thủ tục",
    "hồ sơ",
    "lĩnh vực",
    "trước hạn",
    "đúng hạn",
    "quá hạn",
    "trễ hạn",
    "trước hẹn",
    "đúng hẹn",
    "quá hẹn",
    "một cửa",
    "liên thông",
    "toàn trình",
    "một phần",
    "dịch vụ công",
    "trực tuyến",
    "mức độ",
    "cán bộ",
    "công chức",
    "biên chế",
    "không chuyên trách",
    "đ/c",
]


def _segments(text: str) -> list[str]:
    from underthesea import word_tokenize

    out: list[str] = []
    for seg in word_tokenize(text, use_token_normalize=False, fixed_words=FIXED_WORDS):
        syllables = seg.split()
        if len(syllables) > 1 and any(c.isdigit() for c in seg):
            # the model sometimes glues a figure to its noun (`2.231 hồ sơ`): a figure is
            # always a token of its own
            run: list[str] = []
            for syl in syllables:
                if any(c.isdigit() for c in syl):
                    if run:
                        out.append(" ".join(run))
                        run = []
                    out.append(syl)
                else:
                    run.append(syl)
            if run:
                out.append(" ".join(run))
        else:
            out.append(seg)
    return out


def align(text: str, segments: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of `segments` in `text`, in order; text no segment covers (a
    character the segmenter dropped or rewrote beyond recognition) becomes its own
    white-space separated tokens, so the spans always tile every non-space character."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for seg in segments:
        syllables = seg.split()
        if not syllables:
            continue
        found = _match_at(text, pos, syllables)
        if found is None:
            found = _search(text, pos, syllables)
            if found is None:
                continue
            spans.extend(_loose_tokens(text, pos, found[0]))
        spans.append(found)
        pos = found[1]
    spans.extend(_loose_tokens(text, pos, n))
    return spans


def _match_at(text: str, pos: int, syllables: list[str]) -> tuple[int, int] | None:
    """Match the syllables at `pos` (after white space), letters compared loosely."""
    i = pos
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    start = i
    for k, syl in enumerate(syllables):
        if k:
            if i >= n or not text[i].isspace():
                return None
            while i < n and text[i].isspace():
                i += 1
        for ch in syl:
            if i >= n or _fold_char(text[i]) != _fold_char(ch):
                return None
            i += 1
    return start, i


def _search(text: str, pos: int, syllables: list[str], window: int = 200) -> tuple[int, int] | None:
    first = _fold_char(syllables[0][0])
    for i in range(pos, min(len(text), pos + window)):
        if _fold_char(text[i]) == first:
            found = _match_at(text, i, syllables)
            if found is not None:
                return found
    return None


def _loose_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in regex.finditer(r"\S+", text[start:end])]


def _pipeline():
    """The blank Vietnamese pipeline with the segmenting tokenizer, built once."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                import spacy
                from spacy.tokens import Token

                nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
                nlp.tokenizer = _Tokenizer(nlp.vocab)
                if not Token.has_extension("vi_num"):
                    Token.set_extension("vi_num", getter=_token_number)
                if not Token.has_extension("is_figure"):
                    Token.set_extension("is_figure", getter=lambda t: _token_number(t) is not None)
                _NLP = nlp
    return _NLP


def _token_number(token) -> int | float | None:
    return parse_number(token.text) if any(c.isdigit() for c in token.text) else None


class _Tokenizer:
    """spaCy tokenizer: underthesea words aligned to exact offsets."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc
        from spacy.util import get_words_and_spaces

        spans = align(text, _segments(text)) if text.strip() else []
        words, spaces = get_words_and_spaces([text[a:b] for a, b in spans], text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token in doc:
            if " " in token.text or "\n" in token.text or "\t" in token.text:
                token.norm_ = " ".join(token.text.split()).lower()
        return doc


def nlp():
    """The shared spaCy `Language` (loaded on first use)."""
    return _pipeline()


@lru_cache(maxsize=512)
def vi_doc(text: str):
    """A spaCy Doc of `text` with word tokens; `doc.text == text`. Cached per text."""
    return _pipeline()(text)


def match_spans(text: str, start: int, end: int, matcher) -> list[tuple[str, int, int]]:
    """Run a spaCy Matcher / PhraseMatcher over text[start:end].

    Returns (label, char start, char end) with offsets into `text` (e.g. Document.text),
    in text order.
    """
    doc = vi_doc(text[start:end])
    found = []
    for match_id, a, b in matcher(doc):
        span = doc[a:b]
        found.append((doc.vocab.strings[match_id], start + span.start_char, start + span.end_char))
    return sorted(found, key=lambda x: (x[1], -x[2]))


def words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every word of `text`, white space inside a word folded."""
    return [
        (" ".join(t.text.split()), t.idx, t.idx + len(t.text))
        for t in vi_doc(text)
        if not t.is_space
    ]
