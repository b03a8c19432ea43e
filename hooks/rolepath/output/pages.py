"""The page plan: every page the build generates, as a `PageSpec` (module and one-pager pages
are the authors' own files), and the other files it writes (feeds, calendars, portal.json)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..content.i18n import ENGLISH, Translator
from ..content.model import Portal
from . import urls
from .adoption import DEFAULT_MIN_GROUP, shown_alone

ADOPTION_KINDS = frozenset({"adoption", "team"})
"""The kinds of page that show adoption figures: dashboards, for managers and leaders."""


@dataclass(frozen=True)
class PageSpec:
    """One page the build generates."""

    kind: str
    """home, catalog, coverage, role, manager, path, adoption or team."""
    src_uri: str
    """The Markdown file it pretends to be, relative to the docs folder."""
    url: str
    """Its URL relative to the site root, with directory URLs: 'roles/support-agent/'."""
    title: str
    subject: str = ""
    """The id of the role or path the page is about."""
    source: str | None = None
    """The repository file that produced it, for the edit link."""


def plan(
    portal: Portal, *, manager_guides: bool = True, min_group: int = DEFAULT_MIN_GROUP, translator: Translator = ENGLISH
) -> list[PageSpec]:
    """Every page the portal generates, titled in ``translator``'s language; the manager guides and
    adoption pages only ``manager_guides`` (a team has a page of its own only with at least
    ``min_group`` people)."""
    _ = translator.gettext
    pages = [
        PageSpec("home", urls.HOME_SOURCE, "", _("Home")),
        PageSpec("catalog", urls.CATALOG_SOURCE, urls.CATALOG, _("Roles")),
        PageSpec("coverage", urls.COVERAGE_SOURCE, urls.COVERAGE, _("Coverage for L&D")),
    ]
    for role in portal.roles.values():
        pages.append(
            PageSpec("role", urls.role_source(role.id), urls.role_url(role.id), role.title, role.id, role.source.path)
        )
        if manager_guides:
            pages.append(
                PageSpec(
                    "manager", urls.manager_source(role.id), urls.manager_url(role.id),
                    _("Manager guide: %(role)s", role=role.title), role.id, role.source.path,
                )
            )  # fmt: skip
    for path in portal.paths.values():
        pages.append(
            PageSpec("path", urls.path_source(path.id), urls.path_url(path.id), path.title, path.id, path.source.path)
        )
    if manager_guides and portal.teams:
        pages.append(PageSpec("adoption", urls.ADOPTION_SOURCE, urls.ADOPTION, _("Adoption")))
        for team in sorted(portal.teams.values(), key=lambda t: t.title.casefold()):
            if shown_alone(team, min_group):
                title = _("Adoption: %(team)s", team=team.title)
                pages.append(
                    PageSpec(
                        "team", urls.team_source(team.id), urls.team_url(team.id), title, team.id, team.source.path
                    )
                )
    return pages


def generated_files(portal: Portal) -> dict[str, str]:
    """The files, other than pages, the build writes into the site: {path: what it is}."""
    files = {urls.CATALOG_DATA: "catalog data", urls.SITE_FEED: "site feed"}
    if portal.teams:
        files[urls.ADOPTION_DATA] = "adoption figures"
    for role in portal.roles.values():
        files[urls.role_feed_url(role.id)] = f"feed of role '{role.id}'"
        if role.practice is not None:
            files[urls.calendar_url(role.id)] = f"practice calendar of role '{role.id}'"
    return files


def collisions(portal: Portal, content_dir: str, authored: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Authored files (relative to the content folder) that a generated page or file would
    replace: (the file, the message)."""
    generated = {spec.url: spec for spec in plan(portal) if spec.kind != "home"}
    files = generated_files(portal)
    for name in authored:
        if name in files:
            yield f"{content_dir}/{name}", f"the build generates /{name} ({files[name]}): move or rename this file"
            continue
        if not name.endswith(".md"):
            continue
        url = urls.page_url(name)
        if url in generated:
            spec = generated[url]
            yield (
                f"{content_dir}/{name}",
                f"this page's URL /{url} belongs to the generated {spec.kind} page: move or rename it",
            )
