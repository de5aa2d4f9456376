"""A stated rate must agree with the counts it is a rate of, and no rate exceeds 100.

Reports print rates rounded or cut to the digits they show (2 of 11 is written `18,2 %` by
one clerk and `18,1 %` by another), so a rate agrees when it is the rounded or the
truncated value of the computed one at its own number of decimals. Where the report leaves
open what a rate is taken over (on-line dossiers of the new ones or of all received), any
of the readings may agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from pipeline.validate.common import EPSILON, FactIndex, Term, context_note, fmt, total_of
from pipeline.validate.dossier import (
    EARLY,
    EARLY_OR_ON_TIME,
    LATE,
    NEW,
    ON_TIME,
    ONLINE,
    RECEIVED,
    RESOLVED,
    Columns,
)
from schemas import Fact, Flag
from schemas.metrics import BY_CODE

ON_TIME_RATE = "dossier.on_time_rate"
ONLINE_RATE = "dossier.online_rate"
# Finer than any report prints a rate, so a gap this small is rounding, not an error.
LOOSE = 0.01


@dataclass(frozen=True, slots=True)
class Ratio:
    num: Term
    den: Term

    def percent(self) -> Fraction:
        return Fraction(self.num.number) * 100 / Fraction(self.den.number)

    def describe(self) -> str:
        value = float(self.percent())
        return (
            f"{self.num.label} / {self.den.label} = {fmt(self.num.number)} / "
            f"{fmt(self.den.number)} = {fmt(round(value, 2))}%"
        )


def decimals(value: float) -> int:
    """How many decimals a rate was printed with: 95.53 -> 2, 100.0 -> 0."""
    for places in range(5):
        scaled = value * 10**places
        if abs(scaled - round(scaled)) < EPSILON:
            return places
    return 4


def agrees(stated: float, computed: Fraction) -> bool:
    """Whether `stated` is `computed` rounded half up or truncated at the stated decimals."""
    scale = 10 ** decimals(stated)
    truncated = Fraction(math.floor(computed * scale), scale)
    rounded = Fraction(math.floor(computed * scale + Fraction(1, 2)), scale)
    if any(abs(float(c) - stated) < EPSILON for c in (truncated, rounded)):
        return True
    return abs(float(computed) - stated) <= LOOSE


def _rate_flag(rate: Fact, ratios: list[Ratio], ctx) -> Flag | None:
    usable = [r for r in ratios if r.num.known and r.den.known and r.den.number > 0]
    if not usable or any(agrees(rate.value, r.percent()) for r in usable):
        return None
    readings = usable[0].describe() + (" (nor any other reading)" if len(usable) > 1 else "")
    ids = [rate.id, *(i for r in usable for i in (*r.num.ids, *r.den.ids))]
    return Flag(
        check="rate.parts",
        message=f"{rate.metric} is {fmt(rate.value)}%, but {readings}{context_note(ctx)}",
        facts=list(dict.fromkeys(ids)),
    )


def on_time_ratios(cols: Columns) -> list[Ratio]:
    """Resolved early or on time over resolved (or, as some reports take it, over received),
    from whichever columns the report gives; none when the report gives no resolved count."""
    resolved = cols.whole(RESOLVED)
    split = cols.resolved_split()
    if not resolved.known:
        resolved = total_of(f"({' + '.join(t.label for t in split)})", split)
    early, on_time = cols.part(EARLY), cols.part(ON_TIME)
    nums = [
        total_of("(resolved.early + resolved.on_time)", [early, on_time]),
        cols.part(EARLY_OR_ON_TIME),
    ]
    late = cols.part(LATE)
    if resolved.known and late.known:
        nums.append(Term(f"({resolved.label} - late)", resolved.number - late.number, late.ids))
    if not resolved.known:
        return []  # its base is then a figure the report does not give (`đến hạn`): no guess
    dens = [resolved, cols.whole(RECEIVED)]
    return [Ratio(num, den) for den in dens for num in nums if num.known]


def online_ratios(cols: Columns) -> list[Ratio]:
    """Online over new (or all received) dossiers, where the report counts its new ones; a
    rate given over another base (`99 hồ sơ/382 hồ sơ phát sinh`) is not second-guessed."""
    online, new = cols.part(ONLINE), cols.whole(NEW)
    if not new.known:
        return []
    return [Ratio(online, new), Ratio(online, cols.whole(RECEIVED))]


def rate_parts(index: FactIndex) -> list[Flag]:
    flags = []
    for metric, ratios in ((ON_TIME_RATE, on_time_ratios), (ONLINE_RATE, online_ratios)):
        for ctx in index.contexts((metric,)):
            rate = index.get(metric, ctx)
            if rate is None:
                continue
            flag = _rate_flag(rate, ratios(Columns(index, ctx)), ctx)
            if flag is not None:
                flags.append(flag)
    return flags


def rate_max(index: FactIndex) -> list[Flag]:
    """A percent outside 0–100 is not a rate (often a count in a rate's row)."""
    flags = []
    for fact in index:
        known = BY_CODE.get(fact.metric)
        if known is None or not known.is_rate:
            continue
        if fact.value > 100 + EPSILON or fact.value < 0:
            ctx = tuple(sorted(fact.qualifiers.items()))
            flags.append(
                Flag(
                    check="rate.max",
                    message=f"{fact.metric} is {fmt(fact.value)}%, outside 0–100%"
                    f"{context_note(ctx)}",
                    facts=[fact.id],
                )
            )
    return flags


def check_rates(index: FactIndex) -> list[Flag]:
    return [*rate_max(index), *rate_parts(index)]
