"""Birthdays and named dates: the next time each comes round, and how many
years it will be.

A contact's ``birthday`` and each of its ``dates`` are days in the calendar
(``1990-03-14``, or ``--03-14`` without the year: ``schema.DAY_FORMAT``).
The rules, in plain Python:

* **Today is the user's local day.**  ``now`` is a moment (UTC); the day it
  falls on is read in the user's time zone (``tz``, default the machine's),
  so at 00:30 in Tokyo on 14 March a 14 March birthday is today, although
  it is still 13 March in UTC.
* **The next occurrence** of a yearly date is the first on or after today;
  a date that happens once is itself, until it has passed.
* **29 February** in a year that has none is kept on **28 February**: it
  stays in its month (as most people born that day celebrate it), and it
  is never a day late.
* **Years** ("turns 40", "7 years") are counted when the year is known:
  the occurrence's year less the first year; a year-less date has none.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from board.core.relative import span
from board.core.schema import Contact, NamedDate, parse_day

BIRTHDAY = "birthday"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_today(now: datetime, tz: str | tzinfo | None = None) -> date:
    """The day ``now`` is in the user's time zone (a zone name, a tzinfo,
    or None: the machine's own zone)."""
    if isinstance(tz, tzinfo):
        return now.astimezone(tz).date()
    from board.core.when import zone  # (pendulum's local zone: loaded when needed)

    return now.astimezone(zone(tz)).date()


def on_year(year: int, month: int, day: int) -> date:
    """``month``/``day`` in ``year``; 29 February is 28 February in a
    year without one."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_occurrence(text: str, today: date, yearly: bool = True) -> date | None:
    """The next day (on or after ``today``) a date in ``DAY_FORMAT`` falls
    on; for a date that happens once, itself or None once it has passed."""
    parts = parse_day(text)
    if parts is None:
        return None
    year, month, day = parts
    if not yearly:
        if year is None:
            return None
        once = date(year, month, day)
        return once if once >= today else None
    found = on_year(today.year, month, day)
    if found < today:
        found = on_year(today.year + 1, month, day)
    if year is not None and found.year < year:  # a first year still to come
        found = on_year(year, month, day)
    return found


def years_at(text: str, occurrence: date) -> int | None:
    """How many years ``occurrence`` is after the first one (an age, an
    anniversary), when the year is known."""
    parts = parse_day(text)
    if parts is None or parts[0] is None:
        return None
    return occurrence.year - parts[0]


def age(text: str, today: date) -> int | None:
    """Someone's age today, from a birthday with its year."""
    parts = parse_day(text)
    if parts is None:
        return None
    year, month, day = parts
    if year is None:
        return None
    years = today.year - year
    if on_year(today.year, month, day) > today:
        years -= 1
    return years if years >= 0 else None


@dataclass(frozen=True)
class Coming:
    """A birthday or named date of someone's, coming within the window."""

    contact: Contact
    label: str  # "birthday", or the named date's label
    on: date  # the occurrence
    days_until: int  # 0: today
    years: int | None  # the age it turns / the years it marks, when known
    kind: Literal["birthday", "date"]
    yearly: bool = True

    @property
    def key(self) -> str:
        """Which of the person's dates this is (stable across runs and
        years): "birthday", or "date:" and the label."""
        return BIRTHDAY if self.kind == "birthday" else f"date:{self.label}"


def dates_of(c: Contact) -> Iterable[tuple[str, str, bool, Literal["birthday", "date"]]]:
    """``(label, day, yearly, kind)`` for each date of a contact."""
    if c.birthday:
        yield BIRTHDAY, c.birthday, True, "birthday"
    for d in c.dates:
        yield d.label, d.date, d.yearly, "date"


def coming_for(c: Contact, today: date, window_days: int) -> list[Coming]:
    """A contact's dates that fall within ``window_days`` of ``today`` (0:
    today only), soonest first."""
    out = []
    for label, text, yearly, kind in dates_of(c):
        on = next_occurrence(text, today, yearly)
        if on is None:
            continue
        days = (on - today).days
        if days <= window_days:
            out.append(Coming(c, label, on, days, years_at(text, on), kind, yearly))
    out.sort(key=lambda k: (k.days_until, k.kind != "birthday", k.label.casefold()))
    return out


def coming(contacts: Iterable[Contact], today: date, window_days: int) -> list[Coming]:
    """Every date of ``contacts`` (the archived left out) within the window,
    soonest first, then by name."""
    out = [k for c in contacts if not c.archived for k in coming_for(c, today, window_days)]
    out.sort(key=lambda k: (k.days_until, k.contact.name.casefold(), k.kind != "birthday",
                            k.label.casefold()))
    return out


def short_day(day: date) -> str:
    """'Sat 14 Mar'."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1][:3]}"


def in_days(on: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', 'in 3 weeks', 'in 3 months': how far
    ``on`` is, in the one wording of ``core.relative`` (counted in whole
    days: a date has no time of day)."""
    days = (on - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    start, end = (datetime(d.year, d.month, d.day) for d in (today, on))
    return f"in {span(start, end, least='day').long}"


def what_years(k: Coming) -> str:
    """'turns 40' for a birthday, '7 years' for another yearly date, '' when
    the year is not known (or for a date that happens once)."""
    if k.years is None or not k.yearly:
        return ""
    if k.kind == "birthday":
        return f"turns {k.years}"
    return f"{k.years} year{'s' if k.years != 1 else ''}"


def describe(k: Coming, name: str | None = None) -> str:
    """'Amara Nwosu: birthday on Sat 14 Mar (in 3 days, turns 40)'."""
    said = ", ".join(p for p in (in_days(k.on, k.on - timedelta(days=k.days_until)),
                                  what_years(k)) if p)
    who = k.contact.name if name is None else name
    return f"{who}: {k.label} on {short_day(k.on)} ({said})"


def read_birthday(text: str, order: str = "auto", today: date | None = None) -> str:
    """A birthday as typed ("14 March", "1990-03-14", "--03-14", "14/03/1990"
    in the ``date_order``), as stored; "" for nothing.  ValueError (a
    WhenError) with the reason otherwise."""
    from board.core.when import read_day

    text = text.strip()
    if not text or parse_day(text) is not None:
        return text
    return read_day(text, today, order).day


#: How the contact form writes a person's named dates in one line (its
#: example: short enough for the box at 80 columns, 36 cells).
DATES_HINT = "wedding: 1 May; gig: 9 Sep 2026 once"


def read_dates(value: str | Iterable[NamedDate | dict[str, object] | tuple[object, ...]],
               order: str = "auto", today: date | None = None) -> tuple[NamedDate, ...]:
    """Named dates from the contact form's line (``label: day``, ``;``
    between them, ``once`` after a day that does not come back each year:
    :data:`DATES_HINT`) or from records, mappings or ``(label, day[,
    yearly])`` tuples.  ValueError naming the date and what is wrong."""
    from board.core.when import read_day

    items: list[tuple[str, str, bool]] = []
    if isinstance(value, str):
        for n, part in enumerate(value.replace("\n", ";").split(";"), 1):
            part = part.strip()
            if not part:
                continue
            label, sep, day = part.rpartition(":")
            if not sep or not label.strip():
                raise ValueError(f"Date {n} ('{_cut(part)}'): say 'label: day', e.g. "
                                 "'work anniversary: 1 May 2019'")
            words = day.split()
            yearly = not (words and words[-1].strip("()").casefold() == "once")
            if not yearly:
                words = words[:-1]
            items.append((label, " ".join(words), yearly))
    else:
        for item in value:
            if isinstance(item, NamedDate):
                items.append((item.label, item.date, item.yearly))
            elif isinstance(item, dict):
                items.append((str(item.get("label") or ""), str(item.get("date") or ""),
                              bool(item.get("yearly", True))))
            else:
                first, second, *rest = item
                items.append((str(first), str(second), bool(rest[0]) if rest else True))
    out: list[NamedDate] = []
    for n, (label, day, yearly) in enumerate(items, 1):
        label = " ".join(label.split())
        where = f"Date {n} ('{_cut(label)}')" if label else f"Date {n}"
        if not label:
            raise ValueError(f"{where}: give it a name, e.g. 'work anniversary: {day}'")
        if not day.strip():
            raise ValueError(f"{where}: which day? e.g. '{_cut(label)}: 1 May 2019'")
        try:
            stored = day.strip() if parse_day(day.strip()) else read_day(day, today, order).day
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if not yearly and stored.startswith("--"):
            raise ValueError(f"{where}: a date that happens once needs its year")
        out.append(NamedDate(label, stored, yearly))
    return tuple(out)


def _cut(text: str, width: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def dates_text(dates: Iterable[NamedDate]) -> str:
    """The contact form's line for named dates (what :func:`read_dates`
    reads back as the same dates)."""
    return "; ".join(f"{d.label}: {shown_day(d.date)}{'' if d.yearly else ' once'}"
                     for d in dates)


_ISO_DAY = re.compile(r"(?:(?P<y>\d{4})-?|--)(?P<m>\d{2})-?(?P<d>\d{2})(?:T[0-9:.,Z+-]*)?",
                      re.IGNORECASE)


def day_from_iso(text: str, omit_year: str = "") -> str:
    """A day as files write it, as records hold it: ISO 8601 and vCard
    ``BDAY`` / ``ANNIVERSARY`` (``1990-03-14``, ``19900314``, ``--0314``,
    ``--03-14``, a time after it ignored), or "" if it is none of these.
    ``omit_year``: a year that stands for "not known" (Apple's contacts
    write 1604 and say so in ``X-APPLE-OMIT-YEAR``)."""
    m = _ISO_DAY.fullmatch(text.strip())
    if m is None:
        return ""
    year = m["y"] if m["y"] and m["y"] != omit_year else None
    day = f"{year or '-'}-{m['m']}-{m['d']}"
    return day if parse_day(day) is not None else ""


def same_dates(old: Iterable[NamedDate], new: Iterable[NamedDate]) -> tuple[NamedDate, ...]:
    """``old`` and those of ``new`` it does not have (the same label, case
    aside, on the same day), in order."""
    have = {(d.label.casefold(), d.date) for d in old}
    out = list(old)
    for d in new:
        if (d.label.casefold(), d.date) not in have:
            have.add((d.label.casefold(), d.date))
            out.append(d)
    return tuple(out)


def shown_day(text: str) -> str:
    """How a stored day reads in a form and on the person's screen:
    '14 March 1990', or '14 March' without the year."""
    parts = parse_day(text)
    if parts is None:
        return text
    year, month, day = parts
    shown = f"{day} {_MONTHS[month - 1]}"
    return f"{shown} {year}" if year is not None else shown


def summary(text: str, today: date, yearly: bool = True, birthday: bool = False) -> str:
    """How the person's screen shows a date: the day, the age or years when
    the year is known, and when it comes next: '14 March 1990 · 36, turns 37
    on Sun 14 Mar, in 3 months'; '1 May 2019 · 8 years on Sat 1 May, in 4
    months'; '14 March · Sat 14 Mar, in 3 days'; '12 September 2026 · passed'."""
    shown = shown_day(text)
    on = next_occurrence(text, today, yearly)
    if on is None:
        return f"{shown} · passed"
    when = f"{short_day(on)}, {in_days(on, today)}"
    if (on - today).days == 0:
        when = "today"
    years = years_at(text, on)
    if not yearly or years is None or years < 1:
        return f"{shown} · {when}"
    if birthday:
        now = age(text, today)
        said = f"turns {years}" if on != today else f"turns {years} today"
        head = f"{now}, " if now is not None and on != today else ""
        return f"{shown} · {head}{said}" + (f" on {when}" if on != today else "")
    return f"{shown} · {years} year{'s' if years != 1 else ''}" + (
        f" on {when}" if on != today else " today")


def mark(days: int) -> tuple[str, str]:
    """A card's mark for a date ``days`` away: in words ('✦ in 3d',
    '✦ today') and in short ('✦3d')."""
    return ("✦ today" if days == 0 else f"✦ in {days}d"), f"✦{days}d"


def next_one(c: Contact, today: date) -> Coming | None:
    """The contact's next date, however far (for the person's screen)."""
    found = coming_for(c, today, (date.max - today).days)
    return found[0] if found else None

__all__ = [
    "BIRTHDAY",
    "DATES_HINT",
    "Coming",
    "age",
    "coming",
    "coming_for",
    "dates_of",
    "dates_text",
    "day_from_iso",
    "describe",
    "in_days",
    "local_today",
    "mark",
    "next_occurrence",
    "next_one",
    "on_year",
    "read_birthday",
    "read_dates",
    "same_dates",
    "short_day",
    "shown_day",
    "summary",
    "what_years",
    "years_at",
]
