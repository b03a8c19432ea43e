"""`rolepath impact`: comparing two commits of a real git repository, and what reaches whom."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path

import pytest
import sites
from rolepath import cli
from rolepath.tools.impact import MARKER, Impact, ItemImpact, LevelDiff, Side, Status, impact, to_json, to_markdown

git = functools.partial(sites.git, date="2026-03-01T09:00:00+00:00")


def write(root: Path, files: Mapping[str, str | None]) -> None:
    """Write (or, for None, delete) files under root."""
    for rel, text in files.items():
        target = root / rel
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def commit(root: Path, files: Mapping[str, str | None], message: str, date: str = "2026-03-01T09:00:00+00:00") -> str:
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, valid_portal: dict[str, str]) -> tuple[Path, str]:
    """A repository holding the minimal valid portal in one commit: (root, that commit)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root, commit(root, valid_portal, "Start the portal")


def test_a_module_edit_reaches_its_path_levels_and_their_roles(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    module = valid_portal["content/modules/prompting-basics.md"]
    edited = module.replace("minutes: 20", "minutes: 25").replace("Say what you want.", "Say what you need.")
    head = commit(root, {"content/modules/prompting-basics.md": edited}, "Longer prompting lesson")

    result = impact(root, base, head)

    assert [(m.id, m.status, m.fields) for m in result.modules] == [
        ("prompting-basics", Status.EDITED, ["minutes", "body"])
    ]
    assert [(p.id, p.status) for p in result.paths] == [("ai-assisted-support", Status.AFFECTED)]
    assert result.paths[0].reasons == ["baseline lists module 'prompting-basics' (edited)"]
    assert [(r.id, r.status) for r in result.roles] == [("support-agent", Status.AFFECTED)]
    assert "follows path 'ai-assisted-support'" in result.roles[0].reasons[0]
    assert result.summary() == "1 role, 1 path, 1 module affected"

    markdown = to_markdown(result)
    assert markdown.startswith(MARKER + "\n## Portal impact\n")
    assert "**1 role, 1 path, 1 module affected**" in markdown
    assert "- **Prompting basics** `prompting-basics`: edited: minutes, body" in markdown


def test_a_path_edit_lists_behaviours_and_modules_per_level(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    path = valid_portal["paths/ai-assisted-support.yml"]
    path = path.replace(
        "      - Checks every drafted reply against the current policy before sending.\n",
        "      - Checks refund amounts in every drafted reply before sending.\n",
    ).replace("modules: [check-before-you-ship]", "modules: [check-before-you-ship, prompting-basics]")
    head = commit(root, {"paths/ai-assisted-support.yml": path}, "Sharper proficient level")

    result = impact(root, base, head)

    (item,) = result.paths
    assert item.status is Status.EDITED
    assert item.fields == ["proficient: behaviours, modules"]
    level = item.levels["proficient"]
    assert level.behaviours_added == ["Checks refund amounts in every drafted reply before sending."]
    assert level.behaviours_removed == ["Checks every drafted reply against the current policy before sending."]
    assert level.modules_added == ["prompting-basics"] and level.modules_removed == []
    assert [(r.id, r.reasons) for r in result.roles] == [
        ("support-agent", ["follows path 'ai-assisted-support' (edited)"])
    ]
    assert result.modules == []

    markdown = to_markdown(result)
    assert "  ```diff\n  @@ proficient @@\n" in markdown
    assert "  - Checks every drafted reply against the current policy before sending.\n" in markdown
    assert "  + Checks refund amounts in every drafted reply before sending.\n" in markdown
    assert "  + module prompting-basics\n" in markdown


def test_additions_removals_one_pagers_and_pages(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    second_role = valid_portal["roles/support-agent.yml"].replace("Customer Support Agent", "Support Team Lead")
    head = commit(
        root,
        {
            "roles/support-team-lead.yml": second_role,
            "content/leaders/language-that-invites-learning.md": None,
            "content/about.md": "# About\n",
            "content/index.md": "# Welcome back\n",
        },
        "A second role; retire the one-pager",
    )

    result = impact(root, base, head)

    assert [(r.id, r.status) for r in result.roles] == [("support-team-lead", Status.ADDED)]
    assert [(item.id, item.status) for item in result.leaders] == [("language-that-invites-learning", Status.REMOVED)]
    assert [(p.id, p.status) for p in result.pages] == [("about.md", Status.ADDED), ("index.md", Status.EDITED)]
    markdown = to_markdown(result)
    assert "**1 role, 0 paths, 0 modules affected** (1 one-pager and 2 pages changed)" in markdown
    assert "### One-pagers" in markdown and "`about.md`: added" in markdown


def test_head_left_out_compares_the_working_tree(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    role = valid_portal["roles/support-agent.yml"].replace("answer tickets.", "answer tickets and chats.")
    write(root, {"roles/support-agent.yml": role})

    result = impact(root, base)

    assert result.head.commit is None and result.head.ref == "working tree"
    assert [(r.id, r.status, r.fields) for r in result.roles] == [("support-agent", Status.EDITED, ["summary"])]
    assert "with the working tree" in to_markdown(result)


def test_the_base_is_the_merge_base_so_newer_base_commits_are_not_undone(repo: tuple[Path, str], valid_portal) -> None:
    root, _ = repo
    git(root, "checkout", "-q", "-b", "feature")
    role = valid_portal["roles/support-agent.yml"].replace("title: Customer Support Agent", "title: Support Agent")
    feature = commit(root, {"roles/support-agent.yml": role}, "Rename the role")
    git(root, "checkout", "-q", "main")
    module = valid_portal["content/modules/check-before-you-ship.md"].replace("minutes: 25", "minutes: 30")
    commit(root, {"content/modules/check-before-you-ship.md": module}, "Main moves on")

    result = impact(root, "main", feature)
    assert [(r.id, r.fields) for r in result.roles] == [("support-agent", ["title"])]
    assert result.modules == [] and result.base.merge_base
    assert "(the merge base with main)" in to_markdown(result)

    exact = impact(root, "main", feature, merge_base=False)
    assert [(m.id, m.status) for m in exact.modules] == [("check-before-you-ship", Status.EDITED)]


def test_author_errors_are_listed_and_their_items_not_reported_as_removed(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    broken = valid_portal["content/modules/triage-sandbox.md"].replace("minutes: 55", "minutes: lots")
    head = commit(root, {"content/modules/triage-sandbox.md": broken}, "Oops")

    result = impact(root, base, head)

    assert [(m.id, m.status) for m in result.modules] == [("triage-sandbox", Status.NOT_COMPARED)]
    assert [d.path for d in result.head.errors] == ["content/modules/triage-sandbox.md"]
    assert result.base.errors == []
    markdown = to_markdown(result)
    assert "### 1 problem in this change" in markdown
    assert "- `content/modules/triage-sandbox.md:5: 'minutes' must be a whole number" in markdown
    data = to_json(result)
    assert data["head"]["errors"][0]["line"] == 5
    assert data["modules"] == [
        {"id": "triage-sandbox", "title": "Triage sandbox", "status": "not compared", "fields": ["the file has errors"]}
    ]


def test_no_changes(repo: tuple[Path, str]) -> None:
    root, base = repo
    head = commit(root, {"README.md": "Not content.\n"}, "Docs only")
    result = impact(root, base, head)
    assert result.empty
    markdown = to_markdown(result)
    assert "**0 roles, 0 paths, 0 modules affected**" in markdown
    assert "No role, path, module, one-pager or page changes." in markdown


def test_author_text_cannot_format_link_or_mention_in_the_comment(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    role = valid_portal["roles/support-agent.yml"].replace(
        "title: Customer Support Agent", 'title: "<img src=x> **Agent** [x](http://e.test) @octocat | #1"'
    )
    head = commit(root, {"roles/support-agent.yml": role}, "Odd title")
    markdown = to_markdown(impact(root, base, head))
    line = next(line for line in markdown.splitlines() if "`support-agent`" in line)
    assert "\\<img src=x\\> \\*\\*Agent\\*\\* \\[x\\](http://e.test)" in line
    assert "@octocat" not in line and "\\| \\#1" in line


def test_a_portal_in_a_subfolder_of_the_repository(tmp_path: Path, valid_portal) -> None:
    root = tmp_path / "repo"
    portal = root / "portal"
    portal.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    base = commit(root, {f"portal/{rel}": text for rel, text in valid_portal.items()}, "Start")
    module = valid_portal["content/modules/prompting-basics.md"].replace("minutes: 20", "minutes: 21")
    head = commit(root, {"portal/content/modules/prompting-basics.md": module}, "Edit")
    result = impact(portal, base, head)
    assert [m.id for m in result.modules] == ["prompting-basics"]


def test_command_line_markdown_json_and_bad_refs(repo: tuple[Path, str], valid_portal, capsys) -> None:
    root, base = repo
    module = valid_portal["content/modules/prompting-basics.md"].replace("minutes: 20", "minutes: 22")
    commit(root, {"content/modules/prompting-basics.md": module}, "Edit")

    assert cli.main(["impact", base, "HEAD", "--repo", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(MARKER) and "1 role, 1 path, 1 module affected" in err

    assert cli.main(["impact", base, "HEAD", "--repo", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"roles": 1, "paths": 1, "modules": 1, "leaders": 0, "pages": 0}
    assert data["paths"][0]["reasons"] == ["baseline lists module 'prompting-basics' (edited)"]

    assert cli.main(["impact", "no-such-branch", "--repo", str(root)]) == 2
    assert "unknown revision 'no-such-branch'" in capsys.readouterr().err

    assert cli.main(["impact", "HEAD", "--repo", str(root.parent)]) == 2
    assert "not in a git repository" in capsys.readouterr().err


def test_a_huge_change_still_fits_in_one_comment(repo: tuple[Path, str], valid_portal) -> None:
    root, base = repo
    long_text = "A behaviour described at great length, " * 40
    path = valid_portal["paths/ai-assisted-support.yml"]
    behaviours = "".join(f"      - {long_text}{n}.\n" for n in range(300))
    path = path.replace("      - Summarises a ticket thread with the assistant before replying.\n", behaviours)
    modules = {
        f"content/modules/extra-{n}.md": f"---\ntitle: Extra {n} {long_text}\nsummary: S.\nminutes: 5\n---\n"
        for n in range(200)
    }
    head = commit(root, {"paths/ai-assisted-support.yml": path, **modules}, "Everything at once")
    result = impact(root, base, head)
    assert len(result.modules) == 200
    markdown = to_markdown(result)
    assert len(markdown) <= 60_000
    assert "- …and 140 more" in markdown or "the rest is cut to fit a comment" in markdown
    assert "@@ …and 262 more lines @@" in markdown  # the behaviour diff is cut per path too
    assert markdown.count("```") % 2 == 0  # no diff block left open


def test_cutting_a_comment_never_leaves_a_diff_block_open() -> None:
    levels = {"baseline": LevelDiff(behaviours_added=["x" * 290] * 39)}
    items = [
        ItemImpact("path", f"p{n}", "T", Status.EDITED, ["baseline: behaviours"], levels=levels) for n in range(60)
    ]
    markdown = to_markdown(Impact(Side("a", "a" * 40), Side("b", "b" * 40), paths=items))
    assert len(markdown) <= 60_000 and markdown.count("```") % 2 == 0
    assert markdown.endswith("run `rolepath impact` for all of it.\n")
