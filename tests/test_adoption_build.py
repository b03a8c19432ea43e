"""The adoption loop in built sites: pages, charts with their tables, adoption.json and
`rolepath adoption`, with privacy first: no figure about fewer than min_group people, in any
file of any edition, directly or by subtraction, and nothing of it in the employees' edition.

The fixture is the v2 portal of `sites.v2_portal` (a team of 9, three weeks of records) plus a
team of 3 in the same role whose records carry canary numbers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from rolepath import load
from rolepath.cli import main
from rolepath.output import adoption
from rolepath.output.adoption_data import adoption_data, adoption_json
from rolepath.output.charts import Series, line_chart
from sites import REPO, WEEK, build_with, edition, make_portal, soup, v2_portal, where, write

TINY_TITLE = "Tiny canary team 4b7e"
TINY_HOURS = "777.5"
TINY_REPLY = "91.25"
TINY_TEAM = f"""\
title: {TINY_TITLE}
role: support-agent
size: 3
managers: ["@tiny-mgr"]
"""
TINY_WEEK = f"""\
people_observed: 3
observed:
  ai-assisted-support/summarises-thread: 3
practice_hours: {TINY_HOURS}
measures:
  first-reply-minutes: {TINY_REPLY}
"""
EDITIONS = ("full", "managers", "leaders", "employees")


def _repository(root: Path, portal_texts: Mapping[str, str]) -> Path:
    files = v2_portal(portal_texts)
    files["teams/tiny.yml"] = TINY_TEAM
    for week in (46, 47, 48):
        files[f"adoption/tiny/2026-W{week}.yml"] = TINY_WEEK
    for rel, text in files.items():
        write(root / rel, str(text))
    return make_portal(root)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, portal_texts: Mapping[str, str]) -> Path:
    return _repository(tmp_path_factory.mktemp("adoption"), portal_texts)


@pytest.fixture(scope="module")
def sites(root: Path) -> Mapping[str, Path]:
    built = {"full": build_with(root / "mkdocs.yml", root / "site-full")}
    for audience in EDITIONS[1:]:
        built[audience] = build_with(edition(root, audience, f"    audience: {audience}\n"), root / f"site-{audience}")
    built["min-group-3"] = build_with(
        edition(root, "small", "    adoption:\n      min_group: 3\n"), root / "site-small"
    )
    return built


# ---- privacy ---------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_file_of_any_edition_holds_a_figure_about_fewer_than_five_people(
    sites: Mapping[str, Path], edition: str
) -> None:
    assert where(sites["min-group-3"], TINY_HOURS), "with min_group 3 the canary is published: the test can fail"
    site = sites[edition]
    assert where(site, TINY_HOURS) == []
    assert where(site, TINY_REPLY) == []
    # The role's total minus the team of 9 would be the team of 3: the total is withheld, so
    # neither 11 + 777.5 hours nor a size-weighted reply time that contains 91.25 is anywhere.
    assert where(site, "788.5") == []
    assert not (site / "adoption/tiny").exists()


def test_a_withheld_group_says_so(sites: Mapping[str, Path]) -> None:
    page = soup(sites["managers"], "adoption/")
    notes = [li.get_text(" ", strip=True) for li in page.select("ul.rp-withheld li")]
    assert notes == [f"{TINY_TITLE}: fewer than 5 people: not shown (counted in its role's total)."]
    role = page.select_one('.rp-adoption-role[data-rp-role="support-agent"] .rp-withheld').get_text(strip=True)
    assert role == "not shown: it would show a group of fewer than 5 people by subtraction."
    rows = {tr.th.get_text(strip=True): tr for tr in page.select("#managers ~ div table tbody tr")}
    assert "by subtraction" in rows["@tiny-mgr"].get_text() and "at least" in rows["@dana"].get_text()


def test_the_employees_edition_has_no_adoption_page_file_or_team(sites: Mapping[str, Path]) -> None:
    site = sites["employees"]
    assert not (site / "adoption").exists() and not (site / "adoption.json").exists()
    for canary in ("Support, Leeds queue", TINY_TITLE, "support-leeds", "@dana", "people_observed"):
        assert where(sites["managers"], canary), canary
        assert where(site, canary) == [], canary


# ---- the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["full", "managers", "leaders"])
def test_a_team_page_shows_each_week_in_a_table_beside_its_chart(sites: Mapping[str, Path], edition: str) -> None:
    page = soup(sites[edition], "adoption/support-leeds/")
    counts = next(t for t in page.select("table.rp-adoption-table") if "Weekly counts" in t.caption.get_text())
    headers = [th.get_text(strip=True) for th in counts.select("thead th")]
    assert headers[:3] == ["Week", "People observed", "Practice hours (budget)"]
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")] for tr in counts.tbody("tr")
    }
    assert list(rows) == ["2026-W46", "2026-W47", "2026-W48"]
    # people observed, hours (9 people x 2 h budget), experiments, process changes, barriers, recognitions, talks
    assert rows["2026-W48"] == ["6", "11 (18)", "3", "1", "1", "0", "5"]
    behaviours = next(t for t in page.select("table.rp-adoption-table") if "each behaviour" in t.caption.get_text())
    first = behaviours.tbody.tr
    assert first.th.get_text(strip=True).startswith("Summarises a ticket thread")
    assert [td.get_text(strip=True) for td in first("td")] == ["4 (44%)"] * 3
    chart = page.select_one("svg.rp-chart[role=img]")
    assert chart["aria-labelledby"].split() == [chart.title["id"], chart.desc["id"]]
    assert "people seen doing each behaviour" in chart.desc.get_text()
    assert [len(p["points"].split()) for p in chart.select("polyline")] == [3, 3]


MARKER_CENTRE = {"h7v7h-7z": (3.5, 3.5), "l4.5 4.5-4.5 4.5-4.5-4.5z": (0, 4.5), "l4.5 8.5h-9z": (0, 4.5)}
"""A marker path's outline (a square, a diamond, a triangle), and its centre from where it starts."""


def test_each_series_has_its_own_marker_at_every_point_it_draws() -> None:
    """Circles, squares, diamonds and triangles tell the lines apart in greyscale and in print: one
    at each week with a value (none in a gap), centred on the line's point."""
    weeks = [f"2026-W{n:02d}" for n in range(1, 11)]
    values: list[list[float | None]] = [[(n * (s + 1)) % 7 / 7 for n in range(10)] for s in range(5)]
    values[2][4] = values[2][5] = None  # a gap: no point, no marker
    series = [Series(f"behaviour {n}", v) for n, v in enumerate(values)]
    chart = BeautifulSoup(line_chart("c", "Title", "Summary", weeks, series), "html.parser")
    shapes = []
    for group, drawn in zip(chart.select("svg.rp-chart g.rp-chart__series"), values, strict=True):
        points = [float(n) for line in group("polyline") for p in line["points"].split() for n in p.split(",")]
        assert len(points) == 2 * sum(value is not None for value in drawn)
        circles = [float(c[xy]) for c in group("circle") for xy in ("cx", "cy")]
        outlines = re.findall(r"M([0-9.]+) ([0-9.]+)([^M]+)", "".join(path["d"] for path in group("path")))
        assert len({outline for _, _, outline in outlines}) <= 1
        shapes.append(outlines[0][2] if outlines else "circle")
        centres = [float(n) + MARKER_CENTRE[o][xy] for *at, o in outlines for xy, n in enumerate(at)]
        assert circles + centres == pytest.approx(points, abs=0.06)  # x, y of each point in turn
    assert shapes == ["circle", *MARKER_CENTRE, "circle"]


def test_each_measure_is_shown_against_baseline_and_target_beside_its_behaviours(sites: Mapping[str, Path]) -> None:
    page = soup(sites["managers"], "adoption/support-leeds/")
    section = page.select_one(".rp-measure")
    text = section.get_text(" ", strip=True)
    assert "Now 47 minutes: baseline 55, target 40 (lower is better)." in text
    assert "Summarises a ticket thread with the assistant before replying.: 4 of 9 (44%)" in text
    labels = [t.get_text() for t in section.select(".rp-chart__reference text")]
    assert labels == ["Baseline 55", "Target 40"]
    assert "2026-W48 47" in section.figcaption.get_text()


def test_the_overview_lists_teams_and_the_managers_scorecard(sites: Mapping[str, Path]) -> None:
    page = soup(sites["managers"], "adoption/")
    teams = page.select_one("#teams ~ div table tbody")
    assert [a.get_text() for a in teams.select("th a")] == ["Support, Leeds queue"]
    dana = next(tr for tr in page.select("#managers ~ div table tbody tr") if tr.th.get_text() == "@dana")
    # 5 development conversations a week for three weeks, for 9 people
    assert [td.get_text(strip=True) for td in dana("td")] == ["9", "1.67", "at least 44%"]
    home = soup(sites["managers"], "")
    assert home.select_one('nav.md-nav a[href="adoption/"]') is not None, "the adoption overview is in the navigation"
    employees_home = soup(sites["employees"], "")
    assert employees_home.select_one('nav.md-nav a[href="adoption/"]') is None


def test_the_figures_are_written_in_the_editions_locale(
    tmp_path: Path, portal_texts: Mapping[str, str]
) -> None:
    """The same records built in English and in German: every figure the pages write (tables,
    sentences, charts' text and axes) as each language writes numbers and percentages."""
    files = v2_portal(portal_texts)
    files["adoption/support-leeds/2026-W48.yml"] = (
        str(files["adoption/support-leeds/2026-W48.yml"])
        .replace("practice_hours: 11", "practice_hours: 1.5")
        .replace("first-reply-minutes: 47", "first-reply-minutes: 1234.5")
    )
    for rel, text in files.items():
        write(tmp_path / rel, str(text))
    root = make_portal(tmp_path)
    write(root / "mkdocs-de.yml", "INHERIT: mkdocs.yml\ntheme:\n  language: de\n")
    english = build_with(root / "mkdocs.yml", root / "site-en")
    german = build_with(root / "mkdocs-de.yml", root / "site-de")

    def team(site: Path) -> tuple[list[str], str, str]:
        page = soup(site, "adoption/support-leeds/")
        cells = [td.get_text(strip=True) for tr in page.select("table.rp-adoption-table tbody tr") for td in tr("td")]
        return cells, page.select_one(".rp-measure").get_text(" ", strip=True), page.select_one("article").get_text()

    english_cells, english_measure, english_text = team(english)
    german_cells, german_measure, german_text = team(german)
    assert "1.5 (18)" in english_cells and "1,5 (18)" in german_cells
    assert "4 (44%)" in english_cells and "4 (44\u00a0%)" in german_cells
    assert "Now 1,234.5 minutes" in english_measure and "1.234,5" in german_measure
    for written in ("1.5", "1,234.5", "44%"):
        alone = re.compile(rf"(?<!\d){re.escape(written)}(?!\d)")  # not the "1.500" of a German axis
        assert alone.search(english_text) and not alone.search(german_text), written
    overview = soup(german, "adoption/").select_one("article").get_text()
    assert "1,5" in overview and not re.search(r"(?<!\d)1\.5(?!\d)", overview)
    def axes(site: Path) -> list[str]:
        return [t.get_text() for t in soup(site, "adoption/support-leeds/").select(".rp-chart__grid text")]

    assert {"25%", "1,000"} <= set(axes(english)) and {"25\u00a0%", "1.000"} <= set(axes(german))


def test_a_team_alone_in_its_week_adds_up_as_a_group_does(tmp_path: Path, portal_texts: Mapping[str, str]) -> None:
    """A team's week is its one record's counts, summed as a role's are: practice_hours: -0.0 (which
    the schema allows) is 0 hours, never '-0'."""
    files = v2_portal(portal_texts)
    files["adoption/support-leeds/2026-W48.yml"] = WEEK.replace("practice_hours: 11", "practice_hours: -0.0")
    for rel, text in files.items():
        write(tmp_path / rel, str(text))
    loaded = load(tmp_path)
    assert loaded.report.errors == []
    figures = adoption.compute(loaded.portal)
    team = next(group for group in figures.teams if group.id == "support-leeds")
    assert [repr(hours) for hours in team.practice_hours] == ["11", "11", "0.0"]


def test_adoption_json_holds_the_published_figures_only(sites: Mapping[str, Path]) -> None:
    data = json.loads((sites["managers"] / "adoption.json").read_text(encoding="utf-8"))
    assert data["min_group"] == 5 and data["weeks"] == ["2026-W46", "2026-W47", "2026-W48"]
    (team,) = data["teams"]
    assert (team["id"], team["people_observed"], team["practice_budget"]) == ("support-leeds", [6, 6, 6], [18, 18, 18])
    assert data["withheld_teams"] == [{"id": "tiny", "title": TINY_TITLE, "withheld": "fewer than 5 people: not shown"}]
    assert next(r.get("withheld", "") for r in data["roles"]).startswith("not shown")


def _indented_with_series_on_one_line(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, each list of plain values then put back
    on one line: what adoption.json is documented to be, written the slow, obvious way."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    plain = r'(?:-?[0-9][0-9.e+-]*|null|true|false|"(?:[^"\\\n]|\\.)*")'
    series = re.compile(rf"\[\n\s*{plain}(?:,\n\s*{plain})*\n\s*\]")
    return series.sub(lambda found: json.dumps(json.loads(found.group()), ensure_ascii=False), text) + "\n"


def test_adoption_json_is_indented_with_each_series_on_one_line(sites: Mapping[str, Path]) -> None:
    """adoption.json is json.dumps(indent=2) but for each weekly series, which is on one line: the
    same bytes as the slow way gives, in the build and for the sample portal's twelve weeks of six
    teams (with withheld groups and gaps)."""
    written = (sites["managers"] / "adoption.json").read_text(encoding="utf-8")
    assert written == _indented_with_series_on_one_line(json.loads(written))
    assert '"people_observed": [6, 6, 6],' in written
    figures = adoption.compute(load(REPO).portal)
    assert adoption_json(figures) == _indented_with_series_on_one_line(adoption_data(figures))
    assert adoption_json(figures, "2026-W48") == _indented_with_series_on_one_line(adoption_data(figures, "2026-W48"))
    assert "null" in adoption_json(figures)  # the sample's gaps: a week without a record


# ---- the command line ---------------------------------------------------------------------------


def test_rolepath_adoption_gives_the_same_figures_as_csv_json_and_text(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["adoption", str(root), "--format", "csv", "--since", "2026-W48"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["week"] for row in rows} == {"2026-W48"} and {row["group"] for row in rows} == {"support-leeds"}
    assert rows[0]["people_observed"] == "6" and rows[0]["practice_budget"] == "18"
    assert all(TINY_HOURS not in value for row in rows for value in row.values())
    assert main(["adoption", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads((root / "site-managers/adoption.json").read_text())
    assert main(["adoption", str(root)]) == 0
    text = capsys.readouterr().out
    assert "team Support, Leeds queue (2026-W48): 6 of 9 observed, practice 11 of 18 h" in text
    assert f"team {TINY_TITLE}: fewer than 5 people: not shown" in text
    assert main(["adoption", str(root), "--min-group", "3", "--format", "csv"]) == 0
    assert TINY_HOURS in capsys.readouterr().out


def test_a_bad_min_group_names_the_option(root: Path, tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    config = edition(root, "bad", "    adoption:\n      min_group: 0\n")
    with pytest.raises(Abort):
        build_with(config, tmp_path / "site")
