"""``rolepath coverage``: where the portal is thin, for the L&D team.

A role × level matrix (the modules, exercises and minutes a role meets at each level, across
all its paths, each module counted once), and two lists of gaps:

- path levels with no sandbox exercise (a module of kind ``exercise``): practice is what
  turns a lesson into a skill, so every level should have one;
- modules due for review: ``review_by`` within `DUE_SOON_DAYS` days, or already past.

The same analysis renders as text, Markdown (a job summary or a PR comment), JSON, and as
an HTML page through ``overrides/rolepath/coverage.html`` (see `coverage_page`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from ..content.model import Module, Portal
from ..content.schema import LEVELS
from ..output.render import LEVEL_TITLES, minutes_text

DUE_SOON_DAYS = 30


@dataclass
class Cell:
    """What one role meets at one level, across all its paths."""

    modules: int = 0
    exercises: int = 0
    minutes: int = 0
    paths_without_exercise: list[str] = field(default_factory=list)

    @property
    def no_exercise(self) -> bool:
        return self.exercises == 0


@dataclass
class Row:
    role_id: str
    title: str
    cells: dict[str, Cell]


@dataclass
class Gap:
    """A path level with no sandbox exercise."""

    path_id: str
    path_title: str
    level: str
    roles: list[str]


@dataclass
class Stale:
    """A module whose review date is past or close."""

    module_id: str
    title: str
    review_by: datetime.date
    days: int
    """Days until review_by: negative when past."""
    source: str
    used_by: list[str]
    """'path-id level' for every level that lists the module."""

    @property
    def status(self) -> str:
        if self.days < 0:
            return f"overdue by {-self.days} day{'s' * (self.days != -1)}"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' * (self.days != 1)}"


@dataclass
class Coverage:
    today: datetime.date
    rows: list[Row]
    gaps: list[Gap]
    stale: list[Stale]
    counts: dict[str, int]


def analyse(portal: Portal, today: datetime.date | None = None) -> Coverage:
    """The matrix and the gaps of a loaded portal."""
    today = today or datetime.date.today()
    gaps: list[Gap] = []
    for path in sorted(portal.paths.values(), key=lambda p: p.id):
        for level in path.levels:
            if not any(_is_exercise(portal.modules.get(ref.id)) for ref in level.modules):
                roles = sorted(role.id for role in portal.roles_on_path(path.id))
                gaps.append(Gap(path.id, path.title, level.name, roles))
    gap_keys = {(gap.path_id, gap.level) for gap in gaps}

    rows = []
    for role in sorted(portal.roles.values(), key=lambda r: r.title.casefold()):
        cells = {}
        for name in LEVELS:
            seen: dict[str, Module] = {}
            cell = Cell()
            for ref in role.paths:
                followed = portal.paths.get(ref.id)
                if followed is None:
                    continue
                if (followed.id, name) in gap_keys:
                    cell.paths_without_exercise.append(followed.id)
                for module_ref in followed.level(name).modules:
                    module = portal.modules.get(module_ref.id)
                    if module is not None:
                        seen.setdefault(module.id, module)
            cell.modules = len(seen)
            cell.exercises = sum(_is_exercise(module) for module in seen.values())
            cell.minutes = sum(module.minutes for module in seen.values())
            cells[name] = cell
        rows.append(Row(role.id, role.title, cells))

    stale = []
    for module in sorted(portal.modules.values(), key=lambda m: (m.review_by or datetime.date.max, m.id)):
        if module.review_by is None:
            continue
        days = (module.review_by - today).days
        if days <= DUE_SOON_DAYS:
            used_by = [f"{use.path} {use.level}" for use in portal.uses(module.id)]
            stale.append(Stale(module.id, module.title, module.review_by, days, module.source.path, used_by))

    counts = {
        "roles": len(portal.roles),
        "paths": len(portal.paths),
        "modules": len(portal.modules),
        "exercises": sum(_is_exercise(m) for m in portal.modules.values()),
    }
    return Coverage(today, rows, gaps, stale, counts)


def _is_exercise(module: Module | None) -> bool:
    return module is not None and module.kind == "exercise"


def _cell_text(cell: Cell) -> str:
    if not cell.modules:
        return "no modules"
    exercises = f"{cell.exercises} exercise{'s' * (cell.exercises != 1)}"
    return f"{cell.modules} module{'s' * (cell.modules != 1)}, {exercises}, {minutes_text(cell.minutes)}"


# ---- output ------------------------------------------------------------------------------------


def to_text(coverage: Coverage) -> str:
    counts = coverage.counts
    out = [
        f"Coverage on {coverage.today.isoformat()}: {counts['roles']} roles, {counts['paths']} paths, "
        f"{counts['modules']} modules ({counts['exercises']} exercises)",
        "",
    ]
    header = ["role", *LEVELS]
    table = [header] + [
        [row.role_id] + [_cell_text(row.cells[name]) + (" !" if row.cells[name].no_exercise else "") for name in LEVELS]
        for row in sorted(coverage.rows, key=lambda r: r.role_id)
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    out += ["  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True)).rstrip() for line in table]
    out += ["", "! = no sandbox exercise at this level", ""]
    out.append(f"Levels with no sandbox exercise ({len(coverage.gaps)}):")
    for gap in coverage.gaps:
        out.append(f"  {gap.path_id} {gap.level} (roles: {', '.join(gap.roles) or 'none'})")
    out += ["", f"Modules due for review, within {DUE_SOON_DAYS} days or past ({len(coverage.stale)}):"]
    for item in coverage.stale:
        used = ", ".join(item.used_by) or "no path"
        out.append(f"  {item.module_id}: review_by {item.review_by.isoformat()}, {item.status} (used by {used})")
    return "\n".join(out) + "\n"


def to_markdown(coverage: Coverage) -> str:
    counts = coverage.counts
    out = [
        "## Portal coverage",
        "",
        f"{counts['roles']} roles, {counts['paths']} paths, {counts['modules']} modules "
        f"({counts['exercises']} exercises), on {coverage.today.isoformat()}.",
        "",
        "| Role | Baseline | Proficient | Advanced |",
        "|---|---|---|---|",
    ]
    for row in coverage.rows:
        cells = [
            _cell_text(row.cells[name]) + (" ⚠️ no exercise" if row.cells[name].no_exercise else "") for name in LEVELS
        ]
        out.append(f"| {_md(row.title)} (`{row.role_id}`) | " + " | ".join(cells) + " |")
    out += ["", f"### Levels with no sandbox exercise ({len(coverage.gaps)})", ""]
    out += [
        f"- `{gap.path_id}` {gap.level}: roles {', '.join(f'`{r}`' for r in gap.roles) or 'none'}"
        for gap in coverage.gaps
    ]
    out += ["", f"### Modules due for review ({len(coverage.stale)})", ""]
    out += [
        f"- `{item.module_id}` {_md(item.title)}: review_by {item.review_by.isoformat()}, {item.status}"
        for item in coverage.stale
    ]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def to_json(coverage: Coverage) -> dict[str, Any]:
    return {
        "format": 1,
        "today": coverage.today.isoformat(),
        "counts": coverage.counts,
        "roles": [
            {
                "id": row.role_id,
                "title": row.title,
                "levels": {
                    name: {
                        "modules": cell.modules,
                        "exercises": cell.exercises,
                        "minutes": cell.minutes,
                        "paths_without_exercise": cell.paths_without_exercise,
                    }
                    for name, cell in row.cells.items()
                },
            }
            for row in coverage.rows
        ],
        "levels_without_exercise": [
            {"path": gap.path_id, "level": gap.level, "roles": gap.roles} for gap in coverage.gaps
        ],
        "due_for_review": [
            {
                "module": item.module_id,
                "title": item.title,
                "review_by": item.review_by.isoformat(),
                "days": item.days,
                "file": item.source,
                "used_by": item.used_by,
            }
            for item in coverage.stale
        ],
    }


def page_context(portal: Portal, today: datetime.date | None = None) -> dict[str, Any]:
    """The context ``overrides/rolepath/coverage.html`` needs (besides the Renderer's own)."""
    return {
        "page_kind": "coverage",
        "coverage": analyse(portal, today),
        "levels": LEVELS,
        "level_titles": LEVEL_TITLES,
        "due_soon_days": DUE_SOON_DAYS,
    }
