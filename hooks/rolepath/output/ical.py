"""A role's practice calendar (``/roles/<role>/practice.ics``) as RFC 5545 iCalendar.

Pure: no MkDocs, no clock, no I/O. The same arguments always give the same bytes,
so a rebuilt portal does not churn the file, and every UID is derived from the
role id, so importing the calendar again updates the reader's events instead of
duplicating them. All text goes through the icalendar library's property types,
which do the RFC 5545 escaping and line folding.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator

from icalendar import Alarm, Calendar, Event, vText

from ..content.i18n import ENGLISH, Translator

PRODID = "-//rolepath//Practice calendar//EN"
UID_DOMAIN = "rolepath"

MAX_SESSION_HOURS = 2
"""A weekly budget above this is split into several shorter sessions: practice sticks
better in regular short blocks than in one long afternoon."""

SESSION_DAYS = {
    1: ["WE"],
    2: ["TU", "TH"],
    3: ["MO", "WE", "FR"],
    4: ["MO", "TU", "TH", "FR"],
    5: ["MO", "TU", "WE", "TH", "FR"],
}
"""Working days for 1 to 5 sessions a week, spread out so sessions are not back to back."""

SESSION_START = dt.time(10, 0)
"""Practice starts at 10:00 in the reader's own time zone (a floating time, RFC 5545
3.3.5): one portal serves people in many zones, and a mid-morning slot is the
easiest to protect."""

LEVEL_WEEKS = 4
"""Assumed pace: one level a month. The reminders for level n start n * 4 weeks in."""

REVISIT_DAYS = (1, 3, 7, 21)
"""Spaced-repetition reminders: days after a level starts to go back over it."""

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_ROLE_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def practice_calendar(
    role_id: str,
    role_title: str,
    hours_per_week: float,
    level_names: list[str],
    role_url: str,
    start: dt.date,
    translator: Translator = ENGLISH,
    level_slugs: list[str] | None = None,
) -> bytes:
    """Return the practice calendar for one role as iCalendar bytes (CRLF lines).

    It holds:

    * one weekly recurring practice block (``RRULE:FREQ=WEEKLY``) whose sessions add
      up to ``hours_per_week``: up to 2 hours it is one session on Wednesday;
      above that it is ``ceil(hours / 2)`` equal sessions (at most 5, one per
      working day, Monday to Friday), each ``hours_per_week / sessions`` long,
      starting at 10:00 local time on the first matching day on or after ``start``;
    * for each of ``level_names`` (in order, one level every four weeks from
      ``start``), an all-day reminder to revisit that level 1, 3, 7 and 21 days
      after it begins, each with a display alarm at 09:00 that day.

    UIDs depend only on ``role_id`` (and the level name and day for reminders), and
    DTSTAMP is midnight UTC of ``start``, so output is reproducible. Runs of
    whitespace (newlines included) in the title and level names become one space.

    Raises ValueError for an invalid role id, a budget outside 0 < h <= 40, or a
    blank level name. ``translator`` writes the events in the reader's language; ``level_slugs``
    (the levels' ids) keep the reminders' UIDs the same in every language.
    """
    if not _ROLE_ID.match(role_id):
        raise ValueError(f"role id {role_id!r} is not a rolepath id")
    if not (0 < hours_per_week <= 40):
        raise ValueError(f"hours_per_week must be more than 0 and at most 40, not {hours_per_week!r}")
    if any(not name.strip() for name in level_names):
        raise ValueError("level names must not be blank")
    if isinstance(start, dt.datetime):
        start = start.date()
    # Titles are one line: a stray CR or tab in YAML must not become a line break in a calendar.
    role_title = _one_line(role_title)
    level_names = [_one_line(name) for name in level_names]

    stamp = dt.datetime.combine(start, dt.time(0), tzinfo=dt.UTC)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X- properties are untyped to icalendar; vText makes it escape them like SUMMARY.
    cal.add("x-wr-calname", vText(translator.gettext("Practice: %(role)s", role=role_title)))
    cal.add("x-wr-caldesc", vText(
        translator.gettext("Practice time and spaced reviews for the %(role)s path.", role=role_title) + f" {role_url}"
    ))

    cal.add_component(_practice_block(role_id, role_title, hours_per_week, role_url, start, stamp, translator))
    for slug, name, level_start in _levels(level_names, start, level_slugs):
        for days in REVISIT_DAYS:
            revisit = _revisit(role_id, role_title, slug, name, level_start, days, role_url, stamp, translator)
            cal.add_component(revisit)
    data: bytes = cal.to_ical()
    return data


def _practice_block(
    role_id: str, role_title: str, hours: float, role_url: str, start: dt.date, stamp: dt.datetime,
    translator: Translator,
) -> Event:
    sessions = min(len(SESSION_DAYS), max(1, math.ceil(hours / MAX_SESSION_HOURS)))
    days = SESSION_DAYS[sessions]
    minutes = max(1, round(hours * 60 / sessions))
    first = start
    while _WEEKDAYS[first.weekday()] not in days:
        first += dt.timedelta(days=1)

    event = Event()
    event.add("uid", f"practice-{role_id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    # A naive datetime is a floating time: 10:00 wherever the reader is.
    event.add("dtstart", dt.datetime.combine(first, SESSION_START))
    event.add("duration", dt.timedelta(minutes=minutes))
    event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": days})
    event.add("summary", translator.gettext("AI practice: %(role)s", role=role_title))
    each = translator.minutes(minutes)
    per_session = (
        translator.ngettext("%(num)s session of %(each)s", "%(num)s sessions of %(each)s", sessions, each=each)
        if sessions > 1
        else translator.gettext("one session")
    )
    description = translator.gettext(
        "Protected practice time for the %(role)s path: %(total)s a week, %(sessions)s."
        " Pick up the next module or behaviour you have not ticked yet.",
        role=role_title, total=translator.minutes(round(hours * 60)), sessions=per_session,
    )  # fmt: skip
    event.add("description", f"{description}\n{role_url}")
    _add_url(event, role_url)
    event.add("transp", "OPAQUE")
    return event


def _revisit(
    role_id: str,
    role_title: str,
    slug: str,
    name: str,
    level_start: dt.date,
    days: int,
    role_url: str,
    stamp: dt.datetime,
    translator: Translator,
) -> Event:
    day = level_start + dt.timedelta(days=days)
    event = Event()
    event.add("uid", f"revisit-{role_id}-{slug}-d{days}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date: an all-day reminder that blocks no time
    event.add("dtend", day + dt.timedelta(days=1))
    summary = translator.gettext("Revisit %(level)s: %(role)s", level=name, role=role_title)
    event.add("summary", summary)
    description = translator.gettext(
        "Spaced review, day %(day)s of %(level)s on the %(role)s path: spend ten minutes"
        " going back over what you practised and try one behaviour again from memory.",
        day=translator.number(days), level=name, role=role_title,
    )  # fmt: skip
    event.add("description", f"{description}\n{role_url}")
    _add_url(event, role_url)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(hours=9))  # 09:00 on the reminder's day
    event.add_component(alarm)
    return event


def _add_url(event: Event, url: str) -> None:
    # URL must be an absolute URI (RFC 5545 3.8.4.6); a site without site_url only
    # has relative links, which then stay in the description alone.
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url):
        event.add("url", url)


def _levels(
    level_names: list[str], start: dt.date, level_slugs: list[str] | None
) -> Iterator[tuple[str, str, dt.date]]:
    """(uid slug, name, start date) per level; slugs are made unique so UIDs never collide."""
    seen: set[str] = set()
    for index, name in enumerate(level_names):
        named_by = level_slugs[index] if level_slugs else name
        slug = re.sub(r"[^a-z0-9]+", "-", named_by.lower()).strip("-")[:48] or "level"
        if slug in seen:
            slug = f"{slug}-{index + 1}"
        seen.add(slug)
        yield slug, name, start + dt.timedelta(weeks=LEVEL_WEEKS * index)


def _one_line(text: str) -> str:
    return " ".join(text.split())
