"""What a document is (báo cáo, tờ trình, kế hoạch, quyết định, công văn, ...) and whether
it reports administrative-reform results.

The type line of the title says the kind; a text with no type line (a portal's news item)
is a `tin bài`. A document reports reform results when its kind may report results and the
words of the trade (`vocab/documents.toml`) stand in its opening lines or often in its
body. Dossier and feedback figures are read only from such documents: an association's
application that `nhận được Đơn đề nghị` counts no dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors import layout, vocabulary
from schemas import Document


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str  # báo cáo | tờ trình | kế hoạch | quyết định | công văn | ... | tin bài
    reform: bool  # it reports administrative-reform results


def document_kind(doc: Document) -> Kind:
    """The document's kind and whether it reports reform results (computed once)."""
    found = doc.layers.get("kind")
    if found is None:
        found = _kind(doc.text)
        doc.layers["kind"] = found
    return found


def _kind(text: str) -> Kind:
    spec = vocabulary.load("documents")
    title = layout.find_title(text)
    kind = "tin bài"
    if title is not None:
        written = vocabulary.fold(" ".join(text[title.type_start : title.type_end].split()))
        for name, words in spec["kinds"].items():
            if written in {vocabulary.fold(w) for w in words}:
                kind = name
                break
    folded = vocabulary.fold(text)
    words = regex.compile(
        r"(?<![\p{L}\d])(?:"
        + "|".join(regex.escape(vocabulary.fold(w)) for w in spec["reform_words"])
        + r")(?![\p{L}\d])"
    )
    opening = folded[: spec["opening_chars"]]
    if title is not None:
        opening += " " + vocabulary.fold(text[title.summary_start : title.summary_end])
    named = words.search(opening) is not None
    often = len(words.findall(folded)) >= spec["body_mentions"]
    return Kind(kind, kind in spec["reporting"] and (named or often))
