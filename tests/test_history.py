"""What's new: per-role and site-wide changes from a real git history, the Atom feeds, the partial."""

from __future__ import annotations

import datetime
import functools
import os
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

import pytest
import sites
from bs4 import BeautifulSoup
from rolepath import load
from rolepath.content import history
from rolepath.content.history import whats_new
from rolepath.output.feeds import ATOM_NS, FeedEntry, atom_feed, change_entries, role_feed, site_feed
from rolepath.output.render import Renderer

git = functools.partial(sites.git, date="2026-01-05T09:00:00+00:00")

TEMPLATES = Path(__file__).resolve().parents[1] / "overrides" / "rolepath"
A = "{http://www.w3.org/2005/Atom}"


def commit(root: Path, files: Mapping[str, str | None], message: str, date: str) -> str:
    for rel, text in files.items():
        target = root / rel
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


EXTRA_MODULE = """\
---
title: Unused card
kind: reference
summary: Not on any path yet.
minutes: 5
---
Text.
"""


@pytest.fixture
def repo(tmp_path: Path, valid_portal: dict[str, str]) -> Path:
    """Five commits on five days: start, a module edit, a one-pager edit, a page, an unused module."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, valid_portal, "Start the portal", "2026-01-05T09:00:00+00:00")
    module = valid_portal["content/modules/prompting-basics.md"].replace("minutes: 20", "minutes: 25")
    commit(
        root,
        {"content/modules/prompting-basics.md": module},
        "Longer prompting lesson\n\nPortal-Note: Prompting basics now takes 25 minutes, with a worked example.",
        "2026-02-10T10:00:00+01:00",
    )
    leader = valid_portal["content/leaders/language-that-invites-learning.md"].replace("Print", "Print out")
    commit(root, {"content/leaders/language-that-invites-learning.md": leader}, "Reword", "2026-03-01T09:00:00+00:00")
    commit(
        root,
        {"content/about.md": "# About\n", "README.md": "x\n"},
        "About page\n\nPortal-Note: A page about the portal.",
        "2026-03-02T09:00:00+00:00",
    )
    commit(
        root,
        {"content/modules/unused-card.md": EXTRA_MODULE},
        "A new card\n\nPortal-Note: A new reference card.",
        "2026-03-03T09:00:00+00:00",
    )
    return root


def test_role_changes_follow_the_role_its_paths_and_their_modules(repo: Path) -> None:
    portal = load(repo).portal
    changes = whats_new(repo, portal).by_role

    assert list(changes) == ["support-agent"]
    latest, first = changes["support-agent"]
    assert latest.summary == "Module 'Prompting basics' edited"
    assert latest.note == "Prompting basics now takes 25 minutes, with a worked example."
    assert latest.file == "content/modules/prompting-basics.md"
    assert latest.date == datetime.datetime(2026, 2, 10, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert (latest.day, latest.display_date) == ("2026-02-10", "10 February 2026")
    assert first.note == "", "a commit without a Portal-Note has none: its subject is never used"
    assert first.summary == "Role 'Customer Support Agent' added; Path 'AI-assisted support' added; and 3 more changes"
    assert sorted(first.files) == sorted(
        [
            "roles/support-agent.yml",
            "paths/ai-assisted-support.yml",
            "content/modules/prompting-basics.md",
            "content/modules/check-before-you-ship.md",
            "content/modules/triage-sandbox.md",
        ]
    )

    assert whats_new(repo, portal, role_limit=1).by_role["support-agent"] == [latest]


def test_site_wide_changes_cover_every_kind_newest_first(repo: Path) -> None:
    portal = load(repo).portal
    changes = whats_new(repo, portal).site
    assert [c.summary for c in changes[:4]] == [
        "Module 'Unused card' added",
        "Page 'about.md' added",
        "One-pager 'Language that invites learning' edited",
        "Module 'Prompting basics' edited",
    ]
    assert len(changes) == 5
    assert [c.note for c in whats_new(repo, portal, site_limit=2).site] == [
        "A new reference card.",
        "A page about the portal.",
    ]


def test_removed_items_are_named_by_id(repo: Path) -> None:
    commit(repo, {"content/modules/unused-card.md": None}, "Drop the card", "2026-03-04T09:00:00+00:00")
    assert whats_new(repo, load(repo).portal, site_limit=1).site[0].summary == "Module 'unused-card' removed"


def test_without_git_or_outside_a_repository_there_is_nothing(
    repo: Path, tmp_path: Path, valid_portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    for rel, text in valid_portal.items():
        (plain / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / rel).write_text(text, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    portal = load(plain).portal
    assert whats_new(plain, portal).by_role == {}
    assert whats_new(plain, portal).site == []
    assert whats_new(tmp_path / "missing", portal).by_role == {}

    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert whats_new(repo, load(repo).portal).by_role == {}


def test_a_shallow_clone_does_not_claim_everything_was_just_added(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)],
        check=True, capture_output=True, env={**os.environ, **sites.GIT_IDENTITY},
    )  # fmt: skip
    changes = whats_new(clone, load(clone).portal).site
    assert [c.note for c in changes] == ["A new reference card."]  # the cut-off commit ("About page") is left out


def test_one_git_log_for_a_large_portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 modules, 100 roles, 40 commits: one git process for the history, and quick."""
    root = tmp_path / "big"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    files: dict[str, str | None] = {}
    for m in range(2000):
        files[f"content/modules/m{m}.md"] = f"---\ntitle: Module {m}\nsummary: S.\nminutes: 5\n---\nBody.\n"
    for p in range(100):
        mods = [f"m{p * 20 + i}" for i in range(20)]
        levels = "".join(
            f"  {name}:\n    summary: S.\n    behaviours: [B.]\n    modules: [{', '.join(mods[k * 6 : k * 6 + 6])}]\n"
            for k, name in enumerate(("baseline", "proficient", "advanced"))
        )
        files[f"paths/p{p}.yml"] = f"title: Path {p}\nsummary: S.\nlevels:\n{levels}"
        files[f"roles/r{p}.yml"] = (
            f"title: Role {p}\nsummary: S.\npaths: [p{p}]\nfrom_to:\n  - {{area: A, today: T, in_six_months: S}}\n"
        )
    commit(root, files, "Start", "2026-01-01T09:00:00+00:00")
    for day in range(1, 40):
        edited = {f"content/modules/m{day * 37 % 2000}.md": f"---\ntitle: Module\nsummary: S{day}.\nminutes: 5\n---\n"}
        commit(root, edited, f"Edit {day}\n\nPortal-Note: Edit {day}.", f"2026-02-{day % 28 + 1:02d}T09:00:00+00:00")
    portal = load(root).portal
    assert len(portal.modules) == 2000 and len(portal.roles) == 100

    started = []
    real_popen = subprocess.Popen

    def counting_popen(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(command)
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(history.subprocess, "Popen", counting_popen)
    begin = time.perf_counter()
    result = whats_new(root, portal, role_limit=10, site_limit=20)
    elapsed = time.perf_counter() - begin

    assert sum("log" in command for command in started) == 1
    assert elapsed < 5, elapsed
    assert len(result.site) == 20
    assert result.by_role["r1"][0].note == "Edit 1."  # m37 is in p1's levels
    assert all(len(changes) >= 1 for changes in result.by_role.values())


# ---- feeds -------------------------------------------------------------------------------------


def test_atom_feed_is_valid_atom_and_escapes_everything(repo: Path) -> None:
    changes = whats_new(repo, load(repo).portal).by_role["support-agent"]
    entries = change_entries(changes, "roles/support-agent/", scope="support-agent")
    entries.append(
        FeedEntry(
            id="urn:rolepath:test:odd",
            title="Tom & Jerry <script>alert(1)</script> \x0b\x00ok",
            updated=datetime.datetime(2025, 1, 1, 12, 30),
            link="https://elsewhere.example/page?a=1&b=2",
            summary='"quoted" & <b>bold</b>',
        )
    )
    data = atom_feed(
        "Customer Support Agent: what's new",
        "https://portal.example/acme",  # a site in a subfolder, written without the final slash
        "roles/support-agent/feed.xml",
        entries,
        page_url="roles/support-agent/",
    )

    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    feed = ET.fromstring(data)  # parses: control characters removed, markup escaped
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == "https://portal.example/acme/roles/support-agent/feed.xml"
    assert feed.findtext(f"{A}title") == "Customer Support Agent: what's new"
    assert feed.findtext(f"{A}updated") == "2026-02-10T10:00:00+01:00"
    assert feed.findtext(f"{A}author/{A}name")
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "https://portal.example/acme/roles/support-agent/feed.xml"
    page = feed.find(f"{A}link[@rel='alternate']")
    assert page is not None and page.get("href") == "https://portal.example/acme/roles/support-agent/"

    items = feed.findall(f"{A}entry")
    assert len(items) == 3
    for item in items:  # RFC 4287 4.1.2: id, title, updated required; a link since there is no content
        assert item.findtext(f"{A}id") and item.findtext(f"{A}title") and item.findtext(f"{A}updated")
        assert item.find(f"{A}link") is not None and item.findtext(f"{A}summary")
    first = items[0]
    assert first.findtext(f"{A}id") == f"urn:rolepath:change:{changes[0].commit}:support-agent"
    assert first.findtext(f"{A}title") == "Prompting basics now takes 25 minutes, with a worked example."
    assert first.findtext(f"{A}summary") == "Module 'Prompting basics' edited"
    assert first.find(f"{A}link").get("href") == "https://portal.example/acme/roles/support-agent/"  # type: ignore[union-attr]
    odd = items[2]
    assert odd.findtext(f"{A}title") == "Tom & Jerry <script>alert(1)</script> ok"
    assert odd.findtext(f"{A}updated") == "2025-01-01T12:30:00+00:00"
    assert odd.find(f"{A}link").get("href") == "https://elsewhere.example/page?a=1&b=2"  # type: ignore[union-attr]
    assert b"<script>" not in data and b"&lt;script&gt;" in data


def test_an_empty_feed_without_a_site_url_is_still_valid() -> None:
    data = atom_feed("What's new", "", "feed.xml", [])
    feed = ET.fromstring(data)
    assert feed.findtext(f"{A}id") == "urn:rolepath:feed:feed.xml"
    assert feed.findtext(f"{A}updated") == "1970-01-01T00:00:00+00:00"
    assert feed.findall(f"{A}entry") == []
    assert ATOM_NS in data.decode()
    assert atom_feed("What's new", "", "feed.xml", []) == data  # deterministic


def test_role_and_site_feeds_ready_for_the_build(repo: Path) -> None:
    portal = load(repo).portal
    news = whats_new(repo, portal)
    role = portal.roles["support-agent"]
    feed = ET.fromstring(
        role_feed(role, news.by_role["support-agent"], site_url="https://p.example/", site_name="Acme")
    )
    assert feed.findtext(f"{A}title") == "Acme: what's new for Customer Support Agent"
    assert feed.findtext(f"{A}id") == "https://p.example/roles/support-agent/feed.xml"
    assert len(feed.findall(f"{A}entry")) == 2
    relative = ET.fromstring(role_feed(role, news.by_role["support-agent"], site_url="", site_name="Acme"))
    assert relative.findtext(f"{A}id") == "urn:rolepath:feed:roles/support-agent/feed.xml"
    hrefs = [link.get("href") for link in relative.iter(f"{A}link")]
    assert hrefs == ["feed.xml", "./", "./"]  # self and each entry (the role page): relative to the feed
    site = ET.fromstring(site_feed(news.site, site_url="", site_name="Acme"))
    assert site.findtext(f"{A}title") == "Acme: what's new" and site.findtext(f"{A}id") == "urn:rolepath:feed:feed.xml"
    first = site.find(f"{A}entry")
    assert first is not None and first.findtext(f"{A}title") == "A new reference card."
    assert first.find(f"{A}link").get("href") == "./"  # type: ignore[union-attr]


# ---- the partial -------------------------------------------------------------------------------


def test_whats_new_partial_renders_through_the_renderer(repo: Path) -> None:
    portal = load(repo).portal
    changes = whats_new(repo, portal).by_role["support-agent"]
    renderer = Renderer(portal, [TEMPLATES])
    rendered = renderer.render(
        "_whats_new.html", "roles/support-agent/", {"changes": changes, "feed_url": "roles/support-agent/feed.xml"}
    )
    soup = BeautifulSoup(rendered.html, "html.parser")
    section = soup.select_one("section.rp-whats-new")
    assert section is not None
    assert section.h2 is not None and section.h2.get_text() == "What's new"
    items = section.select("li.rp-change")
    assert len(items) == 2
    assert items[0].time is not None and items[0].time["datetime"] == "2026-02-10"
    assert items[0].time.get_text() == "10 February 2026"
    assert "Module 'Prompting basics' edited" in items[0].get_text()
    assert "Prompting basics now takes 25 minutes, with a worked example." in items[0].get_text()
    assert "Longer prompting lesson" not in section.get_text(), "a commit's subject is never shown"
    assert "Start the portal" not in section.get_text()
    feed = section.select_one("a[type='application/atom+xml']")
    assert feed is not None and feed["href"] == "feed.xml"
    assert [h.title for h in rendered.headings] == ["What's new"]


def test_whats_new_partial_is_empty_without_changes_and_escapes_subjects(repo: Path) -> None:
    portal = load(repo).portal
    renderer = Renderer(portal, [TEMPLATES])
    assert renderer.render("_whats_new.html", "", {"changes": []}).html.strip() == ""
    odd = history.Change(
        datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), "<script>x</script>", "Role 'A&B' edited", "f", "0" * 40
    )
    html = renderer.render("_whats_new.html", "", {"changes": [odd], "whats_new_heading_level": 3}).html
    assert "<script>" not in html and "&lt;script&gt;" in html and "A&amp;B" in html and "<h3" in html
