"""The evaluation as a compact table for people and as a dict for machines.

The verbose form lists, per document, the facts found that the gold does not hold and the
gold facts not found, with quotes: what the people writing rules work from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.scoring import Counts, near_miss
from schemas.metrics import FAMILIES

if TYPE_CHECKING:
    from pipeline.evaluate import DocumentScore, EvalReport

QUOTE_WIDTH = 90


def _ratio(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole}" + (f" ({100 * part / whole:.1f}%)" if whole else "")


def family_counts(report: EvalReport) -> dict[str, Counts]:
    totals = {name: Counts() for name in (*FAMILIES, "overall")}
    for doc in report.documents:
        for name, counts in doc.fact_counts.items():
            totals.setdefault(name, Counts()).add(counts)
    return totals


def reference_counts(report: EvalReport) -> Counts:
    total = Counts()
    for doc in report.documents:
        total.add(doc.reference_counts)
    return total


def metadata_accuracy(report: EvalReport) -> dict[str, tuple[int, int]]:
    """Per report field: (documents right, documents with that field in gold)."""
    fields: dict[str, tuple[int, int]] = {}
    for doc in report.documents:
        for name, ok in doc.metadata.items():
            right, total = fields.get(name, (0, 0))
            fields[name] = (right + int(ok), total + 1)
    return fields


def evidence_summary(report: EvalReport) -> dict:
    total = sum(d.evidence_total for d in report.documents)
    problems = [p for d in report.documents for p in d.evidence_problems]
    return {
        "quotes": total,
        "valid": total - len(problems),
        "not_in_source": sum(not p["in_source"] for p in problems),
        "without_figure": sum(not p["has_figure"] for p in problems),
    }


def coverage_summary(report: EvalReport) -> dict[str, int]:
    """Figures claimed by a fact and figures no metric took, over all documents."""
    return {
        "claimed": sum(d.claimed for d in report.documents),
        "unclaimed": sum(d.unclaimed for d in report.documents),
    }


def flag_summary(report: EvalReport) -> dict[str, int]:
    """Documents the gold says do not add up and whether any flag was raised on them."""
    bad = [d for d in report.documents if d.gold.inconsistencies]
    good = [d for d in report.documents if not d.gold.inconsistencies]
    return {
        "inconsistent": len(bad),
        "flagged": sum(bool(d.flags) for d in bad),
        "consistent": len(good),
        "quiet": sum(not d.flags for d in good),
    }


def _counts_row(name: str, counts: Counts) -> str:
    return (
        f"{name:<12} {_ratio(counts.precision):>6} {_ratio(counts.recall):>6} "
        f"{_ratio(counts.f1):>6} {counts.tp:>5} {counts.fp:>5} {counts.fn:>5}"
    )


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _fact_label(fact: dict) -> str:
    qualifiers = fact.get("qualifiers") or {}
    shown = json.dumps(qualifiers, ensure_ascii=False) if qualifiers else ""
    return f"{fact['metric']}{shown} = {fact['value']}"


def _doc_name(doc: DocumentScore) -> str:
    """The scored file's name (the PDF or DOCX form when that is what the corpus held)."""
    name = Path(str(doc.source)).name
    return f"{doc.gold.subdir}/{name}" if doc.gold.subdir else name


def render_report(report: EvalReport, verbose: bool = False) -> str:
    lines = [
        f"Evaluation of {len(report.documents)} document(s): gold {report.gold_dir}, "
        f"corpus {report.corpus}"
    ]
    if report.missing:
        lines.append(f"Not in the corpus (not scored): {', '.join(report.missing)}")
    failed = [_doc_name(d) for d in report.documents if d.status == "failed"]
    if failed:
        lines.append(f"Could not be read (scored as empty): {', '.join(failed)}")
    incomplete = [_doc_name(d) for d in report.documents if not d.gold.complete]
    if incomplete:
        lines.append(f"Key-fact gold (recall only): {', '.join(incomplete)}")
    lines += ["", f"{'facts':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, counts in family_counts(report).items():
        if name == "overall":
            lines.append("-" * 50)
        lines.append(_counts_row(name, counts))
    lines += ["", _counts_row("references", reference_counts(report))]

    lines += ["", "report metadata (right / documents)"]
    fields = metadata_accuracy(report)
    cells = [f"{name} {right}/{total}" for name, (right, total) in fields.items()]
    for i in range(0, len(cells), 4):
        lines.append("  " + "   ".join(cells[i : i + 4]))

    ev = evidence_summary(report)
    fl = flag_summary(report)
    cov = coverage_summary(report)
    lines += [
        "",
        f"figures claimed by a fact: {cov['claimed']}; unclaimed: {cov['unclaimed']} "
        "(listed by `baocao extract --json`, counted by `baocao coverage`)",
        f"evidence quotes valid: {_share(ev['valid'], ev['quotes'])}; "
        f"not in source {ev['not_in_source']}, without their figure {ev['without_figure']}",
        f"flags: documents with inconsistencies flagged {fl['flagged']}/{fl['inconsistent']}; "
        f"consistent documents left unflagged {fl['quiet']}/{fl['consistent']}",
        "",
        f"{'document':<34} {'status':<8} {'P':>6} {'R':>6} {'F1':>6} {'refF1':>6} "
        f"{'flags exp/raised':>16} {'unclaimed':>9}",
    ]
    for doc in report.documents:
        overall = doc.fact_counts["overall"]
        conflicts = sum(f["check"] == "fact.conflict" for f in doc.flags)
        raised = f"{len(doc.gold.inconsistencies)}/{len(doc.flags)}"
        if conflicts:
            raised += f" ({conflicts} conflict)"
        lines.append(
            f"{_short(_doc_name(doc), 34):<34} {doc.status:<8} {_ratio(overall.precision):>6} "
            f"{_ratio(overall.recall):>6} {_ratio(overall.f1):>6} "
            f"{_ratio(doc.reference_counts.f1):>6} {raised:>16} {doc.unclaimed:>9}"
        )
    if verbose:
        for doc in report.documents:
            lines += ["", *render_errors(doc)]
    return "\n".join(lines)


def render_errors(doc: DocumentScore) -> list[str]:
    """What went wrong on one document, one line per item."""
    lines = [f"== {_doc_name(doc)} ({doc.status}; gold {doc.gold.file})"]
    lines += [f"  error: {e}" for e in doc.errors]
    extracted = [fact for _, fact in doc.facts.correct] + doc.facts.false_pos
    if doc.gold.complete:
        for fact in doc.facts.false_pos:
            gold = near_miss(fact, doc.facts.false_neg)
            note = f"  [gold: {gold['value']}]" if gold else ""
            quote = (fact.get("evidence") or [{}])[0].get("quote", "")
            lines.append(f"  FP {_fact_label(fact)}{note}  «{_short(quote)}»")
    for gold in doc.facts.false_neg:
        got = near_miss(gold, extracted)
        note = f"  [extracted: {got['value']}]" if got else ""
        lines.append(f"  FN {_fact_label(gold)}{note}  «{_short(gold.get('evidence', ''))}»")
    for ref in doc.references.false_pos if doc.gold.complete else []:
        lines.append(f"  ref FP {ref['kind']} {ref['number']} {ref.get('date')}")
    for ref in doc.references.false_neg:
        lines.append(f"  ref FN {ref['kind']} {ref['number']} {ref.get('date')}")
    for name, ok in doc.metadata.items():
        if not ok:
            lines.append(
                f"  meta {name}: got {doc.got_report.get(name)!r}, gold {doc.gold.report[name]!r}"
            )
    for item in doc.gold.inconsistencies:
        lines.append(f"  expected flag: {_short(item.get('check', ''))}")
    for flag in doc.flags:
        lines.append(f"  raised flag {flag['check']}: {_short(flag['message'])}")
    for problem in doc.evidence_problems:
        what = "not in source" if not problem["in_source"] else "figure missing"
        lines.append(
            f"  bad quote ({what}) {problem['metric']} = {problem['value']}: "
            f"«{_short(problem['quote'])}»"
        )
    return lines


def report_dict(report: EvalReport) -> dict:
    """Every figure of the evaluation, and per document the items behind them."""
    documents = []
    for doc in report.documents:
        documents.append(
            {
                "file": _doc_name(doc),
                "source": str(doc.source),
                "status": doc.status,
                "errors": doc.errors,
                "complete": doc.gold.complete,
                "facts": {k: v.as_dict() for k, v in doc.fact_counts.items()},
                "references": doc.reference_counts.as_dict(),
                "metadata": doc.metadata,
                "flags_expected": len(doc.gold.inconsistencies),
                "flags_raised": [f["check"] for f in doc.flags],
                "false_positives": [_plain(f) for f in doc.facts.false_pos],
                "false_negatives": [_plain(f) for f in doc.facts.false_neg],
                "references_false_positives": [_ref(r) for r in doc.references.false_pos],
                "references_false_negatives": [_ref(r) for r in doc.references.false_neg],
                "evidence_quotes": doc.evidence_total,
                "evidence_problems": doc.evidence_problems,
                "claimed": doc.claimed,
                "unclaimed": doc.unclaimed,
            }
        )
    return {
        "gold": str(report.gold_dir),
        "corpus": str(report.corpus),
        "missing": report.missing,
        "facts": {k: v.as_dict() for k, v in family_counts(report).items()},
        "references": reference_counts(report).as_dict(),
        "metadata": {
            k: {"right": r, "documents": t} for k, (r, t) in metadata_accuracy(report).items()
        },
        "evidence": evidence_summary(report),
        "flags": flag_summary(report),
        "coverage": coverage_summary(report),
        "documents": documents,
    }


def _plain(fact: dict) -> dict:
    return {
        "metric": fact["metric"],
        "qualifiers": fact.get("qualifiers") or {},
        "value": fact["value"],
    }


def _ref(ref: dict) -> dict:
    return {"kind": ref["kind"], "number": ref["number"], "date": ref.get("date")}
