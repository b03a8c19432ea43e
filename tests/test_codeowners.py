"""`rolepath codeowners`: CODEOWNERS generated from the owners: of roles and paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from rolepath import cli, load
from rolepath.content.diagnostics import Severity
from rolepath.tools.codeowners import BEGIN, END, merge, rules, stale_codeowners

REPO = Path(__file__).resolve().parents[1]

LEAD = """\
title: Support Team Lead
summary: Leads a support team through the change.
paths: [ai-assisted-support, leading]
owners: ["@acme/support-leads", "@Support-Enablement"]
from_to:
  - {area: Rotas, today: By hand., in_six_months: With the assistant.}
"""

LEADING = """\
title: Leading adoption
summary: For people who lead others.
owners: ["@acme/leadership"]
levels:
  baseline: {summary: Start here., behaviours: [Leads.], modules: [leading-basics]}
  proficient: {summary: Start here., behaviours: [Leads more.], modules: [leading-basics]}
  advanced: {summary: Start here., behaviours: [Leads well.], modules: [check-before-you-ship]}
"""

LEADING_BASICS = "---\ntitle: Leading basics\nsummary: S.\nminutes: 10\n---\nBody.\n"
UNUSED = "---\ntitle: Unused\nsummary: S.\nminutes: 10\n---\nBody.\n"


@pytest.fixture
def portal_root(tmp_path: Path, valid_portal: dict[str, str], write_repo) -> Path:
    """Two roles sharing a path; a second path with its own owners; a shared and an unused module."""
    files = dict(valid_portal)
    files.update(
        {
            "roles/support-team-lead.yml": LEAD,
            "paths/leading.yml": LEADING,
            "content/modules/leading-basics.md": LEADING_BASICS,
            "content/modules/unused.md": UNUSED,
        }
    )
    return write_repo(files)


def test_rules_follow_roles_paths_and_the_modules_they_list(portal_root: Path) -> None:
    portal = load(portal_root).portal
    assert rules(portal) == [
        ("/roles/support-agent.yml", ("@support-enablement",)),
        ("/roles/support-team-lead.yml", ("@acme/support-leads", "@Support-Enablement")),
        # no owners of its own: the union of its roles' owners, each handle once
        ("/paths/ai-assisted-support.yml", ("@support-enablement", "@acme/support-leads")),
        # its own owners win
        ("/paths/leading.yml", ("@acme/leadership",)),
        # shared by both paths: any owner of either
        (
            "/content/modules/check-before-you-ship.md",
            ("@support-enablement", "@acme/support-leads", "@acme/leadership"),
        ),
        ("/content/modules/leading-basics.md", ("@acme/leadership",)),
        ("/content/modules/prompting-basics.md", ("@support-enablement", "@acme/support-leads")),
        ("/content/modules/triage-sandbox.md", ("@support-enablement", "@acme/support-leads")),
        # unused.md: no path lists it, so no owners and no line
    ]


def test_merge_keeps_hand_written_lines_and_replaces_only_the_block(portal_root: Path) -> None:
    portal = load(portal_root).portal
    fresh = merge(None, portal)
    assert fresh.startswith("# Code owners") and BEGIN in fresh and fresh.endswith(END + "\n")

    hand_written = "* @acme/portal-admins\n"
    appended = merge(hand_written, portal)
    assert appended.startswith(hand_written + "\n" + BEGIN)

    stale = appended.replace("@acme/leadership", "@acme/old-team") + "/mkdocs.yml @acme/platform\n"
    updated = merge(stale, portal)
    assert "@acme/old-team" not in updated
    assert updated.startswith(hand_written) and updated.endswith("/mkdocs.yml @acme/platform\n")
    assert merge(updated, portal) == updated


def test_command_prints_writes_and_checks(portal_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(portal_root)
    assert cli.main(["codeowners", root]) == 0
    printed = capsys.readouterr().out
    assert "/paths/leading.yml" in printed and not (portal_root / ".github").exists()

    assert cli.main(["codeowners", "--check", root]) == 1
    assert "is out of date" in capsys.readouterr().err

    assert cli.main(["codeowners", "--write", root]) == 0
    assert "wrote .github/CODEOWNERS (8 rules)" in capsys.readouterr().err
    assert (portal_root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == printed
    assert cli.main(["codeowners", "--check", root]) == 0
    assert stale_codeowners(portal_root, load(portal_root).portal) is None

    # An author changes a role's owners: the committed file is now stale.
    role = portal_root / "roles" / "support-agent.yml"
    role.write_text(role.read_text(encoding="utf-8").replace("@support-enablement", "@acme/agents"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["codeowners", "--check", root]) == 1
    out = capsys.readouterr().out
    assert "-/roles/support-agent.yml" in out and "@acme/agents" in out

    diagnostic = stale_codeowners(portal_root, load(portal_root).portal)
    assert diagnostic is not None
    assert diagnostic.severity is Severity.WARNING and diagnostic.path == ".github/CODEOWNERS"
    assert diagnostic.line == 5  # header (2 lines), blank, begin marker, then the first role's rule
    assert "rolepath codeowners --write" in diagnostic.message


def test_an_existing_root_codeowners_is_the_one_updated(portal_root: Path) -> None:
    (portal_root / "CODEOWNERS").write_text("* @acme/admins\n", encoding="utf-8")
    assert cli.main(["codeowners", "--write", str(portal_root)]) == 0
    assert not (portal_root / ".github").exists()
    assert (portal_root / "CODEOWNERS").read_text(encoding="utf-8").startswith("* @acme/admins\n\n" + BEGIN)


def test_no_owners_no_file_no_warning(tmp_path: Path, valid_portal: dict[str, str], write_repo) -> None:
    files = dict(valid_portal)
    files["roles/support-agent.yml"] = files["roles/support-agent.yml"].replace('owners: ["@support-enablement"]\n', "")
    root = write_repo(files)
    assert stale_codeowners(root, load(root).portal) is None
    missing = stale_codeowners(root, load(write_repo(valid_portal, tmp_path / "owned")).portal)
    assert missing is not None and "no CODEOWNERS file" in missing.message and missing.line == 0


def test_check_passes_in_a_repository_that_uses_no_owners(valid_portal: dict[str, str], write_repo, capsys) -> None:
    files = dict(valid_portal)
    files["roles/support-agent.yml"] = files["roles/support-agent.yml"].replace('owners: ["@support-enablement"]\n', "")
    root = write_repo(files)
    assert cli.main(["codeowners", "--check", str(root)]) == 0
    assert not (root / ".github").exists()


def test_content_errors_stop_the_command(portal_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (portal_root / "paths" / "leading.yml").write_text("title: [\n", encoding="utf-8")
    assert cli.main(["codeowners", "--write", str(portal_root)]) == 1
    assert "fix the" in capsys.readouterr().err
    assert not (portal_root / ".github").exists()


def test_the_sample_portals_codeowners_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["codeowners", "--check", str(REPO)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("rel", "broken"),
    [
        ("roles/support-team-lead.yml", "title: [\n"),
        ("paths/leading.yml", "title: [\n"),
        ("content/modules/leading-basics.md", "---\ntitle: [\n---\n"),
        ("content/about.md", "---\naudience: manager\n---\n"),
    ],
    ids=["role", "path", "module", "page"],
)
def test_a_file_that_fails_to_load_makes_codeowners_look_stale_nowhere(
    portal_root: Path, capsys: pytest.CaptureFixture[str], rel: str, broken: str
) -> None:
    """With a role, path or module left out, the owners it names would look missing: the check
    reports the broken file, not a CODEOWNERS "out of date" the author cannot fix yet. An error
    elsewhere (a page) changes no owner, so `codeowners --write` still works then."""
    assert cli.main(["codeowners", "--write", str(portal_root)]) == 0
    (portal_root / rel).write_text(broken, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", str(portal_root)]) == 1
    printed = capsys.readouterr().out
    assert f"{rel}:" in printed
    assert "CODEOWNERS" not in printed, printed
    owners_unaffected = rel == "content/about.md"
    assert cli.main(["codeowners", "--write", str(portal_root)]) == (0 if owners_unaffected else 1)


def test_the_stale_codeowners_warning_is_written_in_the_checks_language(portal_root: Path) -> None:
    import subprocess
    import sys

    assert cli.main(["codeowners", "--write", str(portal_root)]) == 0
    role = portal_root / "roles" / "support-agent.yml"
    role.write_text(role.read_text(encoding="utf-8").replace("@support-enablement", "@acme/agents"), encoding="utf-8")
    german = subprocess.run(
        [sys.executable, "-m", "rolepath.cli", "check", str(portal_root), "--lang", "de"],
        capture_output=True, text=True, cwd=Path(__file__).parents[1] / "hooks", check=False,
    )  # fmt: skip
    assert (
        ".github/CODEOWNERS:5: warning: CODEOWNERS passt nicht mehr zu den Verantwortlichen in roles/ und paths/:"
        " Führen Sie `rolepath codeowners --write` aus und committen Sie das Ergebnis"
    ) in german.stdout, german.stdout + german.stderr
