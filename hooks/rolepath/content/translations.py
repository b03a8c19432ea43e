"""Translated content: ``roles/<id>.<lang>.yml``, ``paths/<id>.<lang>.yml``,
``content/modules/<id>.<lang>.md``, ``content/leaders/<id>.<lang>.md`` and ordinary pages
(``content/about.de.md``) beside their sources.

A translated role, path, module or one-pager is its source with the text translated: the same
fields, the same list lengths, and every value that is not free text (ids, references, numbers,
dates, kinds) unchanged, so that progress, links and adoption records, all keyed by ids, mean the
same in every language. An ordinary page's translation is free-form.
`compare` says where a translation departs from that, as ``path:line`` errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Report
from .i18n import messages
from .model import LeaderPage, Module, Role, SkillPath
from .schema import Schema
from .yamlsource import YMap, YScalar, YSeq, YValue

TRANSLATION_NAME = re.compile(r"^(?P<id>[a-z][a-z0-9-]{0,63})\.(?P<language>[a-z]{2,3}(?:-[a-z]{2,4})?)\.(?:yml|md)$")
"""``support-agent.de.yml``: the id of the source, then the language."""


@dataclass(frozen=True)
class TranslationFile:
    path: str
    """The translation, relative to the repository root."""
    source: str
    """The file it translates, relative to the repository root."""
    kind: str
    item_id: str
    language: str


def translation_file(rel: str, kind: str) -> TranslationFile | None:
    """The translation ``rel`` is, if its name says it is one."""
    folder, _, name = rel.rpartition("/")
    match = TRANSLATION_NAME.match(name)
    if match is None:
        return None
    extension = name.rsplit(".", 1)[1]
    source = f"{folder}/{match['id']}.{extension}"
    return TranslationFile(rel, source, kind, match["id"], match["language"])


@dataclass
class Edition:
    """One language's translated items, by id (what is not here falls back to the source)."""

    language: str
    roles: dict[str, Role] = field(default_factory=dict)
    paths: dict[str, SkillPath] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    leaders: dict[str, LeaderPage] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)
    """Translated Markdown bodies (`load.Document`), by their source's path."""
    pages: dict[str, str] = field(default_factory=dict)
    """Ordinary pages' translations (``about.de.md``), by their source's path: both relative to the repository."""
    files: dict[str, TranslationFile] = field(default_factory=dict)
    """The translation files, by their source's path."""


def _free_text(schema: Schema) -> bool:
    """A string an author words (a title, a summary), as opposed to an id, a date or a choice."""
    return schema.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(schema)


def _branch(schema: Schema, node: YValue) -> Schema:
    """The ``oneOf`` alternative a node is written as (a behaviour is a text or a mapping)."""
    wanted = {YScalar: ("string", "number", "integer", "boolean"), YSeq: ("array",), YMap: ("object",)}[type(node)]
    for option in schema.get("oneOf", ()):
        if option.get("type") in wanted:
            return dict(option)
    return schema


def compare(source: YValue, translation: YValue, schema: Schema, path: str, report: Report, where: str = "") -> None:
    """Report every place ``translation`` changes the structure of ``source``: a field added or left
    out, a list of another length, an id, reference, number or date changed."""
    for line, message in _differences(source, translation, schema, where):
        report.error(path, line, message)


def _differences(source: YValue, translation: YValue, schema: Schema, where: str) -> Iterator[tuple[int, str]]:
    _ = messages().gettext
    schema = _branch(schema, source)
    named = f"'{where}'" if where else _("the file")
    if type(source) is not type(translation):
        yield (
            translation.line,
            _("%(field)s is written differently from the source: translate the text, keep the shape", field=named),
        )
        return
    if isinstance(source, YMap) and isinstance(translation, YMap):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, entry in translation.entries.items():
            if key not in source.entries:
                yield (
                    entry.key_line,
                    _(
                        "field '%(field)s' is not in the source: a translation translates the source's fields"
                        " and adds none; remove it (or add it to the source first)",
                        field=_join(where, key),
                    ),
                )
        for key, entry in source.entries.items():
            if key not in translation.entries:
                yield (
                    translation.line,
                    _(
                        "field '%(field)s' of the source is missing: translate it (or copy it unchanged)",
                        field=_join(where, key),
                    ),
                )
                continue
            sub = properties.get(key, extra if isinstance(extra, dict) else {})
            yield from _differences(entry.value, translation.entries[key].value, sub, _join(where, key))
    elif isinstance(source, YSeq) and isinstance(translation, YSeq):
        if len(source.items) != len(translation.items):
            yield (
                translation.line,
                _(
                    "%(field)s has %(count)s items, the source %(source)s: a translation keeps every item,"
                    " in the source's order",
                    field=named,
                    count=len(translation.items),
                    source=len(source.items),
                ),
            )
            return
        items = schema.get("items", {})
        for index, (one, other) in enumerate(zip(source.items, translation.items, strict=True)):
            yield from _differences(one, other, items, f"{where}[{index + 1}]")
    elif isinstance(source, YScalar) and isinstance(translation, YScalar):
        if _free_text(schema) or source.value == translation.value:
            return
        yield (
            translation.line,
            _(
                "%(field)s is '%(value)s', the source's is '%(source)s': translations keep ids, references,"
                " numbers and dates as they are; put the source's value back",
                field=named,
                value=translation.text,
                source=source.text,
            ),
        )


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
