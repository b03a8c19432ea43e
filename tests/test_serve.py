"""`mkdocs serve` on a portal: an author edits YAML and sees the result, breaks it and sees where.

A real `mkdocs serve` (with livereload, which is what rebuilds on change) runs on a free local
port; the test edits files the way an author would and reads the pages over HTTP.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sites import ServeProcess as Server
from sites import make_portal, small_portal, write

TIMEOUT = 15.0
ROLE_FILE = "roles/support-agent.yml"
PATH_FILE = "paths/support-basics.yml"


def wait_for(condition: Callable[[], bool], what: str, server: Server) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if server.process.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({server.process.returncode}) while waiting for {what}:\n{server.output}")
        time.sleep(0.2)
    pytest.fail(f"timed out after {TIMEOUT:g} s waiting for {what}; server output:\n{server.output}")


def h1(page: BeautifulSoup | None) -> str | None:
    heading = page.select_one("article h1") if page is not None else None
    return " ".join(heading.get_text(" ").split()) if heading is not None else None


def behaviours(page: BeautifulSoup | None) -> list[str]:
    if page is None:
        return []
    return [" ".join(li.get_text(" ").split()) for li in page.select("article li")]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = make_portal(tmp_path, **small_portal())
    running = Server(root)
    try:
        yield running
    finally:
        running.stop()


def test_serve_rebuilds_on_yaml_edits_and_survives_author_errors(server: Server) -> None:
    root = server.root
    url = "roles/support-agent/"
    wait_for(lambda: h1(server.fetch(url)) == "Customer Support Agent", "the first build", server)

    # An author renames the role: the page shows the new title after the rebuild.
    role = (root / ROLE_FILE).read_text(encoding="utf-8")
    write(root / ROLE_FILE, role.replace("title: Customer Support Agent", "title: Support Specialist", 1))
    wait_for(lambda: h1(server.fetch(url)) == "Support Specialist", "the renamed role", server)

    # The author breaks a path: the server keeps running and says where the problem is.
    path_text = (root / PATH_FILE).read_text(encoding="utf-8")
    line = next(n for n, s in enumerate(path_text.splitlines(), 1) if "prompting-basics" in s)
    write(root / PATH_FILE, path_text.replace("prompting-basics", "promting-basics", 1))
    message = re.compile(rf"(^|\s){re.escape(PATH_FILE)}:{line}: unknown module 'promting-basics'", re.M)
    wait_for(lambda: bool(message.search(server.output)), f"{PATH_FILE}:{line}: unknown module ...", server)
    assert "did you mean 'prompting-basics'" in server.output
    time.sleep(0.5)
    assert server.process.poll() is None, "the server keeps running after an author error"
    # (MkDocs' livereload holds page requests until a build succeeds again, so nothing to fetch here.)
    assert "Traceback" not in server.output, "an author error is a message, not a Python traceback"

    # The author fixes it (and rewords a behaviour): the next fetch shows the fixed content.
    fixed = path_text.replace(
        "Summarises a ticket thread before replying.", "Summarises a ticket thread and checks the summary."
    )
    assert fixed != path_text
    write(root / PATH_FILE, fixed)
    wait_for(
        lambda: "Summarises a ticket thread and checks the summary." in behaviours(server.fetch(url)),
        "the fixed path",
        server,
    )
    assert server.process.poll() is None


def test_serve_rebuild_after_a_module_edit_reuses_the_other_pages(tmp_path: Path) -> None:
    root = make_portal(tmp_path, **small_portal())
    server = Server(root, "--verbose")  # rolepath says what it reused at debug level
    try:
        url = "modules/prompting-basics/"
        wait_for(lambda: h1(server.fetch(url)) == "Prompting basics", "the first build", server)
        module = root / "content/modules/prompting-basics.md"
        write(module, module.read_text(encoding="utf-8").replace("four parts.", "four parts: task, material, limits."))
        wait_for(
            lambda: (page := server.fetch(url)) is not None and "task, material, limits." in page.get_text(),
            "the edited module",
            server,
        )
        rebuilds = re.findall(
            r"reused from earlier rebuilds: Markdown (\d+)/(\d+), search \d+/\d+, theme (\d+)/(\d+)", server.output
        )
        assert len(rebuilds) >= 2, server.output[-3000:]
        # The rebuild after the edit converted and rendered only the edited module again.
        after_edit = [tuple(int(n) for n in counts) for counts in rebuilds[1:]]
        assert any(md == md_of - 1 and theme == theme_of - 1 for md, md_of, theme, theme_of in after_edit), after_edit
    finally:
        server.stop()
