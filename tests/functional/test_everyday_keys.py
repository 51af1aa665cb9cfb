"""Keys and focus that never surprise (issue 16, section 4), at 80x24."""

from __future__ import annotations

from board.ui.screens.board import BoardScreen

SMALL = (80, 24)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_redo_puts_back_one_undo_too_many_and_says_what(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.press("u", "u")
        assert session.board.contacts[ada.id].rung == "follower"
        await pilot.press("U")
        assert session.board.contacts[ada.id].rung == "engaged"
        assert "Redo promote Ada to Engaged." in toasts(app)
        assert isinstance(app.screen, BoardScreen) and app.screen.current_id == ada.id
        await pilot.press("ctrl+r")
        assert session.board.contacts[ada.id].rung == "conversation"
        await pilot.press("U")
        assert "Nothing to redo." in toasts(app)


async def test_redo_is_remappable(db_path, config, open_app):
    from dataclasses import replace

    app, session = open_app(cfg=replace(config, keymap={"redo": "R"}))
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("right_square_bracket", "u", "R")
        assert session.board.contacts[ada.id].rung == "engaged"
