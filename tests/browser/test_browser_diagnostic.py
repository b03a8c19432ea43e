"""The interactive five-foundations diagnostic on /diagnostic/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browserkit import open_page, stored


@pytest.fixture
def diagnostic(page, portal):
    assert portal.has_diagnostic, "the sample portal has no /diagnostic/ page"
    open_page(page, "diagnostic/")
    page.wait_for_selector(".rp-diagnostic-tool .rp-diagnostic-ranking")
    return page


def rate(page, question_index: int, value: int):
    page.locator(".rp-rating").nth(question_index).get_by_role("radio", name=str(value), exact=True).check()


def test_every_question_gets_a_labelled_1_to_5_rating(diagnostic):
    page = diagnostic
    groups = page.locator(".rp-rating")
    questions = page.locator("article li:has(> .rp-rating)")
    assert groups.count() >= 5 * 2, "expected at least two questions for each of five foundations"
    assert questions.count() == groups.count()
    for i in (0, groups.count() - 1):
        group = groups.nth(i)
        assert group.evaluate("g => g.tagName") == "FIELDSET"
        legend = group.locator("legend").inner_text()
        assert "1" in legend and "5" in legend
        radios = group.get_by_role("radio")
        assert radios.count() == 5
        assert [group.get_by_role("radio", name=str(n), exact=True).count() for n in range(1, 6)] == [1] * 5
        # One radio group per question: checking one unchecks the others.
        radios.nth(1).check()
        radios.nth(3).check()
        assert not radios.nth(1).is_checked()
    assert page.locator(".rp-diagnostic-foundation").count() == 5


def test_scores_rank_the_weakest_foundation_first_with_its_first_fixes(diagnostic):
    page = diagnostic
    # Give every question a 4, then the third foundation's questions a 1 and a 2.
    per_foundation = page.evaluate(
        """() => [...document.querySelectorAll('article h2')]
            .map(h => {
                const qs = [];
                for (let n = h.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling)
                    n.querySelectorAll('.rp-rating').forEach(() => qs.push(1));
                return [h.textContent.replace('¶', '').trim(), qs.length];
            }).filter(([, n]) => n > 0)"""
    )
    assert len(per_foundation) == 5
    offsets, total = [], 0
    for _, count in per_foundation:
        offsets.append(total)
        total += count
    for i in range(total):
        rate(page, i, 4)
    weak_name, weak_count = per_foundation[2]
    rate(page, offsets[2], 1)
    rate(page, offsets[2] + 1, 2)
    expected = (1 + 2 + 4 * (weak_count - 2)) / weak_count

    ranking = page.locator(".rp-diagnostic-foundation")
    first = ranking.first
    assert first.locator("strong").inner_text() == weak_name
    assert f"{expected:.1f} of 5" in first.inner_text()
    assert first.locator(".rp-diagnostic-fixes li, .rp-diagnostic-fixes p").count() >= 2, "first fixes are listed"
    assert "4.0 of 5" in ranking.nth(1).inner_text()
    status = page.locator(".rp-diagnostic-status").inner_text()
    assert f"rated {total} of {total}" in status and weak_name in status

    # Ratings are kept on this device only, and survive a reload.
    assert len(stored(page)["diagnostic"]) == total
    page.reload()
    page.wait_for_selector(".rp-diagnostic-foundation")
    assert page.locator(".rp-diagnostic-foundation strong").first.inner_text() == weak_name
    assert page.locator(".rp-rating").nth(offsets[2]).get_by_role("radio", name="1", exact=True).is_checked()


def test_export_print_and_clear(diagnostic):
    page = diagnostic
    rate(page, 0, 2)
    rate(page, 1, 3)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export result").click()
    assert info.value.suggested_filename == "rolepath-diagnostic.json"
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["format"] == "rolepath-diagnostic"
    assert len(data["foundations"]) == 5
    rated = data["foundations"][0]
    assert rated["score"] == 2.5
    assert [q["rating"] for q in rated["questions"][:2]] == [2, 3]
    assert rated["first_fixes"], "the export carries the first fixes"
    assert all(f["score"] is None for f in data["foundations"][1:])

    # (ends in a value, not a function: Playwright would call a function result)
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }; 0")
    page.get_by_role("button", name="Print result").click()
    assert page.evaluate("window.__printed") == 1
    # On paper: the result and the ratings, without the buttons.
    page.emulate_media(media="print")
    assert page.locator(".rp-diagnostic-ranking").is_visible()
    assert not page.get_by_role("button", name="Export result").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Clear ratings").click()
    assert stored(page)["diagnostic"] == {}
    assert page.locator(".rp-rating input:checked").count() == 0


def test_keyboard_rating_with_arrow_keys(diagnostic):
    page = diagnostic
    first = page.locator(".rp-rating").first
    first.get_by_role("radio", name="1", exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert first.get_by_role("radio", name="3", exact=True).is_checked()
    assert 3 in stored(page)["diagnostic"].values()


def test_instant_navigation_brings_the_diagnostic_and_takes_it_away(page, portal):
    """diagnostic.js is loaded by its page alone: arriving by instant navigation runs it, and the
    page one goes on to has no diagnostic."""
    assert portal.has_diagnostic
    open_page(page, "")
    assert page.evaluate("window.rolepathTools === undefined"), "the home page loaded the diagnostic's script"
    page.evaluate("window.__rpSamePage = true")  # survives only if the page is never reloaded
    # From the navigation, which needs no scrolling: a scroll lets navigation.tracking rewrite the
    # URL to the heading in view, racing the instant navigation the click starts.
    page.locator("nav.md-nav--primary a[href$='diagnostic/']").first.click()
    page.wait_for_url("**/diagnostic/")
    page.wait_for_selector(".rp-diagnostic-tool .rp-diagnostic-ranking")
    assert page.evaluate("window.__rpSamePage === true"), "navigation.instant did not handle the click"
    rate(page, 0, 2)
    assert "rated 1 of" in page.locator(".rp-diagnostic-status").inner_text()

    page.locator(".md-header__title, .md-logo").first.click()  # back home, by instant navigation
    page.wait_for_selector(".rp-role-card")
    assert page.evaluate("window.__rpSamePage === true")
    assert page.locator(".rp-diagnostic-tool, .rp-rating").count() == 0
