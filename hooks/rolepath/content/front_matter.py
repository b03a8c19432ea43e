"""An ordinary page's audience, read from its front matter the way MkDocs reads front matter.

An ordinary page is for one audience with ``audience: managers`` in its front matter (several
may be listed, separated by spaces). A front matter that mentions an audience but cannot be
read fails closed: the page is left out of every build for a particular audience, and
`page_problems` reports it to the author.
"""

from __future__ import annotations

import re

from .audience import AudienceError, unknown
from .audience_blocks import block_problems
from .yamlsource import YamlProblem, YMap, YScalar, YSeq, parse

_YAML_FRONT_MATTER = re.compile(r"-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)
"""The front matter MkDocs reads (mkdocs.utils.meta.YAML_RE), also at the very end of a file."""
_META_LINE = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"(?:[ ]{4}|\t)\s*(?P<value>.*)")
_MENTIONS_AUDIENCE = re.compile(r"^\s*audience\s*:", re.M | re.I)


def page_audience(markdown_text: str) -> str | None:
    """The audience an ordinary page's front matter names, or None (everyone).

    Reads both kinds of metadata MkDocs reads: a YAML front matter between ``---`` lines and
    MultiMarkdown-style ``key: value`` lines at the top. The value is returned as written
    (`visible` hides unknown values from every particular audience); `page_problems` reports
    them. Raises `AudienceError` when a front matter mentions an audience but cannot be read.
    """
    return _located_audience(markdown_text)[0]


def _normalised(markdown_text: str) -> str:
    """The text as MkDocs reads it: no byte order mark, newlines as '\\n'."""
    return markdown_text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _located_audience(markdown_text: str) -> tuple[str | None, int]:
    text = _normalised(markdown_text)
    match = _YAML_FRONT_MATTER.match(text)
    if match:
        return _yaml_audience(match.group(1))
    return _multimarkdown_audience(text)


def _yaml_audience(front_matter: str) -> tuple[str | None, int]:
    mentioned = _MENTIONS_AUDIENCE.search(front_matter)
    left_out = "the page names an audience, so it is left out of every edition but the full one"
    try:
        tree, problems = parse(front_matter, 2)
    except YamlProblem as problem:
        if mentioned:
            raise AudienceError(problem.line, f"{problem.message}; {left_out}") from None
        return None, 0
    if problems and mentioned:
        raise AudienceError(problems[0].line, f"{problems[0].message}; {left_out}")
    if not isinstance(tree, YMap):
        if mentioned:
            raise AudienceError(2, f"front matter is not a mapping of fields; {left_out}")
        return None, 0
    entry = tree.entries.get("audience")
    if entry is None:
        return None, 0
    value = entry.value
    if isinstance(value, YScalar):
        return value.text.strip() or "''", entry.key_line
    if isinstance(value, YSeq) and all(isinstance(item, YScalar) for item in value.items):
        return " ".join(item.text for item in value.items if isinstance(item, YScalar)) or "[]", entry.key_line
    raise AudienceError(entry.key_line, f"audience must be one audience, or a list of them; {left_out}")


def _multimarkdown_audience(text: str) -> tuple[str | None, int]:
    """MkDocs' MultiMarkdown-style metadata: ``key: value`` lines up to the first blank line."""
    found: str | None = None
    found_line = 0
    key = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        meta = _META_LINE.fullmatch(line)
        more = _META_MORE.fullmatch(line)
        if meta:
            key = meta.group("key").lower().strip()
            value = meta.group("value").strip()
        elif more and key is not None:
            value = more.group("value").strip()
        else:
            break
        if key == "audience":
            found = value if found is None else f"{found} {value}"
            found_line = found_line or number
    return found, found_line


def page_problems(markdown_text: str) -> list[tuple[int, str]]:
    """Author mistakes in an ordinary page's audience markers, as (line, message), line 1-based."""
    found: list[tuple[int, str]] = []
    try:
        value, line = _located_audience(markdown_text)
    except AudienceError as error:
        found.append((error.line, error.message))
        value, line = None, 0
    if value is not None:
        found += [(line, message) for message in unknown(value)]
    text = _normalised(markdown_text)
    match = _YAML_FRONT_MATTER.match(text)
    if match:
        body_line = text[: match.end()].count("\n") + 1
        found += block_problems(text[match.end() :], body_line)
    else:
        found += block_problems(text, 1)
    return sorted(found)
