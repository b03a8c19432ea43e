"""What the build makes from a portal: the generated pages, their HTML, and the catalog data.

Nothing here knows the host. A page is planned as a `PageSpec` (its URL, title and the file
that feeds it) and rendered to an HTML fragment with the Jinja templates in
``overrides/rolepath/``; the host puts the fragment inside its theme's layout.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..content.model import Module, OnePager, Portal, Role, SkillPath, Use
from ..tools import coverage

DEFAULT_BEFORE = (
    "Tell the person, in your own words, why this path matters for the team's work this quarter.",
    "Agree on the one behaviour from the checklist you will look for first, and when you will look.",
    "Book the practice time in both calendars before the first module, and say what it replaces.",
)
DEFAULT_AFTER = (
    "Within a week, watch for one behaviour from the checklist and tell the person exactly what you saw.",
    "Give feedback on the work, not the tool: what the output did well and what to check next time.",
    "Ask what got in the way, and remove one barrier before your next one-on-one.",
)
DEFAULT_PROMPTS = (
    "What did you try with the assistant this week, and what happened?",
    "Where did you stop trusting the output, and what did you check?",
    "What would make it easier to practise next week?",
)


@dataclass(frozen=True)
class PageSpec:
    """One page the build generates."""

    kind: str
    """home, catalog, role, manager or path."""
    src_uri: str
    """The Markdown file it pretends to be, relative to the docs folder."""
    url: str
    """Its URL relative to the site root, with directory URLs: 'roles/support-agent/'."""
    title: str
    subject: str = ""
    """The id of the role or path the page is about."""
    source: str | None = None
    """The repository file that produced it, for the edit link."""


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str
    """HTML: escaped text, as MkDocs expects of table-of-contents titles."""


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)


def role_url(role_id: str) -> str:
    return f"roles/{role_id}/"


def manager_url(role_id: str) -> str:
    return f"roles/{role_id}/manager/"


def calendar_url(role_id: str) -> str:
    return f"roles/{role_id}/practice.ics"


SITE_FEED = "feed.xml"
"""The site-wide Atom feed of what changed."""


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


def plan(portal: Portal) -> list[PageSpec]:
    """Every page the portal generates (module and one-pager pages are the authors' own files)."""
    pages = [
        PageSpec("home", "index.md", "", "Home"),
        PageSpec("catalog", "roles/index.md", "roles/", "Roles"),
        PageSpec("coverage", "coverage.md", "coverage/", "Coverage for L&D"),
    ]
    for role in portal.roles.values():
        pages.append(
            PageSpec("role", f"roles/{role.id}/index.md", role_url(role.id), role.title, role.id, role.source.path)
        )
        pages.append(
            PageSpec(
                "manager", f"roles/{role.id}/manager.md", manager_url(role.id),
                f"Manager guide: {role.title}", role.id, role.source.path,
            )
        )  # fmt: skip
    for path in portal.paths.values():
        pages.append(
            PageSpec("path", f"paths/{path.id}/index.md", path_url(path.id), path.title, path.id, path.source.path)
        )
    return pages


def collisions(portal: Portal, content_dir: str) -> Iterator[tuple[str, str]]:
    """Authored pages whose URL a generated page takes: (the file, the message)."""
    generated = {spec.url: spec for spec in plan(portal) if spec.kind != "home"}
    for page in portal.pages:
        stem = page[: -len(".md")]
        url = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
        if url in generated:
            spec = generated[url]
            yield (
                f"{content_dir}/{page}",
                f"this page's URL /{url} belongs to the generated {spec.kind} page: move or rename it",
            )


class Renderer:
    """Renders generated pages and module/one-pager enrichments with the portal's templates."""

    def __init__(self, portal: Portal, template_dirs: list[Path]) -> None:
        self.portal = portal
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            DEFAULT_BEFORE=DEFAULT_BEFORE, DEFAULT_AFTER=DEFAULT_AFTER, DEFAULT_PROMPTS=DEFAULT_PROMPTS,
            level_anchor=level_anchor, manager_guides=True, minutes=coverage.minutes_text,
            level_minutes=lambda path, name: level_minutes(portal, path, name),
        )  # fmt: skip

    def page(self, spec: PageSpec, **extra: Any) -> Rendered:
        """A generated page's body HTML."""
        context: dict[str, Any] = {"page_kind": spec.kind, **extra}
        if spec.kind in ("role", "manager"):
            role = self.portal.roles[spec.subject]
            context.update(role=role, role_paths=self.role_paths(role))
        elif spec.kind == "path":
            path = self.portal.paths[spec.subject]
            context.update(path=path, roles=self.portal.roles_on_path(path.id))
        elif spec.kind == "coverage":
            context.update(coverage.page_context(self.portal))
        return self.render(f"{spec.kind}.html", spec.url, context)

    def module(self, module: Module, body_html: str) -> Rendered:
        """A module page: facts, sandbox and prerequisites around the author's body."""
        context = {**self.module_context(module), "body": Markup(body_html)}
        return self.render("module.html", module_url(module.id), context, whole_portal=False)

    def module_context(self, module: Module) -> dict[str, Any]:
        """Everything from the portal a module page shows, besides its body."""
        return {
            "page_kind": "module",
            "module": module,
            "prerequisites": [self.portal.modules[r.id] for r in module.prerequisites if r.id in self.portal.modules],
            "uses": [self.use_context(use) for use in self.portal.uses(module.id)],
        }

    def leader(self, pager: OnePager, body_html: str) -> Rendered:
        context = {"page_kind": "leader", "pager": pager, "body": Markup(body_html)}
        return self.render("leader.html", leader_url(pager.id), context, whole_portal=False)

    def whats_new(self, url: str, changes: Sequence[Any], feed_url: str) -> Markup:
        """The "What's new" section for a page at ``url`` (empty without changes)."""
        return Markup(self.render("_whats_new.html", url, {"changes": changes, "feed_url": feed_url}).html)

    def render(self, template: str, url: str, context: dict[str, Any], *, whole_portal: bool = True) -> Rendered:
        """Render ``template`` for the page at ``url``. Without ``whole_portal`` the template sees
        only ``context``, so what the page shows is known from it (a serve rebuild keys module and
        one-pager pages by it; a template reaching for more fails under StrictUndefined)."""
        portal = {"portal": self.portal, "modules": self.portal.modules, "paths": self.portal.paths}
        context = {"link": _linker(url), **(portal if whole_portal else {}), **context}
        html = self.env.get_template(template).render(context)
        return Rendered(html, headings(html))

    def role_paths(self, role: Role) -> list[SkillPath]:
        return [self.portal.paths[ref.id] for ref in role.paths if ref.id in self.portal.paths]

    def use_context(self, use: Use) -> dict[str, Any]:
        path = self.portal.paths[use.path]
        level = path.level(use.level)
        following = level.modules[use.position + 1].id if use.position + 1 < len(level.modules) else None
        if following is None:
            later = [lv for lv in path.levels if path.levels.index(lv) > path.levels.index(level)]
            following = later[0].modules[0].id if later else None
        return {
            "path": path,
            "level": level,
            "roles": self.portal.roles_on_path(path.id),
            "next": self.portal.modules.get(following) if following else None,
        }


def _linker(from_url: str) -> Callable[[str], str]:
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


_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


def headings(html: str) -> list[Heading]:
    """The h2 and h3 headings with ids, for the host's table of contents."""
    return [
        Heading(int(level), anchor, _TAG.sub("", _PERMALINK.sub("", inner)).strip())
        for level, anchor, inner in _HEADING.findall(html)
    ]


def level_minutes(portal: Portal, path: SkillPath, level_name: str) -> int:
    level = path.level(level_name)
    return sum(portal.modules[ref.id].minutes for ref in level.modules if ref.id in portal.modules)
