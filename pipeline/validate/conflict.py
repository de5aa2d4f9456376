"""Two different values for one (metric, qualifiers) key are a conflict for a reviewer,
never a silent pick. The resolve stage finds them; this writes the flag, in the same
words as the arithmetic checks."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.validate.common import context_note, context_of, fmt
from schemas import Fact, Flag
from schemas.text import fold_spaces

QUOTE_CHARS = 80


def _quote(fact: Fact) -> str:
    if not fact.evidence:
        return ""
    text = fold_spaces(fact.evidence[0].quote)
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1] + "…"
    return f" ({text!r})"


def conflict_flag(metric: str, qualifiers: dict[str, str], facts: Sequence[Fact]) -> Flag:
    """The flag for `facts` (all of key `metric`, `qualifiers`) that state different values.

    Each value is shown once, with the wording of its first statement; every fact is
    listed so a reviewer can see all of them.
    """
    first_of: dict[float, Fact] = {}
    for fact in facts:
        first_of.setdefault(float(fact.value), fact)
    if len(first_of) < 2:
        raise ValueError(
            f"conflict_flag: {metric} needs at least two different values, got {sorted(first_of)}"
        )
    values = ", ".join(f"{fmt(value)}{_quote(fact)}" for value, fact in first_of.items())
    ctx = context_of(qualifiers)
    message = f"{metric}{context_note(ctx)} is stated with {len(first_of)} values: {values}"
    ids = list(dict.fromkeys(f.id for f in facts))
    return Flag(check="fact.conflict", severity="error", message=message, facts=ids)
