"""Vietnamese text conventions every layer shares.

Reports arrive with two tone-mark placements (`hoá`/`hóa`, `thuỷ`/`thủy`, `uỷ`/`ủy`) and in
composed or decomposed Unicode. Everything the project compares or stores goes through
`canonical()`, which keeps the length of an NFC string, so offsets survive it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone marks as combining characters (NFD).
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"\w+", re.UNICODE)
# Syllables whose old-style spelling puts the tone on the second vowel: `hoá`, `khoẻ`, `thuỷ`.
_OLD_STYLE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def nfc(text: str) -> str:
    """Unicode NFC, the form every stored text is in."""
    return unicodedata.normalize("NFC", text)


def _split_tone(char: str) -> tuple[str, str]:
    """Split one NFC letter into (letter without tone, tone mark or '')."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in _TONES)
    rest = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", rest), tone


def _with_tone(char: str, tone: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", char) + tone)


def _canonical_word(word: str) -> str:
    if len(word) < 2:
        return word
    first, second = word[-2], word[-1]
    base_first, tone_first = _split_tone(first)
    base_second, tone_second = _split_tone(second)
    if tone_first or not tone_second:
        return word
    pair = (
        unicodedata.normalize("NFD", base_first)[0].lower(),
        unicodedata.normalize("NFD", base_second)[0].lower(),
    )
    plain = base_first.lower() == pair[0] and base_second.lower() == pair[1]
    if pair not in _OLD_STYLE_PAIRS or not plain:
        return word
    if pair == ("u", "y") and len(word) >= 3 and word[-3].lower() == "q":
        return word  # `quý`: the u belongs to the consonant
    return word[:-2] + _with_tone(first, tone_second) + base_second


def canonical(text: str) -> str:
    """NFC with one tone-mark placement (the modern one: `hóa`, `thủy`, `ủy`).

    The result has the same length as `nfc(text)`, so offsets computed on either agree.
    """
    composed = nfc(text)
    return _WORD.sub(lambda m: _canonical_word(m.group(0)), composed)


def fold(text: str) -> str:
    """Key for equality: canonical tone placement, case-folded, white space collapsed."""
    return " ".join(canonical(text).casefold().split())


class _Unmarked(dict):
    """Code point -> the character without its marks, filled on first sight.

    Decomposition works character by character and reordering moves only the combining
    marks that are dropped, so stripping each character alone gives the same text.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch == "đ":
            out = "d"
        elif ch == "Đ":
            out = "D"
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            out = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = out
        return out


_UNMARKED = _Unmarked()


def strip_marks(text: str) -> str:
    """Remove every diacritic (`Hộ tịch` -> `Ho tich`, `đ` -> `d`) for tolerant matching."""
    return text.translate(_UNMARKED)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character without marks or case (`Ộ` -> `o`, `đ` -> `d`), white space as a space.
    Always one character, so text folded this way keeps its offsets."""
    if ch.isspace():
        return " "
    s = strip_marks(ch).casefold()
    return s if len(s) == 1 else ch.lower()[:1] or " "


def same_length_loose(text: str) -> str:
    """Text without marks or case, one character per character, so offsets carry over."""
    return "".join(fold_char(c) for c in text)


def loose_key(text: str) -> str:
    """Key for tolerant matching of names (fields, units): no marks, no case, no punctuation."""
    return " ".join(re.findall(r"\w+", strip_marks(text).casefold()))


def fold_spaces(text: str) -> str:
    """Collapse every run of white space to one space (how quotes are compared)."""
    return " ".join(text.split())
