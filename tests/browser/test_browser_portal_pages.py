"""The portal as a reader acts on it (issue 15), in Chromium on the sample portal: the role picker
within the first screen on a phone, its filter, Continue, one list of behaviours on a compact role
page, the module page's next step for the reader's own role, breadcrumbs and the current section."""

from __future__ import annotations

import pytest
from browserkit import open_page, stored, wait_for_rolepath

PHONE = {"width": 390, "height": 844}


def remember(page, role: str) -> None:
    page.evaluate("role => localStorage.setItem('rolepath:v1', JSON.stringify({myRole: role, done: {}}))", role)


def visible_texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "xs => xs.filter(x => x.offsetParent !== null).map(x => x.textContent.trim())"
    )


def test_first_role_card_is_on_the_first_screen_of_a_phone(new_page):
    page = new_page(viewport=PHONE)
    open_page(page, "")
    assert page.locator("article h1").inner_text() != "Home"
    # Also once a role is remembered and the Continue and "Your role" boxes sit above the cards.
    for state in ("a new reader", "a reader with a role"):
        bottom = page.locator(".rp-role-card").first.evaluate("card => card.getBoundingClientRect().bottom + scrollY")
        assert bottom <= PHONE["height"], f"for {state}, the first role card ends {bottom:.0f} px down"
        remember(page, "support-agent")
        page.reload()
        wait_for_rolepath(page)
    assert page.locator(".rp-continue").is_visible()


def test_filter_narrows_the_role_cards_and_says_when_none_match(page, portal):
    open_page(page, "")
    cards = page.locator(".rp-role-card")
    assert len(visible_texts(page, ".rp-role-card > a")) == cards.count() == len(portal.roles)
    box = page.get_by_label("Filter roles")
    box.fill("engineer")
    assert visible_texts(page, ".rp-role-card > a") == ["Software Engineer"]
    assert visible_texts(page, ".rp-family > h3") == ["Technology"], "families without a match are hidden"
    box.fill("customer operations")  # a family's name finds its roles
    assert len(visible_texts(page, ".rp-role-card > a")) == 2
    box.fill("zzz-no-such-role")
    assert page.locator(".rp-filter-empty").is_visible()
    box.fill("")
    assert len(visible_texts(page, ".rp-role-card > a")) == len(portal.roles)
    assert page.locator(".rp-filter-empty").is_hidden()


def test_continue_shows_the_next_module_after_one_is_done(page, portal):
    open_page(page, "")
    assert page.locator(".rp-continue").is_hidden(), "no Continue before a role is picked"
    open_page(page, portal.role_url)
    first, second = page.locator(".rp-level").first.locator(".rp-module-card > a").all()[:2]
    first_title, second_title = first.inner_text(), second.inner_text()
    role_continue = page.locator(".rp-continue-link")
    assert role_continue.inner_text() == f"Start: {first_title}"
    page.get_by_role("button", name="Make this my role").click()
    open_page(page, "")
    home_continue = page.locator(".rp-continue-link")
    assert home_continue.inner_text() == f"Start: {first_title}"
    home_continue.click()
    page.wait_for_url("**/modules/*/")
    page.get_by_role("checkbox", name="Mark as done", exact=True).check()
    open_page(page, "")
    assert page.locator(".rp-continue-link").inner_text() == f"Continue: {second_title}"
    assert page.locator(".rp-continue").inner_text().index("Continue") < page.locator(
        ".rp-continue"
    ).inner_text().index("level of")
    open_page(page, portal.role_url)
    assert role_continue.inner_text() == f"Continue: {second_title}"


def test_role_page_is_compact_with_levels_collapsed(page, portal):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, "roles/support-agent/")
    assert page.locator(".rp-level:has(details[open])").count() == 1, "only the current level is open"
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = false; })")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3500, f"the support-agent role page is {height} px tall with its levels collapsed"


@pytest.mark.parametrize("role", ["support-agent", "software-engineer", "people-manager"])
def test_no_behaviour_text_appears_twice_on_a_role_page(page, role):
    open_page(page, f"roles/{role}/")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    behaviours = page.locator(".rp-behaviour label").evaluate_all(
        "ls => ls.map(l => [...l.childNodes].filter(n => !(n.classList && n.classList.contains('rp-sr')))"
        ".map(n => n.textContent).join('').replace(/\\s+/g, ' ').trim())"
    )
    assert behaviours
    text = page.locator("article").evaluate("a => a.innerText.replace(/\\s+/g, ' ')")
    twice = [b for b in behaviours if text.count(b) != 1]
    assert not twice, f"said more than once on /roles/{role}/: {twice}"


def test_i_already_do_this_is_the_levels_tick(page, portal):
    open_page(page, portal.role_url)
    behaviour = page.locator(".rp-level").first.locator(".rp-behaviour").first
    key = behaviour.get_attribute("data-rp-key")
    assert page.locator(f"[data-rp-key='{key}'] input").count() == 1, "one box per behaviour"
    text = behaviour.locator("label").evaluate("l => l.lastChild.textContent.replace(/\\s+/g, ' ').trim()")
    box = page.get_by_role("checkbox", name=f"I already do this: {text}", exact=True)
    box.check()
    assert key in stored(page)["done"], "the answer is the level's tick"
    progress = page.locator(".rp-level").first.locator(".rp-progress-text").inner_text()
    assert ", 1 of " in progress and "behaviours" in progress and "modules" in progress
    # An answer kept by the old separate self-assessment becomes the tick.
    page.evaluate(
        "k => localStorage.setItem('rolepath:v1',"
        " JSON.stringify({done: {}, assessment: {'support-agent': {[k]: true}}}))",
        key,
    )
    page.reload()
    wait_for_rolepath(page)
    assert box.is_checked() and key in stored(page)["done"] and "assessment" not in stored(page)


def test_next_in_your_path_follows_the_readers_role(page):
    open_page(page, "modules/prompting-basics/")
    steps = page.locator(".rp-next-step")
    roles = steps.evaluate_all("xs => xs.map(x => x.dataset.rpRole)")
    assert len(roles) > 1 and "software-engineer" in roles and "support-agent" in roles
    for role in ("software-engineer", "support-agent"):
        remember(page, role)
        page.reload()
        wait_for_rolepath(page)
        shown = page.locator(".rp-next-step:visible")
        assert shown.count() == 1 and shown.get_attribute("data-rp-role") == role
        back = shown.locator("a.rp-back-to-role")
        assert f"/roles/{role}/#" in back.get_attribute("href")
        crumb = page.locator(".rp-breadcrumb .rp-breadcrumb-parent")
        assert crumb.inner_text() == shown.get_attribute("data-rp-path-title")
    # The step is the role's own next module: the one after this on the role page.
    open_page(page, "roles/support-agent/")
    order = page.locator(".rp-plans [data-rp-plan='support-agent'] [data-rp-module]").evaluate_all(
        "xs => xs.map(x => x.dataset.rpModule)"
    )
    following = order[order.index("module:prompting-basics") + 1].split(":", 1)[1]
    open_page(page, "modules/prompting-basics/")
    assert page.locator(".rp-next-step:visible a.rp-next-link").get_attribute("href").endswith(f"/modules/{following}/")


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("roles/support-agent/", ["Home", "Roles", "Customer Support Agent"]),
        ("roles/support-agent/manager/", ["Home", "Roles", "Customer Support Agent", "Manager guide"]),
        ("modules/prompting-basics/", ["Home", "Working with AI assistants", "Prompting basics"]),
    ],
)
def test_breadcrumbs_and_the_current_section_in_the_navigation(page, url, trail):
    open_page(page, url)
    crumb = page.get_by_role("navigation", name="Breadcrumb")
    assert crumb.is_visible()
    assert [t.strip() for t in crumb.locator("li").all_inner_texts()] == trail
    active = page.locator("nav.md-nav--primary li.md-nav__item--active > a.md-nav__link")
    assert active.count() == 1 and active.inner_text().strip() == "Roles"
    other = page.locator("nav.md-nav--primary li.md-nav__item:not(.md-nav__item--active) > a.md-nav__link").first
    assert active.evaluate("a => getComputedStyle(a).color") != other.evaluate("a => getComputedStyle(a).color")


def test_from_to_table_is_body_size_with_a_border_on_every_row_and_even_buttons(page, portal):
    open_page(page, portal.role_url)
    body_size = page.locator(".rp-lede").evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    cell_size = page.locator(".rp-from-to td").first.evaluate("td => parseFloat(getComputedStyle(td).fontSize)")
    assert cell_size >= body_size, "the from-to table is in body-size type"
    borders = page.locator(".rp-from-to tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => getComputedStyle(c).borderTopWidth))"
    )
    assert all(len(set(row)) == 1 and row[0] != "0px" for row in borders), borders
    heights = page.locator(".rp-your-progress .md-button").evaluate_all(
        "bs => bs.map(b => b.getBoundingClientRect().height)"
    )
    assert len(heights) == 3 and max(heights) - min(heights) < 1, heights
