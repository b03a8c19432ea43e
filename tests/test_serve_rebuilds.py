"""`mkdocs serve` rebuilds reuse what did not change, and give exactly the site a full build gives.

Each test runs the serve cycle in-process as `mkdocs serve` does (the startup event with
command "serve", then load_config + build for every rebuild, into one folder that is served),
edits the portal the way an author does, and compares every file of the rebuilt site, byte for
byte, with a fresh `mkdocs build` of the same files. The reuse itself is read from the debug
line rolepath logs after each serve build (what `mkdocs serve -v` shows).
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from rolepath.adapter.serve_cache import recording
from sites import AUTHOR_EDITS, assert_same_site, build_site, edit, editable_portal, uncached, write

SERVE_URL = "http://127.0.0.1:8000/"


class ServeSession:
    """One `mkdocs serve` process: the same hook module and cache for every rebuild."""

    def __init__(self, root: Path, served: Path) -> None:
        self.root = root
        self.served = served
        self.warnings: list[str] = []
        """The warnings of the last build."""
        self._rolepath = logging.getLogger("mkdocs.plugins.rolepath")
        self._level = self._rolepath.level
        # Only rolepath's logger goes to DEBUG: MkDocs changes what it records at DEBUG.
        self._rolepath.setLevel(logging.DEBUG)

    def _config(self):  # type: ignore[no-untyped-def]
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.served))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> dict[str, tuple[int, int]]:
        """Build as serve does; return what was reused: {"theme": (reused, of), ...}."""
        config = self._config()
        # `mkdocs serve` starts up once per process; the reference builds these tests make in the
        # same process start up as "build" in between, so the session says "serve" again.
        config.plugins.on_startup(command="serve", dirty=False)
        with recording("mkdocs") as records:
            try:
                build(config, serve_url=SERVE_URL)
            finally:
                self.warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
        reused = [r.getMessage() for r in records if "reused from earlier rebuilds" in r.getMessage()]
        assert reused, "rolepath logged nothing about reuse: did the serve cache run?"
        return {name: (int(hits), int(total)) for name, hits, total in re.findall(r"(\w+) (\d+)/(\d+)", reused[-1])}

    def close(self) -> None:
        config = self._config()
        config.plugins.on_shutdown()
        # Leave the hook as a new process finds it, for tests that build without a startup event.
        config.plugins.on_startup(command="build", dirty=False)
        self._rolepath.setLevel(self._level)


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return editable_portal(tmp_path)


@pytest.fixture
def session(portal: Path, tmp_path: Path) -> Iterator[ServeSession]:
    serve = ServeSession(portal, tmp_path / "served")
    try:
        yield serve
    finally:
        serve.close()


def full_build(root: Path, site: Path) -> Path:
    """A fresh `mkdocs build` of the same files, with serve's site_url and no build cache, to compare against."""
    shutil.rmtree(site, ignore_errors=True)
    config = load_config(config_file=str(uncached(root)), site_dir=str(site))
    config.site_url = SERVE_URL
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config, serve_url=SERVE_URL)
    finally:
        config.plugins.on_shutdown()
    return site


def test_a_rebuild_without_changes_reuses_every_page(session: ServeSession, portal: Path, tmp_path: Path) -> None:
    first = session.rebuild()
    assert first["theme"][0] == 0  # nothing to reuse in the first build
    pages = first["theme"][1]
    again = session.rebuild()
    assert again["theme"] == (pages, pages)
    assert again["Markdown"][0] == again["Markdown"][1] > 0
    assert again["search"][0] == again["search"][1] > 0
    assert_same_site(session.served, full_build(portal, tmp_path / "reference"))


def test_a_module_body_edit_renders_that_module_again_and_nothing_else(
    session: ServeSession, portal: Path, tmp_path: Path
) -> None:
    session.rebuild()
    edit(portal / "content/modules/prompting-basics.md", "has four parts.", "has four parts: a task, material, limits.")
    reused = session.rebuild()
    hits, total = reused["theme"]
    assert hits == total - 1
    page = (session.served / "modules/prompting-basics/index.html").read_text(encoding="utf-8")
    assert "a task, material, limits." in page
    assert_same_site(session.served, full_build(portal, tmp_path / "reference"))


@pytest.mark.parametrize(("file", "old", "new"), AUTHOR_EDITS.values(), ids=AUTHOR_EDITS.keys())
def test_an_edit_anywhere_gives_the_site_a_full_build_gives(
    session: ServeSession, portal: Path, tmp_path: Path, file: str, old: str, new: str
) -> None:
    session.rebuild()
    target = tmp_path / file if file.startswith("overrides/") else portal / file
    edit(target, old, new)
    session.rebuild()
    assert_same_site(session.served, full_build(portal, tmp_path / "reference"))


def test_a_new_module_appears_and_a_deleted_one_disappears(session: ServeSession, portal: Path, tmp_path: Path) -> None:
    session.rebuild()
    write(
        portal / "content/modules/refund-checks.md",
        "---\ntitle: Checking refunds\nsummary: Check a drafted refund against policy.\nminutes: 10\n---\n\n"
        "## The three numbers to check\n\nAmount, date and the order it belongs to.\n",
    )
    path_file = portal / "paths/support-basics.yml"
    original_path = path_file.read_text(encoding="utf-8")
    edit(path_file, "- triage-sandbox", "- triage-sandbox\n    - refund-checks")
    session.rebuild()
    assert (session.served / "modules/refund-checks/index.html").is_file()
    assert_same_site(session.served, full_build(portal, tmp_path / "reference"))

    (portal / "content/modules/refund-checks.md").unlink()
    path_file.write_text(original_path, encoding="utf-8")
    session.rebuild()
    assert not (session.served / "modules/refund-checks").exists()
    assert_same_site(session.served, full_build(portal, tmp_path / "reference"))


def test_a_reused_page_warns_again_about_its_broken_link(session: ServeSession, portal: Path) -> None:
    edit(portal / "content/modules/prompting-basics.md", "has four parts.", "has four parts ([see](missing.md)).")
    session.rebuild()
    assert [w for w in session.warnings if "missing.md" in w] != []
    reused = session.rebuild()
    assert reused["Markdown"][0] == reused["Markdown"][1]  # every page's Markdown was reused ...
    assert [w for w in session.warnings if "missing.md" in w] != []  # ... and it still warns


def test_a_failed_rebuild_keeps_the_last_good_pages_then_recovers(
    session: ServeSession, portal: Path, tmp_path: Path
) -> None:
    session.rebuild()
    role_file = portal / "roles/support-agent.yml"
    good = role_file.read_text(encoding="utf-8")
    role_file.write_text(good.replace("paths:", "paths: [", 1), encoding="utf-8")
    with pytest.raises(Abort):
        session.rebuild()
    assert (session.served / "roles/support-agent/index.html").is_file()

    # A page whose template is missing fails while the pages are being written, after MkDocs
    # has cleaned the served folder: the pages of the last good build are still there.
    edit(role_file, "paths: [", "paths:")
    about = portal / "content/about.md"
    good_about = about.read_text(encoding="utf-8")
    about.write_text("---\ntemplate: no-such-template.html\n---\n" + good_about, encoding="utf-8")
    with pytest.raises(jinja2.TemplateNotFound):
        session.rebuild()
    assert (session.served / "index.html").is_file()
    assert (session.served / "roles/support-agent/index.html").is_file()

    about.write_text(good_about, encoding="utf-8")
    session.rebuild()
    assert_same_site(session.served, full_build(portal, tmp_path / "reference"))


def test_build_is_not_affected_by_an_earlier_serve_in_the_same_process(
    session: ServeSession, portal: Path, tmp_path: Path
) -> None:
    session.rebuild()
    site = build_site(portal, site_dir=tmp_path / "built")
    assert not (site / ".rolepath-build-started").exists()
    assert (site / "modules/prompting-basics/index.html").is_file()
