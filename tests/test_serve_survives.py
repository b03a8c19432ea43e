"""`mkdocs serve` survives every mistake an author makes while editing, and recovers when fixed.

A real ``mkdocs serve`` runs on a free port on 127.0.0.1. The test walks through a sequence of
broken states (a YAML syntax error, an unknown module, a deleted module file, a module file
renamed without its references), checking after each that the server is still running and that
its output names the current problem as ``path:line: message``. Then everything is fixed and the
renamed module is served with its new content. Every wait is bounded; the server is always
stopped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sites import ServeProcess as Serve
from sites import make_portal, small_portal, write

WAIT = 15.0
"""Seconds any one wait may take: a rebuild of the fixture portal takes about one."""


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    server = Serve(make_portal(tmp_path, **small_portal()), request_timeout=3)
    try:
        yield server
    finally:
        server.stop()


def wait_until(server: Serve, what: str, condition: object) -> None:
    assert callable(condition)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        if not server.alive():
            pytest.fail(
                f"mkdocs serve exited ({server.process.returncode}) waiting for {what}:\n{server.output_since(0)}"
            )
        time.sleep(0.2)
    pytest.fail(f"waited {WAIT:g} s for {what}; server output:\n{server.output_since(0)[-3000:]}")


def h1(html: str) -> str:
    heading = BeautifulSoup(html, "html.parser").select_one("article h1")
    return " ".join(heading.get_text(" ").split()) if heading is not None else ""


def line_of(file: Path, needle: str) -> int:
    return next(n for n, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


def test_serve_survives_a_sequence_of_author_mistakes(serve: Serve, tmp_path: Path) -> None:
    root = tmp_path
    role, path = root / "roles/support-agent.yml", root / "paths/support-basics.yml"
    lesson, card = root / "content/modules/prompting-basics.md", root / "content/modules/escalation-card.md"
    sandbox = root / "content/modules/triage-sandbox.md"
    good = {file: file.read_text(encoding="utf-8") for file in (role, path, lesson, card, sandbox)}
    wait_until(serve, "the first build", lambda: h1(serve.get("modules/prompting-basics/")[1]) == "Prompting basics")

    def broken(edit: object, *patterns: str) -> None:
        """Make an edit, then wait for every message pattern to appear in the new output."""
        mark = len(serve.lines)
        assert callable(edit)
        edit()
        compiled = [re.compile(rf"(^|\s){pattern}", re.M) for pattern in patterns]
        wait_until(
            serve,
            " and ".join(patterns),
            lambda: all(p.search(serve.output_since(mark)) for p in compiled),
        )
        time.sleep(0.3)
        assert serve.alive(), f"mkdocs serve stopped after: {patterns}"
        assert "Traceback" not in serve.output_since(mark), serve.output_since(mark)

    # 1. A YAML syntax error in a role.
    broken(
        lambda: write(role, good[role].replace("title: Customer Support Agent", "title: [Customer Support Agent")),
        r"roles/support-agent\.yml:\d+: YAML syntax error",
    )

    # 2. The role is fixed, but a path now names a module that does not exist.
    def unknown_module() -> None:
        write(role, good[role])
        write(path, good[path].replace("- triage-sandbox", "- triage-sandbx", 1))

    line = line_of(path, "triage-sandbox")
    broken(
        unknown_module,
        rf"paths/support-basics\.yml:{line}: unknown module 'triage-sandbx'.*did you mean 'triage-sandbox'",
    )

    # 3. The path is fixed, but a module file it lists is deleted.
    def deleted_module() -> None:
        write(path, good[path])
        card.unlink()

    broken(
        deleted_module,
        rf"paths/support-basics\.yml:{line_of(path, 'escalation-card')}: unknown module 'escalation-card'",
    )

    # 4. The module is back, but another module file is renamed and nothing that refers to it is.
    def renamed_module() -> None:
        write(card, good[card])
        lesson.rename(lesson.with_name("prompting-101.md"))

    unknown = "unknown module 'prompting-basics'"
    broken(
        renamed_module,
        rf"paths/support-basics\.yml:{line_of(path, 'prompting-basics')}: {unknown}",
        rf"content/modules/triage-sandbox\.md:{line_of(sandbox, 'prompting-basics')}: {unknown}",
    )

    # 5. All fixed: references follow the rename, and the module gets a new title.
    mark = len(serve.lines)
    write(path, good[path].replace("prompting-basics", "prompting-101"))
    write(sandbox, good[sandbox].replace("prompting-basics", "prompting-101"))
    renamed = lesson.with_name("prompting-101.md")
    write(renamed, good[lesson].replace("title: Prompting basics", "title: Prompting 101, renamed"))
    wait_until(
        serve,
        "the renamed module to be served",
        lambda: h1(serve.get("modules/prompting-101/")[1]) == "Prompting 101, renamed",
    )
    assert serve.alive()
    assert serve.get("modules/prompting-basics/")[0] == 404, "the old page is gone"
    status, html = serve.get("paths/support-basics/")
    assert status == 200 and "Prompting 101, renamed" in html
    assert "Traceback" not in serve.output_since(mark)
