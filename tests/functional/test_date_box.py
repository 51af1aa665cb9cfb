"""The When box of the log forms at 80x24: read as typed, shown back, saved as read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from rich.color import Color

from board.ui.screens.board import BoardScreen
from board.ui.screens.log_form import LogForm
from tests.conftest import NOW
from tests.functional.test_logging import type_text

SMALL = (80, 24)
ZONE = "America/New_York"  # NOW is Friday 20 Nov 2026, 10:30 there (EST, UTC-5)


def colours(widget) -> set[str]:
    """The foreground colours of what ``widget`` shows (blank cells aside)."""
    found = set()
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            if segment.text.strip() and segment.style and segment.style.color:
                found.add(segment.style.color.get_truecolor().hex.upper())
    return found


def theme_colour(app, name: str) -> str:
    return Color.parse(app.get_css_variables()[name]).get_truecolor().hex.upper()


def on_the_call_rung(board, name):
    person = board.add_contact(name)
    for _ in range(3):
        board.promote(person.id)  # on "call": logging a call offers no promotion
    return person


async def test_yesterday_3pm_is_shown_then_stored_as_15_00_yesterday(open_app, frozen):
    app, session = open_app()
    app.timezone = ZONE
    ada = on_the_call_rung(session.board, "Ada")
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("c")
        assert isinstance(app.screen, LogForm) and app.focused.id == "when"
        await type_text(pilot, "yesterday 3pm")
        read = app.screen.query_one("#when-read")
        assert "Thu 19 Nov 2026, 15:00" in str(read.render())
        assert theme_colour(app, "text-success") in colours(read)
        assert theme_colour(app, "text-error") not in colours(read)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    (call,) = session.board.timeline(ada.id)
    local = call.at.astimezone(ZoneInfo(ZONE))
    yesterday = NOW.astimezone(ZoneInfo(ZONE)).date() - timedelta(days=1)
    assert (local.date(), local.hour, local.minute) == (yesterday, 15, 0)
    assert call.at == datetime(2026, 11, 19, 20, 0, tzinfo=UTC)


async def test_a_word_not_understood_is_named_in_the_error_colour_and_not_saved(
        open_app, frozen):
    app, session = open_app()
    app.timezone = ZONE
    ada = on_the_call_rung(session.board, "Ada")
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("c")
        await type_text(pilot, "9am pizza")
        read = app.screen.query_one("#when-read")
        assert "'pizza'" in str(read.render()) and "'9am'" in str(read.render())
        assert theme_colour(app, "text-error") in colours(read)
        assert theme_colour(app, "text-success") not in colours(read)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, LogForm)  # Save refused
        assert app.focused.id == "when"
        await pilot.press(*["backspace"] * len(" pizza"))
        assert "Fri 20 Nov 2026, 09:00" in str(read.render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    (call,) = session.board.timeline(ada.id)
    assert call.at == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


async def test_a_time_later_today_is_refused_with_the_way_to_say_it(open_app, frozen):
    app, session = open_app()
    app.timezone = ZONE
    ada = on_the_call_rung(session.board, "Ada")
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("c")
        await type_text(pilot, "3pm")
        assert "say 'yesterday 3pm'" in str(app.screen.query_one("#when-read").render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, LogForm)
    assert not session.board.timeline(ada.id)


async def test_date_order_from_the_config_reads_numeric_dates(open_app, frozen, config):
    config.date_order = "mdy"
    app, session = open_app(cfg=config)
    app.timezone = ZONE
    ada = on_the_call_rung(session.board, "Ada")
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("c")
        await type_text(pilot, "02/11/2026")
        shown = str(app.screen.query_one("#when-read").render())
        assert "Wed 11 Feb 2026, 12:00" in shown and "month-first: date_order" in shown
