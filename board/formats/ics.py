"""iCalendar files (RFC 5545: Google Calendar, Outlook, Apple Calendar,
Fastmail exports) → touches.

Read with ``icalendar``; recurrences (RRULE, RDATE, EXDATE and RECURRENCE-ID
overrides) are expanded by ``recurring-ical-events``, which also honours
``X-WR-TIMEZONE`` (Google's calendar-wide zone for floating times).  Times
with a TZID use the file's VTIMEZONE (or the zone of that name); a floating
time with no zone anywhere is taken as the computer's local time.  An
all-day event is a touch at noon UTC on its day (the same date in every
zone), with no duration.

Each occurrence is one touch with everyone on it (the ORGANIZER and the
ATTENDEEs, rooms and resources left out), its key ``ics:UID`` for a single
event and ``ics:UID@RECURRENCE-ID`` (in UTC) for one occurrence of a series,
so moving an occurrence (an override) keeps its key.

**Meeting or call.**  An event is a ``call`` when it is clearly one: it has a
video-call or phone link (Zoom, Google Meet, Teams, Webex, Whereby, Jitsi,
Skype, FaceTime, a ``tel:`` link; in LOCATION, URL, DESCRIPTION, CONFERENCE
or the Google / Microsoft conference properties) and no physical place (no
LOCATION, or a LOCATION that is itself only such a link).  Everything else
is a ``meeting``.  A LOCATION that is a place becomes the touch's place.

Skipped (the capture rules skip the future, the declined, crowds and events
with no one on the board): events with STATUS:CANCELLED, and events whose
start cannot be read (with their line).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from board.formats.capture import (
    Captured,
    CaptureOptions,
    Touch,
    Who,
    read_bytes,
    refuse,
)
from board.formats.importing import Progress, Skip, email_key, ticker

#: What marks a video or phone call.
CALL_LINK = re.compile(
    r"(zoom\.us/|zoom\.com/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/|"
    r"webex\.com/|whereby\.com/|meet\.jit\.si/|join\.skype\.com/|facetime\.apple\.com/|"
    r"\btel:|\bcall\.|\bgotomeet|around\.co/)", re.IGNORECASE)
_CONFERENCE_PROPS = ("URL", "CONFERENCE", "X-GOOGLE-CONFERENCE",
                     "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK")
_NOT_PEOPLE = {"ROOM", "RESOURCE"}
#: How far back a series is expanded when no --since is given.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return " ".join(str(value).split())


def _address(value) -> Who:
    address = str(value).strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    params = getattr(value, "params", {})
    name = " ".join(str(params.get("CN", "")).split()).strip('"')
    return Who(email=address if "@" in address else "", name=name)


def _moment(value) -> tuple[datetime, bool]:
    """(the time in UTC, all day?)"""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.astimezone()  # floating: the local time
        return value.astimezone(UTC), False
    if isinstance(value, date):
        return datetime.combine(value, time(12), UTC), True
    raise ValueError(f"not a date or time: {value!r}")


def kind_of(event) -> str:
    """``call`` or ``meeting``: see the module's docstring."""
    location = _text(event, "LOCATION")
    linked = bool(CALL_LINK.search(location))
    for name in (*_CONFERENCE_PROPS, "DESCRIPTION"):
        if linked:
            break
        linked = bool(CALL_LINK.search(_text(event, name)))
    return "call" if linked and not _place(event) else "meeting"


def _place(event) -> str:
    """The LOCATION without its links (a link alone is no place)."""
    location = re.sub(r"(https?://|tel:)\S+", "", _text(event, "LOCATION"))
    return " ".join(location.split()).strip(" ,;-")[:200]


_CONTENT_LINE = re.compile(
    r'[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:')


def _logical_lines(text: str):
    """(line number, unfolded content line) for each content line."""
    number, parts = 0, []
    for n, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t") and parts:
            parts.append(line[1:])
            continue
        if parts:
            yield number, "".join(parts)
        number, parts = n, ([line] if line else [])
    if parts:
        yield number, "".join(parts)


def _check_lines(text: str, source: str) -> list[int]:
    """The line each VEVENT starts on; ImportFileError naming the line if
    the file's shape is broken (a line that is not ``NAME;PARAMS:VALUE``, a
    BEGIN never ENDed: the file was cut short).  (icalendar itself passes
    over such lines in silence.)"""
    out = []
    stack: list[tuple[str, int]] = []
    match = _CONTENT_LINE.match
    for n, line in _logical_lines(text):
        if match(line) is None:
            raise refuse(source, f"line {n}", f"not an iCalendar content line "
                         f"({line[:40]!r})")
        head = line[:6].upper()
        if head == "BEGIN:":
            name = line[6:].strip().upper()
            stack.append((name, n))
            if name == "VEVENT":
                out.append(n)
        elif head[:4] == "END:":
            name = line[4:].strip().upper()
            if not stack or stack[-1][0] != name:
                raise refuse(source, f"line {n}", f"END:{name} without its BEGIN")
            stack.pop()
    if stack:
        name, n = stack[-1]
        raise refuse(source, f"line {n}", f"BEGIN:{name} is never ended (is the file cut "
                     "short?)")
    return out


def read_ics(path: Path, options: CaptureOptions, progress: Progress | None = None
             ) -> Captured:
    """Read a whole .ics file; ImportFileError if it is not one."""
    import icalendar
    import recurring_ical_events

    source = str(path)
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(source, f"line {line}", "is not UTF-8 text") from None
    if progress:
        progress("reading", 0, 1)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise refuse(source, "line 1", "is not an iCalendar file (no BEGIN:VCALENDAR)")
    starts = _check_lines(text, source)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise refuse(source, _line_of(text, str(exc)), f"not valid iCalendar ({exc})") \
            from None
    parsed = Captured("ics", source, options=options)
    number = 0
    seen: Counter[str] = Counter()
    wheres: dict[object, str] = {}  # an event (by id) or a series (by UID) -> where
    for calendar in calendars:
        bad = []
        events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        for event in events:
            line = starts[number] if number < len(starts) else 0
            number += 1
            where = f"event {number} (line {line})" if line else f"event {number}"
            wheres[id(event)] = where
            wheres.setdefault(_text(event, "UID"), where)
            problem = _problem(event)
            if problem:
                parsed.skipped.append(Skip(where, problem))
                bad.append(event)
        for event in bad:
            calendar.subcomponents.remove(event)
        parsed.records += len(events)
        _expand(calendar, parsed, options, seen, wheres, progress, recurring_ical_events)
    parsed.seen = seen
    return parsed


def _line_of(text: str, message: str) -> str:
    """The line a parse error names (icalendar quotes the bad content line)."""
    m = re.search(r"'([^']{3,})'", message)
    if m:
        needle = m.group(1)
        for n, line in enumerate(text.splitlines(), 1):
            if needle in line:
                return f"line {n}"
    return ""


def _problem(event) -> str:
    """Why an event cannot be read, or ""."""
    errors = [e for e in getattr(event, "errors", []) if e[0] in
              ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")]
    if errors:
        prop, why = errors[0]
        return f"its {prop} cannot be read ({why})"
    if event.get("DTSTART") is None:
        return "it has no start (DTSTART)"
    return ""


def _expand(calendar, parsed: Captured, options: CaptureOptions, seen: Counter[str],
            wheres: dict[object, str], progress: Progress | None, library) -> None:
    now = datetime.now(UTC)
    start = options.since or _EARLIEST
    series_of = {}
    singles = []
    for event in calendar.subcomponents:
        if event.name != "VEVENT":
            continue
        if any(event.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID")):
            series_of.setdefault(str(event.get("UID", "")), []).append(event)
        else:
            singles.append(event)
    occurrences = list(singles)
    if series_of:
        # only the series go through the expansion (a single event is itself)
        from icalendar import Calendar

        sub = Calendar()
        for key in ("X-WR-TIMEZONE", "X-WR-CALNAME"):
            if calendar.get(key) is not None:
                sub.add(key, calendar.get(key))
        sub.subcomponents = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        for events in series_of.values():
            sub.subcomponents.extend(events)
        try:
            occurrences += library.of(sub).between(start, now + timedelta(days=1))
        except Exception as exc:  # the library's own errors: a series it cannot expand
            raise refuse(parsed.source, "", f"a recurring event cannot be expanded ({exc})") \
                from None
    floating_zone = _calendar_zone(calendar)
    tick = ticker(progress, "reading", len(occurrences))
    for n, event in enumerate(occurrences, 1):
        tick(n)
        where = wheres.get(id(event)) or wheres.get(_text(event, "UID")) or "an event"
        touch = _touch(event, where, parsed, floating_zone)
        if touch is None:
            continue
        parsed.touches.append(touch)
        for who in touch.people:
            if who.email:
                seen[email_key(who.email)] += 1


def _calendar_zone(calendar):
    """X-WR-TIMEZONE for single floating events (the expansion does its own)."""
    name = calendar.get("X-WR-TIMEZONE")
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _touch(event, where: str, parsed: Captured, zone) -> Touch | None:
    uid = _text(event, "UID")
    raw = event.get("DTSTART").dt
    if zone is not None and isinstance(raw, datetime) and raw.tzinfo is None:
        raw = raw.replace(tzinfo=zone)
    try:
        at, all_day = _moment(raw)
    except ValueError as exc:
        parsed.skipped.append(Skip(where, f"its start cannot be read ({exc})"))
        return None
    recurrence = event.get("RECURRENCE-ID")
    if recurrence is not None:
        rid = recurrence.dt
        if zone is not None and isinstance(rid, datetime) and rid.tzinfo is None:
            rid = rid.replace(tzinfo=zone)
        rid_utc, _ = _moment(rid)
        key = f"ics:{uid}@{rid_utc:%Y%m%dT%H%M%SZ}"
        where = f"{where}, {at.date().isoformat()}"
    elif uid:
        key = f"ics:{uid}"
    else:
        key = f"ics:{at:%Y%m%dT%H%M%SZ}:{_text(event, 'SUMMARY')}"
    if _text(event, "STATUS").upper() == "CANCELLED":
        parsed.skipped.append(Skip(where, "cancelled"))
        return None
    people: list[Who] = []
    declined: list[Who] = []
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        people.append(_address(organizer))
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    for a in attendees:
        params = getattr(a, "params", {})
        if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            continue
        who = _address(a)
        if not (who.email or who.name):
            continue
        people.append(who)
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            declined.append(who)
    duration = None
    if not all_day:
        end = event.get("DTEND")
        length = None
        if end is not None and isinstance(end.dt, datetime):
            end_dt = end.dt if end.dt.tzinfo or zone is None else end.dt.replace(tzinfo=zone)
            length = _moment(end_dt)[0] - at
        elif event.get("DURATION") is not None:
            length = event.get("DURATION").dt
        if isinstance(length, timedelta) and timedelta(0) <= length <= timedelta(days=1):
            duration = int(length.total_seconds() // 60)
    return Touch(
        where=where, source=key, kind=kind_of(event), at=at, people=people,
        title=_text(event, "SUMMARY")[:200], place=_place(event), duration_min=duration,
        notes=str(event.get("DESCRIPTION", "")).strip(), declined=tuple(declined))
