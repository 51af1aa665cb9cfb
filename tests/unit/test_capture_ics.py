"""iCalendar files → touches: recurrences with exceptions, time zones,
all-day events, folded lines, CRLF, what is skipped and why, re-import."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from board.core.board import Board
from board.formats.capture import CaptureOptions
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import

LISBON_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Lisbon
BEGIN:STANDARD
DTSTART:19701025T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T010000
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
"""


def calendar(*events: str, head: str = "") -> bytes:
    """A Google-style export: CRLF line ends, a VTIMEZONE, a BOM."""
    body = ("BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\n"
            "VERSION:2.0\nCALSCALE:GREGORIAN\nMETHOD:PUBLISH\n" + head + LISBON_TZ
            + "".join(events) + "END:VCALENDAR\n")
    return ("\ufeff" + body.replace("\n", "\r\n")).encode("utf-8")


def event(uid: str, start: str, end: str = "", *lines: str) -> str:
    out = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART{start}"]
    if end:
        out.append(f"DTEND{end}")
    out += lines
    out.append("END:VEVENT")
    return "\n".join(out) + "\n"


ME = "ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@home.example"
ADA = "ATTENDEE;CN=Ada Lovelace;PARTSTAT=ACCEPTED:mailto:ADA@Engines.example"
GRACE = "ATTENDEE;CN=Grace Hopper;PARTSTAT=ACCEPTED:mailto:grace@navy.example"


@pytest.fixture
def board(config, frozen):
    b = Board(config.ladder)
    b.add_contact("Ada Lovelace", email="ada@engines.example")
    # Grace's address is an extra email: handle
    b.add_contact("Grace Hopper", email="grace@hopper.example",
                  handles=["email:Grace@Navy.example"])
    return b


def names(board: Board, interaction) -> list[str]:
    return sorted(board.contacts[p].name for p in interaction.people)


def capture(board, tmp_path, data: bytes, **options):
    path = tmp_path / "calendar.ics"
    path.write_bytes(data)
    parsed = read_import(path, capture=CaptureOptions(me_emails=("me@home.example",),
                                                      **options))
    return plan_import(board, parsed)


def test_a_weekly_series_with_an_exdate_and_a_moved_occurrence(board, tmp_path):
    data = calendar(
        event("weekly-1", ";TZID=Europe/Lisbon:20260601T100000",
              ";TZID=Europe/Lisbon:20260601T103000",
              "RRULE:FREQ=WEEKLY;COUNT=4",
              "EXDATE;TZID=Europe/Lisbon:20260608T100000",
              "SUMMARY:Weekly sync with Ada and a summary long enough that Google fo",
              " lds it onto a second line",
              "ORGANIZER;CN=Me:mailto:me@home.example", ME, ADA),
        event("weekly-1", ";TZID=Europe/Lisbon:20260616T150000",
              ";TZID=Europe/Lisbon:20260616T160000",
              "RECURRENCE-ID;TZID=Europe/Lisbon:20260615T100000",
              "SUMMARY:Weekly sync (moved)", "ORGANIZER;CN=Me:mailto:me@home.example",
              ME, ADA),
    )
    plan = capture(board, tmp_path, data)
    touches = sorted(plan.interactions.values(), key=lambda i: i.at)
    # four weeks, one left out by EXDATE, one moved: three touches
    assert [i.at for i in touches] == [
        datetime(2026, 6, 1, 9, 0, tzinfo=UTC),  # 10:00 in Lisbon, summer time
        datetime(2026, 6, 16, 14, 0, tzinfo=UTC),  # the moved one
        datetime(2026, 6, 22, 9, 0, tzinfo=UTC),
    ]
    assert [i.duration_min for i in touches] == [30, 60, 30]
    assert touches[0].title == ("Weekly sync with Ada and a summary long enough that "
                                "Google folds it onto a second line")
    assert touches[1].title == "Weekly sync (moved)"
    assert all(names(board, i) == ["Ada Lovelace"] for i in touches)
    assert all(i.kind == "meeting" for i in touches)
    # the moved one keeps the key of the occurrence it replaces
    assert touches[1].source == "ics:weekly-1@20260615T090000Z"
    assert len({i.source for i in touches}) == 3
    assert plan.summary().startswith("3 touches (meeting in person: 3) with 1 person")


def test_time_zones_all_day_and_x_wr_timezone(board, tmp_path):
    data = calendar(
        event("utc-1", ":20260301T120000Z", ":20260301T124500Z", "SUMMARY:UTC", ADA),
        event("ny-1", ";TZID=America/New_York:20260301T090000",
              ";TZID=America/New_York:20260301T100000", "SUMMARY:New York", ADA),
        event("floating-1", ":20260302T090000", ":20260302T100000", "SUMMARY:Floating",
              ADA),
        event("allday-1", ";VALUE=DATE:20260303", ";VALUE=DATE:20260304",
              "SUMMARY:Offsite", ADA),
        head="X-WR-TIMEZONE:Asia/Tokyo\n",
    )
    plan = capture(board, tmp_path, data)
    by_title = {i.title: i for i in plan.interactions.values()}
    assert by_title["UTC"].at == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert by_title["UTC"].duration_min == 45
    assert by_title["New York"].at == datetime(2026, 3, 1, 14, tzinfo=UTC)
    assert by_title["Floating"].at == datetime(2026, 3, 2, 0, tzinfo=UTC)  # 9:00 in Tokyo
    assert by_title["Offsite"].at == datetime(2026, 3, 3, 12, tzinfo=UTC)
    assert by_title["Offsite"].duration_min is None


def test_what_is_skipped_and_why(board, tmp_path):
    crowd = [f"ATTENDEE:mailto:p{n}@crowd.example" for n in range(25)]
    data = calendar(
        event("future-1", ":20270101T100000Z", "", "SUMMARY:Next year", ADA),
        event("cancel-1", ":20260101T100000Z", "", "STATUS:CANCELLED", ADA),
        event("declined-me", ":20260102T100000Z", "",
              "ATTENDEE;PARTSTAT=DECLINED:mailto:me@home.example", ADA),
        event("declined-ada", ":20260103T100000Z", "", ME,
              "ATTENDEE;CN=Ada;PARTSTAT=DECLINED:mailto:ada@engines.example", GRACE),
        event("nobody", ":20260104T100000Z", "", ME,
              "ATTENDEE;CN=Stranger:mailto:who@else.example"),
        event("crowd", ":20260105T100000Z", "", ADA, *crowd),
        event("bad", ":notatime", "", ADA),
        event("room", ":20260106T100000Z", "", ADA,
              "ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@resource.example"),
    )
    plan = capture(board, tmp_path, data)
    reasons = {s.reason for s in plan.skipped_interactions}
    assert {"in the future", "cancelled", "you declined it", "no one on your board",
            "more than 20 people (capture.max_attendees)"} <= reasons
    assert any("DTSTART" in r for r in reasons)
    [bad] = [s for s in plan.skipped_interactions if "DTSTART" in s.reason]
    assert "line" in bad.where
    touches = {i.source: i for i in plan.interactions.values()}
    # Ada declined: the touch is with Grace only; the room is not a person
    assert names(board, touches["ics:declined-ada"]) == ["Grace Hopper"]
    assert names(board, touches["ics:room"]) == ["Ada Lovelace"]
    assert set(touches) == {"ics:declined-ada", "ics:room"}
    assert "1 event with 1 person not on your board" in plan.summary()


def test_a_video_link_and_no_place_is_a_call(board, tmp_path):
    data = calendar(
        event("zoom", ":20260201T100000Z", ":20260201T103000Z",
              "LOCATION:https://us02web.zoom.us/j/123456", ADA),
        event("meet", ":20260202T100000Z", "", "X-GOOGLE-CONFERENCE:https://meet.google.c"
              "om/abc-defg-hij", ADA),
        event("cafe", ":20260203T100000Z", "", "LOCATION:Café A Brasileira\\, Lisboa",
              "DESCRIPTION:Join: https://meet.google.com/abc", ADA),
    )
    plan = capture(board, tmp_path, data)
    touches = {i.source: i for i in plan.interactions.values()}
    assert touches["ics:zoom"].kind == "call"
    assert touches["ics:zoom"].place == ""
    assert touches["ics:meet"].kind == "call"
    assert touches["ics:cafe"].kind == "meeting"
    assert touches["ics:cafe"].place == "Café A Brasileira, Lisboa"


def test_re_import_adds_nothing_and_hand_logged_touches_are_not_doubled(board, tmp_path):
    ada = next(c.id for c in board.contacts.values() if c.name == "Ada Lovelace")
    board.log("coffee", [ada], at=datetime(2026, 2, 3, 10, 20, tzinfo=UTC))
    data = calendar(
        event("cafe", ":20260203T100000Z", "", "LOCATION:Café", ADA),
        event("later", ":20260210T100000Z", "", "LOCATION:Café", ADA),
    )
    plan = capture(board, tmp_path, data)
    assert [i.source for i in plan.interactions.values()] == ["ics:later"]
    assert [s.reason for s in plan.skipped_interactions] == [
        "already logged by hand within the hour"]
    apply_plan(board, plan)
    again = capture(board, tmp_path, data)
    assert not again.interactions
    assert {s.reason for s in again.skipped_interactions} == {
        "already imported", "already logged by hand within the hour"}


def test_description_is_kept_only_with_content(board, tmp_path):
    data = calendar(event("d", ":20260203T100000Z", "", "DESCRIPTION:" + "x" * 900, ADA))
    [plain] = capture(board, tmp_path, data).interactions.values()
    assert plain.notes == ""
    [kept] = capture(board, tmp_path, data, with_content=True).interactions.values()
    assert kept.notes == "x" * 500


def test_since_limits_the_file(board, tmp_path):
    data = calendar(
        event("old", ":20200203T100000Z", "", ADA),
        event("new", ":20260203T100000Z", "", ADA),
        event("series", ":20200101T100000Z", "", "RRULE:FREQ=YEARLY", ADA),
    )
    plan = capture(board, tmp_path, data, since=datetime(2025, 1, 1, tzinfo=UTC))
    assert sorted(i.source for i in plan.interactions.values()) == [
        "ics:new", "ics:series@20250101T100000Z", "ics:series@20260101T100000Z"]


@pytest.mark.parametrize("data, where", [
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis is not a content line\r\n"
     b"END:VEVENT\r\nEND:VCALENDAR\r\n", "line 3"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:cut\r\n", "line 2"),
    (b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\n", "line 2"),
    (b"hello\r\n", "line 1"),
])
def test_a_file_that_cannot_be_read_is_refused_whole(board, tmp_path, data, where):
    path = tmp_path / "bad.ics"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as exc:
        read_import(path)
    message = str(exc.value)
    assert message.startswith(f"{path}, {where}: ")
    assert "\n" not in message


def test_a_captured_touch_ends_a_snooze_as_one_logged_by_hand_does(board, tmp_path):
    ada, grace = (next(c.id for c in board.contacts.values() if c.name == name)
                  for name in ("Ada Lovelace", "Grace Hopper"))
    board.snooze(ada, datetime(2026, 12, 24, tzinfo=UTC))
    board.snooze(grace, datetime(2026, 12, 24, tzinfo=UTC))
    board.log("call", [grace], at=datetime(2026, 11, 19, tzinfo=UTC))  # newer than the event
    board.snooze(grace, datetime(2026, 12, 24, tzinfo=UTC))
    data = calendar(event("e", ":20261110T100000Z", "", ADA, GRACE))
    plan = capture(board, tmp_path, data)
    apply_plan(board, plan)
    assert board.contacts[ada].snoozed_until is None
    assert board.contacts[grace].snoozed_until == datetime(2026, 12, 24, tzinfo=UTC)
