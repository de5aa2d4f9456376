"""What every check shares: facts looked up by metric within one qualifier context, and a
failed sum written out with its numbers, so a reviewer can redo the arithmetic from the
message alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from schemas import Fact, Flag
from schemas.text import loose_key

EPSILON = 1e-6

# A fact's qualifiers as a hashable, ordered key: `{"scope": "commune"}` -> (("scope", "commune"),)
Context = tuple[tuple[str, str], ...]


def context_of(qualifiers: dict[str, str], drop: Iterable[str] = ()) -> Context:
    """The qualifiers that set a fact's context, without the ones that split a breakdown."""
    dropped = set(drop)
    return tuple(sorted((k, v) for k, v in qualifiers.items() if k not in dropped))


def without(ctx: Context, key: str) -> Context:
    return tuple((k, v) for k, v in ctx if k != key)


def fmt(value: float) -> str:
    """A number as a reviewer reads it: `207`, `97.37` (never `207.0`)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def short(metric: str) -> str:
    """`dossier.resolved.early` -> `resolved.early`: the family is clear from the check."""
    return metric.split(".", 1)[1] if "." in metric else metric


def context_note(ctx: Context) -> str:
    return f" ({', '.join(f'{k}={v}' for k, v in ctx)})" if ctx else ""


def is_other_bucket(name: str) -> bool:
    """`Khác`, `Lĩnh vực khác`, `văn bản khác`: a breakdown with such a line claims to be whole."""
    return loose_key(name).endswith("khac")


class FactIndex:
    """The facts of one report, one per (metric, qualifiers), as the checks look them up."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self._facts: dict[tuple[str, Context], Fact] = {}
        for fact in facts:
            self._facts.setdefault((fact.metric, context_of(fact.qualifiers)), fact)

    def __iter__(self):
        return iter(self._facts.values())

    def get(self, metric: str, ctx: Context) -> Fact | None:
        return self._facts.get((metric, ctx))

    def contexts(self, metrics: Iterable[str], drop: Iterable[str] = ()) -> list[Context]:
        """Every context (qualifiers without `drop`) in which one of `metrics` has a fact."""
        wanted, dropped = set(metrics), tuple(drop)
        seen: dict[Context, None] = {}
        for (metric, _), fact in self._facts.items():
            if metric in wanted:
                seen[context_of(fact.qualifiers, dropped)] = None
        return list(seen)

    def breakdown(self, metric: str, ctx: Context, key: str) -> list[Fact]:
        """The facts of `metric` that split context `ctx` by the qualifier `key`."""
        return [
            fact
            for (m, _), fact in self._facts.items()
            if m == metric and key in fact.qualifiers and context_of(fact.qualifiers, (key,)) == ctx
        ]


@dataclass(frozen=True, slots=True)
class Term:
    """One side of an equation: a stated figure, a sum of stated figures, or not stated."""

    label: str
    value: float | None
    ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, fact: Fact | None, label: str | None = None, metric: str = "") -> Term:
        name = label if label is not None else short(fact.metric if fact else metric)
        if fact is None:
            return cls(name, None)
        return cls(name, fact.value, (fact.id,))

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def number(self) -> float:
        """The value of a term known to be stated."""
        if self.value is None:
            raise ValueError(f"{self.label} is not stated")
        return self.value


def total_of(label: str, terms: Sequence[Term]) -> Term:
    """The sum of `terms` when every one is stated, else an unknown term."""
    if not terms or not all(t.known for t in terms):
        return Term(label, None)
    ids = tuple(i for t in terms for i in t.ids)
    return Term(label, sum(t.number for t in terms), ids)


def equation(terms: Sequence[Term], *, inline: bool = False) -> str:
    """`resolved.early + resolved.on_time = 134 + 70 = 204`, or with `inline` (a breakdown by
    name) `Báo cáo 105 + Thông báo 10 = 115`."""
    total = fmt(sum(t.number for t in terms))
    if inline:
        return " + ".join(f"{t.label} {fmt(t.number)}" for t in terms) + f" = {total}"
    if len(terms) == 1:
        return f"{terms[0].label} = {fmt(terms[0].number)}"
    labels = " + ".join(t.label for t in terms)
    values = " + ".join(fmt(t.number) for t in terms)
    return f"{labels} = {values} = {total}"


def sum_flag(
    check: str,
    total: Term,
    parts: Sequence[Term],
    ctx: Context = (),
    *,
    exhaustive: bool = True,
    inline: bool = False,
    severity: str = "error",
    extra_ids: Sequence[str] = (),
) -> Flag | None:
    """Total versus the sum of its parts.

    Parts that are not stated are left out: a missing part is not an error, so equality is
    only asked when every part is stated and the list is `exhaustive`. Stated parts that
    already exceed the total are always an error.
    """
    stated = [p for p in parts if p.known]
    if not total.known or not stated:
        return None
    parts_sum = sum(p.number for p in stated)
    whole = exhaustive and len(stated) == len(parts)
    if parts_sum > total.number + EPSILON:
        note = "" if len(stated) == len(parts) else " (the stated parts alone exceed it)"
    elif whole and abs(parts_sum - total.number) > EPSILON:
        note = ""
    else:
        return None
    message = (
        f"{equation(stated, inline=inline)}, but {total.label} is {fmt(total.number)}"
        f"{note}{context_note(ctx)}"
    )
    ids = [*total.ids, *(i for p in stated for i in p.ids), *extra_ids]
    return Flag(check=check, severity=severity, message=message, facts=list(dict.fromkeys(ids)))
