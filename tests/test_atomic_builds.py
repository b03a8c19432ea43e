"""Atomic builds: a build that fails, at any stage, leaves the published site byte-for-byte as it was.

rolepath builds into a staging folder beside ``site_dir`` and swaps it into place only at the
very end of a successful build. Each test publishes a site, breaks the repository at one stage
of the build (the content check in ``on_config``, a template, Markdown, ``--strict``, another
hook), builds again and compares a hash of every file, and the folder around the site: no
staging or retired folder may be left behind. A successful rebuild replaces the site whole.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort
from sites import HOOK, OVERRIDES, build_site, make_portal, small_portal, write

Snapshot = dict[str, str]


def snapshot(site: Path) -> Snapshot:
    """sha256 of every file under ``site``, by relative path (empty when there is no site)."""
    if not site.exists():
        return {}
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def neighbours(site: Path) -> set[str]:
    return {p.name for p in site.parent.iterdir()}


def leftovers(site: Path) -> list[str]:
    return sorted(name for name in neighbours(site) if "rolepath" in name and name != site.name)


class Published:
    """A repository with a successfully built site, and what the site looked like."""

    def __init__(self, root: Path, strict: bool = False) -> None:
        self.root = root
        self.site = build_site(root, strict=strict)
        self.before = snapshot(self.site)
        self.neighbours = neighbours(self.site)
        assert self.before and "index.html" in self.before

    def assert_untouched(self) -> None:
        after = snapshot(self.site)
        changed = sorted(set(after) ^ set(self.before)) + sorted(
            name for name in after.keys() & self.before.keys() if after[name] != self.before[name]
        )
        assert not changed, f"the failed build changed the published site: {changed[:10]}"
        assert neighbours(self.site) == self.neighbours, f"left behind: {leftovers(self.site)}"


def publish(tmp_path: Path, config: dict[str, Any] | None = None, strict: bool = False) -> Published:
    return Published(make_portal(tmp_path / "repo", **small_portal(), config=config), strict=strict)


def fails(root: Path, strict: bool = False) -> BaseException:
    """Build and return the exception the build ends with (it must end with one)."""
    with pytest.raises(Exception) as raised:
        build_site(root, strict=strict)
    return raised.value


# -- (a) the content check in on_config ------------------------------------------------------

AUTHOR_ERRORS: dict[str, Callable[[Path], None]] = {
    "unknown module": lambda root: _replace(root / "paths/support-basics.yml", "triage-sandbox", "triage-sandbx"),
    "YAML syntax error": lambda root: write(root / "roles/support-agent.yml", "title: [unclosed\n"),
    "missing required field": lambda root: _replace(root / "content/modules/prompting-basics.md", "minutes: 20", ""),
    "prerequisite cycle": lambda root: _replace(
        root / "content/modules/prompting-basics.md", "minutes: 20", "minutes: 20\nprerequisites: [triage-sandbox]"
    ),
}


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    write(file, text.replace(old, new, 1))


@pytest.mark.parametrize("mistake", list(AUTHOR_ERRORS))
def test_author_error_keeps_the_site(tmp_path: Path, mistake: str) -> None:
    published = publish(tmp_path)
    AUTHOR_ERRORS[mistake](published.root)
    assert isinstance(fails(published.root), Abort)
    published.assert_untouched()


def test_first_build_that_fails_creates_nothing(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "repo", **small_portal())
    AUTHOR_ERRORS["unknown module"](root)
    before = neighbours(root / "site") if (root / "site").exists() else {p.name for p in root.iterdir()}
    fails(root)
    assert not (root / "site").exists()
    # .cache holds the build cache: what the failed build could make (the parsed YAML) is kept for the next.
    assert {p.name for p in root.iterdir()} - {".cache"} == before, "no staging folder is left behind"


# -- (b) templates and Markdown, later in the build ------------------------------------------


def _overrides_copy(tmp_path: Path, file: str, text: str) -> Path:
    copy = tmp_path / "overrides"
    shutil.copytree(OVERRIDES, copy)
    write(copy / file, text)
    return copy


def _theme(custom_dir: Path) -> dict[str, Any]:
    return {"name": "material", "custom_dir": str(custom_dir), "font": False}


@pytest.mark.parametrize(
    ("file", "text"),
    [
        # A template that does not compile.
        ("rolepath/module.html", "{% if %}broken{% endif %}\n"),
        # A template that compiles and fails while rendering a page (StrictUndefined).
        ("rolepath/path.html", "<p>{{ path.no_such_field }}</p>\n"),
        # The theme's own layer (Material's main.html), rendered by MkDocs for every page.
        ("main.html", '{% extends "base.html" %}\n{% block content %}{{ no_such_function() }}{% endblock %}\n'),
    ],
    ids=["template syntax error", "template runtime error", "theme template error"],
)
def test_template_error_keeps_the_site(tmp_path: Path, file: str, text: str) -> None:
    good = tmp_path / "good-overrides"
    shutil.copytree(OVERRIDES, good)
    published = publish(tmp_path, config={"theme": _theme(good)})
    shutil.rmtree(good)
    shutil.copytree(_overrides_copy(tmp_path, file, text), good)
    fails(published.root)
    published.assert_untouched()


def test_markdown_that_breaks_the_renderer_keeps_the_site(tmp_path: Path) -> None:
    """Python-Markdown's md_in_html recurses once per nested block: thousands of them end the
    build with a RecursionError while pages are rendered, long after the content check."""
    extensions = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}]
    published = publish(tmp_path, config={"markdown_extensions": extensions})
    module = published.root / "content/modules/prompting-basics.md"
    write(module, module.read_text(encoding="utf-8") + "<div markdown>\n" * 3000 + "deep\n" + "</div>\n" * 3000)
    fails(published.root)
    published.assert_untouched()


# -- (c) --strict ------------------------------------------------------------------------------

UNUSED = "---\ntitle: Unused\nsummary: No path lists it.\nminutes: 5\n---\nBody.\n"


def test_strict_build_with_a_content_warning_keeps_the_site(tmp_path: Path) -> None:
    published = publish(tmp_path, strict=True)
    write(published.root / "content/modules/unused.md", UNUSED)
    assert isinstance(fails(published.root, strict=True), Abort)
    published.assert_untouched()
    build_site(published.root)  # without --strict a warning does not stop the build
    assert (published.site / "modules/unused/index.html").is_file()


def test_strict_build_with_a_warning_from_mkdocs_itself_keeps_the_site(tmp_path: Path) -> None:
    """A broken link is reported by MkDocs while pages render, after rolepath's own checks."""
    published = publish(tmp_path, strict=True)
    write(published.root / "content/about.md", "# About\n\nSee [the missing page](missing.md).\n")
    assert isinstance(fails(published.root, strict=True), Abort)
    published.assert_untouched()


# -- (d) another hook fails -------------------------------------------------------------------

BOOM = """\
from pathlib import Path

HERE = Path(__file__).parent


def _maybe_fail(event, *args, **kwargs):
    flag = HERE / f"{event}.boom"
    if flag.exists():
        target = flag.read_text()
        if target == "*" or target in repr(args) + repr(kwargs):
            raise RuntimeError(f"another hook failed in {event}")
    return args[0] if args else None


def on_page_content(html, **kwargs):
    return _maybe_fail("on_page_content", html, **kwargs)


def on_post_page(output, **kwargs):
    return _maybe_fail("on_post_page", output, **kwargs)


def on_env(env, **kwargs):
    return _maybe_fail("on_env", env, **kwargs)


def on_post_build(**kwargs):
    _maybe_fail("on_post_build", **kwargs)
"""
"""A hook listed after rolepath's that fails in an event when ``<event>.boom`` exists beside it.
(MkDocs loads a hook file once per process, so the file itself never changes between builds.)"""


@pytest.mark.parametrize(
    ("event", "target"),
    [
        ("on_page_content", "triage-sandbox"),  # halfway through the pages
        ("on_post_page", "*"),  # after the first page is rendered, before it is written
        ("on_env", "*"),  # before any page is rendered
        ("on_post_build", "*"),  # every page written, rolepath's own on_post_build (priority -100) not yet run
    ],
)
def test_another_hook_failing_keeps_the_site(tmp_path: Path, event: str, target: str) -> None:
    boom = tmp_path / "hooks" / "boom_hook.py"
    write(boom, BOOM)
    published = publish(tmp_path, config={"hooks": [str(HOOK), str(boom)]})
    write(boom.with_name(f"{event}.boom"), target)
    error = fails(published.root)
    assert "another hook failed" in str(error)
    published.assert_untouched()


# -- (e) a successful build ------------------------------------------------------------------


def test_successful_rebuild_replaces_the_site_whole(tmp_path: Path) -> None:
    published = publish(tmp_path)
    write(published.site / "stale.html", "<p>from an earlier build</p>")
    write(published.site / "modules/old-module/index.html", "<p>a module since deleted</p>")
    module = published.root / "content/modules/prompting-basics.md"
    write(module, module.read_text(encoding="utf-8").replace("Why short prompts disappoint", "Fresh heading"))
    build_site(published.root)
    after = snapshot(published.site)
    assert "stale.html" not in after and "modules/old-module/index.html" not in after
    assert "Fresh heading" in (published.site / "modules/prompting-basics/index.html").read_text("utf-8")
    assert set(after) == set(published.before), "the same pages, and nothing else"
    assert not leftovers(published.site)


def test_build_after_a_crash_mid_swap_loses_nothing(tmp_path: Path) -> None:
    """A build killed between retiring the old site and moving the new one in leaves the site
    missing and the previous one retired beside it. The next build, even a failing one, must
    not lose it: the published site comes back."""
    published = publish(tmp_path)
    retired = published.site.with_name(f".{published.site.name}.rolepath-previous")
    published.site.rename(retired)
    staging = published.site.with_name(f".{published.site.name}.rolepath-staging")
    staging.mkdir()
    write(staging / "index.html", "<p>half a site</p>")
    AUTHOR_ERRORS["unknown module"](published.root)
    fails(published.root)
    published.assert_untouched()
