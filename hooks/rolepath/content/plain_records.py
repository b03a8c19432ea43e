"""The quick way to read an adoption record, for the records that need no line-by-line reading.

A portal holds a record per team and week (200 teams over a year are 10,400 files), and almost
all of them are what the observation log exports: ``name: number`` lines, with ``observed:``
and ``measures:`` indented under their names. Composing each into located YAML nodes and
checking every node against the schema costs more than the rest of a build's loading. So a
record written in exactly that plain form is checked by one regular expression, which the
schema is compiled into (each field's name and the digits its value may have), and read by one
more and a split of each mapping's lines (the lines of its fields are found only if asked for);
a record in any other form (a blank line, a comment after the first field, quotes, flow
style...), or one that breaks the schema, is left to the full reader (`yamlsource.parse` and
`check_fields`), which reports every problem at its line. For a plain record both give the same
values and lines, and no problem (tests/test_plain_records.py holds the two together).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .schema import ADOPTION, Schema

Number = int | float
PlainValue = Number | dict[str, Number]

_DIGITS = "(?:0|[1-9][0-9]{0,307})"
"""A whole number YAML 1.1 reads as Python's ``int`` does (no sign, no leading zero, no '_'), and
below 10^308, so that every figure made from it prints."""
_NAME = r"[a-z][a-z0-9_/-]*"
_FIELDS = re.compile(rf"({_NAME}):(?: ([-0-9.]+)\n| \{{\}}\n|\n((?:  {_NAME}: [-0-9.]+\n)+))")
"""A field, once the record is known to be plain: its name, then its number, an empty mapping
``{}``, or the lines of its mapping."""
_ENTRIES = re.compile(rf"  ({_NAME}): ([-0-9.]+)\n")
_COMMENTS = re.compile(r"(?:#[ -~]*\n)*")
"""Comment lines before the first field, in printable ASCII (the sample records say they are samples)."""


@dataclass(frozen=True)
class PlainRecord:
    values: dict[str, PlainValue]
    """Each field's value: a number, or a mapping of names to numbers."""
    line: int
    """The line of the first field (where the full reader's mapping starts)."""
    lines: Mapping[str, int]
    """The line of each field, and of each name in a mapping as ``<field>/<name>``."""


def read_plain_record(text: str) -> PlainRecord | None:
    """The record in ``text`` if it is written in the plain form and keeps to the schema; None
    when the full reader must read it (to report what is wrong, or to read what is unusual)."""
    text = text.rstrip("\n") + "\n"  # empty lines at the end move no field
    start = _COMMENTS.match(text).end()  # type: ignore[union-attr]  # matches the empty string at least
    if _RECORD.fullmatch(text, start) is None:
        return None
    values: dict[str, PlainValue] = {}
    fields = _FIELDS.findall(text, start)
    for name, number, block in fields:
        if number:
            values[name] = _CONVERT[name](number)
        elif not block:
            values[name] = {}  # written {}
        else:
            # Checked by _RECORD: "  <name>: <number>" lines, with no ':' or space inside a name or number.
            words = block.replace(":", "").split()
            mapping = values[name] = dict(zip(words[::2], map(_CONVERT[name], words[1::2]), strict=True))
            if len(mapping) * 2 != len(words):
                return None  # a duplicate name
    if len(values) != len(fields):
        return None  # a duplicate field: the full reader says which
    if not values.keys() >= _REQUIRED:
        return None
    first = text.count("\n", 0, start) + 1
    return PlainRecord(values, first, _Lines(text, start, first))


class _Lines(Mapping[str, int]):
    """`PlainRecord.lines`, found when first asked for: only a record with a mistake the schema
    cannot see (a count above the team's size, an unknown behaviour) is ever asked, and finding
    the lines of every record took as long as reading them."""

    def __init__(self, text: str, start: int, first: int) -> None:
        self._text, self._start, self._first = text, start, first
        self._found: dict[str, int] | None = None

    def _lines(self) -> dict[str, int]:
        if self._found is None:
            lines: dict[str, int] = {}
            line = self._first
            for name, _number, block in _FIELDS.findall(self._text, self._start):
                lines[name] = line
                names = [key for key, _ in _ENTRIES.findall(block)]
                lines.update({f"{name}/{key}": n for n, key in enumerate(names, start=line + 1)})
                line += 1 + len(names)
            self._found = lines
        return self._found

    def __getitem__(self, key: str) -> int:
        return self._lines()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines())

    def __len__(self) -> int:
        return len(self._lines())

    def __repr__(self) -> str:  # as the full reader's dict prints: a Source's repr is part of fingerprints
        return repr(self._lines())


def _number(digits: str) -> Number:
    """A number as YAML reads it: a float when written with a decimal point."""
    return float(digits) if "." in digits else int(digits)


def _number_pattern(schema: Schema) -> str:
    """The digits `check_fields` accepts of a number of this schema (a few it accepts too, such as
    ``-0`` for a count, are left to the full reader)."""
    assert schema["type"] in ("integer", "number") and set(schema) <= {"type", "minimum", "description"}, schema
    assert schema.get("minimum", 0) == 0, schema  # any other bound: compile it here
    sign = "" if "minimum" in schema else "-?"
    return sign + _DIGITS + (r"(?:\.[0-9]+)?" if schema["type"] == "number" else "")


def _field_pattern(name: str, schema: Schema) -> str:
    """A field of the plain form whose value keeps to ``schema``."""
    if schema["type"] != "object":
        return rf"{re.escape(name)}: {_number_pattern(schema)}\n"
    assert set(schema) == {"type", "propertyNames", "additionalProperties", "description"}, schema
    names = schema["propertyNames"]["pattern"]
    assert names.startswith("^") and names.endswith("$") and "|" not in names, names
    entry = rf"  {names[1:-1]}: {_number_pattern(schema['additionalProperties'])}\n"
    return rf"{re.escape(name)}:(?: \{{\}}\n|\n(?:{entry})+)"


assert ADOPTION["type"] == "object" and ADOPTION["additionalProperties"] is False
_RECORD = re.compile("(?:" + "|".join(_field_pattern(n, f) for n, f in ADOPTION["properties"].items()) + ")+")
"""The schema compiled: any sequence of the record's fields, each with a value it allows."""
_REQUIRED = frozenset(ADOPTION["required"])
_CONVERT: dict[str, Callable[[str], Number]] = {
    name: int if (field.get("additionalProperties") or field)["type"] == "integer" else _number
    for name, field in ADOPTION["properties"].items()
}
"""How each field's digits (or its mapping's) become its value: an integer field's digits have no point."""
