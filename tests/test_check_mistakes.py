"""Every author mistake is reported as `path:line: message`, at the line to change, with the fix.

Each case starts from the minimal valid portal in conftest.py (one role, one path, three
modules of which one is an exercise, one leader one-pager), introduces ONE mistake, and
pins the exact file, the exact line and the key words of the message. Line numbers below
refer to the fixture texts in conftest.py:

roles/support-agent.yml            paths/ai-assisted-support.yml
 1 title                            1 title          10 summary (proficient)
 2 family                           2 summary        11 behaviours:
 3 summary                          3 levels:        12   - ...
 4 paths: [ai-assisted-support]     4 baseline:      13 modules: [check-before-you-ship]
 5 owners                           5 summary        14 advanced:
 6 from_to:                         6 behaviours:    15 summary
 7   - area                         7   - ...        16 behaviours:
 8     today                        8 modules: [prompting-basics]
 9     in_six_months                9 proficient:    18 modules: [triage-sandbox]
10 practice:
11   hours_per_week: 2
12   ideas: [...]

content/modules/prompting-basics.md: 2 title, 3 kind: lesson, 4 summary, 5 minutes, 6 review_by
content/modules/check-before-you-ship.md: 2 title, 3 summary, 4 minutes, 5 prerequisites
content/modules/triage-sandbox.md: 2 title, 3 kind: exercise, 4 summary, 5 minutes,
    6 prerequisites, 7 sandbox:, 8 setting, 9 time_box, 10 success:, 11 - ...
content/leaders/language-that-invites-learning.md: 2 title, 3 summary, 4 phrases:,
    5 - instead_of, 6 say, 7 why
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rolepath import Loaded, Severity, load
from rolepath.content.diagnostics import Diagnostic

ROLE = "roles/support-agent.yml"
PATH = "paths/ai-assisted-support.yml"
BASICS = "content/modules/prompting-basics.md"
CHECK = "content/modules/check-before-you-ship.md"
SANDBOX = "content/modules/triage-sandbox.md"
LEADER = "content/leaders/language-that-invites-learning.md"

TODAY = datetime.date(2026, 3, 1)
"""A fixed 'today', so review_by warnings don't depend on when the tests run."""

Files = dict[str, str | bytes]
Edit = Callable[[Files], None]


# ---- edits: each turns the valid portal into one with a mistake -------------------------


def replace(path: str, old: str, new: str) -> Edit:
    def edit(files: Files) -> None:
        text = files[path]
        assert isinstance(text, str) and old in text, f"fixture drift: {old!r} is not in {path}"
        files[path] = text.replace(old, new, 1)

    return edit


def put(path: str, content: str | bytes) -> Edit:
    def edit(files: Files) -> None:
        files[path] = content

    return edit


def rename(old: str, new: str) -> Edit:
    def edit(files: Files) -> None:
        files[new] = files.pop(old)

    return edit


def copy(old: str, new: str) -> Edit:
    def edit(files: Files) -> None:
        files[new] = files[old]

    return edit


def edits(*steps: Edit) -> Edit:
    def edit(files: Files) -> None:
        for step in steps:
            step(files)

    return edit


def latin1(path: str, old: str, new: str) -> Edit:
    """Replace text, then save the whole file as Latin-1 instead of UTF-8."""

    def edit(files: Files) -> None:
        replace(path, old, new)(files)
        text = files[path]
        assert isinstance(text, str)
        files[path] = text.encode("latin-1")

    return edit


LEVEL_BASELINE = """\
  baseline:
    summary: Start here if you have not used the assistant yet.
    behaviours:
      - Summarises a ticket thread with the assistant before replying.
    modules: [prompting-basics]
"""
LEVEL_PROFICIENT = """\
  proficient:
    summary: Start here if you already draft replies with the assistant.
    behaviours:
      - Checks every drafted reply against the current policy before sending.
    modules: [check-before-you-ship]
"""
LEVEL_ADVANCED = """\
  advanced:
    summary: Start here if you want to fix the cause of bad drafts, not the reply.
    behaviours:
      - Turns recurring drafting errors into corrected help-centre articles.
    modules: [triage-sandbox]
"""
PHRASES = """\
phrases:
  - instead_of: We can't afford mistakes.
    say: What did we learn from this?
    why: Gives failure a safe place instead of banning it.
"""
SANDBOX_BLOCK = """\
sandbox:
  setting: The practice workspace with synthetic tickets; nothing leaves it.
  time_box: 45
  success:
    - Every ticket has a priority and a one-line reason.
"""


# ---- the cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    words: tuple[str, ...]


def at(path: str, line: int, *words: str) -> Expected:
    return Expected(path, line, words)


@dataclass(frozen=True)
class Mistake:
    edit: Edit
    errors: tuple[Expected, ...]


def mistake(case_id: str, edit: Edit, *errors: Expected) -> object:
    return pytest.param(Mistake(edit, errors), id=case_id)


MISTAKES = [
    # -- missing required fields
    mistake(
        "role-missing-title",
        replace(ROLE, "title: Customer Support Agent\n", ""),
        at(ROLE, 1, "missing required field 'title'"),
    ),
    mistake(
        "path-missing-summary",
        replace(PATH, "summary: Summarise, draft and check replies with an assistant.\n", ""),
        at(PATH, 1, "missing required field 'summary'"),
    ),
    mistake(
        "module-missing-minutes",
        replace(CHECK, "minutes: 25\n", ""),
        at(CHECK, 2, "missing required field 'minutes'"),
    ),
    mistake(
        "one-pager-missing-phrases",
        replace(LEADER, PHRASES, ""),
        at(LEADER, 2, "missing required field 'phrases'"),
    ),
    mistake(
        "one-pager-phrase-missing-say",
        replace(LEADER, "    say: What did we learn from this?\n", ""),
        at(LEADER, 5, "missing required field 'phrases[1].say'"),
    ),
    mistake(
        "role-from-to-item-missing-area",
        replace(ROLE, "  - area: Answering tickets\n    today:", "  - today:"),
        at(ROLE, 7, "missing required field 'from_to[1].area'"),
    ),
    mistake(
        "role-empty-title",
        replace(ROLE, "title: Customer Support Agent", "title:"),
        at(ROLE, 1, "'title' is empty", "write a value"),
    ),
    # -- wrong types
    mistake(
        "role-title-is-a-list",
        replace(ROLE, "title: Customer Support Agent", "title: [Customer, Support, Agent]"),
        at(ROLE, 1, "'title' must be text", "not a list"),
    ),
    mistake(
        "module-title-is-a-block-list",
        replace(CHECK, "title: Check before you ship", "title:\n  - Check before you ship"),
        at(CHECK, 3, "'title' must be text", "not a list"),
    ),
    mistake(
        "module-minutes-as-text",
        replace(CHECK, "minutes: 25", "minutes: twenty"),
        at(CHECK, 4, "'minutes' must be a whole number", "'twenty'"),
    ),
    mistake(
        "module-minutes-not-whole",
        replace(CHECK, "minutes: 25", "minutes: 2.5"),
        at(CHECK, 4, "'minutes' must be a whole number", "'2.5'"),
    ),
    mistake(
        "role-hours-per-week-as-text",
        replace(ROLE, "hours_per_week: 2", "hours_per_week: two"),
        at(ROLE, 11, "'practice.hours_per_week' must be a number", "'two'"),
    ),
    mistake(
        "role-paths-not-a-list",
        replace(ROLE, "paths: [ai-assisted-support]", "paths: ai-assisted-support"),
        at(ROLE, 4, "'paths' must be a list", "paths: [ai-assisted-support]"),
    ),
    mistake(
        "role-owners-not-a-list",
        replace(ROLE, 'owners: ["@support-enablement"]', 'owners: "@support-enablement"'),
        at(ROLE, 5, "'owners' must be a list"),
    ),
    # -- out of range
    mistake(
        "module-minutes-zero",
        replace(CHECK, "minutes: 25", "minutes: 0"),
        at(CHECK, 4, "'minutes'", "1 to 600", "got 0"),
    ),
    mistake(
        "module-minutes-601",
        replace(CHECK, "minutes: 25", "minutes: 601"),
        at(CHECK, 4, "'minutes'", "1 to 600", "got 601"),
    ),
    mistake(
        "role-hours-per-week-zero",
        replace(ROLE, "hours_per_week: 2", "hours_per_week: 0"),
        at(ROLE, 11, "'practice.hours_per_week'", "more than 0", "40", "got 0"),
    ),
    mistake(
        "role-hours-per-week-41",
        replace(ROLE, "hours_per_week: 2", "hours_per_week: 41"),
        at(ROLE, 11, "'practice.hours_per_week'", "40", "got 41"),
    ),
    mistake(
        "sandbox-time-box-zero",
        replace(SANDBOX, "time_box: 45", "time_box: 0"),
        at(SANDBOX, 9, "'sandbox.time_box'", "got 0"),
    ),
    # -- unknown fields
    mistake(
        "role-unknown-field-did-you-mean",
        replace(ROLE, "summary: How AI", "summay: How AI"),
        at(ROLE, 1, "missing required field 'summary'"),
        at(ROLE, 3, "unknown field 'summay'", "did you mean 'summary'?"),
    ),
    mistake(
        "role-unknown-nested-field-did-you-mean",
        replace(ROLE, "  hours_per_week: 2", "  hours_per_weak: 2"),
        at(ROLE, 10, "missing required field 'practice.hours_per_week'"),
        at(ROLE, 11, "unknown field 'practice.hours_per_weak'", "did you mean 'hours_per_week'?"),
    ),
    mistake(
        "role-unknown-field-lists-allowed",
        replace(ROLE, "family: Customer Operations", "colour: blue"),
        at(ROLE, 2, "unknown field 'colour'", "allowed: title, family, summary, paths"),
    ),
    mistake(
        "one-pager-unknown-field-did-you-mean",
        replace(LEADER, "    why:", "    wy:"),
        at(LEADER, 7, "unknown field 'phrases[1].wy'", "did you mean 'why'?"),
    ),
    # -- ids and file names
    mistake(
        "role-file-name-not-an-id",
        rename(ROLE, "roles/Support_Agent.yml"),
        at("roles/Support_Agent.yml", 0, "'Support_Agent' is not a valid id", "rename it to support-agent.yml"),
    ),
    mistake(
        "one-pager-file-name-starts-with-digit",
        rename(LEADER, "content/leaders/1-language.md"),
        at("content/leaders/1-language.md", 0, "'1-language' is not a valid id", "rename it to language.md"),
    ),
    mistake(
        "reference-not-an-id",
        replace(ROLE, "paths: [ai-assisted-support]", "paths: [AI_Assisted_Support]"),
        at(ROLE, 4, "'AI_Assisted_Support'", "not a valid id", "did you mean 'ai-assisted-support'?"),
    ),
    mistake(
        "role-yaml-extension",
        rename(ROLE, "roles/support-agent.yaml"),
        at("roles/support-agent.yaml", 0, "end in .yml", "rename it to support-agent.yml"),
    ),
    mistake(
        # The role still names the path: the file exists, under the wrong extension, so the
        # only problem is the extension (not also an "unknown path" in the role).
        "path-yaml-extension",
        rename(PATH, "paths/ai-assisted-support.yaml"),
        at("paths/ai-assisted-support.yaml", 0, "end in .yml", "rename it to ai-assisted-support.yml"),
    ),
    # -- references
    mistake(
        "role-empty-paths-list",
        replace(ROLE, "paths: [ai-assisted-support]", "paths: []"),
        at(ROLE, 4, "'paths' needs at least 1 item"),
    ),
    mistake(
        "role-unknown-path-did-you-mean",
        replace(ROLE, "paths: [ai-assisted-support]", "paths: [ai-asisted-support]"),
        at(ROLE, 4, "unknown path 'ai-asisted-support'", "did you mean 'ai-assisted-support'?"),
    ),
    mistake(
        "role-path-listed-twice",
        replace(ROLE, "paths: [ai-assisted-support]", "paths:\n  - ai-assisted-support\n  - ai-assisted-support"),
        at(ROLE, 6, "'ai-assisted-support' is listed twice in 'paths'", "first at line 5"),
    ),
    mistake(
        "path-unknown-module-did-you-mean",
        replace(PATH, "modules: [prompting-basics]", "modules: [promting-basics]"),
        at(PATH, 8, "unknown module 'promting-basics' — did you mean 'prompting-basics'?"),
    ),
    mistake(
        "module-unknown-prerequisite",
        replace(CHECK, "prerequisites: [prompting-basics]", "prerequisites: [prompting-basics, data-boundaries]"),
        at(CHECK, 5, "unknown module 'data-boundaries'", "no such file in content/modules/"),
    ),
    mistake(
        "module-prerequisite-not-an-id",
        replace(CHECK, "prerequisites: [prompting-basics]", "prerequisites: [Prompting Basics]"),
        at(CHECK, 5, "'Prompting Basics'", "not a valid id", "did you mean 'prompting-basics'?"),
    ),
    mistake(
        "module-self-prerequisite",
        replace(CHECK, "prerequisites: [prompting-basics]", "prerequisites: [check-before-you-ship]"),
        at(CHECK, 5, "'check-before-you-ship' lists itself as a prerequisite"),
    ),
    mistake(
        "module-prerequisite-cycle-of-three",
        edits(
            replace(BASICS, "minutes: 20\n", "minutes: 20\nprerequisites: [triage-sandbox]\n"),
            replace(
                SANDBOX,
                "prerequisites: [prompting-basics, check-before-you-ship]",
                "prerequisites: [check-before-you-ship]",
            ),
        ),
        at(
            CHECK,
            5,
            "prerequisites form a cycle",
            "check-before-you-ship → prompting-basics → triage-sandbox → check-before-you-ship",
        ),
    ),
    # -- levels
    mistake(
        "path-levels-missing-advanced",
        replace(PATH, LEVEL_ADVANCED, ""),
        at(PATH, 3, "missing required field 'levels.advanced'"),
    ),
    mistake(
        "path-levels-out-of-order",
        replace(PATH, LEVEL_BASELINE + LEVEL_PROFICIENT, LEVEL_PROFICIENT + LEVEL_BASELINE),
        at(PATH, 4, "'levels' must list baseline, proficient, advanced in that order", "found proficient, baseline"),
    ),
    mistake(
        "path-extra-level-expert",
        replace(PATH, LEVEL_ADVANCED, LEVEL_ADVANCED + LEVEL_ADVANCED.replace("advanced:", "expert:")),
        at(PATH, 19, "unknown field 'levels.expert'", "allowed: baseline, proficient, advanced"),
    ),
    mistake(
        "path-levels-as-a-list",
        replace(
            PATH,
            "levels:\n" + LEVEL_BASELINE + LEVEL_PROFICIENT + LEVEL_ADVANCED,
            "levels: [baseline, proficient, advanced]\n",
        ),
        at(PATH, 3, "'levels' must be a mapping", "not a list"),
    ),
    mistake(
        "path-empty-behaviours",
        replace(
            PATH,
            "    behaviours:\n      - Checks every drafted reply against the current policy before sending.\n",
            "    behaviours: []\n",
        ),
        at(PATH, 11, "'levels.proficient.behaviours' needs at least 1 item"),
    ),
    mistake(
        "path-duplicate-module-in-one-level",
        replace(
            PATH,
            "modules: [check-before-you-ship]",
            "modules:\n      - check-before-you-ship\n      - check-before-you-ship",
        ),
        at(PATH, 15, "'check-before-you-ship' is listed twice in 'levels.proficient.modules'", "first at line 14"),
    ),
    # -- module kinds and sandboxes
    mistake(
        "exercise-without-sandbox",
        replace(SANDBOX, SANDBOX_BLOCK, ""),
        at(SANDBOX, 2, "missing 'sandbox'", "'exercise' needs one"),
    ),
    mistake(
        "lesson-with-sandbox",
        replace(BASICS, "review_by: 2099-12-31\n", "review_by: 2099-12-31\n" + SANDBOX_BLOCK),
        at(BASICS, 7, "'sandbox' is only for kind 'exercise'", "set 'kind: exercise' or remove 'sandbox'"),
    ),
    mistake(
        "sandbox-missing-success",
        replace(SANDBOX, "  success:\n    - Every ticket has a priority and a one-line reason.\n", ""),
        at(SANDBOX, 7, "missing required field 'sandbox.success'"),
    ),
    mistake(
        # One mistake, one message: the misspelt kind, not also "'sandbox' is only for kind 'exercise'".
        "module-kind-misspelt-did-you-mean",
        replace(SANDBOX, "kind: exercise", "kind: excercise"),
        at(SANDBOX, 3, "'kind' is 'excercise'", "lesson, exercise, reference", "did you mean 'exercise'?"),
    ),
    mistake(
        "module-review-by-not-a-date",
        replace(BASICS, "review_by: 2099-12-31", "review_by: next year"),
        at(BASICS, 6, "'review_by' must be a date written YYYY-MM-DD", "'next year'"),
    ),
    mistake(
        "module-review-by-impossible-date",
        replace(BASICS, "review_by: 2099-12-31", "review_by: 2099-02-30"),
        at(BASICS, 6, "'review_by' must be a date written YYYY-MM-DD", "'2099-02-30'"),
    ),
    mistake(
        "role-owner-without-at",
        replace(ROLE, '["@support-enablement"]', '["support-enablement"]'),
        at(ROLE, 5, "'owners[1]'", "'support-enablement'", "'@org/team'"),
    ),
    mistake(
        "role-audience-did-you-mean",
        replace(ROLE, "family: Customer Operations", "audience: manager"),
        at(ROLE, 2, "'audience' is 'manager'", "did you mean 'managers'?"),
    ),
    # -- YAML structure
    mistake(
        "role-duplicate-key",
        replace(ROLE, "owners:", "title: Support Agent\nowners:"),
        at(ROLE, 5, "duplicate field 'title'", "first at line 1"),
    ),
    mistake(
        "front-matter-duplicate-key",
        replace(CHECK, "minutes: 25\n", "minutes: 25\nminutes: 30\n"),
        at(CHECK, 5, "duplicate field 'minutes'", "first at line 4"),
    ),
    mistake(
        "role-not-utf8",
        latin1(ROLE, "in_six_months: Drafts", "in_six_months: Dräfts"),
        at(ROLE, 9, "not UTF-8", "0xE4", "UTF-8 encoding"),
    ),
    mistake(
        "module-not-utf8-in-front-matter",
        latin1(CHECK, "minutes: 25\n", "minutes: 25\nobjectives: [Caf\u00e9 rules]\n"),
        at(CHECK, 5, "not UTF-8", "0xE9"),
    ),
    mistake("role-empty-file", put(ROLE, ""), at(ROLE, 0, "file is empty")),
    mistake("role-blank-file", put(ROLE, "\n   \n\n"), at(ROLE, 0, "file is empty")),
    mistake(
        "role-top-level-is-a-list",
        put(ROLE, "- title: Customer Support Agent\n- summary: How AI changes support.\n"),
        at(ROLE, 1, "top level of the file must be a mapping", "not a list"),
    ),
    mistake(
        "role-top-level-is-text",
        put(ROLE, "Customer Support Agent\n"),
        at(ROLE, 1, "top level of the file must be a mapping"),
    ),
    mistake(
        "module-unclosed-front-matter",
        replace(CHECK, "prerequisites: [prompting-basics]\n---\n", "prerequisites: [prompting-basics]\n\n"),
        at(CHECK, 1, "front matter opened here is never closed", "add a '---' line"),
    ),
    mistake(
        "module-without-front-matter",
        put(CHECK, "# Check before you ship\n\nRead the draft twice.\n"),
        at(CHECK, 1, "missing front matter", "start the file with a '---' line"),
    ),
    mistake(
        "one-pager-without-front-matter",
        put(LEADER, "Language that invites learning\n"),
        at(LEADER, 1, "missing front matter"),
    ),
    mistake(
        "module-empty-front-matter",
        put(CHECK, "---\n---\nRead the draft twice.\n"),
        at(CHECK, 1, "front matter is empty"),
    ),
    mistake(
        "role-tab-indentation",
        replace(ROLE, "  hours_per_week: 2", "\thours_per_week: 2"),
        at(ROLE, 11, "tab used for indentation", "spaces"),
    ),
    mistake(
        "front-matter-tab-indentation",
        replace(SANDBOX, "  time_box: 45", "\ttime_box: 45"),
        at(SANDBOX, 9, "tab used for indentation"),
    ),
    mistake(
        "role-yaml-syntax-error-bad-indentation",
        replace(ROLE, "  - area: Answering tickets\n", "  - area: Answering tickets\n   channel: email\n"),
        at(ROLE, 8, "YAML syntax error"),
    ),
    mistake(
        "front-matter-yaml-syntax-error",
        replace(CHECK, "minutes: 25\n", "minutes: 25\n  unit: minutes\n"),
        at(CHECK, 5, "YAML syntax error"),
    ),
    mistake(
        "role-unquoted-colon-in-value",
        replace(ROLE, "title: Customer Support Agent", "title: Support: first line"),
        at(ROLE, 1, "YAML syntax error", "quote text that contains ': '"),
    ),
    mistake(
        "role-unquoted-colon-in-list-item",
        replace(
            ROLE,
            '  ideas: ["One sprint a quarter uses the new triage flow."]',
            "  ideas:\n    - Triage: one sprint a quarter uses the new flow.",
        ),
        at(ROLE, 13, "'practice.ideas[1]' must be text, not a mapping", "must be quoted"),
    ),
    mistake(
        "path-unquoted-colon-in-behaviour",
        replace(
            PATH,
            "      - Summarises a ticket thread with the assistant before replying.",
            "      - Summarises a ticket thread: with the assistant, before replying.",
        ),
        at(PATH, 7, "'levels.baseline.behaviours[1]' must be text", "must be quoted"),
    ),
    mistake(
        "role-second-yaml-document",
        replace(ROLE, "practice:", "---\npractice:"),
        at(ROLE, 11, "a second YAML document starts here", "one file holds one document"),
    ),
    mistake(
        "role-merge-key",
        replace(ROLE, "practice:\n  hours_per_week: 2\n", "base: &base {hours_per_week: 2}\npractice:\n  <<: *base\n"),
        at(ROLE, 12, "merge keys ('<<') are not supported"),
    ),
    mistake(
        "role-undefined-alias",
        replace(ROLE, "title: Customer Support Agent", "title: *agent"),
        at(ROLE, 1, "YAML syntax error", "undefined alias"),
    ),
    # -- found while testing: each of these is listed in /work/plan/engine-bugs.md
    mistake(
        # A missing ':' is on the line without it, not the line after.
        "role-missing-colon",
        replace(ROLE, "family: Customer Operations", "family Customer Operations"),
        at(ROLE, 2, "YAML syntax error", "'name: value'"),
    ),
    mistake(
        "front-matter-missing-colon-on-last-line",
        replace(CHECK, "prerequisites: [prompting-basics]\n", "prerequisites: [prompting-basics]\nreviewed\n"),
        at(CHECK, 6, "YAML syntax error", "'name: value'"),
    ),
    mistake(
        # An unclosed quote is reported where the quote opens, not past the end of the file.
        "role-unclosed-quote",
        replace(
            ROLE,
            '["One sprint a quarter uses the new triage flow."]',
            '["One sprint a quarter uses the new triage flow.]',
        ),
        at(ROLE, 12, "YAML syntax error", "close the quote"),
    ),
    mistake(
        "front-matter-unclosed-quote",
        replace(BASICS, "summary: Write", 'summary: "Write'),
        at(BASICS, 4, "YAML syntax error", "close the quote"),
    ),
    mistake(
        # An unclosed '[' is reported where it opens, not on the next field.
        "role-unclosed-flow-list",
        replace(ROLE, "paths: [ai-assisted-support]", "paths: [ai-assisted-support"),
        at(ROLE, 4, "YAML syntax error", "']'"),
    ),
    mistake(
        # A control character is reported on its own line, in one line of text.
        "role-control-character",
        replace(ROLE, "family: Customer Operations", "family: Customer\x07Operations"),
        at(ROLE, 2, "control character"),
    ),
    mistake(
        # "25" in quotes is text; the message must say so, not "got '25'" as if 25 were wrong.
        "module-minutes-quoted",
        replace(CHECK, "minutes: 25", 'minutes: "25"'),
        at(CHECK, 4, "'minutes' must be a whole number", "quote"),
    ),
    mistake(
        "role-hours-per-week-nan",
        replace(ROLE, "hours_per_week: 2", "hours_per_week: .nan"),
        at(ROLE, 11, "'practice.hours_per_week'"),
    ),
    mistake(
        # Explicit YAML tags must never crash the loader.
        "module-review-by-timestamp-tag",
        replace(BASICS, "review_by: 2099-12-31", "review_by: !!timestamp soon"),
        at(BASICS, 6, "'review_by' must be a date"),
    ),
    mistake(
        "module-minutes-empty-int-tag",
        replace(CHECK, "minutes: 25", "minutes: !!int ''"),
        at(CHECK, 4, "'minutes' must be a whole number"),
    ),
    # -- authored files where the build writes generated ones
    mistake(
        "authored-portal-json",
        put("content/portal.json", "{}\n"),
        at("content/portal.json", 0, "the build generates /portal.json (catalog data)", "move or rename"),
    ),
    mistake(
        "authored-practice-calendar",
        put("content/roles/support-agent/practice.ics", "BEGIN:VCALENDAR\n"),
        at("content/roles/support-agent/practice.ics", 0, "practice calendar of role 'support-agent'"),
    ),
    mistake("authored-site-feed", put("content/feed.xml", "<feed/>\n"), at("content/feed.xml", 0, "site feed")),
    mistake(
        "authored-roles-index",
        put("content/roles/index.md", "# Roles\n"),
        at("content/roles/index.md", 0, "/roles/ belongs to the generated catalog page"),
    ),
    mistake(
        "authored-coverage-page",
        put("content/coverage.md", "# Coverage\n"),
        at("content/coverage.md", 0, "/coverage/ belongs to the generated coverage page"),
    ),
    mistake(
        "authored-path-page",
        put("content/paths/ai-assisted-support.md", "# Path\n"),
        at("content/paths/ai-assisted-support.md", 0, "belongs to the generated path page"),
    ),
    # -- numbers YAML 1.1 reads otherwise than they look
    mistake(
        "module-minutes-with-a-leading-zero",
        replace(CHECK, "minutes: 25", "minutes: 010"),
        at(CHECK, 4, "'minutes' is written '010', which YAML reads as 8 (octal)", "leading zero: minutes: 10"),
    ),
    mistake(
        "module-minutes-sexagesimal",
        replace(CHECK, "minutes: 25", "minutes: 1:30"),
        at(CHECK, 4, "which YAML reads as 90", "plain digits: minutes: 90"),
    ),
    mistake(
        "role-hours-per-week-hexadecimal",
        replace(ROLE, "hours_per_week: 2", "hours_per_week: 0x2"),
        at(ROLE, 11, "'practice.hours_per_week' is written '0x2'", "hours_per_week: 2"),
    ),
    # -- file names: the fix named is one that works
    mistake(
        "role-file-name-taken-by-its-suggestion",
        copy(ROLE, "roles/Support Agent.yml"),
        at("roles/Support Agent.yml", 0, "rename it to support-agent-2.yml", "support-agent.yml exists already"),
    ),
    mistake(
        "module-file-name-with-a-cyrillic-letter",
        copy(BASICS, "content/modules/escalati\u043en-rules-card.md"),
        at(
            "content/modules/escalati\u043en-rules-card.md",
            0,
            "it contains U+043E CYRILLIC SMALL LETTER O",
            "rename it to escalation-rules-card.md",
        ),
    ),
    mistake(
        "module-file-name-in-another-script",
        copy(BASICS, "content/modules/\u043c\u043e\u0434\u0443\u043b\u044c.md"),
        at("content/modules/\u043c\u043e\u0434\u0443\u043b\u044c.md", 0, "U+043C CYRILLIC SMALL LETTER EM", "a-z"),
    ),
    mistake(
        "path-module-id-with-a-cyrillic-letter",
        replace(PATH, "modules: [prompting-basics]", "modules: [prompting-basics, check-bef\u043ere-you-ship]"),
        at(PATH, 8, "U+043E CYRILLIC SMALL LETTER O", "did you mean 'check-before-you-ship'?"),
    ),
    mistake(
        "module-id-index",
        copy(BASICS, "content/modules/index.md"),
        at("content/modules/index.md", 0, "'index' cannot be a module id", "rename it"),
    ),
    mistake(
        "one-pager-id-index",
        copy(LEADER, "content/leaders/index.md"),
        at("content/leaders/index.md", 0, "'index' cannot be a leader id", "rename it"),
    ),
    # -- line breaks YAML sees and editors do not: named, and later lines keep the editor's numbers
    mistake(
        "role-line-separator-in-a-value",
        edits(
            replace(ROLE, "title: Customer Support Agent", "title: Customer\u2028Support Agent"),
            replace(ROLE, "  ideas: [", '  ideas: ["Two"]\n  ideas: ['),
        ),
        at(ROLE, 1, "U+2028 LINE SEPARATOR", "replace it with a newline or delete it"),
        at(ROLE, 13, "duplicate field 'ideas'"),
    ),
    mistake(
        "role-next-line-character",
        edits(
            replace(ROLE, "family: Customer Operations", "family: Customer\x85Operations"),
            replace(ROLE, "  ideas: [", '  ideas: ["Two"]\n  ideas: ['),
        ),
        at(ROLE, 2, "U+0085 NEXT LINE (NEL)"),
        at(ROLE, 13, "duplicate field 'ideas'"),
    ),
    mistake(
        "module-paragraph-separator-in-front-matter",
        edits(
            replace(CHECK, "title: Check before you ship", "title: Check before\u2029you ship"),
            replace(CHECK, "minutes: 25\n", "minutes: 25\nminutes: 26\n"),
        ),
        at(CHECK, 2, "U+2029 PARAGRAPH SEPARATOR"),
        at(CHECK, 5, "duplicate field 'minutes'"),
    ),
    mistake(
        "role-lone-carriage-return-then-a-control-character",
        edits(
            replace(ROLE, "family: Customer Operations\n", "family: Customer Operations\r"),
            replace(ROLE, '"@support-enablement"', '"@support\x01"'),
        ),
        at(ROLE, 5, "control character U+0001"),
    ),
    mistake(
        "module-kind-bool-tag",
        replace(SANDBOX, "kind: exercise", "kind: !!bool perhaps"),
        at(SANDBOX, 3, "'kind' is 'perhaps'"),
    ),
]


def _show(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(f"  {d.path}:{d.line}: [{d.severity.value}] {d.message}" for d in diagnostics) or "  (none)"


def _load(root: Path) -> Loaded:
    return load(root, today=TODAY)


def test_the_fixture_portal_is_valid(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.diagnostics == []
    portal = loaded.portal
    assert (len(portal.roles), len(portal.paths), len(portal.modules), len(portal.leaders)) == (1, 1, 3, 1)
    assert portal.modules["triage-sandbox"].kind == "exercise"


def test_at_least_35_distinct_mistakes() -> None:
    assert len({p.id for p in MISTAKES}) == len(MISTAKES) >= 35  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", MISTAKES)
def test_mistake_is_reported_at_its_line(case: Mistake, valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    case.edit(valid_portal)
    loaded = _load(write_repo(valid_portal))
    errors = loaded.report.errors
    expected = [(e.path, e.line) for e in case.errors]
    assert [(d.path, d.line) for d in errors] == expected, f"expected {expected}, got:\n{_show(errors)}"
    for diagnostic, want in zip(errors, case.errors, strict=True):
        for words in want.words:
            assert words in diagnostic.message, f"{words!r} not in:\n{_show([diagnostic])}"
        assert "\n" not in diagnostic.message, f"a message is one line:\n{_show([diagnostic])}"
        assert "Traceback" not in diagnostic.message and "<unicode string>" not in diagnostic.message


# ---- accepted, not errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "title"),
    [("No", "No"), ("yes", "yes"), ("off", "off"), ("42", "42"), ("2024-01-01", "2024-01-01"), ("~ sign", "~ sign")],
    ids=["no", "yes", "off", "number", "date", "tilde"],
)
def test_text_fields_keep_what_the_author_wrote(
    written: str, title: str, valid_portal: Files, write_repo: Callable[..., Path]
) -> None:
    """`title: No` is the text "No", not False: YAML 1.1 booleans must not leak into text."""
    replace(ROLE, "title: Customer Support Agent", f"title: {written}")(valid_portal)
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.diagnostics == [], _show(loaded.report.diagnostics)
    assert loaded.portal.roles["support-agent"].title == title


def test_bom_and_windows_line_endings_are_accepted(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    for path in (ROLE, CHECK):
        text = valid_portal[path]
        assert isinstance(text, str)
        valid_portal[path] = "\ufeff" + text.replace("\n", "\r\n")
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.diagnostics == [], _show(loaded.report.diagnostics)
    assert loaded.portal.modules["check-before-you-ship"].minutes == 25


def test_a_reference_to_a_broken_file_is_not_also_unknown(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    """check-before-you-ship has its own error; the path and the exercise that name it must not
    add 'unknown module' errors on top."""
    replace(CHECK, "minutes: 25", "minutes: lots")(valid_portal)
    loaded = _load(write_repo(valid_portal))
    assert [(d.path, d.line) for d in loaded.report.errors] == [(CHECK, 4)], _show(loaded.report.errors)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(replace(ROLE, "title: Customer Support Agent", "title: [a, b]"), id="broken-role"),
        pytest.param(replace(PATH, "title: AI-assisted support", "title: [a, b]"), id="broken-path"),
    ],
)
def test_a_broken_file_causes_no_false_warnings_elsewhere(
    edit: Edit, valid_portal: Files, write_repo: Callable[..., Path]
) -> None:
    """A role with an error still follows its paths, and a path with an error still uses its
    modules: 'no role follows this path' / 'no path uses this module' would send the author
    after problems that don't exist."""
    edit(valid_portal)
    loaded = _load(write_repo(valid_portal))
    assert len(loaded.report.errors) == 1, _show(loaded.report.errors)
    assert loaded.report.warnings == [], _show(loaded.report.warnings)


# ---- warnings ----------------------------------------------------------------------------


def test_review_by_in_the_past_is_a_warning(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    replace(BASICS, "review_by: 2099-12-31", "review_by: 2026-02-28")(valid_portal)
    root = write_repo(valid_portal)
    loaded = load(root, today=datetime.date(2026, 3, 1))
    assert loaded.report.errors == []
    [warning] = loaded.report.warnings
    assert (warning.path, warning.line, warning.severity) == (BASICS, 6, Severity.WARNING)
    assert "review_by 2026-02-28 has passed" in warning.message
    assert str(warning).startswith(f"{BASICS}:6: warning: ")
    assert "prompting-basics" in loaded.portal.modules  # a warning never drops content
    assert load(root, today=datetime.date(2026, 2, 28)).report.diagnostics == []  # due today is not stale


def test_a_module_no_path_uses_is_a_warning(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    valid_portal["content/modules/data-boundaries.md"] = (
        "---\ntitle: Data boundaries\nsummary: What stays out of the assistant.\nminutes: 10\n---\nBody.\n"
    )
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.errors == []
    [warning] = loaded.report.warnings
    assert (warning.path, warning.line) == ("content/modules/data-boundaries.md", 2)
    assert "no path uses this module" in warning.message
    assert "data-boundaries" in loaded.portal.modules


def test_a_path_no_role_follows_is_a_warning(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    valid_portal["paths/ai-foundations.yml"] = valid_portal[PATH]
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.errors == []
    assert [(d.path, d.line) for d in loaded.report.warnings] == [("paths/ai-foundations.yml", 1)]
    assert "no role follows this path" in loaded.report.warnings[0].message


def test_warnings_do_not_count_as_errors(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    replace(BASICS, "review_by: 2099-12-31", "review_by: 2020-01-01")(valid_portal)
    valid_portal["content/modules/data-boundaries.md"] = "---\ntitle: D\nsummary: S.\nminutes: 10\n---\n"
    loaded = _load(write_repo(valid_portal))
    assert len(loaded.report.warnings) == 2
    assert loaded.report.errors == []
    assert all(d.severity is Severity.WARNING for d in loaded.report.diagnostics)
    assert len(loaded.portal.modules) == 4


# ---- all problems of a run, together -----------------------------------------------------


def test_all_mistakes_of_a_run_are_reported_together_sorted(
    valid_portal: Files, write_repo: Callable[..., Path]
) -> None:
    for edit in (
        replace(ROLE, "hours_per_week: 2", "hours_per_week: 41"),
        replace(ROLE, '["@support-enablement"]', '["support-enablement"]'),
        replace(PATH, "modules: [prompting-basics]", "modules: [promting-basics]"),
        replace(CHECK, "minutes: 25", "minutes: twenty"),
        replace(LEADER, "    say: What did we learn from this?\n", ""),
    ):
        edit(valid_portal)
    loaded = _load(write_repo(valid_portal))
    assert [(d.path, d.line) for d in loaded.report.errors] == [
        (LEADER, 5),
        (CHECK, 4),
        (PATH, 8),
        (ROLE, 5),
        (ROLE, 11),
    ], _show(loaded.report.diagnostics)
    messages = [d.message for d in loaded.report.errors]
    for words, message in zip(
        ["'phrases[1].say'", "'minutes'", "did you mean 'prompting-basics'?", "'owners[1]'", "got 41"],
        messages,
        strict=True,
    ):
        assert words in message


# ---- the file system ---------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symlink_loop_is_reported_not_raised(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    root = write_repo(valid_portal)
    os.symlink("loop.yml", root / "roles" / "loop.yml")
    loaded = _load(root)
    assert [(d.path, d.line) for d in loaded.report.errors] == [("roles/loop.yml", 0)], _show(loaded.report.errors)
    assert "support-agent" in loaded.portal.roles


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symlink_out_of_the_repository_is_refused(
    valid_portal: Files, write_repo: Callable[..., Path], tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(str(valid_portal[ROLE]), encoding="utf-8")
    root = write_repo(valid_portal, tmp_path / "repo")
    os.symlink(outside, root / "roles" / "other.yml")
    loaded = _load(root)
    assert [(d.path, d.line) for d in loaded.report.errors] == [("roles/other.yml", 0)]
    assert "outside the repository" in loaded.report.errors[0].message


def test_missing_content_folder(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    for path in [p for p in valid_portal if p.startswith("content/")]:
        del valid_portal[path]
    loaded = _load(write_repo(valid_portal))
    assert ("content", 0) in [(d.path, d.line) for d in loaded.report.errors]
    assert any("content folder is missing" in d.message for d in loaded.report.errors)


# ---- through MkDocs ----------------------------------------------------------------------

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def test_an_authored_page_on_a_generated_url_fails_the_mkdocs_build(
    valid_portal: Files, write_repo: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    valid_portal["content/roles/index.md"] = "# All roles\n"
    valid_portal["mkdocs.yml"] = (
        "site_name: Test portal\n"
        "docs_dir: content\n"
        "theme:\n"
        "  name: material\n"
        f"  custom_dir: {(REPO / 'overrides').as_posix()}\n"
        "  font: false\n"
        "hooks:\n"
        f"  - {(REPO / 'hooks' / 'rolepath_hook.py').as_posix()}\n"
    )
    root = write_repo(valid_portal)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.rolepath"), pytest.raises(Abort):
        build(config)
    messages = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.rolepath"]
    assert any("content/roles/index.md:1:" in m and "/roles/" in m and "move or rename it" in m for m in messages), (
        messages
    )
    assert not (root / "site").exists(), "a build with an error writes no site"


def test_an_authored_file_on_a_generated_file_fails_the_build_without_a_deprecation_warning(
    valid_portal: Files, write_repo: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    """MkDocs warns (DeprecationWarning) and replaces a file added twice: the check's error must
    stop the build before that, so no authored portal.json or calendar is overwritten silently."""
    import warnings

    from mkdocs.exceptions import Abort
    from sites import build_site, make_portal

    root = write_repo(valid_portal)
    make_portal(root)  # the mkdocs.yml
    (root / "content/portal.json").write_text('{"authored": true}\n', encoding="utf-8")
    (root / "content/roles/support-agent").mkdir(parents=True)
    (root / "content/roles/support-agent/practice.ics").write_text("BEGIN:VCALENDAR\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught, pytest.raises(Abort):
        warnings.simplefilter("always")
        build_site(root)
    assert not [w for w in caught if issubclass(w.category, DeprecationWarning)], [str(w.message) for w in caught]
    messages = [r.getMessage() for r in caplog.records]
    for rel in ("content/portal.json", "content/roles/support-agent/practice.ics"):
        assert any(f"{rel}:1: the build generates" in m for m in messages), messages
    assert not (root / "site").exists()


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text))


def test_a_mkdocs_yml_without_the_hook_fails_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without the hook, `mkdocs build --strict` passes with a site that has no roles: the build
    cannot know, since none of rolepath runs; the check reads mkdocs.yml and says so."""
    from rolepath import cli
    from sites import make_portal, small_portal

    root = make_portal(tmp_path, **small_portal(), config={"hooks": []})
    assert cli.main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    hooks_line = _line_of(root / "mkdocs.yml", "hooks:")
    assert f"mkdocs.yml:{hooks_line}: rolepath's hook is not loaded" in out and "hooks/rolepath_hook.py" in out, out
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n", encoding="utf-8")
    assert cli.main(["check", str(root)]) == 1
    assert "mkdocs.yml:1: rolepath's hook is not loaded" in capsys.readouterr().out


def test_use_directory_urls_false_is_refused_by_check_and_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort
    from rolepath import cli
    from sites import build_site, make_portal, small_portal, write

    root = make_portal(tmp_path, **small_portal(), config={"use_directory_urls": False})
    line = _line_of(root / "mkdocs.yml", "use_directory_urls:")
    expected = f"mkdocs.yml:{line}: use_directory_urls: false is not supported"
    assert cli.main(["check", str(root)]) == 1
    assert expected in capsys.readouterr().out
    with pytest.raises(Abort):
        build_site(root)
    assert any(expected in r.getMessage() for r in caplog.records), caplog.text
    # An edition that turns it off over a good mkdocs.yml is refused at its own line.
    make_portal(root, **small_portal())
    write(root / "mkdocs-employees.yml", "INHERIT: mkdocs.yml\nuse_directory_urls: false\n")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs-employees.yml"), site_dir=str(root / "site-employees"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    assert any("mkdocs-employees.yml:2: use_directory_urls: false" in r.getMessage() for r in caplog.records)
    assert not (root / "site-employees").exists() and not (root / "site").exists()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            replace(CHECK, "Read the draft twice.", "Read it twice.\n\nThen see [the card](escalation-card.md#top)."),
            (CHECK, 10, "link to 'escalation-card.md', which is no page in content/: fix the link or add the page"),
        ),
        (
            put("content/about.md", "# About\n\nSee [the FAQ][faq].\n\n[faq]: ../faq.md\n"),
            ("content/about.md", 5, "link to '../faq.md', which is no page in content/: fix the link or add the page"),
        ),
    ],
    ids=["module-inline-link", "page-reference-link"],
)
def test_a_link_to_a_missing_page_is_a_warning_at_its_line(
    edit: Edit, expected: tuple[str, int, str], valid_portal: Files, write_repo: Callable[..., Path]
) -> None:
    """MkDocs warns in the build only (and fails it under --strict); the check says it first, the same way."""
    edit(valid_portal)
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.errors == [], _show(loaded.report.errors)
    assert [(d.path, d.line, d.message) for d in loaded.report.warnings] == [expected]


def test_links_that_resolve_or_are_code_are_not_reported(valid_portal: Files, write_repo: Callable[..., Path]) -> None:
    valid_portal["content/guides/start.md"] = (
        "# Start\n\n[Home](../index.md), [basics](../modules/prompting-basics.md#say-what-you-want),"
        " [roles](../roles/index.md), [a role](../roles/support-agent/index.md), [web](https://example.com/a.md),"
        " [root](/x.md), `[code](missing.md)`\n\n```\n[fenced](missing.md)\n```\n"
    )
    loaded = _load(write_repo(valid_portal))
    assert loaded.report.diagnostics == [], _show(loaded.report.diagnostics)
