"""The versions a run records, so any stored figure can be traced to the code that made it."""

from __future__ import annotations

from importlib import metadata

import duckdb

from schemas.metrics import VOCABULARY_VERSION


def extractor_ids() -> list[str]:
    """Versioned ids of the built-in extractors; empty when the rules cannot be loaded."""
    try:
        from extractors.registry import by_id

        return sorted(by_id())
    except Exception:  # noqa: BLE001 - a run is still worth recording without them
        return []


def versions() -> dict:
    try:
        baocao = metadata.version("baocao")
    except metadata.PackageNotFoundError:
        baocao = "unknown"
    return {
        "baocao": baocao,
        "vocabulary": VOCABULARY_VERSION,
        "duckdb": duckdb.__version__,
        "extractors": extractor_ids(),
        "extraction": _extraction_version(),
    }


def _extraction_version() -> str:
    """The hash of the extraction code and vocabulary files (extractors/vocabulary.py)."""
    from extractors.vocabulary import extraction_version

    return extraction_version()
