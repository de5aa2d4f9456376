"""Mentions to facts: one fact per `(metric, qualifiers)`, every span that states it kept.

Extractors report each mention of a figure as a `Candidate`; a report often states one
figure twice (prose and table, summary and detail). Here mentions of the same key merge
into one fact with several evidence spans. Two different values for one key are never
settled silently: the fact keeps the value with the most distinct evidence spans, then
the highest confidence, then the one written first, and a `fact.conflict` flag names
every value with its quote for a reviewer.

Fact ids are `sha256(document id, metric, canonical qualifiers)` cut to 16 hex digits.
They leave out the value, the offsets and the extractor on purpose: a reviewer's
correction must stay attached when a rule fix moves a span, changes a misread value or
lets another rule win the key. The fact's identity in the dataset is the key itself
(one fact per document, metric and qualifiers), and the extractor version that produced
the value is kept on the fact, so an auditor still sees which rule spoke. A changed
file has another document id, hence new fact ids.

References merge on `(kind, number, date)`; a mention without a date joins the one dated
reference of the same kind and number (numbers restart every year, so two dates with one
number are two documents and an undated mention of them stays apart).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from schemas import BY_CODE, Candidate, Document, Evidence, Fact, Flag, Reference, ReportMeta
from schemas.text import fold, loose_key

# Field names are free text (`Chứng thực` / `Chúng thực`): compared without marks, and
# long ones with a one-letter slip still join (ratio of the loose keys).
FIELD_QUALIFIERS = ("field",)
FIELD_NAME_RATIO = 0.9
FIELD_NAME_MIN_LENGTH = 8
MESSAGE_CONTEXT = 60  # characters of quote shown either side of a figure in a flag


def fact_id(document_id: str, metric: str, key_qualifiers: dict[str, str]) -> str:
    """Stable id of a fact: same file, metric and canonical qualifiers -> same id."""
    payload = json.dumps([document_id, metric, sorted(key_qualifiers.items())], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def qualifier_key(qualifiers: dict[str, str]) -> dict[str, str]:
    """Qualifiers in the form they are compared in: folded, field names without marks."""
    key = {}
    for name, value in qualifiers.items():
        text = str(value)
        key[name.strip()] = loose_key(text) if name in FIELD_QUALIFIERS else fold(text)
    return key


def same_field_name(a: str, b: str) -> bool:
    """Loose keys equal, or long names one slip apart."""
    if a == b:
        return True
    if min(len(a), len(b)) < FIELD_NAME_MIN_LENGTH:
        return False
    return SequenceMatcher(None, a, b).ratio() >= FIELD_NAME_RATIO


def _same_key(a: dict[str, str], b: dict[str, str]) -> bool:
    if a.keys() != b.keys():
        return False
    for name, value in a.items():
        if name in FIELD_QUALIFIERS:
            if not same_field_name(value, b[name]):
                return False
        elif value != b[name]:
            return False
    return True


def normalise_value(metric_code: str, value: int | float) -> int | float:
    """Counts as int, rates and areas as float (`2231`, not `2231.0`; `100.0` for 100%)."""
    if not BY_CODE[metric_code].is_count:
        return float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def evidence_for(
    doc: Document, start: int, end: int, figure: tuple[int, int] | None = None
) -> Evidence:
    """An evidence record for a span: page from the source map, quote from the surface."""
    return Evidence(
        page=doc.source_map.page_of(start, end),
        start=start,
        end=end,
        quote=doc.quote(start, end),
        figure_start=figure[0] if figure else None,
        figure_end=figure[1] if figure else None,
    )


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and join the overlapping ones, so one passage is quoted once."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _check_span(doc: Document, cand: Candidate) -> str | None:
    """Why a candidate's offsets cannot be used, or None when they can."""
    size = len(doc.text)
    if not (0 <= cand.figure_start < cand.figure_end <= size):
        return f"figure span {cand.figure_start}-{cand.figure_end} outside the text"
    if not (0 <= cand.start < cand.end <= size):
        return f"evidence span {cand.start}-{cand.end} outside the text"
    if isinstance(cand.value, bool) or not isinstance(cand.value, int | float):
        return f"value {cand.value!r} is not a number"
    return None


@dataclass
class _Group:
    """All accepted mentions of one key, in document order of arrival."""

    key: dict[str, str]
    qualifiers: dict[str, str]
    metric: str
    mentions: list[tuple[Candidate, int | float, tuple[int, int]]] = field(default_factory=list)


def _find_group(groups: list[_Group], metric: str, key: dict[str, str]) -> _Group | None:
    for group in groups:
        if group.metric == metric and _same_key(group.key, key):
            return group
    return None


def _decimals(value: int | float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def _merge_rounded(by_value: dict[int | float, list]) -> None:
    """A rate stated once as `71,95%` and once as `72%` is one figure at two precisions: the
    coarser value's mentions join the finer one's."""
    for coarse in sorted(by_value, key=_decimals):
        places = _decimals(coarse)
        finer = [v for v in by_value if _decimals(v) > places and round(float(v), places) == coarse]
        if finer and coarse in by_value:
            by_value[finer[0]].extend(by_value.pop(coarse))


def _value_ranking(group: _Group) -> list[tuple[int | float, list]]:
    """Distinct values of a group, best first: most spans, highest confidence, written first."""
    by_value: dict[int | float, list] = {}
    for index, (cand, value, span) in enumerate(group.mentions):
        by_value.setdefault(value, []).append((index, cand, span))
    if BY_CODE[group.metric].is_rate:
        _merge_rounded(by_value)

    def rank(item: tuple[int | float, list]) -> tuple[int, float, int]:
        _, mentions = item
        spans = {span for _, _, span in mentions}
        best = max(c.confidence for _, c, _ in mentions)
        first = min(c.figure_start for _, c, _ in mentions)
        return (-len(spans), -best, first)

    return sorted(by_value.items(), key=rank)


def resolve_facts(
    doc: Document, candidates: list[Candidate], notes: list[str]
) -> tuple[list[Fact], list[Flag]]:
    """Merge candidates into facts and conflict flags; unusable candidates go to `notes`."""
    groups: list[_Group] = []
    for cand in candidates:
        if cand.metric not in BY_CODE:
            notes.append(f"{cand.extractor}: unknown metric code {cand.metric!r} dropped")
            continue
        problem = _check_span(doc, cand)
        if problem:
            notes.append(f"{cand.extractor}: {cand.metric} dropped, {problem}")
            continue
        # The quote must hold the figure as written: widen the span where it does not.
        span = (min(cand.start, cand.figure_start), max(cand.end, cand.figure_end))
        qualifiers = {k.strip(): str(v).strip() for k, v in cand.qualifiers.items()}
        key = qualifier_key(qualifiers)
        group = _find_group(groups, cand.metric, key)
        if group is None:
            group = _Group(key=key, qualifiers=qualifiers, metric=cand.metric)
            groups.append(group)
        group.mentions.append((cand, normalise_value(cand.metric, cand.value), span))

    facts: list[Fact] = []
    flags: list[Flag] = []
    for group in groups:
        ranking = _value_ranking(group)
        value, mentions = ranking[0]
        best = max(mentions, key=lambda m: (m[1].confidence, -m[0]))[1]
        spans = merge_spans([span for _, _, span in mentions])
        fact = Fact(
            id=fact_id(doc.id, group.metric, group.key),
            metric=group.metric,
            qualifiers=group.qualifiers,
            value=value,
            unit=BY_CODE[group.metric].unit,
            evidence=[evidence_for(doc, s, e, _figure_in(mentions, s, e)) for s, e in spans],
            extractor=best.extractor,
            confidence=best.confidence,
            approximate=any(c.approximate for _, c, _ in mentions),
        )
        facts.append(fact)
        if len(ranking) > 1:
            flags.append(_conflict_flag(doc, fact, ranking))
    # In reading order, so output follows the report; the id does not depend on it.
    facts.sort(key=lambda f: (f.evidence[0].start, f.metric))
    return facts, flags


def _figure_in(mentions: list, start: int, end: int) -> tuple[int, int] | None:
    """Where the first mention inside a merged span writes its figure."""
    for _, cand, _ in sorted(mentions, key=lambda m: m[1].figure_start):
        if start <= cand.figure_start and cand.figure_end <= end:
            return (cand.figure_start, cand.figure_end)
    return None


def _excerpt(doc: Document, span: tuple[int, int], cand: Candidate) -> str:
    """The quote of a span cut to a window around its figure, for messages."""
    start = max(span[0], cand.figure_start - MESSAGE_CONTEXT)
    end = min(span[1], cand.figure_end + MESSAGE_CONTEXT)
    head = "…" if start > span[0] else ""
    tail = "…" if end < span[1] else ""
    return head + doc.quote(start, end) + tail


def _conflict_flag(doc: Document, fact: Fact, ranking: list[tuple[int | float, list]]) -> Flag:
    stated = []
    for value, mentions in ranking:
        _, cand, span = mentions[0]
        stated.append(f'{value} ({cand.extractor}: "{_excerpt(doc, span, cand)}")')
    qualifiers = json.dumps(fact.qualifiers, ensure_ascii=False) if fact.qualifiers else ""
    return Flag(
        check="fact.conflict",
        severity="error",
        message=(
            f"{fact.metric}{qualifiers} is stated with {len(ranking)} different values: "
            + "; ".join(stated)
            + f". Kept {fact.value} (most spans, then confidence, then first written)."
        ),
        facts=[fact.id],
    )


def _reference_evidence(doc: Document, evidence: list[Evidence]) -> list[tuple[int, int]]:
    size = len(doc.text)
    return [(e.start, e.end) for e in evidence if 0 <= e.start < e.end <= size]


def _ref_key(ref: Reference) -> tuple[str, str]:
    return (fold(ref.kind), "".join(fold(ref.number).split()))


def resolve_references(doc: Document, references: list[Reference]) -> list[Reference]:
    """Merge mentions of one cited document; quotes and pages re-read from the document.

    In order of first mention. An undated mention joins the only dated reference of the
    same kind and number; with two dated ones it cannot tell them apart and stays apart.
    """
    merged: list[Reference] = []
    spans: list[list[tuple[int, int]]] = []
    for ref in references:
        ref_spans = _reference_evidence(doc, ref.evidence)
        index = next((i for i, r in enumerate(merged) if _full_key(r) == _full_key(ref)), None)
        if index is None:
            merged.append(ref.model_copy(deep=True))
            spans.append(ref_spans)
        else:
            _absorb(merged[index], ref)
            spans[index].extend(ref_spans)
    keep = [True] * len(merged)
    for i, ref in enumerate(merged):
        if ref.date is not None or not keep[i]:
            continue
        dated = [j for j, r in enumerate(merged) if r.date and _ref_key(r) == _ref_key(ref)]
        if len(dated) != 1:
            continue
        j = dated[0]
        _absorb(merged[j], ref)
        spans[j].extend(spans[i])
        keep[i] = False
        if i < j:  # the merged reference takes the place of its first mention
            merged[i], merged[j] = merged[j], merged[i]
            spans[i], spans[j] = spans[j], spans[i]
            keep[i], keep[j] = True, False
    result = []
    for ref, ref_spans, kept in zip(merged, spans, keep, strict=True):
        if kept:
            ref.evidence = [evidence_for(doc, s, e) for s, e in merge_spans(ref_spans)]
            result.append(ref)
    return result


def reference_flags(references: list[Reference]) -> list[Flag]:
    """One cited document with two dates in the same year: one of them is likely wrong.

    Numbers restart every year, so within a year kind and number name one document, unless
    the mentions name two different issuers.
    """
    flags = []
    seen: dict[tuple[str, str, str], Reference] = {}
    for ref in references:
        if not ref.date:
            continue
        key = (*_ref_key(ref), ref.date[:4])
        first = seen.setdefault(key, ref)
        if first is ref or first.date == ref.date:
            continue
        if first.issuer and ref.issuer and fold(first.issuer) != fold(ref.issuer):
            continue
        quotes = [r.evidence[0].quote if r.evidence else "" for r in (first, ref)]
        flags.append(
            Flag(
                check="reference.date_conflict",
                severity="warning",
                message=(
                    f"{ref.kind} {ref.number} is cited with two dates in one year: "
                    f'{first.date} ("{quotes[0]}") and {ref.date} ("{quotes[1]}")'
                ),
            )
        )
    return flags


def _full_key(ref: Reference) -> tuple[str, str, str | None]:
    return (*_ref_key(ref), ref.date)


def _absorb(target: Reference, other: Reference) -> None:
    """Fill what the first mention left open from a later mention of the same document."""
    for name in ("date", "issuer", "subject", "extractor"):
        if getattr(target, name) is None and getattr(other, name) is not None:
            setattr(target, name, getattr(other, name))
    target.own = target.own or other.own


def resolve_metadata(doc: Document, meta: ReportMeta) -> ReportMeta:
    """The extractor's record, with evidence quotes and pages re-read from the document."""
    result = meta.model_copy(deep=True)
    size = len(doc.text)
    evidence = {}
    for name, ev in meta.evidence.items():
        if 0 <= ev.start < ev.end <= size:
            evidence[name] = evidence_for(doc, ev.start, ev.end)
    result.evidence = evidence
    return result
