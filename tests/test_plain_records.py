"""The quick reader of adoption records (`plain_records`) and the full one agree.

A record in the plain form is read without composing YAML; any other record, and any record
that breaks the schema, goes to the full reader, which reports it at its line. These tests hold
the two together: the same records, the same lines, the same problems, for the portal's own
records, for every mistake below, and for thousands of random edits of a plain record.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from rolepath import load
from rolepath.content.check_fields import check_fields
from rolepath.content.diagnostics import Report
from rolepath.content.plain_records import read_plain_record
from rolepath.content.schema import ADOPTION
from rolepath.content.yamlsource import YamlProblem, YMap, YScalar, parse
from sites import REPO, WEEK, v2_portal

TODAY = datetime.date(2026, 12, 1)
W48 = "adoption/support-leeds/2026-W48.yml"
FULL_READER_ONLY = "# read by the full reader: a comment after the first field is not plain\n"
"""Appended to a record, it changes nothing YAML reads, and sends the record to the full reader."""


def _full_reader(text: str) -> tuple[dict[str, object], dict[str, int], list[tuple[int, str]]] | None:
    """What the full reader makes of ``text``: the values, the lines and every problem; None when it
    cannot read it at all."""
    try:
        tree, problems = parse(text)
    except YamlProblem:
        return None
    report = Report()
    check_fields(tree, ADOPTION, report, "record.yml", 1)
    found = [(p.line, p.message) for p in problems] + [(d.line, d.message) for d in report.errors]
    if not isinstance(tree, YMap):
        return {}, {}, found or [(0, "not a mapping")]
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for name, entry in tree.entries.items():
        lines[name] = entry.key_line
        if isinstance(entry.value, YMap):
            values[name] = {
                key: item.value.value if isinstance(item.value, YScalar) else item.value
                for key, item in entry.value.entries.items()
            }
            lines.update({f"{name}/{key}": item.key_line for key, item in entry.value.entries.items()})
        else:
            values[name] = entry.value.value if isinstance(entry.value, YScalar) else entry.value
    return values, lines, found


def _same_as_full_reader(text: str) -> None:
    plain = read_plain_record(text)
    full = _full_reader(text)
    if plain is None:
        return
    assert full is not None, f"the quick reader read what YAML cannot:\n{text}"
    values, lines, problems = full
    assert problems == [], f"the quick reader took a record with problems {problems}:\n{text}"
    assert plain.values == values and plain.lines == lines, text
    assert {name: type(value) for name, value in plain.values.items()} == {n: type(v) for n, v in values.items()}
    for name, value in plain.values.items():
        if isinstance(value, dict):
            assert [type(v) for v in value.values()] == [type(v) for v in values[name].values()], text  # type: ignore[attr-defined]
    assert plain.line == min(lines.values())


def test_the_portals_own_records_are_plain_and_read_alike() -> None:
    """The sample portal's records (and the export format they share) take the quick way."""
    records = sorted((REPO / "adoption").glob("*/*.yml"))
    assert len(records) >= 60
    for file in records:
        text = file.read_text(encoding="utf-8")
        assert read_plain_record(text) is not None, file
        _same_as_full_reader(text)


def test_the_observation_logs_export_is_plain() -> None:
    """What observation-log.js writes: the counts, then the behaviours seen, no measures."""
    exported = "people_observed: 3\nobserved:\n  a/b: 1\n  a/c: 0\nexperiments: 2\nrecognitions: 0\n"
    assert read_plain_record(exported) is not None
    assert read_plain_record("people_observed: 0\nexperiments: 1\n") is not None
    _same_as_full_reader(exported)


def test_a_plain_record_and_the_same_record_for_the_full_reader_load_alike(
    write_repo: Callable[..., Path], portal_texts: dict[str, str], tmp_path: Path
) -> None:
    plain_files = v2_portal(portal_texts)
    full_files = {
        rel: f"{text!s}{FULL_READER_ONLY}" if rel.startswith("adoption/") else text for rel, text in plain_files.items()
    }
    assert read_plain_record(str(plain_files[W48])) is not None
    assert read_plain_record(str(full_files[W48])) is None
    plain = load(write_repo(plain_files, tmp_path / "plain"), today=TODAY)
    full = load(write_repo(full_files, tmp_path / "full"), today=TODAY)
    assert plain.report.diagnostics == full.report.diagnostics == []
    assert plain.portal.adoption == full.portal.adoption
    for quick, slow in zip(plain.portal.adoption["support-leeds"], full.portal.adoption["support-leeds"], strict=True):
        assert quick.source.line == slow.source.line == 1
        assert dict(quick.source.field_lines) == dict(slow.source.field_lines)


SEEN = "  ai-assisted-support/summarises-thread: 4\n  ai-assisted-support/checks-policy: 2\n"
assert SEEN in WEEK

# Mistakes in records written in (nearly) the plain form: (what, the record, the line, words of the message).
MISTAKES = [
    ("a count below zero", WEEK.replace("experiments: 3", "experiments: -1"), 7, "'experiments' must be from 0"),
    ("a fraction in a count", WEEK.replace("experiments: 3", "experiments: 2.5"), 7, "must be a whole number"),
    ("a count with a leading zero", WEEK.replace("experiments: 3", "experiments: 010"), 7, "YAML reads as 8"),
    ("an unknown field", WEEK + "people_named: 2\n", 13, "unknown field 'people_named'"),
    ("a field twice", WEEK + "experiments: 4\n", 13, "duplicate field 'experiments' (first at line 7)"),
    (
        "a behaviour twice",
        WEEK.replace("observed:\n", "observed:\n  ai-assisted-support/checks-policy: 1\n"),
        5,
        "duplicate field 'ai-assisted-support/checks-policy' (first at line 3)",
    ),
    ("observed with nothing under it", WEEK.replace(SEEN, ""), 2, "'observed' is empty"),
    (
        "observed as a number",
        WEEK.replace("observed:\n", "observed: 3\n", 1).replace("  ai", "# ai"),
        2,
        "must be a mapping",
    ),
    ("no people_observed", WEEK.replace("people_observed: 6\n", ""), 1, "missing required field 'people_observed'"),
    ("negative practice hours", WEEK.replace("practice_hours: 11", "practice_hours: -0.5"), 5, "'practice_hours'"),
    ("an endless number", WEEK.replace("practice_hours: 11", "practice_hours: " + "9" * 400 + ".0"), 5, "a number"),
    ("an endless count", WEEK.replace("experiments: 3", "experiments: 1" + "0" * 400), 7, "too large (401 digits)"),
    (
        "a behaviour not written as a ref",
        WEEK.replace("ai-assisted-support/checks-policy", "checks_policy"),
        4,
        "not a valid name",
    ),
    ("a measure not written as an id", WEEK.replace("first-reply-minutes", "First-reply"), 12, "not a valid name here"),
    ("a quoted count", WEEK.replace("experiments: 3", 'experiments: "3"'), 7, "remove the quotes"),
    ("a tab", WEEK.replace("  ai-assisted-support/checks-policy", "\tai-assisted-support/checks-policy"), 4, "tab"),
    ("a second document", WEEK + "---\npeople_observed: 1\n", 14, "a second YAML document starts here"),
]


@pytest.mark.parametrize(("what", "text", "line", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_record_with_a_mistake_is_left_to_the_full_reader_and_reported_at_its_line(
    what: str, text: str, line: int, words: str, write_repo: Callable[..., Path], portal_texts: dict[str, str]
) -> None:
    assert read_plain_record(text) is None, what
    files = v2_portal(portal_texts)
    files[W48] = text
    errors = [(d.path, d.line, d.message) for d in load(write_repo(files), today=TODAY).report.errors]
    assert errors and errors[0][:2] == (W48, line) and words in errors[0][2], errors


# Mistakes the schema cannot see, found after loading: the quick reader's lines must be the full one's.
LATER_MISTAKES = [
    (WEEK.replace("people_observed: 6", "people_observed: 10"), 1, "more than the team's size"),
    (WEEK.replace("summarises-thread: 4", "summarises-thread: 7"), 3, "seen in 7 people, more than people_observed"),
    (WEEK.replace("checks-policy: 2", "checks-polcy: 2"), 4, "unknown behaviour 'ai-assisted-support/checks-polcy'"),
    (WEEK.replace("first-reply-minutes: 47", "first-reply-minute: 47"), 12, "unknown measure 'first-reply-minute'"),
]


@pytest.mark.parametrize(("text", "line", "words"), LATER_MISTAKES, ids=[m[2] for m in LATER_MISTAKES])
def test_a_plain_record_with_a_wrong_count_or_name_is_reported_at_the_same_line_either_way(
    text: str, line: int, words: str, write_repo: Callable[..., Path], portal_texts: dict[str, str], tmp_path: Path
) -> None:
    assert read_plain_record(text) is not None
    found = []
    for name, record in (("plain", text), ("full", text + FULL_READER_ONLY)):
        files = v2_portal(portal_texts)
        files[W48] = record
        report = load(write_repo(files, tmp_path / name), today=TODAY).report
        found.append([(d.path, d.line, d.message) for d in report.errors])
    assert found[0] == found[1]
    assert found[0][0][:2] == (W48, line) and words in found[0][0][2], found[0]


_PLAIN_LINES = [
    "people_observed: 6", "people_observed: 0", "people_observed: -0", "observed:", "observed: {}", "  a/b: 1",
    "  a/b: 0", "  a/c: 2", "  a-b/c-d: 12", "measures:", "measures: {}", "  m: 1", "  m: -2.75", "  m: 0.5",
    "practice_hours: 11", "practice_hours: 0.0", "practice_hours: 2.25", "experiments: 3", "recognitions: 0",
    "barriers_removed: 1", "experiments: 99999999999999999999", "# a comment",
]  # fmt: skip
"""Lines of the plain form, which often keep a record plain."""
_OTHER_LINES = [
    "people_observed: 1.0", "people_observed:", "people_observed: 007", "people_observed: 1_0",
    "people_observed: 0x1A", "people_observed: 1:30", "people_observed: 1 # six", "people_observed:  6",
    "people_observed: 6 ", "people_observed: {}", "observed: []", "observed: 3", "  a/b: -1", "  a/b: 1.5",
    "  A/b: 1", "  a/b/c: 1", "  a: 1", "  a/b:", "    a/b: 1", "  - 1", "  m: 1e3", "  m: .5", "  m: .inf",
    "  m: 1.", "  Mx: 1", "  m: 01.5", "  m: 9" + "9" * 330 + ".0", "practice_hours: -1",
    "practice_hours: 1" + "0" * 400, "unknown: 1", "people_named: 2", "", " ", "---", "...", "- 1", "<<: {}",
    "yes: 1", "observed/a: 1", "experiments: !!int 3", "experiments: &a 3", "experiments: *a", "  m: 1\x85",
]  # fmt: skip
"""Lines outside the plain form, or that break the schema."""


def test_random_records_are_read_alike_or_left_to_the_full_reader() -> None:
    """Thousands of random edits of a plain record: whatever the quick reader takes, the full
    reader reads the same, with no problem."""
    rng = random.Random(14)
    base = WEEK.replace("ai-assisted-support/", "a/").splitlines()
    taken = 0
    for _ in range(4000):
        lines = list(base)
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(len(lines) + 1)
            edit = rng.random()
            line = rng.choice(_PLAIN_LINES if rng.random() < 0.7 else _OTHER_LINES)
            if edit < 0.4 and lines:
                lines[min(where, len(lines) - 1)] = line
            elif edit < 0.8:
                lines.insert(where, line)
            elif lines:
                del lines[min(where, len(lines) - 1)]
        text = "\n".join(lines) + rng.choice(["\n", "", "\n\n"])
        if read_plain_record(text) is not None:
            taken += 1
        _same_as_full_reader(text)
    assert taken > 250, f"only {taken} random records stayed plain: the test would say little"
