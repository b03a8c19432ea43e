"""The served folder between serve rebuilds: set aside, brought back, and what a build did not write removed."""

from __future__ import annotations

import os
from pathlib import Path

from rolepath.adapter.serve_overwrite import SET_ASIDE, Overwrite


def _site(root: Path) -> Path:
    for rel in ("index.html", "modules/a/index.html", "modules/b/index.html", "assets/app.js", ".hidden"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel)
    past = 1_700_000_000  # the previous build wrote everything well before this one began
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    return root


def test_the_previous_build_is_out_of_the_way_while_mkdocs_cleans_then_back(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    overwrite = Overwrite.begin(site)
    assert sorted(os.listdir(site)) == sorted([".hidden", ".rolepath-build-started", SET_ASIDE])
    overwrite.bring_back()
    assert (site / "modules/a/index.html").read_text() == "modules/a/index.html"
    assert not (site / SET_ASIDE).exists()


def test_what_the_build_did_not_write_is_removed_with_the_folders_it_empties(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    overwrite = Overwrite.begin(site)
    overwrite.bring_back()
    for rel in ("index.html", "modules/a/index.html", "assets/app.js"):  # this build's pages
        (site / rel).write_text("new")
    overwrite.remove_unwritten()
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == [".hidden", "assets", "assets/app.js", "index.html", "modules", "modules/a", "modules/a/index.html"]


def test_a_file_written_before_mkdocs_cleaned_wins_over_the_old_one(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    overwrite = Overwrite.begin(site)
    (site / "index.html").write_text("new")
    overwrite.bring_back()
    assert (site / "index.html").read_text() == "new"
    assert (site / "modules/b/index.html").is_file()


def test_a_folder_set_aside_by_a_killed_process_is_discarded(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / SET_ASIDE / "stale").mkdir(parents=True)
    overwrite = Overwrite.begin(site)
    overwrite.bring_back()
    assert not (site / "stale").exists()
    assert (site / "index.html").is_file()
