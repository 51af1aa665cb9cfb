"""One wording of relative times and durations, with its boundaries."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from board.core.board import now_utc
from board.core.relative import UNITS, ago, ago_short, duration, span

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
S, M, H, D = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


@pytest.mark.parametrize(("then", "long", "short"), [
    (None, "never", "never"),
    (NOW, "just now", "now"),
    (NOW - 59 * S, "just now", "now"),
    (NOW - 60 * S, "1 minute ago", "1min"),
    (NOW - (H - S), "59 minutes ago", "59min"),
    (NOW - H, "1 hour ago", "1h"),
    (NOW - (D - S), "23 hours ago", "23h"),
    (NOW - D, "1 day ago", "1d"),
    (NOW - 11 * D, "11 days ago", "11d"),
    (NOW - (14 * D - S), "13 days ago", "13d"),
    (NOW - 14 * D, "2 weeks ago", "2w"),
    (NOW - (21 * D - S), "2 weeks ago", "2w"),
    (NOW - 21 * D, "3 weeks ago", "3w"),
    (NOW - 30 * D, "4 weeks ago", "4w"),  # a month has not gone by: weeks
    # two calendar months: 2 Oct 12:00 to 2 Dec 12:00
    (datetime(2026, 10, 2, 12, 0, 1, tzinfo=UTC), "8 weeks ago", "8w"),
    (datetime(2026, 10, 2, 12, tzinfo=UTC), "2 months ago", "2mo"),
    (datetime(2026, 9, 2, 12, tzinfo=UTC), "3 months ago", "3mo"),
    (datetime(2025, 12, 2, 12, 0, 1, tzinfo=UTC), "11 months ago", "11mo"),
    (datetime(2025, 12, 2, 12, tzinfo=UTC), "1 year ago", "1y"),
    (datetime(2024, 12, 2, 12, tzinfo=UTC), "2 years ago", "2y"),
    (NOW + 3 * D, "in 3 days", "in 3d"),
    (NOW + 15 * D, "in 2 weeks", "in 2w"),
])
def test_ago_long_and_short_at_each_boundary(then, long, short):
    assert ago(then, NOW) == long
    assert ago_short(then, NOW) == short


def test_calendar_months_are_counted_in_the_later_moments_zone():
    paris = timezone(timedelta(hours=1))
    now = datetime(2026, 12, 2, 0, 30, tzinfo=paris)  # 1 Dec 23:30 in UTC
    assert ago(datetime(2026, 10, 2, 0, 30, tzinfo=paris), now) == "2 months ago"
    assert ago(datetime(2026, 10, 1, 23, 30, tzinfo=UTC), now) == "2 months ago"


def test_a_duration_is_worded_as_a_time_ago_is():
    """"in this rung for 2 weeks" beside "2 weeks ago": the same thresholds."""
    for back in (5 * M, 3 * H, 11 * D, 20 * D, 75 * D, 400 * D):
        start = NOW - back
        assert ago(start, NOW) == f"{duration(start, NOW)} ago"
    assert duration(NOW - 30 * S, NOW) == "under a minute"


def test_least_unit_rounds_a_short_span_up_to_one():
    assert span(NOW - 3 * H, NOW, least="day").long == "1 day"
    assert span(NOW - 12 * D, NOW, least="day").short == "12d"
    assert span(NOW - 40 * D, NOW, least="day").long == "5 weeks"


def _rank(s):
    return (UNITS.index(s.unit), s.count)


@given(st.integers(0, 3000 * 86400), st.integers(0, 3000 * 86400))
def test_further_back_never_reads_as_less(a, b):
    """No "4 weeks ago" after a "1 month ago" that is further back: the
    unit and count only grow as a moment moves into the past."""
    near, far = sorted((a, b))
    assert _rank(span(NOW - timedelta(seconds=far), NOW)) >= _rank(
        span(NOW - timedelta(seconds=near), NOW))


def test_with_the_clock_frozen_the_board_clock_words_the_same():
    with time_machine.travel(NOW + 59 * S, tick=False):
        assert ago(NOW, now_utc()) == "just now"
    with time_machine.travel(NOW + 14 * D, tick=False):
        assert ago(NOW, now_utc()) == "2 weeks ago"
        assert ago_short(NOW, now_utc()) == "2w"
    with time_machine.travel(datetime(2027, 2, 2, 12, tzinfo=UTC), tick=False):
        assert ago(NOW, now_utc()) == "2 months ago"
