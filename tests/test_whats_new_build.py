"""What's new and the Atom feeds in a real build: from git history, and absent without it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sites import build_site, git, make_portal, small_portal, soup, write

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(tmp_path_factory.mktemp("history") / "portal", **small_portal())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "First version of the support portal")
    module = root / "content" / "modules" / "prompting-basics.md"
    write(module, module.read_text(encoding="utf-8") + "\nOne more worked example.\n")
    message = "Tidy the adapter; prompting basics\n\nPortal-Note: Prompting basics has a new worked example."
    git(root, "commit", "-qam", message, date="2026-11-02T09:00:00+00:00")
    return build_site(root)


def test_role_page_lists_the_changes_that_reached_the_role(history_site: Path) -> None:
    section = soup(history_site, "roles/support-agent/").select_one("section.rp-whats-new")
    assert section is not None
    changes = [item.get_text(" ", strip=True) for item in section.select("li.rp-change")]
    assert "Prompting basics has a new worked example." in changes[0]  # newest first, its Portal-Note
    assert "2 November 2026" in changes[0]
    # A commit without a Portal-Note is listed by what it changed, never by its subject line.
    assert any("Role 'Customer Support Agent' added" in change for change in changes[1:])


def test_no_commit_subject_reaches_any_page_or_feed(history_site: Path) -> None:
    for path in history_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "First version of the support portal" not in text, path
            assert "Tidy the adapter" not in text, path


def test_home_page_shows_site_wide_changes(history_site: Path) -> None:
    section = soup(history_site, "").select_one("section.rp-whats-new")
    assert section is not None
    assert "Prompting basics has a new worked example." in section.get_text(" ", strip=True)


@pytest.mark.parametrize("feed", ["feed.xml", "roles/support-agent/feed.xml"])
def test_feeds_are_atom_with_the_latest_change_first(history_site: Path, feed: str) -> None:
    tree = ET.parse(history_site / feed)
    assert tree.getroot().tag == f"{ATOM}feed"
    entries = tree.getroot().findall(f"{ATOM}entry")
    assert entries, "the feed has no entries"
    assert entries[0].findtext(f"{ATOM}title") == "Prompting basics has a new worked example."
    assert entries[0].findtext(f"{ATOM}summary") == "Module 'Prompting basics' edited"
    assert all(entry.findtext(f"{ATOM}id") for entry in entries)


def test_without_git_history_the_build_works_and_says_nothing_new(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "tarball", **small_portal())
    site = build_site(root)
    assert soup(site, "roles/support-agent/").select_one("section.rp-whats-new") is None
    entries = ET.parse(site / "roles/support-agent/feed.xml").getroot().findall(f"{ATOM}entry")
    assert entries == []
