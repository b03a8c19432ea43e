"""Portal generation, end to end: a fixture portal written only to the authoring contract
(docs: /shared/CONTENT_MODEL.md, "What the build makes") is built with MkDocs, and the
generated site is checked element by element.

The fixture site is built once for the module (with --strict, so a clean portal passing
--strict is tested too); the tests that break a portal build small portals of their own.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.exceptions import Abort
from rolepath.output import render as engine_site
from sites import REPO_URL, build_site, make_portal, small_portal, soup, write

LEVELS = ("baseline", "proficient", "advanced")
KIND_WORDS = {"lesson": "lesson", "exercise": "exercise", "reference": "reference"}

# ---- the fixture portal, written to the contract only ------------------------------------------------

ROLES: dict[str, dict[str, Any]] = {
    "support-agent": {
        "title": "Customer Support Agent",
        "family": "Customer Operations",
        "summary": "Support agents hand the first draft of a reply to an assistant and keep the judgement.",
        "paths": ["foundations", "support-flow"],
        "owners": ["@support-enablement"],
        "from_to": [
            {
                "area": "Answering tickets",
                "today": "Searches three knowledge bases by hand for every ticket.",
                "in_six_months": "Drafts the first reply with an assistant and checks it against policy.",
            },
            {
                "area": "Escalations",
                "today": "Escalates by feel when a customer sounds upset.",
                "in_six_months": "Escalates by the written rules and notes the rule used.",
            },
            {
                "area": "Knowledge base",
                "today": "Reports broken articles in the team chat.",
                "in_six_months": "Submits a corrected article with the tickets that showed the error.",
            },
        ],
        "practice": {
            "hours_per_week": 2.5,
            "ideas": [
                "One sprint a quarter uses the new triage flow instead of the old one.",
                "Pair with a colleague on the review drill every other Friday.",
            ],
        },
        "metrics_to_adjust": [
            {
                "metric": "Average handle time",
                "conflict": "Slowing down to check a draft looks like lost productivity.",
                "adjustment": "Hold handle-time targets flat for the first eight weeks.",
            },
            {
                "metric": "Tickets closed per day",
                "conflict": "Fixing an article closes no ticket.",
                "adjustment": "Count a corrected article as five tickets for the quarter.",
            },
        ],
        "payoff": [
            "Eligible for the automation guild and its internal projects.",
            "Named credit in the knowledge-base changelog.",
        ],
        "manager": {
            "before": ["Agree which ticket types always stay with a person."],
            "after": ["Review five drafted replies with the agent in the first fortnight."],
            "prompts": ["Which draft did you not send this week, and why?"],
        },
    },
    "support-lead": {
        "title": "Support Team Lead",
        "family": "Customer Operations",
        "summary": "Team leads coach agents through the new way of answering tickets.",
        "paths": ["support-flow", "foundations"],
        "from_to": [
            {
                "area": "Coaching",
                "today": "Listens to random calls once a month.",
                "in_six_months": "Reviews drafted replies with each agent weekly.",
            },
            {
                "area": "Rota",
                "today": "Fills every hour with queue time.",
                "in_six_months": "Books practice as off-queue time in the rota.",
            },
        ],
        "practice": {"hours_per_week": 1, "ideas": ["Run the review drill with the team each month."]},
        "payoff": ["A seat on the support tooling council."],
        "manager": {"prompts": ["Which agent needs more practice time, and what stops it?"]},
    },
    "software-engineer": {
        "title": "Software Engineer",
        "family": "Engineering",
        "summary": "Engineers pair with an assistant in the editor and review what it writes like any change.",
        "paths": ["foundations"],
        "from_to": [
            {
                "area": "Writing tests",
                "today": "Writes tests after the code, when there is time.",
                "in_six_months": "Has the assistant propose test cases first and keeps the ones that matter.",
            },
            {
                "area": "Code review",
                "today": "Reviews generated code the same as hand-written code.",
                "in_six_months": "Checks generated code for invented APIs and licence problems.",
            },
        ],
        "practice": {"hours_per_week": 3, "ideas": ["One refactor kata a week in the sandbox repository."]},
    },
    "financial-analyst": {
        "title": "Financial Analyst",
        "family": "Finance",
        "summary": "Analysts let an assistant draft the variance commentary and verify every number.",
        "paths": ["foundations"],
        "from_to": [
            {
                "area": "Month-end commentary",
                "today": "Writes every variance explanation from scratch.",
                "in_six_months": "Edits a drafted commentary and ties each figure back to the ledger.",
            },
            {
                "area": "Reconciliations",
                "today": "Ticks and bashes in a spreadsheet.",
                "in_six_months": "Has the assistant flag breaks and investigates them by hand.",
            },
        ],
    },
}

PATHS: dict[str, dict[str, Any]] = {
    "foundations": {
        "title": "Working with AI assistants",
        "summary": "The basics every role needs: prompting, checking, and keeping data safe.",
        "levels": {
            "baseline": {
                "summary": "Start here if you have not used the approved assistant at work.",
                "behaviours": [
                    "Writes a prompt that names the task, the reader and the format.",
                    "Keeps confidential data out of every tool but the approved assistant.",
                ],
                "modules": ["prompting-basics", "data-card"],
            },
            "proficient": {
                "summary": "Start here if you use the assistant weekly and want to trust its output less blindly.",
                "behaviours": [
                    "Checks every figure and quotation in an assistant's draft against the source.",
                    "Records what was tested and what was learned after each sandbox exercise.",
                ],
                "modules": ["check-your-work", "first-sandbox"],
            },
            "advanced": {
                "summary": "Start here if colleagues already ask you how you use the assistant.",
                "behaviours": ["Teaches a colleague one workflow and reviews their first attempt."],
                "modules": ["teach-a-colleague"],
            },
        },
        "manager": {
            "before": ["Name the task the person will try the assistant on first."],
            "after": ["Ask to see one output and what was checked in it."],
        },
    },
    "support-flow": {
        "title": "AI-assisted support",
        "summary": "Summarise ticket threads, draft replies that follow policy, escalate by rule.",
        "levels": {
            "baseline": {
                "summary": "Start here if you answer tickets and have not used the helpdesk assistant.",
                "behaviours": ["Triages synthetic tickets against the escalation rules and writes down why."],
                "modules": ["prompting-basics", "triage-sandbox"],
            },
            "proficient": {
                "summary": "Start here if you draft replies with the assistant already.",
                "behaviours": [
                    "Checks refund amounts and dates in every drafted reply before sending.",
                    "Rewrites drafts that are accurate but wrong for the customer's tone.",
                ],
                "modules": ["check-your-work"],
            },
            "advanced": {
                "summary": "Start here if you keep seeing the same bad drafts and want to fix the cause.",
                "behaviours": ["Turns a recurring drafting error into a corrected help-centre article."],
                "modules": ["teach-a-colleague"],
            },
        },
        "manager": {
            "before": ["Book practice as off-queue time in the rota."],
            "after": ["Take one recurring drafting error to the knowledge-base owner."],
        },
    },
}

MODULES: dict[str, dict[str, Any]] = {
    "prompting-basics": {
        "title": "Prompting basics",
        "kind": "lesson",
        "summary": "Write prompts with a task, material, constraints and a format.",
        "minutes": 25,
        "objectives": ["Write a four-part prompt.", "Fix a weak answer with one follow-up."],
        "review_by": "2099-12-31",
        "body": "## Why short prompts disappoint\n\nA prompt that works has four parts.\n",
    },
    "check-your-work": {
        "title": "Check before you ship",
        "summary": "Verify figures, names and quotations before an assistant's draft leaves your hands.",
        "minutes": 50,
        "objectives": ["List the claims in a draft that need a source."],
        "prerequisites": ["prompting-basics"],
        "reflection": ["Which claim did you almost let through?"],
        "body": "## What to check\n\nNumbers, names, dates and quotations.\n",
    },
    "data-card": {
        "title": "Data classification card",
        "kind": "reference",
        "summary": "Which data may go into which tool, on one card.",
        "minutes": 10,
        "body": "## The card\n\n| Data | Approved assistant |\n|---|---|\n| Public | yes |\n| Confidential | no |\n",
    },
    "first-sandbox": {
        "title": "Your first sandbox",
        "kind": "exercise",
        "summary": "Try three prompts on synthetic data and compare the answers.",
        "minutes": 40,
        "prerequisites": ["prompting-basics", "data-card"],
        "sandbox": {
            "setting": "The practice workspace with the synthetic customer list; nothing leaves it.",
            "time_box": 35,
            "success": ["Three prompts saved, each with a note on what changed.", "One answer checked line by line."],
        },
        "reflection": ["What did you test?", "What did you learn that you will use on Monday?"],
        "body": "## The task\n\nOpen the practice workspace.\n",
    },
    "triage-sandbox": {
        "title": "Triage sandbox",
        "kind": "exercise",
        "summary": "Triage twenty synthetic tickets with the assistant's help.",
        "minutes": 55,
        "objectives": ["Set a priority and queue for each ticket."],
        "prerequisites": ["prompting-basics"],
        "sandbox": {
            "setting": "The practice helpdesk with tickets T-01 to T-20; no real customer data.",
            "time_box": 45,
            "success": ["Every ticket has a priority and a one-line reason."],
        },
        "reflection": ["Where did you overrule the assistant?"],
        "body": "## The scenario\n\nTwenty tickets are waiting.\n",
    },
    "teach-a-colleague": {
        "title": "Teach a colleague",
        "summary": "Pass one workflow on and review the first attempt.",
        "minutes": 30,
        "prerequisites": ["check-your-work"],
        "body": "## Pick the workflow\n\nChoose one you use every week.\n",
    },
}

LEADERS: dict[str, dict[str, Any]] = {
    "inviting-learning": {
        "title": "Language that invites learning",
        "summary": "Sentences that tell people experimenting is risky, and what to say instead.",
        "phrases": [
            {
                "instead_of": "We can't afford mistakes.",
                "say": "What did we learn from this?",
                "why": "Gives failure a safe place.",
            },
            {"instead_of": "Has everyone finished the course?", "say": "What do you do differently since?"},
        ],
        "body": "## Try this week\n\nPick one phrase and use it in your next team meeting.\n",
    }
}

PAGES = {
    "index.md": "# Acme skills\n\nWelcome to the portal for everyone at Acme.\n",
    "about.md": "# About this portal\n\nThe learning team runs it; changes arrive as pull requests.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(
        tmp_path_factory.mktemp("portal"), roles=ROLES, paths=PATHS, modules=MODULES, leaders=LEADERS, pages=PAGES
    )
    return build_site(root, strict=True)  # a clean portal passes --strict


# ---- helpers -------------------------------------------------------------------------------------------


def text(element: Tag | BeautifulSoup) -> str:
    """An element's text with whitespace collapsed, as a reader sees it."""
    return " ".join(element.get_text(" ").split())


def squash(value: str) -> str:
    return " ".join(value.split())


def minutes_re(total: int) -> str:
    """A regular expression for a duration as a page may print it: '70 min' or '1 h 10 min'."""
    hours, rest = divmod(total, 60)
    forms = [rf"{total}\s*min"]
    if hours:
        forms.append(rf"{hours}\s*h(ours?)?\s*{rest}\s*min" if rest else rf"{hours}\s*h(ours?)?\b")
    return r"\b(" + "|".join(forms) + r")"


def page_url_of(site_dir: Path, html_file: Path) -> str:
    return html_file.relative_to(site_dir).as_posix()


def resolve(site_dir: Path, from_file: str, href: str) -> tuple[Path, str] | None:
    """The site file an internal link points at, and its fragment; None for external links."""
    absolute = urljoin(f"http://site.invalid/{from_file}", href)
    parts = urlsplit(absolute)
    if parts.scheme != "http" or parts.netloc != "site.invalid":
        return None
    path = unquote(parts.path).lstrip("/")
    target = site_dir / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def link_target(site_dir: Path, from_url: str, anchor: Tag) -> tuple[Path, str]:
    """Where an <a> on the page at ``from_url`` (a site URL like 'roles/x/') leads."""
    from_file = from_url + "index.html" if (from_url == "" or from_url.endswith("/")) else from_url
    resolved = resolve(site_dir, from_file, str(anchor["href"]))
    assert resolved is not None, f"expected an internal link, got {anchor['href']!r}"
    return resolved


def links_to(site_dir: Path, from_url: str, container: Tag | list[Tag], to_url: str) -> list[Tag]:
    """The links inside ``container`` (an element, or a list of <a>) that lead to site URL ``to_url``."""
    want = (site_dir / to_url / "index.html") if to_url.endswith("/") or to_url == "" else site_dir / to_url
    anchors = container if isinstance(container, list) else container.find_all("a", href=True)
    found = []
    for anchor in anchors:
        resolved = resolve(site_dir, from_url + "index.html", str(anchor["href"]))
        if resolved is not None and resolved[0].resolve() == want.resolve():
            found.append(anchor)
    return found


def between(start: Tag, stop: tuple[str, ...]) -> Iterator[Any]:
    """Every node after ``start`` in document order, up to the next tag named in ``stop``."""
    for node in start.next_elements:
        if isinstance(node, Tag) and node.name in stop:
            return
        yield node


def section_text(start: Tag, stop: tuple[str, ...] = ("h2",)) -> str:
    return squash(" ".join(str(node) for node in between(start, stop) if not isinstance(node, Tag)))


def section_tags(start: Tag, name: str, stop: tuple[str, ...] = ("h2",)) -> list[Tag]:
    return [node for node in between(start, stop) if isinstance(node, Tag) and node.name == name]


def heading(page: BeautifulSoup, name: str, pattern: str) -> Tag:
    found = [h for h in page.select("article " + name) if re.search(pattern, text(h), re.I)]
    assert found, f"no <{name}> matching {pattern!r} in: {[text(h) for h in page.select('article ' + name)]}"
    return found[0]


def article(page: BeautifulSoup) -> Tag:
    found = page.select_one("article")
    assert found is not None
    return found


def normalised_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{posixpath.normpath(parts.path)}"


def next_modules(module_id: str) -> list[tuple[str, str, str | None]]:
    """(path, level, next module or None) for each place the module is used, from the contract:
    the next module in the same level, else the first module of the following level."""
    result = []
    for path_id, path in PATHS.items():
        for index, level in enumerate(LEVELS):
            modules = path["levels"][level]["modules"]
            for position, item in enumerate(modules):
                if item != module_id:
                    continue
                if position + 1 < len(modules):
                    following = modules[position + 1]
                elif index + 1 < len(LEVELS):
                    following = path["levels"][LEVELS[index + 1]]["modules"][0]
                else:
                    following = None
                result.append((path_id, level, following))
    return result


def role_next(module_id: str) -> list[tuple[str, str | None]]:
    """(role, the module after this one in the role's order or None) for each role that meets it."""
    result = []
    for role_id, role in ROLES.items():
        order: list[str] = []
        for path_id in role["paths"]:
            for level in LEVELS:
                order += [m for m in PATHS[path_id]["levels"][level]["modules"] if m not in order]
        if module_id in order:
            position = order.index(module_id)
            result.append((role_id, order[position + 1] if position + 1 < len(order) else None))
    return result


def roles_on(path_id: str) -> list[str]:
    return [role_id for role_id, role in ROLES.items() if path_id in role["paths"]]


def level_minutes(path_id: str, level: str) -> int:
    return sum(MODULES[m]["minutes"] for m in PATHS[path_id]["levels"][level]["modules"])


# ---- every URL of the contract -------------------------------------------------------------------------


def contract_urls() -> list[str]:
    urls = ["", "roles/", "portal.json"]
    for role_id in ROLES:
        urls += [f"roles/{role_id}/", f"roles/{role_id}/manager/"]
    urls += [f"paths/{path_id}/" for path_id in PATHS]
    urls += [f"modules/{module_id}/" for module_id in MODULES]
    urls += [f"leaders/{leader_id}/" for leader_id in LEADERS]
    return urls


def test_every_contract_url_exists(site: Path) -> None:
    missing = []
    for url in contract_urls():
        target = site / url / "index.html" if url == "" or url.endswith("/") else site / url
        if not target.is_file():
            missing.append("/" + url)
    assert not missing, f"pages the contract promises are missing: {missing}"
    assert (site / "about" / "index.html").is_file(), "the ordinary page is passed through"


def test_practice_calendar_for_every_role_with_a_budget(site: Path) -> None:
    """/roles/<role>/practice.ics: RFC 5545, linked from the role page and from portal.json."""
    data = json.loads((site / "portal.json").read_text(encoding="utf-8"))
    by_id = {role["id"]: role for role in data["roles"]}
    for role_id, role in ROLES.items():
        calendar = site / "roles" / role_id / "practice.ics"
        if "practice" not in role:
            assert not calendar.exists()
            continue
        assert calendar.is_file(), f"/roles/{role_id}/practice.ics is missing"
        body = calendar.read_bytes()
        assert body.startswith(b"BEGIN:VCALENDAR\r\n")
        assert body.rstrip().endswith(b"END:VCALENDAR")
        links = links_to(
            site, f"roles/{role_id}/", article(soup(site, f"roles/{role_id}/")), f"roles/{role_id}/practice.ics"
        )
        assert links, "the role page links to its calendar"
        url = by_id[role_id]["calendar_url"]
        assert url and (site / url).is_file()


# ---- role pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role_id", ROLES)
def test_role_page(site: Path, role_id: str) -> None:
    role = ROLES[role_id]
    url = f"roles/{role_id}/"
    page = soup(site, url)
    body = article(page)
    assert text(body.find("h1")) == role["title"]
    assert squash(role["summary"]) in text(body)

    # The from-to snapshot: one row per entry, in the authored order.
    tables = [t for t in body.find_all("table") if "today" in text(t.find("thead") or t).casefold()]
    assert len(tables) == 1, "one from-to table"
    rows = tables[0].find("tbody").find_all("tr")
    assert [[text(cell) for cell in row.find_all(["th", "td"])] for row in rows] == [
        [item["area"], item["today"], item["in_six_months"]] for item in role["from_to"]
    ]

    # Each path: the three levels, with "start here", behaviours, modules (kind, minutes) and total time.
    for path_id in role["paths"]:
        path = PATHS[path_id]
        assert links_to(site, url, body, f"paths/{path_id}/"), f"a link to the path page of {path_id}"
        positions = []
        for level in LEVELS:
            spec = path["levels"][level]
            anchor = body.find(id=f"{path_id}-{level}")
            assert anchor is not None, f"no level block for {path_id} {level}"
            positions.append(anchor.sourceline)
            block = anchor.find_parent("section")
            assert block is not None
            block_text = text(block)
            assert level in text(anchor).casefold()
            assert "start here if" in block_text.casefold()
            assert squash(spec["summary"]).replace("Start here if ", "") in block_text
            items = [text(li) for li in block.find_all("li")]
            for behaviour in spec["behaviours"]:
                assert behaviour in items, f"behaviour missing from {path_id} {level}: {behaviour}"
            for module_id in spec["modules"]:
                module = MODULES[module_id]
                link = links_to(site, url, block, f"modules/{module_id}/")
                assert link and text(link[0]) == module["title"]
                item = link[0].find_parent("li")
                assert KIND_WORDS[module.get("kind", "lesson")] in text(item).casefold()
                assert re.search(minutes_re(module["minutes"]), text(item))
            assert re.search(minutes_re(level_minutes(path_id, level)), block_text), (
                f"total time of {path_id} {level} ({level_minutes(path_id, level)} min) not shown: {block_text}"
            )
        assert positions == sorted(positions), "levels in order"

    page_text = text(body)
    practice = role.get("practice")
    if practice:
        hours = f"{practice['hours_per_week']:g}"
        practice_heading = heading(page, "h2", "practice")
        assert re.search(rf"\b{re.escape(hours)} hours?\b", section_text(practice_heading))
        ideas = [text(li) for li in section_tags(practice_heading, "li")]
        assert ideas == practice["ideas"]
    for payoff in role.get("payoff", []):
        assert payoff in page_text
    guide = links_to(site, url, body, f"roles/{role_id}/manager/")
    assert guide, "the role page links to its manager guide"


def test_role_without_practice_budget_has_no_practice_section(site: Path) -> None:
    body = article(soup(site, "roles/financial-analyst/"))
    assert not [h for h in body.find_all("h2") if "practice" in text(h).casefold()]
    assert not links_to(site, "roles/financial-analyst/", body, "roles/financial-analyst/practice.ics")


# ---- manager guides ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role_id", ROLES)
def test_manager_guide(site: Path, role_id: str) -> None:
    role = ROLES[role_id]
    url = f"roles/{role_id}/manager/"
    page = soup(site, url)
    body = article(page)
    assert role["title"] in text(body.find("h1"))
    assert links_to(site, url, body, f"roles/{role_id}/"), "links back to the role page"
    manager = role.get("manager", {})

    for part, defaults in (("before", engine_site.DEFAULT_BEFORE), ("after", engine_site.DEFAULT_AFTER)):
        items = [text(li) for li in section_tags(heading(page, "h2", rf"\b{part}\b"), "li")]
        expected = list(manager.get(part, []))
        for path_id in role["paths"]:
            expected += PATHS[path_id].get("manager", {}).get(part, [])
        expected = list(dict.fromkeys(expected)) or list(defaults)
        assert items == expected, f"'{part}': the role's then its paths', once each; else the defaults"

    # The observation checklist: every behaviour of every path the role follows, grouped by level.
    checklist = heading(page, "h2", "observ")
    for path_id in role["paths"]:
        path = PATHS[path_id]
        path_heading = [h for h in section_tags(checklist, "h3") if text(h) == path["title"]]
        assert len(path_heading) == 1, f"the checklist has a part for {path_id}"
        nodes = list(between(path_heading[0], ("h2", "h3")))
        sequence = [squash(str(n)) for n in nodes if not isinstance(n, Tag) and str(n).strip()]
        cursor = 0
        for level in LEVELS:
            label = next((i for i, s in enumerate(sequence) if i >= cursor and s.casefold() == level), None)
            assert label is not None, f"level label {level} after position {cursor} in {sequence}"
            cursor = label + 1
            behaviours = path["levels"][level]["behaviours"]
            assert sequence[cursor : cursor + len(behaviours)] == behaviours
            cursor += len(behaviours)
        checks = [li for li in nodes if isinstance(li, Tag) and li.name == "li"]
        assert len(checks) == sum(len(path["levels"][lv]["behaviours"]) for lv in LEVELS)

    prompts = [text(li) for li in section_tags(heading(page, "h2", "prompt"), "li")]
    assert prompts == (list(manager.get("prompts", [])) or list(engine_site.DEFAULT_PROMPTS))

    metrics = role.get("metrics_to_adjust", [])
    metric_headings = [h for h in body.find_all("h2") if "metric" in text(h).casefold()]
    if not metrics:
        assert not metric_headings
        return
    table = section_tags(metric_headings[0], "table")
    assert len(table) == 1
    rows = table[0].find("tbody").find_all("tr")
    assert [[text(cell) for cell in row.find_all(["th", "td"])] for row in rows] == [
        [m["metric"], m["conflict"], m["adjustment"]] for m in metrics
    ]


# ---- path, module, one-pager and home pages ------------------------------------------------------------


@pytest.mark.parametrize("path_id", PATHS)
def test_path_page(site: Path, path_id: str) -> None:
    path = PATHS[path_id]
    url = f"paths/{path_id}/"
    page = soup(site, url)
    body = article(page)
    assert text(body.find("h1")) == path["title"]
    assert path["summary"] in text(body)
    for level in LEVELS:
        spec = path["levels"][level]
        anchor = body.find(id=f"{path_id}-{level}")
        assert anchor is not None and level in text(anchor).casefold()
        block = anchor.find_parent("section")
        items = [text(li) for li in block.find_all("li")]
        assert all(behaviour in items for behaviour in spec["behaviours"])
        for module_id in spec["modules"]:
            assert links_to(site, url, block, f"modules/{module_id}/")
    for role_id in roles_on(path_id):
        assert links_to(site, url, body, f"roles/{role_id}/"), f"the path page names {role_id}"


@pytest.mark.parametrize("module_id", MODULES)
def test_module_page(site: Path, module_id: str) -> None:
    module = MODULES[module_id]
    url = f"modules/{module_id}/"
    page = soup(site, url)
    body = article(page)
    body_text = text(body)
    assert text(body.find("h1")) == module["title"]
    assert module["summary"] in body_text
    kind = module.get("kind", "lesson")
    assert re.search(rf"\b{KIND_WORDS[kind]}", body_text, re.I)
    assert re.search(minutes_re(module["minutes"]), body_text)
    body_heading = re.match(r"## (.+)", module["body"])
    assert body_heading and any(body_heading.group(1) in text(h) for h in body.find_all("h2")), "the author's body"

    items = [text(li) for li in body.find_all("li")]
    for objective in module.get("objectives", []):
        assert objective in items
    for prerequisite in module.get("prerequisites", []):
        links = links_to(site, url, body, f"modules/{prerequisite}/")
        assert links and text(links[0]) == MODULES[prerequisite]["title"]

    sandbox = module.get("sandbox")
    if sandbox:
        block = heading(page, "h2", "sandbox")
        block_text = section_text(block)
        assert sandbox["setting"] in block_text
        assert re.search(minutes_re(sandbox["time_box"]), block_text), "the time box"
        assert [text(li) for li in section_tags(block, "li")] == sandbox["success"]
    else:
        assert not [h for h in body.find_all(["h2", "h3"]) if "sandbox" in text(h).casefold()]
    for prompt in module.get("reflection", []):
        assert prompt in items

    # Where this fits: each use links to the path and to the roles' level anchors; the next step is below it.
    fits = heading(page, "h2", "where this fits")
    uses = section_tags(fits, "li")
    expected_uses = next_modules(module_id)
    assert len(uses) == len(expected_uses)
    for path_id, level, _following in expected_uses:
        matching = [li for li in uses if links_to(site, url, li, f"paths/{path_id}/") and level in text(li).casefold()]
        assert len(matching) == 1, f"one entry for {path_id} {level}"
        entry = matching[0]
        for role_id in roles_on(path_id):
            role_links = links_to(site, url, entry, f"roles/{role_id}/")
            assert role_links, f"links to {role_id}"
            target, fragment = link_target(site, url, role_links[0])
            landing = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=fragment)
            assert landing is not None, f"the anchor #{fragment} exists on the role page"
            assert landing.get("id") == f"{path_id}-{level}", "the link lands on the level it is used in"
        next_links = [a for a in entry.find_all("a") if "modules/" in urljoin(url, str(a["href"]))]
        assert not next_links, "one next step on the page: Next in your path, not one per use"

    # Next in your path: one step per role that meets the module, the role's own next module in its
    # order (paths, levels, modules; each module met once); the first shown, the others for the JS.
    steps = page.select(".rp-next .rp-next-step[data-rp-role]")
    expected_steps = {role_id: following for role_id, following in role_next(module_id)}
    assert {step["data-rp-role"] for step in steps} == set(expected_steps)
    assert [step.has_attr("hidden") for step in steps] == [False] + [True] * (len(steps) - 1)
    for step in steps:
        role_id, following = step["data-rp-role"], expected_steps[step["data-rp-role"]]
        if following is None:
            assert "last module" in text(step)
        else:
            assert links_to(site, url, step, f"modules/{following}/"), f"Next for {role_id}: {following}"
        assert links_to(site, url, step, f"roles/{role_id}/"), "a way back to the role"


def test_leader_one_pager(site: Path) -> None:
    leader = LEADERS["inviting-learning"]
    body = article(soup(site, "leaders/inviting-learning/"))
    assert text(body.find("h1")) == leader["title"]
    tables = body.find_all("table")
    assert len(tables) == 1
    rows = tables[0].find("tbody").find_all("tr")
    assert len(rows) == len(leader["phrases"])
    for row, phrase in zip(rows, leader["phrases"], strict=True):
        cells = [text(cell) for cell in row.find_all(["td", "th"])]
        assert cells[:2] == [phrase["instead_of"], phrase["say"]]
        if phrase.get("why"):
            assert phrase["why"] in cells
    body_heading = next((h for h in body.find_all("h2") if "Try this week" in text(h)), None)
    assert body_heading is not None, "the author's body"
    assert tables[0].sourceline < body_heading.sourceline, "the phrase table comes before the body"


@pytest.mark.parametrize("url", ["", "roles/"])
def test_catalog_grouped_by_family(site: Path, url: str) -> None:
    page = soup(site, url)
    body = article(page)
    families: dict[str, list[str]] = {}
    for role_id, role in ROLES.items():
        families.setdefault(role["family"], []).append(role_id)
    headings = {text(h): h for h in body.find_all(["h2", "h3"])}
    for family, role_ids in families.items():
        assert family in headings, f"a heading for the family {family}"
        stop = tuple(f"h{n}" for n in range(1, int(headings[family].name[1]) + 1))
        anchors = [
            n for n in between(headings[family], stop) if isinstance(n, Tag) and n.name == "a" and n.has_attr("href")
        ]
        for role_id in ROLES:
            listed = bool(links_to(site, url, anchors, f"roles/{role_id}/"))
            assert listed == (role_id in role_ids), f"{role_id} {'not ' * listed}listed under {family}"
    if url == "":
        assert "Welcome to the portal for everyone at Acme." in text(body), "the authored home text stays"
        assert links_to(site, url, body, "leaders/inviting-learning/")


def test_ordinary_page_is_passed_through(site: Path) -> None:
    body = article(soup(site, "about/"))
    assert text(body.find("h1")).startswith("About this portal")
    assert "The learning team runs it" in text(body)


# ---- links, edit links, search, portal.json, nav -------------------------------------------------------


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    pages: dict[Path, BeautifulSoup] = {}

    def parsed(path: Path) -> BeautifulSoup:
        if path not in pages:
            pages[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return pages[path]

    html_files = sorted(site.rglob("*.html"))
    assert len(html_files) > 15
    for html_file in html_files:
        from_file = page_url_of(site, html_file)
        for element in parsed(html_file).find_all(["a", "link", "script", "img"]):
            ref = element.get("href") or element.get("src")
            if not ref or str(ref).startswith(("mailto:", "data:", "javascript:")):
                continue
            resolved = resolve(site, from_file, str(ref))
            if resolved is None:
                continue
            target, fragment = resolved
            if target.name == "practice.ics":
                continue  # the calendar has its own test: test_practice_calendar_for_every_role_with_a_budget
            if not target.is_file():
                broken.append(f"{from_file}: {ref} -> missing {target.relative_to(site)}")
            elif fragment and target.suffix == ".html" and element.name == "a":
                landing = parsed(target)
                if landing.find(id=fragment) is None and landing.find(attrs={"name": fragment}) is None:
                    broken.append(f"{from_file}: {ref} -> no #{fragment} in {target.relative_to(site)}")
    assert not broken, "broken internal links:\n" + "\n".join(broken[:50])


def edit_link(site_dir: Path, url: str) -> str:
    # By its address: Material marks it rel="edit" only from 9.6.15, and the lowest allowed is older.
    anchors = soup(site_dir, url).select("article a.md-content__button[href*='/edit/']")
    assert len(anchors) == 1, f"one edit link on /{url}"
    return normalised_url(str(anchors[0]["href"]))


def test_edit_links_point_at_the_source_files(site: Path) -> None:
    for role_id in ROLES:
        for url in (f"roles/{role_id}/", f"roles/{role_id}/manager/"):
            assert edit_link(site, url) == f"{REPO_URL}/edit/main/roles/{role_id}.yml"
    for path_id in PATHS:
        assert edit_link(site, f"paths/{path_id}/") == f"{REPO_URL}/edit/main/paths/{path_id}.yml"
    for module_id in MODULES:
        assert edit_link(site, f"modules/{module_id}/") == f"{REPO_URL}/edit/main/content/modules/{module_id}.md"
    for leader_id in LEADERS:
        assert edit_link(site, f"leaders/{leader_id}/") == f"{REPO_URL}/edit/main/content/leaders/{leader_id}.md"


def test_search_index_holds_the_generated_pages(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {doc["location"]: doc["title"] for doc in docs}
    expected = {f"roles/{r}/": ROLES[r]["title"] for r in ROLES}
    expected |= {f"paths/{p}/": PATHS[p]["title"] for p in PATHS}
    expected |= {f"modules/{m}/": MODULES[m]["title"] for m in MODULES}
    expected |= {f"leaders/{o}/": LEADERS[o]["title"] for o in LEADERS}
    for location, title in expected.items():
        assert titles.get(location) == title, f"search index entry for /{location}"
    for role_id, role in ROLES.items():
        guide = [doc for doc in docs if doc["location"] == f"roles/{role_id}/manager/"]
        assert len(guide) == 1
        searchable = f"{guide[0]['title']} {guide[0]['text']}".casefold()
        assert "manager" in searchable and role["title"].casefold() in searchable
    role_text = " ".join(doc["text"] for doc in docs if doc["location"].startswith("roles/support-agent/#"))
    assert "Check before you ship" in role_text, "the generated body is indexed, not only the title"


def test_portal_json_lists_everything_with_urls_that_exist(site: Path) -> None:
    data = json.loads((site / "portal.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in data["roles"]} == set(ROLES)
    assert {p["id"] for p in data["paths"]} == set(PATHS)
    assert {m["id"] for m in data["modules"]} == set(MODULES)
    assert {o["id"] for o in data["leaders"]} == set(LEADERS)
    urls: list[str] = []
    for role in data["roles"]:
        urls += [role["url"], role["manager_guide_url"]]
        assert role["paths"] == ROLES[role["id"]]["paths"]
    for path in data["paths"]:
        urls.append(path["url"])
        assert [level["name"] for level in path["levels"]] == list(LEVELS)
        for level in path["levels"]:
            urls.append(level["url"])
            assert level["modules"] == PATHS[path["id"]]["levels"][level["name"]]["modules"]
    urls += [m["url"] for m in data["modules"]] + [o["url"] for o in data["leaders"]]
    missing = []
    for url in urls:
        assert not url.startswith("/") and "://" not in url, "URLs are relative to the site root"
        resolved = resolve(site, "index.html", url)
        assert resolved is not None
        target, fragment = resolved
        exists = target.is_file()
        if exists and fragment:
            exists = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=fragment) is not None
        if not exists:
            missing.append(url)
    assert not missing, f"portal.json URLs that do not exist in the site: {missing}"


def test_navigation_is_small(site: Path) -> None:
    page = soup(site, "modules/prompting-basics/")
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None
    targets = {
        resolved[0].relative_to(site).as_posix()
        for a in nav.find_all("a", href=True)
        if (resolved := resolve(site, "modules/prompting-basics/index.html", str(a["href"]))) is not None
    }
    module_pages = {t for t in targets if t.startswith("modules/")}
    role_pages = {t for t in targets if re.fullmatch(r"roles/[^/]+/index\.html", t)}
    assert len(module_pages) <= 1, f"the sidebar lists modules: {sorted(module_pages)}"
    assert len(role_pages) < len(ROLES), f"the sidebar lists every role: {sorted(role_pages)}"
    assert len(nav.find_all("a")) < 20


# ---- failing builds ------------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(folder: Path) -> set[str]:
    return {p.name for p in folder.parent.iterdir()}


def test_strict_build_fails_on_an_unused_module_and_keeps_the_site(tmp_path: Path) -> None:
    root = make_portal(tmp_path, **small_portal())
    site_dir = build_site(root, strict=True)
    before = tree(site_dir)
    write(root / "content" / "modules" / "unused.md", "---\ntitle: Unused\nsummary: Nobody.\nminutes: 5\n---\nBody.\n")
    with pytest.raises(Abort):
        build_site(root, strict=True)
    assert tree(site_dir) == before, "a build that --strict fails must leave the published site as it was"
    # Without --strict the warning does not stop the build.
    build_site(root)
    assert (site_dir / "modules" / "unused" / "index.html").is_file()


def test_author_error_fails_with_path_and_line_and_keeps_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    portal = small_portal()
    root = make_portal(tmp_path, **portal)
    site_dir = build_site(root)
    before = tree(site_dir)
    before_siblings = siblings(site_dir)

    broken = (root / "paths" / "support-basics.yml").read_text(encoding="utf-8")
    lines = broken.splitlines()
    line = next(i for i, s in enumerate(lines, 1) if "- triage-sandbox" in s or "[triage-sandbox]" in s)
    write(root / "paths" / "support-basics.yml", broken.replace("triage-sandbox", "triage-sandbx", 1))
    caplog.clear()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(caplog.handler)  # in case something ran MkDocs' CLI in-process (it stops propagation)
    try:
        with caplog.at_level(logging.INFO), pytest.raises(Abort):
            build_site(root)
    finally:
        mkdocs_logger.removeHandler(caplog.handler)
    messages = [record.getMessage() for record in caplog.records]
    expected = re.compile(rf"(^|\s)paths/support-basics\.yml:{line}: unknown module 'triage-sandbx'")
    assert any(expected.search(message) for message in messages), messages
    assert any("did you mean 'triage-sandbox'" in message for message in messages)
    assert "Traceback" not in caplog.text
    assert not any(record.exc_info for record in caplog.records), "no Python traceback for an author error"
    assert tree(site_dir) == before, "a failed build leaves the site byte-for-byte as it was"
    assert siblings(site_dir) == before_siblings, "and leaves no staging folder behind"


def test_successful_build_replaces_the_site_whole(tmp_path: Path) -> None:
    root = make_portal(tmp_path, **small_portal())
    site_dir = build_site(root)
    write(site_dir / "stale.html", "<p>from an earlier build</p>")
    write(site_dir / "modules" / "gone" / "index.html", "<p>a module that was deleted</p>")
    siblings_before = siblings(site_dir)
    build_site(root)
    assert not (site_dir / "stale.html").exists()
    assert not (site_dir / "modules" / "gone").exists()
    assert (site_dir / "roles" / "support-agent" / "index.html").is_file()
    assert siblings(site_dir) == siblings_before, "no staging or retired folder left beside the site"


def _guide_lists(site: Path, role_id: str) -> dict[str, list[str]]:
    page = soup(site, f"roles/{role_id}/manager/")
    return {
        part: [text(li) for li in section_tags(heading(page, "h2", pattern), "li")]
        for part, pattern in (("before", r"\bbefore\b"), ("after", r"\bafter\b"), ("prompts", "prompt"))
    }


def test_a_guide_whose_role_and_path_say_nothing_gets_the_built_in_items(tmp_path: Path) -> None:
    site = build_site(make_portal(tmp_path, **small_portal()))
    assert _guide_lists(site, "support-agent") == {
        "before": list(engine_site.DEFAULT_BEFORE),
        "after": list(engine_site.DEFAULT_AFTER),
        "prompts": list(engine_site.DEFAULT_PROMPTS),
    }


def test_a_guide_says_each_item_once_and_no_built_in_one_beside_the_role_s(tmp_path: Path) -> None:
    portal = small_portal()
    portal["roles"]["support-agent"]["manager"] = {"before": ["Book the practice hours as off-queue time."]}
    portal["paths"]["support-basics"]["manager"] = {
        "before": ["Book the practice  hours as OFF-QUEUE time.", "Agree which tickets stay with a person."],
        "after": ["In the first week, review five drafted replies together."],
    }
    site = build_site(make_portal(tmp_path, **portal))
    assert _guide_lists(site, "support-agent") == {
        "before": ["Book the practice hours as off-queue time.", "Agree which tickets stay with a person."],
        "after": ["In the first week, review five drafted replies together."],
        "prompts": list(engine_site.DEFAULT_PROMPTS),
    }
