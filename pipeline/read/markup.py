"""Strip the markdown and stray HTML that text exports carry, keeping every character's origin.

Text exports arrive as `## **I. KẾT QUẢ**`, `*a) ...*`, `<i>...</i>`, `<sup>2</sup>`, `&amp;`.
The words stay, the markup goes; `m<sup>2</sup>` reads `m2`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from schemas.document import Location

Text = tuple[str, list[Location]]

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_HEADING_TAIL = re.compile(r"\s+#+\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_STARS = re.compile(r"\*{1,3}")
_UNDERSCORES = re.compile(r"(?<!\w)__(?=\S)|(?<=\S)__(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def rewrite(text: str, origins: list[Location], pattern: re.Pattern, repl: Callable) -> Text:
    """Replace each match of `pattern` by `repl(match)`.

    `repl` returns None to keep the match, an int group number to keep that group's
    characters (with their origins), or a string that takes the origin of the match start.
    """
    out: list[str] = []
    out_origins: list[Location] = []
    pos = 0
    for m in pattern.finditer(text):
        choice = repl(m)
        if choice is None:
            continue
        out.append(text[pos : m.start()])
        out_origins.extend(origins[pos : m.start()])
        if isinstance(choice, int):
            s, e = m.span(choice)
            out.append(text[s:e])
            out_origins.extend(origins[s:e])
        elif choice:
            out.append(choice)
            out_origins.extend([origins[m.start()]] * len(choice))
        pos = m.end()
    if pos == 0:
        return text, origins
    out.append(text[pos:])
    out_origins.extend(origins[pos:])
    return "".join(out), out_origins


def _star(m: re.Match) -> str | None:
    """Emphasis stars go; a bullet star at the line start and a footnote `(*)` stay."""
    text, s, e = m.string, m.start(), m.end()
    if e - s == 1 and not text[:s].strip() and (e == len(text) or text[e] in " \t."):
        return None
    if s > 0 and text[s - 1] == "(" and e < len(text) and text[e] == ")":
        return None
    return ""


def _entity(m: re.Match) -> str | None:
    value = html.unescape(m.group(0))
    return None if value == m.group(0) else value.replace("\xa0", " ")


def strip_markup(text: str, origins: list[Location]) -> Text:
    """One line of a text export without its markdown and HTML."""
    if _RULE.match(text):
        return "", []
    if not any(c in text for c in "*#_<&[\\>"):
        return text, origins
    text, origins = rewrite(text, origins, _IMAGE, lambda m: "")
    text, origins = rewrite(text, origins, _LINK, lambda m: 1)
    text, origins = rewrite(text, origins, _COMMENT, lambda m: "")
    text, origins = rewrite(text, origins, _BR, lambda m: " ")
    text, origins = rewrite(text, origins, _TAG, lambda m: "")
    text, origins = rewrite(text, origins, _HEADING, lambda m: "")
    text, origins = rewrite(text, origins, _HEADING_TAIL, lambda m: "")
    text, origins = rewrite(text, origins, _QUOTE, lambda m: "")
    text, origins = rewrite(text, origins, _STARS, _star)
    text, origins = rewrite(text, origins, _UNDERSCORES, lambda m: "")
    text, origins = rewrite(text, origins, _ESCAPE, lambda m: 1)
    return rewrite(text, origins, _ENTITY, _entity)
