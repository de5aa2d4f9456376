"""Choosing one reading per figure: the figure reader's and the remaining rules' candidates
meet here.

No candidate may stand on a number that is not a figure (a section or list number, a date,
a document number, a phone line, a form's column number), nor on a figure the decision
table calls ambiguous (a vetoing row: `đến hạn giải quyết`, late and overdue together). A
document that does not report reform results (an association's application) yields no
dossier or feedback figures. Where only one side reads a figure, or one side's reading
holds all the other's, that reading stands. Where the figure reader and a rule read one
figure two ways, the reading under which the document's own figures agree is preferred: a
reading that gives a key a second, different value (a conflict) loses to one that does
not; when both agree as well, the figure reader's reading stands.
"""

from __future__ import annotations

from collections import defaultdict

from extractors.kind import document_kind
from extractors.mentions import mentions
from schemas import Candidate, Document

GENERAL = "figure."
# families only a document reporting reform results states
REFORM_ONLY = frozenset({"dossier", "feedback"})
NOT_FIGURES = frozenset(
    {"section", "date", "document", "phone", "column", "period", "code", "range"}
)


def _key(c: Candidate) -> tuple[str, tuple[tuple[str, str], ...]]:
    return c.metric, tuple(sorted(c.qualifiers.items()))


def select(doc: Document, candidates: list[Candidate]) -> list[Candidate]:
    """One reading per figure, without candidates on numbers that are not figures."""
    if not document_kind(doc).reform:  # an application's `nhận được Đơn` counts no dossiers
        candidates = [c for c in candidates if c.metric.split(".")[0] not in REFORM_ONLY]
    blocked = [(m.start, m.end) for m in mentions(doc) if m.kind in NOT_FIGURES]
    blocked += [(a, b) for a, b, _ in doc.layers.get("vetoes", [])]
    kept = [c for c in candidates if not _on_blocked(c, blocked)]
    by_span: dict[tuple[int, int], dict[bool, list[Candidate]]] = defaultdict(
        lambda: {True: [], False: []}
    )
    for c in kept:
        by_span[(c.figure_start, c.figure_end)][c.extractor.startswith(GENERAL)].append(c)
    contested = set()
    for span, sides in by_span.items():
        if not (sides[False] and sides[True]):
            continue
        rule_keys, general_keys = {_key(c) for c in sides[False]}, {_key(c) for c in sides[True]}
        if general_keys <= rule_keys:
            sides[True] = []  # the rule says all the figure reader says, and more
        elif rule_keys <= general_keys:
            sides[False] = []
        else:
            contested.add(span)
    # each side's reading is judged in the document it would make: its readings of the
    # contested figures beside every figure only one side reads
    worlds = {side: defaultdict(set) for side in (True, False)}
    for span, sides in by_span.items():
        for side, world in worlds.items():
            chosen = sides[side] if span in contested else sides[False] or sides[True]
            for c in chosen:
                world[_key(c)].add(c.value)
    out: list[Candidate] = []
    for span, sides in by_span.items():
        rules, general = sides[False], sides[True]
        if span not in contested:
            out.extend(rules or general)
        elif _conflicts(general, worlds[True]) <= _conflicts(rules, worlds[False]):
            out.extend(general)
        else:
            out.extend(rules)
    approximate = {(m.start, m.end) for m in mentions(doc) if m.approximate}
    for c in out:
        c.approximate = c.approximate or (c.figure_start, c.figure_end) in approximate
    return add_up(out)


ON_TIME, EARLY = "dossier.resolved.on_time", "dossier.resolved.early"
RESOLVED, RATE = "dossier.resolved", "dossier.on_time_rate"


def add_up(candidates: list[Candidate]) -> list[Candidate]:
    """Readings under which the report's own figures hold. An on-time rate counts dossiers
    resolved early or on time; where a report gives no early count and its `đúng hạn` count
    is that rate of its resolved dossiers, the count is the early-or-on-time one, and its
    rule says so (`...#adds-up-with-on-time-rate`)."""
    by_key: dict[tuple, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for c in candidates:
        by_key[tuple(sorted(c.qualifiers.items()))][c.metric].append(c)
    for metrics in by_key.values():
        if EARLY in metrics or not (metrics[ON_TIME] and metrics[RESOLVED] and metrics[RATE]):
            continue
        on_time, resolved = metrics[ON_TIME][0].value, metrics[RESOLVED][0].value
        rate = metrics[RATE][0].value
        if resolved and abs(100 * on_time / resolved - rate) <= 0.06:
            for c in metrics[ON_TIME]:
                c.metric = "dossier.resolved.early_or_on_time"
                c.extractor = f"{c.extractor.split('#')[0]}#adds-up-with-on-time-rate"
    return candidates


def _on_blocked(c: Candidate, blocked: list[tuple[int, int]]) -> bool:
    return any(a < c.figure_end and c.figure_start < b for a, b in blocked)


def _conflicts(reading: list[Candidate], values: dict[tuple, set]) -> int:
    """How many keys of a reading are also stated elsewhere with another value."""
    return sum(1 for c in reading if values[_key(c)] - {c.value})
