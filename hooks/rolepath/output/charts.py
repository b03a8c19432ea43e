"""Line charts as inline SVG, made at build time: no script, no library, no font from elsewhere.

A chart is a picture of figures that the page also prints as a table, so it carries a
short text of its own (``<title>`` and ``<desc>``) and is otherwise decoration for screen
readers. Series are told apart by dash pattern and marker shape as well as colour, so the
chart reads in both palettes, in greyscale and in print; colours come from CSS classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..content.i18n import ENGLISH, Translator

WIDTH, HEIGHT = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 16, 16, 36
_DASHES = ("", "6 4", "2 3", "10 3 2 3")
_MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Reference:
    """A horizontal line: a target, a baseline or a budget."""

    label: str
    value: float


def line_chart(
    chart_id: str,
    title: str,
    summary: str,
    weeks: Sequence[str],
    series: Sequence[Series],
    references: Sequence[Reference] = (),
    *,
    percent: bool = False,
    translator: Translator = ENGLISH,
) -> Markup:
    """An SVG line chart of weekly values; ``summary`` is its text alternative, in words; the axis
    is numbered as ``translator``'s language writes numbers."""
    values = [v for s in series for v in s.values if v is not None] + [r.value for r in references]
    top = _nice_top(max(values, default=1.0), percent)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(len(weeks) - 1, 1)

    def x(index: int) -> float:
        return _LEFT + index * step

    base = _TOP + plot_h

    def y(value: float) -> float:
        return base - (value / top) * plot_h if top else base

    parts = [
        f'<svg class="rp-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(summary)}</desc>',
        '<g class="rp-chart__grid" aria-hidden="true">',
    ]
    label = translator.percent if percent else translator.number
    for tick in range(5):
        value = top * tick / 4
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text x="{_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{escape(label(value))}</text>'
        )
    label_every = max(1, round(len(weeks) / 6))
    for index, week in enumerate(weeks):
        if index % label_every == 0 or index == len(weeks) - 1:
            parts.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - _BOTTOM + 18}" text-anchor="middle">{escape(week[-3:])}</text>'
            )
    parts.append("</g>")
    for number, reference in enumerate(references):
        parts.append(
            f'<g class="rp-chart__reference rp-chart__reference--{number + 1}" aria-hidden="true">'
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y(reference.value):.1f}" y2="{y(reference.value):.1f}"/>'
            f'<text x="{WIDTH - _RIGHT}" y="{y(reference.value) - 4:.1f}" text-anchor="end">'
            f"{escape(reference.label)}</text></g>"
        )
    # A year of weeks is a few thousand points a page: each position is worked out once, each
    # coordinate written once (`_Decimals`), and the points are joined over whole lists.
    xs = [x(index) for index in range(max((len(s.values) for s in series), default=0))]
    written = _Decimals()
    for number, line in enumerate(series):
        kind = number % len(_DASHES)
        dash = f' stroke-dasharray="{_DASHES[kind]}"' if _DASHES[kind] else ""
        parts.append(f'<g class="rp-chart__series rp-chart__series--{kind + 1}" aria-hidden="true">')
        ys = (
            [None if value is None else base - (value / top) * plot_h for value in line.values]
            if top
            else [None if value is None else base for value in line.values]
        )  # y(value) of each, written out: the charts of a portal have hundreds of thousands of points
        for run in _runs(ys):
            points = " ".join([f"{written[xs[i]]},{written[at]}" for i, at in run])
            parts.append(f'<polyline points="{points}" fill="none"{dash}/>')
        drawn = [(xs[i], at) for i, at in enumerate(ys) if at is not None]
        parts.append(_markers(_MARKERS[kind], [cx for cx, _ in drawn], [cy for _, cy in drawn], written))
        parts.append("</g>")
    parts.append("</svg>")
    if len(series) > 1:
        parts.append(_legend(series))
    return Markup("".join(parts))


def _legend(series: Sequence[Series]) -> str:
    """Which line is which: the dash and marker of each series beside its label (decoration for
    screen readers, which have the chart's text and the table)."""
    items = []
    for number, line in enumerate(series):
        kind = number % len(_DASHES)
        dash = f' stroke-dasharray="{_DASHES[kind]}"' if _DASHES[kind] else ""
        swatch = (
            f'<svg class="rp-chart__swatch rp-chart__series--{kind + 1}" viewBox="0 0 32 12" width="32" height="12"'
            f' aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><line x1="0" x2="32" y1="6" y2="6"{dash}/>'
            f"{_marker(_MARKERS[kind], 16, 6)}</svg>"
        )
        items.append(f"<li>{swatch} {escape(line.label)}</li>")
    return '<ul class="rp-chart-legend" aria-hidden="true">' + "".join(items) + "</ul>"


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive weeks with a value: a week without a record is a gap, never a zero."""
    if None not in values:
        return [list(enumerate(values))] if values else []  # type: ignore[arg-type]  # no None: floats
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


class _Decimals(dict[float, str]):
    """Coordinates as the chart writes them, one decimal, each written once: a chart's points
    repeat a few dozen heights."""

    def __missing__(self, value: float) -> str:
        text = self[value] = f"{value:.1f}"
        return text


_MARKER = {
    "circle": (0, 0, '<circle cx="{}" cy="{}" r="3.5"/>'),
    "square": (-3.5, -3.5, "M{} {}h7v7h-7z"),
    "diamond": (0, -4.5, "M{} {}l4.5 4.5-4.5 4.5-4.5-4.5z"),
    "triangle": (0, -4.5, "M{} {}l4.5 8.5h-9z"),
}
"""Each shape's starting point from the marker's centre (x, y), and how it is drawn from there:
a circle as an element, the others as one path a series, each marker a closed outline drawn
clockwise from its top left (a square) or top corner, so overlapping markers fill as one."""


def _marker(shape: str, cx: float, cy: float) -> str:
    return _markers(shape, [cx], [cy], _Decimals())


def _markers(shape: str, cxs: list[float], cys: list[float], written: _Decimals) -> str:
    """A marker of this shape centred on each (cx, cy)."""
    dx, dy, outline = _MARKER[shape]
    starts = map(outline.format, map(written.__getitem__, [cx + dx for cx in cxs]),
                 map(written.__getitem__, [cy + dy for cy in cys]))  # fmt: skip
    if shape == "circle":
        return "".join(starts)
    return f'<path d="{"".join(starts)}"/>' if cxs else ""


def _nice_top(highest: float, percent: bool) -> float:
    if percent:
        return 1.0
    if highest <= 0:
        return 1.0
    for top in (1, 2, 2.5, 5, 10):
        magnitude = 10 ** (len(str(int(highest))) - 1)
        if highest <= top * magnitude:
            return float(top * magnitude)
    return float(highest)

