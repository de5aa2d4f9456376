"""What no rule claimed, over a folder: the most frequent labels of unclaimed figures.

Thousands of reports from hundreds of offices cannot all be annotated; the figures no metric
took, grouped by the label phrase before them, show which wordings the vocabulary lacks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extract import extract_file
from pipeline.ingest import discover


@dataclass
class LabelCount:
    """One label phrase and the unclaimed figures written after it."""

    label: str  # as first seen
    count: int = 0
    units: Counter = field(default_factory=Counter)
    example: str = ""  # `file: surface`


@dataclass
class CoverageReport:
    documents: int = 0
    claimed: int = 0
    unclaimed: int = 0
    failed: list[str] = field(default_factory=list)
    labels: dict[str, LabelCount] = field(default_factory=dict)

    def top(self, n: int) -> list[LabelCount]:
        return sorted(self.labels.values(), key=lambda x: (-x.count, x.label))[:n]

    def render(self, n: int = 30) -> str:
        share = (
            self.claimed / (self.claimed + self.unclaimed) if self.claimed + self.unclaimed else 0
        )
        lines = [
            f"{self.documents} document(s): {self.claimed} figures claimed by a fact, "
            f"{self.unclaimed} unclaimed ({share:.1%} claimed)",
        ]
        if self.failed:
            lines.append(f"could not be read: {', '.join(self.failed)}")
        lines += ["", f"{'count':>5}  {'unit':<10} label before the figure (example)"]
        for item in self.top(n):
            unit = ",".join(u or "-" for u, _ in item.units.most_common(2))
            lines.append(f"{item.count:>5}  {unit:<10} {item.label or '(none)'}   [{item.example}]")
        return "\n".join(lines)


def coverage(paths: Iterable[str | Path]) -> CoverageReport:
    """Extract every file under `paths` and count unclaimed figures by their label."""
    report = CoverageReport()
    groups: dict[str, LabelCount] = defaultdict(lambda: LabelCount(""))
    for path in discover(paths):
        result = extract_file(path)
        if result.document.get("status") == "failed":
            report.failed.append(path.name)
            continue
        report.documents += 1
        report.claimed += len(
            {(e.figure_start, e.figure_end) for f in result.facts for e in f.evidence}
        )
        report.unclaimed += len(result.unclaimed)
        for item in result.unclaimed:
            group = groups[item["label_key"]]
            if not group.label:
                group.label = item["label"]
                group.example = f"{path.name}: {item['surface']}"
            group.count += 1
            group.units[item["unit"]] += 1
    report.labels = dict(groups)
    return report
