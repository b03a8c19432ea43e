"""Without JavaScript every page still carries its content: JS only adds controls."""

from __future__ import annotations


def test_role_page_shows_behaviours_and_modules_without_javascript(new_page, portal):
    page = new_page(java_script_enabled=False)
    page.goto(portal.role_url)
    assert not page.evaluate("document.documentElement.classList.contains('rp-js')")
    levels = page.locator(".rp-level")
    assert levels.count() >= 3
    behaviours = page.locator(".rp-item[data-rp-key^='behaviour:']")
    modules = page.locator(".rp-item[data-rp-key^='module:'] a")
    assert behaviours.count() > 0 and modules.count() > 0
    for locator in (behaviours, modules):
        assert locator.first.is_visible() and locator.first.inner_text().strip()
        assert locator.last.is_hidden(), "later levels start collapsed"
    page.locator(".rp-level").last.locator("summary").click()  # native <details>: no script needed
    assert behaviours.last.is_visible() and modules.last.is_visible()
    assert modules.first.get_attribute("href").startswith("../../modules/")
    # No half-built controls: no checkboxes, and the empty placeholders take no space.
    assert page.locator(".rp-item input").count() == 0
    for selector in (".rp-progress", ".rp-assessment-result"):
        assert page.locator(selector).first.is_hidden()
    # No controls that need the script (no empty progress panel); "Start" is a plain link to the first module.
    assert page.locator(".rp-your-progress").is_hidden()
    start = page.locator(".rp-continue a")
    assert start.is_visible() and start.inner_text().startswith("Start: ")
    assert start.get_attribute("href") == modules.first.get_attribute("href")
    assert page.locator("a.rp-calendar").is_visible()


def test_home_lists_roles_and_hides_the_my_role_box_without_javascript(new_page, portal):
    page = new_page(java_script_enabled=False)
    page.goto("")
    assert page.locator(".rp-role-card a").count() == len(portal.roles)
    assert page.locator(".rp-role-card a").first.is_visible()
    assert page.locator(".rp-my-role").is_hidden()
    assert page.locator(".rp-continue").is_hidden()
    assert page.locator(".rp-filter-input").count() == 0, "no filter box that cannot filter"


def test_manager_guide_and_module_read_without_javascript(new_page, portal):
    page = new_page(java_script_enabled=False)
    page.goto(portal.manager_url)
    assert page.locator(".rp-check").first.is_visible()
    page.goto(portal.module_url)
    assert page.locator(".rp-page[data-rp-page=module]").is_visible()
    assert page.locator(".rp-module-done input").count() == 0
    # The next step of the first role that meets the module, and the way back to it.
    steps = page.locator(".rp-next-step")
    assert steps.first.is_visible() and steps.first.locator("a.rp-back-to-role").is_visible()
    assert all(steps.nth(i).is_hidden() for i in range(1, steps.count()))
