"""Remembered role, progress ticks, where to start and export/import on the real sample portal."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from browserkit import open_page, stored

TICK = "input.rp-tick"


def level_counts(page):
    """{(path, level): (ticked, total)} from the DOM, counting each item key once per level."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.rp-level')].map(s => {
            const keys = new Map();
            s.querySelectorAll('.rp-item[data-rp-key]').forEach(i =>
                keys.set(i.dataset.rpKey, i.querySelector('input.rp-tick').checked));
            return [s.dataset.rpPath + ':' + s.dataset.rpLevel, [[...keys.values()].filter(Boolean).length, keys.size]];
        }))"""
    )


def open_levels(page):
    """Open every level of a role page (all but the reader's current one start collapsed)."""
    page.evaluate("document.querySelectorAll('details.rp-level-details').forEach(d => { d.open = true; })")


def expected_progress(page, key, done_modules=0, done_behaviours=0):
    section = page.locator(f".rp-level[data-rp-path='{key.split(':')[0]}'][data-rp-level='{key.split(':')[1]}']")
    modules = len(
        set(section.locator(".rp-module-card[data-rp-key]").evaluate_all("xs => xs.map(x => x.dataset.rpKey)"))
    )
    behaviours = section.locator(".rp-behaviour[data-rp-key]").count()
    plural = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")  # noqa: E731
    return (
        f"Done: {done_modules} of {plural(modules, 'module')}, {done_behaviours} of {plural(behaviours, 'behaviour')}."
    )


def progress_texts(page):
    return {
        line.get_attribute("data-rp-progress"): line.locator(".rp-progress-text").inner_text()
        for line in page.locator(".rp-progress[data-rp-progress]").all()
    }


def test_every_item_gets_a_labelled_checkbox_and_every_level_a_count(page, portal):
    open_page(page, portal.role_url)
    items = page.locator(".rp-item[data-rp-key]")
    assert items.count() > 0
    assert page.locator(f".rp-item {TICK}").count() == items.count()
    labels = page.locator(f".rp-module-card {TICK}").evaluate_all(
        "boxes => boxes.map(b => b.getAttribute('aria-label'))"
    )
    assert labels and all(label and label.startswith("Done: ") and len(label) > 8 for label in labels)
    # A behaviour's box is labelled by its own text: "I already do this: ...".
    behaviour = page.locator(".rp-behaviour").first
    text = behaviour.locator("label").evaluate(
        "l => [...l.childNodes].filter(n => !(n.classList && n.classList.contains('rp-sr')))"
        ".map(n => n.textContent).join('').replace(/\\s+/g, ' ').trim()"
    )
    assert page.get_by_role("checkbox", name=f"I already do this: {text}", exact=True).count() == 1
    counts = level_counts(page)
    texts = progress_texts(page)
    assert set(texts) == set(counts)
    for key in counts:
        assert texts[key] == expected_progress(page, key)


def test_ticks_use_stable_keys_survive_reload_and_update_counts(page, portal):
    open_page(page, portal.role_url)
    first_level = page.locator(".rp-level").first
    key = first_level.get_attribute("data-rp-path") + ":" + first_level.get_attribute("data-rp-level")
    behaviour = first_level.locator(".rp-item[data-rp-key^='behaviour:']").first
    module = first_level.locator(".rp-item[data-rp-key^='module:']").first
    behaviour.locator(TICK).check()
    module.locator(TICK).check()

    state = stored(page)
    done = state["done"]
    assert set(done) == {behaviour.get_attribute("data-rp-key"), module.get_attribute("data-rp-key")}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", when) for when in done.values())
    # The sample's behaviours have ids (contract v2), so their key is the id, not the wording.
    assert re.fullmatch(r"behaviour:[a-z0-9-]+/[a-z0-9-]+", behaviour.get_attribute("data-rp-key"))
    assert progress_texts(page)[key] == expected_progress(page, key, 1, 1)

    page.reload()
    page.wait_for_selector(TICK)
    assert behaviour.locator(TICK).is_checked() and module.locator(TICK).is_checked()
    module.locator(TICK).uncheck()
    assert set(stored(page)["done"]) == {behaviour.get_attribute("data-rp-key")}


def test_ticks_stored_under_the_wording_move_to_the_behaviours_id(page, portal):
    """Progress made before a behaviour had an id (keyed by a hash of its wording) is kept."""
    open_page(page, portal.role_url)
    item = page.locator(".rp-item[data-rp-wording-key]").first
    new_key, old_key = item.get_attribute("data-rp-key"), item.get_attribute("data-rp-wording-key")
    assert re.fullmatch(r"behaviour:[a-z0-9-]+:(baseline|proficient|advanced):[0-9a-f]{8}", old_key)
    before = {"myRole": None, "done": {old_key: "2026-10-01"}, "assessment": {"support-agent": {old_key: True}}}
    page.evaluate("state => localStorage.setItem('rolepath:v1', JSON.stringify(state))", before)
    page.reload()
    page.wait_for_selector(TICK)
    state = stored(page)
    assert state["done"] == {new_key: "2026-10-01"}
    assert "assessment" not in state, "an old self-assessment answer is a tick now"
    assert item.locator(TICK).is_checked()


def test_a_module_in_two_levels_is_ticked_everywhere_at_once(page, portal):
    open_page(page, portal.role_url)
    keys = page.locator(".rp-item[data-rp-key^='module:']").evaluate_all("xs => xs.map(x => x.dataset.rpKey)")
    shared = [k for k in dict.fromkeys(keys) if keys.count(k) > 1]
    if not shared:
        # Fall back to any role whose paths share a module (teach-a-colleague sits in several).
        for role in portal.roles:
            open_page(page, f"roles/{role}/")
            keys = page.locator(".rp-item[data-rp-key^='module:']").evaluate_all("xs => xs.map(x => x.dataset.rpKey)")
            shared = [k for k in dict.fromkeys(keys) if keys.count(k) > 1]
            if shared:
                break
    assert shared, "no role in the sample portal shares a module between levels"
    open_levels(page)
    copies = page.locator(f".rp-item[data-rp-key='{shared[0]}'] {TICK}")
    copies.first.check()
    assert all(copies.nth(i).is_checked() for i in range(copies.count()))


def test_module_page_mark_as_done_matches_the_role_page(page, portal):
    open_page(page, portal.role_url)
    module_item = page.locator(".rp-item[data-rp-key^='module:']").first
    key = module_item.get_attribute("data-rp-key")
    href = module_item.locator("a").first.evaluate("a => a.href")  # resolved URL
    module_item.locator(TICK).check()

    open_page(page, href)
    done_box = page.get_by_role("checkbox", name="Mark as done", exact=True)
    end_box = page.get_by_role("checkbox", name="Mark this module as done")
    assert page.locator(f".rp-module-done[data-rp-key='{key}']").count() == 2, "at the top and at the end"
    assert done_box.is_checked() and end_box.is_checked()
    assert "Done on" in page.locator(".rp-module-done").first.inner_text()
    end_box.uncheck()
    assert not done_box.is_checked(), "one state: unticking at the end unticks the top"
    assert key not in stored(page)["done"]

    page.go_back()
    page.wait_for_selector(TICK)
    assert not page.locator(f".rp-item[data-rp-key='{key}'] {TICK}").first.is_checked()


def test_remembered_role_header_link_home_box_change_and_forget(page, portal, server):
    open_page(page, portal.role_url)
    assert page.locator(".rp-header-mypath").count() == 0
    page.get_by_role("button", name="Make this my role").click()
    assert stored(page)["myRole"] == portal.role
    link = page.locator(".md-header .rp-header-mypath")
    assert link.inner_text() == "My path"
    assert link.get_attribute("href") == f"{server}roles/{portal.role}/"
    assert link.get_attribute("aria-current") == "page"
    assert page.get_by_role("button", name="Forget my role").is_visible()
    assert not page.get_by_role("button", name="Make this my role").is_visible()

    open_page(page, "")
    box = page.locator(".rp-my-role")
    assert box.is_visible()
    title = page.locator(f".rp-role-card[data-rp-role='{portal.role}'] a").first.inner_text()
    assert title in box.inner_text()
    assert box.get_by_role("link", name="Go to my path").get_attribute("href") == f"{server}roles/{portal.role}/"
    assert page.locator(f".rp-role-card[data-rp-role='{portal.role}'] .rp-mine-badge").count() == 1
    assert page.locator(".md-header .rp-header-mypath").get_attribute("aria-current") is None

    # Change role: one click forgets it and puts focus on the role list.
    box.get_by_role("button", name="Change role").click()
    assert stored(page)["myRole"] is None
    assert box.is_hidden()
    assert page.locator(".rp-header-mypath").count() == 0
    assert page.evaluate("document.activeElement.closest('.rp-role-card') !== null")

    # Forget from the role page: one click too.
    open_page(page, portal.role_url)
    page.get_by_role("button", name="Make this my role").click()
    page.get_by_role("button", name="Forget my role").click()
    assert stored(page)["myRole"] is None
    assert page.locator(".rp-header-mypath").count() == 0


def test_instant_navigation_enhances_each_new_page(page, portal):
    open_page(page, "")
    page.evaluate("window.__rpSamePage = true")  # survives only if the page is never reloaded
    page.locator(f".rp-role-card[data-rp-role='{portal.role}'] a").first.click()
    page.wait_for_url(f"**/roles/{portal.role}/")
    page.wait_for_selector(f".rp-item {TICK}")
    page.get_by_role("button", name="Make this my role").click()
    assert page.evaluate("window.__rpSamePage === true"), "navigation.instant did not handle the click"

    page.locator(".rp-item[data-rp-key^='module:'] a").first.click()
    page.wait_for_url("**/modules/*/")
    page.wait_for_selector(".rp-module-done input[type=checkbox]")
    assert page.evaluate("window.__rpSamePage === true")
    # The header link is kept up to date, never duplicated, across swaps.
    assert page.locator(".rp-header-mypath").count() == 1


def test_ticked_behaviours_suggest_the_first_level_under_two_thirds(page, portal):
    open_page(page, portal.role_url)
    result = page.locator(".rp-assessment-result")
    assert result.inner_text().startswith("Suggested starting level: baseline")
    assert page.locator(".rp-assess-item, .rp-assessment").count() == 0, "one list of behaviours"
    open_levels(page)

    def tick(level, count):
        boxes = page.locator(f".rp-level[data-rp-level='{level}'] .rp-behaviour input[type=checkbox]")
        for i in range(count):
            boxes.nth(i).check()

    baseline = page.locator(".rp-level[data-rp-level='baseline'] .rp-behaviour").count()
    proficient = page.locator(".rp-level[data-rp-level='proficient'] .rp-behaviour").count()
    tick("baseline", math.ceil(baseline * 2 / 3) - 1)
    assert result.inner_text().startswith("Suggested starting level: baseline")
    tick("baseline", baseline)
    assert result.inner_text().startswith("Suggested starting level: proficient")
    suggested = page.locator(".rp-level.rp-level--suggested")
    assert suggested.count() == 1, "one current level: where the reader's next module is"
    assert suggested.get_attribute("data-rp-level") == "proficient"
    tick("proficient", math.ceil(proficient * 2 / 3))
    assert result.inner_text().startswith("Suggested starting level: advanced")
    assert len(stored(page)["done"]) == baseline + math.ceil(proficient * 2 / 3)
    # Arriving again (without the #level navigation.tracking may have put in the URL while ticking):
    open_page(page, portal.role_url)
    assert page.locator(".rp-assessment-result").inner_text().startswith("Suggested starting level: advanced")
    # On arrival only the current level is open.
    opened = page.locator(".rp-level:has(details[open])")
    assert opened.count() == 1 and opened.get_attribute("data-rp-level") == "advanced"


def test_export_reset_and_import_round_trip(page, portal, tmp_path):
    open_page(page, portal.role_url)
    boxes = page.locator(f".rp-item {TICK}")
    boxes.nth(0).check()
    boxes.nth(1).check()
    before = stored(page)["done"]
    assert len(before) == 2

    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    download = info.value
    assert download.suggested_filename == "rolepath-progress.json"
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert exported["done"] == before

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    assert stored(page)["done"] == {}
    assert not boxes.nth(0).is_checked()

    page.locator("input.rp-import-file").set_input_files(download.path())
    page.wait_for_function("Object.keys(JSON.parse(localStorage.getItem('rolepath:v1')).done).length === 2")

    assert stored(page)["done"] == before
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    assert "2 new ticks" in page.locator(".rp-tools-status").inner_text()


def test_reset_can_be_cancelled_and_bad_imports_change_nothing(page, portal, tmp_path):
    open_page(page, portal.role_url)
    page.locator(f".rp-item {TICK}").first.check()
    before = stored(page)

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset progress").click()
    assert stored(page) == before

    bad = tmp_path / "notes.json"
    bad.write_text("this is not json", encoding="utf-8")
    page.locator("input.rp-import-file").set_input_files(bad)
    status = page.locator(".rp-tools-status")
    status.filter(has_text="not a rolepath progress export").wait_for()
    hostile = tmp_path / "hostile.json"
    hostile.write_text(
        json.dumps({"done": {"<img src=x>": "2026-01-01", "module:ok-id": 5}, "myRole": "../../evil"}), encoding="utf-8"
    )
    page.locator("input.rp-import-file").set_input_files(hostile)
    status.filter(has_text="0 new ticks").wait_for()
    assert stored(page) == before
