"""The practice calendar (rolepath.output.ical), parsed back with icalendar: as the build writes it
(practice.ics, for readers without JavaScript) and as practice-calendar.js makes it in the browser."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from browserkit import open_page
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, vText
from rolepath.content.i18n import ENGLISH, Translator
from rolepath.output import ical
from sites import calendar_texts, english_fragments

START = dt.date(2026, 11, 21)  # a Saturday
LEVELS = [("baseline", "baseline"), ("proficient", "proficient"), ("advanced", "advanced")]
PATHS = [("ai-foundations", "Working with AI assistants"), ("ai-assisted-support", "AI-assisted support")]
IDEAS = ["Two 30-minute triage sessions a week, on the synthetic export."]
URL = "https://portal.example/roles/support-agent/"
GERMAN = Translator("de")


def plan(title="Customer Support Agent", hours=2.0, levels=LEVELS, role="support-agent", paths=PATHS, ideas=IDEAS):
    return ical.practice_plan(role, title, hours, list(paths), list(levels), list(ideas))


def build(start=START, url=URL, first_day=None, **plan_args):
    return ical.practice_calendar(plan(**plan_args), url, start, first_day)


def events(data: bytes):
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def practice(data: bytes):
    (block,) = [e for e in events(data) if "RRULE" in e]
    return block


def reminders(data: bytes):
    return [e for e in events(data) if "RRULE" not in e]


def test_calendar_has_rfc5545_header_and_crlf_lines():
    data = build()
    cal = Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == ical.PRODID
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    # Content lines are folded at 75 octets (RFC 5545 3.1).
    assert max(len(line) for line in data.split(b"\r\n")) <= 75


def test_every_event_has_uid_dtstamp_summary_and_description():
    for event in events(build()):
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION"):
            assert prop in event, f"{prop} missing from {event.get('SUMMARY')}"
        assert "Customer Support Agent" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("hours", "sessions", "minutes"),
    [(0.5, 1, 30), (2, 1, 120), (2.5, 2, 75), (3, 2, 90), (5, 3, 100), (8, 4, 120), (40, 5, 480)],
)
def test_weekly_block_adds_up_to_the_budget(hours, sessions, minutes):
    block = practice(build(hours=hours))
    rule = block["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert len(rule["BYDAY"]) == sessions
    assert block["DURATION"].dt == dt.timedelta(minutes=minutes)
    assert abs(sessions * minutes - hours * 60) < sessions


def test_weekly_block_starts_on_a_rule_day_on_or_after_start():
    block = practice(build(hours=3))
    first = block["DTSTART"].dt
    assert first.date() >= START
    assert ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()] in block["RRULE"]["BYDAY"]
    assert first.tzinfo is None, "practice time floats: 10:00 in the reader's own zone"
    assert first.time() == dt.time(10, 0)


def test_weekly_block_ends_with_the_practice_period():
    block = practice(build())
    weeks = ical.LEVEL_WEEKS * len(LEVELS)
    (until,) = block["RRULE"]["UNTIL"]
    assert until == dt.datetime.combine(START + dt.timedelta(weeks=weeks, days=-1), dt.time(23, 59, 59))
    assert until.tzinfo is None, "UNTIL floats like DTSTART (RFC 5545 3.3.10)"
    assert f"for {weeks} weeks" in str(block["DESCRIPTION"])


def test_weekly_block_falls_on_the_chosen_working_day():
    assert practice(build(first_day=0))["RRULE"]["BYDAY"] == ["MO"]
    assert practice(build(first_day=3, hours=3))["RRULE"]["BYDAY"] == ["MO", "TH"]
    with pytest.raises(ValueError):
        build(first_day=5)


def test_weekly_block_suggests_the_roles_own_practice_ideas():
    description = str(practice(build(ideas=["Swap escalations; compare reasons, monthly."]))["DESCRIPTION"])
    assert "- Swap escalations; compare reasons, monthly." in description


def test_spaced_reminders_per_path_and_level_after_1_3_7_21_days():
    found = reminders(build())
    assert len(found) == 4 * len(LEVELS) * len(PATHS)
    for _, path_title in PATHS:
        for index, (_, level) in enumerate(LEVELS):
            summary = f"Revisit {path_title}, {level} level"
            mine = sorted(e["DTSTART"].dt for e in found if str(e["SUMMARY"]) == summary)
            level_start = START + dt.timedelta(weeks=ical.LEVEL_WEEKS * index)
            assert mine == [level_start + dt.timedelta(days=d) for d in (1, 3, 7, 21)], summary
    for event in found:
        assert isinstance(event["DTSTART"].dt, dt.date) and not isinstance(event["DTSTART"].dt, dt.datetime)
        assert event["TRANSP"] == "TRANSPARENT"
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)


def test_static_calendar_starts_the_monday_after_the_build():
    assert ical.static_start(dt.date(2026, 12, 1)) == dt.date(2026, 12, 7)  # a Tuesday
    assert ical.static_start(dt.date(2026, 12, 7)) == dt.date(2026, 12, 14)  # a Monday: never today
    assert ical.static_start(dt.date(2026, 12, 13)) == dt.date(2026, 12, 14)  # a Sunday


def test_uids_are_unique_and_stable_across_rebuilds():
    first = [str(e["UID"]) for e in events(build())]
    later = [str(e["UID"]) for e in events(build(hours=4, start=START + dt.timedelta(days=40), title="Support Agent"))]
    assert len(set(first)) == len(first)
    assert sorted(first) == sorted(later), "re-importing must update the same events, not add new ones"
    assert all("support-agent" in uid for uid in first)
    other = {str(e["UID"]) for e in events(build(role="software-engineer"))}
    assert not other & set(first)


def test_duplicate_level_names_still_get_distinct_uids():
    levels = [("baseline", "Baseline"), ("baseline", "baseline"), ("proficient", "Proficient")]
    uids = [str(e["UID"]) for e in events(build(levels=levels))]
    assert len(uids) == len(set(uids))


def test_output_is_reproducible():
    assert build() == build()


def test_url_property_only_for_absolute_urls():
    assert str(practice(build())["URL"]) == URL
    relative = practice(build(url="../roles/support-agent/"))
    assert "URL" not in relative
    assert "../roles/support-agent/" in str(relative["DESCRIPTION"])


@pytest.mark.parametrize("hours", [0, -1, 40.5])
def test_rejects_budgets_outside_the_contract(hours):
    with pytest.raises(ValueError):
        build(hours=hours)


def test_rejects_bad_role_id_blank_level_and_no_paths():
    with pytest.raises(ValueError):
        build(role="Support Agent")
    with pytest.raises(ValueError):
        build(levels=[("baseline", "baseline"), ("proficient", " ")])
    with pytest.raises(ValueError):
        build(levels=[("Baseline level", "baseline")])
    with pytest.raises(ValueError):
        build(paths=[])


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=1, max_size=120).filter(lambda s: s.strip())
    | st.sampled_from(['a;b,c\\d:"e"', "Line\r\nbreak"])
)
def test_any_title_round_trips_through_escaping(title):
    # Commas, semicolons, colons, backslashes, quotes and non-ASCII all survive intact.
    data = build(title=title)
    title = " ".join(title.split())  # titles are made one line
    cal = Calendar.from_ical(data)
    # icalendar keeps X- properties raw when parsing: they must hold TEXT-escaped bytes.
    assert cal["X-WR-CALNAME"].to_ical() == vText(f"Practice: {title}").to_ical()
    assert title in str(practice(data)["SUMMARY"])
    for event in events(data):
        assert title in str(event["DESCRIPTION"])


def test_role_page_calendar_link_downloads_that_roles_calendar(page, portal):
    page.goto(portal.role_url)
    link = page.locator("a.rp-calendar")
    assert link.count() == 1, "the role page links its practice calendar"
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    cal = Calendar.from_ical(data)
    title = page.locator(".rp-page[data-rp-page=role]").get_attribute("data-rp-title")
    assert cal["PRODID"] == ical.PRODID
    block = practice(data)
    assert str(block["UID"]) == f"practice-{portal.role}@rolepath"
    assert title in str(block["SUMMARY"])
    assert block["RRULE"]["FREQ"] == ["WEEKLY"]
    assert block["RRULE"]["UNTIL"], "the static calendar ends too"
    first = min(e["DTSTART"].dt for e in reminders(data))
    assert first > dt.date.today(), "the static calendar's reminders are never in the past when published"


def made_in_the_browser(page, portal, start: str, weekday: str, edition: str = "", translator=ENGLISH) -> bytes:
    """Open the role page of ``edition`` ('de/'), fill in its calendar maker by its labels in
    ``translator``'s language and download the calendar."""
    _ = translator.gettext
    open_page(page, edition + portal.role_url)
    maker = page.locator("form.rp-calendar-maker")
    maker.get_by_text(_("Make your own practice calendar: choose the day you start")).click()  # it opens on demand
    maker.get_by_label(_("I start on")).fill(start)
    maker.get_by_label(_("Practice day")).select_option(label=weekday)
    with page.expect_download() as info:
        maker.get_by_role("button", name=_("Download my practice calendar")).click()
    assert info.value.suggested_filename == f"{portal.role}-practice.ics"
    return Path(info.value.path()).read_bytes()


def test_reader_makes_the_calendar_for_their_own_start(page, portal):
    data = made_in_the_browser(page, portal, "2027-03-02", "Tuesday")
    cal = Calendar.from_ical(data)
    assert cal["PRODID"] == ical.PRODID
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75, "folded at 75 octets"
    block = practice(data)
    start = dt.date(2027, 3, 2)
    assert block["DTSTART"].dt == dt.datetime(2027, 3, 2, 10, 0), "the block starts on the chosen day, at 10:00"
    assert block["RRULE"]["BYDAY"] == ["TU"]
    weeks = ical.LEVEL_WEEKS * len(LEVELS)
    last_day = start + dt.timedelta(weeks=weeks, days=-1)
    assert block["RRULE"]["UNTIL"] == [dt.datetime.combine(last_day, dt.time(23, 59, 59))], "ends with the period"
    role_url = page.evaluate("location.origin + location.pathname")
    assert str(block["URL"]) == role_url
    # The same calendar as the build makes from the same plan, whatever the language writing it.
    plan = page.evaluate("rolepathTools.practiceCalendar.plan(document.querySelector('.rp-calendar-maker'))")
    expected = Calendar.from_ical(ical.practice_calendar(plan, role_url, start, 1))
    for made, wanted in zip(cal.walk("VEVENT"), expected.walk("VEVENT"), strict=True):
        for prop in ("UID", "SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "DURATION", "RRULE", "URL", "TRANSP"):
            assert made.get(prop) == wanted.get(prop), f"{prop} of {wanted['UID']}"
    found = reminders(data)
    assert found and all(e["DTSTART"].dt > start for e in found), "reminders are timed from the reader's start"
    assert min(e["DTSTART"].dt for e in found) == start + dt.timedelta(days=1)
    named = {str(event["SUMMARY"]) for event in found}
    levels = ("baseline", "proficient", "advanced")
    wanted = {f"Revisit {title}, {level} level" for title in path_titles(portal) for level in levels}
    assert named == wanted, "each reminder names its path and level"


def test_the_german_edition_makes_the_calendar_in_german(page, portal):
    data = made_in_the_browser(page, portal, "2027-03-02", "Dienstag", "de/", GERMAN)
    plan = page.evaluate("rolepathTools.practiceCalendar.plan(document.querySelector('.rp-calendar-maker'))")
    status = page.locator(".rp-calendar-status").inner_text()
    assert status == GERMAN.gettext(
        "Your calendar runs from %(date)s for %(weeks)s, on %(days)s.",
        date=GERMAN.date(dt.date(2027, 3, 2)), weeks=GERMAN.ngettext("%(num)s week", "%(num)s weeks", plan["weeks"]),
        days=GERMAN.ngettext("%(num)s day a week", "%(num)s days a week", 1),
    )  # fmt: skip
    title = page.locator(".rp-page[data-rp-page=role]").get_attribute("data-rp-title")
    assert practice(data)["RRULE"]["BYDAY"] == ["TU"]
    assert str(practice(data)["SUMMARY"]) == GERMAN.gettext("AI practice: %(role)s", role=title)
    levels = [GERMAN.gettext(level) for level in ("baseline", "proficient", "advanced")]
    revisit = "Revisit %(path)s, %(level)s level"
    paths = path_titles(portal, "de/")
    wanted = {GERMAN.gettext(revisit, path=path, level=level) for path in paths for level in levels}
    assert {str(event["SUMMARY"]) for event in reminders(data)} == wanted
    english = english_fragments("de", "output/ical.py")
    found = {fragment for text in calendar_texts(data) for fragment in english if fragment in text}
    assert not found, f"English words in the German calendar: {sorted(found)}"
    ids = {str(event["UID"]) for event in events(data)}
    assert ids == {str(event["UID"]) for event in events(made_in_the_browser(page, portal, "2027-03-02", "Tuesday"))}


def path_titles(portal, edition: str = "") -> list[str]:
    data = json.loads((portal.site / edition / "portal.json").read_text(encoding="utf-8"))
    (role,) = [role for role in data["roles"] if role["id"] == portal.role]
    return [path["title"] for path in data["paths"] if path["id"] in role["paths"]]


def test_the_browser_escapes_what_the_plan_says(page, portal):
    # Text that needs RFC 5545 escaping and folding, put into the page's own plan.
    open_page(page, portal.role_url)
    page.evaluate(
        """() => { const old = document.querySelector('.rp-calendar-maker');
        const form = old.cloneNode(true);  // without the first form's listeners
        form.querySelector('details').remove(); form.removeAttribute('data-rp-ready');
        form.querySelector('.rp-calendar-block').dataset.rpSummary =
          'Practice; with, commas \\\\ and \\u00e9\\u00e9\\u00e9 ' + '\\u{1F600}'.repeat(40);
        old.replaceWith(form); window.rolepath.startPageTools(); }"""
    )
    maker = page.locator("form.rp-calendar-maker")
    maker.get_by_text("Make your own practice calendar").click()
    with page.expect_download() as info:
        maker.get_by_role("button", name="Download my practice calendar").click()
    data = Path(info.value.path()).read_bytes()
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert str(practice(data)["SUMMARY"]) == "Practice; with, commas \\ and ééé " + "\U0001f600" * 40
