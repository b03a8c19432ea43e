"""Raw HTML in authors' Markdown: the elements that have no end tag, and how deep tags nest.

Both the content checks and the output need these: `rolepath check` and every build refuse
HTML nested deeper than `MAX_DEPTH` (the sanitiser would take minutes over it), the audience
block scanner knows an element with no end tag ends at its tag, and the sanitiser counts depth
the same way.
"""

from __future__ import annotations

import re

VOID_ELEMENTS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
"""HTML elements that have no end tag."""

MAX_DEPTH = 256
"""Deepest element nesting accepted. HTML parsers do work proportional to the depth for every
element, so a body of 100,000 nested tags would take the sanitiser minutes; no Markdown an
author means to write comes near this."""


def too_deep(text: str, first_line: int = 1) -> tuple[int, str] | None:
    """Where HTML in ``text`` (HTML, or Markdown with raw HTML, whose first line is
    ``first_line``) starts nesting deeper than `MAX_DEPTH`: (line of the outermost tag, message),
    or None. `rolepath check` and the build report modules and one-pagers with it, and the
    build refuses any page the sanitiser would have to parse that deep."""
    if "<" not in text:
        return None
    depth, start = _nesting(text)
    if depth <= MAX_DEPTH:
        return None
    line = first_line + text.count("\n", 0, start)
    return line, f"HTML nests {depth} elements deep; the limit is {MAX_DEPTH}: flatten the raw HTML"


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>")
_OPTIONAL_END_TAG = frozenset(["p", "li", "dt", "dd", "tr", "td", "th", "option"])
"""Elements a browser closes when the next one of the same name starts: ``<li>a<li>b`` is flat."""


def _nesting(text: str) -> tuple[int, int]:
    """How deep start tags nest, and where the first chain deeper than `MAX_DEPTH` starts:
    exact for what Markdown writes, an over-estimate for sloppy HTML (a ``<div>`` never closed)."""
    open_tags: list[str] = []
    open_count: dict[str, int] = {}  # so an end tag of nothing open costs nothing: linear overall
    deepest = chain_start = too_deep_start = 0
    for tag in _TAG.finditer(text):
        name = tag.group(2).lower()
        if tag.group(1):
            while open_count.get(name):  # close it and whatever is still open inside it
                closed = open_tags.pop()
                open_count[closed] -= 1
                if closed == name:
                    break
            continue
        if name in VOID_ELEMENTS or tag.group(0).endswith("/>"):
            continue
        if not open_tags:
            chain_start = tag.start()
        elif name in _OPTIONAL_END_TAG and open_tags[-1] == name:
            open_count[open_tags.pop()] -= 1
        open_tags.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(open_tags) > deepest:
            if deepest <= MAX_DEPTH < len(open_tags):
                too_deep_start = chain_start
            deepest = len(open_tags)
    return deepest, too_deep_start
