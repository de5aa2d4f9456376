"""The figure grammar: what each figure of a sentence counts, read from the words around it.

A figure's own words are its label — the phrase before it, back to the previous figure's
words or a clause break (`;`, `, `, `(`), and after a `:` the part that names something
(`LABEL là / đạt / : N`) — and its tail, the phrase right after its unit up to a
connector (`N hồ sơ được tiếp nhận`, `N bộ trả muộn`). Around them stands the clause
structure: a figure in parentheses or after `trong đó` / `gồm` is a part of the figure it
follows (its parent); a lead-in ending in `:` gives its words to the items under it when
their own name no status; a rate whose label says only `đạt` / `chiếm` measures the count
before it; a figure whose own words say nothing takes the words of the clause after its
parentheses (`Có 90 hồ sơ (chiếm 2,16%), các cơ quan ... trả lại`).

Connectors and markers are data (`vocab/grammar.toml`); this module holds the mechanism.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from extractors import vocabulary
from extractors.mentions import Mention, mentions
from extractors.words import (
    Words,
    canonical_key,
    concepts,
    ends_with,
    first_phrase,
    has_phrase,
    has_phrase_start,
    is_term_start,
    phrase_keys,
    phrase_spans,
    piece_index,
    term_cover,
    words,
)
from schemas import Document


@dataclass(slots=True)
class Figure:
    """One figure of a sentence as the grammar reads it."""

    mention: Mention
    label_start: int
    tail_end: int
    own: frozenset[str]  # concept labels of its label and tail
    unit: str | None  # its unit, or the one it takes from its sentence
    parent: int | None = None  # index of the figure it is a part of, in its sentence
    in_parentheses: bool = False
    lead: frozenset[str] = frozenset()  # concepts of the lead-in it sits under
    label_text: str = ""
    pair: int | None = None  # the count written in a pair with it (`N lĩnh vực với M thủ tục`)


@lru_cache(maxsize=1)
def _grammar() -> dict:
    return vocabulary.load("grammar")


def _object_unit(own: frozenset[str]) -> str | None:
    """The unit a label's own words imply when no unit is written after the figure."""
    for label, unit in _grammar()["object_units"].items():
        if label in own:
            return unit
    return None


def read_sentence(
    doc: Document, start: int, end: int, context: list[Figure] | None = None
) -> list[Figure]:
    """Every figure of text[start:end] with its label, tail, unit and parent; `context` is
    the figures of the sentence before it in its paragraph (a weak unit's `đơn` counts
    feedback after a sentence that counted feedback)."""
    text = doc.text
    w = words(doc)
    figs = [m for m in mentions(doc) if start <= m.start < end and m.is_figure]
    out: list[Figure] = []
    depth_at = _depths(text, start, end)
    first_colon = _first_colon(text, start, end)
    for i, m in enumerate(figs):
        prev = out[-1] if out else None
        a = start if prev is None else max(start, prev.tail_end)
        if prev is not None and prev.unit not in _grammar()["measured_units"]:
            a = max(start, prev.mention.unit_end or prev.mention.end)
        if regex.fullmatch(r"\s*:\s*", text[max(a, text.rfind(":", a, m.start)) : m.start] or "x"):
            cut = _last_hard_break(text, a, m.start)  # `LABEL, with commas: N`
        else:
            cut = _last_break(text, a, m.start, term_cover(w, a, m.start))
        if m.unit == "percent":
            cut = min(cut, _rate_head(text, a, m.start, cut))
        a = max(a, cut)
        label_a = _named_part(w, text, a, m.start)
        after = m.unit_end if m.unit_end is not None else m.end
        nxt = figs[i + 1].start if i + 1 < len(figs) else end
        tail_end = _tail_end(w, text, after, min(nxt, end))
        own = concepts(w, label_a, m.start)
        if not (m.unit == "percent" and _opens_with(text, after, tail_end, "denominator_tails")):
            own = own | concepts(w, m.end, tail_end)  # not `68,2% tổng số hồ sơ tiếp nhận`
        in_par = depth_at(m.start) > 0
        f = Figure(m, label_a, tail_end, own, m.unit, in_parentheses=in_par)
        f.label_text = " ".join(text[label_a : m.start].split())
        f.parent = _parent(text, out, figs, i, a, in_par, depth_at)
        if first_colon is not None and m.start > first_colon:
            f.lead = concepts(w, start, first_colon)
        out.append(f)
    _units(out, w, start, end, context or [])
    _pairs(out, text)
    _clause_after(out, w, text, end)
    _clause_before(out, w, text, start, end)
    _markers(out, w, text)
    inherited = frozenset(_grammar()["inherited_from_parent"])
    for k, f in enumerate(out):
        if f.parent is not None:
            f.own = f.own | (out[f.parent].own & inherited)
        _ellipsis(out, k)
    return out


def _opens_with(text: str, a: int, b: int, name: str) -> bool:
    """Whether text[a:b] opens with a phrase of list `name` of grammar.toml."""
    found = phrase_spans(text, name, a, b)
    return bool(found) and not text[a : found[0][0]].strip()


def _pairs(out: list[Figure], text: str) -> None:
    """Two counts of paired units with only joining words between them (`33 lĩnh vực với
    135 thủ tục`) name one set: each takes the other's words, and the pair's label."""
    pairs = {frozenset(p) for p in _grammar()["paired_units"]}
    joiners = phrase_keys("pair_joiners")
    for k in range(1, len(out)):
        prev, f = out[k - 1], out[k]
        if (
            frozenset((prev.unit, f.unit)) not in pairs
            or prev.unit == f.unit
            or prev.pair is not None
        ):
            continue
        between = vocabulary.pieces(
            text, prev.mention.unit_end or prev.mention.end, f.mention.start
        )
        if _only(between, joiners):
            shared = prev.own | f.own | {"FIELD_PAIR"}
            prev.own, f.own = shared, shared
            prev.pair, f.pair = k, k - 1


def _only(ps: list, keys: frozenset[tuple[str, ...]]) -> bool:
    """Whether the pieces are a run of the phrases `keys`, and nothing else."""
    i = 0
    while i < len(ps):
        n = next((n for n in (3, 2, 1) if tuple(p.key for p in ps[i : i + n]) in keys), 0)
        if not n:
            return False
        i += n
    return True


def _ellipsis(out: list[Figure], k: int) -> None:
    """A figure whose own words name nothing takes the words of the figure it repeats: a
    count in a rate's parentheses takes the rate's (`trễ hạn 1,5% (12 hồ sơ ...)`), a
    part the whole's (`đạt 61,2% (cấp huyện 55,1%, ...)`), a sibling of the same unit the
    sibling's (`đúng hạn năm 2023 đạt 97%, năm 2024 đạt 99%`)."""
    f = out[k]
    status = frozenset(_grammar()["status_concepts"])
    objects = frozenset(_grammar()["object_concepts"])
    parent = out[f.parent] if f.parent is not None else None
    before = out[k - 1] if k else None
    if before is not None and before.unit == f.unit and not f.own & objects:
        f.own = f.own | (before.own & objects)  # `trực tuyến một phần đạt 30%`: of dossiers too
    elif before is not None and f.unit == "percent" and f.own & status and not f.own & objects:
        # `tiếp nhận 45.000 hồ sơ, giải quyết đúng hạn đạt 99,2%`: a rate of dossiers
        f.own = f.own | (before.own & objects)
    if parent is not None and parent.unit == "percent" and f.unit != "percent" and f.in_parentheses:
        f.own = f.own | (parent.own - {"RATE", "SHARE"})  # the count the rate is a share of
        return
    if f.own & status:
        return
    if f.own - _grammar_weak() - objects:
        return  # its own words name something
    if parent is not None and parent.unit == f.unit:
        f.own = f.own | parent.own
    elif k and out[k - 1].unit == f.unit and f.unit is not None and f.parent == out[k - 1].parent:
        f.own = f.own | out[k - 1].own


def _markers(out: list[Figure], w: Words, text: str) -> None:
    """Words right before a figure that make it a difference, an average or a denominator
    (`tăng 41 hồ sơ`, `trung bình mỗi tháng`, `trên tổng số 18.114 hồ sơ`), a count of
    procedures in parentheses after a share of them (`100% TTHC (96 thủ tục)`), and words right
    after a count that name a kind of dossier (`45 hồ sơ đăng ký khai sinh`)."""
    for f in out:
        if f.mention.over is not None:
            f.own = f.own | {"RATIO_PART"}  # `9.548/9.976 biên chế`: the part of a whole
        whole = out[f.parent] if f.parent is not None else None
        if f.unit == "procedure" and f.in_parentheses and whole and whole.unit == "percent":
            f.own = f.own | {"SET_SHARE"}  # `100% TTHC (96 thủ tục)`: the count of that share
        before = text[max(0, f.mention.start - 40) : f.mention.start]  # across the label
        for name, label in (("delta_words", "DELTA"), ("denominator_words", "DENOMINATOR")):
            if label == "DENOMINATOR" and f.pair is not None:
                continue  # `112 thủ tục/26 lĩnh vực`: a pair, not a share of a whole
            if ends_with(before, name):
                f.own = f.own | {label}
        if f.unit in ("dossier", "case") and f.mention.unit_end is not None:
            first = vocabulary.pieces(text, f.mention.unit_end, f.tail_end)
            if first and regex.match(r"\p{L}", first[0].key) and not is_term_start(w, first[0]):
                if canonical_key(text, first[0]) not in _whole_tail():
                    f.own = f.own | {"KIND"}


@cache
def _whole_tail() -> frozenset[str]:
    return frozenset(x.casefold() for x in _grammar()["whole_tail_words"])


def _rate_head(text: str, a: int, b: int, cut: int) -> int:
    """Where the `tỷ lệ` opening a rate's label stands, when a list's commas come after it."""
    head = has_phrase_start(text[a:cut], "rate_heads")
    if head is None or ";" in text[a + head : cut]:
        return cut
    return a + head


def _depths(text: str, start: int, end: int):
    """A function giving the parenthesis depth at any offset of the sentence."""
    opens = []
    depth = 0
    marks: list[tuple[int, int]] = []
    for k in range(start, end):
        ch = text[k]
        if ch == "(":
            depth += 1
            opens.append(k)
            marks.append((k, depth))
        elif ch == ")" and depth:
            depth -= 1
            marks.append((k, depth))

    def at(pos: int) -> int:
        d = 0
        for k, dd in marks:
            if k >= pos:
                break
            d = dd
        return d

    return at


def _first_colon(text: str, start: int, end: int) -> int | None:
    k = text.find(":", start, end)
    return k if k >= 0 else None


def _last_break(text: str, a: int, b: int, inside) -> int:
    """After the last clause break in text[a:b]: `;`, `(`, `)`, or `, ` (not `98,8`, nor
    the comma of a phrase such as `tiếp nhận, giải quyết`)."""
    best = a
    for k in range(b - 1, a - 1, -1):
        ch = text[k]
        if inside(k):
            continue
        if ch in ";()" or (ch == "," and k + 1 < len(text) and text[k + 1].isspace()):
            best = k + 1
            break
    return best


def _last_hard_break(text: str, a: int, b: int) -> int:
    """After the last `;` or parenthesis in text[a:b], before the colon that ends a label."""
    colon = text.rfind(":", a, b)
    k = max(text.rfind(ch, a, colon) for ch in ";()")
    return k + 1 if k >= 0 else a


def _named_part(w: Words, text: str, a: int, b: int) -> int:
    """After a `:` inside the label, the part that still names something is the label."""
    k = text.rfind(":", a, b)
    while k >= 0:
        if concepts(w, k + 1, b) - _grammar_weak():
            return k + 1
        k = text.rfind(":", a, k)
    return a


@lru_cache(maxsize=1)
def _grammar_weak() -> frozenset[str]:
    return frozenset(_grammar()["weak_concepts"])


def _tail_end(w: Words, text: str, a: int, limit: int) -> int:
    """Where the phrase after a figure's unit ends: a break, a connector or the next figure."""
    stops = phrase_keys("connectors")
    ps = [p for p in w.pieces[piece_index(w, a) :] if p.start < limit]
    inside = term_cover(w, a, limit)
    for i, p in enumerate(ps):
        if p.key in {",", ".", ":"} and text[p.end : p.end + 1].isdigit():
            continue  # `3,4`, `1.245`: inside a number, not a break
        if p.key in {",", ";", ".", ":", "(", ")"} and not inside(p.start):
            return p.start
        for n in (3, 2, 1):
            if tuple(q.key for q in ps[i : i + n]) in stops and not inside(p.start):
                return p.start
    return limit if not ps else min(limit, ps[-1].end)


def _parent(
    text: str, out: list[Figure], figs: list[Mention], i: int, a: int, in_par: bool, depth_at
) -> int | None:
    """The figure this one is a part of: before its parentheses, or before `trong đó`."""
    if not out:
        return None
    m = figs[i]
    if in_par:
        opening = text.rfind("(", 0, m.start)
        for j in range(len(out) - 1, -1, -1):
            if out[j].mention.end <= opening and depth_at(out[j].mention.start) < depth_at(m.start):
                return j
        return None
    between = text[out[-1].mention.end : m.start]
    if has_phrase(between, "part_markers") is not None:
        return len(out) - 1
    prev = out[-1]
    if prev.parent is not None and not prev.in_parentheses:
        return prev.parent
    return None


def _units(out: list[Figure], w: Words, start: int, end: int, context: list[Figure]) -> None:
    """A figure without a unit takes one from its own words, then from the figure before."""
    sentence_has = concepts(w, start, end)
    weak = _grammar()["weak_units"]
    for k, f in enumerate(out):
        if f.unit in weak:
            implied = weak[f.unit]
            near = any(g.unit == implied for g in [*context, *out[:k]])
            near = near or _object_unit(sentence_has) == implied
            f.unit = implied if near else "other"
        if f.unit is None:
            f.unit = _object_unit(f.own) or _object_unit(f.lead)
        if f.unit is None and k and out[k - 1].unit in _grammar()["counted_units"]:
            f.unit = out[k - 1].unit


def _clause_after(out: list[Figure], w: Words, text: str, end: int) -> None:
    """A figure whose words name no status takes those of the clause after its parentheses."""
    status = frozenset(_grammar()["status_concepts"])
    for k, f in enumerate(out):
        if f.own & status or f.in_parentheses:
            continue
        after = f.tail_end
        if after >= end or text[after] != "(":
            continue
        close = text.find(")", after, end)
        if close < 0:
            continue
        nxt = next((g.mention.start for g in out[k + 1 :] if g.mention.start > close), end)
        stop = (
            _tail_end(w, text, close + 1, nxt) if text[close + 1 : close + 3].strip(" ,") else nxt
        )
        stop = max(stop, _clause_end(text, close + 1, nxt))
        f.own = f.own | concepts(w, close + 1, stop)


def _clause_before(out: list[Figure], w: Words, text: str, start: int, end: int) -> None:
    """A figure alone in parentheses takes the words of the clause they follow (`trả kết
    quả trước và đúng hẹn (đạt khoảng 99,9%)`); after `so với <period> (...)` the clause
    before names only the period, and the words are those of the clause after the
    parentheses, up to the difference (`So với quý I/2025 (1.240 hồ sơ), số hồ sơ mới tiếp
    nhận tăng 95 hồ sơ`)."""
    status = frozenset(_grammar()["status_concepts"])
    for k, f in enumerate(out):
        if not f.in_parentheses or f.parent is not None:
            continue
        opening = text.rfind("(", start, f.mention.start)
        if opening < 0:
            continue
        cut = max(text.rfind(ch, start, opening) for ch in ";()")
        a = cut + 1 if cut >= 0 else start
        if has_phrase(text[a:opening], "comparison_words") is None:
            f.own = f.own | concepts(w, a, opening)
            continue
        if f.own & status:
            continue
        close = text.find(")", f.mention.end, end)
        if close < 0:
            continue
        nxt = next((g.mention.start for g in out[k + 1 :] if g.mention.start > close), end)
        stop = min(nxt, _clause_end(text, close + 1, nxt))
        delta = first_phrase(text, close + 1, stop, "delta_words")
        f.own = f.own | concepts(w, close + 1, delta if delta is not None else stop)


def _clause_end(text: str, a: int, b: int) -> int:
    k = text.find(";", a, b)
    return k if k >= 0 else b
