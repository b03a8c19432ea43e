"""A role's practice calendar as RFC 5545 iCalendar: its plan, and the calendar made from it.

The plan (``practice_plan``) is everything about the calendar that does not depend on when the
reader starts: the weekly block's text, length and session pattern, how long the practice period
lasts and which reminders fall on which day of it. It is JSON, so the role page embeds it and
``practice-calendar.js`` makes the reader's own calendar in the browser from their start date and
weekday; ``practice_calendar`` makes the same calendar here, for the static
``/roles/<role>/practice.ics`` that readers without JavaScript download.

Pure: no MkDocs, no clock, no I/O. The same arguments always give the same bytes, and every UID is
derived from the role id, so importing the calendar again updates the reader's events instead of
duplicating them. All text goes through the icalendar library's property types, which do the
RFC 5545 escaping and line folding.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

from icalendar import Alarm, Calendar, Event, vText

from ..content.i18n import ENGLISH, Translator

PRODID = "-//rolepath//Practice calendar//EN"
UID_DOMAIN = "rolepath"

MAX_SESSION_HOURS = 2
"""A weekly budget above this is split into several shorter sessions: practice sticks
better in regular short blocks than in one long afternoon."""

WORKING_DAYS = ["MO", "TU", "WE", "TH", "FR"]
"""The days a reader may choose for practice: it is part of the working week."""

SESSION_OFFSETS = {1: [0], 2: [0, 2], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4]}
"""For 1 to 5 sessions a week, the working days after the first session day that the others fall
on (counting round the working week), spread out so sessions are not back to back."""

DEFAULT_FIRST_DAY = {1: 2, 2: 1, 3: 0, 4: 0, 5: 0}
"""The first session day (an index into WORKING_DAYS) when the reader has not chosen one: one
session falls on Wednesday, two on Tuesday and Thursday, more from Monday."""

SESSION_START = dt.time(10, 0)
"""Practice starts at 10:00 in the reader's own time zone (a floating time, RFC 5545
3.3.5): one portal serves people in many zones, and a mid-morning slot is the
easiest to protect."""

LEVEL_WEEKS = 4
"""Assumed pace: one level a month. The reminders for level n start n * 4 weeks in, and the
practice period is four weeks per level: twelve weeks for baseline, proficient and advanced."""

REVISIT_DAYS = (1, 3, 7, 21)
"""Spaced-repetition reminders: days after a level starts to go back over it."""

REMINDER_HOUR = 9
"""A reminder's alarm goes off at 09:00 on its day, in the reader's own time zone."""

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def practice_plan(
    role_id: str,
    role_title: str,
    hours_per_week: float,
    paths: Sequence[tuple[str, str]],
    levels: Sequence[tuple[str, str]],
    ideas: Sequence[str] = (),
    translator: Translator = ENGLISH,
) -> dict[str, Any]:
    """The calendar of one role, apart from its start: JSON for the role page and the static file.

    * ``block``: the weekly practice block, whose sessions add up to ``hours_per_week``: up to
      2 hours it is one session; above that ``ceil(hours / 2)`` equal sessions (at most 5, one per
      working day), each ``hours_per_week / sessions`` long. Its description lists the role's own
      practice ``ideas``. It repeats for ``weeks``, the practice period, and then stops.
    * ``reminders``: for each of ``paths`` (id, title) and each of ``levels`` (id, name in running
      text; one level every four weeks), an all-day reminder to revisit that level of that path 1,
      3, 7 and 21 days after the level begins; ``day`` counts from the reader's start (day 0).

    Every text is in ``translator``'s language, and ``working_day_names`` are the working days'
    names in it; the UIDs are made of ids only, so each edition's calendar updates the same events.
    Runs of whitespace (newlines included) in titles, level names and ideas become one space.
    Raises ValueError for an invalid role, path or level id, a budget outside 0 < h <= 40, no path,
    or a blank level name.
    """
    if not _ID.match(role_id):
        raise ValueError(f"role id {role_id!r} is not a rolepath id")
    if not (0 < hours_per_week <= 40):
        raise ValueError(f"hours_per_week must be more than 0 and at most 40, not {hours_per_week!r}")
    if not paths or any(not _ID.match(path_id) for path_id, _ in paths):
        raise ValueError(f"a practice calendar needs the role's paths by id, not {list(paths)!r}")
    if not levels or any(not _ID.match(level_id) or not name.strip() for level_id, name in levels):
        raise ValueError(f"levels need an id and a name that is not blank, not {list(levels)!r}")
    _ = translator.gettext
    # Titles are one line: a stray CR or tab in YAML must not become a line break in a calendar.
    role_title = _one_line(role_title)
    sessions = min(len(SESSION_OFFSETS), max(1, math.ceil(hours_per_week / MAX_SESSION_HOURS)))
    minutes = max(1, round(hours_per_week * 60 / sessions))
    each = translator.minutes(minutes)
    per_session = (
        translator.ngettext("%(num)s session of %(each)s", "%(num)s sessions of %(each)s", sessions, each=each)
        if sessions > 1
        else _("one session")
    )
    weeks = LEVEL_WEEKS * len(levels)
    weeks_text = translator.ngettext("%(num)s week", "%(num)s weeks", weeks)
    description = _(
        "Protected practice time for %(role)s (%(paths)s): %(total)s a week, %(sessions)s, for %(weeks)s."
        " Pick up the next module or behaviour you have not ticked yet.",
        role=role_title, paths=", ".join(_one_line(title) for _, title in paths),
        total=translator.minutes(round(hours_per_week * 60)), sessions=per_session, weeks=weeks_text,
    )  # fmt: skip
    if ideas:
        description += "\n" + _("Ideas for this role's practice:") + "\n"
        description += "\n".join(f"- {_one_line(idea)}" for idea in ideas)
    reminders = []
    for path_id, path_title in paths:
        path_title = _one_line(path_title)
        for index, (level_id, level_name) in enumerate(levels):
            level_name = _one_line(level_name)
            summary = _("Revisit %(path)s, %(level)s level", path=path_title, level=level_name)
            for days in REVISIT_DAYS:
                review = _(
                    "Spaced review, day %(day)s of the %(level)s level of %(path)s (%(role)s): spend ten minutes"
                    " going back over what you practised and try one behaviour again from memory.",
                    day=translator.number(days), level=level_name, path=path_title, role=role_title,
                )  # fmt: skip
                reminders.append(
                    {
                        "uid": f"revisit-{role_id}-{path_id}-{level_id}-{index + 1}-d{days}@{UID_DOMAIN}",
                        "day": LEVEL_WEEKS * 7 * index + days,
                        "summary": summary,
                        "description": review,
                    }
                )
    return {
        "prodid": PRODID,
        "calname": _("Practice: %(role)s", role=role_title),
        "caldesc": _("Practice time and spaced reviews for %(role)s, %(weeks)s.", role=role_title, weeks=weeks_text),
        "weeks": weeks,
        "start_time": SESSION_START.strftime("%H:%M"),
        "reminder_hour": REMINDER_HOUR,
        "working_days": WORKING_DAYS,
        "working_day_names": [str(translator.locale.days["format"]["wide"][day]) for day in range(len(WORKING_DAYS))],
        "block": {
            "uid": f"practice-{role_id}@{UID_DOMAIN}",
            "summary": _("AI practice: %(role)s", role=role_title),
            "description": description,
            "minutes": minutes,
            "offsets": SESSION_OFFSETS[sessions],
            "first_day": DEFAULT_FIRST_DAY[sessions],
        },
        "reminders": reminders,
    }


def static_start(build_day: dt.date) -> dt.date:
    """Where the static calendar starts: the first Monday after the build day. It is never in the
    past when the portal is published, and every build of one week (Monday to Sunday) gives the
    same file."""
    return build_day + dt.timedelta(days=7 - build_day.weekday())


def practice_calendar(plan: dict[str, Any], role_url: str, start: dt.date, first_day: int | None = None) -> bytes:
    """Return the calendar of ``plan`` (see practice_plan) from ``start`` as iCalendar bytes (CRLF lines).

    The weekly block's sessions fall on working day ``first_day`` (0 is Monday, at most 4; by
    default the plan's) and the plan's offsets from it, at 10:00 local time, from the first such
    day on or after ``start`` until the day before ``start`` + the plan's weeks (``RRULE`` with
    ``UNTIL``). Reminders fall on ``start`` + their day, each with a display alarm at 09:00.
    DTSTAMP is midnight UTC of ``start``, so the output is reproducible.
    """
    if isinstance(start, dt.datetime):
        start = start.date()
    block = plan["block"]
    first_day = block["first_day"] if first_day is None else first_day
    if not 0 <= first_day < len(WORKING_DAYS):
        raise ValueError(f"the first practice day must be a working day (0 to 4), not {first_day!r}")
    stamp = dt.datetime.combine(start, dt.time(0), tzinfo=dt.UTC)
    url_text = f"\n{role_url}"

    cal = Calendar()
    cal.add("prodid", plan["prodid"])
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X- properties are untyped to icalendar; vText makes it escape them like SUMMARY.
    cal.add("x-wr-calname", vText(plan["calname"]))
    cal.add("x-wr-caldesc", vText(f"{plan['caldesc']} {role_url}"))

    days = session_days(block["offsets"], first_day)
    first = start
    while _WEEKDAYS[first.weekday()] not in days:
        first += dt.timedelta(days=1)
    last_day = start + dt.timedelta(weeks=plan["weeks"], days=-1)
    event = Event()
    event.add("uid", block["uid"])
    event.add("dtstamp", stamp)
    # A naive datetime is a floating time: 10:00 wherever the reader is. UNTIL floats with it.
    event.add("dtstart", dt.datetime.combine(first, SESSION_START))
    event.add("duration", dt.timedelta(minutes=block["minutes"]))
    event.add("rrule", {"FREQ": "WEEKLY", "UNTIL": dt.datetime.combine(last_day, dt.time(23, 59, 59)), "BYDAY": days})
    event.add("summary", block["summary"])
    event.add("description", block["description"] + url_text)
    _add_url(event, role_url)
    event.add("transp", "OPAQUE")
    cal.add_component(event)

    for reminder in plan["reminders"]:
        day = start + dt.timedelta(days=reminder["day"])
        event = Event()
        event.add("uid", reminder["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", day)  # a date: an all-day reminder that blocks no time
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", reminder["summary"])
        event.add("description", reminder["description"] + url_text)
        _add_url(event, role_url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder["summary"])
        alarm.add("trigger", dt.timedelta(hours=REMINDER_HOUR))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def session_days(offsets: Sequence[int], first_day: int) -> list[str]:
    """The BYDAY days of the weekly block: the first session day and the offsets after it, in week order."""
    chosen = {WORKING_DAYS[(first_day + offset) % len(WORKING_DAYS)] for offset in offsets}
    return [day for day in WORKING_DAYS if day in chosen]


def _add_url(event: Event, url: str) -> None:
    # URL must be an absolute URI (RFC 5545 3.8.4.6); a site without site_url only
    # has relative links, which then stay in the description alone.
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url):
        event.add("url", url)


def _one_line(text: str) -> str:
    return " ".join(text.split())
