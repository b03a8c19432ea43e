"""Printing: one-page leader sheets, checklist manager guides, role pages that print their path."""

from __future__ import annotations

import pytest
from browserkit import open_page, pdf_headings, pdf_page_count

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-top"]


def assert_no_chrome(page):
    for selector in CHROME:
        for i in range(page.locator(selector).count()):
            assert not page.locator(selector).nth(i).is_visible(), f"{selector} is printed"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_leader_one_pager_prints_on_one_page(page, portal, paper):
    assert portal.leaders, "the sample portal has no leader one-pagers"
    for leader in portal.leaders:
        open_page(page, f"leaders/{leader}/")
        assert page.locator(".rp-page[data-rp-page=leader] .rp-phrases table").count() == 1
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf_page_count(pdf) == 1, f"leaders/{leader}/ prints on {pdf_page_count(pdf)} {paper} pages"


def test_pdf_page_counter_counts_pages(page, portal):
    # The counter itself: a role page is long, so it must come out at several pages.
    open_page(page, portal.role_url)
    assert pdf_page_count(page.pdf(format="A4")) > 1


def test_manager_guide_prints_as_a_clean_checklist(page, portal):
    open_page(page, portal.manager_url)
    page.emulate_media(media="print")
    assert_no_chrome(page)
    checks = page.locator(".rp-check")
    assert checks.count() > 0
    box = checks.first.locator(".rp-box")
    assert box.is_visible()
    style = box.evaluate(
        "b => { const s = getComputedStyle(b);"
        " return [s.borderTopStyle, parseFloat(s.borderTopWidth), b.getBoundingClientRect().width, s.borderTopColor]; }"
    )
    assert style[0] == "solid" and style[1] > 0 and style[2] > 5, f"the printed box is not a box: {style}"
    assert style[3] == "rgb(0, 0, 0)", "boxes print black whatever the screen palette"
    assert page.locator(".md-content__button").first.is_hidden(), "the edit button is printed"
    assert pdf_page_count(page.pdf(format="A4")) >= 1


def test_role_page_prints_its_path_without_controls(page, portal):
    open_page(page, portal.role_url)
    page.locator(".rp-item input.rp-tick").first.check()
    page.emulate_media(media="print")
    assert_no_chrome(page)
    for selector in (".rp-path", ".rp-level", ".rp-item", ".rp-item a", ".rp-item input.rp-tick", ".rp-progress"):
        assert page.locator(selector).first.is_visible(), f"{selector} is not printed"
    assert page.locator(".rp-item input.rp-tick").first.is_checked()
    for selector in (".rp-role-picker", ".rp-progress-tools", ".rp-assessment"):
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"


MARGIN_PT = 14 / 25.4 * 72  # rolepath.css's @page margin
ROOM_BELOW_HEADING_PT = 72
"""A heading needs about four lines of what it introduces below it on its own page."""


def test_every_manager_guide_prints_on_three_a4_pages_without_a_stranded_heading(page, portal):
    for role in portal.roles:
        open_page(page, f"roles/{role}/manager/")
        pdf = page.pdf(format="A4", outline=True, tagged=True)  # the outline needs the tags
        pages = pdf_page_count(pdf)
        assert pages <= 3, f"the {role} manager guide prints on {pages} A4 pages"
        headings = pdf_headings(pdf)
        assert len(headings) > 5, f"the {role} guide's PDF has no outline of its headings"
        for heading in headings:
            room = heading.top - MARGIN_PT
            assert room > ROOM_BELOW_HEADING_PT, (
                f"{role}: '{heading.title}' is left at the foot of page {heading.page} ({room:.0f} pt above the margin)"
            )


def test_printed_manager_guide_has_a_blank_observation_sheet_and_no_screen_log(page, portal):
    open_page(page, portal.manager_url)
    sheet = page.locator("table.rp-sheet")
    assert sheet.is_hidden(), "the blank sheet is for paper; the screen has the observation log"
    page.emulate_media(media="print")
    assert sheet.is_visible()
    columns = [c.strip() for c in sheet.locator("thead th").all_inner_texts()]
    assert columns[:3] == ["Name", "Date", "Behaviour seen"] and columns[3].startswith("Notes")
    rows = sheet.locator("tbody tr")
    assert rows.count() >= 4 and rows.first.locator("td").count() == 4
    assert all(not text.strip() for text in rows.all_inner_texts()), "the sheet's rows are blank"
    log = page.locator(".rp-log")
    assert log.count() == 1 and log.is_hidden(), "the interactive log is printed"
