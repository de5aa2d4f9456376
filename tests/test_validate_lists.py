"""A list that its total introduces with `gồm:` / `bao gồm` claims to name every part: when
it adds up to less than the total, a warning says so. Lists after `trong đó`, or parts read
elsewhere in the report, may leave parts out and raise nothing."""

from __future__ import annotations

import pytest

from pipeline.validate import validate
from schemas import Evidence, Fact, unit_of


def fact(metric: str, value: int, quote: str, start: int, **qualifiers: str) -> Fact:
    return Fact(
        id=f"{metric}{sorted(qualifiers.items())}={value}",
        metric=metric,
        qualifiers=qualifiers,
        value=value,
        unit=unit_of(metric),
        evidence=[Evidence(start=start, end=start + len(quote), quote=quote)],
        extractor="test",
    )


def documents(lead: str, total: int, parts: dict[str, int], gap: int = 0) -> list[Fact]:
    """A total and its typed parts, written in one sentence (or `gap` characters later)."""
    items = ", ".join(f"{n} {name}" for name, n in parts.items())
    sentence = f"Trong quý, UBND xã đã ban hành {total} văn bản{lead} {items}."
    out = [fact("docs_issued.total", total, sentence, 100)]
    for name, n in parts.items():
        at = 100 + sentence.index(f"{n} {name}") + gap
        out.append(fact("docs_issued.by_type", n, f"{n} {name}", at, doc_type=name))
    return out


TYPES = {"Quyết định": 40, "Công văn": 55, "Báo cáo": 31, "Kế hoạch": 12}  # 138 in all


@pytest.mark.parametrize(
    ("lead", "total", "gap", "severity"),
    [
        (", gồm:", 145, 0, "warning"),  # the list is complete by its wording, yet 138 < 145
        (" bao gồm", 140, 0, "warning"),
        (", gồm có:", 138, 0, None),  # adds up
        (", trong đó:", 145, 0, None),  # `trong đó` may name some parts only
        (", gồm:", 145, 3000, None),  # parts read far from the total are another list
        (", gồm:", 130, 0, "error"),  # parts beyond the total are always an error
    ],
)
def test_documents_listed_as_complete(lead: str, total: int, gap: int, severity) -> None:
    flags = [f for f in validate(documents(lead, total, TYPES, gap), None)]
    flags = [f for f in flags if f.check == "docs_issued.by_type_sum"]
    assert [f.severity for f in flags] == ([severity] if severity else [])


def test_dossiers_by_field_listed_as_complete() -> None:
    sentence = "Tiếp nhận 500 hồ sơ, gồm: Hộ tịch 260 hồ sơ, Chứng thực 190 hồ sơ."
    facts = [
        fact("dossier.received", 500, sentence, 0),
        fact("dossier.by_field", 260, "Hộ tịch 260 hồ sơ", 26, field="Hộ tịch"),
        fact("dossier.by_field", 190, "Chứng thực 190 hồ sơ", 45, field="Chứng thực"),
    ]
    flags = [f for f in validate(facts, None) if f.check == "dossier.by_field_sum"]
    assert [f.severity for f in flags] == ["warning"]
    assert "260" in flags[0].message and "500" in flags[0].message
