"""Checks between files: every reference resolves, no prerequisite cycles, nothing stale or unused."""

from __future__ import annotations

import datetime

from .diagnostics import Report, did_you_mean
from .i18n import N_, _, messages
from .model import Portal, Ref, Role, SkillPath, Team, WeekRecord, monday_of

_NOT_AN_EXERCISE = {
    "lesson": N_(
        "'%(id)s' is a lesson, not an exercise: only exercises have practice materials"
        " (set 'kind: exercise' with a sandbox, or move the files)"
    ),
    "reference": N_(
        "'%(id)s' is a reference, not an exercise: only exercises have practice materials"
        " (set 'kind: exercise' with a sandbox, or move the files)"
    ),
}
"""One message per kind of module, so that a translation names each kind in its own grammar."""


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
                report.error(
                    module.source.path, ref.line,
                    messages().gettext("module '%(module)s' lists itself as a prerequisite", module=module.id),
                )  # fmt: skip
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
        hint = did_you_mean(ref.id, known) or ": " + _("no such file in %(folder)s", folder=folder)
        unknown = {"path": N_("unknown path '%(id)s'"), "module": N_("unknown module '%(id)s'"),
                   "role": N_("unknown role '%(id)s'")}[kind]  # fmt: skip
        report.error(path, ref.line, _(unknown, id=ref.id) + hint)


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
    cycle_found = N_("prerequisites form a cycle: %(chain)s: remove one of these prerequisites")
    message = messages().gettext(cycle_found, chain=chain)
    report.error(module.source.path, line, message)


def _warnings(
    portal: Portal, report: Report, today: datetime.date, *, complete_paths: bool, complete_roles: bool
) -> None:
    """Stale and unused content. 'Unused' is only said when every file that could use it loaded."""
    for module in portal.modules.values():
        if module.review_by is not None and module.review_by < today:
            report.warning(
                module.source.path,
                module.source.line_of("review_by"),
                messages().gettext(
                    "review_by %(date)s has passed: review the module, then move the date",
                    date=module.review_by.isoformat(),
                ),
            )
        if complete_paths and not portal.uses(module.id):
            report.warning(
                module.source.path, module.source.line,
                messages().gettext("no path uses this module: add it to a level in paths/"),
            )
    for path in portal.paths.values():
        if complete_roles and not portal.roles_on_path(path.id):
            message = messages().gettext("no role follows this path: add it to a role's paths")
            report.warning(path.source.path, path.source.line, message)


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
                _(
                    "the team starts on %(team_start)s, before its managers (%(managers_start)s):"
                    " managers go through the programme first",
                    team_start=starts.team_start.isoformat(),
                    managers_start=starts.managers_start.isoformat(),
                ),
            )
    _check_adoption(portal, known_ids, behaviour_ids, report)
    _check_practice(portal, known_ids, report, practice_folder)
    for module in portal.modules.values():
        for number, check in enumerate(module.checks, start=1):
            if not any(choice.correct for choice in check.choices):
                report.error(
                    module.source.path,
                    check.line,
                    _("check %(number)s has no right answer: mark at least one choice 'correct: true'", number=number),
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
                    _(
                        "behaviour id '%(id)s' is used twice in this path (first at line %(line)s):"
                        " give each behaviour its own id",
                        id=behaviour.id,
                        line=first[behaviour.id],
                    ),
                )
            first.setdefault(behaviour.id, behaviour.line)
    return set(first)


def _behaviour_ref_problem(text: str, path_ids: tuple[str, ...], behaviour_ids: dict[str, set[str]]) -> str | None:
    """Why ``<path-id>/<behaviour-id>`` names no behaviour of these paths, or None if it does."""
    path_id, _slash, behaviour_id = text.partition("/")
    if path_id not in path_ids:
        hint = did_you_mean(path_id, path_ids) or _(" (its paths: %(paths)s)", paths=", ".join(path_ids))
        return _("'%(ref)s': '%(path)s' is not one of the role's paths", ref=text, path=path_id) + hint
    if behaviour_id not in behaviour_ids.get(path_id, set()):
        known = behaviour_ids.get(path_id, set())
        hint = did_you_mean(behaviour_id, known) or (
            _(": no behaviour in paths/%(path)s.yml has that id", path=path_id)
            if known
            else _(": paths/%(path)s.yml gives no behaviour an id", path=path_id)
        )
        return _("unknown behaviour '%(ref)s'", ref=text) + hint
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
                _(
                    "measure id '%(id)s' is used twice in this role (first at line %(line)s)",
                    id=measure.id,
                    line=seen[measure.id],
                ),
            )
        seen.setdefault(measure.id, measure.line)
        if not measure.behaviours:
            report.warning(
                role.source.path,
                measure.line,
                _(
                    "measure '%(id)s' is paired with no behaviour: list the behaviours it depends on"
                    " (behaviours: [<path-id>/<behaviour-id>])",
                    id=measure.id,
                ),
            )
        for ref in measure.behaviours if complete else ():
            problem = _behaviour_ref_problem(ref.id, path_ids, behaviour_ids)
            if problem:
                report.error(role.source.path, ref.line, problem)


def _check_adoption(
    portal: Portal, known_ids: dict[str, set[str]], behaviour_ids: dict[str, set[str]], report: Report
) -> None:
    written = max((record.week for records in portal.adoption.values() for record in records), default=None)
    latest = monday_of(written) if written is not None else None  # "YYYY-Www" sorts as the weeks do
    for team_id, records in portal.adoption.items():
        team = portal.teams.get(team_id)
        if team is None:
            if team_id not in known_ids["team"]:
                no_file = ": " + _("no such file in %(folder)s", folder="teams/")
                hint = did_you_mean(team_id, known_ids["team"]) or no_file
                for record in records:
                    report.error(record.source.path, 0, _("unknown team '%(id)s'", id=team_id) + hint)
            continue
        role = portal.roles.get(team.role.id)
        path_ids = tuple(ref.id for ref in role.paths) if role else ()
        known_refs = {f"{path_id}/{b}" for path_id in path_ids for b in behaviour_ids.get(path_id, ())}
        for record in records:
            _check_record(record, team, role, portal, behaviour_ids, known_refs, report)
    for team in portal.teams.values():
        recorded = portal.adoption.get(team.id, [])
        newest = monday_of(max(record.week for record in recorded)) if recorded else None
        started = team.cohort.team_start is None or latest is None or team.cohort.team_start <= latest
        if latest is not None and started and (newest is None or (latest - newest).days >= 21):
            message = (
                _(
                    "no adoption record in the last 3 weeks recorded in this portal (the last is %(week)s):"
                    " add adoption/%(team)s/<YYYY>-W<ww>.yml for each week",
                    week=max(recorded, key=lambda r: r.monday).week,
                    team=team.id,
                )
                if recorded
                else _(
                    "no adoption record in the last 3 weeks recorded in this portal:"
                    " add adoption/%(team)s/<YYYY>-W<ww>.yml for each week",
                    team=team.id,
                )
            )
            report.warning(team.source.path, team.source.line, message)


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
            _(
                "people_observed is %(count)s, more than the team's size (%(size)s, %(file)s): count each person once",
                count=record.people_observed,
                size=team.size,
                file=team.source.path,
            ),
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
                _(
                    "'%(ref)s' was seen in %(count)s people, more than people_observed (%(observed)s)",
                    ref=ref,
                    count=count,
                    observed=record.people_observed,
                ),
            )
    measure_ids = [measure.id for measure in role.measures]
    for measure_id in record.measures:
        if measure_id not in measure_ids:
            hint = did_you_mean(measure_id, measure_ids) or (
                _(" (its measures: %(measures)s)", measures=", ".join(measure_ids))
                if measure_ids
                else _(": %(file)s has no measures", file=role.source.path)
            )
            line = lines.get(f"measures/{measure_id}", record.source.line_of("measures"))
            unknown = _("unknown measure '%(measure)s' for role '%(role)s'", measure=measure_id, role=role.id)
            report.error(path, line, unknown + hint)


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
                hint = did_you_mean(ref.id, available) or _(": put the file in %(folder)s", folder=where)
                missing = _("'%(file)s' is not in %(folder)s", file=ref.id, folder=where)
                report.error(module.source.path, ref.line, missing + hint)
        key = sandbox.answer_key
        if key is not None and any(ref.id == key.id for ref in sandbox.materials):
            report.error(
                module.source.path,
                key.line,
                _("'%(file)s' is the answer key, for facilitators: remove it from 'materials'", file=key.id),
            )
        listed[module.id] = {ref.id for ref in refs}
    for module_id, names in portal.practice_files.items():
        where = f"{folder}/{module_id}"
        exercise = portal.modules.get(module_id)
        if exercise is None:
            if module_id not in known_ids["module"]:
                hint = did_you_mean(module_id, known_ids["module"]) or _(": no such module in content/modules/")
                report.error(where, 0, _("practice folder for unknown exercise '%(id)s'", id=module_id) + hint)
            continue
        if exercise.kind != "exercise":
            report.error(
                where,
                0,
                _(_NOT_AN_EXERCISE[exercise.kind], id=module_id),
            )
            continue
        for name in names:
            if name not in listed.get(module_id, set()):
                report.error(
                    f"{where}/{name}",
                    0,
                    _(
                        "no exercise lists this file: add it to 'sandbox.materials' in %(file)s, or delete it",
                        file=exercise.source.path,
                    ),
                )
