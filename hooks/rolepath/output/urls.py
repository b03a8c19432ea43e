"""Every URL of the built site and every source path the build pretends a page has: the one home
of the URL scheme. The renderer gives these functions to the templates, and the templates hand
what the browser needs to ``rolepath.js`` in data attributes, so nothing else spells a URL out.

URLs are relative to the site root, with directory URLs ('roles/support-agent/'); source paths
(``src_uri``) are relative to the docs folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from ..content.load import PRACTICE_FOLDER

HOME_SOURCE = "index.md"
CATALOG_SOURCE = "roles/index.md"
COVERAGE_SOURCE = "coverage.md"
CATALOG_DATA = "portal.json"
"""The whole catalog as data (`catalog`)."""
SITE_FEED = "feed.xml"
"""The site-wide Atom feed of what changed."""

OBSERVATION_LOG_SCRIPT = "assets/rolepath/observation-log.js"
"""The manager guide's observation log, loaded on manager guides only."""
PRACTICE_CALENDAR_SCRIPT = "assets/rolepath/practice-calendar.js"
"""Makes a role's practice calendar in the browser from the reader's start, loaded on role pages only."""

ADOPTION_SOURCE = "adoption/index.md"
ADOPTION = "adoption/"
ADOPTION_DATA = "adoption.json"
"""Every published adoption figure as data (editions with manager guides only)."""

CATALOG = "roles/"
COVERAGE = "coverage/"


def role_url(role_id: str) -> str:
    return f"roles/{role_id}/"


def manager_url(role_id: str) -> str:
    return f"roles/{role_id}/manager/"


def calendar_url(role_id: str) -> str:
    return f"roles/{role_id}/practice.ics"


def role_feed_url(role_id: str) -> str:
    return f"roles/{role_id}/feed.xml"


def path_url(path_id: str) -> str:
    return f"paths/{path_id}/"


def module_url(module_id: str) -> str:
    return f"modules/{module_id}/"


def leader_url(leader_id: str) -> str:
    return f"leaders/{leader_id}/"


def level_anchor(path_id: str, level: str) -> str:
    return f"{path_id}-{level}"


def level_url(path_id: str, level: str) -> str:
    """A level's section on its path's page."""
    return f"{path_url(path_id)}#{level_anchor(path_id, level)}"


def role_level_url(role_id: str, path_id: str, level: str) -> str:
    """A level's section on the page of a role that follows the path."""
    return f"{role_url(role_id)}#{level_anchor(path_id, level)}"


def team_url(team_id: str) -> str:
    """A team's adoption page."""
    return f"{ADOPTION}{team_id}/"


def team_source(team_id: str) -> str:
    return f"{ADOPTION}{team_id}/index.md"


def role_source(role_id: str) -> str:
    return f"roles/{role_id}/index.md"


def manager_source(role_id: str) -> str:
    return f"roles/{role_id}/manager.md"


def path_source(path_id: str) -> str:
    return f"paths/{path_id}/index.md"


def module_source(module_id: str) -> str:
    """A module's authored Markdown file."""
    return f"modules/{module_id}.md"


def leader_source(leader_id: str) -> str:
    """A leader one-pager's authored Markdown file."""
    return f"leaders/{leader_id}.md"


ANSWER_KEY_ANCHOR = "answer-key"
"""The facilitators' section of an exercise page (editions with manager guides only)."""


def material_url(module_id: str, name: str) -> str:
    """A sandbox material, published as the file itself (a download) beside its exercise."""
    return f"{module_url(module_id)}files/{name}"


def practice_source(module_id: str, name: str) -> str:
    """A practice file as written, relative to the docs folder (never published as it is)."""
    return f"{PRACTICE_FOLDER}/{module_id}/{name}"


def answer_key_url(module_id: str) -> str:
    return f"{module_url(module_id)}#{ANSWER_KEY_ANCHOR}"


def authored_kind(src_uri: str) -> tuple[str, str]:
    """('module', id) or ('leader', id) for an authored module or one-pager file; ('', '') otherwise."""
    folder, _, name = src_uri.rpartition("/")
    if name.endswith(".md") and folder in ("modules", "leaders"):
        return folder[:-1], name[: -len(".md")]
    return "", ""


def page_url(src_uri: str) -> str:
    """The URL MkDocs gives an ordinary Markdown page (directory URLs)."""
    stem = src_uri[: -len(".md")]
    return "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def linker(from_url: str) -> Callable[[str], str]:
    """A function giving the link from the page at ``from_url`` to another site URL."""
    base = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url else ""

    def link(to_url: str) -> str:
        anchor = ""
        if "#" in to_url:
            to_url, anchor = to_url.split("#", 1)
            anchor = "#" + anchor
        relative = posixpath.relpath(to_url or ".", base or ".")
        if to_url.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return (relative if relative != "./" else "./") + anchor

    return link
