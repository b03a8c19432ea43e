"""ProperDocs (the maintained continuation of MkDocs 1.6) runs the same hooks: a portal must
build with `properdocs build` and give the same pages as `mkdocs build`.

ProperDocs looks for properdocs.yml first and accepts mkdocs.yml when it is named with -f.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sites import build_site, make_portal, small_portal


def pages(site: Path) -> set[str]:
    """Every page URL (directory URLs) and data file of a built site."""
    urls = set()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.endswith("index.html"):
            urls.add(rel[: -len("index.html")])
        elif path.suffix in (".html", ".json", ".ics"):
            urls.add(rel)
    return urls


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    portal = small_portal()
    portal["leaders"] = {
        "inviting-learning": {
            "title": "Language that invites learning",
            "summary": "What to say instead.",
            "phrases": [{"instead_of": "We can't afford mistakes.", "say": "What did we learn?"}],
            "body": "Print this page.",
        }
    }
    portal["pages"]["about.md"] = "# About\n\nWho runs the portal.\n"
    root = make_portal(tmp_path_factory.mktemp("properdocs"), **portal)
    with_mkdocs = build_site(root, site_dir=root / "site")
    with_properdocs = root / "site2"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(with_properdocs)],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"properdocs build failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return with_mkdocs, with_properdocs


def test_properdocs_builds_the_same_pages_as_mkdocs(built: tuple[Path, Path]) -> None:
    with_mkdocs, with_properdocs = built
    expected = pages(with_mkdocs)
    for url in ("", "roles/", "roles/support-agent/", "roles/support-agent/manager/", "paths/support-basics/"):
        assert url in expected
    assert "modules/triage-sandbox/" in expected and "leaders/inviting-learning/" in expected
    assert pages(with_properdocs) == expected


def test_properdocs_generates_the_same_catalog(built: tuple[Path, Path]) -> None:
    with_mkdocs, with_properdocs = built
    assert json.loads((with_properdocs / "portal.json").read_text(encoding="utf-8")) == json.loads(
        (with_mkdocs / "portal.json").read_text(encoding="utf-8")
    )


def test_properdocs_renders_the_generated_pages(built: tuple[Path, Path]) -> None:
    from bs4 import BeautifulSoup

    _, with_properdocs = built
    page = BeautifulSoup(
        (with_properdocs / "roles" / "support-agent" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    heading = page.select_one("article h1")
    assert heading is not None and heading.get_text(strip=True) == "Customer Support Agent"
    assert page.find(id="support-basics-baseline") is not None, "the level blocks are rendered"
    assert not list(with_properdocs.parent.glob(".site2.rolepath-*")), "no staging folder left behind"
