from datetime import UTC, datetime, timedelta

import pytest

from board.core.when import WhenError, describe, parse_when

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # a Friday
TZ = "UTC"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", NOW),
        ("now", NOW),
        ("today", NOW),
        ("yesterday", NOW - timedelta(days=1)),
        ("3 days ago", NOW - timedelta(days=3)),
        ("a week ago", NOW - timedelta(weeks=1)),
        ("2 hours ago", NOW - timedelta(hours=2)),
        ("last friday", NOW - timedelta(days=7)),
        ("last thursday", NOW - timedelta(days=1)),
        ("monday", NOW - timedelta(days=4)),
        ("2026-11-02", datetime(2026, 11, 2, 12, 0, tzinfo=UTC)),
        ("2026-11-02 14:30", datetime(2026, 11, 2, 14, 30, tzinfo=UTC)),
        ("  Yesterday ", NOW - timedelta(days=1)),
    ],
)
def test_parse_when(text, expected):
    assert parse_when(text, NOW, TZ) == expected


def test_local_time_is_converted_to_utc():
    assert parse_when("2026-11-02 14:30", NOW, "Europe/Oslo") == datetime(
        2026, 11, 2, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["soonish", "2026-13-45", "next week", "2027-05-01"])
def test_unreadable_or_future_dates_say_so(text):
    with pytest.raises(WhenError):
        parse_when(text, NOW, TZ)


def test_describe_reads_back():
    assert describe(NOW, TZ) == "Fri 20 Nov 2026, 15:30"
