"""What the adoption pages show, from `adoption.Adoption`: the charts (with their figures as
tables in the templates) and the few sentences that read the figures out."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..content.i18n import ENGLISH, N_, NumberFormat, Translator, number_format
from ..content.model import Measure
from .adoption import COUNTS, Adoption, Figures, ManagerScore, MeasureSeries
from .charts import Reference, Series, line_chart

COUNT_LABELS = {
    "experiments": N_("Experiments run"),
    "process_changes": N_("Process changes shipped"),
    "barriers_removed": N_("Barriers removed"),
    "recognitions": N_("Recognitions"),
    "development_conversations": N_("Development conversations"),
}
assert set(COUNT_LABELS) == set(COUNTS)


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    chart: Markup
    latest: float | None
    paired: list[tuple[str, str]]
    """(behaviour text, its latest share of the group, as '4 of 12 (33 %)')."""
    weekly: str = ""
    """Each week's value in words, for the chart's caption: '2026-W01 5.5, 2026-W02 –.'"""


def team_context(figures: Figures, translator: Translator = ENGLISH) -> dict[str, Any]:
    """The context of a team's page (or of a role's total on the overview), in ``translator``'s language."""
    _ = translator.gettext
    week = figures.latest
    behaviour_chart = line_chart(
        f"behaviours-{figures.id}",
        _("Behaviours seen, share of %(group)s", group=figures.title),
        _behaviours_summary(figures, translator),
        figures.weeks,
        [Series(b.text, figures.shares(b.seen)) for b in figures.behaviours],
        percent=True,
        translator=translator,
    )
    budget = next((b for b in reversed(figures.practice_budget) if b), None)
    practice_chart = line_chart(
        f"practice-{figures.id}",
        _("Practice hours a week, %(group)s", group=figures.title),
        _practice_summary(figures, translator),
        figures.weeks,
        [Series(_("Practice hours"), list(figures.practice_hours))],
        [Reference(_("Budget %(hours)s h", hours=translator.number(budget)), budget)] if budget else [],
        translator=translator,
    )
    measures = [_measure_view(figures, m, translator) for m in figures.measures]
    return {
        "figures": figures,
        "week": week,
        "behaviour_chart": behaviour_chart,
        "practice_chart": practice_chart,
        "behaviour_rows": _behaviour_rows(figures, translator),
        "count_rows": _count_rows(figures, translator),
        "measures": measures,
        "count_labels": {name: _(label) for name, label in COUNT_LABELS.items()},
    }


def overview_context(adoption: Adoption, translator: Translator = ENGLISH) -> dict[str, Any]:
    """The context of /adoption/: every team this week, the roles side by side, the managers."""
    return {
        "adoption": adoption,
        "teams": [(figures, _trend(figures, translator)) for figures in adoption.teams],
        "roles": [
            (item, _role_view(item, translator) if isinstance(item, Figures) else None) for item in adoption.roles
        ],
        "role_trend": {item.id: _trend(item, translator) for item in adoption.roles if isinstance(item, Figures)},
        "managers": adoption.managers,
        "is_score": lambda item: isinstance(item, ManagerScore),
    }


def number_text(value: float | None, translator: Translator = ENGLISH) -> str:
    """A figure as the pages print it in ``translator``'s language: '12', '2.5' ('2,5'), or a dash
    where nothing was recorded."""
    return "–" if value is None else translator.number(value)


def percent_text(value: float | None, translator: Translator = ENGLISH) -> str:
    """A share as the pages print it: '33%' ('33 %'), or a dash."""
    return "–" if value is None else translator.percent(value)


def _behaviour_rows(figures: Figures, translator: Translator) -> Markup:
    """The behaviours table's rows, a cell a week. Made here rather than in the template: a year of
    weeks is a thousand cells a page, which Jinja takes a hundred times as long to write."""
    rows = []
    formats = itertools.repeat(number_format(translator.language))
    for behaviour in figures.behaviours:
        # Figures written from numbers: nothing in them to escape.
        cells = "".join(map(_CELL.format, map(_cell_text, behaviour.seen, figures.headcount, formats)))
        rows.append(f'<tr><th scope="row">{escape(behaviour.text)}</th>{cells}</tr>\n')
    return Markup("".join(rows))


def _count_rows(figures: Figures, translator: Translator) -> Markup:
    """The weekly counts table's rows (made here for the reason `_behaviour_rows` gives)."""
    formats = number_format(translator.language)

    def number(value: float | None) -> str:
        return _number_text(value, formats)

    counts = [list(map(_CELL.format, map(number, figures.counts[name]))) for name in COUNT_LABELS]
    rows = []
    for i, week in enumerate(figures.weeks):
        budget = figures.practice_budget[i]
        within = f" ({number(budget)})" if budget else ""
        cells = "".join([cells[i] for cells in counts])
        rows.append(
            f'<tr><th scope="row">{escape(week)}</th><td>{number(figures.people_observed[i])}</td>'
            f"<td>{number(figures.practice_hours[i])}{within}</td>{cells}</tr>\n"
        )
    return Markup("".join(rows))


_CELL = "<td>{}</td>"


@functools.lru_cache(maxsize=4096, typed=True)  # typed: 1 and 1.0 are two keys
def _number_text(value: float | None, formats: NumberFormat) -> str:
    """`number_text` of a table cell: a year of a team's counts holds a few dozen different ones."""
    return "–" if value is None else formats.number(value)


@functools.lru_cache(maxsize=4096)  # a year of a team's cells holds a few dozen different ones
def _cell_text(seen: int | None, of: int, formats: NumberFormat) -> str:
    """A table cell: '4 (33%)'; the headcount is in the table's caption."""
    if seen is None or not of:
        return "–"
    return f"{formats.number(seen)} ({formats.percent(seen / of)})"


def _role_view(figures: Figures, translator: Translator) -> dict[str, Any]:
    """A role's total on the overview: its newest week and each measure beside its behaviours (the
    weekly detail is on the teams' pages, so the overview stays a screenful a role)."""
    return {
        "figures": figures,
        "week": figures.latest,
        "measures": [_measure_view(figures, m, translator, chart=False) for m in figures.measures],
    }


def share_text(seen: int | None, of: int, translator: Translator = ENGLISH) -> str:
    """'4 of 12 (33 %)', or a dash when nothing was recorded."""
    if seen is None or not of:
        return "–"
    share = translator.percent(seen / of)
    return translator.gettext(
        "%(seen)s of %(of)s (%(share)s)", seen=translator.number(seen), of=translator.number(of), share=share
    )


def _applying(figures: Figures, week: int) -> int | None:
    """People seen applying at least one behaviour: at least the most-seen behaviour's count."""
    seen = [n for n in (b.seen[week] for b in figures.behaviours) if n is not None]
    return max(seen) if seen else None


def _trend(figures: Figures, translator: Translator) -> str:
    """The newest week against four weeks before it, in words."""
    _ = translator.gettext
    now = figures.latest
    before = max(now - 4, 0)
    a, b = _applying(figures, before), _applying(figures, now)
    if a is None or b is None or now == before:
        return _("not enough weeks yet")
    share_before, share_now = a / figures.headcount[before], b / figures.headcount[now]
    shares = {"before": translator.percent(share_before), "now": translator.percent(share_now)}
    if abs(share_now - share_before) < 0.05:
        return _("flat (%(now)s seen applying a new skill, as four weeks before)", **shares)
    if share_now > share_before:
        return _("up from %(before)s to %(now)s seen applying a new skill in four weeks", **shares)
    return _("down from %(before)s to %(now)s seen applying a new skill in four weeks", **shares)


def _behaviours_summary(figures: Figures, translator: Translator) -> str:
    week = figures.latest
    parts = [
        f"{b.text}: {share_text(b.seen[week], figures.headcount[week], translator)}"
        for b in figures.behaviours
        if b.seen[week] is not None
    ]
    return translator.gettext(
        "In %(week)s, people seen doing each behaviour: %(shares)s.", week=figures.weeks[week], shares="; ".join(parts)
    )


def _practice_summary(figures: Figures, translator: Translator) -> str:
    _, number = translator.gettext, translator.number
    values = [(w, h) for w, h in zip(figures.weeks, figures.practice_hours, strict=True) if h is not None]
    if not values:
        return _("No practice hours recorded.")
    budget = figures.practice_budget[figures.latest]
    went = {"first": number(values[0][1]), "first_week": values[0][0], "last": number(values[-1][1]),
            "last_week": values[-1][0]}  # fmt: skip
    if budget:
        return _(
            "Practice hours went from %(first)s in %(first_week)s to %(last)s in %(last_week)s"
            " against a budget of %(budget)s.",
            budget=number(budget), **went,
        )  # fmt: skip
    return _("Practice hours went from %(first)s in %(first_week)s to %(last)s in %(last_week)s.", **went)


def _measure_view(
    figures: Figures, series: MeasureSeries, translator: Translator, *, chart: bool = True
) -> MeasureView:
    _, number = translator.gettext, translator.number
    measure = series.measure
    values = [v for v in series.values if v is not None]
    latest = values[-1] if values else None
    better = _("lower is better") if measure.better == "lower" else _("higher is better")
    if values:
        summary = _(
            "%(measure)s went from %(first)s to %(last)s %(unit)s; baseline %(baseline)s, target %(target)s"
            " (%(better)s).",
            measure=measure.title, first=number(values[0]), last=number(values[-1]), unit=measure.unit,
            baseline=number(measure.baseline), target=number(measure.target), better=better,
        )  # fmt: skip
    else:
        summary = _("No values of %(measure)s recorded.", measure=measure.title)
    references = [
        Reference(_("Baseline %(value)s", value=number(measure.baseline)), measure.baseline),
        Reference(_("Target %(value)s", value=number(measure.target)), measure.target),
    ]
    drawn = (
        line_chart(
            f"measure-{figures.id}-{measure.id}",
            f"{measure.title} ({measure.unit}), {figures.title}",
            summary,
            figures.weeks,
            [Series(measure.title, list(series.values))],
            references,
            translator=translator,
        )
        if chart
        else Markup("")
    )
    by_ref = {b.ref: b for b in figures.behaviours}
    week = figures.latest
    paired = [
        (by_ref[ref].text, share_text(by_ref[ref].seen[week], figures.headcount[week], translator))
        for ref in series.behaviours
        if ref in by_ref
    ]
    weekly = ", ".join(f"{w} {number_text(v, translator)}" for w, v in zip(figures.weeks, series.values, strict=True))
    return MeasureView(measure, drawn, latest, paired, weekly + "." if chart and weekly else "")
