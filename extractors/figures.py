"""The figure reader (`figure.v1`): every figure of the prose, read by one grammar and one
decision table, with its qualifiers attached in one step.

Each sentence's figures are read by `extractors.grammar` (label, tail, unit, the figure it
is a part of, the lead-in above it), classified by `extractors.classify` against
`vocab/decisions.toml`, and given their scope, period, year and level from the clause,
then the lead-in, then what the paragraph carries (`extractors.qualifiers`). Items of a
list under a lead-in that states a total (`Số hồ sơ đang giải quyết: 5 hồ sơ, trong đó:`)
are parts of that total. Sentences under a plan or a request (`Phương hướng ...`, `Đề nghị
...`) state no results.

Counts of procedures and their fields written as a pair share their words; a total one of
whose parts is the same total is a wider catalogue than the report's own, given the scope
of the authority named before it; a sentence that opens with `Trong đó` lists the parts of
the figure the sentence before ended on.

A figure may carry a second reading that the words after it state (`Đang giải quyết 76
hồ sơ, tất cả trong hạn`: pending, and all of them not yet due): those are the `[[also]]`
rows of the decision table.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import regex

from extractors import common, periods, vocabulary
from extractors.classify import decide
from extractors.dossier_read import list_marker, reading
from extractors.grammar import Figure, concepts, read_sentence, words
from extractors.mentions import mentions
from extractors.qualifiers import qualifiers
from extractors.scopes import RANK
from extractors.words import Words, phrase_spans
from schemas import Candidate, Document
from schemas.metrics import metric as metric_of

ID = "figure.v1"


@cache
def _grammar() -> dict:
    return vocabulary.load("grammar")


@cache
def _vetoes() -> frozenset[str]:
    """Rows whose abstention is a reading: no other rule may read that figure either."""
    return frozenset(r["id"] for r in vocabulary.load("decisions")["row"] if r.get("veto"))


class FigureReader:
    """Counts and rates of the prose, by the vocabulary and the decision table."""

    id = ID

    def __init__(self, families: tuple[str, ...] | None = None) -> None:
        self.families = families

    def extract(self, doc: Document) -> list[Candidate]:
        read = reading(doc)
        w = words(doc)
        out: list[Candidate] = []
        listed: tuple[str, str] | None = None  # (total's metric, marker) of a list's lead-in
        previous: tuple[int, list[Figure]] = (-1, [])  # the last sentence's paragraph, figures
        openings = _Openings(read.periods)
        continued: tuple[str, int] | None = None  # (total, end) a list may continue right after
        # (metric, paragraph, list marker, index) of the figure the last sentence ended on
        ended: tuple[str, int, str | None, int] | None = None
        item: tuple[int, str | None] = (-1, None)  # the list item a sentence stands in
        for k, r in enumerate(read.sentences):
            carried = openings.period(doc.text, r)
            marker = list_marker(r.span.text)
            if listed is not None and (marker is None or marker == listed[1]):
                listed = None  # the list under the lead-in has ended
            if r.plan or r.span.table is not None:
                continue
            context = previous[1] if previous[0] == r.paragraph else []
            figs = read_sentence(doc, r.span.start, r.span.end, context)
            follows, continued = _continues(doc.text, r, figs, continued), None
            if marker is not None or r.paragraph != item[0]:
                item = (r.paragraph, marker)
            opened = _opens_with_parts(doc.text, r, figs, ended, item[1], k)
            if opened is not None and marker is not None and listed is None and ended:
                listed = (opened[0], ended[2] or "")  # the items under it, to the list's end
            follows = follows or opened
            ended = None
            if not figs:
                continue
            previous = (r.paragraph, figs)
            lead = (
                concepts(w, r.lead_start, r.span.start) if r.lead_start is not None else frozenset()
            )
            before = read.sentences[k - 1].span if k else None
            last = concepts(w, before.start, before.end) if before is not None else frozenset()
            last = last | _heading(r.span.context)
            metrics: list[str | None] = []
            rows: list[str] = []
            nears = [last | concepts(w, r.span.start, f.mention.start) for f in figs]
            afters = [concepts(w, *_after(doc.text, figs, i, r.span.end)) for i in range(len(figs))]
            for i in range(len(figs)):
                metric, row = self._metric(
                    figs, metrics, i, lead, listed or follows, nears[i], afters[i]
                )
                metrics.append(metric)
                rows.append(row)
            for i, f in enumerate(figs):  # a pair's first count, once the second is read
                if f.pair is not None and f.pair > i:
                    metrics[i], rows[i] = self._metric(
                        figs, metrics, i, lead, listed or follows, nears[i], afters[i]
                    )
            made: list[list[Candidate]] = []
            for i, f in enumerate(figs):
                metric, row = metrics[i], rows[i]
                made.append([])
                if not metric and row in _vetoes():
                    doc.layers.setdefault("vetoes", []).append(
                        (f.mention.start, f.mention.end, row)
                    )
                if not metric:
                    continue
                readings = [(metric, row), *self._also(doc, w, figs, i, metric, r.span.end)]
                for m, why in readings:
                    candidate = self._candidate(doc, read, r, f, m, why, carried)
                    if candidate is not None:
                        made[i].append(candidate)
                        made[i].extend(self._ratio_whole(doc, f, candidate))
            for i in _wider_sets(figs, made, w):
                made[i] = [c for c in (_as_wider(doc, read, r, c) for c in made[i]) if c]
            out.extend(c for cs in made for c in cs)
            if r.span.text.rstrip().endswith(":"):
                total = next((m for m in reversed(metrics) if m), None)
                if total:
                    listed = (total, marker or "")
            ends = not doc.text[figs[-1].tail_end : r.span.end].strip(" .;")
            if ends and metrics[-1] in _grammar()["continued_totals"]:
                continued = (metrics[-1], r.span.end)
            if ends and metrics[-1]:
                ended = (metrics[-1], r.paragraph, item[1], k)
        return out

    def _candidate(
        self, doc, read, r, f: Figure, metric: str, row: str, carried: str | None = None
    ) -> Candidate | None:
        if not self._wanted(metric):
            return None
        value = f.mention.value
        if metric_of(metric).is_count and isinstance(value, float):
            if not value.is_integer():
                return None
            value = int(value)
        elif metric_of(metric).unit == "m2":
            value = float(value)
        found = qualifiers(doc, read, r, f, metric, carried)
        if found is None:
            return None
        a, b = common.clause_around(doc.text, r.span.start, r.span.end, f.mention.start)
        return common.candidate(
            metric,
            value,
            (min(a, f.label_start), max(b, f.tail_end)),
            (f.mention.start, f.mention.end),
            f"{ID}#{row}",
            found,
            confidence=0.8,
        )

    def _ratio_whole(self, doc: Document, f: Figure, part: Candidate) -> list[Candidate]:
        """The whole of a ratio (`hiện có 19/21 biên chế`), read as the metric
        grammar.toml's `ratio_wholes` pairs with its part's."""
        metric = _grammar()["ratio_wholes"].get(part.metric)
        if metric is None or f.mention.over is None or not self._wanted(metric):
            return []
        whole = next(
            (
                m
                for m in mentions(doc)
                if m.kind == "ratio_whole" and f.mention.end < m.start <= f.mention.end + 3
            ),
            None,
        )
        if whole is None:
            return []
        return [
            common.candidate(
                metric,
                whole.value,
                (part.start, part.end),
                (whole.start, whole.end),
                part.extractor,
                dict(part.qualifiers),
                confidence=0.8,
            )
        ]

    def _wanted(self, metric: str) -> bool:
        return self.families is None or metric.split(".")[0] in self.families

    def _metric(
        self,
        figs: list[Figure],
        metrics: list[str | None],
        i: int,
        lead: frozenset[str],
        listed: tuple[str, str] | None,
        near: frozenset[str] = frozenset(),
        after: frozenset[str] = frozenset(),
    ) -> tuple[str | None, str]:
        f = figs[i]
        status = frozenset(_grammar()["status_concepts"])
        weak = frozenset(_grammar()["weak_concepts"])
        context = frozenset(_grammar()["inherited_from_lead"])
        own = f.own | ((lead | f.lead) & context)
        if not own & (status | frozenset(_grammar()["set_concepts"])):
            own = own | f.lead | lead
        parent = f.parent
        if f.unit == "percent" and not (f.own - weak - {"RATE", "DOSSIER"}) and i:
            parent = i - 1  # `..., đạt 100%`: the share the count before it is of
            if metrics[parent] is None:  # `Đã số hóa 1.020 hồ sơ, đạt tỷ lệ 95%`: its words
                own = own | figs[parent].own
        parent_metric = metrics[parent] if parent is not None and parent < len(metrics) else None
        if parent is None and listed is not None:
            parent_metric = listed[0]
        previous = metrics[i - 1] if i else None
        earlier = frozenset(m for m in metrics[:i] if m)
        pair = metrics[f.pair] if f.pair is not None and f.pair < len(metrics) else None
        row = decide(f.unit, own, parent_metric, previous, near, after, earlier, pair)
        if row is None:
            return None, ""
        return row.metric or None, row.id

    def _also(self, doc, w, figs: list[Figure], i: int, metric: str, end: int):
        """Second readings the words right after a figure state (the `[[also]]` rows)."""
        if i + 1 < len(figs) and figs[i + 1].parent == i:
            return  # its parts state how it splits (`264 hồ sơ (trong hạn 250, quá hạn 14)`)
        a, b = _after(doc.text, figs, i, end)
        after = concepts(w, a, b)
        text = doc.text[a:b]
        for spec in vocabulary.load("decisions").get("also", []):
            if spec["metric"] != metric or not after & set(spec["any"]):
                continue
            if after & set(spec.get("none", ())):
                continue
            if spec.get("all_words") and not any(
                word in vocabulary.fold(text) for word in map(vocabulary.fold, spec["all_words"])
            ):
                continue
            yield spec["gives"], spec["id"]


def _wider_sets(figs: list[Figure], made: list[list[Candidate]], w: Words) -> set[int]:
    """Totals with no scope one of whose parts is read as the same total with no scope and
    names a set in its own label (`28 lĩnh vực với 99 thủ tục. Trong đó tổng số thủ tục ...
    áp dụng tại xã gồm 10 lĩnh vực với 49 thủ tục`): the whole is a wider set than the
    report's own, and so is the count written in a pair with it. Items that only take the
    whole's words (`gồm 80 thủ tục, cụ thể: Hộ tịch 20; ...`) are no such part."""
    wholes = set(_grammar()["wider_totals"])
    naming = set(_grammar()["set_naming"])

    def unscoped(i: int) -> set[str]:
        return {c.metric for c in made[i] if c.metric in wholes and not c.qualifiers.get("scope")}

    def names_a_set(k: int) -> bool:
        own = [figs[k]] + ([figs[figs[k].pair]] if figs[k].pair is not None else [])
        return any(concepts(w, g.label_start, g.mention.start) & naming for g in own)

    out = set()
    for j in range(len(figs)):
        mine = unscoped(j)
        if mine and any(
            g.parent == j and unscoped(k) & mine and names_a_set(k) for k, g in enumerate(figs)
        ):
            out.add(j)
            if figs[j].pair is not None:
                out.add(figs[j].pair)
    return out


def _as_wider(doc: Document, read, r, candidate: Candidate) -> Candidate | None:
    """A wider set's figure with the scope of the authority its sentence names before it
    (`theo quy định của UBND tỉnh`), when that is above the report's level; without one the
    figure is not the report's and is dropped."""
    if candidate.qualifiers.get("scope"):
        return candidate
    before = vocabulary.fold(doc.text[r.span.start : candidate.figure_start])
    named = [
        (m.start(), scope)
        for scope, phrases in _grammar()["authorities"].items()
        for phrase in phrases
        for m in regex.finditer(rf"\b{regex.escape(vocabulary.fold(phrase))}\b", before)
    ]
    above = [scope for _, scope in sorted(named) if RANK[scope] > RANK.get(read.level, -1)]
    if not above:
        return None
    return dataclasses.replace(candidate, qualifiers={**candidate.qualifiers, "scope": above[-1]})


@cache
def _heading(context: str) -> frozenset[str]:
    """The concept labels of the heading a sentence stands under (`Tình hình tổ chức và
    hoạt động của bộ phận một cửa`): they are near every figure of its section."""
    found = vocabulary.terms(vocabulary.pieces(context))
    return frozenset(x for t in found for x in t.labels if not x.startswith("unit:"))


def _after(text: str, figs: list[Figure], i: int, end: int) -> tuple[int, int]:
    """The words after a figure's own: to the next figure, a `;` or the sentence's end."""
    f = figs[i]
    nxt = figs[i + 1].mention.start if i + 1 < len(figs) else end
    semi = text.find(";", f.tail_end, nxt)
    return f.tail_end, semi if semi >= 0 else nxt


def _continues(text: str, r, figs: list[Figure], continued: tuple[str, int] | None):
    """The total a sentence lists the parts of when it opens, with no words before its first
    item, right after the sentence that ended on that total (`... 282 văn bản. Báo cáo:105,
    Thông báo: 10`): as (total, "") for the list step, else None."""
    if continued is None or not figs or r.span.start - continued[1] > 2:
        return None
    opening = text[r.span.start : figs[0].label_start]
    if any(ch.isalpha() for ch in opening):
        return None
    return (continued[0], "")


def _opens_with_parts(
    text: str, r, figs: list[Figure], ended: tuple | None, marker: str | None, k: int
) -> tuple[str, str] | None:
    """The parts of the figure the sentence before ended on: a sentence of its paragraph
    that opens with `Trong đó` / `Gồm` (`Tổng số cán bộ, công chức xã là 18 người. Trong
    đó cán bộ 11 người, công chức 07 người`), or the item right after it under another
    list marker (`- ... Số hiện có: 18.` then `+ Cán bộ 10`). As (total, "") for the list
    step, else None."""
    if ended is None or not figs:
        return None
    metric, paragraph, ended_marker, at = ended
    if marker is not None and marker != ended_marker and at == k - 1:
        return (metric, "")
    if paragraph != r.paragraph:
        return None
    found = phrase_spans(text, "part_markers", r.span.start, figs[0].mention.start)
    if not found or text[r.span.start : found[0][0]].strip(" -+•*\t"):
        return None
    return (metric, "")


class _Openings:
    """The period a paragraph opens with (`Quý III/2021, Trung tâm ... tiếp nhận ...`) holds
    for its sentences when it is another stretch than the report's own. Where the report's
    own period is not known, the first period a paragraph opens with is taken as its own
    (a news item reports its main period first)."""

    def __init__(self, own: list) -> None:
        self.own = list(own)
        self.paragraph = -1
        self.current: str | None = None

    def period(self, text: str, r) -> str | None:
        if r.paragraph != self.paragraph:
            self.paragraph, self.current = r.paragraph, None
            comma = text.find(",", r.span.start, r.span.end)
            if comma > 0:
                label = periods.find_label(text, r.span.start, comma)
                lead = text[r.span.start : label.start] if label else "x"
                if label and label.first and label.last and not lead.strip(" -+•*\t"):
                    self.current = self._other(label)
        return self.current

    def _other(self, label) -> str | None:
        if not self.own:
            self.own = [(label.first, label.last)]
            return None
        if any(label.first == a and label.last == b for a, b in self.own):
            return None
        return label.text[:1].lower() + label.text[1:]
