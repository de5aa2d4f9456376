"""Totals against their breakdowns outside the dossier form: procedures by field, documents
by type, staff by kind and level, citizens' feedback.

A breakdown is only known to be whole when the report says so: the number of fields it
gives matches the fields listed, or the list ends in an `other` line (`văn bản khác`,
`Lĩnh vực khác`). Otherwise only a breakdown that exceeds its total is an error. A list
that the total introduces with `gồm:` / `bao gồm` (`ban hành 214 văn bản, gồm: 52 Quyết
định, ...`) claims to name every part: falling short of the total is then a warning.
"""

from __future__ import annotations

import regex

from extractors.numbers import parse_number
from pipeline.validate.common import (
    EPSILON,
    FactIndex,
    Term,
    is_other_bucket,
    short,
    sum_flag,
    without,
)
from schemas import Fact, Flag

STAFF_TOTAL_BY_GROUP = {
    None: "staff.total",
    "cadres": "staff.cadres",
    "civil_servants": "staff.civil_servants",
}


def _named(facts: list[Fact], key: str) -> list[Term]:
    return [Term(f.qualifiers[key], f.value, (f.id,)) for f in facts]


# a total, its unit (a few words), then `gồm` / `bao gồm` (not `trong đó`)
_WHOLE_LEAD = regex.compile(
    r"(?i)(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)\s+(?:\p{L}+\s+){0,4}?(?:\p{L}+)?\s*[,:]?\s*"
    r"(?:bao\s+gồm|gồm(?:\s+có)?)(?!\p{L})"
)
_LIST_REACH = 400  # characters after the total's sentence that its list may take


def _listed_whole(total: Fact | None, parts: list[Fact]) -> bool:
    """The total introduces its parts with `gồm` and every part is written right after it."""
    if total is None or not parts:
        return False
    for ev in total.evidence:
        led = any(parse_number(m.group(1)) == total.value for m in _WHOLE_LEAD.finditer(ev.quote))
        if led and all(
            any(ev.start <= p.start <= ev.end + _LIST_REACH for p in part.evidence)
            for part in parts
        ):
            return True
    return False


def _short_of_listed_whole(
    check: str, total: Fact | None, label: str, parts: list[Fact], key: str, ctx
) -> Flag | None:
    """A warning when a list introduced as complete adds up to less than its total."""
    if not _listed_whole(total, parts):
        return None
    terms = _named(parts, key)
    if sum(t.number for t in terms) > total.value + EPSILON:
        return None  # already an error of its own
    return sum_flag(
        check,
        Term.of(total, label=label),
        terms,
        ctx,
        exhaustive=True,
        inline=True,
        severity="warning",
    )


def _named_parts(
    check: str,
    total_metric: str,
    total: Fact | None,
    parts: list[Fact],
    key: str,
    ctx,
    whole: bool,
    extra_ids: list[str] | None = None,
) -> Flag | None:
    """Parts named by `key` against their total: equal when the list is whole, else never
    above it, and not short of it when the total introduced them as a whole list."""
    flag = sum_flag(
        check,
        Term.of(total, label=total_metric),
        _named(parts, key),
        ctx,
        exhaustive=whole,
        inline=True,
        extra_ids=extra_ids or [],
    )
    if flag is None and not whole:
        flag = _short_of_listed_whole(check, total, total_metric, parts, key, ctx)
    return flag


def tthc_by_field(index: FactIndex) -> list[Flag]:
    """Procedures per field add up to the total when the list names every field."""
    flags = []
    for ctx in index.contexts(("tthc.total", "tthc.by_field"), drop=("field",)):
        fields = index.breakdown("tthc.by_field", ctx, "field")
        count = index.get("tthc.fields", ctx)
        counted = count is not None and abs(count.value - len(fields)) < EPSILON
        whole = counted or any(is_other_bucket(f.qualifiers["field"]) for f in fields)
        total = index.get("tthc.total", ctx)
        extra = [count.id] if counted and count is not None else []
        check, label = "tthc.by_field_sum", "tthc.total"
        flags.append(_named_parts(check, label, total, fields, "field", ctx, whole, extra))
    return [f for f in flags if f is not None]


def dossier_by_field(index: FactIndex) -> list[Flag]:
    """Dossiers per field against all dossiers received."""
    flags = []
    for ctx in index.contexts(("dossier.received", "dossier.by_field"), drop=("field",)):
        fields = index.breakdown("dossier.by_field", ctx, "field")
        whole = any(is_other_bucket(f.qualifiers["field"]) for f in fields)
        received = index.get("dossier.received", ctx)
        check, label = "dossier.by_field_sum", "dossier.received"
        flags.append(_named_parts(check, label, received, fields, "field", ctx, whole))
    return [f for f in flags if f is not None]


def docs_by_type(index: FactIndex) -> list[Flag]:
    """Documents issued by type against the total; digitally signed ones are a part of it."""
    flags = []
    metrics = ("docs_issued.total", "docs_issued.by_type", "docs_issued.digitally_signed")
    for ctx in index.contexts(metrics, drop=("doc_type",)):
        total_fact = index.get("docs_issued.total", ctx)
        types = index.breakdown("docs_issued.by_type", ctx, "doc_type")
        whole = any(is_other_bucket(f.qualifiers["doc_type"]) for f in types)
        check, label = "docs_issued.by_type_sum", "docs_issued.total"
        flags.append(_named_parts(check, label, total_fact, types, "doc_type", ctx, whole))
        total = Term.of(total_fact, label="docs_issued.total")
        signed_metric = "docs_issued.digitally_signed"
        signed = Term.of(index.get(signed_metric, ctx), metric=signed_metric)
        flags.append(sum_flag("docs_issued.signed_parts", total, [signed], ctx, exhaustive=False))
    return [f for f in flags if f is not None]


def staff_parts(index: FactIndex) -> list[Flag]:
    """Cadres + civil servants = staff in post; no education or training level holds more
    people than the group it describes."""
    flags = []
    for ctx in index.contexts(("staff.total", "staff.cadres", "staff.civil_servants")):
        parts = [
            Term.of(index.get("staff.cadres", ctx), metric="staff.cadres"),
            Term.of(index.get("staff.civil_servants", ctx), metric="staff.civil_servants"),
        ]
        total = Term.of(index.get("staff.total", ctx), label="staff.total")
        flags.append(sum_flag("staff.total_parts", total, parts, ctx))
    for metric in ("staff.edu", "staff.politics"):
        for ctx in index.contexts((metric,), drop=("level",)):
            group = dict(ctx).get("group")
            if group not in STAFF_TOTAL_BY_GROUP:
                continue
            total_metric = STAFF_TOTAL_BY_GROUP[group]
            total = Term.of(index.get(total_metric, without(ctx, "group")), label=total_metric)
            levels = [
                Term(f"{short(metric)} {f.qualifiers['level']}", f.value, (f.id,))
                for f in index.breakdown(metric, ctx, "level")
            ]
            flags.append(
                sum_flag("staff.level_parts", total, levels, ctx, exhaustive=False, inline=True)
            )
    return [f for f in flags if f is not None]


def tthc_online_levels(index: FactIndex) -> list[Flag]:
    """A procedure is offered online at one level, so the levels share the total."""
    flags = []
    levels = ("tthc.online_level2", "tthc.online_level3", "tthc.online_level4")
    for ctx in index.contexts(("tthc.total", *levels)):
        total = Term.of(index.get("tthc.total", ctx), label="tthc.total")
        parts = [Term.of(index.get(m, ctx), metric=m) for m in levels]
        flags.append(sum_flag("tthc.online_levels", total, parts, ctx, exhaustive=False))
    return [f for f in flags if f is not None]


def feedback_parts(index: FactIndex) -> list[Flag]:
    """Feedback received = answered + still open."""
    flags = []
    metrics = ("feedback.received", "feedback.resolved", "feedback.pending")
    for ctx in index.contexts(metrics):
        total = Term.of(index.get("feedback.received", ctx), label="feedback.received")
        parts = [Term.of(index.get(m, ctx), metric=m) for m in metrics[1:]]
        flags.append(sum_flag("feedback.parts", total, parts, ctx))
    return [f for f in flags if f is not None]


def check_totals(index: FactIndex) -> list[Flag]:
    return [
        *tthc_by_field(index),
        *tthc_online_levels(index),
        *dossier_by_field(index),
        *docs_by_type(index),
        *staff_parts(index),
        *feedback_parts(index),
    ]
