"""Accessibility: axe-core WCAG 2.1 AA and best practices in both palettes, keyboard use, tap targets,
and the Nu HTML checker."""

from __future__ import annotations

import re

import pytest
from browserkit import BEST_PRACTICE_TAGS, NuJob, axe_violations, describe_violations, open_page


@pytest.fixture(scope="module", autouse=True)
def nu_job(portal):
    """Starts the Nu HTML checker on every page rolepath generates, before the axe tests."""
    site = portal.site
    files = [site / "index.html", site / "roles" / "index.html"]
    files += sorted(site.glob("roles/*/index.html")) + sorted(site.glob("roles/*/manager/index.html"))
    files += sorted(site.glob("paths/*/index.html")) + sorted(site.glob("leaders/*/index.html"))
    files += sorted(site.glob("modules/*/index.html")) + sorted(site.glob("adoption/**/index.html"))
    files += [site / name / "index.html" for name in ("diagnostic", "about", "coverage")]
    job = NuJob([f for f in dict.fromkeys(files) if f.is_file()])
    yield job
    job.cancel()


PAGES = [
    "home", "catalog", "role", "manager", "module", "exercise", "path", "leader", "diagnostic", "about", "coverage",
    "adoption", "team",
]  # fmt: skip


def visit(page, portal, name: str) -> None:
    """Open a page in the state a reader would see it in, with rolepath's controls in use."""
    if name == "home":
        # With a remembered role, so the "my role" box and the header link are checked too.
        open_page(page, portal.role_url)
        page.get_by_role("button", name="Make this my role").click()
        open_page(page, "")
        page.get_by_label("Filter roles").fill("support")
    elif name == "catalog":
        open_page(page, "roles/")
    elif name == "role":
        open_page(page, portal.role_url)
        page.locator(".rp-module-card input.rp-tick").first.check()
        page.locator(".rp-behaviour input.rp-tick").first.check()
        page.get_by_role("button", name="Make this my role").click()
    elif name == "manager":
        # With the observation log in use: a person added and a behaviour ticked.
        open_page(page, portal.manager_url)
        page.locator("input.rp-log-person").fill("A. B.")
        page.get_by_role("button", name="Add person").click()
        page.locator(".rp-log-person-row input[type=checkbox]").first.check()
    elif name == "module":
        # With a knowledge check answered, so its feedback shows.
        open_page(page, portal.module_url)
        page.get_by_role("checkbox", name="Mark as done").check()
        page.locator(".rp-question .rp-choice label").first.click()
    elif name == "exercise":
        # Materials with their previews open, and the facilitators' answer key.
        open_page(page, "modules/triage-sandbox/")
        for summary in page.locator(".rp-preview summary").all():
            summary.click()
        assert page.locator("section.rp-answer-key").count() == 1
    elif name == "adoption":
        open_page(page, "adoption/")
    elif name == "team":
        open_page(page, "adoption/support-leeds/")
    elif name == "path":
        open_page(page, "paths/" + page_path(portal) + "/")
    elif name == "leader":
        open_page(page, f"leaders/{portal.leaders[0]}/")
    elif name == "diagnostic":
        open_page(page, "diagnostic/")
        page.locator(".rp-rating").first.get_by_role("radio", name="2", exact=True).check()
    elif name == "about":
        assert (portal.site / "about" / "index.html").is_file(), "the sample portal has an about page"
        open_page(page, "about/")
    elif name == "coverage":
        assert (portal.site / "coverage" / "index.html").is_file(), "the portal has a coverage page"
        open_page(page, "coverage/")


def page_path(portal) -> str:
    return sorted(p.parent.name for p in portal.site.glob("paths/*/index.html"))[0]


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations_at_wcag21_aa_or_best_practice_in_light_and_dark(page, portal, name):
    visit(page, portal, name)
    found = []
    for scheme, palette in (("light", "default"), ("dark", "slate")):
        if scheme == "dark":
            # As a reader does it: Material's palette toggle in the header, no reload.
            page.locator("label.md-header__button[title='Switch to dark mode']").click()
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{palette}'")
        violations = axe_violations(page, tags=BEST_PRACTICE_TAGS)
        if violations:
            found.append(f"{name} ({scheme} palette):\n{describe_violations(violations)}")
    assert not found, "\n".join(found)


def test_dark_palette_follows_the_system_setting(new_page, portal):
    page = new_page(color_scheme="dark")
    open_page(page, portal.role_url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def tab_until(page, predicate_js: str, limit: int = 600) -> bool:
    """Press Tab until the focused element matches; False if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return Boolean({predicate_js}); }})()"):
            return True
    return False


def test_role_page_controls_work_from_the_keyboard(page, portal):
    open_page(page, portal.role_url)
    assert tab_until(page, "el.matches('.rp-make-role')"), "'Make this my role' is not reachable with Tab"
    page.keyboard.press("Enter")
    assert page.evaluate("JSON.parse(localStorage.getItem('rolepath:v1')).myRole") == portal.role
    # Focus moves to the control that replaced the button, so Tab order is not lost.
    assert page.evaluate("document.activeElement.matches('.rp-forget-role')")

    assert tab_until(page, "el.matches('.rp-behaviour > input.rp-tick')"), "behaviour boxes are not reachable"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")

    assert tab_until(page, "el.matches('.rp-module-card input.rp-tick')"), "progress boxes are not reachable"
    page.keyboard.press("Space")
    key = page.evaluate("document.activeElement.closest('.rp-item').dataset.rpKey")
    assert key in page.evaluate("JSON.parse(localStorage.getItem('rolepath:v1')).done")

    assert tab_until(page, "el.matches('.rp-export')"), "Export is not reachable"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('input.rp-import-file')"), "Import is not reachable"
    outline = page.evaluate("getComputedStyle(document.activeElement.nextElementSibling).outlineStyle")
    assert outline != "none", "the import button shows no focus"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.rp-reset')"), "Reset is not reachable"


def test_home_my_role_box_works_from_the_keyboard(page, portal):
    open_page(page, portal.role_url)
    page.get_by_role("button", name="Make this my role").click()
    open_page(page, "")
    assert tab_until(page, "el.matches('.rp-header-mypath')"), "the header's My path link is not reachable"
    assert tab_until(page, "el.matches('.rp-change-role')")
    page.keyboard.press("Enter")
    assert page.evaluate("JSON.parse(localStorage.getItem('rolepath:v1')).myRole") is None
    assert page.evaluate("document.activeElement.closest('.rp-role-card') !== null"), "focus is lost after Change role"


# ---- Nu HTML checker ----------------------------------------------------------------

# Errors in markup that Material for MkDocs writes, not rolepath. Each is matched on
# message AND on the offending source, so the same mistake in rolepath's own
# templates would still fail.
THEME_ERRORS = [
    # base.html: Material's drawer/search toggles are <input type="checkbox"
    # autocomplete="off"> (stops browsers restoring their open state); the HTML
    # spec only allows autocomplete on text-like inputs.
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"'),
    # partials/toc.html always writes <label class="md-nav__title" for="__toc">, but
    # partials/nav-item.html only writes the matching <input id="__toc"> for a page
    # that is in the navigation; generated pages (roles, paths, one-pagers...) are
    # not listed in the nav, so the label dangles.
    (
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        r'for="__toc"',
    ),
]


def theme_only(message: dict) -> bool:
    return any(
        re.search(text, message.get("message", "")) and re.search(source, message.get("extract", ""))
        for text, source in THEME_ERRORS
    )


def test_nu_html_checker_finds_no_errors_in_rolepath_markup(nu_job):
    assert len(nu_job.files) > 20
    errors = [m for m in nu_job.errors() if not theme_only(m)]
    report = "\n".join(
        f"{m.get('url', '').split('/site', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}\n"
        f"    {m.get('extract', '').strip()[:160]}"
        for m in errors[:30]
    )
    assert not errors, f"{len(errors)} Nu HTML checker errors:\n{report}"
