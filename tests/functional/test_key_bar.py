"""The key bar: the screen's keys on one line, clickable, remappable."""

from __future__ import annotations

from board.ui.screens.contact import ContactScreen
from board.ui.screens.contact_form import ContactForm
from board.ui.widgets.key_bar import KeyBar
from tests.functional.conftest import SIZE


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
    app, _ = open_app(cfg=config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert " C Call " in shown(app) and " c Call " not in shown(app)


async def test_clicking_a_key_presses_it(open_app):
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        x = shown(app).index(" a Add ") + 1
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)


async def test_a_narrow_terminal_keeps_whole_keys_and_the_palette(open_app):
    app, _ = open_app()
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        line = shown(app)
        assert len(line) == 60 and line.endswith("▏^p palette ")
        left = line[: line.index("▏")].rstrip()
        described = {f" {k.display} {k.description}" for k in bar(app).keys}
        # only whole keys: every "key description" pair drawn is one of the keys
        pairs = [p for p in left.split("  ") if p.strip()]
        assert pairs and all(f" {p.strip()}" in described for p in pairs)


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
