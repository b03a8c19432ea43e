"""`rolepath new`: starting files that pass `rolepath check`, never overwrite, and check the id."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from rolepath import cli, load
from rolepath.tools.scaffold import KINDS, title_of


def check(root: Path) -> tuple[list[str], list[str]]:
    report = load(root).report
    return [str(d) for d in report.errors], [str(d) for d in report.warnings]


def new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository: the scaffolded files are meant to be committed."""
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env={**os.environ})
    return root


def test_from_an_empty_repository_module_then_path_then_role(repo: Path, capsys) -> None:
    # A role or a path cannot come first: they must name things that exist.
    code, _, err = new(capsys, "role", "support-agent", "--dir", str(repo))
    assert code == 1 and "rolepath new path ID" in err
    code, _, err = new(capsys, "path", "ai-basics", "--dir", str(repo))
    assert code == 1 and "rolepath new module ID" in err
    assert not any(repo.iterdir()) or [p.name for p in repo.iterdir()] == [".git"]

    code, out, err = new(capsys, "module", "prompting-basics", "--dir", str(repo))
    assert code == 0 and out.strip() == "content/modules/prompting-basics.md"
    assert "List it in a level of a path" in err
    errors, warnings = check(repo)
    assert errors == []
    assert warnings == [
        "content/modules/prompting-basics.md:4: warning: no path uses this module: add it to a level in paths/"
    ]

    assert new(capsys, "exercise", "first-sandbox", "--dir", str(repo))[0] == 0
    assert new(capsys, "path", "ai-basics", "--dir", str(repo))[0] == 0
    path = (repo / "paths" / "ai-basics.yml").read_text(encoding="utf-8")
    assert path.startswith("# yaml-language-server: $schema=../schemas/path.schema.json\n")
    assert "modules: [first-sandbox]" in path and "modules: [prompting-basics]" in path
    assert check(repo)[0] == []

    assert new(capsys, "role", "support-agent", "--dir", str(repo))[0] == 0
    assert new(capsys, "leader", "language-that-invites-learning", "--dir", str(repo))[0] == 0
    role = (repo / "roles" / "support-agent.yml").read_text(encoding="utf-8")
    assert role.startswith("# yaml-language-server: $schema=../schemas/role.schema.json\n")
    assert "paths: [ai-basics]" in role

    errors, warnings = check(repo)
    assert errors == [] and warnings == []
    portal = load(repo).portal
    assert portal.roles["support-agent"].title == "Support agent"
    assert portal.modules["first-sandbox"].kind == "exercise" and portal.modules["first-sandbox"].sandbox
    assert portal.leaders["language-that-invites-learning"].phrases
    assert cli.main(["check", str(repo), "--strict"]) == 0
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)  # the files are ordinary files


def test_in_an_existing_portal_every_kind_passes_the_check(write_repo, valid_portal, capsys) -> None:
    root = write_repo(valid_portal)
    for kind in KINDS:
        code, out, err = new(capsys, kind, f"new-{kind}", "--dir", str(root))
        assert code == 0, err
        assert out.strip().endswith(f"new-{kind}.yml" if kind in ("role", "path") else f"new-{kind}.md")
    errors, warnings = check(root)
    assert errors == []
    assert sorted(w.split(":")[0] for w in warnings) == [  # warnings only: not yet used, not yet followed
        "content/modules/new-exercise.md",
        "content/modules/new-module.md",
        "paths/new-path.yml",
    ]
    role = load(root).portal.roles["new-role"]
    assert [ref.id for ref in role.paths] == ["ai-assisted-support"]  # the first existing path


def test_the_yaml_files_are_plain_yaml_with_todos(write_repo, valid_portal, capsys) -> None:
    root = write_repo(valid_portal)
    new(capsys, "role", "analyst", "--dir", str(root))
    data = yaml.safe_load((root / "roles" / "analyst.yml").read_text(encoding="utf-8"))
    assert set(data) == {"title", "summary", "paths", "from_to"}
    assert data["summary"].startswith("TODO")
    new(capsys, "exercise", "drill", "--dir", str(root))
    text = (root / "content" / "modules" / "drill.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["kind"] == "exercise" and front["sandbox"]["time_box"] == 30


def test_it_never_overwrites(write_repo, valid_portal, capsys) -> None:
    root = write_repo(valid_portal)
    before = (root / "roles" / "support-agent.yml").read_bytes()
    code, _, err = new(capsys, "role", "support-agent", "--dir", str(root))
    assert code == 1 and "roles/support-agent.yml already exists" in err
    assert (root / "roles" / "support-agent.yml").read_bytes() == before

    (root / "paths" / "legacy.yaml").write_text("title: x\n", encoding="utf-8")
    code, _, err = new(capsys, "path", "legacy", "--dir", str(root))
    assert code == 1 and "paths/legacy.yaml already exists" in err

    code, _, err = new(capsys, "exercise", "prompting-basics", "--dir", str(root))
    assert code == 1 and "content/modules/prompting-basics.md already exists" in err


@pytest.mark.parametrize(
    ("bad_id", "hint"),
    [("Prompting_Basics", "(try 'prompting-basics')"), ("1st-module", ""), ("a" * 65, ""), ("has space", "")],
)
def test_it_checks_the_id(tmp_path: Path, capsys, bad_id: str, hint: str) -> None:
    code, _, err = new(capsys, "module", bad_id, "--dir", str(tmp_path))
    assert code == 2
    assert f"'{bad_id}' is not a valid id: an id is lower-case a-z, 0-9 and '-'" in err
    assert hint in err
    assert list(tmp_path.iterdir()) == []


def test_usage_errors(tmp_path: Path, capsys) -> None:
    assert new(capsys, "course", "x", "--dir", str(tmp_path))[0] == 2
    assert new(capsys, "module", "x", "--dir", str(tmp_path / "missing"))[0] == 2
    assert title_of("check-before-you-ship") == "Check before you ship"
