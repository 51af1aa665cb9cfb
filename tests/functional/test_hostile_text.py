"""Names with terminal escapes, C1 controls, bidi overrides and markup, through
every notice, dialog and form the app shows: what is drawn holds no control
character and shows the markup literally."""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input

from board.config import load_config
from board.core.text import safe
from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from board.ui.screens.confirm import Confirm
from board.ui.screens.contact import ContactScreen
from board.ui.screens.contact_form import ContactForm
from board.ui.screens.log_form import IntroForm, LogForm
from board.ui.screens.snooze import SnoozeForm
from tests.functional.conftest import SIZE
from tests.functional.test_journeys import type_text

#: What must never be drawn from data: C0 but the line feed (the SVG's own),
#: DEL, C1, bidi embeddings/overrides/isolates.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

NAME = "\x1b]2;PWN\x07[b]Eve[/]\x9b7m\u202e"  # OSC title, markup, C1 CSI, bidi override
SHOWN = safe(NAME)  # ␛]2;PWN␇[b]Eve[/]�7m


async def drawn(pilot, app, *expected: str) -> None:
    """The screen as drawn, toasts included, holds nothing a terminal would
    obey, and shows each of ``expected`` literally: on one line of the
    screen, or in a toast (which wraps its text)."""
    await pilot.pause()
    svg = app.export_screenshot()
    assert not OBEYED.findall(svg), OBEYED.findall(svg)
    screen = html.unescape(svg).replace("\xa0", " ")
    toasts = [toast.render().plain for toast in app.screen.query("Toast")]
    for part in expected:
        assert part in screen or any(part in t for t in toasts), f"{part!r} is not shown"


async def press(pilot, app, *keys: str) -> None:
    """Press keys after clearing the toasts, so what is asserted next is new."""
    app.clear_notifications()
    await pilot.press(*keys)


async def test_every_notice_and_dialog_shows_a_hostile_name_as_text(open_app, frozen):
    app, session = open_app()
    board = session.board
    eve = board.add_contact(NAME)
    board.add_contact("Bea")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.focus_card(eve.id)
        await drawn(pilot, app, SHOWN)  # the card

        await press(pilot, app, "left_square_bracket")  # already on the first rung
        await drawn(pilot, app, f"{SHOWN} is already on the first rung")
        await press(pilot, app, "right_square_bracket", "u")  # promote, undo it
        await drawn(pilot, app, f"Undo promote {SHOWN}")
        await press(pilot, app, "right_square_bracket")  # engaged: a cadence to snooze

        await press(pilot, app, "s")
        await drawn(pilot, app, f"{SHOWN} is now marked as an advocate")
        await press(pilot, app, "s")
        await drawn(pilot, app, f"{SHOWN} is no longer an advocate")

        await press(pilot, app, "z")
        assert isinstance(app.screen, SnoozeForm)
        await drawn(pilot, app, f"Snooze {SHOWN}")
        await press(pilot, app, "enter")
        await drawn(pilot, app, f"{SHOWN} snoozed until")

        await press(pilot, app, "c")
        assert isinstance(app.screen, LogForm)
        await press(pilot, app, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)  # a call is deeper than engaged: offered
        await drawn(pilot, app, f"Logged call with {SHOWN}.", f"{SHOWN}: Engaged")

        await press(pilot, app, "i")
        assert isinstance(app.screen, IntroForm)
        await drawn(pilot, app, f"I introduced {SHOWN} to someone")
        await press(pilot, app, "escape")

        await press(pilot, app, "e")
        assert isinstance(app.screen, ContactForm)
        await drawn(pilot, app, f"Edit {SHOWN}")  # the title and the name field
        await press(pilot, app, "escape")

        await press(pilot, app, "ctrl+p")
        await type_text(pilot, "eve")
        await pilot.pause(0.3)
        await drawn(pilot, app, "␛]2;PWN␇[b]")  # go to contact ("Eve" is highlighted)
        await press(pilot, app, "escape")

        await press(pilot, app, "enter")
        assert isinstance(app.screen, ContactScreen)
        await drawn(pilot, app, SHOWN)
        await press(pilot, app, "right_square_bracket")
        await drawn(pilot, app, f"{SHOWN} is now on Conversation.")
        await press(pilot, app, "s")
        await drawn(pilot, app, f"{SHOWN} is now an advocate.")
        await press(pilot, app, "x")
        assert isinstance(app.screen, Confirm)
        await drawn(pilot, app, "Delete this call")
        await press(pilot, app, "n")
        await press(pilot, app, "escape")

        await press(pilot, app, "I")
        await pilot.pause(0.3)  # computed in a thread
        await drawn(pilot, app, SHOWN)  # among the advocates
        await press(pilot, app, "escape")

        await press(pilot, app, "d")
        assert isinstance(app.screen, Confirm)
        await drawn(pilot, app, f"Archive {SHOWN}?")
        await press(pilot, app, "y")
        await drawn(pilot, app, f"Archived {SHOWN}.")

        await press(pilot, app, "a")
        await type_text(pilot, "[bold]Zed[/]")
        await press(pilot, app, "enter")
        assert isinstance(app.screen, BoardScreen)
        await drawn(pilot, app, "Added [bold]Zed[/].")


async def test_any_toast_shows_its_message_and_title_as_text(open_app):
    """Every toast, from the app or any screen (one added later too), goes
    through the app's notify, which shows data as text."""
    app, _ = open_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify(f"app: {NAME}", title=f"T{NAME}")
        app.screen.notify(f"screen: {NAME}\nsecond line", markup=True)
        await drawn(pilot, app, f"app: {SHOWN}", f"T{SHOWN}", f"screen: {SHOWN}", "second line")


async def test_labels_keys_and_the_path_from_outside_are_shown_as_text(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text('ladder:\n  - {key: lead, label: "\\e]2;PWNED\\aLead[b]"}\n'
                   '  - {key: client, label: "\\u009b7mClient", cadence_days: 7}\n'
                   'keymap: {add: "\\e[7ma"}\n',
                   encoding="utf-8")
    db = tmp_path / "\x1b[7mboard.json"
    session = Session.open(db, load_config(cfg))
    try:
        ada = session.board.add_contact("Ada")
        app = BoardApp(session)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await drawn(pilot, app, "␛]2;PWNED␇Lead[b]", "\ufffd7mClient", "␛[7mboard.json")
            await press(pilot, app, "right_square_bracket", "right_square_bracket")
            await drawn(pilot, app, "already on the top rung (\ufffd7mClient)")
            await press(pilot, app, "enter")
            await drawn(pilot, app, "\ufffd7mClient")
            assert session.board.contacts[ada.id].rung == "client"
            await press(pilot, app, "escape", "question_mark")
            await drawn(pilot, app, "␛[7ma")  # the keymap's key, in the key bar and the help
    finally:
        session.close()


async def test_an_error_quoting_what_was_typed_shows_it_as_text(open_app):
    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        app.screen.query_one("#when", Input).value = "[bold]soon[/]"
        await pilot.press("ctrl+s")
        await drawn(pilot, app, "'[bold]soon[/]'")  # "Can't read … as a date"


async def test_pasted_escapes_are_shown_as_text_and_saved_as_shown(open_app):
    app, session = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        app.post_message(events.Paste(NAME))  # as a terminal sends a bracketed paste
        await drawn(pilot, app, SHOWN)
        await pilot.press("enter")
        await pilot.press("slash")
        app.post_message(events.Paste("\x1b[2J[b]"))  # into the filter box
        await drawn(pilot, app, "␛[2J[b]")
    assert [c.name for c in session.board.contacts.values()] == [SHOWN]


PIECES = ["\x1b]2;PWNED\x07", "\x1b[2J", "\x1b[7m", "\x9b31m", "\x9d0;t\x9c", "\x85", "\x07",
          "\x08", "\r", "\x00", "\x7f", "\u202e", "\u2066", "[bold]", "[/]", "[link=x]"]
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=3)),
                   min_size=1, max_size=6).map("".join).filter(lambda s: s.split())


async def _screens_with(name: str, notes: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        session = Session.open(Path(tmp) / "b.json", load_config(use_user_file=False))
        try:
            c = session.board.add_contact(name, notes=notes, company=notes[:40])
            session.board.log("call", [c.id], notes=notes)
            app = BoardApp(session)
            async with app.run_test(size=(80, 24), notifications=True) as pilot:
                await drawn(pilot, app)
                for keys in (("s",), ("d",), ("n", "enter"), ("e",)):
                    await press(pilot, app, *keys)
                    await drawn(pilot, app)
        finally:
            session.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile, notes=hostile)
def test_random_controls_never_reach_the_screen(name, notes):
    """The board, a toast, the archive question, a person's screen and the
    edit form, for random names and notes full of controls and markup."""
    asyncio.run(_screens_with(name, notes))
