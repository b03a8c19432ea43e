"""The quick way to read an adoption record, for the records that need no line-by-line reading.

A portal holds a record per team and week (200 teams over a year are 10,400 files), and almost
all of them are what the observation log exports: ``name: number`` lines, with ``observed:``
and ``measures:`` indented under their names. Composing each into located YAML nodes and
checking every node against the schema costs more than the rest of a build's loading. So a
record written in exactly that plain form is read here with regular expressions, and checked
with the schema compiled into a few tests of each field; a record in any other form (a blank
line, a comment after the first field, quotes, flow style...), or one that breaks the schema, is
left to the full reader (`yamlsource.parse` and `check_fields`), which reports every problem at
its line. For a plain record both give the same values and lines, and no problem
(tests/test_plain_records.py holds the two together).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .check_fields import LARGEST_NUMBER, out_of_bounds
from .schema import ADOPTION, Schema

Number = int | float
PlainValue = Number | dict[str, Number]

_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
"""A number YAML 1.1 reads as Python's ``int`` or ``float`` would: no sign but '-', no leading
zero, no '_', no exponent."""
_NAME = r"[a-z][a-z0-9_/-]*"
_ENTRY = rf"  ({_NAME}): ({_NUMBER})\n"
"""A name and its number in a field's mapping, on a line of its own under the field."""
_FIELD = rf"({_NAME}):(?: ({_NUMBER})\n| (\{{\}})\n|\n((?:  {_NAME}: {_NUMBER}\n)+))"
"""A field: its name, then its number, an empty mapping ``{}``, or the lines of its mapping."""
_COMMENTS = re.compile(r"(?:#[ -~]*\n)*")
"""Comment lines before the first field, in printable ASCII (the sample records say they are samples)."""
_FIELDS = re.compile(_FIELD)
_ENTRIES = re.compile(_ENTRY)


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
    values: dict[str, PlainValue] = {}
    lines: dict[str, int] = {}
    line = first = text.count("\n", 0, start) + 1
    covered = start
    for name, number, braces, block in _FIELDS.findall(text, start):
        if name in values:
            return None  # a duplicate field: the full reader says which
        lines[name] = line
        if number:
            values[name] = float(number) if "." in number else int(number)
            covered += len(name) + len(number) + 3
            line += 1
        elif braces:
            values[name] = {}
            covered += len(name) + 4
            line += 1
        else:
            entries = _ENTRIES.findall(block)
            mapping = values[name] = {key: float(n) if "." in n else int(n) for key, n in entries}
            if len(mapping) != len(entries):
                return None  # a duplicate name
            lines.update({f"{name}/{key}": n for n, (key, _) in enumerate(entries, start=line + 1)})
            covered += len(name) + 2 + len(block)
            line += 1 + len(entries)
    # The fields found, one after the other, make up the whole text only if every line is plain.
    if covered != len(text) or not values.keys() >= _REQUIRED or not values.keys() <= _CHECKS.keys():
        return None
    if not all(check([values[name] for name in names if name in values]) for names, check in _GROUP_CHECKS):
        return None
    return PlainRecord(values, first, lines)


def _numbers_check(schema: Schema) -> Callable[[list[Any]], bool]:
    """What `check_fields` accepts of numbers written in plain digits, for this schema."""
    kind = schema["type"]
    assert kind in ("integer", "number") and set(schema) <= _NUMBER_KEYWORDS, schema
    allowed = {int} if kind == "integer" else {int, float}

    def check(numbers: list[Any]) -> bool:
        if not numbers:
            return True
        if not set(map(type, numbers)) <= allowed:
            return False  # a mapping where a number goes, or a fraction where a count does
        low, high = min(numbers), max(numbers)
        if not -LARGEST_NUMBER <= low <= high <= LARGEST_NUMBER:
            return False  # a number too large: the full reader tells
        if float in allowed and not math.isfinite(sum(numbers)):
            return False  # numbers too large to add up (none is infinite: the reader read digits)
        return not out_of_bounds(low, schema) and not out_of_bounds(high, schema)

    return check


def _mappings_check(schema: Schema) -> Callable[[list[Any]], bool]:
    """What `check_fields` accepts of mappings of names to numbers, for this schema."""
    assert schema["type"] == "object" and set(schema) == _MAPPING_KEYWORDS, schema
    pattern = schema["propertyNames"]["pattern"]
    assert pattern.startswith("^") and pattern.endswith("$") and "|" not in pattern, pattern
    names = re.compile(f"(?:{pattern[1:-1]}\n)*")
    """Every name of a mapping, one a line: a test of them all at once."""
    numbers = _numbers_check(schema["additionalProperties"])

    def check(mappings: list[Any]) -> bool:
        for mapping in mappings:
            if not isinstance(mapping, dict) or not numbers(list(mapping.values())):
                return False
            if mapping and names.fullmatch("\n".join(mapping) + "\n") is None:
                return False
        return True

    return check


def _group_checks(schema: Schema) -> list[tuple[tuple[str, ...], Callable[[list[Any]], bool]]]:
    """One test for each set of fields with the same rules (the counts share one), so that a
    record costs a few tests however many fields it has."""
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    groups: dict[str, list[str]] = {}
    rules: dict[str, Schema] = {}
    for name, field in schema["properties"].items():
        rule = {key: value for key, value in field.items() if key != "description"}
        key = repr(sorted(rule.items()))
        groups.setdefault(key, []).append(name)
        rules[key] = field
    return [
        (tuple(names), _mappings_check(rules[key]) if rules[key]["type"] == "object" else _numbers_check(rules[key]))
        for key, names in groups.items()
    ]


_NUMBER_KEYWORDS = {"type", "minimum", "exclusiveMinimum", "maximum", "description"}
_MAPPING_KEYWORDS = {"type", "propertyNames", "additionalProperties", "description"}
"""The keywords this reader interprets as `check_fields` does: a schema with another fails at import."""

_GROUP_CHECKS = _group_checks(ADOPTION)
_CHECKS = dict.fromkeys(ADOPTION["properties"])
"""The fields a record may have."""
_REQUIRED = frozenset(ADOPTION["required"])
