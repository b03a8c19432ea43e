"""On a 390 × 844 phone: tap targets of 44 px, the diagnostic's scale on one line, wide tables
that show they scroll and can be scrolled from the keyboard, and no axe violations."""

from __future__ import annotations

import time

import pytest
from browserkit import BEST_PRACTICE_TAGS, axe_violations, describe_violations, open_page

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TAP_PX = 44

SMALL_TARGETS = """() => {
  // rolepath's controls and the links of its lists; a link inside running text is exempt
  // (WCAG 2.5.5: inline targets), and so are Material's own controls.
  const targets = '.rp-page button, .rp-page .md-button, .rp-page select, .rp-page summary, '
    + '.rp-page input:not([type=hidden]):not([type=file]), .rp-page li > a, .rp-page .rp-card a, '
    + '.rp-rating input, .rp-diagnostic-tool button, .rp-diagnostic-tool .md-button';
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden]'); };
  const area = el => {
    // A box's target is the box and its label together: clicking either ticks it.
    const boxes = [el];
    if (el.matches('input')) {
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) boxes.push(label);
    }
    const rects = boxes.map(b => b.getBoundingClientRect());
    return {
      w: Math.max(...rects.map(r => r.right)) - Math.min(...rects.map(r => r.left)),
      h: Math.max(...rects.map(r => r.bottom)) - Math.min(...rects.map(r => r.top)),
    };
  };
  return Array.from(document.querySelectorAll(targets)).filter(shown).map(el => {
    const size = area(el);
    return {size, what: `${el.outerHTML.slice(0, 90)} (${size.w.toFixed(0)} × ${size.h.toFixed(0)} px)`};
  }).filter(t => t.size.h < 44 - 0.5 || t.size.w < 44 - 0.5).map(t => t.what);
}"""


def where(portal, name: str) -> str:
    return {
        "home": "",
        "role": portal.role_url,
        "manager": portal.manager_url,
        "module": portal.module_url,
        "path": "paths/ai-foundations/",
        "diagnostic": "diagnostic/",
        "coverage": "coverage/",
        "adoption": "adoption/",
        "team": "adoption/support-leeds/",
    }[name]


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE)


@pytest.mark.parametrize("name", ["home", "role", "manager", "module", "path", "diagnostic"])
def test_tap_targets_are_at_least_44_px(phone, portal, name):
    open_page(phone, where(portal, name))
    small = phone.evaluate(SMALL_TARGETS)
    assert not small, f"{name}: {len(small)} tap targets under {TAP_PX} px:\n" + "\n".join(small[:15])


def test_diagnostic_scale_stays_on_one_line(phone, portal):
    open_page(phone, "diagnostic/")
    scales = phone.locator(".rp-rating")
    assert scales.count() > 0
    lines = scales.evaluate_all(
        "all => all.map(s => new Set(Array.from(s.querySelectorAll('.rp-rating__option'))"
        ".map(o => Math.round(o.getBoundingClientRect().top))).size)"
    )
    assert set(lines) == {1}, f"the 1–5 scale wraps onto several lines at 390 px: {lines}"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"


@pytest.mark.parametrize("name", ["role", "manager", "coverage", "adoption", "team"])
def test_wide_tables_show_they_scroll_and_scroll_from_the_keyboard(phone, portal, name):
    open_page(phone, where(portal, name))
    tables = phone.evaluate(
        """() => Array.from(document.querySelectorAll('.rp-page table')).filter(t => t.offsetParent).map(t => {
          const region = t.closest('.rp-table-scroll');
          let scroller = t.parentElement;  // the table's own scrolling box (Material's, or rolepath's)
          while (scroller !== document.body && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) {
            scroller = scroller.parentElement;
          }
          return {
            wide: scroller.scrollWidth > scroller.clientWidth + 1,
            region: Boolean(region) && region.tabIndex === 0 && region.getAttribute('role') === 'region'
              && Boolean(region.getAttribute('aria-label')),
            hint: Boolean(region) && region.hasAttribute('data-rp-scrolls')
              && getComputedStyle(region, '::before').content.includes('scroll'),
            what: t.outerHTML.slice(0, 80),
          };
        })"""
    )
    wide = [t for t in tables if t["wide"]]
    if name in ("coverage", "adoption", "team"):
        assert wide, f"{name}: no table is wider than a phone; the test would check nothing"
    for table in wide:
        assert table["region"], f"{name}: a wide table is not in a focusable, named region: {table['what']}"
        assert table["hint"], f"{name}: a wide table does not say it scrolls: {table['what']}"
    if not wide:
        return  # the role's from-to table and the guide's metrics wrap to the phone's width
    region = phone.locator(".rp-table-scroll[data-rp-scrolls]").first
    region.focus()
    phone.keyboard.press("ArrowRight")
    # Keyboard scrolling may be smooth: wait for it to start, not for a fixed time.
    region.evaluate(
        "r => new Promise(done => { const t0 = Date.now(); (function look() {"
        " if (r.scrollLeft > 0 || Date.now() - t0 > 2000) done(); else requestAnimationFrame(look); })(); })"
    )
    assert region.evaluate("r => r.scrollLeft") > 0, "the arrow keys do not scroll the focused table"


@pytest.mark.parametrize("name", ["home", "role", "manager", "module", "path", "coverage", "adoption"])
def test_no_axe_violations_on_a_phone(phone, portal, name):
    open_page(phone, where(portal, name))
    violations = axe_violations(phone, tags=BEST_PRACTICE_TAGS)
    assert not violations, f"{name} at 390 px:\n{describe_violations(violations)}"


LAYOUT_SHIFT = """async () => {
  // Every layout shift since the page began loading that no input caused (what CLS counts).
  const entries = await new Promise(resolve => {
    new PerformanceObserver(list => resolve(list.getEntries())).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve([]), 1000);
  });
  return entries.filter(e => !e.hadRecentInput).map(e => ({
    value: e.value,
    moved: e.sources.map(s => s.node && s.node.nodeType === 1 ? s.node.className || s.node.tagName : String(s.node)),
  }));
}"""


def test_the_role_page_does_not_move_when_its_script_fills_it_in(phone, portal):
    """The "Start" link and the role picker's room are in the page's HTML: rolepath.js fills them
    in where they stand (Lighthouse counted a layout shift of 0.068 on a phone before). The script
    arrives late, as on a slow connection, so that the page is painted before it runs."""

    def late(route):
        time.sleep(0.8)
        route.continue_()

    phone.route("**/assets/rolepath/rolepath.js", late)
    open_page(phone, portal.role_url)
    shifts = phone.evaluate(LAYOUT_SHIFT)
    total = sum(shift["value"] for shift in shifts)
    assert total < 0.01, f"the role page moved by {total:.3f} as it loaded: {shifts}"
    assert phone.locator(".rp-continue-link").is_visible() and phone.locator(".rp-make-role").is_visible()
