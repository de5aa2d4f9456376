"""The vocabulary of the genre, loaded from the data files in `extractors/vocab/`.

Words that name what a figure counts (`hồ sơ`, `thủ tục`), its status (`trễ hạn`,
`đang giải quyết`), channel, timing, kind and unit live in TOML files, not in code; a new
wording is a line of data. Phrases are matched over the text's pieces (syllables and single
punctuation marks) compared without case or tone marks, so `trực tuyển` (a slip) and a
phrase wrapped over two lines are found, and the segmenter's grouping of syllables into
words never hides a phrase. At each place the longest phrase wins and hides the shorter
ones inside it (`trước và đúng hạn` is not also `đúng hạn`; `Bộ phận tiếp nhận và trả kết
quả` is a name, not two verbs).

`VERSION` is a hash of the vocabulary files: a fact records it, so a change of wording data
is a new extraction version.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from schemas.text import strip_marks

VOCAB_DIR = Path(__file__).parent / "vocab"
_PIECE = regex.compile(r"[\p{L}\p{N}]+(?:/[\p{L}]+)*|[^\s\p{L}\p{N}]")


def fold(text: str) -> str:
    """Lower case without marks, `đ` as `d`: how pieces compare."""
    return _fold_short(text) if len(text) <= 32 else _fold(text)


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    return _fold(text)  # a syllable recurs often


def _fold(text: str) -> str:
    return strip_marks(text).casefold().replace("đ", "d")


@dataclass(frozen=True, slots=True)
class Piece:
    """A syllable or punctuation mark of the text, folded, with its offsets."""

    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Term:
    """A vocabulary phrase found in the text: its labels and where it is written."""

    labels: frozenset[str]
    start: int
    end: int
    first: int  # index of its first piece
    last: int  # index after its last piece


def pieces(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """The pieces of text[start:end], offsets into `text`."""
    stop = len(text) if end is None else end
    return [Piece(fold(m.group(0)), m.start(), m.end()) for m in _PIECE.finditer(text, start, stop)]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(fold(m.group(0)) for m in _PIECE.finditer(phrase))


@cache
def load(name: str) -> dict:
    """One vocabulary file, parsed (`concepts`, `units`, `decisions`, ...)."""
    with open(VOCAB_DIR / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], frozenset[str]], int]:
    """Every phrase of concepts.toml and units.toml -> its labels; and the longest phrase."""
    found: dict[tuple[str, ...], set[str]] = {}
    for label, phrases in load("concepts").items():
        for phrase in phrases:
            found.setdefault(_phrase_key(phrase), set()).add(label)
    for unit, spec in load("units").items():
        for phrase in spec["words"]:
            found.setdefault(_phrase_key(phrase), set()).add(f"unit:{unit}")
    table = {k: frozenset(v) for k, v in found.items() if k}
    return table, max(len(k) for k in table)


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[tuple[str, ...]]:
    """Every start of a phrase of `_table` (the phrase itself included)."""
    return frozenset(k[:n] for k in _table()[0] for n in range(1, len(k) + 1))


def terms(ps: list[Piece]) -> list[Term]:
    """Vocabulary phrases over a run of pieces: the longest phrase at each piece, less any
    phrase inside a longer one (`đã tiếp nhận` and `tiếp nhận và giải quyết` overlap and
    both stand; `đúng hạn` inside `trước và đúng hạn` does not)."""
    table, longest = _table()
    prefixes = _prefixes()
    keys = [p.key for p in ps]
    found: list[Term] = []
    n = len(ps)
    for i in range(n):
        best = None  # the longest phrase starting here: grown while it is a phrase's start
        for j in range(i + 1, min(n, i + longest) + 1):
            key = tuple(keys[i:j])
            if key not in prefixes:
                break
            if key in table:
                best = j
        if best is not None:
            found.append(Term(table[tuple(keys[i:best])], ps[i].start, ps[best - 1].end, i, best))
    kept: list[Term] = []
    reach = -1  # the furthest piece a kept term covers
    for t in found:
        if t.last <= reach:
            continue  # inside the longer term that starts before it
        kept.append(t)
        reach = max(reach, t.last)
    return kept


def unit_at(ps: list[Piece]) -> tuple[str, int] | None:
    """The longest unit phrase the pieces begin with: (unit, number of pieces), even where a
    longer concept phrase holds it (`hồ sơ, kết quả giải quyết`)."""
    table, longest = _table()
    for j in range(min(len(ps), longest), 0, -1):
        labels = table.get(tuple(p.key for p in ps[:j]))
        units = sorted(label[5:] for label in labels or () if label.startswith("unit:"))
        if units:
            return units[0], j
    return None


def unit_kind(unit: str | None) -> str | None:
    """What a unit's figure is: `count`, `rate`, `area`, or `not_figure` (money, time)."""
    if unit is None:
        return None
    return load("units")[unit].get("kind", "count")


@lru_cache(maxsize=1)
def version() -> str:
    """A short hash of every vocabulary file: changes whenever the wording data changes."""
    h = hashlib.sha256()
    for path in sorted(VOCAB_DIR.glob("*.toml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def extraction_version() -> str:
    """A short hash of the extraction layer's code and its vocabulary files: any change of a
    rule or of wording data is a new version, recorded with every run."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted([*root.glob("*.py"), *VOCAB_DIR.glob("*.toml")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]
