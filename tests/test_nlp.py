"""Word tokens carry exact offsets into the text they came from, whatever the segmenter
did to the characters, so spaCy patterns over words give spans an auditor can find."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher, PhraseMatcher

from extractors.nlp import align, match_spans, nlp, vi_doc, words
from schemas.text import canonical

SENTENCES = [
    "Số TTHC thuộc phạm vi giải quyết của UBND thị trấn gồm 103 thủ tục thuộc 30 lĩnh vực.",
    "Hồ sơ giải quyết trước hạn: 134 hồ sơ; hiện đại hoá nền hành chính.",
    "Tổng số cán bộ, công chức xã là 18 người.\nTrong đó cán bộ 11 người, công chức 07 người.",
    "Trình độ chuyên môn có: 01 đ/c cao học,  16  đ/c Đại học; 01 đ/c Trung cấp.",
    "Ð/c Phó Chủ tịch UBND phường phụ trách bộ phận một cửa, thủ\ntục hành chính.",
    "Có 62 TTHC được cung cấp dịch vụ công mức độ 3; 2.231 hồ sơ, đạt 98,8%.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_doc_text_is_the_input_and_every_token_points_into_it(text: str) -> None:
    doc = vi_doc(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    covered = "".join(t.text for t in doc if not t.is_space)
    assert covered.replace(" ", "").replace("\n", "") == "".join(text.split())


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("gồm 103 thủ tục thuộc 30 lĩnh vực", "thủ tục"),
        ("gồm 103 thủ tục thuộc 30 lĩnh vực", "lĩnh vực"),
        ("Hồ sơ giải quyết trước hạn: 134 hồ sơ", "trước hạn"),
        ("Số hồ sơ giải quyết đúng hạn là 15 hồ sơ", "hồ sơ"),
        ("Bộ phận một cửa thị trấn gồm 06 cán bộ, công chức", "cán bộ"),
        ("cán bộ không chuyên trách của thôn", "không chuyên trách"),
    ],
)
def test_multi_syllable_words_are_one_token(text: str, word: str) -> None:
    assert word in [w for w, _, _ in words(text)]


def test_a_figure_is_never_glued_to_its_noun() -> None:
    tokens = [w for w, _, _ in words("giải quyết trước hạn 2.231 hồ sơ")]
    assert "2.231" in tokens and "hồ sơ" in tokens


@pytest.mark.parametrize("spelling", ["hoá", "hóa"])
def test_old_and_new_tone_placement_keep_the_source_characters(spelling: str) -> None:
    text = f"hiện đại {spelling} nền hành chính"
    doc = vi_doc(text)
    assert doc.text == text
    assert any(spelling in t.text for t in doc)


def test_alignment_survives_rewritten_characters() -> None:
    text = "Ð/c  Nguyễn   Văn A hiện đại hoá"
    spans = align(text, ["Đ", "/", "c", "Nguyễn Văn A", "hiện đại hóa"])
    assert [text[a:b] for a, b in spans] == ["Ð", "/", "c", "Nguyễn   Văn A", "hiện đại hoá"]


def test_alignment_keeps_text_the_segmenter_dropped_as_tokens() -> None:
    text = "gồm 103 ★ thủ tục"
    spans = align(text, ["gồm", "103", "thủ tục"])
    assert [text[a:b] for a, b in spans] == ["gồm", "103", "★", "thủ tục"]


def test_norm_folds_white_space_inside_a_word() -> None:
    doc = vi_doc("103 thủ\ntục")
    assert [t.norm_ for t in doc if not t.is_space][-1] == "thủ tục"


def test_nam_is_not_a_figure() -> None:
    doc = vi_doc("trong năm 2021 là 10 người")
    figures = [t.text for t in doc if t._.is_figure]
    assert figures == ["2021", "10"]
    assert [t._.vi_num for t in doc if t._.is_figure] == [2021, 10]


def test_matcher_offsets_point_into_the_document_text() -> None:
    matcher = Matcher(nlp().vocab)
    matcher.add("COUNT", [[{"_": {"is_figure": True}}, {"NORM": {"IN": ["thủ tục", "tthc"]}}]])
    text = canonical("I. Kết quả\nSố TTHC thuộc thẩm quyền gồm 103 thủ\ntục thuộc 30 lĩnh vực.")
    start = text.index("Số")
    found = match_spans(text, start, len(text), matcher)
    assert [(label, text[a:b]) for label, a, b in found] == [("COUNT", "103 thủ\ntục")]


def test_phrase_matcher_on_norms() -> None:
    matcher = PhraseMatcher(nlp().vocab, attr="NORM")
    matcher.add("EARLY", [nlp().make_doc("trước hạn")])
    text = "Số hồ sơ giải quyết trước hạn là 920 hồ sơ"
    found = match_spans(text, 0, len(text), matcher)
    assert [text[a:b] for _, a, b in found] == ["trước hạn"]
