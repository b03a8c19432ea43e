"""The practice calendar (rolepath.output.ical), parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, vText
from rolepath.output import ical

START = dt.date(2026, 11, 21)  # a Saturday
LEVELS = ["baseline", "proficient", "advanced"]
URL = "https://portal.example/roles/support-agent/"


def build(title="Customer Support Agent", hours=2.0, levels=LEVELS, start=START, role="support-agent", url=URL):
    return ical.practice_calendar(role, title, hours, list(levels), url, start)


def events(data: bytes):
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def practice(data: bytes):
    (block,) = [e for e in events(data) if "RRULE" in e]
    return block


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
        assert "Customer Support Agent" in str(event["SUMMARY"])
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


def test_spaced_reminders_per_level_after_1_3_7_21_days():
    reminders = [e for e in events(build()) if "RRULE" not in e]
    assert len(reminders) == 4 * len(LEVELS)
    for index, level in enumerate(LEVELS):
        mine = sorted(
            (e["DTSTART"].dt for e in reminders if level in str(e["SUMMARY"])),
        )
        level_start = START + dt.timedelta(weeks=ical.LEVEL_WEEKS * index)
        assert mine == [level_start + dt.timedelta(days=d) for d in (1, 3, 7, 21)]
    for event in reminders:
        assert isinstance(event["DTSTART"].dt, dt.date) and not isinstance(event["DTSTART"].dt, dt.datetime)
        assert event["TRANSP"] == "TRANSPARENT"
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"


def test_uids_are_unique_and_stable_across_rebuilds():
    first = [str(e["UID"]) for e in events(build())]
    later = [str(e["UID"]) for e in events(build(hours=4, start=START + dt.timedelta(days=40), title="Support Agent"))]
    assert len(set(first)) == len(first)
    assert sorted(first) == sorted(later), "re-importing must update the same events, not add new ones"
    assert all("support-agent" in uid for uid in first)
    other = {str(e["UID"]) for e in events(build(role="software-engineer"))}
    assert not other & set(first)


def test_duplicate_level_names_still_get_distinct_uids():
    uids = [str(e["UID"]) for e in events(build(levels=["Baseline", "baseline", "Proficient"]))]
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


def test_rejects_bad_role_id_and_blank_level():
    with pytest.raises(ValueError):
        build(role="Support Agent")
    with pytest.raises(ValueError):
        build(levels=["baseline", " "])


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
    for event in events(data):
        assert title in str(event["SUMMARY"])


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
