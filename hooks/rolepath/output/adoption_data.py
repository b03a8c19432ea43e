"""The published adoption figures as plain data: ``adoption.json`` in the managers' editions,
and ``rolepath adoption --format json|csv|text`` for HR scorecards and spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .adoption import COUNTS, Adoption, Figures, ManagerScore, Withheld


def adoption_data(adoption: Adoption, since: str | None = None) -> dict[str, Any]:
    """Every published figure, weeks from ``since`` (``YYYY-Www``) on; withheld groups by title only."""
    keep = [i for i, week in enumerate(adoption.weeks) if since is None or week >= since]
    return {
        "min_group": adoption.min_group,
        "weeks": [adoption.weeks[i] for i in keep],
        "teams": [_group(figures, keep) for figures in adoption.teams],
        "roles": [_group(item, keep) if isinstance(item, Figures) else _withheld(item) for item in adoption.roles],
        "withheld_teams": [_withheld(item) for item in adoption.small_teams],
        "managers": [
            _manager(item) if isinstance(item, ManagerScore) else _withheld(item) for item in adoption.managers
        ],
    }


def _withheld(item: Withheld) -> dict[str, Any]:
    return {"id": item.id, "title": item.title, "withheld": str(item.reason)}


def _group(figures: Figures, keep: list[int]) -> dict[str, Any]:
    def pick(values: tuple[Any, ...]) -> list[Any]:
        return [values[i] for i in keep]

    return {
        "id": figures.id,
        "title": figures.title,
        "role": figures.role,
        "headcount": pick(figures.headcount),
        "people_observed": pick(figures.people_observed),
        "practice_hours": pick(figures.practice_hours),
        "practice_budget": pick(figures.practice_budget),
        **{name: pick(values) for name, values in figures.counts.items()},
        "behaviours": [{"ref": b.ref, "text": b.text, "seen": pick(b.seen)} for b in figures.behaviours],
        "measures": [
            {
                "id": series.measure.id,
                "title": series.measure.title,
                "unit": series.measure.unit,
                "baseline": series.measure.baseline,
                "target": series.measure.target,
                "better": series.measure.better,
                "behaviours": list(series.behaviours),
                "values": pick(series.values),
            }
            for series in figures.measures
        ],
        "signals": [{"kind": s.kind, "message": str(s.message)} for s in figures.signals],
    }


def _manager(score: ManagerScore) -> dict[str, Any]:
    return {
        "handle": score.handle,
        "teams": list(score.teams),
        "headcount": score.headcount,
        "development_conversations_per_person_month": score.conversations_per_person_month,
        "share_applying_at_least": score.share_applying,
    }


def adoption_json(adoption: Adoption, since: str | None = None) -> str:
    """`adoption_data` as ``adoption.json``: indented as ``json.dumps(data, ensure_ascii=False,
    indent=2)`` indents it, but for a list of plain values (a group's weekly figures), which is
    written on one line, ``[6, 7, null]``: a year of 200 teams is then 2.3 MB, not 6, a series
    reads across, and a new week changes each series' line rather than adding a line to each."""
    return _indented(adoption_data(adoption, since), "") + "\n"


_PLAIN = {str, int, float, bool, type(None)}
_KEY = json.encoder.encode_basestring  # the C one, which ensure_ascii=False uses
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
"""A list of plain values on one line, by ``json``'s C encoder."""


def _indented(value: Any, pad: str) -> str:
    inner = pad + "  "
    if isinstance(value, dict) and value:
        items = (f"{_KEY(key)}: {_indented(item, inner)}" for key, item in value.items())
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value:
        if set(map(type, value)) <= _PLAIN:
            return _ONE_LINE(value)
        return "[\n" + inner + (",\n" + inner).join(_indented(item, inner) for item in value) + "\n" + pad + "]"
    return _ONE_LINE(value)


CSV_COLUMNS = ("group", "kind", "week", "headcount", "people_observed", "practice_hours", "practice_budget", *COUNTS)


def adoption_csv(adoption: Adoption, since: str | None = None) -> str:
    """One row per published group and week (teams, then role totals), then one per behaviour and
    measure value: what a spreadsheet wants."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "item", "value"])
    groups = [("team", f) for f in adoption.teams] + [("role", f) for f in adoption.roles if isinstance(f, Figures)]
    for kind, f in groups:
        for i, week in enumerate(f.weeks):
            if since is not None and week < since:
                continue
            base = [f.id, kind, week, f.headcount[i], f.people_observed[i], f.practice_hours[i], f.practice_budget[i]]
            counts = [f.counts[name][i] for name in COUNTS]
            writer.writerow([*_cells(base + counts), "", ""])
            for b in f.behaviours:
                writer.writerow([*_cells(base + counts), f"behaviour {b.ref}", _cell(b.seen[i])])
            for series in f.measures:
                writer.writerow([*_cells(base + counts), f"measure {series.measure.id}", _cell(series.values[i])])
    return out.getvalue()


def adoption_text(adoption: Adoption, since: str | None = None) -> str:
    """The newest week of each published group, and what blocks it, for a terminal."""
    lines = [f"Adoption, {adoption.weeks[0]} to {adoption.weeks[-1]}" if adoption.weeks else "No adoption records."]
    for kind, items in (("team", adoption.teams), ("role", adoption.roles)):
        for item in items:
            if isinstance(item, Withheld):
                lines.append(f"{kind} {item.title}: {item.reason}")
                continue
            w = item.latest
            if since is not None and item.weeks[w] < since:
                continue
            hours = "–" if item.practice_hours[w] is None else f"{item.practice_hours[w]:g}"
            budget = f" of {item.practice_budget[w]:g}" if item.practice_budget[w] else ""
            lines.append(
                f"{kind} {item.title} ({item.weeks[w]}): {item.people_observed[w] or 0} of {item.headcount[w]}"
                f" observed, practice {hours}{budget} h"
            )
            lines += [f"  blocking: {signal.message}" for signal in item.signals]
    for item in adoption.small_teams:
        lines.append(f"team {item.title}: {item.reason}")
    return "\n".join(lines) + "\n"


def _cells(values: list[Any]) -> list[str]:
    return [_cell(value) for value in values]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)
