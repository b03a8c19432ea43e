"""`mkdocs build` in worker processes writes exactly the site, and the messages, one process writes.

Each test builds a copy of the sample portal (every kind of page, two languages, adoption pages)
with two workers and in one process (``workers: 1``), and compares every file byte for byte. How
much the workers made is read from the debug line rolepath logs at the end of every build (what
`mkdocs build -v` shows): a build that quietly ran in one process would fail these tests.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from sites import REPO, assert_same_site, build_recorded, build_with, edit, edition, write

SAMPLE = ("mkdocs.yml", "content", "roles", "paths", "teams", "adoption", "overrides", "hooks")

ONE_PROCESS = "    workers: 1\n    cache: false\n"
TWO_WORKERS = "    workers: 2\n    cache: false\n"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample portal's repository (without its git history)."""
    root = tmp_path / "portal"
    root.mkdir()
    for name in SAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    return root


def made_by_workers(messages: list[tuple[int, str]]) -> list[dict[str, int]]:
    """What the workers made in each edition's build, by step, and what the main process took from
    them ("taken <memo>"), from rolepath's debug lines; checks that it took every page's Markdown
    and theme output they made, and no more search entries or bodies than they made."""
    lines = [text for level, text in messages if level == logging.DEBUG and "worker processes:" in text]
    found = []
    for line in lines:
        made_part, taken_part = line.split(": ", 2)[-1].split("; taken from them: ")
        made = {step: int(count) for count, step in re.findall(r"(\d+) (\w+)", made_part)}
        taken = {memo: int(count) for memo, count in re.findall(r"(\w+) (\d+)", taken_part)}
        converted, rendered = made.get("converted", 0), made.get("rendered", 0)
        assert (taken.get("Markdown", 0), taken.get("theme", 0)) == (converted, rendered), line
        # A page made again may keep its search entries or rolepath's body from an earlier build.
        assert taken.get("search", 0) <= rendered, line
        assert taken.get("bodies", 0) <= converted + made.get("calendars", 0), line
        found.append(made | {f"taken {memo}": count for memo, count in taken.items()})
    return found


def pages(site: Path) -> int:
    """The site's pages: every HTML file but the theme's 404 page."""
    return sum(1 for path in site.rglob("*.html") if path.name != "404.html")


def warnings(messages: list[tuple[int, str]]) -> list[str]:
    return [text for level, text in messages if level >= logging.WARNING]


def test_two_workers_write_the_site_one_process_writes(sample: Path, tmp_path: Path) -> None:
    one = build_recorded(edition(sample, "one", ONE_PROCESS), tmp_path / "one")
    two = build_recorded(edition(sample, "two", TWO_WORKERS), tmp_path / "two")
    assert_same_site(tmp_path / "two", tmp_path / "one")
    assert made_by_workers(one) == []
    english, german = made_by_workers(two)
    english_pages = pages(tmp_path / "two") - pages(tmp_path / "two/de")
    roles = len(list((tmp_path / "two/roles").glob("*/practice.ics")))
    made = {"converted": english_pages, "rendered": english_pages, "calendars": roles}
    assert {step: english[step] for step in made} == made
    # Nothing to reuse in a build without the cache: the main process took every result the workers made.
    assert (english["taken search"], english["taken bodies"]) == (english_pages, english_pages + roles)
    assert german["rendered"] == pages(tmp_path / "two/de")
    assert warnings(two) == warnings(one)


def test_workers_and_the_build_cache_write_the_site_one_process_writes(sample: Path, tmp_path: Path) -> None:
    """A cold build fills the cache from what the workers made; after an edit, the warm build
    renders in the workers only the pages whose theme output changed."""
    cached = edition(sample, "cached", "    workers: 2\n")
    cold = made_by_workers(build_recorded(cached, tmp_path / "site"))
    assert cold[0]["converted"] == cold[0]["rendered"] > 50
    build_with(edition(sample, "one", ONE_PROCESS), tmp_path / "one")
    assert_same_site(tmp_path / "site", tmp_path / "one")

    # A module's title shows on its own page, its path's and role's pages and the pages beside it.
    module = sample / "content/modules/account-research-with-ai.md"
    edit(module, "title: Account research with AI", "title: Account research, edited")
    warm = made_by_workers(build_recorded(cached, tmp_path / "site"))
    assert "converted" not in warm[0] and "calendars" not in warm[0]  # the cache has nearly all of them
    assert 0 < warm[0]["rendered"] < cold[0]["rendered"] / 2
    build_with(edition(sample, "one", ONE_PROCESS), tmp_path / "one")
    assert_same_site(tmp_path / "site", tmp_path / "one")


def test_a_change_that_converts_every_page_again_shares_them_out_with_a_warm_cache(
    sample: Path, tmp_path: Path
) -> None:
    """A cache left by a build of another configuration (or set of files, or rolepath version)
    holds no page's conversion: the workers convert them all, as in a cold build."""
    cached = edition(sample, "cached", "    workers: 2\n")
    build_recorded(cached, tmp_path / "site")
    edit(sample / "mkdocs.yml", "site_name: Acme AI Skills Portal", "site_name: Acme Skills Portal")
    warm = made_by_workers(build_recorded(cached, tmp_path / "site"))
    english_pages = pages(tmp_path / "site") - pages(tmp_path / "site/de")
    assert warm[0]["converted"] == warm[0]["rendered"] == english_pages
    assert "calendars" not in warm[0]  # a calendar shows no site name: each one is in the cache
    build_with(edition(sample, "one", ONE_PROCESS), tmp_path / "one")
    assert_same_site(tmp_path / "site", tmp_path / "one")


def test_a_broken_link_is_reported_once_in_order(sample: Path, tmp_path: Path) -> None:
    module = sample / "content/modules/account-research-with-ai.md"
    edit(module, "\n\n", "\n\nSee [the old card](no-such-card.md).\n\n")
    one = build_recorded(edition(sample, "one", ONE_PROCESS), tmp_path / "one")
    two = build_recorded(edition(sample, "two", TWO_WORKERS), tmp_path / "two")
    broken = [text for text in warnings(one) if "no-such-card.md" in text]
    # rolepath's check and MkDocs' own, in the English edition and the German one (which shows the English module)
    assert len(broken) == 4
    assert warnings(two) == warnings(one)
    assert made_by_workers(two)[0]["converted"] == pages(tmp_path / "two") - pages(tmp_path / "two/de") - 1
    assert_same_site(tmp_path / "two", tmp_path / "one")


def test_a_page_too_deep_for_the_sanitiser_fails_as_in_one_process_and_keeps_the_last_site(
    sample: Path, tmp_path: Path
) -> None:
    options = "    sanitize: {pages: true}\n"
    site = build_with(edition(sample, "two", TWO_WORKERS + options), tmp_path / "site")
    before = (site / "index.html").read_bytes()
    write(sample / "content/deep.md", "# Deep\n\n" + "<span>" * 300 + "x" + "</span>" * 300 + "\n")
    errors = []
    for name, workers in (("one", ONE_PROCESS), ("two", TWO_WORKERS)):
        messages: list[tuple[int, str]] = []
        with pytest.raises(Abort):
            build_recorded(edition(sample, name, workers + options), site, messages)
        errors.append([text for level, text in messages if level >= logging.ERROR])
    one, two = errors
    assert two == one
    assert "rolepath: content/deep.md:3: HTML nests 300 elements deep; the limit is 256: flatten the raw HTML" in two
    assert (site / "index.html").read_bytes() == before


def test_a_plugin_not_known_to_be_safe_keeps_the_build_in_one_process(sample: Path, tmp_path: Path) -> None:
    write(sample / "count_pages.py", "def on_page_markdown(markdown, **kwargs):\n    return markdown\n")
    config = sample / "mkdocs-other.yml"
    write(
        config,
        "INHERIT: mkdocs.yml\nhooks:\n  - hooks/rolepath_hook.py\n  - count_pages.py\n"
        "extra:\n  rolepath:\n" + TWO_WORKERS,
    )
    messages = build_recorded(config, tmp_path / "site")
    assert made_by_workers(messages) == []
    assert "rolepath: pages made in one process, not 2: plugin 'count_pages.py' is not known to be safe there" in [
        text for level, text in messages if level == logging.DEBUG
    ]


def test_a_thread_at_work_keeps_the_build_in_one_process(sample: Path, tmp_path: Path) -> None:
    """Forking while another thread works could leave a lock it holds held in the workers for ever."""
    done = threading.Event()
    worker = threading.Thread(target=done.wait, name="report-writer")  # not a daemon: the process waits for it
    worker.start()
    try:
        messages = build_recorded(edition(sample, "two", TWO_WORKERS), tmp_path / "site")
    finally:
        done.set()
        worker.join()
    assert made_by_workers(messages)[0] == {}
    said = [text for level, text in messages if level == logging.DEBUG]
    assert "rolepath: converted: made in one process, as this process runs other threads (report-writer)" in said


@pytest.mark.parametrize("value", ["0", "-1", "two", "true", "1.5"])
def test_the_workers_option_takes_a_whole_number(sample: Path, tmp_path: Path, value: str) -> None:
    messages: list[tuple[int, str]] = []
    with pytest.raises(Abort):
        build_recorded(edition(sample, "bad", f"    workers: {value}\n"), tmp_path / "site", messages)
    errors = [text for level, text in messages if level >= logging.ERROR]
    # The edition's own file, and the line the option is on: INHERIT, extra, rolepath, workers.
    assert any(
        text.startswith("rolepath: mkdocs-bad.yml:4: extra: rolepath: workers:")
        and "must be a whole number of processes" in text
        for text in errors
    ), errors
