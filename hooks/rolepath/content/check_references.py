"""Checks between files: every reference resolves, no prerequisite cycles, nothing stale or unused."""

from __future__ import annotations

import datetime

from .diagnostics import Report, did_you_mean
from .model import Portal, Ref, Role, SkillPath, Team, WeekRecord


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
        folder = {"path": "paths/", "module": "content/modules/", "role": "roles/"}[kind]
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


def check_v2_references(portal: Portal, known_ids: dict[str, set[str]], report: Report, practice_folder: str) -> None:
    """Behaviour ids, measures, teams, adoption records and practice files (contract v2)."""
    behaviour_ids = {path.id: _unique_behaviour_ids(path, report) for path in portal.paths.values()}
    for role in portal.roles.values():
        _check_measures(role, portal, behaviour_ids, report)
    for team in portal.teams.values():
        _resolve(team.role, "role", known_ids["role"], team.source.path, report)
        starts = team.cohort
        if starts.team_before_managers:
            assert starts.team_start is not None and starts.managers_start is not None
            report.warning(
                team.source.path,
                team.source.line_of("cohort"),
                f"the team starts on {starts.team_start.isoformat()}, before its managers"
                f" ({starts.managers_start.isoformat()}): managers go through the programme first",
            )
    _check_adoption(portal, known_ids, behaviour_ids, report)
    _check_practice(portal, known_ids, report, practice_folder)
    for module in portal.modules.values():
        for number, check in enumerate(module.checks, start=1):
            if not any(choice.correct for choice in check.choices):
                report.error(
                    module.source.path,
                    check.line,
                    f"check {number} has no right answer: mark at least one choice 'correct: true'",
                )


def _unique_behaviour_ids(path: SkillPath, report: Report) -> set[str]:
    first: dict[str, int] = {}
    for level in path.levels:
        for behaviour in level.behaviours:
            if behaviour.id is None:
                continue
            if behaviour.id in first:
                report.error(
                    path.source.path,
                    behaviour.line,
                    f"behaviour id '{behaviour.id}' is used twice in this path (first at line {first[behaviour.id]}):"
                    " give each behaviour its own id",
                )
            first.setdefault(behaviour.id, behaviour.line)
    return set(first)


def _behaviour_ref_problem(text: str, path_ids: tuple[str, ...], behaviour_ids: dict[str, set[str]]) -> str | None:
    """Why ``<path-id>/<behaviour-id>`` names no behaviour of these paths, or None if it does."""
    path_id, _, behaviour_id = text.partition("/")
    if path_id not in path_ids:
        hint = did_you_mean(path_id, path_ids) or f" (its paths: {', '.join(path_ids)})"
        return f"'{text}': '{path_id}' is not one of the role's paths{hint}"
    if behaviour_id not in behaviour_ids.get(path_id, set()):
        known = behaviour_ids.get(path_id, set())
        hint = did_you_mean(behaviour_id, known) or (
            f": no behaviour in paths/{path_id}.yml has that id"
            if known
            else f": paths/{path_id}.yml gives no behaviour an id"
        )
        return f"unknown behaviour '{text}'{hint}"
    return None


def _check_measures(role: Role, portal: Portal, behaviour_ids: dict[str, set[str]], report: Report) -> None:
    path_ids = tuple(ref.id for ref in role.paths)
    complete = all(path_id in portal.paths for path_id in path_ids)
    seen: dict[str, int] = {}
    for measure in role.measures:
        if measure.id in seen:
            report.error(
                role.source.path,
                measure.line,
                f"measure id '{measure.id}' is used twice in this role (first at line {seen[measure.id]})",
            )
        seen.setdefault(measure.id, measure.line)
        if not measure.behaviours:
            report.warning(
                role.source.path,
                measure.line,
                f"measure '{measure.id}' is paired with no behaviour: list the behaviours it depends on"
                " (behaviours: [<path-id>/<behaviour-id>])",
            )
        for ref in measure.behaviours if complete else ():
            problem = _behaviour_ref_problem(ref.id, path_ids, behaviour_ids)
            if problem:
                report.error(role.source.path, ref.line, problem)


def _check_adoption(
    portal: Portal, known_ids: dict[str, set[str]], behaviour_ids: dict[str, set[str]], report: Report
) -> None:
    latest = max((record.monday for records in portal.adoption.values() for record in records), default=None)
    for team_id, records in portal.adoption.items():
        team = portal.teams.get(team_id)
        if team is None:
            if team_id not in known_ids["team"]:
                hint = did_you_mean(team_id, known_ids["team"]) or ": no such file in teams/"
                for record in records:
                    report.error(record.source.path, 0, f"unknown team '{team_id}'{hint}")
            continue
        role = portal.roles.get(team.role.id)
        path_ids = tuple(ref.id for ref in role.paths) if role else ()
        known_refs = {f"{path_id}/{b}" for path_id in path_ids for b in behaviour_ids.get(path_id, ())}
        for record in records:
            _check_record(record, team, role, portal, behaviour_ids, known_refs, report)
    for team in portal.teams.values():
        recorded = portal.adoption.get(team.id, [])
        newest = max((record.monday for record in recorded), default=None)
        started = team.cohort.team_start is None or latest is None or team.cohort.team_start <= latest
        if latest is not None and started and (newest is None or (latest - newest).days >= 21):
            since = f" (the last is {max(recorded, key=lambda r: r.monday).week})" if recorded else ""
            report.warning(
                team.source.path,
                team.source.line,
                f"no adoption record in the last 3 weeks recorded in this portal{since}:"
                f" add adoption/{team.id}/<YYYY>-W<ww>.yml for each week",
            )


def _check_record(
    record: WeekRecord,
    team: Team,
    role: Role | None,
    portal: Portal,
    behaviour_ids: dict[str, set[str]],
    known_refs: set[str],
    report: Report,
) -> None:
    """``known_refs``: every behaviour of the role's paths, as ``<path-id>/<behaviour-id>``."""
    path = record.source.path
    if record.people_observed > team.size:
        report.error(
            path,
            record.source.line_of("people_observed"),
            f"people_observed is {record.people_observed}, more than the team's size ({team.size},"
            f" {team.source.path}): count each person once",
        )
    if role is None:
        return  # the team's unknown role is reported at the team
    path_ids = tuple(ref.id for ref in role.paths)
    complete = all(path_id in portal.paths for path_id in path_ids)
    lines = record.source.field_lines
    # Most records are sound, which whole sets tell at once, before any ref is looked at on its own.
    most_seen = max(record.observed.values(), default=0)
    sound = (not complete or known_refs.issuperset(record.observed)) and most_seen <= record.people_observed
    for ref, count in () if sound else record.observed.items():
        line = lines.get(f"observed/{ref}", record.source.line_of("observed"))
        problem = _behaviour_ref_problem(ref, path_ids, behaviour_ids) if complete else None
        if problem:
            report.error(path, line, problem)
        if count > record.people_observed:
            report.error(
                path,
                line,
                f"'{ref}' was seen in {count} people, more than people_observed ({record.people_observed})",
            )
    measure_ids = [measure.id for measure in role.measures]
    for measure_id in record.measures:
        if measure_id not in measure_ids:
            hint = did_you_mean(measure_id, measure_ids) or (
                f" (its measures: {', '.join(measure_ids)})" if measure_ids else f": {role.source.path} has no measures"
            )
            line = lines.get(f"measures/{measure_id}", record.source.line_of("measures"))
            report.error(path, line, f"unknown measure '{measure_id}' for role '{role.id}'{hint}")


def _check_practice(portal: Portal, known_ids: dict[str, set[str]], report: Report, folder: str) -> None:
    listed: dict[str, set[str]] = {}
    for module in portal.modules.values():
        sandbox = module.sandbox
        if sandbox is None:
            continue
        available = portal.practice_files.get(module.id, [])
        where = f"{folder}/{module.id}/"
        refs = [*sandbox.materials, *([sandbox.answer_key] if sandbox.answer_key else [])]
        for ref in refs:
            if ref.id not in available:
                hint = did_you_mean(ref.id, available) or f": put the file in {where}"
                report.error(module.source.path, ref.line, f"'{ref.id}' is not in {where}{hint}")
        key = sandbox.answer_key
        if key is not None and any(ref.id == key.id for ref in sandbox.materials):
            report.error(
                module.source.path,
                key.line,
                f"'{key.id}' is the answer key, for facilitators: remove it from 'materials'",
            )
        listed[module.id] = {ref.id for ref in refs}
    for module_id, names in portal.practice_files.items():
        where = f"{folder}/{module_id}"
        exercise = portal.modules.get(module_id)
        if exercise is None:
            if module_id not in known_ids["module"]:
                hint = did_you_mean(module_id, known_ids["module"]) or ": no such module in content/modules/"
                report.error(where, 0, f"practice folder for unknown exercise '{module_id}'{hint}")
            continue
        if exercise.kind != "exercise":
            report.error(
                where,
                0,
                f"'{module_id}' is a {exercise.kind}, not an exercise: only exercises have practice materials"
                " (set 'kind: exercise' with a sandbox, or move the files)",
            )
            continue
        for name in names:
            if name not in listed.get(module_id, set()):
                report.error(
                    f"{where}/{name}",
                    0,
                    f"no exercise lists this file: add it to 'sandbox.materials' in {module.source.path}, or delete it",
                )
