"""The words of a text as the figure grammar looks them up: the vocabulary terms of the
whole document (computed once and kept on it), the concept labels of a stretch, and where
the phrases of one list of `vocab/grammar.toml` stand.

`extractors.grammar` reads the clause structure with these; they hold no rule of their own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from extractors import vocabulary
from extractors.vocabulary import Piece, Term
from schemas import Document


@lru_cache(maxsize=1)
def _grammar() -> dict:
    return vocabulary.load("grammar")


@dataclass(frozen=True, slots=True)
class Words:
    """The document's pieces and vocabulary terms, computed once."""

    pieces: list[Piece]
    terms: list[Term]
    term_starts: list[int]


def words(doc: Document) -> Words:
    """The vocabulary terms of the whole text, a stage stored on the document."""
    found = doc.layers.get("words")
    if found is None:
        ps = vocabulary.pieces(doc.text)
        ts = vocabulary.terms(ps)
        found = Words(ps, ts, [t.start for t in ts])
        doc.layers["words"] = found
    return found


def concepts(w: Words, start: int, end: int) -> frozenset[str]:
    """Concept labels of the terms wholly inside text[start:end] (units left out)."""
    out: set[str] = set()
    for k in range(bisect_left(w.term_starts, start), len(w.terms)):
        t = w.terms[k]
        if t.start >= end:
            break
        if t.end <= end:
            out.update(label for label in t.labels if not label.startswith("unit:"))
    return frozenset(out)


@cache
def phrase_keys(name: str) -> frozenset[tuple[str, ...]]:
    """The phrases of list `name` of grammar.toml, as folded pieces."""
    return frozenset(tuple(p.key for p in vocabulary.pieces(x)) for x in _grammar()[name])


def phrase_spans(text: str, name: str, a: int = 0, b: int | None = None) -> list[tuple[int, int]]:
    """Where the phrases of list `name` of grammar.toml stand in text[a:b], in text order."""
    ps = vocabulary.pieces(text, a, len(text) if b is None else b)
    keys = phrase_keys(name)
    longest = max(len(k) for k in keys)
    found = []
    for i in range(len(ps)):
        for n in range(1, min(longest, len(ps) - i) + 1):
            if tuple(p.key for p in ps[i : i + n]) in keys:
                found.append((ps[i].start, ps[i + n - 1].end))
    return found


def has_phrase(text: str, name: str) -> int | None:
    """Where the last phrase of list `name` of grammar.toml ends in `text`, or None."""
    found = phrase_spans(text, name)
    return found[-1][1] if found else None


def has_phrase_start(text: str, name: str) -> int | None:
    """Where the last phrase of list `name` of grammar.toml starts in `text`, or None."""
    found = phrase_spans(text, name)
    return found[-1][0] if found else None


def first_phrase(text: str, a: int, b: int, name: str) -> int | None:
    """Where the first phrase of list `name` of grammar.toml starts in text[a:b]."""
    found = phrase_spans(text, name, a, b)
    return found[0][0] if found else None


def ends_with(text: str, name: str) -> bool:
    """Whether `text` ends with a phrase of list `name` of grammar.toml."""
    ps = vocabulary.pieces(text)
    keys = phrase_keys(name)
    return any(tuple(p.key for p in ps[-n:]) in keys for n in range(1, 4) if len(ps) >= n)


def is_term_start(w: Words, piece: Piece) -> bool:
    """Whether a vocabulary term begins at this piece."""
    k = bisect_left(w.term_starts, piece.start)
    return k < len(w.terms) and w.terms[k].start == piece.start


def canonical_key(text: str, piece: Piece) -> str:
    """The piece as written, case folded (marks kept)."""
    return text[piece.start : piece.end].casefold()


def piece_index(w: Words, at: int) -> int:
    """The index of the first piece starting at or after offset `at`."""
    lo, hi = 0, len(w.pieces)
    while lo < hi:
        mid = (lo + hi) // 2
        if w.pieces[mid].start < at:
            lo = mid + 1
        else:
            hi = mid
    return lo


def term_cover(w: Words, a: int, b: int) -> Callable[[int], bool]:
    """A function telling whether an offset lies inside a multi-piece vocabulary term."""
    spans = []
    for k in range(bisect_left(w.term_starts, a), len(w.terms)):
        t = w.terms[k]
        if t.start >= b:
            break
        if t.last - t.first > 1:
            spans.append((t.start, t.end))

    def inside(pos: int) -> bool:
        return any(x <= pos < y for x, y in spans)

    return inside
