"""YAML parsing that keeps the line of every value and refuses what PyYAML lets through.

PyYAML's ``safe_load`` forgets where values came from, keeps the last of two duplicate
keys without a word, and expands aliases without limit. Authors need the line of each
mistake, and a portal must not be taken down by a "billion laughs" file, so content is
composed into nodes and converted here into a small located tree instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

from .i18n import _

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no content needs, which terminals and pages would obey: an escape in YAML
("\\x1b") produces them even though the YAML reader refuses them written raw."""

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_YAML_ONLY_BREAK = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML 1.1 (PyYAML and libyaml count them), but not to editors, GitHub or git."""

MAX_DEPTH = 64
"""Deeper nesting than any real content needs; also what stops recursive aliases."""
MAX_NODES = 50_000
"""Values one document may expand to, aliases included: a bound on alias bombs."""
MAX_BYTES = 1_048_576
"""The largest YAML text (a file or a front matter block) that is parsed at all."""


@dataclass
class YScalar:
    """A scalar value with its line and the exact text the author wrote."""

    line: int
    value: object
    """The value as YAML 1.1 resolves it: ``no`` is False, ``2027-06-30`` a date."""
    text: str
    """The characters as written, which is what a text field wants (``title: No`` means "No")."""
    quoted: bool


@dataclass
class YSeq:
    line: int
    items: list[YValue] = field(default_factory=list)


@dataclass
class YEntry:
    key_line: int
    value: YValue


@dataclass
class YMap:
    line: int
    entries: dict[str, YEntry] = field(default_factory=dict)


YValue = YScalar | YSeq | YMap


class YamlProblem(Exception):
    """A document that cannot be read, with the line and an author-facing message."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse(text: str, first_line: int = 1) -> tuple[YValue | None, list[YamlProblem]]:
    """Parse one YAML document; ``first_line`` is the file line the text starts on.

    Returns the located tree (None for an empty document) and every problem that does
    not prevent reading the rest (duplicate keys). A problem that does is raised.
    """
    offset = first_line - 1
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        too_large = _("YAML is larger than %(size)s KiB: split it or trim it", size=MAX_BYTES // 1024)
        raise YamlProblem(first_line, too_large)
    # A lone CR ends a line for YAML and editors alike; as '\n' it is counted like one here too.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    breaks = _editor_invisible_breaks(text, offset)
    text = _YAML_ONLY_BREAK.sub(" ", text)  # so YAML's line numbers stay the editor's
    _refuse_tabs(text, offset)
    _refuse_deep_nesting(text, offset)
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, offset) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1 + offset
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        refused = _("control character %(character)s is not allowed in YAML text: delete it", character=character)
        raise YamlProblem(line, refused) from None
    except yaml.YAMLError as error:  # pragma: no cover - every scanner error carries a mark
        raise YamlProblem(first_line, _("YAML cannot be read: %(error)s", error=error)) from None
    except RecursionError:
        raise YamlProblem(first_line, _too_deep()) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        return None, []
    if len(documents) > 1:
        raise YamlProblem(
            documents[1].start_mark.line + 1 + offset,
            _("a second YAML document starts here (after '---'): one file holds one document"),
        )
    converter = _Converter(offset)
    tree = converter.convert(documents[0], 0)
    return tree, breaks + converter.problems


def split_lines(text: str) -> list[str]:
    """``text`` split after each line break an editor shows (LF, CRLF, CR), ends kept.

    Not `str.splitlines`, which also breaks at form feeds, NEL, U+2028 and others that no
    editor shows as a new line: line numbers would drift from the author's."""
    return _LINE.findall(text)


def _editor_invisible_breaks(text: str, offset: int) -> list[YamlProblem]:
    problems = []
    for match in _YAML_ONLY_BREAK.finditer(text):
        character = match.group()
        name = "NEXT LINE (NEL)" if character == "\x85" else unicodedata.name(character)
        line = text.count("\n", 0, match.start()) + 1 + offset
        named = f"U+{ord(character):04X} {name}"
        message = _(
            "%(character)s in the text: YAML reads it as a line break where editors show none:"
            " replace it with a newline or delete it",
            character=named,
        )
        problems.append(YamlProblem(line, message))
    return problems


def _refuse_tabs(text: str, offset: int) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise YamlProblem(number + offset, _("tab used for indentation: YAML indents with spaces only"))


_BLOCK_PREFIX = re.compile(r"^( *)((?:[-?:](?: +|$))*)", re.MULTILINE)
"""A line's indentation and the compact block indicators after it (`- - - x`, `? ? x`)."""
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"
"""What libyaml (0.2.5 as bundled with PyYAML 6.0.4 and later) says when it refuses nesting itself."""


def _refuse_deep_nesting(text: str, offset: int) -> None:
    """Stop nesting deeper than MAX_DEPTH before composing.

    libyaml's composer recurses on the C stack, once per level: ~50,000 nested '[' (100 KB),
    or as many compact block indicators (`- - - …`, `? ? …`: two bytes a level), crash the
    process before Python can count anything. Each level costs a flow bracket, a compact
    indicator or a column of indentation, so their sum bounds the depth: a cheap screen that
    passes every ordinary file, and only a suspicious one is walked event by event (libyaml's
    parser keeps its own stack, so walking cannot crash).
    """
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_DEPTH:
        widest = max(
            (len(match.group(1)) + 2 * len(match.group(2).split()) for match in _BLOCK_PREFIX.finditer(text)),
            default=0,
        )
        if brackets + widest <= MAX_DEPTH:
            return  # too shallow to nest that deep: the common case, at C speed
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    line = event.start_mark.line + 1 if event.start_mark else 1
                    raise YamlProblem(line + offset, _too_deep())
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if _LIBYAML_DEPTH_LIMIT in (error.problem or ""):
            raise _syntax_problem(error, offset) from None
        return  # composing reports the syntax error with its line
    except yaml.YAMLError:
        return


def _too_deep() -> str:
    return _("YAML nests deeper than %(depth)s levels: flatten the lists and mappings", depth=MAX_DEPTH)


def _syntax_problem(error: yaml.MarkedYAMLError, offset: int) -> YamlProblem:
    problem = (error.problem or "").strip()
    if _LIBYAML_DEPTH_LIMIT in problem:
        mark = error.problem_mark
        return YamlProblem((mark.line + 1 if mark else 1) + offset, _too_deep())
    context = (error.context or "").strip()
    # An unclosed quote, bracket or a field without its colon is found only lines later:
    # the line where the construct opened is the one to fix.
    opened_earlier = context.startswith(
        ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")
    )
    mark = (error.context_mark if opened_earlier else None) or error.problem_mark or error.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    message = _("YAML syntax error: %(problem)s", problem=problem) + (f" ({context})" if context else "")
    hint = _syntax_hint(problem, context)
    return YamlProblem(line, message + (f": {hint}" if hint else ""))


def _syntax_hint(problem: str, context: str) -> str:
    if "mapping values are not allowed" in problem:
        return _("quote text that contains ': ', or check the indentation of the line above")
    if "found character" in problem and "cannot start any token" in problem:
        return _("quote the value")
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return _("check the indentation, and that each field is written 'name: value'")
    if "found undefined alias" in problem:
        return _("define the anchor (&name) before using the alias (*name)")
    if "while scanning a quoted scalar" in context:
        return _("close the quote")
    return ""


class _Converter:
    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.nodes = 0
        self.problems: list[YamlProblem] = []
        self.constructor = SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def convert(self, node: yaml.Node, depth: int) -> YValue:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            expanded = _("YAML expands to more than %(count)s values (alias bomb?)", count=MAX_NODES)
            raise YamlProblem(self.line(node), expanded)
        if depth > MAX_DEPTH:
            raise YamlProblem(self.line(node), _too_deep())
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(self.line(node), [self.convert(item, depth + 1) for item in node.value])
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, depth)

    def scalar(self, node: yaml.ScalarNode) -> YScalar:
        if node.tag == _STR_TAG:
            value: object = node.value  # already the string; the constructor would only copy it
        else:
            value = self._construct(node)
        control = _CONTROL.search(node.value)
        if control:
            code = f"U+{ord(control.group()):04X}"
            message = _("control character %(character)s in a value: remove it", character=code)
            self.problems.append(YamlProblem(self.line(node), message))
        return YScalar(self.line(node), value, node.value, node.style in ("'", '"'))

    def _construct(self, node: yaml.ScalarNode) -> object:
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError, TypeError):
            # `2027-02-30` resolves as a timestamp but is no real date; `!!int ''` or
            # `!!bool perhaps` name a type the text is not. Either way the text is what was meant.
            return node.value

    def mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        result = YMap(self.line(node))
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_line, _("merge keys ('<<') are not supported: write the fields out"))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_line, _("a field name must be plain text, not a list or mapping"))
            key = key_node.value
            if key in result.entries:
                first = result.entries[key].key_line
                message = _(
                    "duplicate field '%(key)s' (first at line %(first)s): keep one of them", key=key, first=first
                )
                self.problems.append(YamlProblem(key_line, message))
                continue
            result.entries[key] = YEntry(key_line, self.convert(value_node, depth + 1))
        return result
