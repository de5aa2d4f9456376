"""What a batch did, file by file, and its summary as a person reads it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.discover import shown


@dataclass
class FileOutcome:
    """What happened to one file: new | unchanged | replaced | failed | failed_before."""

    path: Path
    outcome: str
    document_id: str = ""
    facts: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    has_report: bool = False
    reason: str = ""
    quarantined: Path | None = None
    new_failure: bool = False
    note: str = ""  # e.g. the quarantine note could not be written


@dataclass
class IngestSummary:
    db: Path
    run_id: str
    files: list[FileOutcome] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome == "failed"]

    @property
    def new_failures(self) -> list[FileOutcome]:
        """Failures this run met for the first time: what the exit status reports."""
        return [f for f in self.files if f.new_failure]

    @property
    def facts(self) -> int:
        return sum(f.facts for f in self.files)

    @property
    def flags(self) -> Counter:
        total: Counter = Counter()
        for f in self.files:
            total.update(f.flags)
        return total

    def render(self) -> str:
        flags = self.flags
        before = self.count("failed_before")
        lines = [
            f"dataset {shown(self.db)} (run {self.run_id})",
            f"files: {self.count('new')} new, {self.count('unchanged')} unchanged, "
            f"{self.count('replaced')} replaced, {self.count('failed')} failed"
            + (f", {before} failed before (not retried: --retry-failed)" if before else "")
            + (
                f", {self.count('reextracted')} re-extracted by the current rules"
                if self.count("reextracted")
                else ""
            ),
            f"facts loaded: {self.facts}; reports: {sum(f.has_report for f in self.files)}",
            f"flags raised: {sum(flags.values())}"
            + "".join(f"\n  {check}: {n}" for check, n in sorted(flags.items())),
        ]
        for path, why in self.skipped:
            lines.append(f"skipped: {shown(path)}: {why}")
        for f in self.failed:
            where = f" (copied to {shown(f.quarantined)})" if f.quarantined else ""
            note = f" ({f.note})" if f.note else ""
            lines.append(f"failed: {shown(f.path)}: {f.reason}{where}{note}")
        db = shown(self.db)
        lines.append(
            f'look at the results: baocao query "select * from reports_wide" --db {db}'
            f"\n  or export them: baocao export --format xlsx --out baocao.xlsx --db {db}"
        )
        return "\n".join(lines)
