"""Checks between files: every reference resolves, no prerequisite cycles, nothing stale or unused."""

from __future__ import annotations

import datetime

from .diagnostics import Report, did_you_mean
from .model import Portal, Ref


def check_references(portal: Portal, known_ids: dict[str, set[str]], report: Report, today: datetime.date) -> None:
    """Report every broken reference, cycle and warning in a loaded portal.

    ``known_ids`` holds the ids of every file found, including ones that failed their own
    checks, so a reference to a broken file is not also reported as unknown.
    """
    for role in portal.roles.values():
        for ref in role.paths:
            _resolve(ref, "path", known_ids["path"], role.source.path, report)
    for path in portal.paths.values():
        for level in path.levels:
            for ref in level.modules:
                _resolve(ref, "module", known_ids["module"], path.source.path, report)
    for module in portal.modules.values():
        for ref in module.prerequisites:
            if ref.id == module.id:
                report.error(module.source.path, ref.line, f"module '{module.id}' lists itself as a prerequisite")
            else:
                _resolve(ref, "module", known_ids["module"], module.source.path, report)
    _prerequisite_cycles(portal, report)
    _warnings(
        portal,
        report,
        today,
        complete_paths=len(portal.paths) == len(known_ids["path"]),
        complete_roles=len(portal.roles) == len(known_ids["role"]),
    )


def _resolve(ref: Ref, kind: str, known: set[str], path: str, report: Report) -> None:
    if ref.id not in known:
        folder = {"path": "paths/", "module": "content/modules/"}[kind]
        hint = did_you_mean(ref.id, known) or f": no such file in {folder}"
        report.error(path, ref.line, f"unknown {kind} '{ref.id}'{hint}")


def _prerequisite_cycles(portal: Portal, report: Report) -> None:
    """Report each cycle once, at the module that sorts first in it."""
    graph = {
        module.id: [ref for ref in module.prerequisites if ref.id in portal.modules and ref.id != module.id]
        for module in portal.modules.values()
    }
    state: dict[str, int] = {}  # 1: on the current walk, 2: finished
    reported: set[frozenset[str]] = set()

    def walk(start: str) -> None:
        # Iterative depth-first search: a long prerequisite chain must not hit Python's recursion limit.
        stack: list[tuple[str, int]] = [(start, 0)]
        trail: list[str] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                trail.append(node)
            edges = graph[node]
            if index < len(edges):
                stack.append((node, index + 1))
                target = edges[index].id
                if state.get(target) == 1:
                    cycle = trail[trail.index(target) :]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        _report_cycle(portal, cycle, report)
                elif target not in state:
                    stack.append((target, 0))
            else:
                state[node] = 2
                trail.pop()

    for module_id in sorted(graph):
        if module_id not in state:
            walk(module_id)


def _report_cycle(portal: Portal, cycle: list[str], report: Report) -> None:
    first = min(range(len(cycle)), key=lambda i: cycle[i])
    ordered = cycle[first:] + cycle[:first]
    module = portal.modules[ordered[0]]
    following = ordered[1] if len(ordered) > 1 else ordered[0]
    line = next(ref.line for ref in module.prerequisites if ref.id == following)
    chain = " → ".join([*ordered, ordered[0]])
    report.error(module.source.path, line, f"prerequisites form a cycle: {chain}: remove one of these prerequisites")


def _warnings(
    portal: Portal, report: Report, today: datetime.date, *, complete_paths: bool, complete_roles: bool
) -> None:
    """Stale and unused content. 'Unused' is only said when every file that could use it loaded."""
    for module in portal.modules.values():
        if module.review_by is not None and module.review_by < today:
            report.warning(
                module.source.path,
                module.source.line_of("review_by"),
                f"review_by {module.review_by.isoformat()} has passed: review the module, then move the date",
            )
        if complete_paths and not portal.uses(module.id):
            report.warning(
                module.source.path, module.source.line, "no path uses this module: add it to a level in paths/"
            )
    for path in portal.paths.values():
        if complete_roles and not portal.roles_on_path(path.id):
            report.warning(path.source.path, path.source.line, "no role follows this path: add it to a role's paths")
