"""Shared fixtures: a minimal valid portal, as text, and a helper that writes a repository.

The portal is the smallest one that uses every kind of file: one role, one path, three
modules (two lessons and an exercise) and one leader one-pager. It loads with no errors
and no warnings, so a test can introduce exactly one mistake and expect exactly one
problem. Line numbers matter: tests pin problems to them, so edit with care.

Import nothing from this file: pytest may have imported another ``conftest`` module by the
time a test module runs. Use the fixtures instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, noise in test output

ROLE = """\
title: Customer Support Agent
family: Customer Operations
summary: How AI changes the way support agents answer tickets.
paths: [ai-assisted-support]
owners: ["@support-enablement"]
from_to:
  - area: Answering tickets
    today: Searches three knowledge bases by hand for every ticket.
    in_six_months: Drafts the first reply with an assistant and checks it against policy.
practice:
  hours_per_week: 2
  ideas: ["One sprint a quarter uses the new triage flow."]
"""

PATH = """\
title: AI-assisted support
summary: Summarise, draft and check replies with an assistant.
levels:
  baseline:
    summary: Start here if you have not used the assistant yet.
    behaviours:
      - Summarises a ticket thread with the assistant before replying.
    modules: [prompting-basics]
  proficient:
    summary: Start here if you already draft replies with the assistant.
    behaviours:
      - Checks every drafted reply against the current policy before sending.
    modules: [check-before-you-ship]
  advanced:
    summary: Start here if you want to fix the cause of bad drafts, not the reply.
    behaviours:
      - Turns recurring drafting errors into corrected help-centre articles.
    modules: [triage-sandbox]
"""

PROMPTING_BASICS = """\
---
title: Prompting basics
kind: lesson
summary: Write a prompt that says what you want and what good looks like.
minutes: 20
review_by: 2099-12-31
---

# Prompting basics

Say what you want.
"""

CHECK_BEFORE_YOU_SHIP = """\
---
title: Check before you ship
summary: Check an assistant's draft before it goes to a customer.
minutes: 25
prerequisites: [prompting-basics]
---

Read the draft twice.
"""

TRIAGE_SANDBOX = """\
---
title: Triage sandbox
kind: exercise
summary: Triage twenty synthetic tickets with the assistant's help.
minutes: 55
prerequisites: [prompting-basics, check-before-you-ship]
sandbox:
  setting: The practice workspace with synthetic tickets; nothing leaves it.
  time_box: 45
  success:
    - Every ticket has a priority and a one-line reason.
---

## Steps

Triage.
"""

ONE_PAGER = """\
---
title: Language that invites learning
summary: Everyday sentences that shut learning down, and what to say instead.
phrases:
  - instead_of: We can't afford mistakes.
    say: What did we learn from this?
    why: Gives failure a safe place instead of banning it.
---

Print this page.
"""

VALID_PORTAL: Mapping[str, str] = {
    "roles/support-agent.yml": ROLE,
    "paths/ai-assisted-support.yml": PATH,
    "content/index.md": "# Welcome\n\nPick your role.\n",
    "content/modules/prompting-basics.md": PROMPTING_BASICS,
    "content/modules/check-before-you-ship.md": CHECK_BEFORE_YOU_SHIP,
    "content/modules/triage-sandbox.md": TRIAGE_SANDBOX,
    "content/leaders/language-that-invites-learning.md": ONE_PAGER,
}
"""The minimal valid portal: repository-relative path -> file text."""


def write_repo(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; returns ``root``.

    Text is written as UTF-8 exactly as given (no newline translation), bytes as they are.
    """
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture(scope="session")
def portal_texts() -> Mapping[str, str]:
    """The minimal valid portal's files, read-only, for module- and session-scoped fixtures."""
    return VALID_PORTAL


@pytest.fixture
def valid_portal() -> dict[str, str | bytes]:
    """A fresh, editable copy of the minimal valid portal's files."""
    return dict(VALID_PORTAL)


@pytest.fixture(name="write_repo")
def write_repo_fixture(tmp_path: Path) -> Callable[..., Path]:
    """``write_repo(files)`` writes into this test's tmp_path (or ``write_repo(files, root)``)."""

    def write(files: Mapping[str, str | bytes], root: Path | None = None) -> Path:
        return write_repo(root or tmp_path, files)

    return write
