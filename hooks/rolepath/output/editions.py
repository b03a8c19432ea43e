"""Editions: the portal for one audience, from the one repository.

A build for one audience (``extra: rolepath: audience: employees`` in mkdocs.yml) leaves out
everything meant for the other audiences, everywhere: pages, listings, links, search, sitemap
and ``portal.json``; the rule is `content.audience.visible`. No MkDocs here: the adapter calls
these functions from its events.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..content.audience import AudienceError, include_manager_guides, is_full, visible
from ..content.front_matter import page_audience
from ..content.model import LeaderPage, ManagerNotes, Module, Portal, Ref, Role, SkillPath
from ..content.translations import Edition
from . import urls


def for_audience(portal: Portal, audience: str | None, *, content_dir: str | os.PathLike[str] | None = None) -> Portal:
    """A new portal holding only what the build for ``audience`` may show.

    Items for other audiences are dropped, and so is every reference to them: a path level no
    longer lists a dropped module, a role no longer follows a dropped path, a module no longer
    names a dropped prerequisite. Without manager guides, the managers' notes of roles and
    paths and the roles' metrics to adjust are emptied too. With ``content_dir`` (the docs
    folder), ordinary pages whose front matter names another audience are dropped from
    ``portal.pages``; a page whose audience cannot be read is dropped from every build for a
    particular audience.
    """
    if is_full(audience):
        return dataclasses.replace(
            portal,
            roles=dict(portal.roles),
            paths=dict(portal.paths),
            modules=dict(portal.modules),
            leaders=dict(portal.leaders),
            pages=list(portal.pages),
            teams=dict(portal.teams),
            adoption=dict(portal.adoption),
            practice_files=dict(portal.practice_files),
        )
    guides = include_manager_guides(audience)
    modules = {key: module for key, module in portal.modules.items() if visible(module.audience, audience)}
    modules = {key: _module(module, modules, guides) for key, module in modules.items()}
    paths = {
        key: _path(path, modules, guides) for key, path in portal.paths.items() if visible(path.audience, audience)
    }
    roles = {key: _role(role, paths, guides) for key, role in portal.roles.items() if visible(role.audience, audience)}
    leaders: dict[str, LeaderPage] = {
        key: leader for key, leader in portal.leaders.items() if visible(leader.audience, audience)
    }
    pages = list(portal.pages)
    if content_dir is not None:
        pages = [page for page in pages if _page_visible(Path(content_dir) / page, audience)]
    # Teams and their weekly records are for managers and leaders: never in the employees' edition.
    teams = {key: team for key, team in portal.teams.items() if guides and team.role.id in roles}
    adoption = {key: records for key, records in portal.adoption.items() if key in teams}
    practice = {key: names for key, names in portal.practice_files.items() if key in modules}
    return Portal(roles, paths, modules, leaders, pages, teams, adoption, practice)


def _kept(refs: Iterable[Ref], kept: Mapping[str, object]) -> tuple[Ref, ...]:
    return tuple(ref for ref in refs if ref.id in kept)


def _module(module: Module, kept: Mapping[str, Module], guides: bool) -> Module:
    module = dataclasses.replace(module, prerequisites=_kept(module.prerequisites, kept))
    if module.sandbox is not None and not guides:
        # An answer key is for facilitators, who have the manager guides; learners never get it.
        module = dataclasses.replace(module, sandbox=dataclasses.replace(module.sandbox, answer_key=None))
    return module


def _path(path: SkillPath, modules: Mapping[str, Module], guides: bool) -> SkillPath:
    levels = tuple(dataclasses.replace(level, modules=_kept(level.modules, modules)) for level in path.levels)
    return dataclasses.replace(path, levels=levels, manager=path.manager if guides else ManagerNotes())


def _role(role: Role, paths: Mapping[str, SkillPath], guides: bool) -> Role:
    if guides:
        return dataclasses.replace(role, paths=_kept(role.paths, paths))
    return dataclasses.replace(
        role, paths=_kept(role.paths, paths), manager=ManagerNotes(), metrics_to_adjust=(), measures=()
    )


def _page_visible(path: Path, audience: str | None) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
        return visible(page_audience(text), audience)
    except (OSError, UnicodeDecodeError, AudienceError):
        return False  # fail closed: what cannot be read cannot be shown to the wrong people


def dropped_files(full: Portal, filtered: Portal) -> list[str]:
    """Authored Markdown files (paths relative to the docs folder) the build must leave out.

    Module and one-pager files are ordinary Markdown files to the host: unless they are removed
    from its file list, it would publish them anyway.
    """
    dropped = [urls.module_source(key) for key in full.modules if key not in filtered.modules]
    dropped += [urls.leader_source(key) for key in full.leaders if key not in filtered.leaders]
    kept_pages = set(filtered.pages)
    dropped += [page for page in full.pages if page not in kept_pages]
    return sorted(dropped)


def in_language(portal: Portal, edition: Edition | None) -> Portal:
    """``portal`` with each item that ``edition`` translates in its translation; the rest, and
    everything when there is no edition, as the sources say (the fallback)."""
    if edition is None:
        return portal
    return dataclasses.replace(
        portal,
        roles={key: edition.roles.get(key, role) for key, role in portal.roles.items()},
        paths={key: edition.paths.get(key, path) for key, path in portal.paths.items()},
        modules={key: edition.modules.get(key, module) for key, module in portal.modules.items()},
        leaders={key: edition.leaders.get(key, leader) for key, leader in portal.leaders.items()},
    )
