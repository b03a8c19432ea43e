"""Sanitising of the HTML that authors' Markdown turns into: on by default.

Markdown lets an author write raw HTML, and MkDocs publishes it as written: a ``<script>``,
an ``onerror`` handler or a ``javascript:`` link in a module runs in every reader's browser.
So what rolepath renders (module and one-pager bodies) goes through `sanitize_html`, and the
front matter ``title``/``description`` of every page is escaped (`escape_meta`). Ordinary pages'
bodies are passed through untouched unless the portal opts them in. The setting, under
``extra: rolepath:`` in mkdocs.yml (`adapter.options` reads it into a `Policy`)::

    sanitize: true            # the default: modules, one-pagers and front matter
    sanitize: {pages: true}   # ... and the bodies of ordinary pages too
    sanitize: false           # nothing: for a portal whose every author is trusted

The sanitiser is nh3, the Python binding of ammonia (Rust, html5ever's parser): it parses the
fragment the way a browser does and rebuilds it from an allowlist, so no trick of quoting,
encoding or broken markup gets an element or attribute through that is not on the list.
The list is what Python-Markdown and the extensions Material's own documentation uses produce
(tests/corpus/material-docs/), and nothing more: headings with permalinks, lists, tables,
code blocks with Pygments' spans and line anchors, admonitions, details, footnotes, content
tabs (radio inputs and labels), task lists, icons (inline SVG paths), comments, images and
links. Images load from the portal's own host only (`_local_resource`).

Text from YAML (titles, summaries, behaviours...) never needs this: the page templates escape
every value (Jinja autoescape). No MkDocs here: the adapter calls `sanitize_html`.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

import nh3

from ..content.raw_html import too_deep

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
        # pymdownx.details, pymdownx.tasklist, pymdownx.tabbed
        "details", "summary", "label", "input",
        # pymdownx.emoji with Material's icons: every bundled icon is one <svg> of <path>s
        "svg", "path",
    ]
)  # fmt: skip
"""Elements kept. Anything else is unwrapped (its text kept), except `DROPPED_WITH_CONTENT`."""

DROPPED_WITH_CONTENT = frozenset(["script", "style", "noscript", "template", "iframe", "object", "embed", "math"])
"""Elements removed together with everything inside them."""

ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "*": frozenset(["id", "class", "title", "lang", "dir"]),
    "a": frozenset(["href", "name"]),
    "img": frozenset(["src", "alt", "width", "height", "loading"]),
    "ol": frozenset(["start", "reversed"]),
    "li": frozenset(["value"]),
    "th": frozenset(["colspan", "rowspan", "scope", "style"]),
    "td": frozenset(["colspan", "rowspan", "style"]),
    "col": frozenset(["span"]),
    "colgroup": frozenset(["span"]),
    "div": frozenset(["data-audience", "data-tabs", "markdown"]),
    "details": frozenset(["open"]),
    "abbr": frozenset(["title"]),
    "time": frozenset(["datetime"]),
    "input": frozenset(["type", "name", "checked", "disabled"]),
    "label": frozenset(["for"]),
    "del": frozenset(["datetime"]),
    "ins": frozenset(["datetime"]),
    "svg": frozenset(["xmlns", "viewBox"]),
    "path": frozenset(["d"]),
}
"""Attributes kept, by element ("*": on every element). No event handlers, no ``style`` except
the text alignment Python-Markdown's tables write on cells, no ``target`` or ``form*``."""

INPUT_TYPES = frozenset(["checkbox", "radio"])
"""The inputs Markdown makes: a task list's checkbox, a content tab's radio button. Any other
input (a text field asking for a password) is removed whole."""

URL_SCHEMES = frozenset(["http", "https", "mailto", "tel"])
"""Schemes a link may use; relative URLs (pages, anchors, images) always pass."""

STYLE_PROPERTIES = frozenset(["text-align"])
"""The only CSS kept, and only on table cells: ``style="text-align: right;"``."""

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_:.\-]{0,199}")
_CLASS = re.compile(r"[A-Za-z_-][A-Za-z0-9_+#-]{0,99}")  # language-c++, language-c#
_AUDIENCE = re.compile(r"[a-z ]{1,100}")
_SIZE = re.compile(r"[0-9]{1,6}(?:px|%)?")
_TABS = re.compile(r"[0-9]{1,6}:[0-9]{1,6}")
_VIEW_BOX = re.compile(r"-?[0-9.]{1,12}(?:[ ,]+-?[0-9.]{1,12}){3}")
_PATH_DATA = re.compile(r"[MmZzLlHhVvCcSsQqTtAa0-9eE.,+\- \t\r\n]*")
_SVG_NAMESPACE = "http://www.w3.org/2000/svg"


@dataclasses.dataclass(frozen=True)
class Policy:
    """What a build sanitises, from ``extra: rolepath: sanitize:`` (see the module's docstring)."""

    rolepath_pages: bool = True
    """Module and one-pager bodies, and every page's front matter title and description."""
    ordinary_pages: bool = False
    """The bodies of the other Markdown pages (and the home page's own text)."""
    site: str = ""
    """site_url: the one host images may load from besides relative URLs."""


class SanitizeError(ValueError):
    """HTML the sanitiser refuses to work on (it would take too long): the page fails to build."""


def sanitize_html(fragment: str, site: str = "") -> str:
    """The HTML fragment with everything off the allowlist removed.

    Scripts, styles, frames, objects and MathML go with their content; other unknown elements
    are unwrapped; event handlers, ``style`` (but table-cell alignment), ``javascript:``/
    ``data:``/``vbscript:`` URLs and images from hosts other than ``site``'s are dropped.
    Raises `SanitizeError` for elements nested deeper than `raw_html.MAX_DEPTH`.
    """
    problem = too_deep(fragment)
    if problem is not None:
        raise SanitizeError(problem[1])
    cleaned: str = _cleaner(_origin(site)).clean(fragment)
    return _without_other_inputs(cleaned) if "<input" in cleaned else cleaned


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape the front matter fields the theme prints as HTML (``title``, ``description``).

    Material writes ``page.meta.title`` into ``<title>``, the header and the navigation without
    escaping; an author's front matter is as untrusted as the body.
    """
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = html.escape(value, quote=True)


def _origin(site_url: str) -> tuple[str, int] | None:
    """site_url's host and port, or None when it has none."""
    try:
        parts = urlsplit(site_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return (parts.hostname, port) if parts.hostname else None


def _local_resource(url: str, site: tuple[str, int] | None) -> bool:
    """Whether a page loading ``url`` talks only to its own host: a relative URL (``pic.png``,
    ``/img/pic.png``), or an absolute http(s) URL to site_url's host and port. Read the way a
    browser reads it: tabs and newlines are ignored and ``\\`` is ``/``, so ``/\\tracker`` is
    another host as much as ``//tracker`` is."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00- ").replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
        host, port = parts.hostname, parts.port
    except ValueError:
        return False
    if not parts.scheme and not cleaned.startswith("//"):
        return True
    if parts.scheme not in ("", "http", "https") or site is None or host is None:
        return False
    default_port = 80 if parts.scheme == "http" else 443 if parts.scheme == "https" else site[1]
    return (host, port or default_port) == site


def _attribute(element: str, attribute: str, value: str, site: tuple[str, int] | None) -> str | None:
    """Last checks on attributes already on the allowlist; None drops the attribute."""
    if attribute in ("id", "name", "for"):
        return value if _ID.fullmatch(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if _CLASS.fullmatch(name)]
        return " ".join(kept) or None
    if attribute == "src":
        return value if _local_resource(value, site) else None
    if attribute == "type":
        return value.lower() if value.lower() in INPUT_TYPES else None
    if attribute == "data-audience":
        return value if _AUDIENCE.fullmatch(value) else None
    if attribute == "markdown":  # what md_in_html leaves on raw HTML it did not process
        return value if value in ("", "1", "block", "span") else None
    if attribute == "data-tabs":
        return value if _TABS.fullmatch(value) else None
    if attribute == "xmlns":
        return value if value == _SVG_NAMESPACE else None
    if attribute == "viewBox":
        return value if _VIEW_BOX.fullmatch(value) else None
    if attribute == "d":
        return value if _PATH_DATA.fullmatch(value) else None
    if attribute in ("width", "height"):  # attr_list's { width="300px" }: browsers read the number
        return value if _SIZE.fullmatch(value) else None
    if attribute in ("start", "value", "span", "colspan", "rowspan"):
        return value if value.isdigit() and len(value) <= 6 else None
    if attribute == "loading":
        return value if value in ("lazy", "eager") else None
    return value


@functools.lru_cache(maxsize=8)
def _cleaner(site: tuple[str, int] | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=lambda element, attribute, value: _attribute(element, attribute, value, site),
        strip_comments=False,  # inert once parsed, and Material's icons and authors' notes have them
        link_rel=None,  # no `target` is allowed, so no rel is needed; links stay as written
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


_SERIALISED = re.compile(r"<!--.*?-->|<([a-zA-Z][^\s/>]*)((?:\s[^\s=>]+(?:=\"[^\"]*\")?)*)\s*/?>", re.DOTALL)
"""A comment or a start tag as html5ever writes them (every attribute value in double quotes,
``"`` written as ``&quot;``, ``<`` in text as ``&lt;``): on the sanitiser's output, a match
starts exactly where a tag or comment starts, never inside an attribute value or text."""
_TYPE = re.compile(r"\stype=\"(checkbox|radio)\"")


def _without_other_inputs(cleaned: str) -> str:
    """The sanitised HTML without inputs that are neither checkbox nor radio (an input whose
    type was dropped would be a text field)."""

    def keep(tag: re.Match[str]) -> str:
        if tag.group(1) == "input" and not _TYPE.search(tag.group(2)):
            return ""
        return tag.group(0)

    return _SERIALISED.sub(keep, cleaned)
