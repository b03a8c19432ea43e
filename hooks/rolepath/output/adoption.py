"""Adoption figures from the weekly records: is the new behaviour showing up, and what blocks it.

Everything here is counts over groups of people, and privacy comes first: no figure that
describes fewer than ``min_group`` people is made at all, directly or by subtraction. A team
smaller than that is counted only inside its role's total; a role total (or a week of it) is
withheld when it covers fewer people, or when the people in it who are not shown in a team of
their own are fewer (the total minus the teams shown alone would describe them); a manager's
scorecard likewise. Each withheld figure says so.

The figures are what the adoption pages, ``adoption.json`` and ``rolepath adoption`` show,
so each of them is computed once, here.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..content.i18n import N_, Message, Percent
from ..content.model import Measure, Portal, Role, Team, WeekRecord, monday_of

DEFAULT_MIN_GROUP = 5
"""The smallest group a published figure may describe (``extra.rolepath.adoption.min_group``)."""

COUNTS = ("experiments", "process_changes", "barriers_removed", "recognitions", "development_conversations")
"""The weekly counts that are summed as they are, in the order the pages show them."""

_RUN_UNDER_HALF = 3
"""Weeks running with practice under half the budget before it is a signal."""
_MONTH_WEEKS = 4


@dataclass(frozen=True)
class BehaviourSeries:
    ref: str
    """``<path-id>/<behaviour-id>``."""
    text: str
    seen: tuple[int | None, ...]
    """People seen doing it, per week; None where the week has no record of it."""


@dataclass(frozen=True)
class MeasureSeries:
    """A role's measure over a group's weeks."""

    measure: Measure
    values: tuple[float | None, ...]
    """Each week's value: the mean of the group's records, weighted by team size; None where no record gives one."""

    @property
    def behaviours(self) -> tuple[str, ...]:
        """The refs (``<path-id>/<behaviour-id>``) of the behaviours the measure is paired with."""
        return tuple(ref.id for ref in self.measure.behaviours)


@dataclass(frozen=True)
class Signal:
    """Something that blocks (or contradicts) adoption, found in the records."""

    kind: str
    """practice-under-half, team-before-managers, behaviour-without-measure, measure-without-behaviour,
    budget-unused."""
    message: Message


@dataclass(frozen=True)
class Figures:
    """The weekly figures of one group of people: a team shown alone, or a role's total."""

    id: str
    title: str
    role: str
    weeks: tuple[str, ...]
    headcount: tuple[int, ...]
    """People covered by the records of each week (a role total counts only teams that recorded it)."""
    people_observed: tuple[int | None, ...]
    practice_hours: tuple[float | None, ...]
    practice_budget: tuple[float | None, ...]
    """Headcount x the role's hours_per_week, per week; None when the role sets no budget."""
    counts: dict[str, tuple[int | None, ...]]
    behaviours: tuple[BehaviourSeries, ...]
    measures: tuple[MeasureSeries, ...]
    teams: tuple[str, ...]
    """The teams inside these figures (for a role total, small ones included, never named on their own)."""
    signals: tuple[Signal, ...] = ()

    @property
    def latest(self) -> int:
        """The index of the newest week with a record."""
        return max((i for i, n in enumerate(self.people_observed) if n is not None), default=len(self.weeks) - 1)

    def share(self, seen: int | None, week: int) -> float | None:
        """People seen as a share of the group's headcount that week."""
        if seen is None or not self.headcount[week]:
            return None
        return seen / self.headcount[week]

    def shares(self, seen: Sequence[int | None]) -> list[float | None]:
        """`share` of each week's count."""
        return [None if n is None or not of else n / of for n, of in zip(seen, self.headcount, strict=True)]


@dataclass(frozen=True)
class Withheld:
    """A group too small to be shown: only its title and why."""

    id: str
    title: str
    reason: Message


@dataclass(frozen=True)
class ManagerScore:
    """Development behaviours of one manager, over the teams they manage."""

    handle: str
    teams: tuple[str, ...]
    headcount: int
    conversations_per_person_month: float | None
    """Development conversations in the last four recorded weeks, per person."""
    share_applying: float | None
    """The share of people seen applying at least one behaviour in the newest week (a lower bound:
    the records count people per behaviour, so the most-seen behaviour is the floor)."""


@dataclass(frozen=True)
class Adoption:
    """Every published adoption figure of a portal."""

    min_group: int
    weeks: tuple[str, ...]
    teams: tuple[Figures, ...]
    """Teams shown on their own: at least min_group people."""
    small_teams: tuple[Withheld, ...]
    roles: tuple[Figures | Withheld, ...]
    managers: tuple[ManagerScore | Withheld, ...]


def shown_alone(team: Team, min_group: int) -> bool:
    """Whether a team's figures are published on their own (its page, its rows)."""
    return team.size >= min_group


def private(headcount: int, hidden: int, min_group: int) -> bool:
    """Whether figures over ``headcount`` people, ``hidden`` of whom are in no team shown alone,
    would describe fewer than ``min_group`` people, directly or by subtraction."""
    return headcount < min_group or 0 < hidden < min_group


def compute(portal: Portal, min_group: int = DEFAULT_MIN_GROUP) -> Adoption:
    """The portal's adoption figures, with every figure under ``min_group`` people left out."""
    weeks = _weeks(portal.adoption.values())
    teams = [
        team for team in sorted(portal.teams.values(), key=lambda t: t.title.casefold()) if team.role.id in portal.roles
    ]
    shown: list[Figures] = []
    small: list[Withheld] = []
    for team in teams:
        if not shown_alone(team, min_group):
            small.append(Withheld(team.id, team.title, _too_small(min_group)))
            continue
        figures = _figures(team.id, team.title, portal.roles[team.role.id], portal, [team], weeks, min_group)
        shown.append(_with_signals(figures, portal, [team]))
    roles: list[Figures | Withheld] = []
    for role in sorted(portal.roles.values(), key=lambda r: r.title.casefold()):
        members = [team for team in teams if team.role.id == role.id]
        if not members:
            continue
        hidden = sum(team.size for team in members if not shown_alone(team, min_group))
        if private(sum(team.size for team in members), hidden, min_group):
            roles.append(Withheld(role.id, role.title, _too_small(min_group, hidden)))
            continue
        total = _with_signals(_figures(role.id, role.title, role, portal, members, weeks, min_group), portal, members)
        roles.append(total)
    return Adoption(
        min_group=min_group,
        weeks=weeks,
        teams=tuple(shown),
        small_teams=tuple(small),
        roles=tuple(roles),
        managers=tuple(_managers(teams, portal, min_group)),
    )


def _too_small(min_group: int, hidden: int = 0) -> Message:
    if hidden:
        return Message.of(
            N_("not shown: it would show a group of fewer than %(min_group)s people by subtraction"),
            min_group=min_group,
        )
    return Message.of(N_("fewer than %(min_group)s people: not shown"), min_group=min_group)


def _weeks(records: Iterable[Sequence[WeekRecord]]) -> tuple[str, ...]:
    """Every ISO week from the oldest record to the newest, gaps included."""
    # "YYYY-Www" sorts as the weeks do: only the first and the last become dates.
    written = [record.week for team in records for record in team]
    if not written:
        return ()
    first, last = (monday_of(week) for week in (min(written), max(written)))
    count = (last - first).days // 7 + 1
    days = (first + datetime.timedelta(weeks=n) for n in range(count))
    return tuple(f"{day.isocalendar().year}-W{day.isocalendar().week:02d}" for day in days)


def _figures(
    group_id: str,
    title: str,
    role: Role,
    portal: Portal,
    teams: Sequence[Team],
    weeks: tuple[str, ...],
    min_group: int,
) -> Figures:
    records = {(team.id, record.week): record for team in teams for record in portal.adoption.get(team.id, [])}
    by_week = [[(team, records[team.id, week]) for team in teams if (team.id, week) in records] for week in weeks]
    # A week whose records describe fewer than min_group people (or would, by subtraction) is withheld whole.
    by_week = [
        rows
        if not private(
            sum(team.size for team, _ in rows),
            sum(team.size for team, _ in rows if not shown_alone(team, min_group)),
            min_group,
        )
        else []
        for rows in by_week
    ]
    headcount = tuple(sum(team.size for team, _ in rows) for rows in by_week)
    totals = [_week_totals([record for _, record in rows]) for rows in by_week]
    hours_per_week = role.practice.hours_per_week if role.practice else None
    behaviours = []
    seen_by_week = [observed for _, observed in totals]
    for path_ref in role.paths:
        path = portal.paths.get(path_ref.id)
        for level in path.levels if path else ():
            for behaviour in level.behaviours:
                ref = behaviour.ref(path_ref.id)
                if ref is None:
                    continue
                seen = tuple([observed.get(ref) for observed in seen_by_week])
                if seen.count(None) < len(seen):
                    behaviours.append(BehaviourSeries(ref, behaviour.text, seen))
    measures = tuple(
        MeasureSeries(
            measure,
            tuple(
                _weighted_mean((team.size, record.measures.get(measure.id)) for team, record in rows)
                for rows in by_week
            ),
        )
        for measure in role.measures
    )
    return Figures(
        id=group_id,
        title=title,
        role=role.id,
        weeks=weeks,
        headcount=headcount,
        people_observed=tuple(int(fields["people_observed"]) if fields else None for fields, _ in totals),
        practice_hours=tuple(fields.get("practice_hours") for fields, _ in totals),
        practice_budget=tuple(
            people * hours_per_week if hours_per_week is not None and people else None for people in headcount
        ),
        counts={name: tuple(_count(fields.get(name)) for fields, _ in totals) for name in COUNTS},
        behaviours=tuple(behaviours),
        measures=measures,
        teams=tuple(team.id for team in teams),
    )


_SUMMED = ("people_observed", "practice_hours", *COUNTS)


def _week_totals(records: Sequence[WeekRecord]) -> tuple[dict[str, float], Mapping[str, int]]:
    """One week of a group: the sum of each count over its records, and of each behaviour's. A
    count no record has is left out (not recorded is not zero). One pass over the records: a role's
    year is thousands of them."""
    if len(records) == 1:  # a team's week: its record's own counts, each 0 + n as below (-0.0 becomes 0.0)
        record = records[0]
        return {name: 0 + value for name in _SUMMED if (value := getattr(record, name)) is not None}, record.observed
    fields: dict[str, float] = {}
    observed: dict[str, int] = {}
    for record in records:
        for name in _SUMMED:
            value = getattr(record, name)
            if value is not None:
                fields[name] = fields.get(name, 0) + value
        for ref, seen in record.observed.items():
            observed[ref] = observed.get(ref, 0) + seen
    return fields, observed


def _count(value: float | None) -> int | None:
    return None if value is None else int(value)


def _weighted_mean(pairs: Iterable[tuple[int, float | None]]) -> float | None:
    present = [(weight, value) for weight, value in pairs if value is not None]
    total = sum(weight for weight, _ in present)
    return round(sum(weight * value for weight, value in present) / total, 2) if total else None


def _with_signals(figures: Figures, portal: Portal, teams: Sequence[Team]) -> Figures:
    signals = [*_practice_signals(figures, portal.roles[figures.role]), *_pairing_signals(figures)]
    early = [team for team in teams if team.cohort.team_before_managers]
    if len(teams) == 1 and early:
        starts = early[0].cohort
        assert starts.team_start is not None and starts.managers_start is not None
        signals.append(
            Signal(
                "team-before-managers",
                Message.of(
                    N_(
                        "The team started on %(team_start)s, before its managers (%(managers_start)s):"
                        " managers had nothing to coach from."
                    ),
                    team_start=starts.team_start.isoformat(),
                    managers_start=starts.managers_start.isoformat(),
                ),
            )
        )
    elif early:
        signals.append(
            Signal(
                "team-before-managers",
                Message.of(
                    N_("%(early)s of %(teams)s teams started before their managers."),
                    early=len(early),
                    teams=len(teams),
                ),
            )
        )
    return dataclasses.replace(figures, signals=tuple(signals))


def _practice_signals(figures: Figures, role: Role) -> list[Signal]:
    signals = []
    run = longest = 0
    end = -1
    for index, (hours, budget) in enumerate(zip(figures.practice_hours, figures.practice_budget, strict=True)):
        run = run + 1 if hours is not None and budget and hours < budget / 2 else 0
        if run > longest:
            longest, end = run, index
    if longest >= _RUN_UNDER_HALF:
        first, last = figures.weeks[end - longest + 1], figures.weeks[end]
        signals.append(
            Signal(
                "practice-under-half",
                Message.of(
                    N_("Practice was under half the budget for %(weeks)s weeks running (%(first)s to %(last)s)."),
                    weeks=longest,
                    first=first,
                    last=last,
                ),
            )
        )
    recent = [
        (hours, budget)
        for hours, budget in zip(
            figures.practice_hours[-_MONTH_WEEKS:], figures.practice_budget[-_MONTH_WEEKS:], strict=True
        )
        if hours is not None and budget
    ]
    used = sum(h for h, _ in recent) / sum(b for _, b in recent) if recent else None
    if role.metrics_to_adjust and used is not None and used < 0.5:
        metrics = ", ".join(m.metric for m in role.metrics_to_adjust)
        signals.append(
            Signal(
                "budget-unused",
                Message.of(
                    N_(
                        "Only %(used)s of the practice budget was used in the last %(weeks)s weeks, in a role whose"
                        " metrics punish practice (%(metrics)s): check that they were adjusted as the role says."
                    ),
                    used=Percent(used),
                    weeks=len(recent),
                    metrics=metrics,
                ),
            )
        )
    return signals


def _pairing_signals(figures: Figures) -> list[Signal]:
    """Behaviours rising while a paired measure does not move, or the reverse."""
    signals = []
    by_ref = {series.ref: series for series in figures.behaviours}
    for series in figures.measures:
        measure = series.measure
        values = [(i, v) for i, v in enumerate(series.values) if v is not None]
        paired = [by_ref[ref] for ref in series.behaviours if ref in by_ref]
        if len(values) < 4 or not paired:
            continue
        moved = measure.progress(values[-1][1]) - measure.progress(values[0][1])
        first, last = values[0][0], values[-1][0]
        rises = [
            (figures.share(behaviour.seen[last], last) or 0) - (figures.share(behaviour.seen[first], first) or 0)
            for behaviour in paired
        ]
        rise = sum(rises) / len(rises)
        if rise >= 0.15 and moved < 0.1:
            signals.append(
                Signal(
                    "behaviour-without-measure",
                    Message.of(
                        N_(
                            "The behaviours paired with '%(measure)s' rose by %(rise)s of the people, but it moved"
                            " %(moved)s of the way to its target: look for what else holds it back."
                        ),
                        measure=measure.title,
                        rise=Percent(rise),
                        moved=Percent(max(moved, 0)),
                    ),
                )
            )
        elif moved >= 0.25 and rise < 0.05:
            signals.append(
                Signal(
                    "measure-without-behaviour",
                    Message.of(
                        N_(
                            "'%(measure)s' moved %(moved)s of the way to its target while its paired behaviours"
                            " did not rise: something other than the new skills moved it."
                        ),
                        measure=measure.title,
                        moved=Percent(moved),
                    ),
                )
            )
    return signals


def _managers(teams: Sequence[Team], portal: Portal, min_group: int) -> list[ManagerScore | Withheld]:
    handles = sorted({handle for team in teams for handle in team.managers}, key=str.casefold)
    scores: list[ManagerScore | Withheld] = []
    for handle in handles:
        managed = [team for team in teams if handle in team.managers]
        headcount = sum(team.size for team in managed)
        hidden = sum(team.size for team in managed if not shown_alone(team, min_group))
        if private(headcount, hidden, min_group):
            scores.append(Withheld(handle, handle, _too_small(min_group, hidden)))
            continue
        conversations: list[int] = []
        applying: list[tuple[int, int]] = []
        for team in managed:
            records = sorted(portal.adoption.get(team.id, []), key=lambda r: r.monday)
            recent = records[-_MONTH_WEEKS:]
            conversations += [r.development_conversations for r in recent if r.development_conversations is not None]
            if records:
                newest = records[-1]
                applying.append((max(newest.observed.values(), default=0), team.size))
        scores.append(
            ManagerScore(
                handle=handle,
                teams=tuple(team.id for team in managed),
                headcount=headcount,
                conversations_per_person_month=round(sum(conversations) / headcount, 2) if conversations else None,
                share_applying=sum(seen for seen, _ in applying) / sum(size for _, size in applying)
                if applying
                else None,
            )
        )
    return scores
