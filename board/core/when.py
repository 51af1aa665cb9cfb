"""Reading the "when" of an interaction as people type it.

What it reads (case, commas and extra spaces aside), a day and a time of day
in either order, ``at`` / ``on`` between them if you like:

- a moment: ``now``, ``just now``, ``2 hours ago``, ``an hour ago``,
  ``half an hour ago``, ``3 days ago`` (minutes, hours, days, weeks, months,
  years; days and longer keep the time of day, so ``2 days ago`` is this
  time two days ago, and take a time: ``2 days ago at 3pm``);
- a day: ``today``, ``yesterday``, ``the day before yesterday``,
  ``friday`` / ``last friday`` / ``on fri`` (the last Friday before today),
  ``Dec 1``, ``1 Dec``, ``December 1st``, ``1st of December 2025``,
  ``2026-11-02``, ``02/11/2026``, ``2.11.26``, ``2/11``, and the form this
  module shows back, ``Fri 20 Nov 2026`` (the weekday must match);
- a time of day: ``9am``, ``9:30 am``, ``3pm``, ``15:30``, ``noon``,
  ``midnight`` (the start of that day), or a part of the day: ``morning``
  (09:00), ``afternoon`` (15:00), ``evening`` (19:00), ``night`` (21:00),
  as in ``this morning``, ``yesterday evening``, ``last night``, ``tonight``.

The rules, chosen to be predictable rather than clever:

- A day without a time is taken at noon, and the reading says so ("no time
  given: noon"); today without a time is now.  A time without a day is today;
  if that is later than now it is refused ("3pm is later today: say
  'yesterday 3pm'"), never moved to yesterday behind the user's back.
- A day without a year is the last one that has passed (``Dec 1`` typed in
  November is last December); a two-digit year is 20yy unless that is still
  to come, then 19yy.
- A numeric date whose day and month could be swapped (both 12 or less)
  follows ``order``: ``dmy`` and ``mdy`` name the day-month order, ``ymd``
  reads ``yy/mm/dd`` and month-first without a year; ``auto`` asks the
  locale (``LC_ALL``, ``LC_TIME``, ``LANG``: the C library's date format
  when that locale is installed, else a short list of month-first and
  year-first territories) and, with no locale (``C``, ``POSIX``, unset), is
  day-first, as most of the world writes dates.  The reading says which order
  it used and why: "(read day-first: date_order)".  A numeric date that reads
  only one way (``13/11``) is read that way.  ``2026-11-02`` is always ISO.
- Anything in the future is refused for a logged touch, with the moment it
  was read as.  So are words it did not use, named with what it did
  understand ("did not understand 'pizza' (understood '9am')"), times that do
  not exist (``25:00``, ``13pm``, ``Feb 30``, 02:30 on the night the clocks go
  forward) and vague spans (``last week``).  A local time that happens twice
  (the night the clocks go back) is the first, and the reading says so.

Why a grammar of our own over pendulum (zones, calendar arithmetic) and not a
library: on a table of sixty inputs people type (tests/unit/test_when.py),
dateparser 1.5 reads most phrases but drops words it does not know ("9am a"
became 1 Nov 09:00, "yesterday 3" yesterday at the current time, "about 3pm"
and "9am and" a plain 3pm and 9am, "hier 15h" two days ago 19:15), ignores a
weekday that contradicts the date, quietly moves "3pm" to yesterday, and when
it refuses it cannot say what it understood; it also costs ~70 ms to import
and ~120 ms for its first parse, and brings regex, pytz and tzlocal (~10 MB).
parsedatetime 2.6 reads "blah 3pm" and "9am pizza" as 3pm and 9am, "13pm" as
13:00, and "02/11/2026" month-first whatever the locale.  pendulum.parse
reads ISO 8601 only.  Correctness ("never silently rounded") decided it; the
grammar below needs nothing beyond pendulum (a dependency already), loaded
with the first form.
"""

from __future__ import annotations

import calendar
import locale
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import pendulum

#: the values of the ``date_order`` setting
DATE_ORDERS = ("auto", "dmy", "mdy", "ymd")

_FIRST = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_WEEKDAYS = {
    name: n
    for n, names in enumerate([("monday", "mon"), ("tuesday", "tue", "tues"),
                               ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
                               ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")])
    for name in names
}
_MONTHS = {
    name: n
    for n, names in enumerate([("january", "jan"), ("february", "feb"), ("march", "mar"),
                               ("april", "apr"), ("may",), ("june", "jun"), ("july", "jul"),
                               ("august", "aug"), ("september", "sep", "sept"),
                               ("october", "oct"), ("november", "nov"),
                               ("december", "dec")], 1)
    for name in names
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_UNITS = {"minute": "minutes", "min": "minutes", "hour": "hours", "hr": "hours",
          "day": "days", "week": "weeks", "wk": "weeks", "month": "months",
          "year": "years", "yr": "years"}
_PARTS_OF_DAY = {"morning": 9, "afternoon": 15, "evening": 19, "night": 21}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_WD, _MON, _NUM, _UNIT = _alt(_WEEKDAYS), _alt(_MONTHS), _alt(_NUMBERS), _alt(_UNITS)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\s+(?P<year>\d{4}))?"

# (kind, pattern): tried in order at each word; a match must end at a word's end.
_RULES = [
    ("now", r"(?:just\s+)?now"),
    ("today", r"today"),
    ("yesterday", r"(?:the\s+)?day\s+before\s+yesterday|yesterday"),
    ("future", r"tomorrow|in\s+(?:\d+|" + _NUM + r")\s+(?:" + _UNIT + r")s?"
               r"|next\s+(?:week|month|year|" + _WD + r")"),
    ("vague", r"(?:last|this|past)\s+(?:week|month|year)"),
    ("ago", r"(?:(?P<half>half\s+an?)|(?P<n>\d+|" + _NUM + r"))\s+(?P<unit>" + _UNIT
            + r")s?\s+ago"),
    ("part", r"(?:(?P<this>this)\s+|(?P<last>last)\s+(?=night)|(?P<to>to)(?=night)|in\s+the\s+)?"
             r"(?P<pod>morning|afternoon|evening|night)"),
    ("iso", r"(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})"
            r"(?:t(?P<h>\d{1,2}):(?P<m>\d{2}))?"),
    ("numeric", r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{4}|\d{2}))?"),
    ("named", r"(?:(?P<wd>" + _WD + r")\s+)?(?:(?P<d1>\d{1,2})" + _ORD + r"\s+(?:of\s+)?"
              r"(?P<m1>" + _MON + r")|(?P<m2>" + _MON + r")\s+(?P<d2>\d{1,2})" + _ORD + r")"
              + _YEAR),
    ("weekday", r"(?:(?:last|past|on)\s+)?(?P<wd>" + _WD + r")"),
    ("clock", r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>[ap])\.?m\.?"),
    ("clock", r"(?P<h>\d{1,2}):(?P<m>\d{2})"),
    ("noon", r"noon|midday|midnight"),
    ("filler", r"at|on|the|of"),
]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    """The rules, compiled on the first read (~10 ms: not at start-up, when
    the config reads DATE_ORDERS)."""
    return [(kind, re.compile(rf"(?:{pattern})(?=\s|$)", re.ASCII | re.IGNORECASE))
            for kind, pattern in _RULES]


class WhenError(ValueError):
    """What was typed cannot be logged as it stands; the message says why."""


@dataclass(frozen=True)
class Reading:
    """What the user typed, read: ``at`` (aware, UTC) and what was assumed."""

    at: datetime
    notes: tuple[str, ...] = ()


@dataclass
class _Parts:
    """The pieces found in the text, each with the words it came from."""

    day: tuple[date, str] | None = None
    clock: tuple[time, str] | None = None
    weekday: tuple[int, str] | None = None
    moment: tuple[datetime, str] | None = None  # now, 2 hours ago
    days_back: tuple[datetime, str] | None = None  # 2 days ago: a day, and a time if none given
    notes: list[str] = field(default_factory=list)

    def set(self, slot: str, value: date | time | int, words: str) -> None:
        held = getattr(self, slot)
        if held is None and slot in ("day", "days_back"):
            held = self.day or self.days_back
        if held is not None:
            what = {"clock": "times", "moment": "moments"}.get(slot, "days")
            raise WhenError(f"'{held[1]}' and '{words}' are two {what}: say one")
        setattr(self, slot, (value, words))


# -- the order of numeric dates --------------------------------------------------

_MONTH_FIRST = {"US", "PR", "PH", "AS", "GU", "MP", "UM", "VI"}
_YEAR_FIRST = {"CN", "JP", "KR", "TW", "HU", "LT", "MN", "SE", "CA", "ZA"}
_YEAR_FIRST_LANGS = {"zh", "ja", "ko", "hu", "lt", "mn"}


def _order_of_format(fmt: str) -> str | None:
    """'%d/%m/%Y' → 'dmy'."""
    fmt = fmt.replace("%F", "%Y-%m-%d").replace("%D", "%m/%d/%y")
    at = {k: min((fmt.find(c) for c in cs if c in fmt), default=-1)
          for k, cs in (("d", ("%d", "%e")), ("m", ("%m", "%b", "%B")), ("y", ("%Y", "%y")))}
    if min(at.values()) < 0:
        return None
    return "".join(sorted(at, key=at.__getitem__))


@lru_cache(maxsize=8)
def _locale_order(name: str) -> str:
    """The order the locale ``name`` writes dates in; the C library's own
    format if that locale is installed (LC_TIME is set to it and back at
    once, once per name), else by territory and language."""
    try:
        old = locale.setlocale(locale.LC_TIME)
        try:
            locale.setlocale(locale.LC_TIME, name)
            found = _order_of_format(locale.nl_langinfo(locale.D_FMT))
        finally:
            locale.setlocale(locale.LC_TIME, old)
        if found in _FIRST:
            return found
    except (locale.Error, AttributeError, ValueError):  # not installed; no nl_langinfo
        pass
    base = name.split(".")[0].split("@")[0]
    lang, _, territory = base.partition("_")
    if territory.upper() in _MONTH_FIRST:
        return "mdy"
    if territory.upper() in _YEAR_FIRST or lang.lower() in _YEAR_FIRST_LANGS:
        return "ymd"
    return "dmy"


def resolve_order(setting: str = "auto", environ: Mapping[str, str] | None = None
                  ) -> tuple[str, str]:
    """``(order, why)`` for the ``date_order`` setting: 'auto' asks the
    locale, day-first without one."""
    if setting not in DATE_ORDERS:
        raise ValueError(f"date_order is one of {', '.join(DATE_ORDERS)}, not {setting!r}")
    if setting != "auto":
        return setting, "date_order"
    env = os.environ if environ is None else environ
    name = next((env[k] for k in ("LC_ALL", "LC_TIME", "LANG") if env.get(k)), "")
    base = name.split(".")[0].split("@")[0]
    if base in ("", "C", "POSIX"):
        return "dmy", "no locale set"
    return _locale_order(name), f"locale {base}"


# -- reading ---------------------------------------------------------------------------


def _zone(tz: str | None) -> tzinfo:
    if tz:
        return ZoneInfo(tz)
    # ~45 ms: loaded with the first form, not at start-up (the config reads DATE_ORDERS
    # from here). pendulum.local_timezone() is this call; mypy reads that name as the
    # pendulum.tz.local_timezone module it shadows.
    from pendulum.tz import get_local_timezone
    return get_local_timezone()


def zone(tz: str | None = None) -> tzinfo:
    """The zone ``tz`` names, or the machine's own (the user's local time)."""
    return _zone(tz)


def _day(day: date) -> str:
    """'Sun 8 Mar 2026', in English whatever the locale."""
    return f"{_DAY_NAMES[day.weekday()][:3]} {day.day} {_MONTH_NAMES[day.month - 1][:3]} {day.year}"


def _wall(day: date, at: time, zone: tzinfo, notes: list[str]) -> datetime:
    """The moment the clocks in ``zone`` show ``at`` on ``day``."""
    first = datetime.combine(day, at, zone)
    second = first.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != first.replace(tzinfo=None):
        raise WhenError(f"There is no {at:%H:%M} on {_day(day)}: the clocks went forward "
                        "that night")
    notes.append(f"the first {at:%H:%M}, {first.tzname()}")
    return first


def _date(year: int, month: int, day: int, words: str) -> date:
    if not 1900 <= year <= 9000:
        raise WhenError(f"'{words}': the year {year} is too far away to log a touch in")
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise WhenError(f"'{words}': there is no month {month}") from None
        raise WhenError(f"'{words}': {_MONTH_NAMES[month - 1]} {year} has no "
                        f"day {day}") from None


def _month_day(month: int, day: int, words: str) -> None:
    """Refuse a month and day that no year has (29 February is in some)."""
    if not 1 <= month <= 12:
        raise WhenError(f"'{words}': there is no month {month}")
    if day < 1 or day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        raise WhenError(f"'{words}': {_MONTH_NAMES[month - 1]} has no day {day}")


def _last(month: int, day: int, today: date, words: str) -> date:
    """The last ``month``/``day`` that is not after ``today``."""
    _month_day(month, day, words)
    year = today.year
    while True:
        try:
            found = date(year, month, day)
        except ValueError:  # 29 February: the last leap year
            year -= 1
            continue
        if found <= today:
            return found
        year -= 1


def _year(two_digits: str, today: date) -> int:
    year = 2000 + int(two_digits)
    return year if year <= today.year else year - 100


def _numeric(m: dict[str, str], order: tuple[str, str], today: date, words: str,
             notes: list[str]) -> date:
    year, month, day = _numeric_parts(m, order, today, notes)
    if year is None:
        return _last(month, day, today, words)
    return _date(year, month, day, words)


def _numeric_parts(m: dict[str, str], order: tuple[str, str], today: date,
                   notes: list[str]) -> tuple[int | None, int, int]:
    """``(year or None, month, day)`` of a numeric date, in the order."""
    kind, why = order
    year: int | None
    c = m["c"]
    if c and kind == "ymd" and len(c) == 2:  # yy/mm/dd
        year, first, second = _year(m["a"], today), int(m["b"]), int(c)
        month_first, used = True, "ymd"
    else:
        year = None if not c else int(c) if len(c) == 4 else _year(c, today)
        first, second = int(m["a"]), int(m["b"])
        month_first = kind != "dmy"
        used = "dmy" if not month_first else "mdy" if c else "md"
    if first <= 12 and second <= 12 and first != second:  # either way round: as the order says
        notes.append(f"read {_FIRST.get(used, 'month-first')}: {why}")
    elif first > 12 or second > 12:  # one reading at most: the number over 12 is the day
        month_first = second > 12
    month, day = (first, second) if month_first else (second, first)
    return year, month, day


def _hour(m: dict[str, str], words: str) -> time:
    h, minute, ap = int(m["h"]), int(m.get("m") or 0), m.get("ap")
    if ap:
        if h == 0 or 12 < h < 24:
            raise WhenError(f"'{words}': a 12-hour clock goes from 1 to 12; say "
                            f"{h % 12 or 12}{ap}m or {h:02}:{minute:02}")
        if h > 12:
            raise WhenError(f"'{words}': there is no hour {h}")
        h = h % 12 + (12 if ap == "p" else 0)
    if h > 23:
        raise WhenError(f"'{words}': there is no hour {h}")
    if minute > 59:
        raise WhenError(f"'{words}': there is no minute {minute}")
    return time(h, minute)


def _quote(words: list[str]) -> str:
    """"'9am', 'pizza'": each cut to a readable length."""
    return ", ".join(f"'{w}'" if len(w) <= 24 else f"'{w[:23]}…'" for w in words)


def _match(s: str, pos: int) -> tuple[str, re.Match[str]] | None:
    """The first rule that reads whole words at ``pos``."""
    for kind, rule in _compiled():
        m = rule.match(s, pos)
        if m:
            return kind, m
    return None


def _scan(s: str, local_now: pendulum.DateTime, order: tuple[str, str]) -> _Parts:
    today = local_now.date()
    parts = _Parts()
    unknown: list[str] = []
    understood: list[str] = []
    pos = 0
    while pos < len(s):
        if s[pos] == " ":
            pos += 1
            continue
        found = _match(s, pos)
        if found is None:
            word = s[pos:].split(" ", 1)[0]
            unknown.append(word)
            pos += len(word)
            continue
        kind, match = found
        # A group the match left out reads "" (no group here can match ""), so
        # ``m[name]`` is the text or "" and a test of it is a test of presence.
        m = {k: v.lower() for k, v in match.groupdict("").items()}
        words, pos = match.group(), match.end()
        if kind != "filler":
            understood.append(words)
        if unknown:
            continue  # only naming what was not understood from here on
        if kind == "now":
            parts.set("moment", local_now, words)
        elif kind == "today":
            parts.set("day", today, words)
        elif kind == "yesterday":
            parts.set("day", today - timedelta(days=2 if "before" in words.lower() else 1), words)
        elif kind == "future":
            raise WhenError(f"'{words}' is in the future: log what has happened")
        elif kind == "vague":
            raise WhenError(f"'{words}' names no day: say which, e.g. 'a week ago' or "
                            "'last tuesday'")
        elif kind == "ago":
            n = 30 if m["half"] else int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
            unit = "minutes" if m["half"] else _UNITS[m["unit"]]
            try:
                back = local_now.subtract(**{unit: n})
            except (ValueError, OverflowError):  # before year 1
                back = None
            if back is None or back.year < 1900:
                raise WhenError(f"'{words}' is before 1900: log what happened in a lifetime")
            parts.set("moment" if unit in ("minutes", "hours") else "days_back", back, words)
        elif kind == "part":
            if m["this"] or m["to"]:
                parts.set("day", today, words)
            elif m["last"]:
                parts.set("day", today - timedelta(days=1), words)
            parts.set("clock", time(_PARTS_OF_DAY[m["pod"]]), words)
            parts.notes.append(f"{m['pod']}: {_PARTS_OF_DAY[m['pod']]:02}:00")
        elif kind == "iso":
            parts.set("day", _date(int(m["y"]), int(m["mo"]), int(m["d"]), words), words)
            if m["h"]:
                parts.set("clock", _hour(m, words), words)
        elif kind == "numeric":
            parts.set("day", _numeric(m, order, today, words, parts.notes), words)
        elif kind == "named":
            month, day = _MONTHS[m["m1"] or m["m2"]], int(m["d1"] or m["d2"])
            named = (_date(int(m["year"]), month, day, words) if m["year"]
                     else _last(month, day, today, words))
            if m["wd"] and named.weekday() != _WEEKDAYS[m["wd"]]:
                raise WhenError(f"'{words}': {_day(named)[4:]} is a {_DAY_NAMES[named.weekday()]}")
            parts.set("day", named, words)
        elif kind == "weekday":
            parts.set("weekday", _WEEKDAYS[m["wd"]], words)
        elif kind == "clock":
            parts.set("clock", _hour(m, words), words)
        elif kind == "noon":
            parts.set("clock", time(0 if words.lower() == "midnight" else 12), words)
    if unknown:
        said = f" (understood {_quote(understood)})" if understood else ""
        hint = ("; a time is 3pm or 15:00"
                if not parts.clock and any(w.isdigit() and len(w) <= 2 for w in unknown) else "")
        raise WhenError(f"Did not understand {_quote(unknown)}{said}{hint}")
    if parts.weekday:
        n, words = parts.weekday
        parts.weekday = None
        parts.set("day", today - timedelta(days=(today.weekday() - n) % 7 or 7), words)
    return parts


def read_when(text: str, now: datetime, tz: str | None = None,
              order: str = "auto") -> Reading:
    """Read what the user typed as a past moment; raise :class:`WhenError`
    with a one-line reason if it cannot be read in full.  ``order`` is the
    ``date_order`` setting; ``tz`` a zone name (default: the local zone)."""
    import pendulum

    zone = _zone(tz)
    local_now = pendulum.instance(now.astimezone(zone))
    now_utc = now.astimezone(UTC)
    s = " ".join(text.replace(",", " ").split())
    if not s:
        return Reading(now_utc.replace(microsecond=0))
    parts = _scan(s, local_now, resolve_order(order))
    notes = parts.notes
    if parts.moment:
        at, words = parts.moment
        other = parts.day or parts.clock or parts.days_back
        if other:
            raise WhenError(f"'{words}' is already a moment: leave out '{other[1]}'")
        result = at
    elif parts.days_back and not parts.clock:  # this time of day, N days back
        result = parts.days_back[0]
    else:
        clock: time | None
        if parts.days_back and parts.clock:  # (here a days back always has a clock)
            back, words = parts.days_back
            day, clock = back.date(), parts.clock[0]
        elif parts.day:
            day, words = parts.day
            clock = parts.clock[0] if parts.clock else None
        elif parts.clock:
            clock, words = parts.clock
            day = local_now.date()
            if datetime.combine(day, clock) > local_now.naive():
                raise WhenError(f"'{words}' is later today: say 'yesterday {words}'")
        else:  # only fillers
            raise WhenError(f"Did not understand {_quote([s])}")
        if clock is None and day == local_now.date():
            result = local_now
            notes.append("no time given: now")
        elif clock is None:
            result = _wall(day, time(12), zone, notes)
            notes.append("no time given: noon")
        else:
            result = _wall(day, clock, zone, notes)
    at = datetime.fromtimestamp(result.timestamp(), UTC).replace(microsecond=0)
    if at > now_utc:
        raise WhenError(f"That is {describe(at, tz)}, in the future: log what has happened")
    if at.year < 1900:
        raise WhenError("That is before 1900: log what happened in a lifetime")
    return Reading(at, tuple(notes))


def parse_when(text: str, now: datetime, tz: str | None = None, order: str = "auto"
               ) -> datetime:
    """:func:`read_when`'s moment alone."""
    return read_when(text, now, tz, order).at


def describe(when: datetime | Reading, tz: str | None = None) -> str:
    """'Fri 20 Nov 2026, 15:30' in local time; a :class:`Reading` adds what
    was assumed: 'Sun 2 Nov 2026, 12:00 (no time given: noon; read
    day-first: date_order)'."""
    at = when.at if isinstance(when, Reading) else when
    local = at.astimezone(_zone(tz))
    shown = f"{_day(local.date())}, {local:%H:%M}"
    if isinstance(when, Reading) and when.notes:
        shown += f" ({'; '.join(when.notes)})"
    return shown


# -- a day in the calendar, for birthdays and named dates ---------------------------

_DAY_RULES = {kind: pattern for kind, pattern in _RULES if kind in ("iso", "numeric", "named")}
_DAY_RULES["yearless"] = r"--(?P<mo>\d{1,2})-?(?P<d>\d{2})"


@lru_cache(maxsize=1)
def _day_compiled() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(pattern, re.ASCII | re.IGNORECASE))
            for kind, pattern in _DAY_RULES.items()]


@dataclass(frozen=True)
class DayReading:
    """A day read for a birthday or a named date: ``day`` is ``1990-03-14``,
    or ``--03-14`` when no year was given; ``notes`` what was assumed."""

    day: str
    notes: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return None if self.day.startswith("--") else int(self.day[:4])


def read_day(text: str, today: date | None = None, order: str = "auto") -> DayReading:
    """Read a day in the calendar as people write a birthday: ``14 March``,
    ``March 14th 1990``, ``1990-03-14``, ``--03-14`` (no year), ``14/03/1990``,
    ``14/03``; raise :class:`WhenError` with a one-line reason otherwise.

    Unlike :func:`read_when` nothing is moved to a year: a day typed without
    one is a day without one (a birthday whose year is not known), and a
    day to come is as good as one gone.  A numeric day follows ``order``
    (the ``date_order`` setting), as the When box does; ``today`` only
    places a two-digit year."""
    today = today or date.today()
    s = " ".join(text.replace(",", " ").split())
    if not s:
        raise WhenError("Say a day, e.g. '14 March', '1990-03-14' or '--03-14'")
    notes: list[str] = []
    for kind, rule in _day_compiled():
        match = rule.fullmatch(s)
        if match is None:
            continue
        m = {k: v.lower() for k, v in match.groupdict("").items()}
        year: int | None
        if kind == "yearless":
            year, month, day = None, int(m["mo"]), int(m["d"])
        elif kind == "iso":
            if m["h"]:
                break  # a time: not a day
            year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
        elif kind == "numeric":
            year, month, day = _numeric_parts(m, resolve_order(order), today, notes)
        else:
            month, day = _MONTHS[m["m1"] or m["m2"]], int(m["d1"] or m["d2"])
            year = int(m["year"]) if m["year"] else None
            if m["wd"] and year is None:
                raise WhenError(f"'{s}': a weekday needs a year to be checked against; "
                                "leave it out")
        _month_day(month, day, s)
        if year is None:
            return DayReading(f"--{month:02}-{day:02}", tuple(notes))
        if not 1000 <= year <= 9999:
            raise WhenError(f"'{s}': the year {year} is out of range")
        found = _date(year, month, day, s)
        if kind == "named" and m["wd"] and found.weekday() != _WEEKDAYS[m["wd"]]:
            raise WhenError(f"'{s}': {_day(found)[4:]} is a {_DAY_NAMES[found.weekday()]}")
        return DayReading(found.isoformat(), tuple(notes))
    raise WhenError(f"Did not understand {_quote([s])} as a day: say e.g. '14 March', "
                    "'1990-03-14' or '--03-14'")
