"""Audiences: one repository, several editions of the portal.

Every role, path, module and one-pager may say who it is for (``audience: everyone``,
``employees``, ``managers`` or ``leaders``; everyone when left out). A build may be made for
one audience (``extra: rolepath: audience: employees`` in mkdocs.yml); it then leaves out
everything meant for the other audiences, everywhere: pages, listings, links, search,
sitemap and ``portal.json``. The full build (no audience, or ``everyone``) keeps everything.

The rule, for an item written for audience X:

* it is kept in the full build and in the build for X;
* an item for ``everyone`` is kept in every build;
* it is left out of every other build.

Inside Markdown (modules, one-pagers and ordinary pages), a block for some audiences is
written as an HTML block with ``md_in_html``::

    <div data-audience="managers" markdown>
    Only managers see this paragraph.
    </div>

and an ordinary page is for one audience with ``audience: managers`` in its front matter.
Several audiences may be listed, separated by spaces: ``data-audience="managers leaders"``.

Everything here fails closed: an audience value that is not one of the four, a block that
is never closed, a front matter that cannot be read: the content is left out of every build
for a particular audience (and `page_problems` / `block_problems` report it to the author).

No MkDocs here: the adapter calls these functions from its events.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..content.model import ManagerNotes, Module, OnePager, Portal, Ref, Role, SkillPath
from ..content.schema import AUDIENCES
from ..content.yamlsource import YamlProblem, YMap, YScalar, YSeq, parse
from . import urls

EVERYONE = "everyone"

MAX_PROBLEMS = 50
"""Audience-block problems reported for one file at most; a file with more has a bigger problem."""

_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
"""Elements that have no closing tag: an audience attribute on one removes only the tag."""


class AudienceError(ValueError):
    """An audience setting or marker that cannot be honoured, with the line it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# -- the build setting -------------------------------------------------------------------


def setting(extra: Mapping[str, Any] | None) -> str | None:
    """The build's audience from mkdocs.yml's ``extra: rolepath: audience:``.

    None means the full build (as does ``everyone``, returned as None). Raises `AudienceError`
    (line 0) for anything but one of the four audiences, so a typo never builds the full site
    where an edition for employees was meant.
    """
    options = (extra or {}).get("rolepath") or {}
    if not isinstance(options, Mapping):
        raise AudienceError(0, "extra: rolepath: must be a mapping of rolepath's options")
    value = options.get("audience")
    if value is None:
        return None
    if not isinstance(value, str) or value not in AUDIENCES:
        raise AudienceError(
            0, f"extra: rolepath: audience: {value!r} is not an audience: use one of {', '.join(AUDIENCES)}"
        )
    return None if value == EVERYONE else value


def is_full(audience: str | None) -> bool:
    """True for the build that keeps everything."""
    return audience is None or audience == EVERYONE


def visible(item_audience: str | None, audience: str | None) -> bool:
    """Whether content written for ``item_audience`` belongs in the build for ``audience``.

    ``item_audience`` may list several audiences separated by spaces; None means everyone.
    An unknown value is visible only in the full build.
    """
    if is_full(audience):
        return True
    wanted = (item_audience or EVERYONE).split()
    return EVERYONE in wanted or audience in wanted


def include_manager_guides(audience: str | None) -> bool:
    """Whether the build has manager guides (and managers' notes): not in the employees' edition."""
    return audience != "employees"


# -- the portal --------------------------------------------------------------------------


def for_audience(portal: Portal, audience: str | None, *, content_dir: str | os.PathLike[str] | None = None) -> Portal:
    """A new portal holding only what the build for ``audience`` may show.

    Items for other audiences are dropped, and so is every reference to them: a path level no
    longer lists a dropped module, a role no longer follows a dropped path, a module no longer
    names a dropped prerequisite. Without manager guides, the managers' notes of roles and
    paths and the roles' metrics to adjust are emptied too. With ``content_dir`` (the docs
    folder), ordinary pages whose front matter names another audience are dropped from
    ``portal.pages``; a page whose audience cannot be read is dropped from every build for a
    particular audience.
    """
    if is_full(audience):
        return Portal(
            dict(portal.roles), dict(portal.paths), dict(portal.modules), dict(portal.leaders), list(portal.pages)
        )
    guides = include_manager_guides(audience)
    modules = {key: module for key, module in portal.modules.items() if visible(module.audience, audience)}
    modules = {key: _module(module, modules) for key, module in modules.items()}
    paths = {
        key: _path(path, modules, guides) for key, path in portal.paths.items() if visible(path.audience, audience)
    }
    roles = {key: _role(role, paths, guides) for key, role in portal.roles.items() if visible(role.audience, audience)}
    leaders: dict[str, OnePager] = {
        key: pager for key, pager in portal.leaders.items() if visible(pager.audience, audience)
    }
    pages = list(portal.pages)
    if content_dir is not None:
        pages = [page for page in pages if _page_visible(Path(content_dir) / page, audience)]
    return Portal(roles, paths, modules, leaders, pages)


def _kept(refs: Iterable[Ref], kept: Mapping[str, object]) -> tuple[Ref, ...]:
    return tuple(ref for ref in refs if ref.id in kept)


def _module(module: Module, kept: Mapping[str, Module]) -> Module:
    return dataclasses.replace(module, prerequisites=_kept(module.prerequisites, kept))


def _path(path: SkillPath, modules: Mapping[str, Module], guides: bool) -> SkillPath:
    levels = tuple(dataclasses.replace(level, modules=_kept(level.modules, modules)) for level in path.levels)
    return dataclasses.replace(path, levels=levels, manager=path.manager if guides else ManagerNotes())


def _role(role: Role, paths: Mapping[str, SkillPath], guides: bool) -> Role:
    if guides:
        return dataclasses.replace(role, paths=_kept(role.paths, paths))
    return dataclasses.replace(role, paths=_kept(role.paths, paths), manager=ManagerNotes(), metrics_to_adjust=())


def _page_visible(path: Path, audience: str | None) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
        return visible(page_audience(text), audience)
    except (OSError, UnicodeDecodeError, AudienceError):
        return False  # fail closed: what cannot be read cannot be shown to the wrong people


def dropped_files(full: Portal, filtered: Portal) -> list[str]:
    """Authored Markdown files (paths relative to the docs folder) the build must leave out.

    Module and one-pager files are ordinary Markdown files to the host: unless they are removed
    from its file list, it would publish them anyway.
    """
    dropped = [urls.module_source(key) for key in full.modules if key not in filtered.modules]
    dropped += [urls.leader_source(key) for key in full.leaders if key not in filtered.leaders]
    kept_pages = set(filtered.pages)
    dropped += [page for page in full.pages if page not in kept_pages]
    return sorted(dropped)


# -- ordinary pages' front matter --------------------------------------------------------

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
        found += [(line, message) for message in _unknown(value)]
    text = _normalised(markdown_text)
    match = _YAML_FRONT_MATTER.match(text)
    if match:
        body_line = text[: match.end()].count("\n") + 1
        found += block_problems(text[match.end() :], body_line)
    else:
        found += block_problems(text, 1)
    return sorted(found)


def _unknown(value: str) -> list[str]:
    bad = [word for word in value.split() if word not in AUDIENCES]
    if not bad and value.split():
        return []
    shown = ", ".join(repr(word) for word in bad) or repr(value)
    return [f"audience {shown} is not an audience: use one of {', '.join(AUDIENCES)}"]


# -- audience blocks in Markdown ---------------------------------------------------------

_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_START_TAG = re.compile(
    rf"""<(?P<name>{_NAME})(?P<attributes>(?:\s+[^\s"'>/=]+(?:\s*=\s*{_VALUE})?)*)\s*(?P<slash>/?)>"""
)
_ONE_ATTRIBUTE = re.compile(rf"""\s+(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>{_VALUE}))?""")
_MARKER = re.compile(r"data-audience", re.I)
_FENCE = re.compile(r"[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})(.*)")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_TAG_OPENING = re.compile(r"<[A-Za-z]")
_AFTER_ANY = 1 << 62
_MAX_TAG = 4096
"""No start tag an author writes is longer; a marker further from a '<' is not in a tag."""


def strip_blocks(markdown: str, audience: str | None) -> str:
    """``markdown`` without the blocks marked for audiences other than ``audience``.

    A block is any HTML element carrying ``data-audience`` (the documented form is
    ``<div data-audience="managers" markdown>`` ... ``</div>``) with everything up to its
    matching closing tag, found the way Python-Markdown finds it (fenced code is code; a
    closing tag anywhere else closes). In the full build nothing is removed.

    Fails closed: a block that is never closed removes the rest of the text, and so does a
    ``data-audience`` outside code that is not part of a readable tag (`block_problems`
    reports both to the author).
    """
    if is_full(audience) or not _MARKER.search(markdown):
        return markdown
    fences = _fenced_ranges(markdown)
    code = sorted(fences + _code_spans(markdown, fences))
    closings = _Closings(markdown, fences)
    out: list[str] = []
    kept_from = 0
    position = 0
    while (marker := _MARKER.search(markdown, position)) is not None:
        position = marker.end()
        if _inside(code, marker.start()):
            continue
        tag = _tag_around(markdown, marker.start())
        if tag is None:  # a marker outside any tag and outside code: keep nothing after it
            out.append(markdown[kept_from : _line_start(markdown, marker.start())])
            return "".join(out)
        values = _audiences_of(tag)
        if not values or all(visible(value, audience) for value in values):
            position = tag.end()
            continue
        block_end = closings.end(tag)
        start, end = _whole_lines(markdown, tag.start(), len(markdown) if block_end is None else block_end)
        out.append(markdown[kept_from:start])
        kept_from = position = end
    out.append(markdown[kept_from:])
    return "".join(out)


def block_problems(markdown: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Author mistakes in audience blocks, as (file line, message); ``first_line`` is the file
    line the text starts on. At most `MAX_PROBLEMS` are reported."""
    found: list[tuple[int, str]] = []
    if _MARKER.search(markdown) is None:
        return found  # nearly every body: skip finding its code spans and fences
    fences = _fenced_ranges(markdown)
    code = sorted(fences + _code_spans(markdown, fences))
    closings = _Closings(markdown, fences)
    position = counted = 0
    line = first_line
    while len(found) < MAX_PROBLEMS and (marker := _MARKER.search(markdown, position)) is not None:
        position = marker.end()
        if _inside(code, marker.start()):
            continue
        line += markdown.count("\n", counted, marker.start())
        counted = marker.start()
        tag = _tag_around(markdown, marker.start())
        if tag is None:
            found.append(
                (line, "'data-audience' outside a tag: mark a block with <div data-audience=\"managers\" markdown>,"
                 " or put the words in `code`")
            )  # fmt: skip
            continue
        position = max(position, tag.end())
        values = _audiences_of(tag)
        for value in values:
            found += [(line, message) for message in _unknown(value)]
        if values and closings.end(tag) is None:
            name = tag.group("name")
            found.append((line, f"<{name} data-audience=...> is never closed: add </{name}> after the block"))
    return found[:MAX_PROBLEMS]


def _fenced_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the fenced code blocks that are closed; an unclosed fence is not
    code (Python-Markdown renders it as text, and the HTML after it as HTML)."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    opened: tuple[int, str, int] | None = None  # start offset, fence character, fence length
    for line in text.splitlines(keepends=True):
        fence = _FENCE.fullmatch(line.rstrip("\r\n"))
        if opened is None:
            if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
                opened = (offset, fence.group(1)[0], len(fence.group(1)))
        elif (
            fence and fence.group(1)[0] == opened[1] and len(fence.group(1)) >= opened[2] and not fence.group(2).strip()
        ):
            ranges.append((opened[0], offset + len(line)))
            opened = None
        offset += len(line)
    return ranges


def _code_spans(text: str, fences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inline code on one line (outside fences): a tag written there is shown, not applied."""
    spans = []
    for match in _CODE_SPAN.finditer(text):
        if "\n" not in match.group(0) and not _inside(fences, match.start()):
            spans.append((match.start(), match.end()))
    return spans


def _inside(ranges: list[tuple[int, int]], index: int) -> bool:
    """Whether ``index`` falls in one of ``ranges`` (sorted, not overlapping)."""
    at = bisect.bisect_right(ranges, (index, _AFTER_ANY)) - 1
    return at >= 0 and ranges[at][0] <= index < ranges[at][1]


def _tag_around(text: str, index: int) -> re.Match[str] | None:
    """The start tag whose attributes hold the character at ``index``, if there is one."""
    window = max(0, index - _MAX_TAG)
    starts = [match.start() for match in _TAG_OPENING.finditer(text, window, index)]
    for start in reversed(starts):
        tag = _START_TAG.match(text, start, start + _MAX_TAG)
        if tag is not None and tag.end() > index:
            return tag
    return None


def _audiences_of(tag: re.Match[str]) -> list[str]:
    """The values of every ``data-audience`` attribute of a start tag (usually one)."""
    values = []
    for attribute in _ONE_ATTRIBUTE.finditer(tag.group("attributes")):
        if attribute.group("name").lower() == "data-audience":
            value = attribute.group("value") or ""
            values.append(value[1:-1] if value[:1] in ("'", '"') else value)
    return values


class _Closings:
    """Where each element of a text ends, matching start and end tags of one name the way
    Python-Markdown does (fenced code is code), computed once per name: linear, however many
    blocks a file has."""

    def __init__(self, text: str, fences: list[tuple[int, int]]) -> None:
        self.text = text
        self.fences = fences
        self.by_name: dict[str, dict[int, int]] = {}

    def end(self, tag: re.Match[str]) -> int | None:
        """The offset after the element's closing tag; None when it is never closed."""
        name = tag.group("name").lower()
        if tag.group("slash") or name in _VOID:
            return tag.end()
        if name not in self.by_name:
            self.by_name[name] = self.match(name)
        return self.by_name[name].get(tag.start())

    def match(self, name: str) -> dict[int, int]:
        pattern = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I)
        ends: dict[int, int] = {}
        opened: list[int] = []
        for found in pattern.finditer(self.text):
            if _inside(self.fences, found.start()):
                continue
            if found.group(1):
                if opened:
                    ends[opened.pop()] = found.end()
            elif not found.group(0).endswith("/>"):
                opened.append(found.start())
        return ends


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole lines when the block has its lines to itself."""
    line_start = _line_start(text, start)
    if text[line_start:start].strip():
        return start, end
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end + 1
    if text[end:line_end].strip():
        return start, end
    return line_start, line_end


__all__ = [
    "AUDIENCES",
    "AudienceError",
    "block_problems",
    "dropped_files",
    "for_audience",
    "include_manager_guides",
    "is_full",
    "page_audience",
    "page_problems",
    "setting",
    "strip_blocks",
    "visible",
]
