"""The GitHub workflows, the pre-commit hook and the editor settings: they parse, have the expected
jobs and steps, and every command they run exists here with the options they pass."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from rolepath import cli
from rolepath.content.schema import SCHEMAS
from rolepath.tools.impact import MARKER

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(data: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(data["jobs"][job]["steps"])


def uses(step_list: list[dict[str, Any]], action: str) -> dict[str, Any]:
    matches = [step for step in step_list if str(step.get("uses", "")).startswith(action + "@")]
    assert matches, f"no step uses {action}"
    return matches[0]


def runs(step_list: list[dict[str, Any]]) -> str:
    return "\n".join(str(step.get("run", "")) for step in step_list)


def commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script: expressions replaced, redirections dropped."""
    script = re.sub(r"\$\{\{[^}]*\}\}", "main", script)
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in re.split(r"&&|\|\||;|(?<![>|])\|(?!\|)", line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:
                continue  # a fragment of a quoted string split on ';'
            for index, word in enumerate(words):
                if word in (">", ">>", "2>", "<") or word.startswith((">", "2>")):
                    words = words[:index]
                    break
            while words and words[0] in ("if", "then", "else", "elif", "do", "!", "{", "}"):
                words = words[1:]  # shell keywords in front of a command
            if words and words[0] not in ("fi", "done"):
                found.append(words)
    return found


def all_workflow_commands() -> list[list[str]]:
    found = []
    for file in sorted(WORKFLOWS.glob("*.yml")):
        data = workflow(file.name)
        for job in data["jobs"]:
            found += commands(runs(steps(data, job)))
    return found


# ---- pull-request.yml --------------------------------------------------------------------------


def test_pull_request_workflow_checks_builds_tests_and_previews() -> None:
    data = workflow("pull-request.yml")
    assert "pull_request" in data["on"]
    assert set(data["jobs"]) == {"check", "impact"}

    check = steps(data, "check")
    assert uses(check, "actions/checkout")["with"]["fetch-depth"] == 0
    assert uses(check, "actions/setup-python")["with"]["python-version"] == "3.11"
    script = runs(check)
    ordered = [
        "pip install -e '.[test]'",
        "rolepath check --format github",
        "mkdocs build --strict",
        "sudo apt-get install -y chromium",
        "python -m pytest -q",
    ]
    positions = [script.index(command) for command in ordered]
    assert positions == sorted(positions), "steps out of order"
    preview = uses(check, "actions/upload-artifact")
    assert preview["with"]["path"].rstrip("/") == "site"
    assert check.index(preview) > next(i for i, s in enumerate(check) if "mkdocs build" in str(s.get("run")))


def test_pull_request_workflow_posts_one_impact_comment() -> None:
    data = workflow("pull-request.yml")
    job = data["jobs"]["impact"]
    assert job["permissions"]["pull-requests"] == "write"
    impact_steps = steps(data, "impact")
    assert uses(impact_steps, "actions/checkout")["with"]["fetch-depth"] == 0
    assert "rolepath impact origin/${{ github.base_ref }} HEAD --format markdown > impact.md" in runs(impact_steps)
    script = uses(impact_steps, "actions/github-script")["with"]["script"]
    assert f"'{MARKER}'" in script  # the same marker impact writes, so the comment is updated, not repeated
    assert "updateComment" in script and "createComment" in script and "impact.md" in script


def test_the_browser_checkers_are_pinned_as_in_ci_run() -> None:
    """The workflow installs the same axe-core and Nu checker versions as .ci/run."""
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^(AXE_CORE|VNU_JAR)_VERSION=(\S+)$", ci_run, re.M))
    script = runs(steps(workflow("pull-request.yml"), "check"))
    assert f"axe-core@{pins['AXE_CORE']}" in script and f"vnu-jar@{pins['VNU_JAR']}" in script


# ---- publish.yml -------------------------------------------------------------------------------


def test_publish_workflow_builds_and_deploys_to_pages() -> None:
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    build = steps(data, "build")
    assert uses(build, "actions/checkout")["with"]["fetch-depth"] == 0
    assert uses(build, "actions/setup-python")["with"]["python-version"] == "3.11"
    script = runs(build)
    assert script.index("rolepath check") < script.index("mkdocs build --strict")
    assert uses(build, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses(steps(data, "deploy"), "actions/deploy-pages")


# ---- every command exists ----------------------------------------------------------------------


@cache
def _help(*command: str) -> str:
    done = subprocess.run([sys.executable, *command, "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)} --help failed:\n{done.stderr}"
    return done.stdout


def test_every_rolepath_command_in_the_workflows_exists_with_its_options() -> None:
    rolepath = [words for words in all_workflow_commands() if words[0] == "rolepath"]
    assert {words[1] for words in rolepath} >= {"check", "impact", "codeowners", "coverage"}
    for words in rolepath:
        _help("-m", "rolepath.cli", words[1])  # the subcommand exists, as `rolepath SUB --help`
        try:
            cli._parser().parse_args(words[1:])  # and accepts exactly these arguments
        except SystemExit as error:
            pytest.fail(f"`{' '.join(words)}` does not parse: exit {error.code}")


def test_every_mkdocs_python_and_pip_command_in_the_workflows_exists() -> None:
    found = all_workflow_commands()
    mkdocs = [words for words in found if words[0] == "mkdocs"]
    assert mkdocs
    for words in mkdocs:
        text = _help("-m", "mkdocs", words[1])
        for option in (word for word in words[2:] if word.startswith("-")):
            assert option in text, f"mkdocs {words[1]} has no option {option}"

    modules = [words for words in found if words[:2] == ["python", "-m"]]
    assert modules
    for words in modules:
        assert importlib.util.find_spec(words[2]) is not None, f"no module {words[2]}"
        text = _help("-m", words[2])
        for option in (word for word in words[3:] if word.startswith("-")):
            assert option in text, f"python -m {words[2]} has no option {option}"

    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for words in (w for w in found if w[:2] == ["pip", "install"]):
        target = words[-1]
        match = re.fullmatch(r"\.(?:\[(\w+)\])?", target)
        assert match, f"unexpected pip install target {target}"
        assert match.group(1) is None or match.group(1) in extras


def test_the_command_splitter() -> None:
    script = "rolepath impact origin/${{ github.base_ref }} HEAD --format markdown > impact.md\nif ! a; then b | c; fi"
    assert commands(script)[0] == ["rolepath", "impact", "origin/main", "HEAD", "--format", "markdown"]
    assert ["b"] in commands(script) and ["c"] in commands(script)


# ---- pre-commit and editors --------------------------------------------------------------------


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "rolepath-check"
    assert hook["language"] == "python" and hook["entry"] == "rolepath check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("roles/support-agent.yml", "paths/x.yml", "content/modules/x.md", "content/index.md"):
        assert files.search(path), path
    for path in ("README.md", "hooks/rolepath/cli.py", "mkdocs.yml", "docs/roles/x.yml"):
        assert not files.search(path), path
    assert cli._parser().parse_args(hook["entry"].split()[1:]).command is not None


def test_vscode_maps_the_schemas_onto_the_content_folders() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {"./schemas/role.schema.json": ["roles/*.yml"], "./schemas/path.schema.json": ["paths/*.yml"]}
    for schema in mapping:
        kind = Path(schema).name.split(".")[0]
        assert kind in SCHEMAS  # a file `rolepath schema --out schemas` writes
