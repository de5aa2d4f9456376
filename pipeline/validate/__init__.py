"""Arithmetic between the figures of one report: totals against their parts, rates
against their counts, the period's name against its dates.

Figures are compared only within one qualifier context (same scope, year, period, group),
and a check runs only on the parts the report states: a missing part is not an error,
parts that exceed their total always are. Flags name the check, carry the numbers in the
message and list the facts involved, so a reviewer can redo the sum.

When one key arrives with several values (a conflict the resolve stage flags), the checks
run with each of them and report what fails with any.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import product
from math import prod

from pipeline.validate.common import Context, FactIndex, context_of
from pipeline.validate.dossier import check_dossiers
from pipeline.validate.period import check_period, parse_label
from pipeline.validate.rates import check_rates
from pipeline.validate.totals import check_totals
from schemas import Fact, Flag, ReportMeta

__all__ = ["parse_label", "validate"]

CHECKS: tuple[Callable[[FactIndex], list[Flag]], ...] = (
    check_dossiers,
    check_totals,
    check_rates,
)
MAX_READINGS = 16


def _readings(facts: Sequence[Fact]) -> list[list[Fact]]:
    """The report's facts with one value per key: one reading, or one per conflicting value
    (all combinations while they are few, else one conflicting key varied at a time)."""
    alternatives: dict[tuple[str, Context], dict[float, Fact]] = {}
    for fact in facts:
        key = (fact.metric, context_of(fact.qualifiers))
        alternatives.setdefault(key, {}).setdefault(float(fact.value), fact)
    options = [list(values.values()) for values in alternatives.values()]
    if prod(len(o) for o in options) <= MAX_READINGS:
        return [list(combo) for combo in product(*options)]
    base = [o[0] for o in options]
    readings = [base]
    for i, option in enumerate(options):
        readings.extend([*base[:i], alt, *base[i + 1 :]] for alt in option[1:])
    return readings


def validate(facts: Sequence[Fact], report: ReportMeta | None) -> list[Flag]:
    """Every failed check on one report's facts and metadata, each flag once."""
    flags: list[Flag] = []
    for reading in _readings(facts):
        index = FactIndex(reading)
        for check in CHECKS:
            flags.extend(check(index))
    if report is not None:
        flags.extend(check_period(report))
    unique: dict[tuple[str, str], Flag] = {}
    for flag in flags:
        unique.setdefault((flag.check, flag.message), flag)
    return list(unique.values())
