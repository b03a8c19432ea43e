"""Practice that is real, in built sites: materials as downloads, answer keys for facilitators only,
knowledge checks readable without JavaScript, and teams' records never in the employees' edition.

One fixture repository (the v2 portal of `sites.v2_portal`, with canaries in what is meant for
managers) is built three ways: the full build, the managers' and the employees' edition.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from sites import build_with, edition, make_portal, soup, v2_portal, where, write

KEY_CANARY = "Facilitator canary 5d1e: ticket 1 is the refund"
TEAM_CANARY = "Leeds canary 8c2f"
MEASURE_CANARY = "First-reply canary 31aa"
MATERIALS = {
    "tickets.csv": "id,subject,body\n1,Refund please,Charged twice\n2,Login,Cannot sign in\n",
    "refund-policy.md": "# Refund policy\n\nRefunds within thirty days.\n",
}


def _files(portal_texts: Mapping[str, str]) -> dict[str, str | bytes]:
    files = v2_portal(portal_texts)
    files["content/practice/triage-sandbox/answer-key.md"] = f"# Key\n\n## Ticket 1\n\n{KEY_CANARY}.\n"
    for name, text in MATERIALS.items():
        files[f"content/practice/triage-sandbox/{name}"] = text
    files["teams/support-leeds.yml"] = str(files["teams/support-leeds.yml"]).replace(
        "Support, Leeds queue", TEAM_CANARY
    )
    files["roles/support-agent.yml"] = str(files["roles/support-agent.yml"]).replace(
        "title: Time to first reply", f"title: {MEASURE_CANARY}"
    )
    return files


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, portal_texts: Mapping[str, str]) -> Mapping[str, Path]:
    root = tmp_path_factory.mktemp("practice")
    for rel, text in _files(portal_texts).items():
        write(root / rel, str(text))
    make_portal(root)
    built = {"full": build_with(root / "mkdocs.yml", root / "site-full")}
    for audience in ("managers", "employees"):
        built[audience] = build_with(edition(root, audience, f"    audience: {audience}\n"), root / f"site-{audience}")
    return built


# ---- materials -----------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["full", "managers", "employees"])
def test_every_material_downloads_from_the_built_site_as_written(sites: Mapping[str, Path], edition: str) -> None:
    site = sites[edition]
    page = soup(site, "modules/triage-sandbox/")
    links = {a.get_text(strip=True): a for a in page.select(".rp-materials a[download]")}
    assert set(links) == set(MATERIALS)
    for name, text in MATERIALS.items():
        href = links[name]["href"]
        assert href == f"files/{name}"
        assert (site / "modules/triage-sandbox" / href).read_bytes() == text.encode("utf-8")
    assert not (site / "modules/triage-sandbox/files/refund-policy").exists(), "a .md material is a file, not a page"
    assert not (site / "practice").exists(), "practice files are never published as they are"


def test_materials_show_their_type_and_size_and_a_readable_preview(sites: Mapping[str, Path]) -> None:
    page = soup(sites["full"], "modules/triage-sandbox/")
    facts = {
        item.a.get_text(strip=True): item.select_one(".rp-material-facts").get_text(strip=True)
        for item in page.select(".rp-material")
    }
    assert facts == {
        "tickets.csv": f"CSV table, {len(MATERIALS['tickets.csv'])} bytes",
        "refund-policy.md": f"Markdown text, {len(MATERIALS['refund-policy.md'])} bytes",
    }
    table = page.select_one(".rp-material .rp-preview table")
    assert [th.get_text() for th in table.select("thead th")] == ["id", "subject", "body"]
    assert [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")] == [
        ["1", "Refund please", "Charged twice"],
        ["2", "Login", "Cannot sign in"],
    ]
    assert "Refunds within thirty days." in page.select(".rp-preview-text")[0].get_text()


def test_portal_json_lists_materials_with_their_urls(sites: Mapping[str, Path]) -> None:
    data = json.loads((sites["employees"] / "portal.json").read_text(encoding="utf-8"))
    module = next(m for m in data["modules"] if m["id"] == "triage-sandbox")
    assert [(m["name"], m["url"]) for m in module["exercise"]["materials"]] == [
        ("tickets.csv", "modules/triage-sandbox/files/tickets.csv"),
        ("refund-policy.md", "modules/triage-sandbox/files/refund-policy.md"),
    ]
    assert module["checks"] == 0 and "answer_key" not in json.dumps(data)


# ---- answer keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["full", "managers"])
def test_the_answer_key_is_on_the_exercise_page_for_facilitators(sites: Mapping[str, Path], edition: str) -> None:
    page = soup(sites[edition], "modules/triage-sandbox/")
    key = page.select_one("section.rp-answer-key")
    assert key is not None and KEY_CANARY in key.get_text()
    assert key.h2["id"] == "answer-key"
    assert [h.name for h in key.select("h3, h4")] == ["h3", "h4"], "the key's headings sit under the section's"
    guide = soup(sites[edition], "roles/support-agent/manager/")
    links = [a["href"] for a in guide.select("#answer-keys + p + ul a")]
    assert links == ["../../../modules/triage-sandbox/#answer-key"]


def test_no_answer_key_reaches_any_file_of_the_employees_edition(sites: Mapping[str, Path]) -> None:
    assert where(sites["full"], KEY_CANARY), "the canary must reach the full build for this test to mean anything"
    assert where(sites["employees"], KEY_CANARY) == []
    assert where(sites["employees"], "answer-key.md") == []
    assert where(sites["employees"], 'id="answer-key"') == []


# ---- knowledge checks --------------------------------------------------------------------------


def test_knowledge_checks_are_a_form_readable_without_javascript(sites: Mapping[str, Path]) -> None:
    page = soup(sites["employees"], "modules/prompting-basics/")
    (form,) = page.select("section.rp-questions form.rp-question")
    legend = form.select_one("fieldset > legend").get_text(" ", strip=True)
    assert legend.startswith("1. The summary says the customer was promised a refund.")
    radios = form.select("input[type=radio]")
    assert len(radios) == 2 and len({r["name"] for r in radios}) == 1
    for radio in radios:
        assert form.select_one(f"label[for={radio['id']}]") is not None
    feedback = [p.get_text(" ", strip=True) for p in form.select(".rp-why")]
    assert feedback == [
        "Not this one: The summary can be wrong; the promise has to be found in the thread.",
        "Right: The thread is the source; the summary is a lead.",
    ]


def test_a_check_with_several_right_answers_uses_checkboxes(tmp_path: Path, portal_texts: Mapping[str, str]) -> None:
    files = v2_portal(portal_texts)
    files["content/modules/prompting-basics.md"] = str(files["content/modules/prompting-basics.md"]).replace(
        "        why: The summary can be wrong; the promise has to be found in the thread.\n",
        "        why: The summary can be wrong; the promise has to be found in the thread.\n        correct: true\n",
    )
    for rel, text in files.items():
        write(tmp_path / rel, str(text))
    make_portal(tmp_path)
    page = soup(build_with(tmp_path / "mkdocs.yml", tmp_path / "site"), "modules/prompting-basics/")
    form = page.select_one("form.rp-question")
    assert len(form.select("input[type=checkbox]")) == 2 and not form.select("input[type=radio]")
    assert form.select_one("button[type=submit]") is not None
    assert "(more than one answer is right)" in form.legend.get_text()


def test_the_role_page_says_which_modules_of_a_level_have_checks(sites: Mapping[str, Path]) -> None:
    page = soup(sites["employees"], "roles/support-agent/")
    line = page.select_one(".rp-level[data-rp-level=baseline] .rp-questions-progress")
    assert line["data-rp-question-modules"] == "prompting-basics:1"
    assert line.get_text() == "Knowledge checks at this level: 1 module."
    assert page.select_one(".rp-level[data-rp-level=advanced] .rp-questions-progress") is None


# ---- teams and measures are for managers and leaders -------------------------------------------


def test_teams_and_measures_never_reach_the_employees_edition(sites: Mapping[str, Path]) -> None:
    for canary in (TEAM_CANARY, MEASURE_CANARY, "support-leeds"):
        assert where(sites["managers"], canary) or canary == MEASURE_CANARY, canary
        assert where(sites["employees"], canary) == [], canary


def test_the_manager_guide_holds_the_observation_log_for_the_roles_teams(sites: Mapping[str, Path]) -> None:
    guide = soup(sites["managers"], "roles/support-agent/manager/")
    log = guide.select_one("section.rp-log")
    assert json.loads(log["data-rp-teams"]) == [{"id": "support-leeds", "title": TEAM_CANARY, "size": 9}]
    assert [b["ref"] for b in json.loads(log["data-rp-behaviours"])] == [
        "ai-assisted-support/summarises-thread",
        "ai-assisted-support/checks-policy",
        "ai-assisted-support/fixes-articles",
    ]
    assert log["data-rp-adoption-dir"] == "adoption"
    assert log["data-rp-new-file"] == "https://github.com/acme-learning/portal/new/main/"
    assert guide.select_one('script[src$="assets/rolepath/observation-log.js"]') is not None
