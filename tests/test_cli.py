"""`rolepath check`: exit codes, output formats and order, in-process and as the console script."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rolepath import __version__
from rolepath.cli import main

ROLE = "roles/support-agent.yml"
PATH = "paths/ai-assisted-support.yml"
BASICS = "content/modules/prompting-basics.md"
CHECK = "content/modules/check-before-you-ship.md"
LEADER = "content/leaders/language-that-invites-learning.md"
LEAD = "roles/support-team-lead.yml"

Files = dict[str, str | bytes]
WriteRepo = Callable[..., Path]


def edit(files: Files, path: str, old: str, new: str) -> None:
    text = files[path]
    assert isinstance(text, str) and old in text, f"fixture drift: {old!r} is not in {path}"
    files[path] = text.replace(old, new, 1)


def with_errors(files: Files) -> Files:
    """Four errors in three files, none of which hides content from another file's checks."""
    lead = files[ROLE]
    assert isinstance(lead, str)
    files[LEAD] = lead.replace("hours_per_week: 2", "hours_per_week: 41").replace('"@support', '"support')
    edit(files, PATH, "modules: [prompting-basics]", "modules: [prompting-basics, promting-basics]")
    edit(files, CHECK, "minutes: 25", "minutes: twenty")
    return files


def with_warning(files: Files) -> Files:
    edit(files, BASICS, "review_by: 2099-12-31", "review_by: 2001-01-01")
    return files


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


# ---- in-process -----------------------------------------------------------------------------


def test_clean_repository_exits_0(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(valid_portal)
    code, out, err = run(capsys, "check", str(root))
    assert code == 0
    assert out == []
    assert "0 errors, 0 warnings (checked: 1 role, 1 path, 3 modules, 1 one-pager)" in err


def test_default_directory_is_the_current_one(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(write_repo(with_errors(valid_portal)))
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert len(out) == 4


def test_errors_exit_1_and_print_path_line_message_sorted_by_file(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(with_errors(valid_portal))
    code, out, err = run(capsys, "check", str(root))
    assert code == 1
    assert out == [
        f"{CHECK}:4: 'minutes' must be a whole number, got 'twenty'",
        f"{PATH}:8: unknown module 'promting-basics' — did you mean 'prompting-basics'?",
        f"{LEAD}:5: 'owners[1]' is 'support-enablement', which does not look right:"
        " expected a GitHub user or team such as '@org/team'",
        f"{LEAD}:11: 'practice.hours_per_week' must be more than 0 to 40, got 41",
    ]
    assert "4 errors, 0 warnings" in err


def test_warnings_exit_0_and_strict_makes_them_exit_1(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(with_warning(valid_portal))
    code, out, err = run(capsys, "check", str(root))
    assert code == 0
    assert len(out) == 1
    assert out[0].startswith(f"{BASICS}:6: warning: review_by 2001-01-01 has passed")
    assert "0 errors, 1 warning " in err
    code, out, _ = run(capsys, "check", "--strict", str(root))
    assert code == 1
    assert len(out) == 1


def test_strict_on_a_clean_repository_exits_0(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "check", "--strict", str(write_repo(valid_portal)))[0] == 0


def test_format_github_prints_workflow_commands(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    files = with_warning(with_errors(valid_portal))
    files["roles/Support,Lead.yml"] = files[ROLE]  # a file-level problem (line 0) in a path with a comma
    root = write_repo(files)
    code, out, _ = run(capsys, "check", "--format", "github", str(root))
    assert code == 1
    assert out == [
        f"::error file={CHECK},line=4::'minutes' must be a whole number, got 'twenty'",
        f"::warning file={BASICS},line=6::review_by 2001-01-01 has passed: review the module, then move the date",
        f"::error file={PATH},line=8::unknown module 'promting-basics' — did you mean 'prompting-basics'?",
        "::error file=roles/Support%2CLead.yml,line=1::file name 'Support,Lead' is not a valid id"
        " (lower-case a-z, 0-9 and '-', starting with a letter, at most 64 characters):"
        " rename it to support-lead.yml",
        f"::error file={LEAD},line=5::'owners[1]' is 'support-enablement', which does not look right:"
        " expected a GitHub user or team such as '@org/team'",
        f"::error file={LEAD},line=11::'practice.hours_per_week' must be more than 0 to 40, got 41",
    ]


def test_format_text_is_the_default(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(with_errors(valid_portal))
    assert run(capsys, "check", str(root))[1] == run(capsys, "check", "--format", "text", str(root))[1]


def test_content_option_names_another_markdown_folder(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {(("docs" + p[len("content") :]) if p.startswith("content/") else p): t for p, t in valid_portal.items()}
    edit(files, "docs/modules/check-before-you-ship.md", "minutes: 25", "minutes: 0")
    root = write_repo(files)
    code, out, _ = run(capsys, "check", "--content", "docs", str(root))
    assert code == 1
    assert out == ["docs/modules/check-before-you-ship.md:4: 'minutes' must be from 1 to 600, got 0"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["check", "--bogus"], "unrecognized arguments: --bogus", id="unknown-option"),
        pytest.param(["check", "--format", "xml"], "invalid choice: 'xml'", id="unknown-format"),
        pytest.param([], "required: COMMAND", id="no-command"),
        pytest.param(["lint"], "invalid choice: 'lint'", id="unknown-command"),
        pytest.param(["check", "a", "b"], "unrecognized arguments: b", id="two-directories"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == []
    assert expected in err
    assert "Traceback" not in err


def test_missing_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(tmp_path / "nowhere"))
    assert code == 2
    assert out == []
    assert "no such directory" in err and "nowhere" in err


def test_a_file_instead_of_a_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "roles.yml").write_text("title: x\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path / "roles.yml"))
    assert code == 2
    assert "no such directory" in err


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and any("check" in line for line in out)
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == [f"rolepath {__version__}"]
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and any("--strict" in line for line in out)


def test_an_empty_directory_is_checked_not_crashed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert out == ["content:1: the content folder is missing: create it, with modules/ inside"]
    assert "Traceback" not in err


NASTY_INPUTS: list[tuple[str, dict[str, str | bytes]]] = [
    ("binary-role", {ROLE: bytes(range(256)) * 4}),
    ("nul-bytes", {PATH: b"title: a\x00b\n"}),
    ("utf16", {ROLE: "title: Support\n".encode("utf-16")}),
    ("bom-only", {ROLE: "\ufeff"}),
    ("lone-surrogate-escape", {ROLE: 'title: "\\ud800"\n'}),
    ("only-dashes", {CHECK: "---\n---\n---\n"}),
    ("front-matter-list", {CHECK: "---\n- a\n- b\n---\n"}),
    ("front-matter-scalar", {LEADER: "---\njust words\n---\n"}),
    ("front-matter-bomb", {CHECK: "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"b{i}: &b{i} [{', '.join([f'*b{i - 1}' if i else '*a'] * 10)}]\n" for i in range(6)) + "---\n"}),
    ("deep-nesting", {ROLE: "title: " + "[" * 500 + "]" * 500 + "\n"}),
    ("recursive-alias", {PATH: "levels: &l {baseline: *l}\n"}),
    ("tags", {ROLE: "title: !!python/object/apply:os.system [echo hi]\nsummary: !custom x\n"}),
    ("huge-int", {CHECK: "---\ntitle: a\nsummary: b\nminutes: " + "9" * 5000 + "\n---\n"}),
    ("weird-keys", {ROLE: "? [a, b]\n: c\n"}),
    ("null-key", {ROLE: "~: x\nnull: y\n"}),
    ("directory-named-like-a-file", {"roles/dir.yml/x": "x"}),
    ("markdown-directory", {"content/modules/folder.md/x.md": "x"}),
    ("only-markdown-body-dashes", {LEADER: "---\ntitle: x\n---\n---\n---\n"}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "extra"), NASTY_INPUTS, ids=[n for n, _ in NASTY_INPUTS])
def test_no_traceback_for_any_input(
    name: str,
    extra: dict[str, str | bytes],
    valid_portal: Files,
    write_repo: WriteRepo,
    capsys: pytest.CaptureFixture[str],
) -> None:
    valid_portal.update(extra)
    root = write_repo(valid_portal)
    code = main(["check", str(root)])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in out + err
    for line in out.splitlines():
        match = re.fullmatch(r"([^:]+):([0-9]+): (.+)", line)
        assert match, f"not a 'path:line: message' line: {line!r}\nin:\n{out}"
        assert (root / match[1]).exists() and int(match[2]) >= 1, line


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_no_traceback_for_a_symlink_loop(
    valid_portal: Files, write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_repo(valid_portal)
    os.symlink("loop.md", root / "content" / "modules" / "loop.md")
    code, out, err = run(capsys, "check", str(root))
    assert code == 1
    assert [line.split(":")[0] for line in out] == ["content/modules/loop.md"]
    assert "Traceback" not in err


# ---- the console script, in a real subprocess ----------------------------------------------


def _console_script() -> str:
    here = Path(sys.executable).parent
    found = shutil.which("rolepath", path=str(here)) or shutil.which("rolepath")
    assert found, f"the rolepath console script is not installed beside {sys.executable}: pip install -e ."
    return found


def _subprocess(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [_console_script(), *argv], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def test_console_script_end_to_end(valid_portal: Files, write_repo: WriteRepo, tmp_path: Path) -> None:
    clean = write_repo(dict(valid_portal), tmp_path / "clean")
    broken = write_repo(with_warning(with_errors(dict(valid_portal))), tmp_path / "broken")
    warned = write_repo(with_warning(dict(valid_portal)), tmp_path / "warned")

    result = _subprocess("check", str(clean), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "0 errors, 0 warnings" in result.stderr

    result = _subprocess("check", cwd=broken)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[:2] for line in lines] == [
        [CHECK, "4"], [BASICS, "6"], [PATH, "8"], [LEAD, "5"], [LEAD, "11"]
    ]  # fmt: skip
    assert "— did you mean 'prompting-basics'?" in lines[2]  # UTF-8 survives the pipe
    assert "4 errors, 1 warning" in result.stderr

    result = _subprocess("check", "--format", "github", ".", cwd=broken)
    assert result.returncode == 1
    assert (
        result.stdout.splitlines()[0] == f"::error file={CHECK},line=4::'minutes' must be a whole number, got 'twenty'"
    )
    assert result.stdout.splitlines()[1].startswith(f"::warning file={BASICS},line=6::")

    assert _subprocess("check", str(warned), cwd=tmp_path).returncode == 0
    assert _subprocess("check", "--strict", str(warned), cwd=tmp_path).returncode == 1

    for argv in (["check", "--no-such-option"], ["check", str(tmp_path / "missing")], []):
        result = _subprocess(*argv, cwd=tmp_path)
        assert result.returncode == 2, (argv, result.stderr)
        assert "Traceback" not in result.stderr

    for result in (_subprocess("check", str(broken), cwd=tmp_path), _subprocess("check", str(clean), cwd=tmp_path)):
        assert "Traceback" not in result.stdout + result.stderr


def test_console_script_on_a_legacy_windows_console(valid_portal: Files, write_repo: WriteRepo) -> None:
    """Windows runners write to cp1252 pipes: '→' in a cycle message must not crash the check."""
    edit(valid_portal, BASICS, "minutes: 20\n", "minutes: 20\nprerequisites: [check-before-you-ship]\n")
    root = write_repo(valid_portal)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [_console_script(), "check", str(root)], env=env, capture_output=True, encoding="cp1252", errors="replace",
        timeout=60,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert result.stdout.startswith(f"{CHECK}:5: prerequisites form a cycle: check-before-you-ship ")
