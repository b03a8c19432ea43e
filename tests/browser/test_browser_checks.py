"""Knowledge checks in the browser, on the sample portal: feedback for the answer picked, the
result kept in the reader's progress, and a module that counts as done once every answer is right."""

from __future__ import annotations

from browserkit import axe_violations, describe_violations, open_page, stored

MODULE = "prompting-basics"


def _questions(page):
    return page.locator(f'section.rp-questions[data-rp-questions="{MODULE}"] form.rp-question')


def _visible_feedback(form) -> list[str]:
    return [text.strip() for text in form.locator(".rp-why:visible").all_inner_texts()]


def test_a_wrong_then_a_right_answer_shows_each_why_and_is_kept_after_a_reload(page, server) -> None:
    open_page(page, f"modules/{MODULE}/")
    forms = _questions(page)
    assert forms.count() >= 2, "the sample module has at least two checks"
    first = forms.nth(0)
    assert _visible_feedback(first) == [], "with JavaScript, feedback waits for an answer"

    wrong = first.locator('.rp-choice[data-rp-correct="false"]').first
    wrong.locator("label").click()
    why_wrong = wrong.locator(".rp-why").inner_text().strip()
    assert why_wrong.startswith("Not this one:")
    assert _visible_feedback(first) == [why_wrong]
    assert first.locator(".rp-question-result").inner_text().startswith("Not yet")

    right = first.locator('.rp-choice[data-rp-correct="true"]').first
    right.locator("label").click()
    why_right = right.locator(".rp-why").inner_text().strip()
    assert why_right.startswith("Right:")
    assert _visible_feedback(first) == [why_right]
    assert first.locator(".rp-question-result").inner_text().startswith("Right.")

    state = stored(page)
    assert state["checks"][MODULE]["1"]["correct"] is True
    assert f"module:{MODULE}" not in state["done"], "one of several checks right is not the module done"

    page.reload()
    page.wait_for_selector(".rp-question .rp-picked")
    first = _questions(page).nth(0)
    assert first.locator('.rp-choice[data-rp-correct="true"] input').first.is_checked()
    assert _visible_feedback(first) == [why_right]


def test_answering_every_check_right_marks_the_module_done(page, server, portal) -> None:
    open_page(page, f"modules/{MODULE}/")
    forms = _questions(page)
    for index in range(forms.count()):
        form = forms.nth(index)
        if form.get_attribute("data-rp-several") == "true":
            for choice in form.locator('.rp-choice[data-rp-correct="true"] label').all():
                choice.click()
            form.locator("button[type=submit]").click()
        else:
            form.locator('.rp-choice[data-rp-correct="true"] label').first.click()
    state = stored(page)
    assert all(answer["correct"] for answer in state["checks"][MODULE].values())
    assert f"module:{MODULE}" in state["done"]
    assert page.locator(".rp-module-done input").first.is_checked()

    open_page(page, portal.role_url)
    line = page.locator(f'.rp-questions-progress[data-rp-question-modules*="{MODULE}:"]').first
    assert line.inner_text().startswith("Knowledge checks passed at this level: 1 of ")


def test_the_checks_have_no_accessibility_violations(page, server) -> None:
    open_page(page, f"modules/{MODULE}/")
    _questions(page).nth(0).locator('.rp-choice[data-rp-correct="false"] label').first.click()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_without_javascript_every_choice_shows_its_feedback(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + f"modules/{MODULE}/")
        form = page.locator("form.rp-question").first
        choices = form.locator(".rp-choice").count()
        assert choices >= 2 and len(_visible_feedback(form)) == choices
    finally:
        context.close()
