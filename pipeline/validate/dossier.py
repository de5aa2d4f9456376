"""The dossier columns of the official report form must add up.

received = new + carried over; new = online + in person + by post; resolved = early + on
time + late (or early-or-on-time + late); pending = not due + overdue; received = resolved +
pending. Reports place suspended, returned and awaiting-supplement dossiers either inside
those columns or beside them, so the balance holds when either reading balances. When a
report gives no resolved total, its resolved columns stand in for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from pipeline.validate.common import (
    EPSILON,
    Context,
    FactIndex,
    Term,
    context_note,
    equation,
    fmt,
    sum_flag,
    total_of,
)
from schemas import Flag

RECEIVED = "dossier.received"
NEW = "dossier.received.new"
ONLINE = "dossier.received.online"
DIRECT = "dossier.received.direct"
POSTAL = "dossier.received.postal"
CARRIED = "dossier.carried_over"
RESOLVED = "dossier.resolved"
EARLY = "dossier.resolved.early"
ON_TIME = "dossier.resolved.on_time"
LATE = "dossier.resolved.late"
EARLY_OR_ON_TIME = "dossier.resolved.early_or_on_time"
PENDING = "dossier.pending"
NOT_DUE = "dossier.pending.not_due"
OVERDUE = "dossier.pending.overdue"
SUSPENDED = "dossier.suspended"
RETURNED = "dossier.returned"
AWAITING = "dossier.awaiting_supplement"
ON_RECEIPT = "dossier.digitized_on_receipt"
ON_RETURN = "dossier.digitized_on_return"

# Counted beside resolved + pending by some reports, inside them by others.
ASIDE = (SUSPENDED, RETURNED, AWAITING)
FLOW = (
    RECEIVED, NEW, ONLINE, DIRECT, POSTAL, CARRIED, RESOLVED, EARLY, ON_TIME, LATE,
    EARLY_OR_ON_TIME, PENDING, NOT_DUE, OVERDUE, SUSPENDED, RETURNED, AWAITING,
    ON_RECEIPT, ON_RETURN,
)  # fmt: skip


class Columns:
    """The dossier figures of one qualifier context, as terms of the form's equations."""

    def __init__(self, index: FactIndex, ctx: Context) -> None:
        self.index, self.ctx = index, ctx

    def part(self, metric: str) -> Term:
        return Term.of(self.index.get(metric, self.ctx), metric=metric)

    def whole(self, metric: str) -> Term:
        return Term.of(self.index.get(metric, self.ctx), label=metric)

    def resolved_split(self) -> list[Term]:
        """early + on_time + late, or early_or_on_time + late when only that sum is given."""
        early, on_time = self.part(EARLY), self.part(ON_TIME)
        if early.known or on_time.known:
            return [early, on_time, self.part(LATE)]
        return [self.part(EARLY_OR_ON_TIME), self.part(LATE)]

    def received(self) -> Term:
        stated = self.whole(RECEIVED)
        if stated.known:
            return stated
        return total_of("received.new + carried_over", [self.part(NEW), self.part(CARRIED)])


def check_dossiers(index: FactIndex) -> list[Flag]:
    flags: list[Flag] = []
    for ctx in index.contexts(FLOW):
        cols = Columns(index, ctx)
        found = [
            received_parts(cols),
            new_channels(cols),
            *resolved_parts(cols),
            pending_parts(cols),
            received_balance(cols),
            *digitized_parts(cols),
        ]
        flags.extend(flag for flag in found if flag is not None)
    return flags


def received_parts(cols: Columns) -> Flag | None:
    parts = [cols.part(NEW), cols.part(CARRIED)]
    return sum_flag("dossier.received_parts", cols.whole(RECEIVED), parts, cols.ctx)


def new_channels(cols: Columns) -> Flag | None:
    """New dossiers by channel; a report without a `new` column splits `received` instead."""
    channels = [cols.part(ONLINE), cols.part(DIRECT), cols.part(POSTAL)]
    new = cols.whole(NEW)
    if new.known:
        return sum_flag("dossier.new_channels", new, channels, cols.ctx)
    parts = [*channels, cols.part(CARRIED)]
    return sum_flag("dossier.new_channels", cols.whole(RECEIVED), parts, cols.ctx)


def resolved_parts(cols: Columns) -> list[Flag | None]:
    early, on_time = cols.part(EARLY), cols.part(ON_TIME)
    sums = cols.whole(EARLY_OR_ON_TIME)
    return [
        sum_flag("dossier.resolved_parts", cols.whole(RESOLVED), cols.resolved_split(), cols.ctx),
        sum_flag("dossier.resolved_parts", sums, [early, on_time], cols.ctx),
    ]


def pending_parts(cols: Columns) -> Flag | None:
    parts = [cols.part(NOT_DUE), cols.part(OVERDUE)]
    return sum_flag("dossier.pending_parts", cols.whole(PENDING), parts, cols.ctx)


def _subsets(terms: Sequence[Term]) -> Iterator[tuple[Term, ...]]:
    for size in range(len(terms) + 1):
        yield from combinations(terms, size)


def received_balance(cols: Columns) -> Flag | None:
    """received = resolved + pending (+ any of suspended / returned / awaiting supplement).

    Without a resolved total the resolved columns stand in for it; with no pending stated
    (or all of it zero) the failure is the resolved columns' and is named so.
    """
    received = cols.received()
    resolved, pending = cols.part(RESOLVED), cols.part(PENDING)
    resolved_terms = [resolved] if resolved.known else cols.resolved_split()
    pending_terms = [pending] if pending.known else [cols.part(NOT_DUE), cols.part(OVERDUE)]
    stated = [t for t in (*resolved_terms, *pending_terms) if t.known]
    if not received.known or not stated:
        return None
    aside = [t for t in (cols.part(m) for m in ASIDE) if t.known and t.number != 0]
    total = sum(t.number for t in stated)
    complete = all(t.known for t in (*resolved_terms, *pending_terms))
    if total > received.number + EPSILON:
        note = "" if complete else " (the stated parts alone exceed it)"
    elif complete and not any(
        abs(total + sum(t.number for t in extra) - received.number) <= EPSILON
        for extra in _subsets(aside)
    ):
        listed = ", ".join(f"{t.label} {fmt(t.number)}" for t in aside)
        note = f" (nor with {listed})" if aside else ""
    else:
        return None
    nothing_pending = all(t.number == 0 for t in pending_terms if t.known)
    check = (
        "dossier.resolved_parts"
        if not resolved.known and nothing_pending
        else "dossier.received_balance"
    )
    shown = [t for t in stated if t.number != 0] or stated
    message = (
        f"{equation(shown)}, but {received.label} is {fmt(received.number)}"
        f"{note}{context_note(cols.ctx)}"
    )
    ids = [*received.ids, *(i for t in (*stated, *aside) for i in t.ids)]
    return Flag(check=check, message=message, facts=list(dict.fromkeys(ids)))


def digitized_parts(cols: Columns) -> list[Flag | None]:
    """Dossiers digitised cannot outnumber the dossiers handled."""
    received = cols.received()
    return [
        sum_flag("dossier.digitized_parts", received, [cols.part(m)], cols.ctx, exhaustive=False)
        for m in (ON_RECEIPT, ON_RETURN)
    ]
