"""``portal.json``: the whole catalog as data, for dashboards, LMS imports and scripts.

Format version 1. Every URL is relative to the site root; add ``site_url`` for an absolute one.
"""

from __future__ import annotations

from typing import Any

from ..content.model import Level, Module, Portal
from . import urls
from .render import level_minutes

FORMAT_VERSION = 1


def catalog_data(portal: Portal, *, site_name: str, site_url: str, manager_guides: bool = True) -> dict[str, Any]:
    """The catalog: roles (with families), paths with their levels, modules, one-pagers."""
    return {
        "format": FORMAT_VERSION,
        "site": {"name": site_name, "url": site_url},
        "families": [
            {"name": family, "roles": [role.id for role in roles]} for family, roles in portal.families().items()
        ],
        "roles": [
            {
                "id": role.id,
                "title": role.title,
                "family": role.family,
                "summary": role.summary,
                "url": urls.role_url(role.id),
                "manager_guide_url": urls.manager_url(role.id) if manager_guides else None,
                "calendar_url": urls.calendar_url(role.id) if role.practice else None,
                "paths": [ref.id for ref in role.paths],
                "owners": list(role.owners),
                "from_to": [
                    {"area": item.area, "today": item.today, "in_six_months": item.in_six_months}
                    for item in role.from_to
                ],
                "practice_hours_per_week": role.practice.hours_per_week if role.practice else None,
            }
            for role in sorted(portal.roles.values(), key=lambda r: r.id)
        ],
        "paths": [
            {
                "id": path.id,
                "title": path.title,
                "summary": path.summary,
                "url": urls.path_url(path.id),
                "roles": [role.id for role in portal.roles_on_path(path.id)],
                "levels": [_level(portal, path.id, level) for level in path.levels],
            }
            for path in sorted(portal.paths.values(), key=lambda p: p.id)
        ],
        "modules": [_module(module) for module in sorted(portal.modules.values(), key=lambda m: m.id)],
        "leaders": [
            {"id": leader.id, "title": leader.title, "summary": leader.summary, "url": urls.leader_url(leader.id)}
            for leader in sorted(portal.leaders.values(), key=lambda p: p.id)
        ],
    }


def _level(portal: Portal, path_id: str, level: Level) -> dict[str, Any]:
    return {
        "name": level.name,
        "summary": level.summary,
        "url": urls.level_url(path_id, level.name),
        "behaviours": [{"key": b.key, "id": b.id, "text": b.text} for b in level.behaviours],
        "modules": [ref.id for ref in level.modules],
        "minutes": level_minutes(portal, portal.paths[path_id], level.name),
    }


def _module(module: Module) -> dict[str, Any]:
    return {
        "id": module.id,
        "title": module.title,
        "kind": module.kind,
        "summary": module.summary,
        "minutes": module.minutes,
        "url": urls.module_url(module.id),
        "prerequisites": [ref.id for ref in module.prerequisites],
        "review_by": module.review_by.isoformat() if module.review_by else None,
        "exercise": {
            "setting": module.sandbox.setting,
            "time_box": module.sandbox.time_box,
            "success": list(module.sandbox.success),
            "materials": [
                {"name": ref.id, "url": urls.material_url(module.id, ref.id)} for ref in module.sandbox.materials
            ],
        }
        if module.sandbox
        else None,
        "checks": len(module.checks),
    }
