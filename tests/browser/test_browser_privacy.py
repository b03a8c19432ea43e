"""Privacy: a reader's browser talks to no host but the portal's own."""

from __future__ import annotations

from browserkit import open_page, record_requests, serving
from sites import build_with, make_portal, small_portal


def test_a_browsing_session_requests_nothing_from_other_hosts(page, portal):
    log = record_requests(page)
    assert portal.leaders and portal.has_diagnostic
    # home -> role -> module -> manager guide -> one-pager -> diagnostic, by full loads
    # and by clicks (Material's instant navigation fetches pages itself).
    open_page(page, "")
    page.locator(f".rp-role-card[data-rp-role='{portal.role}'] a").first.click()
    page.wait_for_url(f"**/roles/{portal.role}/")
    page.wait_for_selector(".rp-item input.rp-tick")
    page.get_by_role("button", name="Make this my role").click()
    page.locator(".rp-item[data-rp-key^='module:'] a").first.click()
    page.wait_for_url("**/modules/*/")
    page.wait_for_selector(".rp-module-done input")
    for url in (portal.manager_url, f"leaders/{portal.leaders[0]}/", "diagnostic/"):
        open_page(page, url)
        page.wait_for_load_state("networkidle")
    # Search loads its index and worker lazily: use it too.
    page.locator("input.md-search__input").click()
    page.keyboard.type("prompt")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")

    assert len(log.urls) > 20, "the request recorder saw too little to mean anything"
    assert log.foreign() == [], f"requests to other hosts: {log.foreign()}"
    assert log.hosts() == {"127.0.0.1"}


def test_theme_fonts_and_repository_facts_are_not_fetched(new_page, portal, tmp_path):
    # The two things stock Material fetches from elsewhere: Google Fonts and the
    # repository's star/fork counts. font: false stops the first, main.html the second.
    html = portal.html(portal.role_url)
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    # The sample configures no repository: a portal that does (tests/sites.py sets repo_url).
    site = build_with(make_portal(tmp_path / "repo", **small_portal()) / "mkdocs.yml", tmp_path / "site")
    role = next(p.parent.name for p in (site / "roles").glob("*/index.html"))
    with serving(site) as url:
        page = new_page(base_url=url)
        log = record_requests(page)
        open_page(page, f"roles/{role}/")
        page.wait_for_load_state("networkidle")
        assert page.locator(".md-source").count() >= 1, "repo_url is set, so Material renders its source link"
        assert not [u for u in log.urls if "api.github.com" in u or "gitlab" in u]
        assert page.locator(".md-source__facts").count() == 0
