"""From a figure's unit and words to a metric, through the decision table in
`vocab/decisions.toml`. The first row whose conditions hold decides; a row with no metric
abstains, so an ambiguous figure stays unclaimed instead of being guessed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors import vocabulary


@dataclass(frozen=True, slots=True)
class Row:
    """One decision: conditions on a figure, and the metric it gives ("" abstains)."""

    id: str
    metric: str
    units: frozenset[str] | None
    all: frozenset[str]
    any: frozenset[str]
    none: frozenset[str]
    parents: frozenset[str] | None
    previous: frozenset[str] | None = None
    near: frozenset[str] | None = None  # a label before the figure in its sentence, or the last
    after: frozenset[str] | None = None  # a label after the figure's own words, to the next
    earlier: frozenset[str] | None = None  # a metric of any figure before it in its sentence
    pair: frozenset[str] | None = None  # the metric of the count it is written in a pair with

    def holds(
        self,
        unit: str | None,
        words: frozenset[str],
        parent: str | None,
        previous: str | None,
        near: frozenset[str] = frozenset(),
        after: frozenset[str] = frozenset(),
        earlier: frozenset[str] = frozenset(),
        pair: str | None = None,
    ) -> bool:
        if self.units is not None and (unit or "none") not in self.units:
            return False
        if not self.all <= words or (self.any and not self.any & words) or self.none & words:
            return False
        if self.previous is not None and previous not in self.previous:
            return False
        if self.near is not None and not self.near & near:
            return False
        if self.after is not None and not self.after & after:
            return False
        if self.earlier is not None and not self.earlier & earlier:
            return False
        if self.pair is not None and pair not in self.pair:
            return False
        return self.parents is None or parent in self.parents


@lru_cache(maxsize=1)
def rows() -> tuple[Row, ...]:
    """The decision table, in order."""

    def opt(spec: dict, key: str) -> frozenset[str] | None:
        return frozenset(spec[key]) if key in spec else None

    return tuple(
        Row(
            id=spec["id"],
            metric=spec["metric"],
            units=opt(spec, "unit"),
            all=frozenset(spec.get("all", ())),
            any=frozenset(spec.get("any", ())),
            none=frozenset(spec.get("none", ())),
            parents=opt(spec, "parent"),
            previous=opt(spec, "previous"),
            near=opt(spec, "near"),
            after=opt(spec, "after"),
            earlier=opt(spec, "earlier"),
            pair=opt(spec, "pair"),
        )
        for spec in vocabulary.load("decisions")["row"]
    )


def decide(
    unit: str | None,
    words: frozenset[str],
    parent: str | None,
    previous: str | None = None,
    near: frozenset[str] = frozenset(),
    after: frozenset[str] = frozenset(),
    earlier: frozenset[str] = frozenset(),
    pair: str | None = None,
) -> Row | None:
    """The first row that holds for the figure, or None when no row speaks of it; `near`
    holds the labels of the words before it in its sentence and of the sentence before,
    `after` those of the words after its own, up to the next figure or `;`, `earlier` the
    metrics of the figures before it in its sentence, `pair` the metric of the count it
    is written in a pair with (`33 lĩnh vực với 135 thủ tục`)."""
    for row in rows():
        if row.holds(unit, words, parent, previous, near, after, earlier, pair):
            return row
    return None
