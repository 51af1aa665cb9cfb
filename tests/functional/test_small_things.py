"""Small things a user of a polished app expects (issue 16, section 6):
a double click opens a card, and the palette offers "Keys" once."""

from __future__ import annotations

from board.ui.screens.board import BoardScreen
from board.ui.screens.contact import ContactScreen
from board.ui.widgets.card_list import CardList

SIZE = (80, 24)


async def test_a_double_click_on_a_card_opens_the_person(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada Lovelace")
    grace = session.board.add_contact("Grace Hopper")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column = app.screen.query(CardList).first()
        await pilot.click(column, offset=(3, 1))  # one click: selects, stays on the board
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        clicked = app.screen.current_id
        assert clicked in (ada.id, grace.id)
        await pilot.double_click(column, offset=(3, 1))
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == clicked  # the person double-clicked


async def test_the_palette_offers_keys_once(open_app):
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles  # Textual's own, which would stand beside the board's
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "keys":
            await pilot.press(key)
        await pilot.pause(0.3)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        assert sum(text.startswith("Keys") for text in shown) == 1, shown


def footer(app) -> str:
    return app.screen.query_one("KeyBar").render_line(0).text


async def test_an_empty_board_offers_add_and_import_not_card_keys(open_app):
    from board.ui.screens.backup import ImportScreen

    app, session = open_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        shown = footer(app)
        assert "Add" in shown and "Import" in shown
        assert "Promote" not in shown and "Call" not in shown
        await pilot.press("right_square_bracket")  # nothing to promote: not even a toast
        await pilot.pause()
        assert not list(app.screen.query("Toast"))
        session.board.add_contact("Ada Lovelace")
        await pilot.pause()
        shown = footer(app)
        assert "Promote" in shown and "Call" in shown and "Import" not in shown
        session.board.archive(next(iter(session.board.contacts)))
        await pilot.pause()
        assert "Import" in footer(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)


async def test_an_empty_column_says_so_in_whole_words_at_80x24(open_app):
    """At 80 columns "press a to add someone" wraps under itself, never cut
    to "press a to" (or "no one here yet" to "no one her")."""
    from tests.functional.test_card_list import column_text

    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first, second = list(app.screen.query(CardList))[:2]
        def said(column: CardList) -> str:
            return " ".join(" ".join(column_text(app, column)).split())

        assert said(first) == "press a to add someone"
        assert said(second) == "no one here yet"
