"""The quick way to read an adoption record, for the records that need no line-by-line reading.

A portal holds a record per team and week (200 teams over a year are 10,400 files), and almost
all of them are what the observation log exports: ``name: number`` lines, with ``observed:``
and ``measures:`` indented under their names. Composing each into located YAML nodes and
checking every node against the schema costs more than the rest of a build's loading. So a
record written in exactly that plain form is checked by one regular expression, which the
schema is compiled into (each field's name and the digits its value may have), and read by two
more; a record in any other form (a blank line, a comment after the first field, quotes, flow
style...), or one that breaks the schema, is left to the full reader (`yamlsource.parse` and
`check_fields`), which reports every problem at its line. For a plain record both give the same
values and lines, and no problem (tests/test_plain_records.py holds the two together).
"""

from __future__ import annotations

import re
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
    lines: dict[str, int]
    """The line of each field, and of each name in a mapping as ``<field>/<name>``."""


def read_plain_record(text: str) -> PlainRecord | None:
    """The record in ``text`` if it is written in the plain form and keeps to the schema; None
    when the full reader must read it (to report what is wrong, or to read what is unusual)."""
    text = text.rstrip("\n") + "\n"  # empty lines at the end move no field
    start = _COMMENTS.match(text).end()  # type: ignore[union-attr]  # matches the empty string at least
    if _RECORD.fullmatch(text, start) is None:
        return None
    values: dict[str, PlainValue] = {}
    lines: dict[str, int] = {}
    line = first = text.count("\n", 0, start) + 1
    for name, number, block in _FIELDS.findall(text, start):
        if name in values:
            return None  # a duplicate field: the full reader says which
        lines[name] = line
        line += 1
        if number:
            values[name] = float(number) if "." in number else int(number)
        elif not block:
            values[name] = {}  # written {}
        else:
            entries = _ENTRIES.findall(block)
            mapping = values[name] = {key: float(n) if "." in n else int(n) for key, n in entries}
            if len(mapping) != len(entries):
                return None  # a duplicate name
            lines.update({f"{name}/{key}": n for n, (key, _) in enumerate(entries, start=line)})
            line += len(entries)
    if not values.keys() >= _REQUIRED:
        return None
    return PlainRecord(values, first, lines)


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
