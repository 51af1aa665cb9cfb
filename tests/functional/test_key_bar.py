"""The key bar keeps its keys while what it shows is the same."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from board.ui.screens.contact import ContactScreen
from board.ui.widgets.key_bar import KeyBar
from tests.functional.conftest import SIZE


def keys(screen) -> list[FooterKey]:
    return list(screen.query_one(KeyBar).query(FooterKey))


async def test_coming_back_to_a_screen_keeps_its_keys(open_app):
    """Textual's footer rebuilds every key each time a screen comes back."""
    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        on_board = keys(app.screen)
        assert any(k.description == "Call" for k in on_board)
        await pilot.press("enter")
        await pilot.pause()
        on_person = keys(app.screen)
        for _ in range(2):
            await pilot.press("escape")
            await pilot.pause()
            assert keys(app.screen) == on_board  # the same widgets, not rebuilt
            await pilot.press("right", "left", "enter")
            await pilot.pause()
            assert keys(app.screen) == on_person


async def test_the_keys_follow_the_screen_and_the_keymap(open_app, config):
    config.keymap = {"log_call": "C"}
    app, session = open_app(cfg=config)
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {k.description: k.key_display for k in keys(app.screen)}
        assert shown["Call"] == "C"
        app.screen.focus_card(ada.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        descriptions = [k.description for k in keys(app.screen)]
        assert "Edit entry" in descriptions and "Back" in descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert "Edit entry" not in [k.description for k in keys(app.screen)]
