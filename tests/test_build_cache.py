"""`mkdocs build` with the build cache on disk gives exactly the site a build without it gives.

Each test builds the portal with the cache (the default: ``.cache/rolepath/`` in the repository),
edits it the way an author does, builds again with what the first build left on disk, and compares
every file, byte for byte, with a build of the same files with ``cache: false``. The edits are the
ones `tests/test_serve_rebuilds.py` makes, one for each input the cache's keys cover. What was reused
is read from the debug line rolepath logs at the end of every build (what `mkdocs build -v` shows).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from rolepath.adapter.serve_cache import build_salt
from rolepath.content.memo import DiskStore
from sites import (
    AUTHOR_EDITS,
    REPO,
    assert_same_site,
    build_recorded,
    build_with,
    edit,
    editable_portal,
    make_portal,
    uncached,
    v2_portal,
    write,
)

CACHE = Path(".cache/rolepath/mkdocs")
"""Where the build of mkdocs.yml keeps its cache, inside the repository."""


class Built:
    """What one build said: how much it reused, and its warnings and debug lines."""

    def __init__(self, messages: list[tuple[int, str]]) -> None:
        self.warnings = [text for level, text in messages if level == logging.WARNING]
        self.debug = [text for level, text in messages if level == logging.DEBUG]
        reused = [text for text in self.debug if "reused from earlier rebuilds" in text]
        assert reused, "rolepath logged nothing about reuse: did the build cache run?"
        self.reused = {
            name: (int(hits), int(total)) for name, hits, total in re.findall(r"(\w+) (\d+)/(\d+)", reused[-1])
        }

    def reused_everything(self, *names: str) -> bool:
        return all(self.reused[name][0] == self.reused[name][1] > 0 for name in names)


def build(root: Path, site: Path) -> Built:
    """`mkdocs build` of mkdocs.yml, as a new process does it (the cache is read from disk). The
    site folder is part of the configuration, so builds meant to reuse use the same one."""
    return Built(build_recorded(root / "mkdocs.yml", site))


def reference(root: Path, site: Path) -> Path:
    """The same files built with ``cache: false``."""
    built = build_with(uncached(root), site)
    assert not (root / ".cache/rolepath/mkdocs-uncached").exists()
    return built


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return editable_portal(tmp_path)


def test_a_cold_and_a_warm_build_give_the_site_a_build_without_cache_gives(portal: Path, tmp_path: Path) -> None:
    cold = build(portal, tmp_path / "site")
    assert cold.reused["theme"][0] == 0
    assert (portal / CACHE).is_dir()
    expected = reference(portal, tmp_path / "reference")
    assert_same_site(tmp_path / "site", expected)
    warm = build(portal, tmp_path / "site")
    # Not "templates": the first warm build compiles the one-line template that writes a reused page.
    assert warm.reused_everything("Markdown", "search", "theme", "bodies", "YAML")
    assert_same_site(tmp_path / "site", expected)


@pytest.mark.parametrize(("file", "old", "new"), AUTHOR_EDITS.values(), ids=AUTHOR_EDITS.keys())
def test_a_warm_build_after_an_edit_gives_the_site_a_build_without_cache_gives(
    portal: Path, tmp_path: Path, file: str, old: str, new: str
) -> None:
    build(portal, tmp_path / "site")
    edit(tmp_path / file if file.startswith("overrides/") else portal / file, old, new)
    build(portal, tmp_path / "site")
    assert_same_site(tmp_path / "site", reference(portal, tmp_path / "reference"))


def test_a_module_body_edit_makes_only_that_module_again(portal: Path, tmp_path: Path) -> None:
    build(portal, tmp_path / "site")
    edit(portal / "content/modules/prompting-basics.md", "has four parts.", "has four parts and a fifth.")
    warm = build(portal, tmp_path / "site")
    for name in ("Markdown", "search", "theme"):
        hits, total = warm.reused[name]
        assert hits == total - 1, name
    assert "and a fifth." in (tmp_path / "site/modules/prompting-basics/index.html").read_text(encoding="utf-8")


def test_a_new_module_appears_and_a_deleted_one_disappears(portal: Path, tmp_path: Path) -> None:
    build(portal, tmp_path / "site")
    module = portal / "content/modules/refund-checks.md"
    write(
        module,
        "---\ntitle: Checking refunds\nsummary: Check a drafted refund against policy.\nminutes: 10\n---\n\n"
        "## The three numbers to check\n\nAmount, date and the order it belongs to.\n",
    )
    path_file = portal / "paths/support-basics.yml"
    original_path = path_file.read_text(encoding="utf-8")
    edit(path_file, "- triage-sandbox", "- triage-sandbox\n    - refund-checks")
    build(portal, tmp_path / "site")
    assert (tmp_path / "site/modules/refund-checks/index.html").is_file()
    assert_same_site(tmp_path / "site", reference(portal, tmp_path / "reference"))

    module.unlink()
    path_file.write_text(original_path, encoding="utf-8")
    build(portal, tmp_path / "site")
    assert not (tmp_path / "site/modules/refund-checks").exists()
    assert_same_site(tmp_path / "site", reference(portal, tmp_path / "reference"))


def test_an_edited_adoption_record_changes_the_pages_as_a_build_without_cache_does(
    portal_texts: Mapping[str, str], tmp_path: Path
) -> None:
    """The pages show the records only through the figures made from them, which the cache's keys cover."""
    root = tmp_path / "portal"
    for rel, text in v2_portal(portal_texts).items():
        write(root / rel, str(text))
    make_portal(root)
    build(root, tmp_path / "site")
    team_page = tmp_path / "site/adoption/support-leeds/index.html"
    assert "6 (67%)" not in team_page.read_text(encoding="utf-8")
    edit(root / "adoption/support-leeds/2026-W48.yml", "summarises-thread: 4", "summarises-thread: 6")
    warm = build(root, tmp_path / "site")
    assert "6 (67%)" in team_page.read_text(encoding="utf-8")
    # Only the pages that show the figures are made again (the overview and the team's page), not
    # every generated page: a week's records, a pull request every week, leave the rest as it was.
    hits, total = warm.reused["bodies"]
    assert total - hits == 2
    assert_same_site(tmp_path / "site", reference(root, tmp_path / "reference"))


def test_a_reused_page_warns_again_about_its_broken_link(portal: Path, tmp_path: Path) -> None:
    edit(portal / "content/modules/prompting-basics.md", "has four parts.", "has four parts ([see](missing.md)).")
    cold = build(portal, tmp_path / "site")
    assert [w for w in cold.warnings if "missing.md" in w] != []
    warm = build(portal, tmp_path / "site")
    assert warm.reused_everything("Markdown")
    assert [w for w in warm.warnings if "missing.md" in w] == [w for w in cold.warnings if "missing.md" in w]


def packs(root: Path) -> list[Path]:
    return sorted((root / CACHE).glob("*.pack"))


def test_a_damaged_entry_is_made_again_and_never_published(portal: Path, tmp_path: Path) -> None:
    build(portal, tmp_path / "site")
    for number, pack in enumerate(packs(portal)):
        data = pack.read_bytes()
        if number % 2:
            pack.write_bytes(data[: len(data) // 2])  # truncated
        else:
            middle = len(data) // 2
            pack.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])  # one byte flipped
    warm = build(portal, tmp_path / "site")
    assert [line for line in warm.debug if "is damaged: making it again" in line] != []
    assert [line for line in warm.debug if "is truncated: making its last entries again" in line] != []
    assert all(hits < total for hits, total in warm.reused.values())
    assert_same_site(tmp_path / "site", reference(portal, tmp_path / "reference"))
    # The damaged entries were replaced: the next build reuses them.
    assert build(portal, tmp_path / "site").reused_everything("Markdown", "search", "theme", "bodies")


def test_a_pack_under_another_memos_name_is_not_used(portal: Path, tmp_path: Path) -> None:
    build(portal, tmp_path / "site")
    (portal / CACHE / "theme.pack").write_bytes((portal / CACHE / "markdown.pack").read_bytes())
    warm = build(portal, tmp_path / "site")
    assert warm.reused["theme"][0] == 0
    assert_same_site(tmp_path / "site", reference(portal, tmp_path / "reference"))


def entries(root: Path, memo: str) -> int:
    return len(DiskStore(root / CACHE / f"{memo}.pack", build_salt(), print))


def test_the_cache_keeps_only_what_the_last_build_used(portal: Path, tmp_path: Path) -> None:
    build(portal, tmp_path / "site")
    swept = ("markdown", "search", "theme", "bodies")
    before = [entries(portal, memo) for memo in swept]
    stray = portal / CACHE / ".theme.pack.left-by-a-killed-build"
    write(stray, "half a pack")
    edit(portal / "content/modules/prompting-basics.md", "has four parts.", "has four parts and a fifth.")
    build(portal, tmp_path / "site")
    assert not stray.exists()
    # The edited page's old entries went when its new ones came.
    assert [entries(portal, memo) for memo in swept] == before
    assert min(before) > 0


def test_cache_false_builds_without_a_cache(portal: Path, tmp_path: Path) -> None:
    reference(portal, tmp_path / "site")
    assert not (portal / ".cache").exists()


def test_the_cache_folder_is_an_option(portal: Path, tmp_path: Path) -> None:
    build_with(write_edition(portal, "    cache: build/cache\n"), tmp_path / "site")
    assert (portal / "build/cache/mkdocs-elsewhere").is_dir()


def write_edition(root: Path, options: str) -> Path:
    config = root / "mkdocs-elsewhere.yml"
    write(config, f"INHERIT: mkdocs.yml\nextra:\n  rolepath:\n{options}")
    return config


def test_a_new_process_with_other_string_hashing_reuses_everything(portal: Path, tmp_path: Path) -> None:
    """Sets print in an order that depends on the process's string hashing: no key may depend on it."""
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(portal / "mkdocs.yml"), "-d", str(site)]
    for seed in ("1", "2"):
        done = subprocess.run(
            command,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "hooks")},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    reused = re.findall(r"(\w+) (\d+)/(\d+)", next(line for line in done.stderr.splitlines() if "reused from" in line))
    assert [name for name, hits, total in reused if name != "templates" and (hits != total or total == "0")] == []


def test_the_site_a_build_writes_over_gives_nothing_of_its_own(portal: Path, tmp_path: Path) -> None:
    """The cache keeps the site a build replaced, for the next build to write over: whatever of it
    the next build does not write is gone."""
    build(portal, tmp_path / "site")
    build(portal, tmp_path / "site")
    kept = portal / CACHE / "site"
    write(kept / "stale.html", "<p>from an earlier build</p>")
    write(kept / "modules/old-module/index.html", "<p>a module since deleted</p>")
    write(kept / "modules/prompting-basics/index.html", "<p>an old version</p>")
    build(portal, tmp_path / "site")
    assert_same_site(tmp_path / "site", reference(portal, tmp_path / "reference"))
    assert not (tmp_path / "site/modules/old-module").exists()
