"""`mkdocs serve` survives every mistake an author makes while editing, and recovers when fixed.

A real ``mkdocs serve`` runs on a free port on 127.0.0.1. The test walks through a sequence of
broken states (a YAML syntax error, an unknown module, a deleted module file, a module file
renamed without its references), checking after each that the server is still running and that
its output names the current problem as ``path:line: message``. Then everything is fixed and the
renamed module is served with its new content. Every wait is bounded; the server is always
stopped.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sites import make_portal, small_portal, write

WAIT = 15.0
"""Seconds any one wait may take: a rebuild of the fixture portal takes about one."""


class Serve:
    """A `mkdocs serve` child process and everything it has printed so far."""

    def __init__(self, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output_since(self, mark: int) -> str:
        return "\n".join(self.lines[mark:])

    def alive(self) -> bool:
        return self.process.poll() is None

    def get(self, url: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{url}", timeout=3) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.reader.join(timeout=5)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    server = Serve(make_portal(tmp_path, **small_portal()))
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
