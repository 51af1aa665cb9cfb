"""The key bar: the screen's keys on one line, clickable, remappable."""

from __future__ import annotations

import pytest

from board.ui.screens.contact import ContactScreen
from board.ui.screens.contact_form import ContactForm
from board.ui.widgets.key_bar import KeyBar
from tests.functional.conftest import SIZE


def someone_on(opened):
    """The app and session, with one person on the board: an empty board's
    footer offers Add and Import instead of the keys that need a card."""
    app, session = opened
    session.board.add_contact("Ada")
    return app, session


def bar(app) -> KeyBar:
    return app.screen.query_one(KeyBar)


def shown(app) -> str:
    return bar(app).render_line(0).text


async def test_each_screen_shows_its_own_keys(open_app):
    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        on_board = shown(app)
        assert " a Add " in on_board and " c Call " in on_board
        assert on_board.rstrip().endswith("▏^p palette")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert " esc Back " in shown(app) and " ⏎ Edit entry " in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert shown(app) == on_board


async def test_a_remapped_key_shows_as_remapped(open_app, config):
    config.keymap = {"log_call": "C"}
    app, _ = someone_on(open_app(cfg=config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert " C Call " in shown(app) and " c Call " not in shown(app)


async def test_clicking_a_key_presses_it(open_app):
    app, _ = someone_on(open_app())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        x = shown(app).index(" a Add ") + 1
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)


@pytest.mark.parametrize("width", [60, 80, 100, 120])
async def test_a_narrow_terminal_keeps_whole_keys_help_quit_and_the_palette(open_app, width):
    app, _ = someone_on(open_app())
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        line = shown(app)
        assert len(line) == width and line.rstrip().endswith(("▏^p palette", "▏^p"))
        left = line[: line.index("▏")].rstrip()
        described = {f" {k.display} {k.description}" for k in bar(app).keys}
        # only whole keys: every "key description" pair drawn is one of the keys
        pairs = [p for p in left.split("  ") if p.strip()]
        assert pairs and all(f" {p.strip()}" in described for p in pairs)
        # the keys left out are the least important: help and quit stay,
        # then moving a card, adding, opening, undo and the filter
        assert " ? Help " in line and " q Quit " in line
        assert " ] Promote " in line and " [ Demote " in line and " a Add " in line
        if width >= 80:
            assert " u Undo " in line and " / Filter " in line


async def test_whole_keys_stay_in_their_usual_order(open_app):
    app, _ = someone_on(open_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = shown(app)
        order = [f" {k.display} {k.description} " for k in bar(app).keys]
        drawn = [key for key in order if key in line]
        assert sorted(drawn, key=line.index) == drawn
        assert len(drawn) < len(order)  # some were left out at 80 columns


async def test_coming_back_to_a_screen_does_not_redraw_its_keys(open_app, monkeypatch):
    """Textual's footer rebuilt every key each time a screen came back."""
    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = bar(app).keys
        refreshed = []
        monkeypatch.setattr(KeyBar, "refresh", lambda self, *a, **k: refreshed.append(self))
        for _ in range(2):
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        assert bar(app).keys is keys
        assert bar(app) not in refreshed
