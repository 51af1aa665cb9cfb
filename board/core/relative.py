"""Relative times and durations in one wording, for every client.

"11 days ago", "in 3 days", "in this rung for 2 weeks", "12 days overdue":
the board, a person's screen, insights, ``board due``, forms and toasts all
word a span of time here, in a long form for where there is room and a short
one for a narrow card ("11d", "2w", "3mo").  Both come from one ``Span`` (a
count and a unit), so a card that says "2w" goes with a screen that says
"2 weeks".

The thresholds (every count is rounded down: a span is never said to be
longer than it is):

=====================  ==========  =====================
span                   unit        e.g.
=====================  ==========  =====================
under a minute         ``now``     "just now", "now"
under an hour          minutes     "5 minutes", "5min"
under a day            hours       "23 hours", "23h"
under 14 days          days        "13 days", "13d"
under 2 months         weeks       "8 weeks", "8w"
under 12 months        months      "11 months", "11mo"
12 months and more     years       "1 year", "1y"
=====================  ==========  =====================

Months and years are calendar ones, counted in the later moment's zone:
2 Sep to 2 Dec is 3 months, 2 Sep to 1 Dec is 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

UNITS = ("minute", "hour", "day", "week", "month", "year")
#: The short form of each unit, for wherever a span must fit a few cells:
#: one letter or more, never two units that look alike ("min" and "mo").
SHORT = {"minute": "min", "hour": "h", "day": "d", "week": "w", "month": "mo", "year": "y"}

DAYS_AS_DAYS = 14  # under this many days a span is said in days
MONTHS_AS_WEEKS = 2  # under this many calendar months, in weeks


@dataclass(frozen=True)
class Span:
    """How long, in one unit: ``count`` whole ``unit``s (0: under a minute)."""

    count: int
    unit: str

    @property
    def long(self) -> str:
        """'11 days', '1 week', 'under a minute'."""
        if self.count == 0:
            return "under a minute"
        return f"{self.count} {self.unit}" + ("" if self.count == 1 else "s")

    @property
    def short(self) -> str:
        """'11d', '1w', '<1min'."""
        if self.count == 0:
            return "<1min"
        return f"{self.count}{SHORT[self.unit]}"


def _months(start: datetime, end: datetime) -> int:
    """Whole calendar months from ``start`` to ``end`` (``start <= end``)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if (end.day, end.time()) < (start.day, start.time()):
        months -= 1
    return months


def span(start: datetime, end: datetime, least: str = "minute") -> Span:
    """The span between two moments (in either order), in the unit the
    table above gives it; never in a unit smaller than ``least`` (a span
    shorter than one ``least`` counts as one: 3 hours overdue, with
    ``least="day"``, is "1 day")."""
    if end < start:
        start, end = end, start
    if start.tzinfo is not None and end.tzinfo is not None:
        start = start.astimezone(end.tzinfo)
    seconds = (end - start).total_seconds()
    days = int(seconds // 86400)
    smallest = UNITS.index(least)
    if seconds < 3600 and smallest <= 0:
        return Span(int(seconds // 60), "minute")
    if seconds < 86400 and smallest <= 1:
        return Span(int(seconds // 3600), "hour")
    if days < DAYS_AS_DAYS and smallest <= 2:
        return Span(max(1, days), "day")
    months = _months(start, end)
    if months < MONTHS_AS_WEEKS and smallest <= 3:
        return Span(max(1, days // 7), "week")
    if months < 12 and smallest <= 4:
        return Span(max(1, months), "month")
    return Span(max(1, months // 12), "year")


def ago(then: datetime | None, now: datetime) -> str:
    """'11 days ago', 'in 3 days', 'just now', or 'never'."""
    if then is None:
        return "never"
    s = span(then, now)
    if s.count == 0:
        return "just now"
    return f"{s.long} ago" if then <= now else f"in {s.long}"


def ago_short(then: datetime | None, now: datetime) -> str:
    """``ago`` in a few cells: '11d', 'in 3d', 'now', or 'never'."""
    if then is None:
        return "never"
    s = span(then, now)
    if s.count == 0:
        return "now"
    return s.short if then <= now else f"in {s.short}"


def duration(start: datetime, end: datetime, least: str = "minute") -> str:
    """How long from ``start`` to ``end``: '11 days', '2 weeks'."""
    return span(start, end, least).long


__all__ = ["SHORT", "UNITS", "Span", "ago", "ago_short", "duration", "span"]
