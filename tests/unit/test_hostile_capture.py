"""Hostile calendars, mail and LinkedIn messages: whatever a capture file
holds, it is read or refused in one line naming the file, fast, and nothing
in it reaches the terminal as a control character."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from board.core.board import Board
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
