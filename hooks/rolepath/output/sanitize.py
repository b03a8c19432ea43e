"""Opt-in sanitising of the HTML that authors' Markdown turns into.

Markdown lets an author write raw HTML, and MkDocs publishes it as written: a ``<script>``,
an ``onerror`` handler or a ``javascript:`` link in a module runs in every reader's browser.
Where the people who write modules are not all trusted with that (a portal open to pull
requests from many teams), ``extra: rolepath: sanitize: true`` in mkdocs.yml passes the HTML
of every Markdown body (modules, one-pagers, ordinary pages) through `sanitize_html`.

The sanitiser is nh3, the Python binding of ammonia (Rust, html5ever's parser): it parses the
fragment the way a browser does and rebuilds it from an allowlist, so no trick of quoting,
encoding or broken markup gets an element or attribute through that is not on the list.
The list below is what Python-Markdown and the extensions in rolepath's mkdocs.yml produce:
headings with ids and permalinks, paragraphs, lists, tables (with alignment), code blocks
with Pygments' spans, admonitions, details, task lists, images and links with safe schemes.

Text from YAML (titles, summaries, behaviours...) never needs this: the page templates escape
every value (Jinja autoescape). No MkDocs here: the adapter calls `sanitize_html`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, MutableMapping
from typing import Any

import nh3

from ..content.audience_blocks import VOID_ELEMENTS

TAGS = frozenset(
    [
        # text and structure
        "p", "br", "hr", "div", "span", "blockquote", "figure", "figcaption",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "a", "img",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
        "abbr", "kbd", "q", "cite", "dfn", "var", "samp", "time", "wbr",
        # lists
        "ul", "ol", "li", "dl", "dt", "dd",
        # tables
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        # code
        "pre", "code",
        # pymdownx.details, pymdownx.tasklist
        "details", "summary", "label", "input",
    ]
)  # fmt: skip
"""Elements kept. Anything else is unwrapped (its text kept), except `DROPPED_WITH_CONTENT`."""

DROPPED_WITH_CONTENT = frozenset(
    ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math"]
)
"""Elements removed together with everything inside them."""

ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "*": frozenset(["id", "class", "title", "lang", "dir"]),
    "a": frozenset(["href"]),
    "img": frozenset(["src", "alt", "width", "height", "loading"]),
    "ol": frozenset(["start", "reversed"]),
    "li": frozenset(["value"]),
    "th": frozenset(["colspan", "rowspan", "scope", "style"]),
    "td": frozenset(["colspan", "rowspan", "style"]),
    "col": frozenset(["span"]),
    "colgroup": frozenset(["span"]),
    "div": frozenset(["data-audience"]),
    "details": frozenset(["open"]),
    "abbr": frozenset(["title"]),
    "time": frozenset(["datetime"]),
    "input": frozenset(["checked"]),
    "del": frozenset(["datetime"]),
    "ins": frozenset(["datetime"]),
}
"""Attributes kept, by element ("*": on every element). No event handlers, no ``style`` except
the text alignment Python-Markdown's tables write on cells, no ``target`` or ``form*``."""

FORCED_ATTRIBUTES: Mapping[str, Mapping[str, str]] = {"input": {"type": "checkbox", "disabled": "disabled"}}
"""Attributes set whatever was written: the only input Markdown makes is a task list's
disabled checkbox, so every input becomes one (never a text field asking for a password)."""

URL_SCHEMES = frozenset(["http", "https", "mailto", "tel"])
"""Schemes a link or image may use; relative URLs (pages, anchors, images) always pass."""

STYLE_PROPERTIES = frozenset(["text-align"])
"""The only CSS kept, and only on table cells: ``style="text-align: right;"``."""

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_:.\-]{0,199}")
_CLASS = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]{0,99}")
_AUDIENCE = re.compile(r"[a-z ]{1,100}")


MAX_DEPTH = 256
"""Deepest element nesting accepted. HTML parsers do work proportional to the depth for every
element, so a body of 100,000 nested tags would take the sanitiser minutes; no Markdown an
author means to write comes near this."""


class SanitizeError(ValueError):
    """HTML the sanitiser refuses to work on (it would take too long): the page fails to build."""


def sanitize_html(fragment: str) -> str:
    """The HTML fragment with everything off the allowlist removed.

    Scripts, styles, frames, objects and embedded SVG/MathML go with their content; other
    unknown elements are unwrapped; event handlers, ``style`` (but table-cell alignment),
    ``javascript:``/``data:``/``vbscript:`` URLs and HTML comments are dropped. Raises
    `SanitizeError` for elements nested deeper than `MAX_DEPTH`.
    """
    depth = _nesting(fragment)
    if depth > MAX_DEPTH:
        raise SanitizeError(f"HTML nests {depth} elements deep; the limit is {MAX_DEPTH}: flatten the raw HTML")
    return _CLEANER.clean(fragment)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>")


def _nesting(fragment: str) -> int:
    """How deep start tags nest, counted the simple way: an over-estimate for sloppy HTML
    (a ``<p>`` never closed counts), exact for what Markdown writes."""
    depth = deepest = 0
    for tag in _TAG.finditer(fragment):
        if tag.group(1):
            depth = max(0, depth - 1)
        elif tag.group(2).lower() not in VOID_ELEMENTS and not tag.group(0).endswith("/>"):
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape the front matter fields the theme prints as HTML (``title``, ``description``).

    Material writes ``page.meta.title`` into ``<title>``, the header and the navigation without
    escaping; with sanitising on, an author's front matter is as untrusted as the body.
    """
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = html.escape(value, quote=True)


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """Last checks on attributes already on the allowlist; None drops the attribute."""
    if attribute == "id":
        return value if _ID.fullmatch(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if _CLASS.fullmatch(name)]
        return " ".join(kept) or None
    if attribute == "data-audience":
        return value if _AUDIENCE.fullmatch(value) else None
    if attribute in ("width", "height", "start", "value", "span", "colspan", "rowspan"):
        return value if value.isdigit() and len(value) <= 6 else None
    if attribute == "loading":
        return value if value in ("lazy", "eager") else None
    return value


def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        strip_comments=True,
        link_rel=None,  # no `target` is allowed, so no rel is needed; links stay as written
        set_tag_attribute_values={tag: dict(values) for tag, values in FORCED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


_CLEANER = _cleaner()
