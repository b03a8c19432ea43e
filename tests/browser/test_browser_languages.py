"""The portal in several languages, in Chromium: progress made in one edition shows in the others
(same origin, keys are ids), the switcher keeps the page, the scripts speak the page's language,
and axe finds nothing in any language, with <html lang> right on every page.

The sample portal has an English and a German edition (/de/); French and Spanish are checked on a
fixture portal built for each language alone and served beside the sample.
"""

from __future__ import annotations

import pytest
from browserkit import axe_violations, describe_violations, open_page, serving, stored
from rolepath.content.i18n import Translator
from sites import REPO, build_site, make_portal, small_portal

GERMAN = Translator("de")


def test_progress_made_in_english_is_shown_in_german(page, portal) -> None:
    open_page(page, portal.role_url)
    page.get_by_role("button", name="Make this my role").click()
    first = page.locator(".rp-item input.rp-tick").first
    first.check()
    key = first.evaluate("box => box.closest('.rp-item').dataset.rpKey")
    open_page(page, portal.module_url)
    page.get_by_role("checkbox", name="Mark as done").first.check()

    page.locator("a.md-select__link[hreflang='de']").first.evaluate("link => link.click()")
    page.wait_for_url("**/de/" + portal.module_url)
    page.wait_for_function("document.documentElement.classList.contains('rp-js')")
    assert page.evaluate("document.documentElement.lang") == "de"
    done = page.get_by_role("checkbox", name=GERMAN.gettext("Mark as done")).first
    assert done.is_checked(), "the module ticked in English is not done in German"

    open_page(page, "de/" + portal.role_url)
    german_tick = page.locator(f".rp-item[data-rp-key='{key}'] input.rp-tick").first
    assert german_tick.is_checked(), "the behaviour ticked in English is not ticked in German"
    assert page.locator(".rp-header-mypath").first.inner_text() == GERMAN.gettext("My path")
    progress = page.locator(".rp-progress").first.inner_text()
    assert progress.startswith("Erledigt: ") and "Done" not in progress, progress
    assert stored(page)["myRole"] == portal.role


def test_the_switcher_goes_back_to_the_same_page_in_english(page, portal) -> None:
    open_page(page, "de/" + portal.module_url)
    page.locator("a.md-select__link[hreflang='en']").first.evaluate("link => link.click()")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url.endswith("/" + portal.module_url) and "/de/" not in page.url, page.url


GERMAN_PAGES = [
    "", "roles/", "roles/support-agent/", "paths/ai-assisted-support/", "modules/prompting-basics/",
    "modules/triage-sandbox/", "modules/drafting-with-an-assistant/", "diagnostic/", "coverage/",
]  # fmt: skip


@pytest.mark.parametrize("url", GERMAN_PAGES)
def test_no_axe_violations_in_the_german_edition(page, url: str) -> None:
    open_page(page, "de/" + url)
    assert page.evaluate("document.documentElement.lang") == "de"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.fixture(scope="module", params=["fr", "es"])
def one_language_server(request, tmp_path_factory):
    """A fixture portal built in one language alone and served on its own port: its base URL."""
    language = request.param
    root = tmp_path_factory.mktemp(f"browser-{language}")
    theme = {"name": "material", "custom_dir": str(REPO / "overrides"), "font": False, "language": language}
    make_portal(root, **small_portal(), config={"theme": theme})
    with serving(build_site(root)) as base:
        yield language, base


@pytest.mark.parametrize("url", ["", "roles/support-agent/", "modules/triage-sandbox/", "paths/support-basics/"])
def test_no_axe_violations_in_french_and_spanish(new_page, one_language_server, url: str) -> None:
    language, base = one_language_server
    page = new_page(base_url=base)
    open_page(page, url)
    assert page.evaluate("document.documentElement.lang") == language
    if url.startswith("roles/"):
        page.get_by_role("button", name=Translator(language).gettext("Make this my role")).click()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
