"""Contract v2 in the check: behaviour ids, measures, teams, adoption records, practice files
and knowledge checks, each mistake at its ``path:line`` with the fix, and v1 files unchanged.

The v2 fixture is the minimal portal of ``conftest.py`` with every v2 section added; each
mistake edits one file of it and expects exactly the listed problems.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from rolepath import load
from rolepath.cli import main
from rolepath.content.schema import json_schema
from sites import TEAM, WEEK, v2_portal

Files = dict[str, str | bytes]
TODAY = datetime.date(2026, 12, 1)

@pytest.fixture
def v2(portal_texts: dict[str, str]) -> Files:
    return v2_portal(portal_texts)


def _diagnostics(root: Path) -> list[tuple[str, int, str, str]]:
    report = load(root, today=TODAY).report
    return [(d.path, d.line, d.severity.value, d.message) for d in report.diagnostics]


def test_the_v2_fixture_is_clean_and_loads_every_section(v2: Files, write_repo: Callable[..., Path]) -> None:
    loaded = load(write_repo(v2), today=TODAY)
    assert _diagnostics(write_repo(v2)) == []
    portal = loaded.portal
    baseline = portal.paths["ai-assisted-support"].level("baseline")
    with_id, without_id = baseline.behaviours
    assert (with_id.id, with_id.key) == ("summarises-thread", "behaviour:ai-assisted-support/summarises-thread")
    assert with_id.wording_key.startswith("behaviour:ai-assisted-support:baseline:")
    assert without_id.id is None and without_id.key == without_id.wording_key
    measure = portal.roles["support-agent"].measures[0]
    assert (measure.id, measure.baseline, measure.target, measure.better) == ("first-reply-minutes", 55, 40, "lower")
    assert [ref.id for ref in measure.behaviours] == [
        "ai-assisted-support/summarises-thread",
        "ai-assisted-support/checks-policy",
    ]
    team = portal.teams["support-leeds"]
    assert (team.role.id, team.size, team.managers) == ("support-agent", 9, ("@dana",))
    assert team.cohort.managers_start == datetime.date(2026, 9, 7)
    records = portal.adoption["support-leeds"]
    assert [r.week for r in records] == ["2026-W46", "2026-W47", "2026-W48"]
    assert records[0].observed == {"ai-assisted-support/summarises-thread": 4, "ai-assisted-support/checks-policy": 2}
    assert (records[0].practice_hours, records[0].recognitions, records[0].measures) == (
        11,
        0,
        {"first-reply-minutes": 47},
    )
    sandbox = portal.modules["triage-sandbox"].sandbox
    assert sandbox is not None
    assert [ref.id for ref in sandbox.materials] == ["tickets.csv", "refund-policy.md"]
    assert sandbox.answer_key is not None and sandbox.answer_key.id == "answer-key.md"
    (check,) = portal.modules["prompting-basics"].checks
    assert [c.correct for c in check.choices] == [False, True] and not check.several_correct
    assert "practice/triage-sandbox/answer-key.md" not in portal.pages, "practice files are never pages"


def test_an_absent_count_is_not_recorded_rather_than_zero(v2: Files, write_repo: Callable[..., Path]) -> None:
    v2["adoption/support-leeds/2026-W48.yml"] = "people_observed: 0\n"
    (record,) = [r for r in load(write_repo(v2), today=TODAY).portal.adoption["support-leeds"] if r.week == "2026-W48"]
    assert (record.people_observed, record.practice_hours, record.experiments, record.observed) == (0, None, None, {})


def test_the_v2_fixture_obeys_the_committed_json_schemas(v2: Files) -> None:
    kinds = {"teams/": "team", "adoption/": "adoption", "roles/": "role", "paths/": "path"}
    for rel, text in v2.items():
        kind = next((k for prefix, k in kinds.items() if rel.startswith(prefix)), None)
        if kind is None:
            continue
        document = json.loads(json.dumps(yaml.safe_load(str(text)), default=str))
        errors = list(jsonschema.Draft202012Validator(json_schema(kind)).iter_errors(document))
        assert not errors, f"{rel}: {[e.message for e in errors]}"


@dataclass(frozen=True)
class Mistake:
    id: str
    edit: Callable[[Files], None]
    expected: tuple[tuple[str, int, str], ...]
    """(path, line, words in the message); errors and warnings alike."""

    def __str__(self) -> str:
        return self.id


def _replace(rel: str, old: str, new: str) -> Callable[[Files], None]:
    def edit(files: Files) -> None:
        text = str(files[rel])
        assert old in text, (rel, old)
        files[rel] = text.replace(old, new, 1)

    return edit


def _add(rel: str, text: str) -> Callable[[Files], None]:
    def edit(files: Files) -> None:
        files[rel] = text

    return edit


def _remove(rel: str) -> Callable[[Files], None]:
    def edit(files: Files) -> None:
        del files[rel]

    return edit


ROLE = "roles/support-agent.yml"
PATH = "paths/ai-assisted-support.yml"
TEAM_FILE = "teams/support-leeds.yml"
W48 = "adoption/support-leeds/2026-W48.yml"
TRIAGE = "content/modules/triage-sandbox.md"
BASICS = "content/modules/prompting-basics.md"

MISTAKES = [
    Mistake(
        "duplicate behaviour id",
        _replace(PATH, "      - id: fixes-articles", "      - id: checks-policy"),
        ((PATH, 20, "behaviour id 'checks-policy' is used twice in this path (first at line 14)"),),
    ),
    Mistake(
        "behaviour id that is not an id",
        _replace(PATH, "id: fixes-articles", "id: Fixes_Articles"),
        ((PATH, 20, "did you mean 'fixes-articles'?"),),
    ),
    Mistake(
        "behaviour mapping without text",
        _replace(PATH, "        text: Turns recurring drafting errors into corrected help-centre articles.\n", ""),
        ((PATH, 20, "missing required field 'levels.advanced.behaviours[1].text'"),),
    ),
    Mistake(
        "misspelt behaviour field",
        _replace(PATH, "        text: Turns recurring", "        txt: Turns recurring"),
        (
            (PATH, 20, "missing required field 'levels.advanced.behaviours[1].text'"),
            (PATH, 21, "unknown field 'levels.advanced.behaviours[1].txt' — did you mean 'text'?"),
        ),
    ),
    Mistake(
        "measure paired with an unknown behaviour",
        _replace(ROLE, "ai-assisted-support/checks-policy]", "ai-assisted-support/check-policy]"),
        ((ROLE, 20, "unknown behaviour 'ai-assisted-support/check-policy' — did you mean 'checks-policy'?"),),
    ),
    Mistake(
        "measure paired with a behaviour of a path the role does not follow",
        _replace(ROLE, "[ai-assisted-support/summarises-thread,", "[ai-assisted-writing/summarises-thread,"),
        ((ROLE, 20, "'ai-assisted-writing' is not one of the role's paths (its paths: ai-assisted-support)"),),
    ),
    Mistake(
        "measure ref without a path",
        _replace(ROLE, "[ai-assisted-support/summarises-thread,", "[summarises-thread,"),
        ((ROLE, 20, "a behaviour as <path-id>/<behaviour-id>"),),
    ),
    Mistake(
        "measure with a direction that is neither",
        _replace(ROLE, "better: lower", "better: down"),
        ((ROLE, 19, "'measures[1].better' is 'down', which is not one of: lower, higher"),),
    ),
    Mistake(
        "measure with a quoted number",
        _replace(ROLE, "target: 40", 'target: "40"'),
        ((ROLE, 18, "remove the quotes"),),
    ),
    Mistake(
        "measure paired with no behaviour (warning)",
        _replace(
            ROLE, "    behaviours: [ai-assisted-support/summarises-thread, ai-assisted-support/checks-policy]\n", ""
        ),
        ((ROLE, 14, "measure 'first-reply-minutes' is paired with no behaviour"),),
    ),
    Mistake(
        "team of an unknown role",
        _replace(TEAM_FILE, "role: support-agent", "role: support-agnet"),
        ((TEAM_FILE, 2, "unknown role 'support-agnet' — did you mean 'support-agent'?"),),
    ),
    Mistake(
        "team of size 0",
        _replace(TEAM_FILE, "size: 9", "size: 0"),
        ((TEAM_FILE, 3, "'size' must be from 1 to 10000, got 0"),),
    ),
    Mistake(
        "a team that names a person",
        _replace(TEAM_FILE, 'managers: ["@dana"]', 'managers: ["Dana Smith"]'),
        ((TEAM_FILE, 4, "a GitHub user or team such as '@org/team'"),),
    ),
    Mistake(
        "a team that starts before its managers (warning)",
        _replace(TEAM_FILE, "team_start: 2026-09-21", "team_start: 2026-08-31"),
        ((TEAM_FILE, 5, "the team starts on 2026-08-31, before its managers (2026-09-07)"),),
    ),
    Mistake(
        "records for an unknown team",
        lambda files: files.update(
            {"adoption/support-leds/2026-W48.yml": files.pop("adoption/support-leeds/2026-W48.yml")}
        ),
        (("adoption/support-leds/2026-W48.yml", 1, "unknown team 'support-leds' — did you mean 'support-leeds'?"),),
    ),
    Mistake(
        "a week that does not exist",
        _add("adoption/support-leeds/2026-W54.yml", "people_observed: 1\n"),
        (("adoption/support-leeds/2026-W54.yml", 1, "2026 has no ISO week 54 (it has 53)"),),
    ),
    Mistake(
        "a badly named record",
        _add("adoption/support-leeds/2026-w48.yml", "people_observed: 1\n"),
        (("adoption/support-leeds/2026-w48.yml", 1, "named <YYYY>-W<ww>.yml, e.g. 2026-W40.yml"),),
    ),
    Mistake(
        "a record that holds a name",
        _replace(W48, "people_observed: 6\n", "people_observed: 6\nnotes: Sam was great\n"),
        ((W48, 2, "unknown field 'notes'"),),
    ),
    Mistake(
        "a record without people_observed",
        _replace(W48, "people_observed: 6\n", ""),
        ((W48, 1, "missing required field 'people_observed'"),),
    ),
    Mistake(
        "more people observed than the team has",
        _replace(W48, "people_observed: 6", "people_observed: 10"),
        ((W48, 1, "people_observed is 10, more than the team's size (9"),),
    ),
    Mistake(
        "a behaviour seen in more people than were observed",
        _replace(W48, "summarises-thread: 4", "summarises-thread: 7"),
        ((W48, 3, "'ai-assisted-support/summarises-thread' was seen in 7 people, more than people_observed (6)"),),
    ),
    Mistake(
        "a negative count",
        _replace(W48, "experiments: 3", "experiments: -1"),
        ((W48, 7, "'experiments' must be from 0"),),
    ),
    Mistake(
        "an observed behaviour that is not the role's",
        _replace(W48, "ai-assisted-support/checks-policy: 2", "ai-assisted-support/checks-polcy: 2"),
        ((W48, 4, "unknown behaviour 'ai-assisted-support/checks-polcy' — did you mean 'checks-policy'?"),),
    ),
    Mistake(
        "an observed behaviour written without its path",
        _replace(W48, "ai-assisted-support/checks-policy: 2", "checks-policy: 2"),
        ((W48, 4, "is not a valid name here: expected a behaviour as <path-id>/<behaviour-id>"),),
    ),
    Mistake(
        "a measure the role does not have",
        _replace(W48, "first-reply-minutes: 47", "first-reply-minute: 47"),
        ((W48, 12, "unknown measure 'first-reply-minute' for role 'support-agent' — did you mean"),),
    ),
    Mistake(
        "a team with no record for three weeks (warning)",
        lambda files: (
            [files.pop(f"adoption/support-leeds/2026-W{w}.yml") for w in (47, 48)]
            and files.update({"teams/support-york.yml": TEAM, "adoption/support-york/2026-W49.yml": WEEK})
        ),
        ((TEAM_FILE, 1, "no adoption record in the last 3 weeks recorded in this portal (the last is 2026-W46)"),),
    ),
    Mistake(
        "a record outside a team's folder",
        _add("adoption/2026-W48.yml", "people_observed: 1\n"),
        (("adoption/2026-W48.yml", 1, "adoption records go in a folder per team: move it to adoption/<team-id>/"),),
    ),
    Mistake(
        "a practice file outside an exercise's folder",
        _add("content/practice/tickets.csv", "id\n"),
        (("content/practice/tickets.csv", 1, "practice files go in a folder per exercise: move it to"),),
    ),
    Mistake(
        "a listed material that does not exist",
        _replace(TRIAGE, "materials: [tickets.csv,", "materials: [ticket.csv, tickets.csv,"),
        ((TRIAGE, 12, "'ticket.csv' is not in content/practice/triage-sandbox/ — did you mean 'tickets.csv'?"),),
    ),
    Mistake(
        "an answer key that does not exist",
        _remove("content/practice/triage-sandbox/answer-key.md"),
        ((TRIAGE, 13, "'answer-key.md' is not in content/practice/triage-sandbox/: put the file in"),),
    ),
    Mistake(
        "an answer key that is not Markdown",
        _replace(TRIAGE, "answer_key: answer-key.md", "answer_key: answer-key.txt"),
        (
            # The module fails its own check, so its practice folder is not also reported as unlisted.
            (TRIAGE, 13, "a Markdown file name in the exercise's practice folder"),
        ),
    ),
    Mistake(
        "the answer key offered as a material",
        _replace(TRIAGE, "materials: [tickets.csv,", "materials: [answer-key.md, tickets.csv,"),
        ((TRIAGE, 13, "'answer-key.md' is the answer key, for facilitators: remove it from 'materials'"),),
    ),
    Mistake(
        "a material in a folder",
        _replace(TRIAGE, "materials: [tickets.csv,", "materials: [data/tickets.csv, tickets.csv,"),
        ((TRIAGE, 12, "a file name in the exercise's practice folder, such as 'tickets.csv' (no folders)"),),
    ),
    Mistake(
        "a practice file no exercise lists",
        _add("content/practice/triage-sandbox/old-tickets.csv", "id\n"),
        (
            (
                "content/practice/triage-sandbox/old-tickets.csv",
                1,
                f"no exercise lists this file: add it to 'sandbox.materials' in {TRIAGE}, or delete it",
            ),
        ),
    ),
    Mistake(
        "materials for a lesson",
        _add("content/practice/prompting-basics/prompts.txt", "Summarise this.\n"),
        (("content/practice/prompting-basics", 1, "'prompting-basics' is a lesson, not an exercise"),),
    ),
    Mistake(
        "materials for a module that does not exist",
        _add("content/practice/triage-sandbx/tickets.csv", "id\n"),
        (("content/practice/triage-sandbx", 1, "unknown exercise 'triage-sandbx' — did you mean 'triage-sandbox'?"),),
    ),
    Mistake(
        "materials in a lesson's sandbox",
        _replace(
            BASICS,
            "checks:\n",
            "sandbox:\n  setting: s\n  time_box: 5\n  success: [x]\n  materials: [a.txt]\nchecks:\n",
        ),
        ((BASICS, 2, "'sandbox' is only for kind 'exercise'"),),
    ),
    Mistake(
        "a check with no right answer",
        _replace(BASICS, "        correct: true\n", ""),
        ((BASICS, 3, "check 1 has no right answer: mark at least one choice 'correct: true'"),),
    ),
    Mistake(
        "a check with one choice",
        _replace(
            BASICS,
            "      - text: Issue the refund the summary mentions.\n"
            "        why: The summary can be wrong; the promise has to be found in the thread.\n",
            "",
        ),
        ((BASICS, 4, "'checks[1].choices' needs at least 2 items"),),
    ),
    Mistake(
        "a check with nine choices",
        _replace(BASICS, "    choices:\n", "    choices:\n" + "      - {text: t, why: w}\n" * 8),
        ((BASICS, 13, "'checks[1].choices' has 10 items; at most 8 are allowed"),),
    ),
    Mistake(
        "a choice without feedback",
        _replace(BASICS, "        why: The thread is the source; the summary is a lead.\n", ""),
        ((BASICS, 7, "missing required field 'checks[1].choices[2].why'"),),
    ),
    Mistake(
        "correct written as text",
        _replace(BASICS, "correct: true", "correct: yes please"),
        ((BASICS, 8, "'checks[1].choices[2].correct' must be true or false, got 'yes please'"),),
    ),
]


def test_at_least_35_distinct_v2_mistakes() -> None:
    assert len({m.id for m in MISTAKES}) == len(MISTAKES) >= 35


@pytest.mark.parametrize("case", MISTAKES, ids=str)
def test_v2_mistake_is_reported_at_its_line(case: Mistake, v2: Files, write_repo: Callable[..., Path]) -> None:
    case.edit(v2)
    found = _diagnostics(write_repo(v2))
    assert [(path, max(line, 1)) for path, line, _, _ in found] == [(p, line) for p, line, _ in case.expected], found
    for (_, _, _, message), (_, _, words) in zip(found, case.expected, strict=True):
        assert words in message, f"{words!r} not in {message!r}"
        assert "\n" not in message


def test_an_unlisted_practice_file_names_its_own_exercise(v2: Files, write_repo: Callable[..., Path]) -> None:
    """The fix names the exercise whose folder holds the file, not whichever module was read last."""
    v2["content/practice/triage-sandbox/old-tickets.csv"] = "id\n"
    v2["content/modules/zz-later-lesson.md"] = str(v2[BASICS])
    unlisted = [d for d in _diagnostics(write_repo(v2)) if "no exercise lists this file" in d[3]]
    assert [(path, message) for path, _, _, message in unlisted] == [
        (
            "content/practice/triage-sandbox/old-tickets.csv",
            f"no exercise lists this file: add it to 'sandbox.materials' in {TRIAGE}, or delete it",
        )
    ]


def test_the_check_prints_v2_problems_as_path_line(
    v2: Files, write_repo: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    v2[W48] = str(v2[W48]).replace("people_observed: 6", "people_observed: 10")
    root = write_repo(v2)
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{W48}:1: people_observed is 10, more than the team's size (9, {TEAM_FILE})" in out


def test_v1_files_stay_valid_beside_v2_ones(
    v2: Files, portal_texts: dict[str, str], write_repo: Callable[..., Path]
) -> None:
    """A v1 path (behaviours as plain text) next to v2 teams and records: only refs to ids need ids."""
    v2[PATH] = portal_texts[PATH]
    v2[ROLE] = str(v2[ROLE]).replace(
        "    behaviours: [ai-assisted-support/summarises-thread, ai-assisted-support/checks-policy]\n", ""
    )
    v2[W48] = v2["adoption/support-leeds/2026-W47.yml"] = v2["adoption/support-leeds/2026-W46.yml"] = (
        "people_observed: 6\npractice_hours: 11\n"
    )
    found = _diagnostics(write_repo(v2))
    assert found == [(ROLE, 14, "warning", found[0][3])] and "paired with no behaviour" in found[0][3]
