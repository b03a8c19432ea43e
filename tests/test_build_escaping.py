"""Authors write plain text in YAML: markup characters in it must reach readers as text.

Every text field an author writes (titles, summaries, behaviours, from-to rows, phrases, sandbox
settings, family names, ...) carries script tags, quotes, ampersands and an attribute-injection
attempt. The built pages must show each value as text, never as an element or an attribute,
and portal.json must give every value back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sites import build_site, make_portal, soup

NASTY = '<script>alert(1)</script> "dq" \'sq\' & &amp; < <b>bold</b> " onmouseover="x'


def nasty(field: str) -> str:
    return f"{field} {NASTY}"


ROLE = {
    "title": nasty("Role title"),
    "family": nasty("Family"),
    "summary": nasty("Role summary"),
    "paths": ["escape-path"],
    "from_to": [
        {"area": nasty("Area"), "today": nasty("Today"), "in_six_months": nasty("Six months")},
    ],
    "practice": {"hours_per_week": 2, "ideas": [nasty("Practice idea")]},
    "metrics_to_adjust": [
        {"metric": nasty("Metric"), "conflict": nasty("Conflict"), "adjustment": nasty("Adjustment")},
    ],
    "payoff": [nasty("Payoff")],
    "manager": {"before": [nasty("Before")], "after": [nasty("After")], "prompts": [nasty("Prompt")]},
}


def _level(name: str, modules: list[str]) -> dict[str, Any]:
    return {
        "summary": nasty(f"Start here if {name}"),
        "behaviours": [nasty(f"Behaviour {name}")],
        "modules": modules,
    }


PATH = {
    "title": nasty("Path title"),
    "summary": nasty("Path summary"),
    "levels": {
        "baseline": _level("baseline", ["escape-lesson", "escape-card"]),
        "proficient": _level("proficient", ["escape-sandbox"]),
        "advanced": _level("advanced", ["escape-sandbox"]),
    },
    "manager": {"before": [nasty("Path before")], "after": [nasty("Path after")]},
}

MODULES = {
    "escape-lesson": {
        "title": nasty("Lesson title"),
        "summary": nasty("Lesson summary"),
        "minutes": 20,
        "objectives": [nasty("Objective")],
        "body": "Plain body.",
    },
    "escape-card": {
        "title": nasty("Card title"),
        "kind": "reference",
        "summary": nasty("Card summary"),
        "minutes": 5,
        "body": "Plain card.",
    },
    "escape-sandbox": {
        "title": nasty("Sandbox title"),
        "kind": "exercise",
        "summary": nasty("Sandbox summary"),
        "minutes": 40,
        "prerequisites": ["escape-lesson"],
        "sandbox": {"setting": nasty("Setting"), "time_box": 30, "success": [nasty("Success")]},
        "reflection": [nasty("Reflection")],
        "body": "Plain exercise.",
    },
}

LEADER = {
    "title": nasty("Leader title"),
    "summary": nasty("Leader summary"),
    "phrases": [{"instead_of": nasty("Instead of"), "say": nasty("Say"), "why": nasty("Why")}],
    "body": "Plain one-pager.",
}

ROLE_ID, PATH_ID, LEADER_ID = "escape-role", "escape-path", "escape-leader"

# Which values each page must show as text.
EXPECTED_TEXT: dict[str, list[str]] = {
    "": [ROLE["title"], ROLE["family"], ROLE["summary"], LEADER["title"], LEADER["summary"]],
    "roles/": [ROLE["title"], ROLE["family"], ROLE["summary"]],
    f"roles/{ROLE_ID}/": [
        ROLE["title"],
        ROLE["summary"],
        ROLE["family"],
        *ROLE["from_to"][0].values(),
        *ROLE["practice"]["ideas"],
        *ROLE["payoff"],
        PATH["title"],
        PATH["summary"],
        *(b for level in PATH["levels"].values() for b in level["behaviours"]),
        *(m["title"] for m in MODULES.values()),
        *(m["summary"] for m in MODULES.values()),
    ],
    f"roles/{ROLE_ID}/manager/": [
        ROLE["title"],
        *ROLE["manager"]["before"],
        *ROLE["manager"]["after"],
        *ROLE["manager"]["prompts"],
        *PATH["manager"]["before"],
        *PATH["manager"]["after"],
        *ROLE["metrics_to_adjust"][0].values(),
        *(b for level in PATH["levels"].values() for b in level["behaviours"]),
    ],
    f"paths/{PATH_ID}/": [
        PATH["title"],
        PATH["summary"],
        ROLE["title"],
        *(b for level in PATH["levels"].values() for b in level["behaviours"]),
        *(m["title"] for m in MODULES.values()),
    ],
    "modules/escape-lesson/": [
        MODULES["escape-lesson"]["title"],
        MODULES["escape-lesson"]["summary"],
        *MODULES["escape-lesson"]["objectives"],
        PATH["title"],
        ROLE["title"],
    ],
    "modules/escape-card/": [MODULES["escape-card"]["title"], MODULES["escape-card"]["summary"]],
    "modules/escape-sandbox/": [
        MODULES["escape-sandbox"]["title"],
        MODULES["escape-sandbox"]["summary"],
        MODULES["escape-sandbox"]["sandbox"]["setting"],
        *MODULES["escape-sandbox"]["sandbox"]["success"],
        *MODULES["escape-sandbox"]["reflection"],
        MODULES["escape-lesson"]["title"],
    ],
    f"leaders/{LEADER_ID}/": [LEADER["title"], LEADER["summary"], *LEADER["phrases"][0].values()],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(
        tmp_path_factory.mktemp("escaping"),
        roles={ROLE_ID: ROLE},
        paths={PATH_ID: PATH},
        modules=MODULES,
        leaders={LEADER_ID: LEADER},
        pages={"index.md": "# Home\n\nWelcome.\n"},
    )
    return build_site(root)


def squash(value: str) -> str:
    return " ".join(value.split())


def html_pages(site_dir: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site_dir.rglob("*.html")):
        yield path.relative_to(site_dir).as_posix(), BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("url", EXPECTED_TEXT)
def test_values_appear_as_text(site: Path, url: str) -> None:
    page = soup(site, url)
    article = page.select_one("article")
    assert article is not None
    shown = squash(article.get_text(" "))
    missing = [value for value in EXPECTED_TEXT[url] if squash(value) not in shown]
    assert not missing, f"/{url} does not show these values as text: {missing}"


@pytest.mark.parametrize("url", [u for u in EXPECTED_TEXT if u not in ("", "roles/")])
def test_page_title_is_text(site: Path, url: str) -> None:
    """The <title> and <h1> carry the author's title as text (MkDocs' templates do not autoescape)."""
    page = soup(site, url)
    title = page.find("title")
    assert title is not None and title.find_all(True) == []
    h1 = page.select_one("article h1")
    assert h1 is not None
    assert h1.find_all(lambda tag: tag.name not in ("a",)) == [], f"markup inside the <h1> of /{url}: {h1}"
    expected = {
        f"roles/{ROLE_ID}/": ROLE["title"],
        f"roles/{ROLE_ID}/manager/": ROLE["title"],
        f"paths/{PATH_ID}/": PATH["title"],
        f"leaders/{LEADER_ID}/": LEADER["title"],
    }.get(url) or MODULES[url.split("/")[1]]["title"]
    assert squash(expected) in squash(h1.get_text(" "))
    assert squash(expected) in squash(title.get_text())


def test_no_script_element_from_content(site: Path) -> None:
    offenders = [
        url
        for url, page in html_pages(site)
        for script in page.find_all("script")
        if "alert(1)" in (script.string or "") or "alert(1)" in str(script.get("src", ""))
    ]
    assert not offenders, f"content became a <script> element on: {sorted(set(offenders))}"


def test_no_attribute_or_element_injection(site: Path) -> None:
    problems = []
    for url, page in html_pages(site):
        for element in page.find_all(True):
            for name in element.attrs:
                if name.startswith("on") or '"' in name or name in ("x", "dq", "sq"):
                    problems.append(f"{url}: <{element.name} {name}=...>")
            if element.name == "b" and element.get_text() == "bold":
                problems.append(f"{url}: <b>bold</b> became an element")
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_attribute_values_round_trip(site: Path) -> None:
    """Where a page puts an author's value into an attribute, the attribute holds exactly that value."""
    for url, page in html_pages(site):
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                if isinstance(value, str) and "alert(1)" in value:
                    assert NASTY in value, f"{url}: <{element.name} {name}> holds a mangled value: {value!r}"


def test_table_of_contents_is_text(site: Path) -> None:
    """Headings built from titles (level headings, checklist parts) also feed the table of contents."""
    for url in (f"roles/{ROLE_ID}/", f"roles/{ROLE_ID}/manager/"):
        page = soup(site, url)
        toc = page.select_one("nav.md-nav--secondary")
        assert toc is not None, f"/{url} has a table of contents"
        labels = [squash(a.get_text(" ")) for a in toc.find_all("a")]
        assert any(squash(PATH["title"]) in label for label in labels), labels
        assert not toc.find_all(["script", "b"])


def test_search_index_keeps_values_as_text(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    entry = next(doc for doc in docs if doc["location"] == f"roles/{ROLE_ID}/")
    assert "<script>alert(1)" not in entry["text"], "the indexed text holds a live script tag"
    # Search results show titles as HTML, like every MkDocs page title.
    assert "<script>" not in entry["title"], "the indexed title holds a live script tag"


def test_portal_json_round_trips_every_value(site: Path) -> None:
    data = json.loads((site / "portal.json").read_text(encoding="utf-8"))
    (role,) = data["roles"]
    assert role["title"] == ROLE["title"]
    assert role["summary"] == ROLE["summary"]
    assert role["family"] == ROLE["family"]
    assert role["from_to"] == ROLE["from_to"]
    assert data["families"] == [{"name": ROLE["family"], "roles": [ROLE_ID]}]
    (path,) = data["paths"]
    assert path["title"] == PATH["title"]
    assert path["summary"] == PATH["summary"]
    for level in path["levels"]:
        written = PATH["levels"][level["name"]]
        assert level["summary"] == written["summary"]
        assert [b["text"] for b in level["behaviours"]] == written["behaviours"]
    modules = {m["id"]: m for m in data["modules"]}
    for module_id, module in MODULES.items():
        assert modules[module_id]["title"] == module["title"]
        assert modules[module_id]["summary"] == module["summary"]
    exercise = modules["escape-sandbox"]["exercise"]
    assert exercise["setting"] == MODULES["escape-sandbox"]["sandbox"]["setting"]
    assert exercise["success"] == MODULES["escape-sandbox"]["sandbox"]["success"]
    (leader,) = data["leaders"]
    assert (leader["title"], leader["summary"]) == (LEADER["title"], LEADER["summary"])


def test_nasty_value_is_really_nasty() -> None:
    """Guard the fixture: the value must hold every character the tests are about."""
    for needle in ("<script>", '"', "'", "&", "<", '" onmouseover="x'):
        assert needle in NASTY
