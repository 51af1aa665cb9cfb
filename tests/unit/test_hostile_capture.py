"""Hostile calendars, mail and LinkedIn messages: whatever a capture file
holds, it is read or refused in one line naming the file, fast, and nothing
in it reaches the terminal as a control character."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.core.board import Board
from board.formats.capture import CaptureOptions
from board.formats.importing import ImportFileError, plan_import, read_import
from tests.unit.test_capture_ics import ADA, calendar, capture, event, names


@pytest.fixture
def board(config, frozen):
    b = Board(config.ladder)
    b.add_contact("Ada Lovelace", email="ada@engines.example")
    return b


def test_an_alarm_inside_a_recurring_event_is_no_reason_to_refuse_the_calendar(board,
                                                                                tmp_path):
    """Google puts a VALARM in most events it exports."""
    data = calendar(event("weekly-1", ":20260601T100000Z", ":20260601T103000Z",
                          "RRULE:FREQ=WEEKLY;COUNT=2", ADA,
                          "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT10M", "END:VALARM"))
    plan = capture(board, tmp_path, data)
    touches = sorted(plan.interactions.values(), key=lambda i: i.at)
    assert [i.at for i in touches] == [datetime(2026, 6, 1, 10, tzinfo=UTC),
                                       datetime(2026, 6, 8, 10, tzinfo=UTC)]
    assert all(names(board, i) == ["Ada Lovelace"] for i in touches)


@pytest.mark.parametrize("start", [";TZID=Asia/Tokyo:00010101T000000",  # year 0 in UTC
                                   ";TZID=America/New_York:99991231T235959"])  # year 10000
def test_a_start_that_is_out_of_range_in_utc_is_skipped_with_its_line(board, tmp_path, start):
    data = calendar(event("edge-1", start, "", ADA),
                    event("fine-1", ":20260601T100000Z", "", ADA))
    plan = capture(board, tmp_path, data)
    assert [i.source for i in plan.interactions.values()] == ["ics:fine-1"]
    assert [(s.where, s.reason.startswith("its DTSTART cannot be read"))
            for s in plan.skipped_interactions] == [("event 1 (line 21)", True)]


@pytest.mark.parametrize("start, rule", [
    (":20260101T100000Z", "RRULE:FREQ=SECONDLY"),  # no end: 28 million seconds up to now
    (":19700101T100000Z", "RRULE:FREQ=MINUTELY;COUNT=1000000000"),
    (":20260101T100000Z", "RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24)))
     + ";BYMINUTE=" + ",".join(map(str, range(60)))),  # every minute, daily
    (":00010101T100000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),  # never, from year 1
])
def test_a_series_that_repeats_too_often_is_skipped_at_once_and_the_rest_come_in(
        board, tmp_path, start, rule):
    data = calendar(event("hostile-1", start, "", rule, ADA),
                    event("weekly-1", ":19700105T100000Z", ":19700105T110000Z",
                          "RRULE:FREQ=WEEKLY", ADA))
    plan = capture(board, tmp_path, data)
    weeks = (datetime(2026, 11, 16, tzinfo=UTC) - datetime(1970, 1, 5, tzinfo=UTC)).days // 7 + 1
    assert {i.source.split("@")[0] for i in plan.interactions.values()} == {"ics:weekly-1"}
    assert len(plan.interactions) == weeks
    (skip,) = plan.skipped_interactions
    assert skip.where == "event 1 (line 21)" and "repeats too often" in skip.reason


def test_a_calendar_whose_series_together_repeat_too_often_is_refused_in_one_line(
        board, tmp_path):
    hours = "RRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(8)))  # 8 a day since 1970
    data = calendar(*(event(f"many-{n}", ":19700101T100000Z", "", hours, ADA)
                      for n in range(7)))
    with pytest.raises(ImportFileError) as refused:
        capture(board, tmp_path, data)
    line = str(refused.value)
    assert line.startswith(str(tmp_path / "calendar.ics")) and "\n" not in line
    assert "repeat too often" in line


# --- any bytes ----------------------------------------------------------------

_HEADS = {
    "calendar.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
                    b"DTSTART:20260101T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n",
    "mail.mbox": b"From a@b.example Thu Jan  1 00:00:00 2026\nFrom: A <a@b.example>\n",
    "messages.csv": b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                    b"RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n",
}
_LINES = {
    "calendar.ics": [
        b"BEGIN:VEVENT", b"END:VEVENT", b"BEGIN:VALARM", b"END:VALARM", b"END:VCALENDAR",
        b"DTSTART:00010101T000000", b"DTSTART;TZID=Asia/Tokyo:00010101T000000",
        b"DTSTART;TZID=Nowhere/Land:20260101T100000", b"DTSTART;VALUE=DATE:99991231",
        b"RRULE:FREQ=SECONDLY", b"RRULE:FREQ=DAILY;UNTIL=0", b"X-WR-TIMEZONE:Nowhere/Land",
        b"RECURRENCE-ID:20260108T100000Z", b"EXDATE:x", b"DURATION:P9999999999W",
        b'ATTENDEE;CN="[bold]\x1b[31m":mailto:x@y.example', b" folded", b"UID:x"],
    "mail.mbox": [
        b"Date: Mon, 01 Jan 0001 00:00:00 +0100", b"Date: Fri, 31 Dec 9999 23:59:59 -0100",
        b"Message-ID: <\x1b[2J@x>", b"From x Thu Jan  1 00:00:00 2026", b"To: =?x?q?y?=",
        b"Subject: =?utf-8?b?G1sySg==?=", b""],
    "messages.csv": [
        b"c1,t,Ada,,Me,,0001-01-01 00:00:00+01:00,s,hi,INBOX",
        b"c2,t,Ada,,Me,,9999-12-31 23:59:59-01:00,s,hi,INBOX",
        b'c3,"t,Ada', b"c4,t,\x1b[2JAda,,Me,,3/2/26, 2:05 PM,s,hi,INBOX"],
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(_HEADS)).flatmap(lambda name: st.tuples(st.just(name), st.lists(
    st.one_of(st.sampled_from(_LINES[name]), st.binary(max_size=40)), max_size=12))))
def test_any_bytes_after_a_capture_files_head_are_read_or_refused_in_one_line(
        tmp_path, config, case):
    name, body = case
    path = tmp_path / name
    path.write_bytes(_HEADS[name] + b"\r\n".join(body))
    try:
        parsed = read_import(path, capture=CaptureOptions())
    except ImportFileError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    else:
        board = Board(config.ladder)
        plan_import(board, parsed)


def test_a_calendar_zone_no_one_knows_is_the_local_time_for_a_series_too(board, tmp_path):
    """X-WR-TIMEZONE names a zone that does not exist: a single event's
    floating time was read as local time, and a series refused the file."""
    data = calendar(event("one-1", ":20260601T100000", "", ADA),
                    event("weekly-1", ":20260601T100000", "", "RRULE:FREQ=WEEKLY;COUNT=2", ADA),
                    head="X-WR-TIMEZONE:Nowhere/Land\n")
    plan = capture(board, tmp_path, data)
    at = sorted((i.at, i.source) for i in plan.interactions.values())
    assert [a for a, _ in at] == [at[0][0], at[0][0], at[0][0] + timedelta(days=7)]


def test_a_broken_time_zone_is_no_reason_to_refuse_a_calendar_with_a_series(board, tmp_path):
    """Its events' times are read as a single event's always were (a TZID no
    one knows: the local time), not the whole file refused."""
    broken = ("BEGIN:VTIMEZONE\nTZID:Office\nBEGIN:STANDARD\nDTSTART:garbage\n"
              "TZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n")
    data = calendar(event("one-1", ";TZID=Office:20260601T100000", "", ADA),
                    event("weekly-1", ";TZID=Office:20260601T100000", "",
                          "RRULE:FREQ=WEEKLY;COUNT=2", ADA), head=broken)
    plan = capture(board, tmp_path, data)
    at = sorted(i.at for i in plan.interactions.values())
    assert at == [at[0], at[0], at[0] + timedelta(days=7)]
