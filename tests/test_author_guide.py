"""The author guide (docs/authoring.md) tells the truth: its examples form a portal that passes
the check, each mistake it shows produces the messages printed under it, the commands it shows
exist, and its table of contents points at real headings."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from rolepath import cli, load

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")
FENCE = r"```(?P<lang>[\w-]*)\n(?P<body>.*?)\n[ \t]*```"
EXAMPLE = re.compile(r"<!-- example: (?P<path>\S+) -->\s*\n" + FENCE, re.S)
MISTAKE = re.compile(r"<!-- mistake: (?P<path>\S+) -->\s*\n" + FENCE + r".*?```text\n(?P<expected>.*?)\n```", re.S)


def examples() -> dict[str, str]:
    found = {match["path"]: match["body"] + "\n" for match in EXAMPLE.finditer(TEXT)}
    assert len(found) == len(EXAMPLE.findall(TEXT)), "two examples write the same file"
    return found


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_the_guide_has_an_example_of_every_kind_of_file() -> None:
    paths = set(examples())
    assert {p.split("/")[0] for p in paths} == {"roles", "paths", "content", "teams", "adoption"}
    assert any(p.startswith("content/practice/") for p in paths)
    assert any(p.startswith("content/modules/") for p in paths)
    assert any(p.startswith("content/leaders/") for p in paths)
    assert "content/index.md" in paths


def test_the_examples_pass_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path, examples())
    assert cli.main(["check", str(root), "--strict"]) == 0, capsys.readouterr().out
    loaded = load(root, today=datetime.date(2030, 1, 1))
    assert loaded.report.diagnostics == []
    portal = loaded.portal
    assert list(portal.roles) == ["support-agent"] and list(portal.paths) == ["ai-assisted-support"]
    kinds = sorted(module.kind for module in portal.modules.values())
    assert kinds == ["exercise", "exercise", "lesson", "lesson", "reference"]
    assert list(portal.leaders) == ["language-that-invites-learning"]


def mistakes() -> list[tuple[str, str, list[str]]]:
    found = [(match["path"], match["body"] + "\n", match["expected"].splitlines()) for match in MISTAKE.finditer(TEXT)]
    assert len(found) >= 3
    return found


@pytest.mark.parametrize(("path", "body", "expected"), mistakes(), ids=[m[0] for m in mistakes()])
def test_each_mistake_gives_the_messages_the_guide_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, body: str, expected: list[str]
) -> None:
    assert path not in examples(), "a mistake adds a file of its own"
    root = write(tmp_path, {**examples(), path: body})
    assert cli.main(["check", str(root)]) == 1
    printed = capsys.readouterr().out.splitlines()
    errors = [line for line in printed if ": warning: " not in line]
    assert errors == expected


def test_the_commands_the_guide_shows_exist() -> None:
    shown = []
    for match in re.finditer(FENCE, TEXT, re.S):
        if match["lang"] == "bash":
            for line in match["body"].splitlines():
                command = line.split("#", 1)[0].split()
                if command[:1] == ["rolepath"]:
                    shown.append(command)
    assert {command[1] for command in shown} >= {"check", "impact", "codeowners", "new"}
    for command in shown:
        try:
            cli._parser().parse_args(command[1:])
        except SystemExit as error:
            pytest.fail(f"`{' '.join(command)}` does not parse: exit {error.code}")


def _slug(heading: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_contents_links_point_at_headings() -> None:
    outside_fences = re.sub(FENCE, "", TEXT, flags=re.S)
    anchors = {_slug(h) for h in re.findall(r"^#{2,4} (.+)$", outside_fences, re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", TEXT)
    assert links
    assert [link for link in links if link not in anchors] == []
