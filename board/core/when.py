"""Reading the "when" of an interaction as people type it.

Accepts ``now``, ``today``, ``yesterday``, ``3 days ago`` (minutes, hours,
days, weeks, months, years), ``last friday`` / ``friday``, ``2026-11-02`` and
``2026-11-02 14:30`` (local time).  Dates without a time are taken at noon
local time, relative days keep the current time of day.  Parsed with
pendulum; the result is an aware UTC datetime, and :func:`describe` gives the
reading back to the user before they save.
"""

from __future__ import annotations

import re
from datetime import datetime

import pendulum

from board.core.schema import utc

_WEEKDAYS = {
    name: n
    for n, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]
    )
    for name in names
}
_AGO = re.compile(
    r"^(?:(?P<n>\d+|an?|one)\s+)?(?P<unit>minute|min|hour|hr|day|week|wk|month|year|yr)s?"
    r"\s+ago$"
)
_UNITS = {"minute": "minutes", "min": "minutes", "hour": "hours", "hr": "hours",
          "day": "days", "week": "weeks", "wk": "weeks", "month": "months",
          "year": "years", "yr": "years"}


class WhenError(ValueError):
    pass


def parse_when(text: str, now: datetime, tz: str | None = None) -> datetime:
    """Parse what the user typed; raise WhenError with a hint if it can't."""
    zone = pendulum.timezone(tz) if tz else pendulum.local_timezone()
    local_now = pendulum.instance(now).in_timezone(zone)
    s = " ".join(text.strip().lower().split())
    if s in ("", "now", "just now", "today"):
        result = local_now
    elif s == "yesterday":
        result = local_now.subtract(days=1)
    elif s in ("day before yesterday", "the day before yesterday"):
        result = local_now.subtract(days=2)
    elif m := _AGO.match(s):
        raw = m.group("n")
        n = 1 if raw in (None, "a", "an", "one") else int(raw)
        result = local_now.subtract(**{_UNITS[m.group("unit")]: n})
    elif (words := s.split()) and words[-1] in _WEEKDAYS and (
        len(words) == 1 or (len(words) == 2 and words[0] in ("last", "on", "past"))
    ):
        day = _WEEKDAYS[words[-1]]
        back = (local_now.weekday() - day) % 7 or 7
        result = local_now.subtract(days=back)
    else:
        try:
            parsed = pendulum.parse(text.strip(), tz=zone, strict=False)
        except Exception:
            raise WhenError(
                f"Can't read {text.strip()!r}: try now, yesterday, 3 days ago, last friday, "
                "2026-11-02 or 2026-11-02 14:30"
            ) from None
        if not isinstance(parsed, pendulum.DateTime):
            if isinstance(parsed, pendulum.Date):
                parsed = pendulum.datetime(parsed.year, parsed.month, parsed.day, tz=zone)
            else:
                raise WhenError(f"Can't read {text.strip()!r} as a date")
        has_time = bool(re.search(r"\d:\d", text))
        result = parsed if has_time else parsed.set(hour=12, minute=0, second=0)
    if result > local_now.add(days=1):
        raise WhenError("That is in the future; log what happened.")
    return utc(result.replace(microsecond=0))


def describe(dt: datetime, tz: str | None = None) -> str:
    """'Fri 20 Nov 2026, 15:30' in local time."""
    zone = pendulum.timezone(tz) if tz else pendulum.local_timezone()
    local = pendulum.instance(dt).in_timezone(zone)
    return local.format("ddd D MMM YYYY, HH:mm")
