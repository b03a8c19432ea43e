"""The whole adoption loop in Chromium: a manager records a week in the manager guide's log,
exports it, the file is committed into the portal's repository, the build runs, and the team's
adoption page shows the new week. The names the manager typed never leave the browser."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browserkit import serving, wait_for_rolepath
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sites import git, make_portal, v2_portal, write

PERSON = "Priyanka Canary-Name"


@pytest.fixture
def portal_repo(tmp_path: Path, portal_texts) -> Iterator[tuple[Path, Path, str]]:
    root = tmp_path / "repo"
    for rel, text in v2_portal(portal_texts).items():
        write(root / rel, str(text))
    make_portal(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the portal")
    site = tmp_path / "site"
    site.mkdir()
    with serving(site) as url:
        yield root, site, url


def _build(root: Path, site: Path, url: str) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), site_url=url)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_a_week_recorded_in_the_guide_reaches_the_team_page(new_page, portal_repo) -> None:
    root, site, url = portal_repo
    _build(root, site, url)
    page = new_page(base_url=url, accept_downloads=True)
    page.goto("roles/support-agent/manager/")
    wait_for_rolepath(page)
    log = page.locator("section.rp-log")
    log.locator("select.rp-log-team").select_option("support-leeds")
    log.locator("input.rp-log-week").fill("2026-W49")
    log.locator("input.rp-log-week").dispatch_event("change")
    log.locator("input.rp-log-person").fill(PERSON)
    log.get_by_role("button", name="Add person").click()
    log.locator("input.rp-log-person").fill("J. K.")
    log.get_by_role("button", name="Add person").click()
    rows = log.locator(".rp-log-person-row")
    assert rows.count() == 2
    rows.nth(0).locator('input[data-rp-ref="ai-assisted-support/checks-policy"]').check()
    rows.nth(1).locator('input[data-rp-ref="ai-assisted-support/checks-policy"]').check()
    rows.nth(1).locator('input[data-rp-ref="ai-assisted-support/summarises-thread"]').check()
    log.get_by_label("Practice hours (the whole team)").fill("7.5")
    log.get_by_label("Development conversations held").fill("2")

    proposal = log.locator("a.rp-log-propose")
    href = proposal.get_attribute("href")
    assert href.startswith(
        "https://github.com/acme-learning/portal/new/main/?filename=adoption%2Fsupport-leeds%2F2026-W49.yml"
    )
    assert PERSON.split()[0] not in urllib.parse.unquote(href)

    with page.expect_download() as downloading:
        log.get_by_role("button", name="Export this week").click()
    download = downloading.value
    assert download.suggested_filename == "2026-W49.yml"
    record = Path(download.path()).read_text(encoding="utf-8")
    assert PERSON.split()[0] not in record and "J. K." not in record
    assert yaml.safe_load(record) == {
        "people_observed": 2,
        "observed": {
            "ai-assisted-support/summarises-thread": 1,
            "ai-assisted-support/checks-policy": 2,
            "ai-assisted-support/fixes-articles": 0,
        },
        "practice_hours": 7.5,
        "development_conversations": 2,
    }
    assert urllib.parse.unquote(href.split("&value=", 1)[1]) == record

    # The names stay in this browser: after a reload the log still has them.
    page.reload()
    wait_for_rolepath(page)
    log.locator("select.rp-log-team").select_option("support-leeds")
    log.locator("input.rp-log-week").fill("2026-W49")
    log.locator("input.rp-log-week").dispatch_event("change")
    assert log.locator(".rp-log-person-row legend").all_inner_texts() == [PERSON, "J. K."]

    # The log moves to another browser through a file the manager keeps.
    with page.expect_download() as saving:
        log.get_by_role("button", name="Save the log to a file").click()
    saved = Path(saving.value.path())
    other = new_page(base_url=url)
    other.goto("roles/support-agent/manager/")
    wait_for_rolepath(other)
    other_log = other.locator("section.rp-log")
    other_log.locator("input.rp-log-import").set_input_files(str(saved))
    other_log.locator("select.rp-log-team").select_option("support-leeds")
    other_log.locator("input.rp-log-week").fill("2026-W49")
    other_log.locator("input.rp-log-week").dispatch_event("change")
    assert other_log.locator(".rp-log-person-row legend").all_inner_texts() == [PERSON, "J. K."]

    write(root / "adoption/support-leeds/2026-W49.yml", record)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Support, Leeds queue: week 49")
    _build(root, site, url)
    team = BeautifulSoup((site / "adoption/support-leeds/index.html").read_text(encoding="utf-8"), "html.parser")
    counts = next(t for t in team.select("table.rp-adoption-table") if "Weekly counts" in t.caption.get_text())
    newest = counts.tbody("tr")[-1]
    assert newest.th.get_text(strip=True) == "2026-W49"
    assert [td.get_text(strip=True) for td in newest("td")][:2] == ["2", "7.5 (18)"]
    for path in site.rglob("*"):
        if path.is_file():
            assert PERSON.split()[0].encode() not in path.read_bytes(), path
