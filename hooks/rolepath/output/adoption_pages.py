"""What the adoption pages show, from `adoption.Adoption`: the charts (with their figures as
tables in the templates) and the few sentences that read the figures out."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .adoption import COUNTS, Adoption, Figures, ManagerScore, MeasureSeries
from .charts import Reference, Series, line_chart

COUNT_LABELS = {
    "experiments": "Experiments run",
    "process_changes": "Process changes shipped",
    "barriers_removed": "Barriers removed",
    "recognitions": "Recognitions",
    "development_conversations": "Development conversations",
}
assert set(COUNT_LABELS) == set(COUNTS)


@dataclass(frozen=True)
class MeasureView:
    measure: MeasureSeries
    chart: Markup
    latest: float | None
    paired: list[tuple[str, str]]
    """(behaviour text, its latest share of the group, as '4 of 12 (33 %)')."""
    weekly: str = ""
    """Each week's value in words, for the chart's caption: '2026-W01 5.5, 2026-W02 –.'"""


def team_context(figures: Figures) -> dict[str, Any]:
    """The context of a team's page (or of a role's total on the overview)."""
    week = figures.latest
    behaviour_chart = line_chart(
        f"behaviours-{figures.id}",
        f"Behaviours seen, share of {figures.title}",
        _behaviours_summary(figures),
        figures.weeks,
        [Series(b.text, figures.shares(b.seen)) for b in figures.behaviours],
        percent=True,
    )
    budget = next((b for b in reversed(figures.practice_budget) if b), None)
    practice_chart = line_chart(
        f"practice-{figures.id}",
        f"Practice hours a week, {figures.title}",
        _practice_summary(figures),
        figures.weeks,
        [Series("Practice hours", list(figures.practice_hours))],
        [Reference(f"Budget {budget:g} h", budget)] if budget else [],
    )
    measures = [_measure_view(figures, m) for m in figures.measures]
    return {
        "figures": figures,
        "week": week,
        "behaviour_chart": behaviour_chart,
        "practice_chart": practice_chart,
        "behaviour_rows": _behaviour_rows(figures),
        "count_rows": _count_rows(figures),
        "measures": measures,
        "count_labels": COUNT_LABELS,
    }


def overview_context(adoption: Adoption) -> dict[str, Any]:
    """The context of /adoption/: every team this week, the roles side by side, the managers."""
    return {
        "adoption": adoption,
        "teams": [(figures, _trend(figures)) for figures in adoption.teams],
        "roles": [(item, _role_view(item) if isinstance(item, Figures) else None) for item in adoption.roles],
        "role_trend": {item.id: _trend(item) for item in adoption.roles if isinstance(item, Figures)},
        "managers": adoption.managers,
        "is_score": lambda item: isinstance(item, ManagerScore),
    }


def number_text(value: float | None) -> str:
    """A figure as the pages print it: '12', '2.5', or a dash where nothing was recorded."""
    return "–" if value is None else f"{value:g}"


def percent_text(value: float | None) -> str:
    """A share as the pages print it: '33%', or a dash."""
    return "–" if value is None else f"{value:.0%}"


def _behaviour_rows(figures: Figures) -> Markup:
    """The behaviours table's rows, a cell a week. Made here rather than in the template: a year of
    weeks is a thousand cells a page, which Jinja takes a hundred times as long to write."""
    rows = []
    for behaviour in figures.behaviours:
        # Figures written from numbers: nothing in them to escape.
        cells = "".join(map(_CELL.format, map(_cell_text, behaviour.seen, figures.headcount)))
        rows.append(f'<tr><th scope="row">{escape(behaviour.text)}</th>{cells}</tr>\n')
    return Markup("".join(rows))


def _count_rows(figures: Figures) -> Markup:
    """The weekly counts table's rows (made here for the reason `_behaviour_rows` gives)."""
    counts = [list(map(_CELL.format, map(number_text, figures.counts[name]))) for name in COUNT_LABELS]
    rows = []
    for i, week in enumerate(figures.weeks):
        budget = figures.practice_budget[i]
        within = f" ({number_text(budget)})" if budget else ""
        cells = "".join([cells[i] for cells in counts])
        rows.append(
            f'<tr><th scope="row">{escape(week)}</th><td>{number_text(figures.people_observed[i])}</td>'
            f"<td>{number_text(figures.practice_hours[i])}{within}</td>{cells}</tr>\n"
        )
    return Markup("".join(rows))


_CELL = "<td>{}</td>"


@functools.lru_cache(maxsize=4096)  # a year of a team's cells holds a few dozen different ones
def _cell_text(seen: int | None, of: int) -> str:
    """A table cell: '4 (33 %)'; the headcount is in the table's caption."""
    if seen is None or not of:
        return "–"
    return f"{seen} ({seen / of:.0%})"


def _role_view(figures: Figures) -> dict[str, Any]:
    """A role's total on the overview: its newest week and each measure beside its behaviours (the
    weekly detail is on the teams' pages, so the overview stays a screenful a role)."""
    return {
        "figures": figures,
        "week": figures.latest,
        "measures": [_measure_view(figures, m, chart=False) for m in figures.measures],
    }


def share_text(seen: int | None, of: int) -> str:
    """'4 of 12 (33 %)', or a dash when nothing was recorded."""
    if seen is None or not of:
        return "–"
    return f"{seen} of {of} ({seen / of:.0%})"


def _applying(figures: Figures, week: int) -> int | None:
    """People seen applying at least one behaviour: at least the most-seen behaviour's count."""
    seen = [n for n in (b.seen[week] for b in figures.behaviours) if n is not None]
    return max(seen) if seen else None


def _trend(figures: Figures) -> str:
    """The newest week against four weeks before it, in words."""
    now = figures.latest
    before = max(now - 4, 0)
    a, b = _applying(figures, before), _applying(figures, now)
    if a is None or b is None or now == before:
        return "not enough weeks yet"
    share_before, share_now = a / figures.headcount[before], b / figures.headcount[now]
    if abs(share_now - share_before) < 0.05:
        return f"flat ({share_now:.0%} seen applying a new skill, as four weeks before)"
    direction = "up" if share_now > share_before else "down"
    return f"{direction} from {share_before:.0%} to {share_now:.0%} seen applying a new skill in four weeks"


def _behaviours_summary(figures: Figures) -> str:
    week = figures.latest
    parts = [
        f"{b.text}: {share_text(b.seen[week], figures.headcount[week])}"
        for b in figures.behaviours
        if b.seen[week] is not None
    ]
    return f"In {figures.weeks[week]}, people seen doing each behaviour: " + "; ".join(parts) + "."


def _practice_summary(figures: Figures) -> str:
    values = [(w, h) for w, h in zip(figures.weeks, figures.practice_hours, strict=True) if h is not None]
    if not values:
        return "No practice hours recorded."
    budget = figures.practice_budget[figures.latest]
    against = f" against a budget of {budget:g}" if budget else ""
    return (
        f"Practice hours went from {values[0][1]:g} in {values[0][0]} to {values[-1][1]:g} in {values[-1][0]}{against}."
    )


def _measure_view(figures: Figures, measure: MeasureSeries, *, chart: bool = True) -> MeasureView:
    values = [v for v in measure.values if v is not None]
    latest = values[-1] if values else None
    summary = (
        f"{measure.title} went from {values[0]:g} to {values[-1]:g} {measure.unit}; baseline {measure.baseline:g},"
        f" target {measure.target:g} ({measure.better} is better)."
        if values
        else f"No values of {measure.title} recorded."
    )
    references = [
        Reference(f"Baseline {measure.baseline:g}", measure.baseline),
        Reference(f"Target {measure.target:g}", measure.target),
    ]
    drawn = (
        line_chart(
            f"measure-{figures.id}-{measure.id}",
            f"{measure.title} ({measure.unit}), {figures.title}",
            summary,
            figures.weeks,
            [Series(measure.title, list(measure.values))],
            references,
        )
        if chart
        else Markup("")
    )
    by_ref = {b.ref: b for b in figures.behaviours}
    week = figures.latest
    paired = [
        (by_ref[ref].text, share_text(by_ref[ref].seen[week], figures.headcount[week]))
        for ref in measure.behaviours
        if ref in by_ref
    ]
    weekly = ", ".join(f"{w} {number_text(v)}" for w, v in zip(figures.weeks, measure.values, strict=True))
    return MeasureView(measure, drawn, latest, paired, weekly + "." if chart and weekly else "")
