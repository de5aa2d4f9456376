"""The scoring rules of the evaluation (the gold folder's README), as small pure functions.

Every number `baocao eval` prints comes from here, so the tests pin each rule down with
hand-written cases: facts match on metric, qualifiers (field names tolerant of case,
marks and slips) and value (rates within 0.01); references on kind, number and the gold's
date; quotes must occur in the source and write their figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

from extractors.numbers import WORD_NUMBER, parse_number, parse_word_number
from schemas import BY_CODE
from schemas.metrics import FAMILIES
from schemas.text import fold, fold_spaces, loose_key

NAME_RATIO = 0.85  # field names one or two slips apart still match
RATE_TOLERANCE = 0.01
DATE_FIELDS = ("period_start", "period_end", "issue_date")
PHRASE_FIELDS = ("report_type",)
_WORD_NUMBER_RE = regex.compile(WORD_NUMBER)
_DIGITS_RE = regex.compile(r"\d+(?:[.,]\d+)*")
_ZERO_WORD_RE = regex.compile(r"(?i)\bkhông\b")


def names_match(gold: str, got: str) -> bool:
    """Field names: equal without case, marks and punctuation, or a slip or two apart."""
    a, b = loose_key(gold), loose_key(got)
    return a == b or SequenceMatcher(None, a, b).ratio() >= NAME_RATIO


def qualifiers_match(gold: dict, got: dict) -> bool:
    """Same qualifier names; field names tolerant, other values without case or marks."""
    if set(gold) != set(got):
        return False
    for name, value in gold.items():
        if name == "field":
            if not names_match(str(value), str(got[name])):
                return False
        elif loose_key(str(value)) != loose_key(str(got[name])):
            return False
    return True


def values_match(metric: str, gold: float, got: float) -> bool:
    """Exactly equal; rates within 0.01 of a percentage point."""
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    known = BY_CODE.get(metric)
    if known is not None and known.is_rate:
        return abs(float(gold) - float(got)) <= RATE_TOLERANCE + 1e-9
    return float(gold) == float(got)


def same_key(gold: dict, got: dict) -> bool:
    return gold["metric"] == got["metric"] and qualifiers_match(
        gold.get("qualifiers") or {}, got.get("qualifiers") or {}
    )


def is_ignored(fact: dict, ignore: list[dict]) -> bool:
    return any(same_key(entry, fact) for entry in ignore)


@dataclass
class FactMatch:
    """Extracted facts against one gold file; facts are dicts with metric, qualifiers, value."""

    correct: list[tuple[dict, dict]] = field(default_factory=list)  # (gold, extracted)
    false_pos: list[dict] = field(default_factory=list)
    false_neg: list[dict] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)


def match_facts(gold: list[dict], extracted: list[dict], ignore: list[dict]) -> FactMatch:
    """One-to-one matching of extracted facts to gold facts.

    Keys under `ignore` are neither credited nor penalised, whatever the value; extracted
    facts whose metric is outside the vocabulary are left out (precision is over the
    vocabulary).
    """
    result = FactMatch()
    open_gold = [g for g in gold if not is_ignored(g, ignore)]
    for fact in extracted:
        if fact["metric"] not in BY_CODE:
            continue
        hit = next(
            (
                g
                for g in open_gold
                if same_key(g, fact) and values_match(g["metric"], g["value"], fact["value"])
            ),
            None,
        )
        if hit is not None:
            open_gold.remove(hit)
            result.correct.append((hit, fact))
        elif is_ignored(fact, ignore):
            result.ignored.append(fact)
        else:
            result.false_pos.append(fact)
    result.false_neg = open_gold
    return result


def near_miss(fact: dict, others: list[dict]) -> dict | None:
    """The fact of `others` with the same key (a wrong value rather than a wrong key)."""
    return next((o for o in others if same_key(o, fact)), None)


def _number_key(number: str) -> str:
    return "".join(fold(number).split())


def reference_matches(gold: dict, got: dict) -> bool:
    """Same kind and number; the same date too where the gold gives one."""
    if fold(gold["kind"]) != fold(got["kind"]):
        return False
    if _number_key(gold["number"]) != _number_key(got["number"]):
        return False
    return gold.get("date") is None or gold["date"] == got.get("date")


@dataclass
class ReferenceMatch:
    correct: list[tuple[dict, dict]] = field(default_factory=list)
    false_pos: list[dict] = field(default_factory=list)
    false_neg: list[dict] = field(default_factory=list)


def match_references(gold: list[dict], extracted: list[dict]) -> ReferenceMatch:
    """One-to-one: dated gold references first, so an undated one cannot take their match."""
    result = ReferenceMatch()
    unmatched = list(extracted)
    for ref in sorted(gold, key=lambda r: r.get("date") is None):
        hit = next((r for r in unmatched if reference_matches(ref, r)), None)
        if hit is None:
            result.false_neg.append(ref)
        else:
            unmatched.remove(hit)
            result.correct.append((ref, hit))
    result.false_pos = unmatched
    return result


def metadata_value_matches(name: str, gold: str | None, got: str | None) -> bool:
    """Dates exactly; the title phrase tolerantly; names without case and tone placement."""
    if gold is None or got is None:
        return gold is None and got is None
    if name in DATE_FIELDS:
        return gold == got
    if name in PHRASE_FIELDS:
        return names_match(gold, got)
    return fold(gold).strip(" .,;:") == fold(got).strip(" .,;:")


def score_metadata(gold: dict, got: dict) -> dict[str, bool]:
    """Per field of the gold report record: does the extracted value match?"""
    return {name: metadata_value_matches(name, gold[name], got.get(name)) for name in gold}


def figure_in_quote(value: float, quote: str) -> bool:
    """Does the quote write the figure (digits, a number word, or `không` for 0)?

    Every run of digits counts here, also inside `11/11` or `100%`, which the extractors'
    number finder passes over on purpose: this only asks whether the figure is written.
    """
    for match in _DIGITS_RE.finditer(quote):
        number = parse_number(match.group(0))
        if number is not None and abs(float(number) - float(value)) < 1e-9:
            return True
    for match in _WORD_NUMBER_RE.finditer(quote):
        word_value = parse_word_number(match.group(0))
        if word_value is not None and word_value == value:
            return True
    return value == 0 and bool(_ZERO_WORD_RE.search(quote))


def quote_in_source(quote: str, folded_surface: str) -> bool:
    """Does the quote occur verbatim in the source once white space is folded?"""
    return bool(quote) and fold_spaces(quote) in folded_surface


@dataclass
class Counts:
    """Recall counts over every document, precision counts over complete ones only."""

    tp: int = 0  # gold facts found
    fn: int = 0
    tp_p: int = 0  # extracted facts that are right (documents scored for precision)
    fp: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.tp_p += other.tp_p
        self.fp += other.fp

    @property
    def precision(self) -> float | None:
        total = self.tp_p + self.fp
        return self.tp_p / total if total else None

    @property
    def recall(self) -> float | None:
        total = self.tp + self.fn
        return self.tp / total if total else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fn": self.fn,
            "tp_precision": self.tp_p,
            "fp": self.fp,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def count_facts(match: FactMatch, complete: bool) -> dict[str, Counts]:
    """Counts per metric family (and `overall`) for one document."""
    counts = {name: Counts() for name in (*FAMILIES, "overall")}
    for gold, _ in match.correct:
        for name in (gold["metric"].split(".")[0], "overall"):
            counts[name].tp += 1
            counts[name].tp_p += int(complete)
    for gold in match.false_neg:
        family = gold["metric"].split(".")[0]
        counts.setdefault(family, Counts()).fn += 1
        counts["overall"].fn += 1
    if complete:
        for fact in match.false_pos:
            counts[BY_CODE[fact["metric"]].family].fp += 1
            counts["overall"].fp += 1
    return counts


def count_references(match: ReferenceMatch, complete: bool) -> Counts:
    return Counts(
        tp=len(match.correct),
        fn=len(match.false_neg),
        tp_p=len(match.correct) if complete else 0,
        fp=len(match.false_pos) if complete else 0,
    )
