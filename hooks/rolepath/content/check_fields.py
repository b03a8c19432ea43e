"""Checks a located YAML tree against a schema from ``schema.py``, in words authors use.

Only the JSON Schema keywords the schemas use are interpreted; a schema using another
keyword is a programming error and fails loudly in the tests, not quietly for authors.
"""

from __future__ import annotations

import datetime
import math
import re
import sys
import unicodedata
from typing import Any

from .diagnostics import Report, did_you_mean
from .i18n import N_, _, messages
from .schema import (
    BEHAVIOUR_REF_PATTERN,
    HANDLE_PATTERN,
    ID_PATTERN,
    ID_RE,
    PRACTICE_FILE_PATTERN,
    PRACTICE_KEY_PATTERN,
    SCHEMAS,
    Schema,
)
from .yamlsource import YMap, YScalar, YSeq, YValue

_KNOWN_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "items", "minItems", "uniqueItems",
    "minLength", "pattern", "enum", "minimum", "maximum", "exclusiveMinimum", "format", "default",
    "description", "const", "if", "then", "else", "not", "x-rolepath-ordered",
    "oneOf", "maxItems", "propertyNames",
}  # fmt: skip


def _assert_interpretable(schema: Schema) -> None:
    unknown = set(schema) - _KNOWN_KEYWORDS
    assert not unknown, f"schema keyword(s) not interpreted: {unknown}"
    for keyword in ("items", "if", "then", "else", "not", "additionalProperties", "propertyNames"):
        if isinstance(schema.get(keyword), dict):
            _assert_interpretable(schema[keyword])
    for child in [*schema.get("properties", {}).values(), *schema.get("oneOf", [])]:
        _assert_interpretable(child)
    for alternative in schema.get("oneOf", []):
        # A oneOf is told apart by the kind of YAML node alone: a text or a mapping, never two of one kind.
        assert alternative["type"] in ("string", "object"), alternative


for _schema in SCHEMAS.values():
    _assert_interpretable(_schema)  # once, at import: checking every value would cost every check


def check_fields(value: YValue | None, schema: Schema, report: Report, path: str, line: int) -> None:
    """Report every way ``value`` breaks ``schema``; ``line`` locates a missing top-level value."""
    _Checker(report, path).value(value, schema, "", line)


def as_date(scalar: YScalar) -> datetime.date | None:
    """A date written ``YYYY-MM-DD``, quoted or not; None if it is not one."""
    if isinstance(scalar.value, datetime.date) and not isinstance(scalar.value, datetime.datetime):
        return scalar.value
    try:
        return datetime.date.fromisoformat(scalar.text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", scalar.text) else None
    except ValueError:
        return None


def suggest_id(text: str) -> str:
    """The nearest valid id to what an author wrote: 'Prompting_Basics' -> 'prompting-basics',
    'Café' -> 'cafe', and a Cyrillic 'о' that looks like a Latin 'o' becomes that 'o'. Empty when
    a letter has no Latin stand-in ('модуль'): a guess would be no name the author meant."""
    if any(character.isalpha() and _latin(character) == "-" for character in text):
        return ""
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(_latin(character) for character in text).lower()).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)[:64].rstrip("-")
    return slug


def foreign_characters(text: str) -> str:
    """The characters outside ASCII in ``text``, each by code point and name (at most three):
    an id with a Cyrillic 'о' looks right and never matches."""
    seen = list(dict.fromkeys(character for character in text if ord(character) > 0x7F))
    named = [f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in seen[:3]]
    return ", ".join(named) + (_(" and more") if len(seen) > 3 else "")


def _latin(character: str) -> str:
    """An ASCII stand-in for one character: its letter without accents, or the Latin letter a
    letter of another script is named after ('CYRILLIC SMALL LETTER O'); '-' when there is none."""
    if character.isascii():
        return character
    plain = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
    if plain.isascii() and plain:
        return plain
    letter = re.fullmatch(r".* LETTER ([A-Z])", unicodedata.name(character, ""))
    return letter.group(1) if letter else "-"


class _Checker:
    def __init__(self, report: Report, path: str) -> None:
        self.report = report
        self.path = path

    def error(self, line: int, message: str) -> None:
        self.report.error(self.path, line, message)

    def value(self, value: YValue | None, schema: Schema, name: str, line: int) -> None:
        if "oneOf" in schema:
            schema = _alternative(value, schema)
        kind = schema.get("type")
        if value is None or (isinstance(value, YScalar) and value.value is None and not value.quoted):
            self.error(line, _("'%(name)s' is empty: write a value", name=name) if name else _("the file is empty"))
            return
        if kind == "object":
            self.mapping(value, schema, name, line)
        elif kind == "array":
            self.sequence(value, schema, name, line)
        elif kind in ("string", "integer", "number", "boolean"):
            self.scalar(value, schema, name, kind)
        else:  # pragma: no cover - guarded by the schema tests
            raise AssertionError(f"unsupported schema type {kind!r}")

    def mapping(self, value: YValue, schema: Schema, name: str, line: int) -> None:
        if not isinstance(value, YMap):
            found = _describe(value)
            message = (
                _("'%(name)s' must be a mapping of 'field: value' lines, not %(found)s", name=name, found=found)
                if name
                else _("the top level of the file must be a mapping of 'field: value' lines, not %(found)s",
                       found=found)
            )  # fmt: skip
            self.error(value.line, message)
            return
        properties: dict[str, Schema] = schema.get("properties", {})
        prefix = f"{name}." if name else ""
        extra = schema.get("additionalProperties")
        key_pattern = schema.get("propertyNames", {}).get("pattern")
        for key, entry in value.entries.items():
            if key in properties:
                self.value(entry.value, properties[key], prefix + key, entry.key_line)
            elif isinstance(extra, dict):
                if key_pattern and not re.search(key_pattern, key):
                    expected = _pattern_hint(key_pattern)
                    message = _("'%(name)s' is not a valid name here: expected %(expected)s", name=prefix + key,
                                expected=expected)  # fmt: skip
                    self.error(entry.key_line, message)
                    continue
                self.value(entry.value, extra, f"{name}['{key}']", entry.key_line)
            elif extra is False:
                hint = did_you_mean(key, properties) or _(" (allowed: %(fields)s)", fields=", ".join(properties))
                self.error(entry.key_line, _("unknown field '%(name)s'", name=prefix + key) + hint)
        first_line = min((e.key_line for e in value.entries.values()), default=value.line)
        for key in schema.get("required", []):
            if key not in value.entries:
                description = properties.get(key, {}).get("description", "")
                hint = f" ({_(description).rstrip('.')})" if description else ""
                message = _("missing required field '%(name)s'", name=prefix + key) + hint
                self.error(first_line if not name else line, message)
        if schema.get("x-rolepath-ordered"):
            self.order(value, list(properties), name)
        self.conditional(value, schema, prefix, first_line)

    def order(self, value: YMap, expected: list[str], name: str) -> None:
        present = [key for key in value.entries if key in expected]
        wanted = [key for key in expected if key in value.entries]
        if present != wanted:
            entry = value.entries[present[0]] if present else None
            self.error(
                entry.key_line if entry else value.line,
                _("'%(name)s' must list %(expected)s in that order (found %(found)s)",
                  name=name, expected=", ".join(expected), found=", ".join(present)),
            )

    def conditional(self, value: YMap, schema: Schema, prefix: str, line: int) -> None:
        if "if" not in schema:
            return
        condition = schema["if"]
        matches = all(key in value.entries for key in condition.get("required", [])) and all(
            _scalar_text(value.entries[key].value) == rule["const"]
            for key, rule in condition.get("properties", {}).items()
            if key in value.entries
        )
        trigger = next(iter(condition.get("properties", {})), "")
        trigger_value = condition.get("properties", {}).get(trigger, {}).get("const", "")
        allowed = schema.get("properties", {}).get(trigger, {}).get("enum")
        written = value.entries.get(trigger)
        if allowed and written is not None and _scalar_text(written.value) not in allowed:
            return  # the misspelt value is reported already; guessing what was meant would mislead
        if matches:
            for key in schema["then"].get("required", []):
                if key not in value.entries:
                    self.error(line, _("missing '%(name)s': a %(field)s '%(value)s' needs one",
                                       name=prefix + key, field=trigger, value=trigger_value))  # fmt: skip
        else:
            for key in schema["else"].get("not", {}).get("required", []):
                if key in value.entries:
                    self.error(
                        value.entries[key].key_line,
                        _(
                            "'%(name)s' is only for %(field)s '%(value)s': set '%(field)s: %(value)s'"
                            " or remove '%(key)s'",
                            name=prefix + key, field=trigger, value=trigger_value, key=key,
                        ),
                    )

    def sequence(self, value: YValue, schema: Schema, name: str, line: int) -> None:
        if not isinstance(value, YSeq):
            example = _scalar_text(value) if isinstance(value, YScalar) else "..."
            self.error(value.line, _("'%(name)s' must be a list: write %(field)s: [%(example)s]",
                                     name=name, field=name.rsplit(".", 1)[-1], example=example))  # fmt: skip
            return
        minimum = schema.get("minItems", 0)
        if len(value.items) < minimum:
            at_least = messages().ngettext(
                "'%(name)s' needs at least %(num)s item", "'%(name)s' needs at least %(num)s items", minimum, name=name
            )
            self.error(line, at_least)
        if "maxItems" in schema and len(value.items) > schema["maxItems"]:
            extra = value.items[schema["maxItems"]]
            self.error(extra.line, _("'%(name)s' has %(count)s items; at most %(most)s are allowed",
                                     name=name, count=len(value.items), most=schema["maxItems"]))  # fmt: skip
        seen: dict[str, int] = {}
        for index, item in enumerate(value.items):
            self.value(item, schema["items"], f"{name}[{index + 1}]", item.line)
            if schema.get("uniqueItems") and isinstance(item, YScalar):
                if item.text in seen:
                    self.error(
                        item.line, _("'%(item)s' is listed twice in '%(name)s' (first at line %(first)s)",
                                     item=item.text, name=name, first=seen[item.text]),
                    )
                seen.setdefault(item.text, item.line)

    def scalar(self, value: YValue, schema: Schema, name: str, kind: str) -> None:
        if not isinstance(value, YScalar):
            hint = ""
            if kind == "string" and isinstance(value, YMap) and len(value.entries) == 1:
                hint = _(": text that contains ': ' must be quoted, e.g. \"Why: because\"")
            message = _("'%(name)s' must be %(expected)s, not %(found)s", name=name, expected=_expected(kind),
                        found=_describe(value))  # fmt: skip
            self.error(value.line, message + hint)
            return
        if kind == "string":
            self.string(value, schema, name)
        elif kind == "boolean":
            if not isinstance(value.value, bool) or value.quoted or value.text not in ("true", "false"):
                self.error(value.line, _("'%(name)s' must be true or false, got '%(got)s'", name=name, got=value.text))
        else:
            self.number(value, schema, name, kind)

    def string(self, value: YScalar, schema: Schema, name: str) -> None:
        text = value.text
        if schema.get("minLength") and not text.strip():
            self.error(value.line, _("'%(name)s' is empty: write a value", name=name))
            return
        if "enum" in schema and text not in schema["enum"]:
            allowed = ", ".join(schema["enum"])
            hint = did_you_mean(text, schema["enum"])
            message = _("'%(name)s' is '%(text)s', which is not one of: %(allowed)s", name=name, text=text,
                        allowed=allowed)  # fmt: skip
            self.error(value.line, message + hint)
        if schema.get("pattern") == ID_RE.pattern and not ID_RE.match(text):
            self.error(value.line, _bad_id(text, name))
        elif "pattern" in schema and not re.search(schema["pattern"], text):
            expected = _pattern_hint(schema["pattern"])
            self.error(value.line, _("'%(name)s' is '%(text)s', which does not look right: expected %(expected)s",
                                     name=name, text=text, expected=expected))  # fmt: skip
        if schema.get("format") == "date" and as_date(value) is None:
            self.error(value.line, _("'%(name)s' must be a date written YYYY-MM-DD, e.g. 2027-06-30 (got '%(got)s')",
                                     name=name, got=text))  # fmt: skip

    def number(self, value: YScalar, schema: Schema, name: str, kind: str) -> None:
        number: Any = value.value
        if value.quoted and re.fullmatch(r"\s*[-+]?\d+(\.\d+)?\s*", value.text):
            bare = value.text.strip()
            self.error(value.line, _("'%(name)s' must be %(expected)s: remove the quotes, e.g. %(field)s: %(bare)s",
                                     name=name, expected=_expected(kind), field=_leaf(name), bare=bare))  # fmt: skip
            return
        is_number = isinstance(number, (int, float)) and not isinstance(number, bool) and not value.quoted
        if is_number and not -LARGEST_NUMBER <= number <= LARGEST_NUMBER and isinstance(number, int):
            # Python's integers have no end, but every figure made from it would fail to print.
            self.error(value.line, _("'%(name)s' is too large (%(digits)s digits): write a smaller number",
                                     name=name, digits=len(value.text)))  # fmt: skip
            return
        if is_number and not math.isfinite(number):
            is_number = False
        if not is_number or (kind == "integer" and not isinstance(number, int)):
            self.error(value.line, _("'%(name)s' must be %(expected)s, got '%(got)s'", name=name,
                                     expected=_expected(kind), got=value.text))  # fmt: skip
            return
        if isinstance(number, int) and not _PLAIN_INTEGER.fullmatch(value.text):
            # YAML 1.1 reads 010 as octal 8, 0x1A as 26, 1_000 as 1000 and 1:30 as 90.
            if re.fullmatch(r"[-+]?0[0-9]+", value.text):
                plain = value.text.replace("0", "", 1).lstrip("0") or "0"
                reading = _("%(number)s (octal)", number=number)
                fix = _("write it without the leading zero: %(field)s: %(plain)s", field=_leaf(name), plain=plain)
            else:
                reading = str(number)
                fix = _("write the number in plain digits: %(field)s: %(number)s", field=_leaf(name), number=number)
            self.error(value.line, _("'%(name)s' is written '%(text)s', which YAML reads as %(reading)s: %(fix)s",
                                     name=name, text=value.text, reading=reading, fix=fix))  # fmt: skip
            return
        if out_of_bounds(number, schema):
            low, high = schema.get("minimum", schema.get("exclusiveMinimum")), schema.get("maximum")
            bounds = (
                _("'%(name)s' must be more than %(low)s to %(high)s, got %(got)s")
                if "exclusiveMinimum" in schema
                else _("'%(name)s' must be from %(low)s to %(high)s, got %(got)s")
            )
            self.error(value.line, bounds % {"name": name, "low": low, "high": high, "got": value.text})


LARGEST_NUMBER = sys.float_info.max
"""The largest number a field may hold: what pages, charts and adoption.json can print."""


def out_of_bounds(number: float, schema: Schema) -> bool:
    """Whether ``number`` is outside the schema's minimum (or exclusiveMinimum) and maximum."""
    if "exclusiveMinimum" in schema:
        too_low = number <= schema["exclusiveMinimum"]
    else:
        too_low = "minimum" in schema and number < schema["minimum"]
    return too_low or ("maximum" in schema and number > schema["maximum"])


_PLAIN_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _leaf(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _bad_id(text: str, name: str) -> str:
    suggestion = suggest_id(text)
    hint = " — " + _("did you mean '%(id)s'?", id=suggestion) if suggestion and suggestion != text else ""
    foreign = foreign_characters(text)
    contains = _("; it contains %(characters)s", characters=foreign) if foreign else ""
    message = _(
        "'%(name)s' has '%(text)s', which is not a valid id (lower-case a-z, 0-9 and '-', starting with a letter,"
        " at most 64 characters)",
        name=name, text=text,
    )  # fmt: skip
    return message + contains + hint


_PATTERN_HINTS = {
    HANDLE_PATTERN: N_("a GitHub user or team such as '@org/team'"),
    BEHAVIOUR_REF_PATTERN: N_("a behaviour as <path-id>/<behaviour-id>, e.g. 'ai-assisted-support/checks-summary'"),
    ID_PATTERN: N_("an id: lower-case a-z, 0-9 and '-', starting with a letter"),
    PRACTICE_FILE_PATTERN: N_("a file name in the exercise's practice folder, such as 'tickets.csv' (no folders)"),
    PRACTICE_KEY_PATTERN: N_("a Markdown file name in the exercise's practice folder, such as 'answer-key.md'"),
}


def _pattern_hint(pattern: str) -> str:
    return _(_PATTERN_HINTS[pattern])  # every pattern the schemas use has a hint (tests/test_schemas.py)


def _alternative(value: YValue | None, schema: Schema) -> Schema:
    """The oneOf alternative for this kind of node; a node of neither kind is checked against the first.

    A mapping that has none of the object's fields is text with an unquoted ': ' in it
    (``- Checks replies: all of them``), so it is checked as text, which says to quote it."""
    alternatives: list[Schema] = schema["oneOf"]
    wanted = "string"
    if isinstance(value, YMap):
        fields: dict[str, Schema] = next((a.get("properties", {}) for a in alternatives if a["type"] == "object"), {})
        wanted = "object" if set(value.entries) & set(fields) else "string"
    return next((a for a in alternatives if a["type"] == wanted), alternatives[0])


_EXPECTED = {"integer": N_("a whole number"), "number": N_("a number"), "string": N_("text"),
             "boolean": N_("true or false")}  # fmt: skip


def _expected(kind: str) -> str:
    return _(_EXPECTED[kind])


def _describe(value: YValue) -> str:
    if isinstance(value, YMap):
        return _("a mapping")
    if isinstance(value, YSeq):
        return _("a list")
    return f"'{value.text}'"


def _scalar_text(value: YValue) -> str:
    return value.text if isinstance(value, YScalar) else ""
