"""Due touches and coming dates as an iCalendar feed (RFC 5545), for a
calendar app or a phone subscribed to the file.

One all-day event per due touch, on its due date (today for one already
overdue: a reminder on a day gone by would never ring), and one per coming
birthday or named date, on its day; each with a display alarm (09:00 on the
day for a touch, 09:00 the day before for a date, so there is time for a
card or a present).

UIDs are stable, so a calendar that reads the feed again updates its events
rather than adding new ones: a touch is ``touch-<contact id>@board`` (one
event per person, moving as the due date moves), a date is
``<which>-<contact id>-<year>@board`` (``which``: ``birthday``, or
``date-`` and a digest of the label), one event per occurrence.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from board.core.board import Board
from board.core.dates import Coming, in_days, what_years
from board.core.reminders import Reminders, due_day, status_words, touch_summary
from board.core.text import safe
from board.fsutil import atomic_write_bytes

PRODID = "-//board//due touches and dates//EN"
DOMAIN = "board"
TOUCH_ALARM = timedelta(hours=9)  # 09:00 on the day
DATE_ALARM = timedelta(hours=-15)  # 09:00 the day before


def date_uid(k: Coming) -> str:
    if k.kind == "birthday":
        which = "birthday"
    else:
        which = "date-" + hashlib.sha1(k.label.casefold().encode()).hexdigest()[:10]
    return f"{which}-{k.contact.id}-{k.on.year}@{DOMAIN}"


def _event(uid: str, day: date, summary: str, description: str, alarm: timedelta,
           stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    valarm = Alarm()
    valarm.add("action", "DISPLAY")
    valarm.add("description", summary)
    valarm.add("trigger", alarm)
    event.add_component(valarm)
    return event


def build_feed(board: Board, r: Reminders) -> Calendar:
    """The feed for these reminders."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "board: keep in touch")
    stamp = r.now.astimezone(UTC).replace(microsecond=0)
    for c, k in r.touches:
        summary = safe(touch_summary(board, c, k, r.now))
        description = safe(f"{c.name}: {status_words(k)}.")
        cal.add_component(_event(f"touch-{c.id}@{DOMAIN}", due_day(k, r.today), summary,
                                 description, TOUCH_ALARM, stamp))
    for k in r.dates:
        years = what_years(k)
        summary = safe(f"{k.contact.name}: {k.label}" + (f" ({years})" if years else ""))
        description = safe(f"{k.contact.name}: {k.label} on {k.on:%A %d %B %Y} "
                           f"({in_days(k.days_until)} as of {r.today:%d %b %Y}).")
        cal.add_component(_event(date_uid(k), k.on, summary, description, DATE_ALARM, stamp))
    return cal


def write_feed(path: str | Path, board: Board, r: Reminders) -> int:
    """Write the feed to ``path`` atomically (the old file stays whole if
    anything fails); the number of events."""
    cal = build_feed(board, r)
    atomic_write_bytes(path, cal.to_ical())
    return len(r.touches) + len(r.dates)


__all__ = ["build_feed", "date_uid", "write_feed"]
