"""Blocks of Markdown for some audiences.

Inside Markdown (modules, one-pagers and ordinary pages), a block for some audiences is
written as an HTML block with ``md_in_html``::

    <div data-audience="managers" markdown>
    Only managers see this paragraph.
    </div>

Several audiences may be listed, separated by spaces: ``data-audience="managers leaders"``.
Blocks are found the way Python-Markdown finds them (fenced code is code). Everything fails
closed: a block that is never closed, or a marker outside a readable tag, removes the rest of
the text from every build for a particular audience (and `block_problems` reports it).
"""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser

from .audience import is_full, unknown, visible
from .raw_html import VOID_ELEMENTS

MAX_PROBLEMS = 50
"""Audience-block problems reported for one file at most; a file with more has a bigger problem."""


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
    matching closing tag, found the way Python-Markdown finds it (fenced code is code, and so are
    comments and the raw text of <script> and <style>; a closing tag anywhere else closes). An
    HTML comment holding a marker is removed whole. In the full build nothing is removed.

    Fails closed: a block that is never closed removes the rest of the text, and so does a
    ``data-audience`` outside code that is not part of a readable tag (`block_problems`
    reports both to the author).
    """
    if is_full(audience) or not _MARKER.search(markdown):
        return markdown
    fences = fenced_ranges(markdown)
    code = sorted(fences + code_spans(markdown, fences))
    closings = _Closings(markdown, fences)
    out: list[str] = []
    kept_from = 0
    position = 0
    while (marker := _MARKER.search(markdown, position)) is not None:
        position = marker.end()
        if inside(code, marker.start()):
            continue
        hidden = closings.hidden_at(marker.start())
        if hidden == "comment":  # not rendered, but published in the page's source: removed whole
            start, end = _whole_lines(markdown, *closings.hidden_range(marker.start()))
            out.append(markdown[kept_from:start])
            kept_from = position = end
            continue
        tag = None if hidden else _tag_around(markdown, marker.start())
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
    fences = fenced_ranges(markdown)
    code = sorted(fences + code_spans(markdown, fences))
    closings = _Closings(markdown, fences)
    position = counted = 0
    line = first_line
    while len(found) < MAX_PROBLEMS and (marker := _MARKER.search(markdown, position)) is not None:
        position = marker.end()
        if inside(code, marker.start()):
            continue
        line += markdown.count("\n", counted, marker.start())
        counted = marker.start()
        hidden = closings.hidden_at(marker.start())
        if hidden == "comment":
            continue  # the comment is left out of every edition for particular audiences
        if hidden:
            found.append((line, f"'data-audience' inside <{hidden}>: move the block out of the <{hidden}> element"))
            continue
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
            found += [(line, message) for message in unknown(value)]
        if values and closings.end(tag) is None:
            name = tag.group("name")
            found.append((line, f"<{name} data-audience=...> is never closed: add </{name}> after the block"))
    return found[:MAX_PROBLEMS]


def fenced_ranges(text: str) -> list[tuple[int, int]]:
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


def code_spans(text: str, fences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inline code on one line (outside fences): a tag written there is shown, not applied."""
    spans = []
    for match in _CODE_SPAN.finditer(text):
        if "\n" not in match.group(0) and not inside(fences, match.start()):
            spans.append((match.start(), match.end()))
    return spans


def inside(ranges: list[tuple[int, int]], index: int) -> bool:
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


class _Closings(HTMLParser):
    """Where each element of a text ends, found with the HTML tokenizer Python-Markdown's own HTML
    block parser is built on: a tag inside a comment, a declaration or the raw text of <script>
    or <style> is no tag (a ``</div>`` there closes nothing), and fenced code is code. Start and
    end tags of one name are matched with a stack; one pass, however many blocks a file has."""

    def __init__(self, text: str, fences: list[tuple[int, int]]) -> None:
        super().__init__(convert_charrefs=False)
        self.ends: dict[int, int] = {}
        self.hidden: list[tuple[int, int, str]] = []
        """(start, end, 'comment' or the raw-text element's name) of what is not markup."""
        self._opened: dict[str, list[int]] = {}
        self._raw_text_from = 0
        self.feed(_without_code(text, fences))
        self.close()
        self.hidden.sort()

    def end(self, tag: re.Match[str]) -> int | None:
        """The offset after the element's closing tag; None when it is never closed."""
        if tag.group("slash") or tag.group("name").lower() in VOID_ELEMENTS:
            return tag.end()
        return self.ends.get(tag.start())

    def hidden_at(self, index: int) -> str | None:
        """'comment', 'script' or 'style' when ``index`` is in one, else None."""
        at = bisect.bisect_right(self.hidden, (index, _AFTER_ANY, "")) - 1
        if at >= 0 and self.hidden[at][0] <= index < self.hidden[at][1]:
            return self.hidden[at][2]
        return None

    def hidden_range(self, index: int) -> tuple[int, int]:
        at = bisect.bisect_right(self.hidden, (index, _AFTER_ANY, "")) - 1
        return self.hidden[at][0], self.hidden[at][1]

    # The tokenizer's own steps, wrapped to learn where each construct starts and ends
    # (rawdata is the whole text: it is fed at once).
    def parse_starttag(self, i: int) -> int:
        end = super().parse_starttag(i)
        if end > i:
            name = self.lasttag
            if name not in VOID_ELEMENTS and not self.rawdata.startswith("/>", end - 2):
                self._opened.setdefault(name, []).append(i)
            if self.cdata_elem is not None:
                self._raw_text_from = end
        return end

    def parse_endtag(self, i: int) -> int:
        raw_text = self.cdata_elem
        end = super().parse_endtag(i)
        match = _END_TAG_NAME.match(self.rawdata, i)
        if end > i and match and (raw_text is None or self.cdata_elem is None):
            name = match.group(1).lower()
            if raw_text is not None:
                self.hidden.append((self._raw_text_from, i, raw_text))
            if self._opened.get(name):
                self.ends[self._opened[name].pop()] = end
        return end

    def parse_comment(self, i: int, report: bool = True) -> int:
        end = super().parse_comment(i, report)
        if end > i:
            self.hidden.append((i, end, "comment"))
        return end

    def parse_bogus_comment(self, i: int, report: bool = True) -> int:
        end = super().parse_bogus_comment(i, report)
        if end > i:
            self.hidden.append((i, end, "comment"))
        return end

    def parse_html_declaration(self, i: int) -> int:
        end = super().parse_html_declaration(i)
        if end > i:
            self.hidden.append((i, end, "comment"))
        return end

    def parse_pi(self, i: int) -> int:
        end = super().parse_pi(i)
        if end > i:
            self.hidden.append((i, end, "comment"))
        return end


_END_TAG_NAME = re.compile(r"</\s*([A-Za-z][^\t\n\r\f />]*)")


def _without_code(text: str, fences: list[tuple[int, int]]) -> str:
    """``text`` with fenced code blanked (newlines kept, so offsets stay), and every '<' after the
    last '>' blanked too: no tag can start there, and the tokenizer would rescan to the end from
    each of them (quadratic on hostile text)."""
    parts = []
    kept_from = 0
    for start, end in fences:
        parts.append(text[kept_from:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        kept_from = end
    parts.append(text[kept_from:])
    blanked = "".join(parts)
    last = blanked.rfind(">") + 1
    return blanked[:last] + blanked[last:].replace("<", " ")


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
