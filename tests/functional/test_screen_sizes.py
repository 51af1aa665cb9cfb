"""Every form, dialog and screen fits terminals from 80x24 up (issue 16, 1).

What is checked is what a user sees: a widget counts as shown when it is
the one drawn at its place on the screen (``Screen.get_widget_at``), so a
field scrolled out of its form or a hint pushed below the screen's edge
fails."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.backup import ExportScreen, ImportScreen
from board.ui.screens.contact import ContactScreen
from board.ui.screens.help import HelpScreen
from board.ui.screens.insights import PeopleList
from board.ui.screens.notes_viewer import NotesEditor
from board.ui.screens.unsaved import UnsavedScreen
from board.ui.widgets.timeline import TimelineList
from tests.functional.test_insights_screen import wait_for_insights

SIZES = [(80, 24), (100, 30), (120, 36), (160, 48)]


@pytest.fixture
def demo_app(config, frozen):
    session = Session.open_demo(config)
    yield BoardApp(session)
    session.close()


def shown(widget) -> bool:
    """The widget is drawn on the screen, in full (its corners are its own)."""
    screen = widget.screen
    region = widget.region
    if not region or not screen.region.contains_region(region):
        return False
    corners = [(region.x, region.y), (region.right - 1, region.bottom - 1)]
    for x, y in corners:
        try:
            under, _ = screen.get_widget_at(x, y)
        except Exception:
            return False
        if under is not widget and widget not in under.ancestors:
            return False
    return True


def _push(screen_factory):
    async def open_(pilot):
        pilot.app.push_screen(screen_factory(pilot.app))
        await pilot.pause()
    return open_


def _keys(*keys):
    async def open_(pilot):
        await pilot.press(*keys)
    return open_


FORMS = {
    "add": _keys("a"),
    "edit": _keys("e"),
    "call": _keys("c"),
    "coffee": _keys("m"),
    "touch": _keys("t"),
    "intro": _keys("i"),
    "snooze": _keys("right", "z"),  # Engaged: a rung with a cadence
    "archive": _keys("d"),
    "export": _push(lambda app: ExportScreen(app.session)),
    "import": _push(lambda app: ImportScreen(app.session)),
    "unsaved": _push(lambda app: UnsavedScreen(
        app.session, "Could not save /somewhere/board.json: no space left on the device "
                     "(free some space, then retry).")),
    "notes": _push(lambda app: NotesEditor("what matters " * 5000, "What matters to them")),
}
HINTS = {"snooze": "#hint", "notes": "#notes-title"}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("form", list(FORMS))
async def test_form_fits_and_its_hint_stays_in_view(demo_app, size, form):
    async with demo_app.run_test(size=size) as pilot:
        await pilot.pause()
        await FORMS[form](pilot)
        await pilot.pause(0.1)
        screen = pilot.app.screen
        hint = screen.query_one(HINTS.get(form, "#hint"))
        assert shown(hint), f"{form} at {size}: its hint is off the screen"
        buttons = list(screen.query(Button).results())
        assert all(shown(b) for b in buttons if b.display and b.parent.id == "buttons")
        # Tab to the last field before the buttons: it is scrolled into view
        # and the hint is still there.
        for _ in range(40):
            await pilot.press("tab")
            await pilot.pause()
            focused = screen.focused
            if isinstance(focused, Button) and focused.parent.id == "buttons":
                await pilot.press("shift+tab")
                await pilot.pause()
                break
        await pilot.pause(0.1)
        focused = screen.focused
        if focused is not None and not isinstance(focused, Button):
            assert shown(focused), f"{form} at {size}: {focused} is not in view"
        assert shown(hint)


async def test_a_long_error_wraps_under_its_field(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "Z", "e", "d", "tab", "tab", "tab", "tab")
        await pilot.press(*"not-an-email-address-at-all-not-even-close")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        error = pilot.app.screen.query_one("#email-error")
        text = str(error.render())
        assert text, "no error shown"
        # all of it is drawn, inside its column: it wraps rather than running off
        assert error.parent.region.contains_region(error.region)
        assert shown(error)
        assert error.region.width * error.region.height >= len(text)


LONG_WHEN = "2 fortnights and a bit ago, maybe last friday, 2026-13-45"


@pytest.mark.parametrize("key", ["c", "m", "t", "i"])
async def test_a_long_when_problem_wraps_beside_the_field_in_every_log_form(demo_app, key):
    """What the When box did not understand is said in full at 80x24, on
    as many lines as it takes, and so is the line under the form after a
    refused save."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause(0.1)
        screen = pilot.app.screen
        screen.query_one("#when").focus()
        await pilot.press(*LONG_WHEN, "ctrl+s")
        await pilot.pause(0.1)
        for ident in ("#when-read", "#when-error"):
            line = screen.query_one(ident)
            text = str(line.render()).strip()
            assert text, f"{ident}: nothing said"
            assert line.parent.region.contains_region(line.region)
            assert line.region.width * line.region.height >= len(text)
        read = screen.query_one("#when-read")
        assert read.region.height > 1  # a long reading wraps, it is not cut
        for _ in range(3):  # the form scrolls to show it
            if shown(read):
                break
            await pilot.press("shift+tab", "tab")
            await pilot.pause()
        assert shown(read)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_contact_screen_gives_the_timeline_room(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await pilot.press("right", "right", "right", "right", "enter")  # Yusuf Demir
        await pilot.pause(0.1)
        screen = pilot.app.screen
        assert isinstance(screen, ContactScreen)
        timeline = screen.query_one(TimelineList)
        assert timeline.region.width >= 60
        assert timeline.region.height >= 5
        if size[0] < 100:
            assert timeline.region.width >= size[0] - 4  # stacked: the full width


async def test_contact_screen_indents_wrapped_values(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "right", "right", "enter")
        await pilot.pause(0.1)
        side = pilot.app.screen.query_one("#side")
        lines = [strip.text for strip in side.render_lines(side.content_region.reset_offset)]
        at = next(n for n, line in enumerate(lines) if line.startswith("How we met"))
        value_column = lines[at].index("We met")
        follow = lines[at + 1]
        assert follow[:value_column].strip() == ""  # wrapped under the value
        assert follow[value_column:].strip()


async def test_insights_table_does_not_wrap_at_80x24(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        ins = await wait_for_insights(pilot)
        await pilot.pause(0.1)
        funnel = pilot.app.screen.query_one("#funnel")
        # one line for the header, one for each rung, one saying what the
        # median is: none wrapped
        assert funnel.region.height == len(ins.funnel) + 2
        assert funnel.region.width >= 60


async def test_moving_in_a_list_brings_it_into_view(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await wait_for_insights(pilot)
        await pilot.pause(0.1)
        screen = pilot.app.screen
        assert screen.query_one("#insights-body").scroll_y == 0  # opens at the top
        focused = screen.focused
        assert isinstance(focused, PeopleList) and not shown(focused)
        await pilot.press("down")
        await pilot.pause(0.1)
        assert shown(focused)


async def test_insights_use_a_big_screen(demo_app):
    async with demo_app.run_test(size=(220, 60)) as pilot:
        await pilot.press("I")
        await wait_for_insights(pilot)
        await pilot.pause(0.1)
        screen = pilot.app.screen
        for lst in screen.query(PeopleList).results():
            assert lst.max_scroll_y == 0, f"{lst.id} scrolls on a 220x60 screen"
        assert screen.query_one("#insights-body").max_scroll_y == 0


OPEN_FROM = {
    "board": (),
    "person": ("right", "right", "right", "right", "enter"),
    "insights": ("I",),
}


@pytest.mark.parametrize("where", list(OPEN_FROM))
async def test_help_opens_everywhere_and_scrolls_to_its_end(demo_app, where):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*OPEN_FROM[where])
        if where == "insights":
            await wait_for_insights(pilot)
        await pilot.pause(0.1)
        under = pilot.app.screen
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.query_one("HelpBody")
        keys = {k for _, k, _ in help_screen.rows}
        # the keys of the screen it was opened from
        texts = {t for _, _, t in help_screen.rows}
        assert "?" in keys
        if where == "person":
            assert "delete the entry under the cursor (asks first)" in texts
            assert "promote one rung up the ladder" in texts
        if where == "insights":
            assert "next period: 30 / 90 / 365 days" in texts
            assert "promote one rung up the ladder" not in texts
        if where != "insights":  # insights has few keys: they fit
            assert body.max_scroll_y > 0, "at 80x24 the list is longer than the screen"
        await pilot.press("end")
        await pilot.pause(0.1)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        await pilot.pause(0.1)
        assert body.scroll_y == 0
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause(0.1)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g", "j")
        await pilot.pause(0.1)
        assert body.scroll_y == min(1, body.max_scroll_y)
        assert shown(help_screen.query_one("#help-hint"))
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is under


def test_hanging_lines_wrap_under_their_value():
    from textual.content import Content

    from board.ui.widgets.hanging import Hanging

    story = "we met in a discussion about invoice tooling and moved to email"
    lines = Hanging([(Content("How we met"), Content(story)), Content("a line of its own")])
    wrapped = lines.layout(40).plain.split("\n")
    assert wrapped[0].startswith("How we met    we met")
    assert all(line.startswith(" " * 14) and line[14] != " " for line in wrapped[1:-1])
    assert " ".join(w.strip() for w in wrapped[:-1]).removeprefix("How we met").split() \
        == story.split()
    assert wrapped[-1] == "a line of its own"
    assert max(len(line) for line in wrapped) <= 40
    # too narrow for an indent: the value follows its label
    narrow = lines.layout(20).plain.split("\n")
    assert narrow[0].startswith("How we met we met")
    assert max(len(line) for line in narrow) <= 20
