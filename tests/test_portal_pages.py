"""The portal's pages as a reader acts on them (issue 15): the home page's role picker, one list of
behaviours on a role page, the module page's next step, breadcrumbs, the current section in the
navigation, and repository links only where a real repository is configured."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sites import REPO, build_site, build_with, edition, make_portal, small_portal, soup


def _text(node: BeautifulSoup) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample portal, built as `mkdocs build` builds it."""
    return build_with(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site")


def test_home_heads_with_the_portal_and_puts_the_role_picker_before_the_audience_text(sample: Path) -> None:
    page = soup(sample, "")
    article = page.select_one("article")
    assert article is not None
    h1 = article.find_all("h1")
    assert [_text(h) for h in h1] == ["Acme AI Skills Portal"], "one heading, the portal's name, not 'Home'"
    headings = [h.get("id") for h in article.find_all(["h2", "h3"])]
    assert headings.index("pick-your-role") < headings.index("how-this-portal-works")
    body = str(article)
    first_card = body.index('class="rp-role-card"')
    assert first_card < body.index("<strong>Employees:</strong>"), "the role cards come before the audience paragraphs"
    assert body.index('class="rp-role-filter"') < first_card
    assert body.index('class="rp-continue"') < first_card, "the Continue box sits above the picker"
    families = [_text(s.find("h3")) for s in article.select(".rp-family")]
    assert families == sorted(families) and "Customer Operations" in families
    # Every role has a plan for the Continue box: its levels with behaviour and module keys.
    plans = {p["data-rp-plan"] for p in article.select(".rp-plans [data-rp-plan]")}
    assert plans == {card["data-rp-role"] for card in article.select(".rp-role-card")}
    for plan in article.select(".rp-plans [data-rp-plan]"):
        keys = [span["data-rp-module"] for span in plan.select("[data-rp-module]")]
        assert len(keys) == len(set(keys)), f"{plan['data-rp-plan']}: a module is planned once, where first met"


def test_role_page_lists_each_behaviour_once_in_collapsed_levels(sample: Path) -> None:
    page = soup(sample, "roles/support-agent/")
    article = page.select_one("article")
    assert article is not None
    assert not article.select(".rp-assessment, .rp-assess-item"), "no second list of behaviours"
    behaviours = [_text(li) for li in article.select("li.rp-behaviour")]
    assert behaviours and len(behaviours) == len(set(behaviours))
    text = _text(article)
    for behaviour in behaviours:
        assert text.count(behaviour) == 1, f"said twice: {behaviour}"
    details = article.select(".rp-level details.rp-level-details")
    assert len(details) == len(article.select(".rp-level")) == 6
    assert [d.has_attr("open") for d in details] == [True] + [False] * 5, "without JS only the first level is open"
    assert all(_text(d.find("summary")).startswith(("4 behaviours and", "3 behaviours and")) for d in details)
    cards = article.select(".rp-level .rp-modules > li.rp-module-card")
    assert cards and all(card.select_one(".rp-kind") and card.select_one(".rp-minutes") for card in cards)
    # Export, import and reset live in the one "Your progress" panel, shown once rolepath.js runs.
    panel = article.select_one("section.rp-your-progress")
    assert panel is not None and panel.has_attr("hidden") and panel.select_one(".rp-progress-tools")
    assert len(article.select(".rp-progress-tools")) == 1
    assert article.select_one(".rp-role-actions .rp-continue[data-rp-role='support-agent']")


def test_breadcrumbs_lead_back_up_from_every_generated_and_module_page(sample: Path) -> None:
    expected = {
        "roles/support-agent/": (["Home", "Roles"], "Customer Support Agent"),
        "roles/support-agent/manager/": (["Home", "Roles", "Customer Support Agent"], "Manager guide"),
        "paths/ai-assisted-support/": (["Home"], "AI-assisted support"),
        "roles/": (["Home"], "Roles"),
    }
    for url, (trail, current) in expected.items():
        crumb = soup(sample, url).select_one('nav.rp-breadcrumb[aria-label="Breadcrumb"]')
        assert crumb is not None, url
        assert [_text(a) for a in crumb.select("li > a")] == trail, url
        assert _text(crumb.select_one('li[aria-current="page"]')) == current, url
    module = soup(sample, "modules/prompting-basics/")
    crumb = module.select_one("nav.rp-breadcrumb")
    assert crumb is not None
    links = crumb.select("li > a")
    assert [_text(a) for a in links] == ["Home", "Working with AI assistants"]
    assert links[-1]["href"] == "../../paths/ai-foundations/"
    assert len(module.select("article h1")) == 1


def test_pages_outside_the_navigation_mark_their_section_as_current(sample: Path) -> None:
    for url in (
        "roles/support-agent/",
        "roles/support-agent/manager/",
        "paths/ai-foundations/",
        "modules/prompting-basics/",
    ):
        nav = soup(sample, url).select_one("nav.md-nav--primary")
        assert nav is not None
        active = [_text(li.find("a")) for li in nav.select("li.md-nav__item--active") if li.find("a")]
        assert active == ["Roles"], f"{url}: {active}"
    leader = next(p.parent.name for p in (sample / "leaders").glob("*/index.html"))
    nav = soup(sample, f"leaders/{leader}/").select_one("nav.md-nav--primary")
    assert nav is not None
    section = nav.select_one("li.md-nav__item--active.md-nav__item--nested")
    assert section is not None and "For leaders" in _text(section)


def test_module_page_has_one_next_step_per_role_and_marks_done_at_both_ends(sample: Path) -> None:
    page = soup(sample, "modules/prompting-basics/")
    assert len(page.select(".rp-module-done[data-rp-key='module:prompting-basics']")) == 2
    steps = page.select(".rp-next .rp-next-step")
    roles = [step["data-rp-role"] for step in steps]
    assert "support-agent" in roles and len(roles) == len(set(roles)) > 1
    assert [step.has_attr("hidden") for step in steps] == [False] + [True] * (len(steps) - 1)
    fits = page.find(id="where-this-fits")
    assert fits is not None and "Next:" not in _text(fits.find_next("ul")), "one Next, not one per use"


def test_exercise_badge_agrees_with_its_time_box(sample: Path) -> None:
    exercises = 0
    for index in sorted((sample / "modules").glob("*/index.html")):
        page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
        box = page.find("aside", class_="rp-sandbox")
        if box is None:
            continue
        exercises += 1
        badge = _text(page.select_one(".rp-module-facts .rp-minutes"))
        assert f"Time box: {badge}" in _text(box), (index.parent.name, badge)
    assert exercises >= 5


def test_the_sample_configures_no_placeholder_repository(sample: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nrepo_url:" not in config and "\nedit_uri:" not in config
    home = soup(sample, "")
    assert home.select_one(".md-source") is None and home.select_one("a.md-content__button") is None


def test_a_placeholder_repository_is_a_warning_that_fails_strict_builds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    root = make_portal(tmp_path, **small_portal(), config={"repo_url": "https://github.com/example/rolepath-portal"})
    line = next(
        n for n, text in enumerate((root / "mkdocs.yml").read_text().splitlines(), 1) if text.startswith("repo_url:")
    )
    with pytest.raises(Abort):
        build_site(root, strict=True)
    expected = f"mkdocs.yml:{line}: warning: repo_url 'https://github.com/example/rolepath-portal' is a placeholder"
    assert any(expected in r.getMessage() for r in caplog.records), caplog.text
    assert not (root / "site").exists()


def test_edit_links_only_outside_the_employees_edition(tmp_path: Path) -> None:
    root = make_portal(tmp_path, **small_portal())
    authors = build_site(root)
    employees = build_with(edition(root, "employees", "    audience: employees\n"), tmp_path / "site-employees")
    module = next(p.parent.name for p in (authors / "modules").glob("*/index.html"))
    assert soup(authors, f"modules/{module}/").select_one("a.md-content__button[href*='/edit/main/']") is not None
    page = soup(employees, f"modules/{module}/")
    assert page.select_one("a.md-content__button") is None and "/edit/main/" not in str(page)
    assert page.select_one(".md-source") is not None, "the repository link itself stays"
