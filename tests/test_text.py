"""Tone-mark placement variants compare equal and keep offsets."""

import unicodedata

import pytest

from schemas.text import canonical, fold, loose_key, nfc


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoá", "hóa"), ("thuỷ", "thủy"), ("Uỷ ban", "Ủy ban"), ("khoẻ", "khỏe"), ("HOÀ", "HÒA")],
)
def test_tone_variants_become_one_form(old: str, new: str) -> None:
    assert canonical(old) == new
    assert fold(old) == fold(new)


@pytest.mark.parametrize("word", ["quý", "hoàn", "thuyền", "của", "toán", "Quỳnh"])
def test_words_without_variants_are_unchanged(word: str) -> None:
    assert canonical(word) == word


def test_canonical_keeps_length_of_nfc() -> None:
    text = unicodedata.normalize("NFD", "Hoà giải; thuỷ lợi; Uỷ ban nhân dân")
    assert len(canonical(text)) == len(nfc(text))


def test_loose_key_ignores_marks_case_and_punctuation() -> None:
    assert loose_key("Quản lý: Giá công sản") == loose_key("quan ly gia cong san")
