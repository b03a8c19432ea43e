"""Audiences: an edition of the portal for one audience leaks nothing meant for the others.

One fixture repository holds content for every audience, each piece carrying a distinct
canary string. It is built three times with real MkDocs builds (full, employees, managers,
the last two through ``mkdocs-<audience>.yml`` files that ``INHERIT: mkdocs.yml``), and every
file of every output (HTML, search index, sitemap and its .gz, portal.json, calendars, feeds,
anything else) is searched for the canaries. The full build must hold them all, so the leak
checks cannot pass by building nothing.

The pure functions of ``rolepath.output.editions`` are tested directly as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort
from rolepath import load
from rolepath.adapter.options import OptionsError, parse_options
from rolepath.content.audience import AudienceError, include_manager_guides, visible
from rolepath.content.audience_blocks import block_problems, strip_blocks
from rolepath.content.front_matter import page_audience, page_problems
from rolepath.output.editions import dropped_files, for_audience
from rolepath.output.pages import plan
from sites import broken_links, build_with, edition, git, make_portal, where, write

# -- the canaries: one per place a piece of content can travel through -------------------

MANAGERS = {
    "module_title": "CANARY-MGR-MODULE-TITLE-7f3a",
    "module_summary": "CANARY-MGR-MODULE-SUMMARY-7f3a",
    "module_body": "CANARY-MGR-MODULE-BODY-7f3a",
    "block": "CANARY-MGR-BLOCK-3c9e",
    "home_block": "CANARY-MGR-HOME-BLOCK-11d0",
    "page_title": "CANARY-MGR-PAGE-TITLE-a41b",
    "page_body": "CANARY-MGR-PAGE-BODY-a41b",
    "multimarkdown_page": "CANARY-MGR-MMD-PAGE-5e77",
    # A closing tag that is no tag (in a comment, a script's string) must not end a block early.
    "after_comment": "CANARY-MGR-AFTER-COMMENT-e1c3",
    "after_script": "CANARY-MGR-AFTER-SCRIPT-e1c3",
    "after_style": "CANARY-MGR-AFTER-STYLE-e1c3",
    "path_title": "CANARY-MGR-PATH-TITLE-b8e0",
    "path_behaviour": "CANARY-MGR-PATH-BEHAVIOUR-b8e0",
    "guide_before": "CANARY-MGR-GUIDE-BEFORE-5d21",
    "guide_prompt": "CANARY-MGR-GUIDE-PROMPT-5d21",
    "path_playbook": "CANARY-MGR-PLAYBOOK-0c3f",
    "metric": "CANARY-MGR-METRIC-62aa",
    "role_title": "CANARY-MGR-ROLE-91c4",
    "commit": "CANARY-MGR-COMMIT-0d0d",
    "mixed_commit": "CANARY-MGR-MIXED-COMMIT-0d0e",
    "page_commit": "CANARY-MGR-PAGE-COMMIT-0d0f",
    # The ids and file names of what is for managers are not for employees' eyes either.
    "module_id": "coaching-mgr-7f3a",
    "path_id": "leadership-mgr-b8e0",
    "role_id": "lead-mgr-91c4",
    "page_file": "faq-mgr-a41b",
    "multimarkdown_file": "notes-mgr-5e77",
}
"""Content for managers: in the full and the managers' build, never in the employees' build."""

LEADERS = {
    "one_pager": "CANARY-LDR-ONEPAGER-40e2",
    "inline": "CANARY-LDR-INLINE-40e2",
    "page": "CANARY-LDR-PAGE-40e2",
    "one_pager_id": "change-ldr-40e2",
    # A comment holding a marker is left out of every edition for particular audiences.
    "in_comment": "CANARY-IN-COMMENT-e1c3",
}
"""Content for leaders: only in the full build (and a leaders' build, not made here)."""

EMPLOYEES = {
    "module": "CANARY-EMP-MODULE-2b6d",
    "block": "CANARY-EMP-BLOCK-2b6d",
    "role": "CANARY-EMP-ROLE-2b6d",
}
"""Content for employees: in the full and the employees' build, never in the managers' build."""

EVERYONE = {
    "module_body": "CANARY-ALL-MODULE-BODY-e5e5",
    "role_title": "CANARY-ALL-ROLE-e5e5",
    "page": "CANARY-ALL-PAGE-e5e5",
    "home": "CANARY-ALL-HOME-e5e5",
}
"""Content for everyone: in every build."""

EXTENSIONS: list[Any] = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}]


def _portal() -> dict[str, Any]:
    level = {"summary": "Start here if you are new to it.", "behaviours": ["Summarises a thread."]}
    return {
        "roles": {
            "support-agent": {
                "title": f"Support agent {EVERYONE['role_title']}",
                "family": "Customer Operations",
                "summary": "Support agents draft replies with an assistant.",
                "paths": ["support-basics", "leadership-mgr-b8e0"],
                "from_to": [{"area": "Tickets", "today": "By hand.", "in_six_months": "Drafted, then checked."}],
                "practice": {"hours_per_week": 2, "ideas": ["Use the new triage flow."]},
                "metrics_to_adjust": [
                    {"metric": f"Handle time {MANAGERS['metric']}", "conflict": "Slower.", "adjustment": "Hold flat."}
                ],
                "manager": {
                    "before": [f"Tell them why it matters {MANAGERS['guide_before']}"],
                    "prompts": [f"What did you try? {MANAGERS['guide_prompt']}"],
                },
            },
            "lead-mgr-91c4": {
                "title": f"Team lead {MANAGERS['role_title']}",
                "family": "Customer Operations",
                "summary": "Leads a support team.",
                "paths": ["leadership-mgr-b8e0"],
                "from_to": [{"area": "Coaching", "today": "Ad hoc.", "in_six_months": "Weekly."}],
                "audience": "managers",
            },
            "analyst": {
                "title": f"Analyst {EMPLOYEES['role']}",
                "summary": "Analyses support data.",
                "paths": ["support-basics"],
                "from_to": [{"area": "Reports", "today": "By hand.", "in_six_months": "Drafted."}],
                "audience": "employees",
            },
        },
        "paths": {
            "support-basics": {
                "title": "Support basics",
                "summary": "Draft and check replies.",
                "levels": {
                    "baseline": {**level, "modules": ["prompting-basics", "coaching-mgr-7f3a"]},
                    "proficient": {**level, "modules": ["triage-sandbox", "spreadsheet-drafts"]},
                    "advanced": {**level, "modules": ["triage-sandbox"]},
                },
                "manager": {"before": [f"Book the practice time {MANAGERS['path_playbook']}"]},
            },
            "leadership-mgr-b8e0": {
                "title": f"People leadership {MANAGERS['path_title']}",
                "summary": "Coach a team through the change.",
                "levels": {
                    name: {
                        "summary": "Start here if you lead people.",
                        "behaviours": [f"Coaches weekly {MANAGERS['path_behaviour']}"],
                        "modules": ["coaching-mgr-7f3a"],
                    }
                    for name in ("baseline", "proficient", "advanced")
                },
                "audience": "managers",
            },
        },
        "modules": {
            "prompting-basics": {
                "title": "Prompting basics",
                "summary": "Write prompts that work.",
                "minutes": 20,
                "body": (
                    f"## Why\n\n{EVERYONE['module_body']}\n\n"
                    f'<div data-audience="managers" markdown>\n**Coach it:** {MANAGERS["block"]}\n</div>\n\n'
                    f'<div data-audience="employees" markdown>\nPractise it: {EMPLOYEES["block"]}\n</div>\n\n'
                    f'A sentence with <span data-audience="leaders">{LEADERS["inline"]}</span> inside.\n\n'
                    f'<div data-audience="managers" markdown>\nA tip.\n<!-- </div> -->\n{MANAGERS["after_comment"]}\n'
                    "</div>\n\n"
                    f'<div data-audience="managers" markdown>\n<script>var end = "</div>";</script>\n'
                    f"{MANAGERS['after_script']}\n</div>\n\n"
                    f'<div data-audience="managers" markdown>\n<style>/* </div> */</style>\n'
                    f"{MANAGERS['after_style']}\n</div>\n\n"
                    f'<!-- <div data-audience="managers">{LEADERS["in_comment"]}</div> -->\n'
                ),
            },
            "coaching-mgr-7f3a": {
                "title": f"Coaching conversations {MANAGERS['module_title']}",
                "summary": f"Coach with the checklist {MANAGERS['module_summary']}",
                "minutes": 30,
                "audience": "managers",
                "body": f"## Coaching\n\n{MANAGERS['module_body']}\n",
            },
            "triage-sandbox": {
                "title": "Triage sandbox",
                "kind": "exercise",
                "summary": "Triage synthetic tickets.",
                "minutes": 45,
                "prerequisites": ["prompting-basics", "coaching-mgr-7f3a"],
                "sandbox": {"setting": "Synthetic tickets only.", "time_box": 40, "success": ["All triaged."]},
                "body": "## Scenario\n\nTwenty tickets.\n",
            },
            "spreadsheet-drafts": {
                "title": f"Spreadsheet drafts {EMPLOYEES['module']}",
                "summary": "Draft a report.",
                "minutes": 15,
                "audience": "employees",
                "body": "Draft it.\n",
            },
        },
        "leaders": {
            "invite-learning": {
                "title": "Language that invites learning",
                "summary": "What to say instead.",
                "phrases": [{"instead_of": "No mistakes.", "say": "What did we learn?"}],
            },
            "change-ldr-40e2": {
                "title": f"Leading the change {LEADERS['one_pager']}",
                "summary": "For the leadership team.",
                "phrases": [{"instead_of": "Just use it.", "say": "Try it on one task."}],
                "audience": "leaders",
            },
        },
        "pages": {
            "index.md": (
                f"# Welcome\n\nPick your role. {EVERYONE['home']}\n\n"
                f'<div data-audience="managers" markdown>\nManagers: {MANAGERS["home_block"]}\n</div>\n'
            ),
            "about.md": f"# About\n\n{EVERYONE['page']}\n",
            "faq-mgr-a41b.md": (
                f"---\ntitle: Managers FAQ {MANAGERS['page_title']}\naudience: managers\n---\n\n"
                f"# Managers FAQ\n\n{MANAGERS['page_body']}\n"
            ),
            "notes-mgr-5e77.md": f"audience: managers\n\n# Managers notes\n\n{MANAGERS['multimarkdown_page']}\n",
            "board/notes.md": f"---\naudience: leaders\n---\n\n# Board notes\n\n{LEADERS['page']}\n",
        },
    }


# -- building ------------------------------------------------------------------------------


def audience_edition(root: Path, audience: str) -> Path:
    """``mkdocs-<audience>.yml``, the documented way to make one audience's edition."""
    return edition(root, audience, f"    audience: {audience}\n")


def commit_history(root: Path) -> None:
    """A git history whose latest changes touch manager-only files: "What's new" lists on the
    home and role pages, and the Atom feeds, show each commit's Portal-Note and file names."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the portal")
    module = root / "content/modules/coaching-mgr-7f3a.md"
    write(module, module.read_text(encoding="utf-8") + "\nOne more coaching tip.\n")
    git(root, "commit", "-q", "-am", f"Coaching tips\n\nPortal-Note: Coaching tips {MANAGERS['commit']}")
    lesson = root / "content/modules/prompting-basics.md"
    write(lesson, lesson.read_text(encoding="utf-8") + "\nOne more prompt.\n")
    write(module, module.read_text(encoding="utf-8") + "\nAnd another.\n")
    git(root, "commit", "-q", "-am", f"Prompts\n\nPortal-Note: Prompts and coaching {MANAGERS['mixed_commit']}")
    page = root / "content/faq-mgr-a41b.md"
    write(page, page.read_text(encoding="utf-8") + "\nA new question.\n")
    git(root, "commit", "-q", "-am", f"FAQ\n\nPortal-Note: FAQ {MANAGERS['page_commit']}")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = make_portal(tmp_path_factory.mktemp("audiences"), **_portal(), config={"markdown_extensions": EXTENSIONS})
    commit_history(root)
    return {
        "full": build_with(root / "mkdocs.yml", root / "site-full"),
        "employees": build_with(audience_edition(root, "employees"), root / "site-employees"),
        "managers": build_with(audience_edition(root, "managers"), root / "site-managers"),
    }


def leaks(site: Path, canaries: dict[str, str]) -> dict[str, list[str]]:
    found = {name: where(site, canary) for name, canary in canaries.items()}
    return {name: files for name, files in found.items() if files}


def missing(site: Path, canaries: dict[str, str]) -> list[str]:
    return [name for name, canary in canaries.items() if not where(site, canary)]


# -- the builds ----------------------------------------------------------------------------


def test_full_build_holds_every_canary(sites: dict[str, Path]) -> None:
    """The leak checks below mean something only if the canaries do reach a build."""
    site = sites["full"]
    for group in (MANAGERS, LEADERS, EMPLOYEES, EVERYONE):
        assert not missing(site, group), f"the full build lacks {missing(site, group)}"


def test_employees_build_leaks_nothing_for_managers_or_leaders(sites: dict[str, Path]) -> None:
    site = sites["employees"]
    found = leaks(site, MANAGERS) | leaks(site, LEADERS)
    assert not found, f"the employees' edition holds content for others: {found}"


def test_employees_build_keeps_content_for_employees_and_everyone(sites: dict[str, Path]) -> None:
    site = sites["employees"]
    assert not missing(site, EVERYONE), f"content for everyone was dropped: {missing(site, EVERYONE)}"
    assert not missing(site, EMPLOYEES), f"content for employees was dropped: {missing(site, EMPLOYEES)}"


def test_employees_build_has_no_manager_guides(sites: dict[str, Path]) -> None:
    site = sites["employees"]
    guides = sorted(p.relative_to(site).as_posix() for p in site.glob("roles/*/manager"))
    assert not guides, f"manager guides in the employees' edition: {guides}"
    assert not (site / "modules" / "coaching-mgr-7f3a").exists()
    assert not (site / "faq-mgr-a41b").exists()
    assert (site / "roles" / "support-agent" / "index.html").is_file()


def test_managers_build_keeps_managers_content_and_drops_the_rest(sites: dict[str, Path]) -> None:
    site = sites["managers"]
    assert not missing(site, MANAGERS), f"the managers' edition lacks {missing(site, MANAGERS)}"
    assert not missing(site, EVERYONE)
    found = leaks(site, EMPLOYEES) | leaks(site, LEADERS)
    assert not found, f"the managers' edition holds content for others: {found}"
    assert (site / "roles" / "support-agent" / "manager" / "index.html").is_file()


@pytest.mark.parametrize("name", ["full", "employees", "managers"])
def test_every_internal_link_resolves(sites: dict[str, Path], name: str) -> None:
    """Dropping an item drops the links to it too (listings, prerequisites, the guide link)."""
    broken = broken_links(sites[name])
    assert not broken, f"{name} build: {len(broken)} broken links, e.g. {broken[:5]}"


def test_audience_block_renders_as_markdown_in_the_full_build(sites: dict[str, Path]) -> None:
    page = BeautifulSoup((sites["full"] / "modules/prompting-basics/index.html").read_text("utf-8"), "html.parser")
    block = page.select_one('div[data-audience="managers"]')
    assert block is not None, "the managers' block is a <div data-audience> in the full build"
    strong = block.find("strong")
    assert strong is not None and strong.get_text() == "Coach it:", "Markdown inside the block is rendered"
    assert MANAGERS["block"] in block.get_text()


def test_portal_json_of_the_employees_build_lists_only_their_items(sites: dict[str, Path]) -> None:
    import json

    data = json.loads((sites["employees"] / "portal.json").read_text("utf-8"))
    assert sorted(role["id"] for role in data["roles"]) == ["analyst", "support-agent"]
    assert sorted(path["id"] for path in data["paths"]) == ["support-basics"]
    modules = sorted(module["id"] for module in data["modules"])
    assert modules == ["prompting-basics", "spreadsheet-drafts", "triage-sandbox"]
    baseline = data["paths"][0]["levels"][0]
    assert baseline["modules"] == ["prompting-basics"], "the level no longer lists the manager-only module"
    support = next(role for role in data["roles"] if role["id"] == "support-agent")
    assert support["paths"] == ["support-basics"]


def test_unknown_audience_setting_stops_the_build(tmp_path: Path) -> None:
    """A typo in the setting must not quietly build the full site where an edition was meant."""
    root = make_portal(tmp_path, **_portal(), config={"markdown_extensions": EXTENSIONS})
    with pytest.raises(Abort):
        build_with(audience_edition(root, "employee"), tmp_path / "site-typo")
    assert not (tmp_path / "site-typo").exists()


# -- the pure functions --------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = make_portal(tmp_path_factory.mktemp("audience-portal"), **_portal())
    loaded = load(root)
    assert not loaded.report.errors, [str(d) for d in loaded.report.errors]
    return loaded.portal, root


def test_visibility_rule() -> None:
    for item in ("everyone", None, "employees", "managers", "leaders", "managers leaders", "typo"):
        assert visible(item, None) and visible(item, "everyone"), "the full build keeps everything"
    assert visible("everyone", "employees") and visible(None, "managers")
    assert visible("employees", "employees") and not visible("employees", "managers")
    assert visible("managers", "managers") and not visible("managers", "employees")
    assert not visible("leaders", "managers") and visible("managers leaders", "leaders")
    assert not visible("typo", "employees"), "an unknown audience fails closed"
    assert not include_manager_guides("employees")
    assert all(include_manager_guides(a) for a in (None, "everyone", "managers", "leaders"))


def test_setting() -> None:
    def setting(extra: dict[str, Any] | None) -> str | None:
        return parse_options(extra).audience

    assert setting({}) is None and setting(None) is None and setting({"rolepath": {}}) is None
    assert setting({"rolepath": {"audience": "everyone"}}) is None
    assert setting({"rolepath": {"audience": "employees"}}) == "employees"
    for bad in ("employee", "Managers", "", ["managers"], 1):
        with pytest.raises(OptionsError, match="is not an audience"):
            setting({"rolepath": {"audience": bad}})
    for not_a_mapping in ("employees", ["audience"], True):
        with pytest.raises(OptionsError, match="must be a mapping"):
            parse_options({"rolepath": not_a_mapping})


def test_for_audience_drops_items_and_references(portal: Any) -> None:
    full, root = portal
    employees = for_audience(full, "employees", content_dir=root / "content")
    assert set(employees.roles) == {"support-agent", "analyst"}
    assert set(employees.paths) == {"support-basics"}
    assert set(employees.modules) == {"prompting-basics", "triage-sandbox", "spreadsheet-drafts"}
    assert set(employees.leaders) == {"invite-learning"}
    assert sorted(employees.pages) == ["about.md", "index.md"]
    baseline = employees.paths["support-basics"].level("baseline")
    assert [ref.id for ref in baseline.modules] == ["prompting-basics"]
    assert [ref.id for ref in employees.modules["triage-sandbox"].prerequisites] == ["prompting-basics"]
    support = employees.roles["support-agent"]
    assert [ref.id for ref in support.paths] == ["support-basics"]
    assert not (support.manager.before or support.manager.prompts or support.metrics_to_adjust)
    assert not employees.paths["support-basics"].manager.before
    guides = include_manager_guides("employees")
    assert [spec.kind for spec in plan(employees, manager_guides=guides)].count("manager") == 0
    assert dropped_files(full, employees) == [
        "board/notes.md",
        "faq-mgr-a41b.md",
        "leaders/change-ldr-40e2.md",
        "modules/coaching-mgr-7f3a.md",
        "notes-mgr-5e77.md",
    ]
    # The original is untouched, and the full build is everything.
    assert "coaching-mgr-7f3a" in full.modules and full.roles["support-agent"].manager.before
    whole = for_audience(full, None, content_dir=root / "content")
    assert whole is not full and set(whole.modules) == set(full.modules) and whole.pages == full.pages
    managers = for_audience(full, "managers", content_dir=root / "content")
    assert set(managers.modules) == {"prompting-basics", "coaching-mgr-7f3a", "triage-sandbox"}
    assert managers.roles["support-agent"].manager.before, "managers keep their notes"
    assert sorted(managers.pages) == ["about.md", "faq-mgr-a41b.md", "index.md", "notes-mgr-5e77.md"]


BLOCK = '<div data-audience="managers" markdown>\nSECRET\n</div>\n'


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (f"Before\n\n{BLOCK}\nAfter\n", "Before\n\n\nAfter\n"),
        ("A <span data-audience=managers>SECRET</span> B\n", "A  B\n"),
        ("<DIV DATA-AUDIENCE='managers'>SECRET</div >after\n", "after\n"),
        ('<div title="a>b" data-audience="managers">SECRET</div>\nafter\n', "after\n"),
        (
            '<div data-audience="managers" markdown>\nSECRET\n<div class="x">SECRET</div>\nSECRET\n</div>\nafter\n',
            "after\n",
        ),
        # Fenced code is code: a closing tag in it does not end the block (as in Python-Markdown).
        ('<div data-audience="managers" markdown>\n```\n</div>\nSECRET\n```\nSECRET\n</div>\nafter\n', "after\n"),
        # ...but anywhere else it does, indented or in backticks (as in Python-Markdown too).
        ('<div data-audience="managers" markdown>\nSECRET `</div>` shown\n', "` shown\n"),
        # A visible block stays, with a hidden one inside it removed.
        (
            '<div data-audience="employees" markdown>\nkept\n<div data-audience="leaders">\nSECRET\n</div>\n</div>\n',
            '<div data-audience="employees" markdown>\nkept\n</div>\n',
        ),
        ('<div data-audience="everyone managers">kept</div>\n', '<div data-audience="everyone managers">kept</div>\n'),
        # Fail closed: a typo'd audience, a block never closed, a marker outside any tag.
        ('<div data-audience="manager">SECRET</div>\nafter\n', "after\n"),
        ("Before\n\n<div data-audience='managers' markdown>\nSECRET\n\nSECRET\n", "Before\n\n"),
        ("Before\n\nthen data-audience=managers SECRET\n\nSECRET\n", "Before\n\n"),
        # What the HTML tokenizer reads as no tag closes nothing: comments, raw text, declarations.
        ('<div data-audience="managers" markdown>\nA\n<!-- </div> -->\nSECRET\n</div>\nafter\n', "after\n"),
        ('<div data-audience="managers">\n<script>s = "</div>";</script>\nSECRET\n</div>\nafter\n', "after\n"),
        ('<div data-audience="managers">\n<style>/* </div> */</style>\nSECRET\n</div>\nafter\n', "after\n"),
        ('<div data-audience="managers">\n<![CDATA[ </div> ]]>\nSECRET\n</div>\nafter\n', "after\n"),
        ('<div data-audience="managers">\n<!-- \n</div>\nSECRET -->\nSECRET\n</div>\nafter\n', "after\n"),
        # A marker in a comment: the comment goes whole (it is published in the page's source).
        ('a\n<!-- <div data-audience="managers">SECRET</div> -->\nb\n', "a\nb\n"),
        # A marker in a script's text is no block: fail closed.
        ("a\n<script>s = '<div data-audience=\"managers\">'</script>\nSECRET\n", "a\n"),
        # Duplicate attributes: every value must allow the build.
        ('<div data-audience="employees" data-audience="managers">SECRET</div>\n', ""),
        ('<img data-audience="managers" src="SECRET.png"> after\n', " after\n"),
        # Code that shows the syntax is left alone.
        ('Write `<div data-audience="managers" markdown>` to mark a block.\n', None),
        ('```html\n<div data-audience="managers" markdown>\n```\nafter\n', None),
    ],
)
def test_strip_blocks_for_employees(markdown: str, expected: str | None) -> None:
    stripped = strip_blocks(markdown, "employees")
    assert stripped == (markdown if expected is None else expected)
    assert strip_blocks(markdown, None) == markdown, "the full build keeps every block"
    assert strip_blocks(markdown, "everyone") == markdown


def test_strip_blocks_keeps_blocks_for_the_audience() -> None:
    assert strip_blocks(BLOCK, "managers") == BLOCK
    assert strip_blocks(BLOCK, "leaders") == ""


def test_strip_blocks_is_linear_on_hostile_text() -> None:
    import time

    texts = [
        ("<div data-audience=" + '"x' * 2000 + "\n") * 50 + "<" * 100_000 + "data-audience " * 5000,
        "<div data-audience=managers>" * 3000 + "</div>" * 3000,
        "<div data-audience=managers>" + "<div>" * 20_000,
        "```\n<div data-audience=managers>\n```\n" * 5000,
        "x`" * 50_000 + "\n" + "<a" * 50_000 + "data-audience",
        # Constructs the HTML tokenizer reads to their end, many times over
        '<div data-audience="managers">' + '<a b="' * 50_000 + ">",
        "data-audience " + "<a/" * 50_000 + "<!--" * 50_000 + "<!" * 50_000 + "<?" * 50_000 + ">",
        "data-audience <script>" + "</scrip" * 50_000 + ">",
    ]
    for hostile in texts:
        started = time.perf_counter()
        strip_blocks(hostile, "employees")
        block_problems(hostile)
        assert time.perf_counter() - started < 2, hostile[:40]


def test_block_problems_point_at_the_line() -> None:
    text = 'ok\n<div data-audience="manager" markdown>\nx\n</div>\n\n<div data-audience="leaders">\nnever closed\n'
    problems = block_problems(text, first_line=10)
    assert (11, "audience 'manager' is not an audience: use one of everyone, employees, managers, leaders") in problems
    assert any(line == 15 and "never closed" in message for line, message in problems)
    assert block_problems('fine `data-audience` in code\n<div data-audience="managers">x</div>\n') == []
    assert [line for line, _ in block_problems("a data-audience in prose\n")] == [1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: FAQ\naudience: managers\n---\n\n# FAQ\n", "managers"),
        ("---\r\naudience: leaders\r\n---\r\nbody\r\n", "leaders"),
        ("\ufeff---\naudience: employees\n---\n", "employees"),
        ("---\naudience: [managers, leaders]\n---\n", "managers leaders"),
        ("audience: managers\ntitle: FAQ\n\n# FAQ\n", "managers"),  # MultiMarkdown-style, as MkDocs reads it
        ("Title: FAQ\nAudience: managers\n\nbody", "managers"),
        ("---\ntitle: FAQ\n---\n\naudience: managers\n", None),  # body text, not metadata
        ("# FAQ\n\naudience: managers\n", None),
        ("---\naudience: manager\n---\n", "manager"),  # returned as written; visible() fails closed
    ],
)
def test_page_audience(text: str, expected: str | None) -> None:
    assert page_audience(text) == expected


def test_page_audience_refuses_an_unreadable_front_matter_that_names_one() -> None:
    with pytest.raises(AudienceError) as raised:
        page_audience("---\ntitle: [unclosed\naudience: managers\n---\n\nbody\n")
    assert raised.value.line >= 2
    assert page_audience("---\ntitle: [unclosed\n---\n\nbody\n") is None  # no audience named: MkDocs' business
    problems = page_problems("---\ntitle: FAQ\naudience: manager\n---\n\n<div data-audience='x'>\n")
    assert problems[0] == (
        3,
        "audience 'manager' is not an audience: use one of everyone, employees, managers, leaders",
    )
    assert {line for line, _ in problems} == {3, 6}


def test_page_that_cannot_be_read_is_left_out(tmp_path: Path) -> None:
    from rolepath.content.model import Portal

    (tmp_path / "bad.md").write_bytes(b"---\naudience: managers\n---\n\xff\xfe")
    (tmp_path / "broken.md").write_text("---\ntitle: [\naudience: employees\n---\n", encoding="utf-8")
    (tmp_path / "fine.md").write_text("# Fine\n", encoding="utf-8")
    portal = Portal(pages=["bad.md", "broken.md", "fine.md", "gone.md"])
    assert for_audience(portal, "employees", content_dir=tmp_path).pages == ["fine.md"]
    assert for_audience(portal, None, content_dir=tmp_path).pages == portal.pages


def test_the_documented_syntax_is_the_one_implemented() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text(encoding="utf-8")
    assert '<div data-audience="managers" markdown>' in docs
    assert re.search(r"audience:\s*employees", docs)
