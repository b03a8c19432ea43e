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
        "pip install -c .ci/constraints.txt -e '.[test]'",
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


def test_a_pull_request_build_restores_and_saves_the_build_cache_and_publishing_uses_none() -> None:
    from rolepath.adapter.options import DEFAULT_CACHE

    check = steps(workflow("pull-request.yml"), "check")
    cache = uses(check, "actions/cache")
    assert cache["with"]["path"] == DEFAULT_CACHE
    # Saved per commit and set of versions; restored from the newest with the same versions.
    assert "${{ github.sha }}" in cache["with"]["key"] and "${{ matrix.versions }}" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    build = next(i for i, s in enumerate(check) if "mkdocs build" in str(s.get("run")))
    assert check.index(cache) < build
    publish = [
        str(step.get("uses", ""))
        for job in workflow("publish.yml")["jobs"]
        for step in steps(workflow("publish.yml"), job)
    ]
    assert not [action for action in publish if "cache" in action]


def _install_steps(data: dict[str, Any]) -> dict[str, str]:
    """The check job's pip command for each entry of its version matrix."""
    installs = {}
    for step in steps(data, "check"):
        condition = re.fullmatch(r"matrix\.versions == '(\w+)'", str(step.get("if", "")))
        if condition and "pip install" in str(step.get("run", "")):
            installs[condition.group(1)] = step["run"].strip()
    return installs


def test_the_suite_runs_on_the_pinned_the_newest_and_the_lowest_versions() -> None:
    """Pinned, so a new release can't turn a pull request red overnight; newest, every week
    too, so that release shows up as a failed run; lowest, so pyproject.toml's minimums hold."""
    data = workflow("pull-request.yml")
    job = data["jobs"]["check"]
    assert job["strategy"]["matrix"]["versions"] == ["pinned", "newest", "lowest"]
    assert job["strategy"]["fail-fast"] is False  # one entry failing must not cancel the others
    assert "if" not in job  # every entry runs on the schedule too
    assert [entry["cron"] for entry in data["on"]["schedule"]], "no weekly run"

    installs = _install_steps(data)
    assert installs == {
        "pinned": "pip install -c .ci/constraints.txt -e '.[test]'",
        "newest": "pip install --upgrade --upgrade-strategy eager -e '.[test]'",
        "lowest": "pip install -c .ci/constraints-lowest.txt -e '.[test]'",
    }
    unconditional = [step for step in steps(data, "check") if "if" not in step]
    script = runs(unconditional)
    for command in ("ruff check .", "zizmor --offline", "check-jsonschema", "mkdocs build --strict", "pytest -q"):
        assert command in script, f"{command} does not run for every entry"
    assert "mypy --strict" in runs(steps(data, "check"))
    # The jobs that only make sense on a pull request are skipped on the schedule.
    assert data["jobs"]["impact"]["if"] == "github.event_name == 'pull_request'"


def test_the_lowest_constraints_are_the_declared_minimums() -> None:
    """.ci/constraints-lowest.txt pins exactly each runtime dependency's `>=` in pyproject.toml."""
    declared = {}
    for requirement in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]:
        match = re.fullmatch(r"([\w.-]+)>=([\w.]+)(?:,<[\w.]+)?", requirement)
        assert match, f"dependency without a minimum: {requirement}"
        declared[_normalise(match.group(1))] = match.group(2)
    pinned = {}
    for line in (REPO / ".ci" / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pinned[_normalise(name)] = version
    assert set(pinned) == set(declared)
    for name, version in declared.items():
        assert _release(pinned[name]) == _release(version), f"{name}: lowest {pinned[name]}, declared {version}"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _release(version: str) -> tuple[int, ...]:
    """1.6 and 1.6.0 are the same release."""
    parts = [int(part) for part in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_pull_request_workflow_posts_one_impact_comment() -> None:
    data = workflow("pull-request.yml")
    job = data["jobs"]["impact"]
    assert job["permissions"]["pull-requests"] == "write"
    impact_steps = steps(data, "impact")
    assert uses(impact_steps, "actions/checkout")["with"]["fetch-depth"] == 0
    # The runner's variable, not an expression: a branch name pasted into the script would run as code.
    assert 'rolepath impact "origin/$GITHUB_BASE_REF" HEAD --format markdown > impact.md' in runs(impact_steps)
    script = uses(impact_steps, "actions/github-script")["with"]["script"]
    assert f"'{MARKER}'" in script  # the same marker impact writes, so the comment is updated, not repeated
    assert "updateComment" in script and "createComment" in script and "impact.md" in script


def test_the_browser_checkers_come_from_the_lockfile_as_in_ci_run() -> None:
    """The workflow and .ci/run both install axe-core, the Nu checker and Lighthouse with `npm ci` from
    the committed lockfile: exact versions and integrity hashes, the same in both places."""
    npm = REPO / ".ci" / "npm"
    wanted = json.loads((npm / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert set(wanted) == {"axe-core", "lighthouse", "vnu-jar"}
    locked = json.loads((npm / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not an exact version"
        assert locked[f"node_modules/{name}"]["version"] == version
        assert locked[f"node_modules/{name}"]["integrity"].startswith("sha512-")
    install = [
        "cp .ci/npm/package.json .ci/npm/package-lock.json .cache/npm/",
        "npm ci --prefix .cache/npm --ignore-scripts",
    ]
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    script = runs(steps(workflow("pull-request.yml"), "check"))
    for command in install:
        assert command in ci_run and command in script, command
    assert "npm install" not in ci_run + script


def test_no_locked_dependency_follows_a_moving_tag() -> None:
    """`npm ci` refuses a lockfile in which a package asks for a tag such as ``latest`` once the
    registry's tag has moved on (Lighthouse's trace engine asks for ``third-party-web: latest``), so
    every such dependency is pinned to its locked version by an override in package.json."""
    npm = REPO / ".ci" / "npm"
    overrides = json.loads((npm / "package.json").read_text(encoding="utf-8")).get("overrides", {})
    locked = json.loads((npm / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for path, entry in locked.items():
        for dependency, spec in entry.get("dependencies", {}).items():
            if re.fullmatch(r"[a-z][\w.-]*", spec):  # a tag, not a version range
                owner = path.rpartition("node_modules/")[2]
                pinned = overrides.get(owner, {}).get(dependency)
                wanted = locked[f"node_modules/{dependency}"]["version"]
                assert pinned == wanted, f"{owner} asks for {dependency}@{spec}"


# ---- publish.yml -------------------------------------------------------------------------------


def test_publish_workflow_builds_and_deploys_to_pages() -> None:
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    build = steps(data, "build")
    assert uses(build, "actions/checkout")["with"]["fetch-depth"] == 0
    assert uses(build, "actions/setup-python")["with"]["python-version"] == "3.11"
    script = runs(build)
    assert script.index("rolepath check") < script.index("mkdocs build --strict -f mkdocs-employees.yml")
    # The public site is the employees' edition: nothing for managers or facilitators on it.
    edition = yaml.safe_load((REPO / "mkdocs-employees.yml").read_text(encoding="utf-8"))
    assert edition == {"INHERIT": "mkdocs.yml", "extra": {"rolepath": {"audience": "employees"}}}
    assert uses(build, "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses(steps(data, "deploy"), "actions/deploy-pages")


# ---- security: what zizmor checks, and what the tests hold the workflows to --------------------


def test_every_action_is_pinned_to_a_commit_and_no_checkout_keeps_the_token() -> None:
    """A tag can be moved to other code; a commit can't. And the job's token must not stay in
    .git/config, where any later step (or a published file) could read it."""
    checkouts = 0
    for file in sorted(WORKFLOWS.glob("*.yml")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                assert re.fullmatch(r"\s*(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), (
                    f"{file.name}: not pinned to a commit with its version: {line.strip()}"
                )
        data = workflow(file.name)
        assert data["permissions"] == {}, f"{file.name}: permissions belong to each job"
        for name, job in data["jobs"].items():
            assert "permissions" in job, f"{file.name}: job {name} does not declare its permissions"
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    checkouts += 1
                    assert step["with"]["persist-credentials"] is False, f"{file.name}: {name} keeps the token"
            for step in job["steps"]:
                assert "${{" not in str(step.get("run", "")), f"{file.name}: {name} expands an expression in a script"
    assert checkouts == 3


def test_ci_run_and_the_workflow_lint_the_workflows_the_same_way() -> None:
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    script = runs(steps(workflow("pull-request.yml"), "check"))
    for command in (
        "ruff check .",
        "mypy --strict",
        "zizmor --offline .github/workflows/",
        "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml",
    ):
        assert f".venv/bin/{command}" in ci_run, f".ci/run does not run {command}"
        assert command in script, f"the workflow does not run {command}"


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_the_syntax_linter_refuses_a_broken_workflow_offline(tmp_path: Path) -> None:
    """check-jsonschema validates against the schema vendored in the package: a job without
    `runs-on` and a step with a typo'd key are both refused, with nothing downloaded."""
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    (tmp_path / "no-runs-on.yml").write_text(text.replace("    runs-on: ubuntu-latest\n", "", 1), encoding="utf-8")
    (tmp_path / "typo.yml").write_text(text.replace("run: rolepath check", "runs: rolepath check", 1), encoding="utf-8")
    (tmp_path / "good.yml").write_text(text, encoding="utf-8")
    lint = [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    good = subprocess.run([*lint, str(tmp_path / "good.yml")], capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stdout + good.stderr
    for name, expected in (("no-runs-on.yml", "'runs-on' is a required property"), ("typo.yml", "steps[4]")):
        done = subprocess.run([*lint, str(tmp_path / name)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and expected in done.stdout, done.stdout + done.stderr


def test_zizmor_finds_a_checkout_that_keeps_the_token(tmp_path: Path) -> None:
    """The audit .ci/run relies on reports 0 findings only because there are none to report."""
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    leaky = tmp_path / ".github" / "workflows"
    leaky.mkdir(parents=True)
    (leaky / "publish.yml").write_text(text.replace("          persist-credentials: false\n", ""), encoding="utf-8")
    audit = [_tool("zizmor"), "--offline", "--no-config", "--format", "plain"]
    assert subprocess.run([*audit, str(WORKFLOWS)], capture_output=True, timeout=120).returncode == 0
    done = subprocess.run([*audit, str(leaky)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "artipacked" in done.stdout, done.stdout + done.stderr


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
    assert mapping == {
        "./schemas/role.schema.json": ["roles/*.yml"],
        "./schemas/path.schema.json": ["paths/*.yml"],
        "./schemas/team.schema.json": ["teams/*.yml"],
        "./schemas/adoption.schema.json": ["adoption/*/*.yml"],
    }
    for schema in mapping:
        kind = Path(schema).name.split(".")[0]
        assert kind in SCHEMAS  # a file `rolepath schema --out schemas` writes
