"""iCalendar files (RFC 5545: Google Calendar, Outlook, Apple Calendar,
Fastmail exports) → touches.

A single event is read from its own lines (fast: a ten-year calendar has
20,000 events); a series, with its RRULE, RDATE, EXDATE and RECURRENCE-ID
overrides, is read by ``icalendar`` and expanded by ``recurring-ical-events``,
which also honours ``X-WR-TIMEZONE`` (Google's calendar-wide zone for
floating times; single events honour it too).  Times
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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from board.formats.capture import (
    Captured,
    CaptureOptions,
    Touch,
    Who,
    refuse,
)
from board.formats.importing import Progress, Skip, email_key, read_bytes, ticker

#: What marks a video or phone call.
CALL_LINK = re.compile(
    r"(zoom\.us/|zoom\.com/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/|"
    r"webex\.com/|whereby\.com/|meet\.jit\.si/|join\.skype\.com/|facetime\.apple\.com/|"
    r"\btel:|gotomeeting\.com/|gotomeet\.me/|around\.co/)", re.IGNORECASE)
_CONFERENCE_PROPS = ("URL", "CONFERENCE", "X-GOOGLE-CONFERENCE",
                     "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK")
_NOT_PEOPLE = {"ROOM", "RESOURCE"}
#: How far back a series is expanded when no --since is given.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


class Props:
    """An event's properties, each ``(params, value)`` with the value's text
    unescaped, whoever read it: :meth:`of_component` for an occurrence from
    the expansion, :meth:`of_lines` for a single event read directly."""

    def __init__(self, items: dict[str, list[tuple[dict[str, str], str]]]):
        self.items = items

    @classmethod
    def of_component(cls, component) -> Props:
        items: dict[str, list[tuple[dict[str, str], str]]] = {}
        for name, values in component.items():
            for value in values if isinstance(values, list) else [values]:
                params = {k.upper(): str(v) for k, v in getattr(value, "params", {}).items()}
                items.setdefault(name.upper(), []).append((params, str(value)))
        return cls(items)

    @classmethod
    def of_lines(cls, lines: list[str]) -> Props:
        items: dict[str, list[tuple[dict[str, str], str]]] = {}
        match = _CONTENT_LINE.match
        for line in lines:
            m = match(line)
            if m is None:
                continue  # (never: the file's lines were checked)
            head, value = line[: m.end() - 1], line[m.end():]
            name, _, rest = head.partition(";")
            params = {k.upper(): v.strip('"') for k, v in _PARAM.findall(";" + rest)} \
                if rest else {}
            if name.upper() in _TEXT_PROPS:
                value = _unescape(value)
            items.setdefault(name.upper(), []).append((params, value))
        return cls(items)

    def text(self, name: str) -> str:
        values = self.items.get(name)
        return " ".join(values[0][1].split()) if values else ""

    def all(self, name: str) -> list[tuple[dict[str, str], str]]:
        return self.items.get(name, [])


_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^;:]*)')
_TEXT_PROPS = frozenset({"SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT"})
_ESCAPE = re.compile(r"\\([\\;,nN])")


def _unescape(value: str) -> str:
    """RFC 5545 TEXT: ``\\,`` ``\\;`` ``\\\\`` and ``\\n``."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _address(params: dict[str, str], value: str) -> Who:
    address = value.strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    name = " ".join(params.get("CN", "").split()).strip('"')
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


def kind_of(props: Props) -> str:
    """``call`` or ``meeting``: see the module's docstring."""
    linked = any(CALL_LINK.search(props.text(name))
                 for name in ("LOCATION", *_CONFERENCE_PROPS, "DESCRIPTION"))
    return "call" if linked and not _place(props) else "meeting"


def _place(props: Props) -> str:
    """The LOCATION without its links (a link alone is no place)."""
    location = re.sub(r"(https?://|tel:)\S+", "", props.text("LOCATION"))
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


@dataclass
class _Event:
    line: int
    number: int
    lines: list[str] = field(default_factory=list)  # its own content lines

    @property
    def where(self) -> str:
        return f"event {self.number} (line {self.line})"


@dataclass
class _File:
    """A calendar file cut into its parts (lines checked, none parsed)."""

    head: list[str] = field(default_factory=list)  # the calendar's own properties
    zones: list[str] = field(default_factory=list)  # each VTIMEZONE, whole
    events: list[_Event] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)


_SERIES = ("RRULE", "RDATE", "RECURRENCE-ID")


def _cut(text: str, source: str) -> _File:
    """The file's parts; ImportFileError naming the line if its shape is
    broken (a line that is not ``NAME;PARAMS:VALUE``, an END without its
    BEGIN, a BEGIN never ENDed: the file was cut short).  (icalendar itself
    passes over such lines in silence.)"""
    out = _File()
    stack: list[tuple[str, int]] = []
    match = _CONTENT_LINE.match
    event: _Event | None = None
    zone: list[str] | None = None
    for n, line in _logical_lines(text):
        if match(line) is None:
            raise refuse(source, f"line {n}", f"not an iCalendar content line "
                         f"({line[:40]!r})")
        head = line[:6].upper()
        if head == "BEGIN:":
            name = line[6:].strip().upper()
            stack.append((name, n))
            if name == "VEVENT" and len(stack) == 2:
                event = _Event(n, len(out.events) + 1)
                out.events.append(event)
                continue
            if name == "VTIMEZONE" and len(stack) == 2:
                zone = []
        elif head[:4] == "END:":
            name = line[4:].strip().upper()
            if not stack or stack[-1][0] != name:
                raise refuse(source, f"line {n}", f"END:{name} without its BEGIN")
            stack.pop()
            if len(stack) == 1:
                if zone is not None:
                    zone.append(line)
                    out.zones.append("\r\n".join(zone) + "\r\n")
                event, zone = None, None
                continue
            if event is not None and zone is None:
                continue  # the end of an alarm inside the event: not its line
        if zone is not None:
            zone.append(line)
        elif event is not None:
            if len(stack) == 2:  # (not the lines of an alarm inside the event)
                event.lines.append(line)
        elif len(stack) == 1 and head != "BEGIN:":
            out.head.append(line)
    if stack:
        name, n = stack[-1]
        raise refuse(source, f"line {n}", f"BEGIN:{name} is never ended (is the file cut "
                     "short?)")
    return out


def read_ics(path: Path, options: CaptureOptions, progress: Progress | None = None
             ) -> Captured:
    """Read a whole .ics file; ImportFileError if it is not one.

    A single event is read here, its lines as they are (icalendar parses
    about 1,500 events a second, and a ten-year calendar has 20,000); a
    series (RRULE, RDATE, or an override with RECURRENCE-ID) goes through
    icalendar and recurring-ical-events, with the file's time zones."""
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
    cut = _cut(text, source)
    parsed = Captured("ics", source, options=options)
    parsed.records = len(cut.events)
    head = Props.of_lines(cut.head)
    zones = _Zones(cut.zones, head.text("X-WR-TIMEZONE"))
    series: dict[str, list[_Event]] = {}
    singles: list[_Event] = []
    for event in cut.events:
        names = {line.split(":", 1)[0].split(";", 1)[0].upper() for line in event.lines}
        if names.intersection(_SERIES):
            uid = next((line.split(":", 1)[1].strip() for line in event.lines
                        if line[:4].upper() == "UID:"), "")
            series.setdefault(uid, []).append(event)
        else:
            singles.append(event)
    seen: Counter[str] = Counter()
    tick = ticker(progress, "reading", len(cut.events))
    for done, event in enumerate(singles, 1):
        tick(done)
        touch = _single(event, zones, parsed)
        if touch is not None:
            parsed.touches.append(touch)
    if series:
        _expand(cut, series, zones, parsed, options)
        tick(len(cut.events))
    for touch in parsed.touches:
        for who in touch.people:
            if who.email:
                seen[email_key(who.email)] += 1
    parsed.seen = seen
    return parsed


class _Zones:
    """TZID → tzinfo: the file's VTIMEZONEs (through icalendar), else the
    zone of that name (Olson or Windows, as icalendar knows them); floating
    times in X-WR-TIMEZONE, else the local time."""

    def __init__(self, blocks: list[str], calendar_zone: str):
        import icalendar
        from icalendar.timezone import tzp

        self.tzp = tzp
        self.known: dict[str, tzinfo | None] = {}
        self.blocks: list[str] = []  # the VTIMEZONEs that could be read
        for block in blocks:
            try:
                component = icalendar.Timezone.from_ical(block)
                self.known[str(component.get("TZID", ""))] = component.to_tz()
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a broken VTIMEZONE: its name may still be known
            self.blocks.append(block)
        self.floating = self.get(calendar_zone) if calendar_zone else None

    def get(self, tzid: str) -> tzinfo | None:
        if tzid not in self.known:
            try:
                self.known[tzid] = self.tzp.timezone(tzid)
            except (ValueError, KeyError):
                self.known[tzid] = None
        return self.known[tzid]


_DATE_TIME = re.compile(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)?(Z?))?")


def _when(params: dict[str, str], value: str, zones: _Zones) -> date | datetime:
    m = _DATE_TIME.fullmatch(value.strip())
    if m is None:
        raise ValueError(f"{value.strip()[:30]!r} is not a date or time")
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return date(y, mo, d)
    if params.get("VALUE", "").upper() == "DATE":
        raise ValueError(f"{value.strip()!r} is not a date")
    if m.group(7):
        zone = UTC
    elif "TZID" in params:
        zone = zones.get(params["TZID"]) or zones.floating
    else:
        zone = zones.floating
    return datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0),
                    tzinfo=zone)


def _single(event: _Event, zones: _Zones, parsed: Captured) -> Touch | None:
    props = Props.of_lines(event.lines)
    starts = props.all("DTSTART")
    if not starts:
        parsed.skipped.append(Skip(event.where, "it has no start (DTSTART)"))
        return None
    start = end = None
    for name in ("DTSTART", "DTEND"):
        values = props.all(name)
        if not values:
            continue
        try:
            value = _when(*values[0], zones)
            _moment(value)  # (in UTC too: 0001-01-01 in Tokyo is year 0)
        except (ValueError, OverflowError) as exc:
            parsed.skipped.append(Skip(event.where, f"its {name} cannot be read ({exc})"))
            return None
        start, end = (value, end) if name == "DTSTART" else (start, value)
    length = None
    if end is None and props.all("DURATION"):
        from icalendar.prop import vDuration

        try:
            length = vDuration.from_ical(props.text("DURATION"))
        except ValueError:
            length = None
    uid = props.text("UID")
    return _touch(props, event.where, uid, start, end, length, None, parsed)


def _expand(cut: _File, series: dict[str, list[_Event]], zones: _Zones, parsed: Captured,
            options: CaptureOptions) -> None:
    """Each past occurrence of each series, through recurring-ical-events."""
    import icalendar
    import recurring_ical_events

    where_of = {uid: events[0].where for uid, events in series.items()}
    # (a calendar-wide zone no one knows is no zone, as for single events:
    # the expansion would refuse the whole file over it)
    head = [line for line in cut.head if zones.floating is not None
            or not line.upper().startswith("X-WR-TIMEZONE")]
    parts = ["BEGIN:VCALENDAR", *head]
    text = "\r\n".join(parts) + "\r\n" + "".join(zones.blocks)
    body = []
    for events in series.values():
        for event in events:
            body.append("BEGIN:VEVENT\r\n" + "\r\n".join(event.lines) + "\r\nEND:VEVENT\r\n")
    text += "".join(body) + "END:VCALENDAR\r\n"
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise refuse(parsed.source, "", f"not valid iCalendar ({exc})") from None
    bad = []
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    flat = [e for group in series.values() for e in group]
    for component, event in zip(events, flat, strict=False):
        problem = _problem(component)
        if problem:
            parsed.skipped.append(Skip(event.where, problem))
            bad.append(component)
    start = options.since or _EARLIEST
    stop = datetime.now(UTC) + timedelta(days=1)
    work = 0.0
    for component, event in zip(events, flat, strict=False):
        if component in bad:
            continue
        steps = _steps(component, stop)
        if steps > MAX_SERIES_STEPS:
            parsed.skipped.append(Skip(event.where, "it repeats too often to read (about "
                                       f"{steps:,.0f} times up to now)"))
            bad.append(component)
        else:
            work += steps
    if work > MAX_STEPS:
        raise refuse(parsed.source, "", "its recurring events repeat too often to read "
                     f"(about {work:,.0f} times up to now, more than {MAX_STEPS:,})")
    for component in bad:
        calendar.subcomponents.remove(component)
    # Each event's own properties, read from its lines: the series' main
    # event by UID, and its overrides by UID and RECURRENCE-ID (in UTC, as
    # the expansion names an occurrence).
    base: dict[str, Props] = {}
    moved: dict[tuple[str, object], Props] = {}
    for uid, group in series.items():
        for event in group:
            props = Props.of_lines(event.lines)
            rid = props.all("RECURRENCE-ID")
            if not rid:
                base.setdefault(uid, props)
                continue
            try:
                moved[(uid, _utc_id(_when(*rid[0], zones)))] = props
            except ValueError:
                continue  # (skipped above: icalendar could not read it either)
    try:
        query = recurring_ical_events.of(calendar)
        occurrences = [o for one in query.series for o in one.between(start, stop)]
    except Exception as exc:  # the library's own errors: a series it cannot expand
        raise refuse(parsed.source, "", f"a recurring event cannot be expanded ({exc})") \
            from None
    for occurrence in occurrences:
        uid = str(occurrence.uid)
        # (an occurrence of the rule is named by its own start, an override
        # by its RECURRENCE-ID)
        rid = occurrence.id.recurrence_id or _utc_id(occurrence.start)
        props = moved.get((uid, rid)) or base.get(uid)
        if props is None:
            continue
        if isinstance(rid, datetime):
            rid = rid.replace(tzinfo=UTC)  # (the library gives UTC without a zone)
        touch = _touch(props, where_of.get(uid, "an event"), uid, occurrence.start,
                       occurrence.end, None, rid, parsed)
        if touch is not None:
            parsed.touches.append(touch)


#: The most steps one series may take through its rules from its start to
#: now (a daily event since the year 1480, one every hour since 2004), and
#: all the series of a file together: an RRULE of FREQ=SECONDLY, or one
#: that starts in the year 1, is skipped rather than expanded for hours
#: (the expansion steps from the start whatever the window).
MAX_SERIES_STEPS = 200_000
MAX_STEPS = 1_000_000
_PERIOD = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400,
           "WEEKLY": 7 * 86400, "MONTHLY": 28 * 86400, "YEARLY": 365 * 86400}
_DAY_RULES = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS")
_TIME_RULES = (("BYHOUR", 3600), ("BYMINUTE", 60), ("BYSECOND", 1))


def _steps(component, stop: datetime) -> float:
    """About how many candidates expanding a series' RRULEs goes through,
    from its DTSTART to ``stop`` (or its UNTIL): a rule's periods, each day
    of them when day rules filter the days, times what BYHOUR, BYMINUTE and
    BYSECOND make of each; no more than its COUNT when nothing filters."""
    rules = component.get("RRULE")
    if rules is None:
        return 0.0
    try:
        first = component.decoded("DTSTART")
    except (KeyError, ValueError, TypeError):
        return 0.0  # (skipped already: no start)
    total = 0.0
    for rule in rules if isinstance(rules, list) else [rules]:
        period = _PERIOD.get(str((rule.get("FREQ") or ["DAILY"])[0]).upper(), 86400)
        try:
            interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
            until = (rule.get("UNTIL") or [stop])[0]
            begin, end = (_moment(first)[0], min(_moment(until)[0], stop))
        except (ValueError, TypeError, OverflowError):
            continue  # (the expansion says why, or reads no occurrence)
        seconds = max(0.0, (end - begin).total_seconds())
        steps = seconds / (period * interval)
        filtered = any(rule.get(name) for name in _DAY_RULES)
        if filtered and period > 86400:
            steps = seconds / 86400
        for name, unit in _TIME_RULES:
            if period > unit and rule.get(name):
                steps *= len(rule[name])
                filtered = True
        if rule.get("COUNT") and not filtered:
            steps = min(steps, float(rule["COUNT"][0]))
        total += steps + 1
    return total


def _utc_id(value: date | datetime) -> date | datetime:
    """A RECURRENCE-ID as the expansion names it: UTC without a zone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)
    return value


def _problem(event) -> str:
    """Why an event of a series cannot be read, or ""."""
    errors = [e for e in getattr(event, "errors", []) if e[0] in
              ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")]
    if errors:
        prop, why = errors[0]
        return f"its {prop} cannot be read ({why})"
    if event.get("DTSTART") is None:
        return "it has no start (DTSTART)"
    return ""


def _touch(props: Props, where: str, uid: str, start, end, length, recurrence,
           parsed: Captured) -> Touch | None:
    """The touch of one event or occurrence (start, end: dates or times)."""
    at, all_day = _moment(start)
    if recurrence is not None:
        rid_utc, _ = _moment(recurrence)
        key = f"ics:{uid}@{rid_utc:%Y%m%dT%H%M%SZ}"
        where = f"{where}, {at.date().isoformat()}"
    elif uid:
        key = f"ics:{uid}"
    else:
        key = f"ics:{at:%Y%m%dT%H%M%SZ}:{props.text('SUMMARY')}"
    if props.text("STATUS").upper() == "CANCELLED":
        parsed.skipped.append(Skip(where, "cancelled"))
        return None
    people: list[Who] = []
    declined: list[Who] = []
    for params, value in props.all("ORGANIZER")[:1]:
        people.append(_address(params, value))
    for params, value in props.all("ATTENDEE"):
        if params.get("CUTYPE", "").upper() in _NOT_PEOPLE:
            continue
        who = _address(params, value)
        if not (who.email or who.name):
            continue
        people.append(who)
        if params.get("PARTSTAT", "").upper() == "DECLINED":
            declined.append(who)
    duration = None
    if not all_day:
        if isinstance(end, datetime):
            length = _moment(end)[0] - at
        if isinstance(length, timedelta) and timedelta(0) <= length <= timedelta(days=1):
            duration = int(length.total_seconds() // 60)
    return Touch(
        where=where, source=key, kind=kind_of(props), at=at, people=people,
        title=props.text("SUMMARY")[:200], place=_place(props), duration_min=duration,
        notes=props.all("DESCRIPTION")[0][1].strip() if props.all("DESCRIPTION") else "",
        declined=tuple(declined))
