"""The date box's reader: what people type, read as meant or refused with why."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import assume, given
from hypothesis import strategies as st

from board.core.when import WhenError, describe, parse_when, read_when, resolve_order

TZ = "Europe/Lisbon"
NOW = datetime(2026, 11, 20, 10, 15, tzinfo=UTC)  # Friday 10:15 in Lisbon (WET, UTC+0)


class No:
    """A refusal whose message says all of ``fragments``."""

    def __init__(self, *fragments: str) -> None:
        self.fragments = fragments

    def __repr__(self) -> str:
        return f"No{self.fragments}"


NOON = " (no time given: noon)"
DAY_FIRST = "read day-first: date_order"

# What people type on Friday 20 November 2026 at 10:15, and what the form
# shows back (or what the refusal must say). Numeric dates are read day-first.
TABLE = [
    ("", "Fri 20 Nov 2026, 10:15"),
    ("now", "Fri 20 Nov 2026, 10:15"),
    ("just now", "Fri 20 Nov 2026, 10:15"),
    ("9am", "Fri 20 Nov 2026, 09:00"),
    ("9:30 am", "Fri 20 Nov 2026, 09:30"),
    ("9.30am", "Fri 20 Nov 2026, 09:30"),
    ("9 a.m.", "Fri 20 Nov 2026, 09:00"),
    ("12am", "Fri 20 Nov 2026, 00:00"),
    ("midnight", "Fri 20 Nov 2026, 00:00"),
    ("today 9am", "Fri 20 Nov 2026, 09:00"),
    ("today", "Fri 20 Nov 2026, 10:15 (no time given: now)"),
    ("Nov 20", "Fri 20 Nov 2026, 10:15 (no time given: now)"),
    ("yesterday 3pm", "Thu 19 Nov 2026, 15:00"),
    ("yesterday at 15:30", "Thu 19 Nov 2026, 15:30"),
    ("3pm yesterday", "Thu 19 Nov 2026, 15:00"),
    ("  Yesterday,  3 PM ", "Thu 19 Nov 2026, 15:00"),
    ("yesterday noon", "Thu 19 Nov 2026, 12:00"),
    ("yesterday", "Thu 19 Nov 2026, 12:00" + NOON),
    ("the day before yesterday", "Wed 18 Nov 2026, 12:00" + NOON),
    ("last friday at noon", "Fri 13 Nov 2026, 12:00"),
    ("last friday", "Fri 13 Nov 2026, 12:00" + NOON),
    ("friday 9am", "Fri 13 Nov 2026, 09:00"),
    ("on Monday at 3 p.m.", "Mon 16 Nov 2026, 15:00"),
    ("thu", "Thu 19 Nov 2026, 12:00" + NOON),
    ("Dec 1 9am", "Mon 1 Dec 2025, 09:00"),
    ("1 Dec", "Mon 1 Dec 2025, 12:00" + NOON),
    ("December 1st", "Mon 1 Dec 2025, 12:00" + NOON),
    ("1st of December 2025 at 18:45", "Mon 1 Dec 2025, 18:45"),
    ("29 Feb", "Thu 29 Feb 2024, 12:00" + NOON),
    ("2 days ago", "Wed 18 Nov 2026, 10:15"),
    ("2 days ago at 3pm", "Wed 18 Nov 2026, 15:00"),
    ("an hour ago", "Fri 20 Nov 2026, 09:15"),
    ("half an hour ago", "Fri 20 Nov 2026, 09:45"),
    ("a week ago", "Fri 13 Nov 2026, 10:15"),
    ("3 months ago", "Thu 20 Aug 2026, 10:15"),  # summer time then: the clock time is kept
    ("this morning", "Fri 20 Nov 2026, 09:00 (morning: 09:00)"),
    ("yesterday evening", "Thu 19 Nov 2026, 19:00 (evening: 19:00)"),
    ("last night", "Thu 19 Nov 2026, 21:00 (night: 21:00)"),
    ("friday afternoon", "Fri 13 Nov 2026, 15:00 (afternoon: 15:00)"),
    ("last morning", No("'last'", "understood 'morning'")),
    ("02/11/2026", f"Mon 2 Nov 2026, 12:00 ({DAY_FIRST}; no time given: noon)"),
    ("2/11", f"Mon 2 Nov 2026, 12:00 ({DAY_FIRST}; no time given: noon)"),
    ("2.11.26 14:00", f"Mon 2 Nov 2026, 14:00 ({DAY_FIRST})"),
    ("13/11/2026", "Fri 13 Nov 2026, 12:00" + NOON),  # reads one way only
    ("11/13/2026", "Fri 13 Nov 2026, 12:00" + NOON),
    ("11/11", "Wed 11 Nov 2026, 12:00" + NOON),  # either way round, the same
    ("2026-11-02 14:30", "Mon 2 Nov 2026, 14:30"),
    ("2026-11-02T14:30", "Mon 2 Nov 2026, 14:30"),
    ("2026-11-02", "Mon 2 Nov 2026, 12:00" + NOON),
    ("Mon 2 Nov 2026, 14:30", "Mon 2 Nov 2026, 14:30"),  # what the form shows reads back
    ("3pm", No("later today", "yesterday 3pm")),
    ("15:30", No("later today", "yesterday 15:30")),
    ("noon", No("later today")),
    ("tomorrow", No("'tomorrow'", "future")),
    ("next week", No("'next week'", "future")),
    ("in 2 days", No("'in 2 days'", "future")),
    ("next friday", No("future")),
    ("tonight", No("21:00", "future")),
    ("2027-01-01", No("Fri 1 Jan 2027", "future")),
    ("last week", No("'last week'", "names no day")),
    ("blah 3pm", No("'blah'", "understood '3pm'")),
    ("9am pizza", No("'pizza'", "understood '9am'")),
    ("yesterday 3", No("'3'", "3pm or 15:00")),
    ("soonish", No("'soonish'")),
    ("at", No("'at'")),
    ("25:00", No("hour 25")),
    ("13pm", No("1pm or 13:00")),
    ("0am", No("12am or 00:00")),
    ("9:75", No("minute 75")),
    ("Feb 30", No("February has no day 30")),
    ("2026-02-29", No("February 2026 has no day 29")),
    ("32/1/2026", No("January 2026 has no day 32")),
    ("Thu 20 Nov 2026", No("is a Friday")),
    ("yesterday friday", No("two days")),
    ("9am 3pm", No("two times")),
    ("2 hours ago at 3pm", No("already a moment")),
]


@pytest.mark.parametrize("text, expected", TABLE, ids=[t or "empty" for t, _ in TABLE])
@time_machine.travel(NOW, tick=False)
def test_what_people_type(text, expected):
    now = datetime.now(UTC)
    if isinstance(expected, No):
        with pytest.raises(WhenError) as caught:
            read_when(text, now, TZ, "dmy")
        for fragment in expected.fragments:
            assert fragment in str(caught.value)
    else:
        reading = read_when(text, now, TZ, "dmy")
        assert describe(reading, TZ) == expected
        assert reading.at.tzinfo is UTC and reading.at <= now


@pytest.mark.parametrize("order, text, expected", [
    ("dmy", "02/11/2026", "Mon 2 Nov 2026, 12:00 (read day-first: date_order"),
    ("mdy", "02/11/2026", "Wed 11 Feb 2026, 12:00 (read month-first: date_order"),
    ("ymd", "02/11/2026", "Wed 11 Feb 2026, 12:00 (read month-first: date_order"),
    ("ymd", "26/11/02", "Mon 2 Nov 2026, 12:00 (read year-first: date_order"),
    ("mdy", "2/11", "Wed 11 Feb 2026, 12:00 (read month-first: date_order"),
    ("mdy", "13/11/2026", "Fri 13 Nov 2026, 12:00 (no time given: noon)"),
    ("mdy", "2026-11-02", "Mon 2 Nov 2026, 12:00 (no time given: noon)"),
])
def test_numeric_dates_follow_date_order_and_say_so(order, text, expected):
    assert describe(read_when(text, NOW, TZ, order), TZ).startswith(expected)


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "en_US.UTF-8"}, ("mdy", "locale en_US")),
    ({"LANG": "en_GB.UTF-8"}, ("dmy", "locale en_GB")),
    ({"LANG": "pt_PT.UTF-8"}, ("dmy", "locale pt_PT")),
    ({"LANG": "ja_JP.UTF-8"}, ("ymd", "locale ja_JP")),
    ({"LANG": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, ("dmy", "locale de_DE")),
    ({"LC_ALL": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, ("mdy", "locale en_US")),
    ({"LANG": "C.UTF-8"}, ("dmy", "no locale set")),
    ({}, ("dmy", "no locale set")),
])
def test_auto_asks_the_locale_and_is_day_first_without_one(environ, expected):
    assert resolve_order("auto", environ) == expected


def test_an_installed_locale_is_asked_through_the_c_library():
    from board.core.when import _locale_order

    # C.UTF-8 is installed everywhere and writes %m/%d/%y: the C library's answer
    # (auto itself takes C as no locale, and reads day-first)
    assert _locale_order("C.UTF-8") == "mdy"


def test_a_bad_setting_is_a_programming_error():
    with pytest.raises(ValueError):
        resolve_order("dd/mm")


def test_auto_order_is_shown_in_the_reading(monkeypatch):
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    reading = read_when("02/11/2026", NOW, TZ)
    assert describe(reading, TZ) == (
        "Wed 11 Feb 2026, 12:00 (read month-first: locale en_US; no time given: noon)")


# -- the nights the clocks change ---------------------------------------------------

def test_the_night_the_clocks_go_back():
    now = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)  # Lisbon: 02:00 WEST became 01:00 WET
    assert parse_when("9am", now, TZ) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert parse_when("yesterday 9am", now, TZ) == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
    twice = read_when("1:30am", now, TZ)  # happened twice: the first, in summer time
    assert twice.at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert describe(twice, TZ) == "Sun 25 Oct 2026, 01:30 (the first 01:30, WEST)"
    # days back keep the clock time, so two days ago is not 48 hours ago here
    assert parse_when("2 days ago", now, TZ) == datetime(2026, 10, 23, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize("zone, now, text", [
    ("Europe/Lisbon", datetime(2026, 3, 29, 12, 0, tzinfo=UTC), "1:30am"),
    ("America/New_York", datetime(2026, 3, 8, 18, 0, tzinfo=UTC), "2:30am"),
    ("America/New_York", datetime(2026, 3, 9, 18, 0, tzinfo=UTC), "yesterday 2:30am"),
])
def test_a_time_the_clocks_skipped_is_refused(zone, now, text):
    with pytest.raises(WhenError, match="clocks went forward"):
        read_when(text, now, zone)


def test_new_york_summer_and_winter():
    now = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)  # Monday 13:00 EST
    assert parse_when("9am", now, "America/New_York") == datetime(2026, 11, 2, 14, tzinfo=UTC)
    assert parse_when("last saturday 9am", now, "America/New_York") == datetime(
        2026, 10, 31, 13, tzinfo=UTC)


def test_local_time_is_converted_to_utc():
    assert parse_when("2026-11-02 14:30", NOW, "Europe/Oslo") == datetime(
        2026, 11, 2, 13, 30, tzinfo=UTC)


def test_describe_reads_back():
    assert describe(NOW, TZ) == "Fri 20 Nov 2026, 10:15"
    assert describe(NOW, "Asia/Tokyo") == "Fri 20 Nov 2026, 19:15"


# -- a time shown back is the time stored ----------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(
    st.datetimes(min_value=datetime(2016, 11, 21), max_value=NOW.replace(tzinfo=None),
                 timezones=st.just(UTC)),
    st.sampled_from(["UTC", "Europe/Lisbon", "America/New_York", "Asia/Kolkata"]),
)
def test_a_moment_written_out_reads_back_to_the_same_minute(moment, zone):
    local = moment.astimezone(ZoneInfo(zone))
    # the hour the clocks go back happens twice: written out, it cannot say which
    assume(local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset())
    minute = moment.replace(second=0, microsecond=0)
    hour12 = local.hour % 12 or 12
    ampm = "am" if local.hour < 12 else "pm"
    for text in (f"{local:%Y-%m-%d %H:%M}",
                 f"{local.day} {_MONTHS[local.month - 1]} {local.year} "
                 f"{hour12}:{local:%M}{ampm}",
                 describe(moment, zone)):
        assert parse_when(text, NOW, zone, "dmy") == minute, text


def test_nothing_after_now_is_accepted():
    assert parse_when("now", NOW, TZ) == NOW
    with pytest.raises(WhenError, match="future"):
        parse_when((NOW + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"), NOW, TZ)


_WORDS = ["yesterday", "today", "now", "last", "friday", "at", "on", "noon", "midnight",
          "9am", "3pm", "15:30", "12am", "13pm", "25:00", "2", "days", "ago", "an", "hour",
          "Dec", "1st", "2026", "02/11/2026", "2/11", "2026-11-02", "this", "morning",
          "night", "tomorrow", "next", "week", "in", "the", "of", "pizza", "99999", "Feb",
          "30", "29", "Fri", "20", "Nov", ",", "half", "a"]


@given(st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join)))
def test_any_text_is_read_into_the_past_or_refused_in_one_line(text):
    try:
        at = parse_when(text, NOW, "America/New_York", "dmy")
    except WhenError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert at.tzinfo is UTC and datetime(1900, 1, 1, tzinfo=UTC) <= at <= NOW
