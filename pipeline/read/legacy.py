"""Text typed in the pre-Unicode Vietnamese encodings, TCVN3 (ABC: `.VnTime`, `.VnArial`,
and their capitals-only `...H` fonts) and VNI (`VNI-Times`, ...), turned into Unicode.

Older reports read back as `Céng hßa x· héi` (TCVN3) or `Coäng hoøa xaõ hoäi` (VNI): the
font drew Vietnamese letters in the slots of Latin-1 ones. The conversion tables are
viparse's (checked against real government documents), with the gaps it documents
filled here: `ẳ`/`Ẳ` in VNI, and the capitals of a `.VnTimeH`-style font, which TCVN3 has
no codes for (the font draws lower-case codes as capitals). Which text is legacy is told
by its font (PDF characters, DOCX runs) or, for plain text and for a PDF or DOCX whose
fonts say nothing, by viparse's content test.

Every converted character keeps the origin of the first source character it came from
(VNI writes `á` as `a` + a mark: two source characters, one letter), so the source map
stays exact.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TypeVar

from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.encodings import get_charmap
from viparse.normalize.tables import _restore_substituted_glyphs

T = TypeVar("T")

TCVN3, VNI = "tcvn3", "vni"
# Gaps in viparse's tables (its documentation names them): VNI writes ă-with-hook as
# `a` + `ú` (0xFA), as its other ă letters are `a` + ê/é/è/ü/ë.
_EXTRA = {VNI: [("aú", "ẳ"), ("AÚ", "Ẳ")], TCVN3: []}
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """The legacy encoding a font name implies (or None), and whether it is a
    capitals-only TCVN3 font (`.VnTimeH`, `.VnArialH`, `.VnBlackH`)."""
    if not font:
        return None, False
    name = re.sub(
        r"[-,](bold|italic|bolditalic|regular)$", "", _SUBSET.sub("", font.strip()), flags=re.I
    )
    key = name.upper().replace(" ", "")
    if key.startswith("VNI"):
        return VNI, False
    if key.startswith((".VN", "VN")):  # `.VnTime`, and `VnTime` where a PDF drops the dot
        return TCVN3, key.endswith("H")
    return None, False


def already_unicode(text: str) -> bool:
    """Whether text holds letters no legacy font can give (`ơ`, `ư`, `đ`, `ạ`, ...): a
    Word style or a PDF font still named `.VnTime` after its text was converted."""
    return any("\u0100" <= c <= "\u1eff" for c in text)


@functools.cache
def _pairs(encoding: str) -> dict[str, list[tuple[str, str]]]:
    """Legacy sequence -> Unicode letter, grouped by first character, longest first."""
    charmap = get_charmap(encoding)
    pairs = sorted([*charmap.pairs, *_EXTRA[encoding]], key=lambda p: -len(p[0]))
    grouped: dict[str, list[tuple[str, str]]] = {}
    for legacy, letter in pairs:
        grouped.setdefault(legacy[0], []).append((legacy, letter))
    return grouped


def convert(
    text: str, origins: Sequence[T], encoding: str, capitals: bool = False
) -> tuple[str, list[T]]:
    """`text` in Unicode, each letter with the origin of its first source character.
    `capitals`: the text was set in a capitals-only font, so it is shown in capitals."""
    text = _restore_substituted_glyphs(text)  # PDF glyphs for ư and ã (same length)
    index = _pairs(encoding)
    out: list[str] = []
    kept: list[T] = []
    i = 0
    while i < len(text):
        for legacy, letter in index.get(text[i], ()):
            if text.startswith(legacy, i):
                out.append(letter.upper() if capitals else letter)
                kept.append(origins[i])
                i += len(legacy)
                break
        else:
            out.append(text[i].upper() if capitals else text[i])
            kept.append(origins[i])
            i += 1
    result = "".join(out)
    if len(result) != len(kept):  # an upper-case form longer than one character
        result = "".join(c if len(c) == 1 else c[0] for c in out)
    return result, kept


NAMES = {TCVN3: "TCVN3 (ABC, .VnTime fonts)", VNI: "VNI (VNI-Times fonts)"}


def note(encoding: str) -> str:
    """What a document typed in a legacy encoding carries, so a reader knows."""
    return f"typed in {NAMES[encoding]}: converted to Unicode"


def convert_items(items: list, encoding: str) -> None:
    """Lines and table cells of a reader's output converted in place."""
    for item in items:
        if hasattr(item, "rows"):
            for row in item.rows:
                for cell in row:
                    cell.text, cell.origins = convert(cell.text, cell.origins, encoding)
        else:
            item.text, item.origins = convert(item.text, item.origins, encoding)


def unicode_chars(chars: list[dict], seen: set[str]) -> list[dict]:
    """A PDF page's characters (pdfplumber) with those in a TCVN3 or VNI font converted:
    a VNI letter written as a base and a mark becomes one character whose box covers both.
    The encodings met are added to `seen`."""
    if not any(font_encoding(c.get("fontname"))[0] for c in chars):
        return chars
    out: list[dict] = []
    i = 0
    while i < len(chars):
        encoding, capitals = font_encoding(chars[i].get("fontname"))
        if encoding is None:
            out.append(chars[i])
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j].get("fontname") == chars[i].get("fontname"):
            j += 1
        run = chars[i:j]
        source = "".join(c["text"] for c in run)
        if already_unicode(source):
            out.extend(run)
            i = j
            continue
        owners = [k for k, c in enumerate(run) for _ in c["text"]]
        text, kept = convert(source, owners, encoding, capitals)
        seen.add(encoding)
        letters: dict[int, str] = {}
        for letter, k in zip(text, kept, strict=True):
            letters[k] = letters.get(k, "") + letter
        for k in sorted(letters):
            merged = run[k : (min((m for m in letters if m > k), default=len(run)))]
            c = dict(run[k], text=letters[k])
            c["x1"] = max(m["x1"] for m in merged)
            c["top"] = min(m["top"] for m in merged)
            c["bottom"] = max(m["bottom"] for m in merged)
            out.append(c)
        i = j
    return out


def text_encoding(text: str) -> str | None:
    """TCVN3 or VNI when plain text reads as Vietnamese only once converted from it."""
    if sum(1 for c in text if "\u00a0" <= c <= "\u00ff") < 5:
        return None  # too few Latin-1 letters to be legacy text (or to tell)
    candidates = {name: get_charmap(name) for name in (TCVN3, VNI)}
    verdict = detect_encoding_by_content(text[:20000], candidates)
    return verdict.encoding if verdict.encoding in (TCVN3, VNI) else None


def encode(text: str, encoding: str) -> str:
    """Unicode text in a legacy encoding's Latin-1 surface (the inverse of `convert`):
    what a TCVN3 or VNI font's text looks like read without the font. A capital with a
    tone mark, which TCVN3 cannot write, is written as its small letter. For tests and
    for making samples."""
    inverse: dict[str, str] = {}
    for group in _pairs(encoding).values():
        for legacy, letter in group:
            inverse.setdefault(letter, legacy)
    out = []
    for c in text:
        if c in inverse:
            out.append(inverse[c])
        elif c.lower() in inverse and c.lower() != c:
            out.append(inverse[c.lower()])
        else:
            out.append(c)
    return "".join(out)


def repair_by_content(raw) -> None:
    """A read PDF or Word file whose text reads as TCVN3 or VNI although no font said so
    (a PDF whose legacy font was embedded under another name) converted in place."""
    if any(error.startswith("typed in ") for error in raw.errors):
        return
    pieces = []
    for item in raw.items:
        if hasattr(item, "rows"):
            pieces.extend(cell.text for row in item.rows for cell in row)
        else:
            pieces.append(item.text)
    text = "\n".join(pieces)
    unicode_letters = sum(1 for c in text if "\u0100" <= c <= "\u1eff")
    latin1_letters = sum(1 for c in text if "\u00a0" <= c <= "\u00ff")
    if unicode_letters > 0.1 * latin1_letters:
        return  # Unicode Vietnamese: ơ, ư, đ, ạ ... which no legacy font gives
    encoding = text_encoding(text)
    if encoding:
        convert_items(raw.items, encoding)
        raw.errors.append(note(encoding))
