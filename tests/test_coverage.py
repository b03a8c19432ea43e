"""`rolepath coverage`: the role x level matrix, levels without an exercise, modules due for review."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup
from rolepath import cli, load
from rolepath.output.pages import plan
from rolepath.output.render import Renderer
from rolepath.tools.coverage import analyse, page_context, to_markdown, to_text

TEMPLATES = Path(__file__).resolve().parents[1] / "overrides" / "rolepath"
TODAY = datetime.date(2026, 6, 1)

SECOND_PATH = """\
title: Writing
summary: Write with an assistant.
levels:
  baseline: {summary: Start here., behaviours: [Drafts.], modules: [prompting-basics, drafting-drill]}
  proficient: {summary: Start here., behaviours: [Edits.], modules: [drafting-drill]}
  advanced: {summary: Start here., behaviours: [Teaches.], modules: [check-before-you-ship]}
"""
DRILL = """\
---
title: Drafting drill
kind: exercise
summary: Draft three replies.
minutes: 30
review_by: 2026-06-11
sandbox: {setting: The practice workspace., time_box: 30, success: [Three drafts.]}
---
Go.
"""


@pytest.fixture
def root(valid_portal: dict[str, str], write_repo) -> Path:
    files = dict(valid_portal)
    files["roles/support-agent.yml"] = files["roles/support-agent.yml"].replace(
        "paths: [ai-assisted-support]", "paths: [ai-assisted-support, writing]"
    )
    files["paths/writing.yml"] = SECOND_PATH
    files["content/modules/drafting-drill.md"] = DRILL
    files["content/modules/check-before-you-ship.md"] = files["content/modules/check-before-you-ship.md"].replace(
        "minutes: 25", "minutes: 25\nreview_by: 2026-05-20"
    )
    return write_repo(files)


def test_the_matrix_counts_each_module_once_per_level(root: Path) -> None:
    coverage = analyse(load(root).portal, TODAY)
    (row,) = coverage.rows
    assert row.role_id == "support-agent"
    baseline, proficient, advanced = (row.cells[name] for name in ("baseline", "proficient", "advanced"))
    # baseline: prompting-basics (in both paths, counted once) + drafting-drill
    assert (baseline.modules, baseline.exercises, baseline.minutes) == (2, 1, 50)
    assert baseline.paths_without_exercise == ["ai-assisted-support"] and not baseline.no_exercise
    assert (proficient.modules, proficient.exercises, proficient.minutes) == (2, 1, 55)
    # advanced: triage-sandbox (exercise) + check-before-you-ship
    assert (advanced.modules, advanced.exercises) == (2, 1)
    assert advanced.paths_without_exercise == ["writing"]


def test_gaps_and_modules_due_for_review(root: Path) -> None:
    coverage = analyse(load(root).portal, TODAY)
    assert [(gap.path_id, gap.level, gap.roles) for gap in coverage.gaps] == [
        ("ai-assisted-support", "baseline", ["support-agent"]),
        ("ai-assisted-support", "proficient", ["support-agent"]),
        ("writing", "advanced", ["support-agent"]),
    ]
    # prompting-basics (review_by 2099) is not due; the others are past or within 30 days
    assert [(s.module_id, s.days, s.status) for s in coverage.stale] == [
        ("check-before-you-ship", -12, "overdue by 12 days"),
        ("drafting-drill", 10, "due in 10 days"),
    ]
    assert coverage.stale[0].used_by == ["ai-assisted-support proficient", "writing advanced"]
    assert coverage.counts == {"roles": 1, "paths": 2, "modules": 4, "exercises": 2}


def test_a_role_level_with_no_exercise_at_all_is_flagged(valid_portal: dict[str, str], write_repo) -> None:
    coverage = analyse(load(write_repo(valid_portal)).portal, TODAY)
    cell = coverage.rows[0].cells["baseline"]
    assert cell.no_exercise and (cell.modules, cell.minutes) == (1, 20)
    text = to_text(coverage)
    assert "1 module, 0 exercises, 20 min !" in text
    assert "  ai-assisted-support baseline (roles: support-agent)" in text
    assert "| Customer Support Agent (`support-agent`) | 1 module, 0 exercises, 20 min ⚠️ no exercise |" in to_markdown(
        coverage
    )


def test_command_formats(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["coverage", str(root)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Coverage on ") and "Levels with no sandbox exercise (3):" in text

    assert cli.main(["coverage", str(root), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Portal coverage\n") and "| Role | Baseline | Proficient | Advanced |" in markdown

    assert cli.main(["coverage", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["roles"][0]["levels"]["baseline"] == {
        "modules": 2, "exercises": 1, "minutes": 50, "paths_without_exercise": ["ai-assisted-support"],
    }  # fmt: skip
    assert [item["module"] for item in data["due_for_review"]][:1] == ["check-before-you-ship"]
    assert data["levels_without_exercise"][2] == {"path": "writing", "level": "advanced", "roles": ["support-agent"]}

    assert cli.main(["coverage", str(root / "missing")]) == 2


def test_the_coverage_page_renders_through_the_renderer(root: Path) -> None:
    portal = load(root).portal
    spec = next(spec for spec in plan(portal) if spec.kind == "coverage")
    rendered = Renderer(portal, [TEMPLATES]).page(
        spec, intro=Markup(""), whats_new=Markup(""), **page_context(portal, TODAY)
    )  # as the build renders it, on a fixed day
    soup = BeautifulSoup(rendered.html, "html.parser")
    row = soup.select_one("tr[data-rp-role='support-agent']")
    assert row is not None
    link = row.select_one("th a")
    assert (
        link is not None and link["href"] == "../roles/support-agent/" and link.get_text() == "Customer Support Agent"
    )
    cells = row.select("td")
    assert [cell["data-rp-level"] for cell in cells] == ["baseline", "proficient", "advanced"]
    assert " ".join(cells[0].get_text().split()) == "2 modules, 1 exercise, 50 min"
    gaps = soup.select("ul.rp-gaps li")
    assert (gaps[0]["data-rp-path"], gaps[0]["data-rp-level"]) == ("ai-assisted-support", "baseline")
    assert gaps[0].a is not None and gaps[0].a["href"] == "../paths/ai-assisted-support/"
    stale = soup.select("ul.rp-stale li")
    assert [li["data-rp-module"] for li in stale] == ["check-before-you-ship", "drafting-drill"]
    assert "overdue by 12 days" in stale[0].get_text()
    assert [h.id for h in rendered.headings] == ["matrix", "levels-without-exercise", "due-for-review"]


def test_a_level_without_any_modules_in_a_role_is_shown_as_such(valid_portal: dict[str, str], write_repo) -> None:
    coverage = analyse(load(write_repo(valid_portal)).portal, TODAY)
    coverage.rows[0].cells["advanced"].modules = 0
    assert "no modules" in to_text(coverage)
